import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  isFlapping,
  leadershipChanges,
  leadershipSegments,
  LockHistory,
  parseLeaderEvent,
  renewIntervals,
  transitionsPerHour,
  type LeaderEvent,
} from '../../../src/core';
import { leaderEvent } from '../../fixtures/locks';

const t0 = Date.parse('2026-11-23T20:00:00Z');
const MIN = 60_000;

function event(message: string, at: number): LeaderEvent {
  const e = parseLeaderEvent(leaderEvent(message, new Date(at).toISOString().replace('.000', '')));
  if (e === undefined) throw new Error(message);
  return e;
}

describe('LockHistory: renewals and renew intervals', () => {
  it('measures intervals between renewals of one holder, and restarts at a change of holder', () => {
    const h = new LockHistory();
    h.firstSeen(t0, 'a');
    h.renewed(t0 + 2000);
    h.renewed(t0 + 4000);
    h.holderChanged(t0 + 20_000, 'b', 'a');
    h.renewed(t0 + 22_500);
    // The first renewal after we started watching has no known start; b's acquisition is one.
    assert.deepEqual(renewIntervals(h), [
      { at: t0 + 4000, intervalMs: 2000 },
      { at: t0 + 22_500, intervalMs: 2500 },
    ]);
  });

  it('is bounded: keeps the newest renewals, and no interval reaches back past what was dropped', () => {
    const h = new LockHistory({ renewCapacity: 4 });
    h.firstSeen(t0, 'a');
    h.holderChanged(t0 + 1000, 'b', 'a');
    for (let i = 1; i <= 10; i++) h.renewed(t0 + 1000 + i * 2000);
    assert.deepEqual(h.renewals(), [t0 + 15_000, t0 + 17_000, t0 + 19_000, t0 + 21_000]);
    assert.equal(h.renewalsTruncated, true);
    assert.deepEqual(
      renewIntervals(h).map((r) => r.intervalMs),
      [2000, 2000, 2000],
    );
  });

  it('keeps at most changeCapacity holder changes', () => {
    const h = new LockHistory({ changeCapacity: 3 });
    for (let i = 0; i < 10; i++) h.holderChanged(t0 + i, `h${i}`, `h${i - 1}`);
    assert.deepEqual(
      h.changes().map((c) => c.holder),
      ['h7', 'h8', 'h9'],
    );
  });
});

describe('LockHistory: leadership segments and changes', () => {
  it('draws one segment per tenure; the holder found at first sight has an unknown start', () => {
    const h = new LockHistory();
    h.firstSeen(t0, 'a');
    h.holderChanged(t0 + 10_000, '', 'a'); // released
    h.holderChanged(t0 + 11_000, 'b', '');
    assert.deepEqual(leadershipSegments(h), [
      { holder: 'a', from: t0, to: t0 + 10_000, startKnown: false },
      { holder: 'b', from: t0 + 11_000, to: undefined, startKnown: true },
    ]);
  });

  it('a release taken back by the same holder is not a leadership change', () => {
    const h = new LockHistory();
    h.firstSeen(t0, 'a');
    h.holderChanged(t0 + 1000, '', 'a');
    h.holderChanged(t0 + 2000, 'a', '');
    h.holderChanged(t0 + 3000, 'b', 'a');
    assert.deepEqual(
      leadershipChanges(h).map((c) => [c.holder, c.at]),
      [['b', t0 + 3000]],
    );
  });

  it('counts leadership changes per hour over what we know, at least a minute', () => {
    const h = new LockHistory();
    h.firstSeen(t0, 'a');
    h.holderChanged(t0 + 10 * MIN, 'b', 'a');
    h.holderChanged(t0 + 20 * MIN, 'a', 'b');
    assert.equal(transitionsPerHour(h, t0 + 30 * MIN), 4); // 2 in the 30 minutes we watched
    assert.equal(transitionsPerHour(h, t0 + 70 * MIN), 1); // 1 in the last hour
    const fresh = new LockHistory();
    fresh.firstSeen(t0, 'a');
    fresh.holderChanged(t0 + 1000, 'b', 'a');
    assert.equal(transitionsPerHour(fresh, t0 + 2000), 60);
  });
});

