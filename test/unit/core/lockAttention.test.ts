// Which locks need attention: the liveness verdict read for one question, the same on every
// surface. A table of cases, then the property the incremental count rests on: between now and
// attentionRecheckAt the answer does not change by time alone.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  attentionRecheckAt,
  DEFAULT_THRESHOLDS,
  lockAttention,
  MAX_RECHECK_MS,
  type AttentionReason,
  type LockEvidence,
  type LockRole,
} from '../../../src/core';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const S = 1000;
const H = 3_600_000;

function evidence(overrides: Partial<LockEvidence> = {}): LockEvidence {
  return {
    holder: 'held',
    problem: null,
    halvesDisagree: null,
    leaseDurationMs: 15 * S,
    renewTimeMs: T0,
    observedTime: T0,
    changeSeen: true,
    firstSeen: T0 - 60 * S,
    contextOffsetMs: null,
    flapping: null,
    stale: false,
    witnessedSkewMs: 0,
    ...overrides,
  };
}

interface Case {
  readonly name: string;
  readonly e: Partial<LockEvidence>;
  readonly at: number;
  readonly role?: LockRole;
  readonly reason: AttentionReason | undefined;
}

const cases: readonly Case[] = [
  { name: 'renewing: no', e: {}, at: 2 * S, reason: undefined },
  { name: 'expiring (a renewal a little late): no', e: {}, at: 10 * S, reason: undefined },
  { name: 'held, no change seen for a whole lease: expired', e: {}, at: 15 * S, reason: 'expired' },
  {
    name: 'first seen with a record that ran out hours ago: probably stopped, from the first draw',
    e: { changeSeen: false, renewTimeMs: T0 - 3 * H, leaseDurationMs: H, witnessedSkewMs: null },
    at: 0,
    reason: 'probablyStopped',
  },
  {
    name: 'the same, but the context’s clocks explain the gap: clock skew, not stopped',
    e: { changeSeen: false, renewTimeMs: T0 - 20 * S, contextOffsetMs: -30 * S, witnessedSkewMs: null },
    at: 0,
    reason: undefined,
  },
  { name: 'flapping', e: { flapping: { leaders: 6, windowMs: 600_000 } }, at: 2 * S, reason: 'flapping' },
  {
    name: 'MultiLock halves disagree',
    e: { halvesDisagree: { primaryKind: 'ConfigMap', primaryHolder: 'a', leaseHolder: 'b' } },
    at: 2 * S,
    reason: 'halvesDisagree',
  },
  { name: 'unreadable holder', e: { holder: 'unreadableHolder' }, at: 2 * S, reason: 'unreadable' },
  { name: 'unreadable record', e: { holder: 'unreadableRecord' }, at: 2 * S, reason: 'unreadable' },
  {
    name: 'another problem with the record',
    e: { problem: 'leaseDurationSeconds is negative' },
    at: 2 * S,
    reason: 'problem',
  },
  {
    name: 'renewTime a minute ahead of our clock: clock skew',
    e: { renewTimeMs: T0 + 60 * S },
    at: 1 * S,
    reason: 'clockSkew',
  },
  {
    name: 'a renewal seen whose renewTime was 20 s behind when we saw it: clock skew',
    e: { witnessedSkewMs: -20 * S },
    at: 2 * S,
    reason: 'clockSkew',
  },
  { name: 'vacant: no', e: { holder: 'vacant' }, at: 100 * S, reason: undefined },
  { name: 'metadata only: no', e: { holder: 'noRecord' }, at: 100 * S, reason: undefined },
  {
    name: 'a disconnected context says nothing about its locks now: no, even when it was expired',
    e: { stale: true },
    at: 100 * S,
    reason: undefined,
  },
  {
    name: 'a node heartbeat that stopped: not counted (the node controller’s business)',
    e: {},
    at: 100 * S,
    role: 'nodeHeartbeat',
    reason: undefined,
  },
  {
    name: 'an API server identity that stopped: not counted',
    e: {},
    at: 100 * S,
    role: 'apiServerIdentity',
    reason: undefined,
  },
  {
    name: 'a lock of another role (not an election by name) is judged',
    e: {},
    at: 100 * S,
    role: 'other',
    reason: 'expired',
  },
];

describe('lockAttention: which locks need a look', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(lockAttention(evidence(c.e), T0 + c.at, DEFAULT_THRESHOLDS, c.role), c.reason);
    });
  }

  it('evidence from before witnessedSkewMs existed (absent) reads as no skew witnessed', () => {
    const { witnessedSkewMs: _omitted, ...old } = evidence();
    assert.equal(lockAttention(old, T0 + 2 * S), undefined);
  });
});

describe('attentionRecheckAt: when the answer may next change by time alone', () => {
  it('a renewing lock is looked at again when its takeover clock runs out', () => {
    assert.equal(attentionRecheckAt(evidence(), T0 + 2 * S), T0 + 15 * S);
  });

  it('a lock with nothing due is looked at again within a minute (other locks move the context offset)', () => {
    const e = evidence({ leaseDurationMs: H });
    assert.equal(attentionRecheckAt(e, T0 + 2 * S), T0 + 2 * S + MAX_RECHECK_MS);
  });

  const arbitraryEvidence = fc.record({
    holder: fc.constantFrom('held', 'held', 'held', 'vacant', 'unreadableHolder') as fc.Arbitrary<
      LockEvidence['holder']
    >,
    leaseDurationMs: fc.option(fc.integer({ min: 0, max: 120 * S }), { nil: null }),
    renewOffset: fc.option(fc.integer({ min: -300 * S, max: 120 * S }), { nil: null }),
    observedOffset: fc.option(fc.integer({ min: -300 * S, max: 0 }), { nil: null }),
    changeSeen: fc.boolean(),
    contextOffsetMs: fc.option(fc.integer({ min: -120 * S, max: 120 * S }), { nil: null }),
    witnessedSkewMs: fc.option(fc.integer({ min: -60 * S, max: 60 * S }), { nil: null }),
    flapping: fc.boolean(),
    problem: fc.boolean(),
  });

  it('the answer at any time before the recheck is the answer now (any evidence)', () => {
    fc.assert(
      fc.property(
        arbitraryEvidence,
        fc.integer({ min: 0, max: 400 * S }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (a, later, shares) => {
          const e = evidence({
            holder: a.holder,
            leaseDurationMs: a.leaseDurationMs,
            renewTimeMs: a.renewOffset === null ? null : T0 + a.renewOffset,
            observedTime: a.observedOffset === null ? null : T0 + a.observedOffset,
            changeSeen: a.changeSeen,
            contextOffsetMs: a.contextOffsetMs,
            witnessedSkewMs: a.witnessedSkewMs,
            flapping: a.flapping ? { leaders: 5, windowMs: 600_000 } : null,
            problem: a.problem ? 'a problem' : null,
          });
          const now = T0 + later;
          const recheck = attentionRecheckAt(e, now);
          assert.ok(recheck > now, 'the recheck is in the future');
          const answer = lockAttention(e, now);
          for (const share of shares) {
            const t = now + Math.floor(share * (recheck - now - 1));
            assert.equal(lockAttention(e, t), answer, `at +${t - now} ms of ${recheck - now}`);
          }
          // Just before the recheck too: the boundary itself is where it may change.
          assert.equal(lockAttention(e, recheck - 1), answer);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
