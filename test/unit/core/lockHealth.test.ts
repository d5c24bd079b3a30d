import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { lockHealth, parseLockView, type LockView } from '../../../src/core';
import { configMapLock, schedulerLease } from '../../fixtures/locks';

const ctx = { context: 'c' };
function view(input: unknown, kind?: 'Lease'): LockView {
  const v = parseLockView(input, kind === undefined ? ctx : { ...ctx, kind });
  if (v === undefined) throw new Error('not a lock');
  return v;
}

// The lock renewed at 20:10:11.123 (holder's clock); we saw that change at t0 on ours.
const t0 = Date.parse('2026-11-23T20:10:11.500Z');
const held = view(schedulerLease());

describe('lockHealth: held locks, by observation (client-go: valid while observedTime + duration > now)', () => {
  const cases: [string, number, string, number | undefined][] = [
    ['just observed', 0, 'fresh', t0 + 7500],
    ['1 ms before half the duration', 7499, 'fresh', t0 + 7500],
    ['at half the duration (default expiring share 0.5)', 7500, 'expiring', t0 + 15000],
    ['1 ms before the duration has passed', 14999, 'expiring', t0 + 15000],
    ['exactly the duration later (client-go: no longer valid)', 15000, 'expired', undefined],
    ['long after', 3_600_000, 'expired', undefined],
  ];
  for (const [what, after, status, nextChangeAt] of cases) {
    it(`${what}: ${status}`, () => {
      const h = lockHealth({ view: held, observedTime: t0, observedChange: true }, t0 + after);
      assert.equal(h.status, status);
      assert.equal(h.nextChangeAt, nextChangeAt);
      assert.equal(h.expiresAt, t0 + 15000);
      assert.equal(h.observedAgeMs, after);
      assert.equal(h.consumedShare, after / 15000);
      assert.equal(h.unknownReason, undefined);
    });
  }

  it('takes the expiring share from the options', () => {
    assert.equal(lockHealth({ view: held, observedTime: t0 }, t0 + 10_000, { expiringShare: 0.8 }).status, 'fresh');
    assert.equal(lockHealth({ view: held, observedTime: t0 }, t0 + 12_000, { expiringShare: 0.8 }).status, 'expiring');
  });

  it('judges freshness by observation, not by renewTime: a lock first seen now is fresh whatever its record says', () => {
    const old = view(schedulerLease({ renewTime: '2026-11-20T00:00:00.000000Z' }));
    const h = lockHealth({ view: old, observedTime: t0 }, t0 + 1000);
    assert.equal(h.status, 'fresh');
    assert.equal(h.confirmed, false);
    assert.ok((h.recordAgeMs ?? 0) > 3 * 24 * 3600 * 1000);
    assert.equal(h.clockSkew, undefined);
  });

  it('reports renew age by the record beside the observed age', () => {
    const h = lockHealth({ view: held, observedTime: t0 }, t0 + 2000);
    assert.equal(h.recordAgeMs, t0 + 2000 - Date.parse('2026-11-23T20:10:11.123Z'));
    assert.equal(h.observedAgeMs, 2000);
  });

  it('a held lock without a duration is expired at once (client-go reads 0 s)', () => {
    const h = lockHealth({ view: view(schedulerLease({ leaseDurationSeconds: undefined })), observedTime: t0 }, t0);
    assert.equal(h.status, 'expired');
    assert.equal(h.leaseDurationMs, 0);
  });
});

