// What the attention item and its tooltip say: the count, the locks (most urgent first), what is
// not counted — with names from the cluster escaped, so a hostile one cannot make a link.
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import {
  attentionItemText,
  attentionTooltip,
  MAX_TOOLTIP_LINES,
  type AttentionLine,
} from '../../../../src/ui/attention/attentionWording';
import { HOSTILE_HOLDERS } from '../../../fixtures/hostile/holders';

const line = (name: string, reason: AttentionLine['reason'], summary = reason as string): AttentionLine => ({
  key: `prod/Lease/shop/${name}`,
  context: 'prod',
  name: `Lease shop/${name}`,
  reason,
  summary,
});

describe('the attention item', () => {
  it('counts with a warning word, or says all is well, or that nothing is known', () => {
    assert.equal(attentionItemText(3, false), '$(warning) 3 locks need attention');
    assert.equal(attentionItemText(1, false), '$(warning) 1 lock needs attention');
    assert.equal(attentionItemText(0, false), '$(pass) Leader elections OK');
    assert.equal(attentionItemText(0, true), '$(debug-disconnect) Leader elections: disconnected');
  });

  it('lists the most urgent first, at most a dozen, and says what is not counted and not judged', () => {
    const lines = [
      line('skewed', 'clockSkew'),
      line('b-dead', 'probablyStopped', 'probably stopped: expired 2h ago by its record'),
      line('a-expired', 'expired'),
      ...Array.from({ length: 15 }, (_, i) => line(`flap-${String(i).padStart(2, '0')}`, 'flapping')),
    ];
    const md = attentionTooltip(lines, ['staging']);
    const items = md.split('\n').filter((l) => l.startsWith('- '));
    assert.equal(items.length, MAX_TOOLTIP_LINES + 1);
    assert.match(items[0]!, /^- Lease shop\\\/a\\-expired \(prod\) — expired$/);
    assert.match(items[1]!, /probably stopped\\: expired 2h ago by its record/);
    assert.equal(items[MAX_TOOLTIP_LINES], `- … and ${lines.length - MAX_TOOLTIP_LINES} more`);
    assert.match(md, /^\*\*18 locks need attention\*\*/);
    assert.match(md, /Not judged: staging is disconnected\./);
    assert.match(md, /Node heartbeats and API server identities are not/);
  });

  it('a hostile lock name, context or summary is text, never a link, image or HTML', () => {
    const render = new MarkdownIt({ html: true, linkify: true });
    for (const { holder } of HOSTILE_HOLDERS) {
      const md = attentionTooltip(
        [{ ...line('x', 'expired'), name: holder, summary: holder, context: holder }],
        [holder],
      );
      const inline = render.parse(md, {}).flatMap((t) => t.children ?? []);
      for (const bad of ['link_open', 'image', 'html_inline'])
        assert.equal(
          inline.filter((t) => t.type === bad).length,
          0,
          `${bad} from ${JSON.stringify(holder.slice(0, 40))}`,
        );
    }
  });
});
