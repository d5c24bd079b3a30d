// What is kept of each election beyond the window: bounded however long VS Code runs, written to
// a file per context and read back — and a file that is cut short, edited, foreign or from a newer
// version is ignored with one sentence saying why, never a crash.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HISTORY_FORMAT,
  JOURNAL_LIMITS,
  LockJournal,
  parseHistory,
  serializeHistory,
  type HolderChange,
  type JournalObservation,
  type JournalWrite,
} from '../../../src/core';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const S = 1000;
const CTX = 'arn:aws:eks:eu-west-1:123:cluster/prod';
const KEY = `${CTX}/Lease/shop/payment-gateway`;

function observation(overrides: Partial<JournalObservation> = {}): JournalObservation {
  return {
    key: KEY,
    leaseDurationMs: 15 * S,
    changes: [],
    intervals: [],
    skew: undefined,
    flapping: undefined,
    ...overrides,
  };
}

function change(at: number, holder: string, previousHolder = 'pod-a'): HolderChange {
  return { at, holder, previousHolder, source: 'observed', recordTime: at - 40, transitions: 3 };
}

function write(at: number): JournalWrite {
  return {
    at,
    action: 'release',
    user: 'alice@example.com',
    userSource: 'SelfSubjectReview',
    before: 'pod-a',
    after: '',
    resourceVersion: '1042',
    writtenResourceVersion: '1043',
    outcome: 'written',
  };
}