describe('lockHealth: vacant and unknown', () => {
  it('an empty holder is vacant, at any time', () => {
    const v = view(schedulerLease({ holderIdentity: '' }));
    assert.equal(lockHealth({ view: v, observedTime: t0 }, t0 + 1e9).status, 'vacant');
    assert.equal(lockHealth({ view: v, observedTime: undefined }, t0).status, 'vacant');
  });

  it('a missing holder is vacant', () => {
    assert.equal(
      lockHealth({ view: view(schedulerLease({ holderIdentity: undefined })), observedTime: t0 }, t0).status,
      'vacant',
    );
  });

  it('a vacant lock does not care that its duration is unreadable', () => {
    assert.equal(
      lockHealth({ view: view(schedulerLease({ holderIdentity: '', leaseDurationSeconds: -3 })), observedTime: t0 }, t0)
        .status,
      'vacant',
    );
  });

  const unknowns: [string, LockView, number | undefined, string][] = [
    ['an unreadable holder', view(schedulerLease({ holderIdentity: 5 } as never)), t0, 'malformed'],
    ['a held lock with a negative duration', view(schedulerLease({ leaseDurationSeconds: -3 })), t0, 'malformed'],
    ['an annotation that is not JSON', view(configMapLock('{oops')), t0, 'malformed'],
    [
      'a metadata-only Lease',
      view(
        {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: { name: 'n', namespace: 'kube-node-lease' },
        },
        'Lease',
      ),
      t0,
      'noRecord',
    ],
    ['a held lock never observed (parsed from YAML)', held, undefined, 'neverObserved'],
  ];
  for (const [what, v, observedTime, reason] of unknowns) {
    it(`${what}: unknown (${reason})`, () => {
      const h = lockHealth({ view: v, observedTime }, t0 + 1000);
      assert.equal(h.status, 'unknown');
      assert.equal(h.unknownReason, reason);
      assert.equal(h.expiresAt, undefined);
      assert.equal(h.nextChangeAt, undefined);
    });
  }

  it('a never-observed lock still has its renew age by the record', () => {
    assert.equal(
      lockHealth({ view: held, observedTime: undefined }, t0).recordAgeMs,
      t0 - Date.parse('2026-11-23T20:10:11.123Z'),
    );
  });
});

describe('lockHealth: a disconnected watch claims nothing', () => {
  const statuses: [string, LockView, number, string][] = [
    ['fresh', held, 1000, 'fresh'],
    ['expiring', held, 10_000, 'expiring'],
    ['expired', held, 20_000, 'expired'],
    ['vacant', view(schedulerLease({ holderIdentity: '' })), 0, 'vacant'],
  ];
  for (const [what, v, after, lastKnown] of statuses) {
    it(`a ${what} lock is unknown (stale), last known ${lastKnown}`, () => {
      const h = lockHealth({ view: v, observedTime: t0 }, t0 + after, { stale: true });
      assert.equal(h.status, 'unknown');
      assert.equal(h.unknownReason, 'stale');
      assert.equal(h.lastKnown, lastKnown);
      assert.equal(h.nextChangeAt, undefined);
    });
  }

  it('keeps the stronger reason for a malformed record', () => {
    assert.equal(
      lockHealth({ view: view(configMapLock('x')), observedTime: t0 }, t0, { stale: true }).unknownReason,
      'malformed',
    );
  });
});

describe('lockHealth: clock skew', () => {
  it('flags a renewTime ahead of our clock by more than the tolerance', () => {
    const v = view(schedulerLease({ renewTime: '2026-11-23T20:10:20.000000Z' }));
    const now = Date.parse('2026-11-23T20:10:14Z');
    const h = lockHealth({ view: v, observedTime: now }, now);
    assert.deepEqual(h.clockSkew, { kind: 'renewInFuture', skewMs: 6000 });
    assert.equal(h.recordAgeMs, -6000);
  });

  it('does not flag a renewTime ahead within the tolerance (watch latency, small offsets)', () => {
    const v = view(schedulerLease({ renewTime: '2026-11-23T20:10:16.000000Z' }));
    const now = Date.parse('2026-11-23T20:10:14Z');
    assert.equal(lockHealth({ view: v, observedTime: now }, now).clockSkew, undefined);
    assert.deepEqual(lockHealth({ view: v, observedTime: now }, now, { skewToleranceMs: 1000 }).clockSkew, {
      kind: 'renewInFuture',
      skewMs: 2000,
    });
  });

  it('flags a renewal we saw whose renewTime is far from when we saw it', () => {
    const seenAt = Date.parse('2026-11-23T20:10:41.123Z'); // 30 s after the renewTime it carried
    const h = lockHealth(
      { view: held, observedTime: seenAt, observedChange: true, renewWitnessed: true },
      seenAt + 1000,
    );
    assert.deepEqual(h.clockSkew, { kind: 'ageMismatch', skewMs: -30_000 });
    assert.equal(h.status, 'fresh');
  });

  it('does not compare ages when we did not see renewTime change (first sighting)', () => {
    const seenAt = Date.parse('2026-11-23T20:10:41.123Z');
    assert.equal(lockHealth({ view: held, observedTime: seenAt, observedChange: false }, seenAt).clockSkew, undefined);
  });
});
