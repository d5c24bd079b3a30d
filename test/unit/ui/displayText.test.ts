import assert from 'node:assert/strict';
import fc from 'fast-check';
import { displayText, MAX_COMBINING_MARKS, MAX_DISPLAY_LENGTH } from '../../../src/core';
import { codeSpan, escapeMarkdown } from '../../../src/ui/shared/markdownText';
import MarkdownIt from 'markdown-it';

// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

describe('displayText: text from a cluster or a file, safe to show on one line', () => {
  it('leaves plain identities and legitimate unicode exactly as they are', () => {
    for (const t of [
      'node-a_4e1f0c3a',
      'kube-controller-manager',
      'nœud-ä',
      '节点-1',
      'node-👩‍💻-✅',
      'é (e + U+0301): e\u0301',
    ])
      assert.equal(displayText(t), t);
  });

  it('shows control characters as Control Pictures: a newline cannot fake a line, an escape sequence is inert', () => {
    assert.equal(displayText('a\nb'), 'a␊b');
    assert.equal(displayText('x\u0000\u001b[31m\u007f'), 'x␀␛[31m␡');
  });

  it('names invisible and reordering characters: a bidi override cannot disguise a name', () => {
    assert.equal(displayText('admin\u202egpj.exe'), 'admin<U+202E>gpj.exe');
    assert.equal(displayText('node\u200b-a'), 'node<U+200B>-a');
    assert.equal(displayText('\ufeffbom'), '<U+FEFF>bom');
    assert.equal(displayText('lone \ud800 surrogate'), 'lone <U+D800> surrogate');
  });

  it(`keeps at most ${MAX_COMBINING_MARKS} combining marks on a character`, () => {
    assert.equal(displayText(`Z${'\u0336'.repeat(300)}`), `Z${'\u0336'.repeat(MAX_COMBINING_MARKS)}`);
  });

  it(`cuts at ${MAX_DISPLAY_LENGTH} characters and says how much is not shown, never splitting a pair`, () => {
    assert.equal(displayText('x'.repeat(300)), `${'x'.repeat(MAX_DISPLAY_LENGTH)}… (44 more characters)`);
    const emoji = '😀'.repeat(200); // 400 UTF-16 units
    const shown = displayText(emoji);
    assert.ok(!/[\ud800-\udbff]…/.test(shown), 'no half surrogate before the ellipsis');
    assert.match(shown, /… \(\d+ more characters\)$/);
  });

  it('fuzzed: any string comes out bounded, with no raw control or invisible character (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (s) => {
        const out = displayText(s);
        assert.ok(out.length <= MAX_DISPLAY_LENGTH + 30, `${out.length}`);
        assert.doesNotMatch(out.replace(/\p{Extended_Pictographic}\u200d(?=\p{Extended_Pictographic})/gu, ''), RAW);
      }),
      { numRuns: 200 },
    );
  });

  it('fuzzed: escaped or code-spanned, no string renders as a link, image or HTML element (fast-check, markdown-it)', () => {
    const md = new MarkdownIt({ html: true, linkify: true });
    const tricky = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '`',
      '!',
      'command:x',
      'http://a.b',
      '$(trash)',
      '&lt;',
      '\\',
      '*',
      '_',
      '\n',
      ' ',
      'a',
      'img',
      'script',
      '=',
      '"',
    );
    const hostile = fc
      .array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(hostile, (s) => {
        for (const source of [`Holder: ${codeSpan(s)}`, `Note: ${escapeMarkdown(s)}`]) {
          const html = md.render(source);
          assert.doesNotMatch(html, /<a |<img|<script|<iframe/, `${JSON.stringify(s)} → ${html}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});