describe('LockJournal: what is kept of each election', () => {
  it('takes only what is new in the store’s history (changes, renew intervals), in time order', () => {
    const j = new LockJournal();
    const first = change(T0, 'pod-b');
    j.observe(observation({ changes: [{ ...first, source: 'firstSeen' }] }), T0);
    assert.deepEqual(j.entry(KEY)?.changes, [], 'the holder when first seen is not a change');
    assert.equal(
      j.observe(observation({ changes: [first], intervals: [{ at: T0 + 2 * S, intervalMs: 2 * S }] }), T0 + 2 * S),
      'major',
      'a holder change must not wait long to be written',
    );
    const renewed = j.observe(
      observation({
        changes: [first],
        intervals: [
          { at: T0 + 2 * S, intervalMs: 2 * S },
          { at: T0 + 4 * S, intervalMs: 2 * S },
        ],
      }),
      T0 + 4 * S,
    );
    assert.equal(renewed, 'minor', 'a renew interval is detail');
    assert.equal(j.observe(observation({ changes: [first] }), T0 + 5 * S), 'none');
    const e = j.entry(KEY);
    assert.equal(e?.changes.length, 1);
    assert.equal(e?.changes[0]?.recordTime, T0 - 40);
    assert.deepEqual(
      e?.intervals.map((i) => i.at),
      [T0 + 2 * S, T0 + 4 * S],
    );
    assert.deepEqual(j.takeDirty(), [CTX], 'the context is to be written');
    assert.deepEqual(j.takeDirty(), []);
  });

  it('skew and flapping are kept as periods, extended while they last', () => {
    const j = new LockJournal();
    const skew = { kind: 'ageMismatch' as const, skewMs: -20 * S };
    j.observe(observation({ skew }), T0);
    j.observe(observation({ skew: { ...skew, skewMs: -25 * S } }), T0 + 30 * S);
    j.observe(observation({ skew }), T0 + 10 * 60 * S);
    j.observe(observation({ flapping: { leaders: 4 } }), T0);
    j.observe(observation({ flapping: { leaders: 6 } }), T0 + 20 * S);
    const e = j.entry(KEY);
    assert.deepEqual(
      e?.skews.map((s) => [s.from - T0, s.to - T0, s.skewMs]),
      [
        [0, 30 * S, -25 * S],
        [10 * 60 * S, 10 * 60 * S, -20 * S],
      ],
    );
    assert.deepEqual(
      e?.flaps.map((f) => [f.from - T0, f.to - T0, f.leaders]),
      [[0, 20 * S, 6]],
    );
  });

  it('stays bounded however long it runs: a ring per lock, a cap per context dropping the least recently active', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 300 }), (locks, rounds) => {
        const j = new LockJournal();
        let t = T0;
        for (let r = 0; r < rounds; r++) {
          const n = r % locks;
          t += S;
          const key = `${CTX}/Lease/ns/lock-${n}`;
          j.observe(
            observation({
              key,
              changes: [change(t, `h-${r}`)],
              intervals: [{ at: t, intervalMs: 2 * S }],
              skew: r % 7 === 0 ? { kind: 'renewInFuture', skewMs: 9 * S } : undefined,
            }),
            t,
          );
          if (r % 3 === 0) j.recordWrite(key, write(t));
        }
        const entries = j.entries(CTX);
        assert.ok(entries.length <= JOURNAL_LIMITS.locks);
        for (const e of entries) {
          assert.ok(e.changes.length <= JOURNAL_LIMITS.changes);
          assert.ok(e.intervals.length <= JOURNAL_LIMITS.intervals);
          assert.ok(e.writes.length <= JOURNAL_LIMITS.writes);
          assert.ok(e.skews.length <= JOURNAL_LIMITS.skews);
        }
        // The most recently active lock is always kept.
        assert.equal(entries[0]?.key, `${CTX}/Lease/ns/lock-${(rounds - 1) % locks}`);
      }),
      { numRuns: 60 },
    );
  });

  it('oldest dropped first: a ring of changes keeps the newest, the cap drops the lock quiet longest', () => {
    const j = new LockJournal();
    for (let i = 0; i < JOURNAL_LIMITS.changes + 10; i++)
      j.observe(observation({ changes: [change(T0 + i * S, `h-${i}`)] }), T0 + i * S);
    const changes = j.entry(KEY)?.changes ?? [];
    assert.equal(changes.length, JOURNAL_LIMITS.changes);
    assert.equal(changes[0]?.holder, 'h-10');
    for (let i = 0; i < JOURNAL_LIMITS.locks; i++)
      j.observe(observation({ key: `${CTX}/Lease/x/l-${i}` }), T0 + 1e6 + i);
    assert.equal(j.entry(KEY), undefined, 'the quietest lock went first');
    assert.ok(j.entry(`${CTX}/Lease/x/l-0`));
  });

  it('an earlier session’s entries merge with this one’s: repeats once, bounds kept', () => {
    const earlier = new LockJournal();
    earlier.observe(observation({ changes: [change(T0, 'pod-b')] }), T0);
    earlier.recordWrite(KEY, write(T0 + S));
    const now = new LockJournal();
    now.observe(observation({ changes: [change(T0, 'pod-b'), change(T0 + 60 * S, 'pod-c', 'pod-b')] }), T0 + 60 * S);
    now.restore(CTX, earlier.entries(CTX));
    const e = now.entry(KEY);
    assert.deepEqual(
      e?.changes.map((c) => c.holder),
      ['pod-b', 'pod-c'],
    );
    assert.equal(e?.writes.length, 1);
    assert.deepEqual(
      [...(now.changesOf(CTX).get(KEY) ?? [])].map((c) => c.holder),
      ['pod-b', 'pod-c'],
    );
    now.restore('another', earlier.entries(CTX));
    assert.deepEqual(now.entries('another'), [], 'entries of another context are not taken');
  });
});