describe('LockHistory: flapping', () => {
  function changes(count: number, everyMs: number): LockHistory {
    const h = new LockHistory();
    h.firstSeen(t0, 'h0');
    for (let i = 1; i <= count; i++) h.holderChanged(t0 + i * everyMs, `h${i % 2}`, `h${(i + 1) % 2}`);
    return h;
  }

  it('is flapping with more than 3 leadership changes in 10 minutes', () => {
    assert.equal(isFlapping(changes(4, MIN), t0 + 5 * MIN), true);
  });

  it('is not flapping with 3', () => {
    assert.equal(isFlapping(changes(3, MIN), t0 + 5 * MIN), false);
  });

  it('stops flapping once the changes are older than the window', () => {
    assert.equal(isFlapping(changes(4, MIN), t0 + 30 * MIN), false);
  });

  it('takes window and threshold from the options', () => {
    assert.equal(isFlapping(changes(2, MIN), t0 + 3 * MIN, { maxChanges: 1 }), true);
    assert.equal(isFlapping(changes(4, MIN), t0 + 5 * MIN, { windowMs: 90_000 }), false);
  });

  it('releases taken back by the same holder do not flap', () => {
    const h = new LockHistory();
    h.firstSeen(t0, 'a');
    for (let i = 1; i <= 10; i++) {
      h.holderChanged(t0 + i * 1000, '', 'a');
      h.holderChanged(t0 + i * 1000 + 500, 'a', '');
    }
    assert.equal(isFlapping(h, t0 + 20_000), false);
  });
});

describe('LockHistory: seeding from LeaderElection events', () => {
  it('puts events from before we watched in front of what we saw', () => {
    const h = new LockHistory();
    h.firstSeen(t0, 'a');
    const added = h.seed([
      event('x became leader', t0 - 100_000),
      event('x stopped leading', t0 - 50_000),
      event('a became leader', t0 - 49_000),
    ]);
    assert.equal(added, 3);
    assert.deepEqual(leadershipSegments(h), [
      { holder: 'x', from: t0 - 100_000, to: t0 - 50_000, startKnown: true },
      { holder: 'a', from: t0 - 49_000, to: undefined, startKnown: true },
    ]);
    assert.deepEqual(
      h.changes().map((c) => [c.source, c.holder, c.previousHolder]),
      [
        ['event', 'x', undefined],
        ['event', '', 'x'],
        ['event', 'a', 'x'],
        ['firstSeen', 'a', undefined],
      ],
    );
  });

  it('skips events already seeded, and events for changes the watch saw', () => {
    const h = new LockHistory();
    h.firstSeen(t0, 'a');
    h.holderChanged(t0 + 60_000, 'b', 'a');
    const events = [event('b became leader', t0 + 59_000), event('a became leader', t0 - 1000)];
    assert.equal(h.seed(events), 1);
    assert.equal(h.seed(events), 0);
    assert.equal(h.changes().length, 3);
  });

  it('a late "stopped leading" of the old holder does not end the new tenure', () => {
    const h = new LockHistory();
    h.seed([
      event('a became leader', t0),
      event('b became leader', t0 + 20_000),
      event('a stopped leading', t0 + 25_000),
    ]);
    assert.deepEqual(
      leadershipSegments(h).map((s) => [s.holder, s.to]),
      [
        ['a', t0 + 20_000],
        ['b', undefined],
      ],
    );
  });

  it('ignores events without a time', () => {
    const h = new LockHistory();
    assert.equal(h.seed([{ identity: 'a', transition: 'became', at: undefined, subject: undefined }]), 0);
  });
});
