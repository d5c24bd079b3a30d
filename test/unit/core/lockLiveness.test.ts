// The liveness verdict: is the holder alive, by what we saw and what its record says, kept apart
// from client-go's takeover clock. A table of cases, then properties over any evidence.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  countsAsStopped,
  DEFAULT_THRESHOLDS,
  formatTimeOfDay,
  lockState,
  lockVerdict,
  verdictCountsAsStopped,
  type LockEvidence,
  type LockStateKind,
  type Liveness,
} from '../../../src/core';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

function evidence(overrides: Partial<LockEvidence> = {}): LockEvidence {
  return {
    holder: 'held',
    problem: null,
    halvesDisagree: null,
    leaseDurationMs: 15 * S,
    renewTimeMs: T0 - 2 * S,
    observedTime: T0,
    changeSeen: false,
    firstSeen: T0,
    contextOffsetMs: null,
    flapping: null,
    stale: false,
    ...overrides,
  };
}

interface Case {
  readonly name: string;
  readonly e: Partial<LockEvidence>;
  /** Milliseconds after T0. */
  readonly at: number;
  readonly kind: LockStateKind;
  readonly liveness: Liveness;
  readonly summary: string | RegExp;
}

const cases: readonly Case[] = [
  {
    name: 'first seen a moment ago, renewed 2 s before by its record: not seen renewing yet, not green',
    e: {},
    at: 1 * S,
    kind: 'notSeenRenewing',
    liveness: 'notSeenRenewing',
    summary: 'not seen renewing yet',
  },
  {
    name: 'a change seen within the lease: renewing',
    e: { changeSeen: true, renewTimeMs: T0 },
    at: 3 * S,
    kind: 'renewing',
    liveness: 'renewing',
    summary: 'renewing',
  },
  {
    name: 'renewed 3 h ago by its record, 1 h lease, first seen now: probably stopped from the first second',
    e: { renewTimeMs: T0 - 3 * H, leaseDurationMs: H },
    at: 0,
    kind: 'probablyStopped',
    liveness: 'probablyStopped',
    summary: 'probably stopped: expired 2h ago by its record',
  },
  {
    name: 'record ran out within the skew tolerance: still not seen renewing yet',
    e: { renewTimeMs: T0 - 19 * S, leaseDurationMs: 15 * S },
    at: 0,
    kind: 'notSeenRenewing',
    liveness: 'notSeenRenewing',
    summary: 'not seen renewing yet',
  },
  {
    name: 'record ran out 40 s ago but the context’s holders write times 55 s behind ours: skew explains it',
    e: { renewTimeMs: T0 - 55 * S, leaseDurationMs: 15 * S, contextOffsetMs: -55 * S },
    at: 0,
    kind: 'notSeenRenewing',
    liveness: 'notSeenRenewing',
    summary: 'not seen renewing yet (clock skew?)',
  },
  {
    name: 'record ran out 40 s ago and the context keeps time with ours: probably stopped',
    e: { renewTimeMs: T0 - 55 * S, leaseDurationMs: 15 * S, contextOffsetMs: -20 },
    at: 0,
    kind: 'probablyStopped',
    liveness: 'probablyStopped',
    summary: 'probably stopped: expired 40s ago by its record',
  },
  {
    name: 'no change seen for a whole lease: expired (client-go’s verdict)',
    e: {},
    at: 15 * S,
    kind: 'expired',
    liveness: 'expired',
    summary: 'expired: no change seen for 15s',
  },
  {
    name: 'a probably stopped lock is expired once a lease has passed on our clock',
    e: { renewTimeMs: T0 - 3 * H, leaseDurationMs: H },
    at: H,
    kind: 'expired',
    liveness: 'expired',
    summary: 'expired: no change seen for 1h',
  },
  {
    name: 'seen renewing, past the expiring share: expiring, but still alive by the evidence',
    e: { changeSeen: true, renewTimeMs: T0 },
    at: 8 * S,
    kind: 'expiring',
    liveness: 'renewing',
    summary: 'expiring: 7s left',
  },
  {
    name: 'seen renewing but a change seen longer than a lease ago: expired',
    e: { changeSeen: true, renewTimeMs: T0 },
    at: 16 * S,
    kind: 'expired',
    liveness: 'expired',
    summary: 'expired: no change seen for 16s',
  },
  {
    name: 'flapping: the warning look with how many leaders',
    e: { changeSeen: true, renewTimeMs: T0, flapping: { leaders: 8, windowMs: 10 * MIN } },
    at: 1 * S,
    kind: 'flapping',
    liveness: 'renewing',
    summary: 'flapping: 8 leaders in 10 min',
  },
  {
    name: 'vacant',
    e: { holder: 'vacant', leaseDurationMs: 1 * S },
    at: 5 * S,
    kind: 'vacant',
    liveness: 'vacant',
    summary: 'vacant',
  },
  {
    name: 'a holder of the wrong type: unreadable holder, never vacant',
    e: { holder: 'unreadableHolder', problem: 'holderIdentity is a number (42), expected a string' },
    at: 0,
    kind: 'unreadable',
    liveness: 'unreadable',
    summary: 'unreadable holder',
  },
  {
    name: 'an annotation that is not JSON: unreadable record',
    e: { holder: 'unreadableRecord', problem: 'annotation is not valid JSON' },
    at: 0,
    kind: 'unreadable',
    liveness: 'unreadable',
    summary: 'unreadable record',
  },
  {
    name: 'MultiLock halves that disagree: a problem that says so, liveness still judged',
    e: { halvesDisagree: { primaryKind: 'ConfigMap', primaryHolder: 'old', leaseHolder: 'new' } },
    at: 1 * S,
    kind: 'problem',
    liveness: 'notSeenRenewing',
    summary: 'problem: halves disagree',
  },
  {
    name: 'disconnected: stale, saying what it was',
    e: { stale: true, renewTimeMs: T0 - 3 * H, leaseDurationMs: H },
    at: 0,
    kind: 'stale',
    liveness: 'stale',
    summary: 'stale (was probably stopped)',
  },
  {
    name: 'a renewTime in the future is skew, not a stopped holder',
    e: { renewTimeMs: T0 + 52 * MIN, leaseDurationMs: 15 * S },
    at: 1 * S,
    kind: 'notSeenRenewing',
    liveness: 'notSeenRenewing',
    summary: 'not seen renewing yet',
  },
  {
    name: 'a missing lease duration is 0 s for client-go: expired at once',
    e: { leaseDurationMs: null },
    at: 0,
    kind: 'expired',
    liveness: 'expired',
    summary: 'expired: no change seen for 0ms',
  },
  {
    name: 'metadata only: unknown',
    e: { holder: 'noRecord', renewTimeMs: null, leaseDurationMs: null },
    at: 0,
    kind: 'unknown',
    liveness: 'unknown',
    summary: 'no record read',
  },
];