describe('history files: written, read back, and ignored when they are not ours', () => {
  function saved(j: LockJournal): string {
    return serializeHistory({ context: CTX, server: 'https://prod:6443', savedAt: T0, entries: j.entries(CTX) });
  }

  function journal(): LockJournal {
    const j = new LockJournal();
    j.observe(
      observation({
        changes: [change(T0, 'pod-b')],
        intervals: [{ at: T0 + 2 * S, intervalMs: 2 * S }],
        skew: { kind: 'renewInFuture', skewMs: 8 * S },
        flapping: { leaders: 5 },
      }),
      T0 + 2 * S,
    );
    j.recordWrite(KEY, write(T0 + 3 * S));
    return j;
  }

  it('reads back exactly what was written', () => {
    const j = journal();
    const read = parseHistory(saved(j), { context: CTX, server: 'https://prod:6443' });
    assert.ok(read.ok, read.ok ? '' : read.problem);
    assert.equal(read.dropped, 0);
    assert.deepEqual(read.history.entries, j.entries(CTX));
  });

  const ignored: readonly [string, string, RegExp][] = [
    ['a file cut short by a crash', '{"format":"lease-lens.history","version":1,"context', /not JSON/],
    ['not JSON at all', '\u0000\u0001garbage', /not JSON/],
    ['JSON that is not ours', '{"hello":"world"}', /not a Lease Lens history file/],
    ['an array', '[1,2,3]', /not a Lease Lens history file/],
    [
      'a newer version',
      JSON.stringify({ format: HISTORY_FORMAT, version: 9 }),
      /newer Lease Lens \(format version 9\)/,
    ],
    [
      'another context',
      JSON.stringify({ format: HISTORY_FORMAT, version: 1, context: 'dev' }),
      /another context \(dev\)/,
    ],
    [
      'the same context name on another cluster',
      JSON.stringify({
        format: HISTORY_FORMAT,
        version: 1,
        context: CTX,
        server: 'https://other:6443',
        savedAt: T0,
        locks: [],
      }),
      /pointed at https:\/\/other:6443, not https:\/\/prod:6443: another cluster/,
    ],
    [
      'no locks list',
      JSON.stringify({ format: HISTORY_FORMAT, version: 1, context: CTX, savedAt: T0 }),
      /no list of locks/,
    ],
  ];
  for (const [name, text, why] of ignored) {
    it(`ignores ${name}, saying why`, () => {
      const read = parseHistory(text, { context: CTX, server: 'https://prod:6443' });
      assert.equal(read.ok, false);
      assert.match(read.ok ? '' : read.problem, why);
    });
  }

  it('drops a lock entry that does not check out, keeping the others', () => {
    const file = JSON.parse(saved(journal())) as { locks: Record<string, unknown>[] };
    const good = file.locks[0]!;
    file.locks.push(
      { ...good, key: 'dev/Lease/shop/x' },
      { ...good, key: `${CTX}/Lease/shop/y`, changes: [{ at: 'yesterday', holder: 'x', source: 'observed' }] },
      { ...good, key: `${CTX}/Lease/shop/z`, writes: [{ ...write(T0), outcome: 'maybe' }] },
      { ...good, key: `${CTX}/Lease/shop/w`, intervals: [[T0, -5]] },
      { ...good, key: `${CTX}/Lease/shop/v`, lastActivity: Number.MAX_VALUE },
      { ...good, key: `${CTX}/Lease/shop/u`, changes: [{ at: T0, holder: 'x'.repeat(5000), source: 'observed' }] },
    );
    const read = parseHistory(JSON.stringify(file), { context: CTX });
    assert.ok(read.ok);
    assert.equal(read.dropped, 6);
    assert.deepEqual(
      read.history.entries.map((e) => e.key),
      [KEY],
    );
  });

  it('applies the bounds on reading too: a file edited to hold more is cut to the newest', () => {
    const file = JSON.parse(saved(journal())) as { locks: Record<string, unknown>[] };
    const good = file.locks[0]!;
    good.intervals = Array.from({ length: 1000 }, (_, i) => [T0 + i, 2000]);
    file.locks = Array.from({ length: JOURNAL_LIMITS.locks + 5 }, (_, i) => ({
      ...good,
      key: `${CTX}/Lease/a/l-${i}`,
    }));
    const read = parseHistory(JSON.stringify(file), { context: CTX });
    assert.ok(read.ok);
    assert.equal(read.history.entries.length, JOURNAL_LIMITS.locks);
    assert.equal(read.dropped, 5);
    assert.equal(read.history.entries[0]?.intervals.length, JOURNAL_LIMITS.intervals);
    assert.equal(read.history.entries[0]?.intervals[0]?.at, T0 + 1000 - JOURNAL_LIMITS.intervals);
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .jsonValue()
            .map((v) => JSON.stringify({ format: HISTORY_FORMAT, version: 1, context: CTX, savedAt: T0, locks: [v] })),
        ),
        (text) => {
          const read = parseHistory(text, { context: CTX });
          assert.equal(typeof read.ok, 'boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});
