import assert from 'node:assert/strict';
import { codeSpan, commandLink, escapeMarkdown } from '../../../../src/ui/shared/markdownText';

describe('Markdown from untrusted text', () => {
  it('escapes every character that could start markup, so a link stays text', () => {
    const evil = '[click](command:leaseLens.releaseLease?%5B%22x%22%5D)';
    const escaped = escapeMarkdown(evil);
    assert.equal(escaped, '\\[click\\]\\(command\\:leaseLens\\.releaseLease\\?\\%5B\\%22x\\%22\\%5D\\)');
    assert.ok(!/(^|[^\\])[[\]()]/.test(escaped), `unescaped bracket or parenthesis in ${escaped}`);
    assert.ok(escaped.includes('command\\:'), 'the scheme colon is escaped (no autolink)');
  });

  it('escapes HTML, entities, emphasis, headings and theme icons', () => {
    assert.equal(escapeMarkdown('<img src=x>'), '\\<img src\\=x\\>');
    assert.equal(escapeMarkdown('&#91;'), '\\&\\#91\\;');
    assert.equal(escapeMarkdown('*a* _b_ # c'), '\\*a\\* \\_b\\_ \\# c');
    assert.equal(escapeMarkdown('$(bug)'), '\\$\\(bug\\)');
    assert.equal(escapeMarkdown('https://evil.example'), 'https\\:\\/\\/evil\\.example');
  });

  it('keeps text on one line', () => {
    assert.equal(escapeMarkdown('a\n\n# b'), 'a  \\# b');
    assert.equal(codeSpan('a\r\nb'), '`a␍␊b`', 'line breaks in a value are shown, not followed');
  });

  it('puts text in a code span whose fence is longer than any backtick run inside', () => {
    assert.equal(codeSpan('node-a_1b2c'), '`node-a_1b2c`');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('a``b`'), '``` a``b` ```');
    assert.equal(codeSpan('`'), '`` ` ``');
    assert.equal(codeSpan('[x](command:y)'), '`[x](command:y)`');
  });

  it('says (empty) rather than an empty span', () => {
    assert.equal(codeSpan(''), '*(empty)*');
  });

  it('encodes command arguments as URI-encoded JSON', () => {
    const link = commandLink('leaseLens.releaseLease', ['ctx/Lease/ns/a b']);
    assert.equal(link, 'command:leaseLens.releaseLease?%5B%22ctx%2FLease%2Fns%2Fa%20b%22%5D');
    assert.deepEqual(JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))), ['ctx/Lease/ns/a b']);
  });
});