describe('liveness verdict (lockState)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const s = lockState(evidence(c.e), T0 + c.at);
      assert.equal(s.kind, c.kind);
      assert.equal(s.liveness, c.liveness);
      if (typeof c.summary === 'string') assert.equal(s.summary, c.summary);
      else assert.match(s.summary, c.summary);
      assert.equal(s.healthy, c.kind === 'renewing', 'only renewing is drawn healthy');
    });
  }

  it('says how long ago the record ran out and until when the takeover clock still counts it held', () => {
    const s = lockState(evidence({ renewTimeMs: T0 - 3 * H - 18 * MIN, leaseDurationMs: H }), T0 + 5 * S);
    assert.equal(
      s.reason,
      `probably stopped: no renewal seen; by its record it expired 2h 18m ago — client-go's rule still counts it held until ${formatTimeOfDay(T0 + H, T0)}, 1h after we first saw it.`,
    );
    assert.equal(s.expiredByRecordMs, 2 * H + 18 * MIN + 5 * S);
  });

  it('says which explanation it chose and why: skew explains, or skew is ruled out', () => {
    const explained = lockState(
      evidence({ renewTimeMs: T0 - 55 * S, leaseDurationMs: 15 * S, contextOffsetMs: -55 * S }),
      T0,
    );
    assert.match(
      explained.reason,
      /write times 55s behind this machine's clock .* clock skew is the likelier explanation/,
    );
    assert.deepEqual(explained.skew, { verdict: 'explains', contextOffsetMs: -55 * S });
    const ruledOut = lockState(evidence({ renewTimeMs: T0 - 55 * S, leaseDurationMs: 15 * S, contextOffsetMs: 0 }), T0);
    assert.match(
      ruledOut.reason,
      /Clock skew does not explain it: the holders in its context write times in step with this machine's clock/,
    );
    assert.equal(ruledOut.skew?.verdict, 'ruledOut');
  });

  it('moves with the user’s expiring threshold', () => {
    const e = evidence({ changeSeen: true, renewTimeMs: T0 });
    assert.equal(lockState(e, T0 + 4 * S, { ...DEFAULT_THRESHOLDS, expiringShare: 0.2 }).kind, 'expiring');
    assert.equal(lockState(e, T0 + 4 * S).kind, 'renewing');
  });

  it('dates very old renewals instead of counting days', () => {
    const renew = Date.parse('2019-08-14T12:00:00Z');
    const s = lockState(evidence({ renewTimeMs: renew, leaseDurationMs: 15 * S }), T0);
    assert.match(s.summary, /^probably stopped: expired on 2019-08-1\d, 7\.3 years ago by its record$/);
  });

  it('counts heartbeats as stopped the same way, connected or not', () => {
    const dead = evidence({ renewTimeMs: T0 - 3 * MIN, leaseDurationMs: 40 * S });
    assert.equal(countsAsStopped(dead, T0), true, 'from the first draw');
    assert.equal(countsAsStopped({ ...dead, stale: true }, T0), true);
    assert.equal(countsAsStopped(evidence({ renewTimeMs: T0 - 3 * S, leaseDurationMs: 40 * S }), T0), false);
  });
});

