// The timeline handed to a postmortem: holder changes in order with both clocks, renew intervals
// against the lease and the renew deadline, flapping, skew, and who released or took over from
// Lease Lens — as Markdown a hostile holder cannot add rows, links or sections to, and as JSON.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import {
  buildTimeline,
  intervalStats,
  nearestRank,
  timelineJson,
  timelineMarkdown,
  type HolderChange,
  type TimelineInput,
} from '../../../src/core';
import { HOSTILE_HOLDERS } from '../../fixtures/hostile/holders';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const S = 1000;
const KEY = 'prod/Lease/shop/payment-gateway';

function input(overrides: Partial<TimelineInput> = {}): TimelineInput {
  return {
    key: KEY,
    exportedAt: T0 + 3600 * S,
    generator: 'Lease Lens 0.1.0',
    now: {
      holder: 'payment-gateway-84f6d7c5b-q7d3x_2c1d',
      state: 'renewing',
      reason: 'renewing: we saw the record change just now, within its 15s lease.',
      leaseDurationMs: 15 * S,
      transitions: 7,
      acquireTime: T0 + 1800 * S,
      renewTime: T0 + 3599 * S,
      resourceVersion: '20931',
    },
    changes: [],
    intervals: [],
    writes: [],
    skews: [],
    flaps: [],
    leaseDurationMs: 15 * S,
    ...overrides,
  };
}

const observed = (at: number, holder: string, previousHolder: string, transitions?: number): HolderChange => ({
  at,
  holder,
  previousHolder,
  source: 'observed',
  recordTime: at - 250,
  ...(transitions === undefined ? {} : { transitions }),
});
const event = (at: number, holder: string): HolderChange => ({
  at,
  holder,
  previousHolder: undefined,
  source: 'event',
});

