import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { stringify } from 'yaml';
import { displayText, shortIdentity } from '../../../src/core';
import { leaseHoverMarkdown } from '../../../src/ui/hover/leaseHoverText';
import { lockDetail, lockRow } from '../../../src/ui/dashboard/lockRows';
import { presentLock } from '../../../src/ui/shared/lockPresentation';
import { lockTooltipMarkdown } from '../../../src/ui/shared/lockTooltip';
import { findYamlLocks } from '../../../src/ui/hover/yamlLocks';
import {
  conflictMessage,
  doneMessage,
  releaseConfirmation,
  takeOverConfirmation,
} from '../../../src/ui/writes/writeConfirmation';
import { schedulerLease } from '../../fixtures/locks';
import { HOSTILE_HOLDERS } from '../../fixtures/hostile/holders';
import { storeSetup } from './uiFixtures';

// A CommonMark renderer at its most permissive (raw HTML on, bare URLs linked): if hostile text
// stays inert here, it stays inert in VS Code's hovers and tooltips, which allow less.
const markdown = new MarkdownIt({ html: true, linkify: true });

/** What rendered Markdown makes live: links, images, raw HTML elements. */
function liveParts(source: string): { links: string[]; images: number; html: number } {
  const html = markdown.render(source);
  return {
    links: [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!),
    images: (html.match(/<img\b/g) ?? []).length,
    html: (html.match(/<(script|iframe|svg|style|div|span|img)\b/g) ?? []).length,
  };
}

// U+200D joins emoji: allowed there.
const RAW_CONTROL_OR_BIDI =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function snapshotFor(holder: string) {
  const { put, snapshot, time } = storeSetup();
  const key = put(schedulerLease({ holderIdentity: holder })).lock.view.key;
  return { s: snapshot(key), now: time.now(), key };
}

function hoverFor(holder: string): string {
  const text = stringify(schedulerLease({ holderIdentity: holder }));
  const [lock] = findYamlLocks(text);
  assert.ok(lock, 'the YAML lock is found');
  return leaseHoverMarkdown({
    lock,
    now: Date.UTC(2026, 10, 23, 20, 10, 13),
    live: [],
    availability: 'notConnected',
    contexts: [],
  });
}

describe('Hostile holder identities (test/fixtures/hostile/holders.ts) on every surface', () => {
  const benign = snapshotFor('node-a');
  const baseline = {
    tooltip: liveParts(lockTooltipMarkdown(benign.s, benign.now)),
    hover: liveParts(hoverFor('node-a')),
  };

  for (const { id, holder, danger } of HOSTILE_HOLDERS) {
    describe(`${id}: never ${danger}`, () => {
      const { s, now, key } = snapshotFor(holder);
      const shown = displayText(holder);

      it('the tree item: the description shows the holder as visible, bounded text (shortened in the middle)', () => {
        const p = presentLock(s, now);
        assert.ok(p.description.includes(shortIdentity(shown)), p.description);
        assert.doesNotMatch(p.description, RAW_CONTROL_OR_BIDI);
        assert.ok(!p.description.includes('\n'));
        assert.ok(p.description.length < 400, `${p.description.length} characters`);
      });

      it('the tooltip and the YAML hover: no link, image or HTML beyond those of a plain holder', () => {
        for (const [surface, source, base] of [
          ['tooltip', lockTooltipMarkdown(s, now), baseline.tooltip],
          ['hover', hoverFor(holder), baseline.hover],
        ] as const) {
          const live = liveParts(source);
          assert.deepEqual(live, base, `${surface}: ${source}`);
          assert.doesNotMatch(source, RAW_CONTROL_OR_BIDI, surface);
          assert.ok(source.length < 5_000, `${surface}: ${source.length} characters`);
        }
      });

      it('the dashboard rows carry the holder as displayText made it (the page sets it as text)', () => {
        assert.equal(lockRow(s).holder, shown);
        assert.equal(lockDetail(s).record['holderIdentity'], shown);
      });

      it('the dialogs: one line per fact, the holder visible, nothing raw', () => {
        const seen = { view: s.lock.view, health: s.health, disconnected: false };
        const texts = [
          releaseConfirmation(key, seen, '7', now),
          takeOverConfirmation(key, seen, holder, '7', now),
        ].flatMap((r) => [r.message, ...r.detail.split('\n\n')]);
        texts.push(conflictMessage(s.lock.view, 'release', now), doneMessage('takeOver', s.lock.view, holder));
        for (const t of texts) {
          assert.ok(!t.includes('\n'), `a holder cannot add a line: ${JSON.stringify(t)}`);
          assert.doesNotMatch(t, RAW_CONTROL_OR_BIDI);
          assert.ok(t.length < 2_000);
        }
        assert.ok(texts[0]!.includes(shown), texts[0]);
      });
    });
  }

  it('leaves legitimate unicode alone: the emoji holder is shown exactly', () => {
    const emoji = HOSTILE_HOLDERS.find((h) => h.id === 'emoji')!.holder;
    assert.equal(displayText(emoji), emoji);
  });
});