describe('liveness verdict properties', () => {
  const lease = fc.integer({ min: 1, max: 3600 }).map((s) => s * S);
  const offset = fc.option(fc.integer({ min: -10 * MIN, max: 10 * MIN }), { nil: null });

  it('a lock whose record expired long ago and was never seen renewing is never drawn healthy', () => {
    fc.assert(
      fc.property(
        lease,
        fc.integer({ min: 0, max: 1000 * H }),
        fc.integer({ min: 0, max: 2 * H }),
        fc.option(fc.integer({ min: 0, max: 5 * MIN }), { nil: null }),
        (leaseMs, expiredFor, watched, absOffset) => {
          // Its record ran out well before we first saw it, beyond the tolerance and any measured
          // offset of the context's clocks (which is then small).
          const renewTimeMs = T0 - leaseMs - DEFAULT_THRESHOLDS.skewToleranceMs - 1 - expiredFor - (absOffset ?? 0);
          const e = evidence({
            renewTimeMs,
            leaseDurationMs: leaseMs,
            contextOffsetMs: absOffset === null ? null : 0,
          });
          const s = lockState(e, T0 + watched);
          assert.notEqual(s.kind, 'renewing');
          assert.equal(s.healthy, false);
          assert.ok(s.kind === 'probablyStopped' || s.kind === 'expired', `${s.kind}: ${s.reason}`);
        },
      ),
    );
  });

  it('a lock seen renewing within its lease is never "probably stopped"', () => {
    fc.assert(
      fc.property(
        lease,
        fc.integer({ min: -1000 * H, max: 1000 * H }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        offset,
        fc.boolean(),
        (leaseMs, renewShift, share, contextOffsetMs, flapping) => {
          const e = evidence({
            changeSeen: true,
            renewTimeMs: T0 + renewShift,
            leaseDurationMs: leaseMs,
            contextOffsetMs,
            flapping: flapping ? { leaders: 5, windowMs: 10 * MIN } : null,
          });
          const s = lockState(e, T0 + Math.floor(leaseMs * share));
          assert.notEqual(s.kind, 'probablyStopped');
          assert.notEqual(s.liveness, 'probablyStopped');
          assert.equal(s.liveness, 'renewing');
        },
      ),
    );
  });

  it('only a lock seen renewing is healthy, whatever the evidence', () => {
    fc.assert(
      fc.property(
        fc.record({
          holder: fc.constantFrom('held', 'vacant', 'unreadableHolder', 'unreadableRecord', 'noRecord'),
          leaseDurationMs: fc.option(lease, { nil: null }),
          renewTimeMs: fc.option(fc.integer({ min: T0 - 1000 * H, max: T0 + H }), { nil: null }),
          observedTime: fc.option(fc.integer({ min: T0 - 2 * H, max: T0 }), { nil: null }),
          changeSeen: fc.boolean(),
          contextOffsetMs: offset,
          stale: fc.boolean(),
        }),
        (partial) => {
          const e = evidence({ ...partial, firstSeen: partial.observedTime });
          const s = lockState(e, T0);
          if (s.healthy) {
            assert.equal(e.changeSeen, true);
            assert.equal(e.holder, 'held');
            assert.equal(e.stale, false);
          }
          if ((e.holder === 'unreadableHolder' || e.holder === 'unreadableRecord') && !e.stale)
            assert.equal(s.kind, 'unreadable', 'never vacant');
        },
      ),
    );
  });
});

describe('when a verdict may next change by time alone (nextChangeAt)', () => {
  const lease = fc.integer({ min: 1, max: 3600 }).map((s) => s * S);
  const anyEvidence = fc.record({
    holder: fc.constantFrom('held', 'held', 'held', 'vacant', 'unreadableHolder', 'noRecord'),
    problem: fc.constantFrom(null, null, null, 'leaseDurationSeconds is negative'),
    leaseDurationMs: fc.option(lease, { nil: null }),
    renewTimeMs: fc.option(fc.integer({ min: T0 - 2 * H, max: T0 + MIN }), { nil: null }),
    observedTime: fc.option(fc.integer({ min: T0 - 2 * H, max: T0 }), { nil: null }),
    changeSeen: fc.boolean(),
    contextOffsetMs: fc.option(fc.integer({ min: -10 * MIN, max: 10 * MIN }), { nil: null }),
    flapping: fc.constantFrom(null, { leaders: 4, windowMs: 10 * MIN }),
    stale: fc.boolean(),
  });

  it('keeps the same verdict (and the same stopped count) at every moment before it', () => {
    fc.assert(
      fc.property(
        anyEvidence,
        fc.integer({ min: 0, max: 3 * H }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (partial, at, share) => {
          const e = evidence({ ...partial, firstSeen: partial.observedTime });
          const now = T0 + at;
          const v = lockVerdict(e, now);
          const horizon = v.nextChangeAt ?? now + 10 * H;
          assert.ok(horizon >= now, `nextChangeAt ${v.nextChangeAt} is not in the past of ${now}`);
          const later = now + Math.floor((horizon - now) * share * 0.999999);
          if (later >= horizon) return;
          const w = lockVerdict(e, later);
          assert.equal(w.kind, v.kind, `kind at +${later - now} ms`);
          assert.equal(w.liveness, v.liveness);
          assert.equal(verdictCountsAsStopped(w), verdictCountsAsStopped(v));
          assert.equal(verdictCountsAsStopped(v), countsAsStopped(e, now));
        },
      ),
    );
  });

  it('a stopped verdict stays stopped as time passes', () => {
    fc.assert(
      fc.property(
        anyEvidence,
        fc.integer({ min: 0, max: 3 * H }),
        fc.integer({ min: 0, max: 100 * H }),
        (partial, at, more) => {
          const e = evidence({ ...partial, firstSeen: partial.observedTime });
          if (countsAsStopped(e, T0 + at)) assert.equal(countsAsStopped(e, T0 + at + more), true);
        },
      ),
    );
  });

  it('is the moment a silent heartbeat turns expired, and none once it has', () => {
    const e = evidence({ changeSeen: true, renewTimeMs: T0, leaseDurationMs: 40 * S });
    assert.equal(lockVerdict(e, T0 + S).nextChangeAt, T0 + 20 * S, 'expiring at half the lease');
    assert.equal(lockVerdict(e, T0 + 25 * S).nextChangeAt, T0 + 40 * S);
    assert.equal(lockVerdict(e, T0 + 41 * S).kind, 'expired');
    assert.equal(lockVerdict(e, T0 + 41 * S).nextChangeAt, undefined);
  });
});