describe('timeline export', () => {
  it('lists holder changes in time order, each once, with both clocks; an Event fills in who led before', () => {
    const t = buildTimeline(
      input({
        changes: [
          observed(T0 + 600 * S, 'pod-c', 'pod-b', 6),
          event(T0, 'pod-a'),
          // The same change seen by the watch and told by an Event 0.3 s apart: once, the watch's.
          event(T0 + 300 * S + 300, 'pod-b'),
          observed(T0 + 300 * S, 'pod-b', 'pod-a', 5),
          // The same change from the journal and from the store: once.
          observed(T0 + 600 * S, 'pod-c', 'pod-b', 6),
          { at: T0 + 1 * S, holder: 'pod-a', previousHolder: undefined, source: 'firstSeen' },
        ],
      }),
    );
    assert.deepEqual(
      t.holderChanges.map((c) => [c.at, c.recordTime, c.from, c.to, c.transitions, c.seenBy]),
      [
        ['2026-11-23T09:00:00.000Z', null, '', 'pod-a', null, 'event'],
        ['2026-11-23T09:05:00.000Z', '2026-11-23T09:04:59.750Z', 'pod-a', 'pod-b', 5, 'watch'],
        ['2026-11-23T09:10:00.000Z', '2026-11-23T09:09:59.750Z', 'pod-b', 'pod-c', 6, 'watch'],
      ],
    );
  });

  it('renew intervals: min, median, p99 and max against the lease and the renew deadline, the slow ones listed', () => {
    const intervals = Array.from({ length: 200 }, (_, i) => ({ at: T0 + i * 2 * S, ms: 2 * S + (i % 10) * 10 }));
    intervals.push({ at: T0 + 500 * S, ms: 11 * S }, { at: T0 + 520 * S, ms: 16 * S });
    const t = buildTimeline(input({ intervals }));
    assert.deepEqual(t.renewIntervals.stats, { count: 202, minMs: 2000, medianMs: 2050, p99Ms: 2090, maxMs: 16000 });
    assert.equal(t.renewDeadlineMs, 10 * S, 'two thirds of the lease, as client-go defaults');
    assert.deepEqual(
      t.renewIntervals.overRenewDeadline.map((s) => s.ms),
      [11 * S, 16 * S],
    );
    assert.equal(t.renewIntervals.overLease, 1);
    const md = timelineMarkdown(t);
    assert.match(md, /\| 202 \| 2\.0s \| 2\.0s \| 2\.0s \| 16s \| 15s \| 10s \|/);
    assert.match(
      md,
      /Longer than the renew deadline \(a holder this slow gives up leading\): 2, of which 1 longer than the whole lease\./,
    );
  });

  it('reads as a document: sections in order, writes with who did them, the lock gone when it is', () => {
    const md = timelineMarkdown(
      buildTimeline(
        input({
          now: undefined,
          changes: [observed(T0, 'lease-lens-alice', 'pod-a', 8)],
          writes: [
            {
              at: T0 - 200,
              action: 'takeOver',
              user: 'alice@example.com',
              userSource: 'SelfSubjectReview',
              before: 'pod-a',
              after: 'lease-lens-alice',
              resourceVersion: '100',
              writtenResourceVersion: '101',
              outcome: 'written',
            },
          ],
          skews: [{ from: T0, to: T0 + 60 * S, kind: 'ageMismatch', skewMs: -20 * S }],
          flaps: [{ from: T0, to: T0 + 120 * S, leaders: 6 }],
        }),
      ),
    );
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    assert.deepEqual(headings, [
      '# Lock timeline: Lease shop/payment\\-gateway',
      '## Now',
      '## Holder changes',
      '## Renew intervals',
      '## Flapping',
      '## Clock skew',
      '## Release and Take Over from Lease Lens',
    ]);
    assert.match(md, /The lock no longer exists/);
    assert.match(
      md,
      /\| 2026-11-23T08:59:59\.800Z \| Take Over \| alice\\@example\\\.com \(SelfSubjectReview\) \| pod\\-a \| lease\\-lens\\-alice \| 100 → 101 \| written \|/,
    );
    assert.match(md, /- 2026-11-23T09:00:00\.000Z – 2026-11-23T09:02:00\.000Z: up to 6 leaders in 10 minutes/);
    assert.match(md, /the holder's clock off by 20s \(behind\)/);
  });

  it('no hostile holder, context or reason adds a row, a cell, a link, an image, HTML, emphasis or a heading', () => {
    const render = new MarkdownIt({ html: true, linkify: true });
    const holders = [
      ...HOSTILE_HOLDERS.map((h) => h.holder),
      'x | injected | row |',
      'a\n# Injected heading',
      'a\r\n| 1 | 2 | 3 | 4 | 5 | 6 | 7 |',
      '[click](https://evil.example)',
      'https://evil.example/autolinked',
      '`code` **bold** _em_',
    ];
    const shape = (md: string) => {
      const tokens = render.parse(md, {});
      const rows: number[] = [];
      let cells = 0;
      for (const t of tokens) {
        if (t.type === 'tr_open') cells = 0;
        if (t.type === 'td_open' || t.type === 'th_open') cells++;
        if (t.type === 'tr_close') rows.push(cells);
      }
      const inline = tokens.flatMap((t) => t.children ?? []).map((t) => t.type);
      return {
        headings: tokens.filter((t) => t.type === 'heading_open').length,
        rows,
        markup: inline.filter((t) =>
          ['link_open', 'image', 'html_inline', 'strong_open', 'em_open', 'code_inline'].includes(t),
        ),
        blocks: tokens.filter((t) => t.type === 'html_block' || t.type === 'fence' || t.type === 'code_block').length,
      };
    };
    const timeline = (holder: string) =>
      timelineMarkdown(
        buildTimeline(
          input({
            key: `ctx|${holder}/Lease/shop/payment-gateway`,
            generator: holder,
            now: { ...input().now!, holder, state: holder, reason: holder, resourceVersion: holder },
            changes: [observed(T0, holder, holder), event(T0 + 400 * S, holder)],
            writes: [
              {
                at: T0,
                action: 'release',
                user: holder,
                userSource: holder,
                before: holder,
                after: '',
                resourceVersion: holder,
                writtenResourceVersion: holder,
                outcome: 'failed',
                detail: holder,
              },
            ],
          }),
        ),
      );
    // The same document with a plain holder: what every hostile one must look like.
    const plain = shape(timeline('pod-a'));
    assert.equal(plain.headings, 7);
    for (const holder of holders) {
      const got = shape(timeline(holder));
      assert.deepEqual(got, plain, `with ${JSON.stringify(holder.slice(0, 60))}`);
    }
  });

  it('JSON keeps values exactly as read, and is the same timeline', () => {
    const holder = 'pod\n"quoted" | piped';
    const t = buildTimeline(input({ changes: [observed(T0, holder, 'pod-a')] }));
    const parsed = JSON.parse(timelineJson(t)) as typeof t;
    assert.equal(parsed.format, 'lease-lens.timeline');
    assert.equal(parsed.holderChanges[0]?.to, holder);
    assert.deepEqual(parsed, t);
  });
});

describe('interval statistics (nearest rank)', () => {
  it('median and p99 are values that were seen', () => {
    assert.deepEqual(intervalStats([3, 1, 2]), { count: 3, minMs: 1, medianMs: 2, p99Ms: 3, maxMs: 3 });
    assert.deepEqual(intervalStats([1, 2, 3, 4]), { count: 4, minMs: 1, medianMs: 2, p99Ms: 4, maxMs: 4 });
    assert.equal(intervalStats([]), undefined);
    assert.equal(intervalStats([Number.NaN, 5])?.count, 1);
  });

  it('min ≤ median ≤ p99 ≤ max, each one of the values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1 }), (values) => {
        const s = intervalStats(values)!;
        assert.ok(s.minMs <= s.medianMs && s.medianMs <= s.p99Ms && s.p99Ms <= s.maxMs);
        for (const v of [s.minMs, s.medianMs, s.p99Ms, s.maxMs]) assert.ok(values.includes(v));
        const sorted = [...values].sort((a, b) => a - b);
        assert.equal(nearestRank(sorted, 1), sorted[sorted.length - 1]);
      }),
    );
  });
});
