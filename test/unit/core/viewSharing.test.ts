import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import { parseLockView, type LockView } from '../../../src/core';
import { sharedView } from '../../../src/core/viewSharing';
import { configMapLock, nodeLease, schedulerLease } from '../../fixtures/locks';

const CTX = 'ctx';
const view = (object: unknown): LockView => parseLockView(object, { context: CTX })!;

describe('sharedView: a renewal keeps what did not change from the view it replaces', () => {
  it('is equal to the new view in every field, and takes the unchanged parts from the old one', () => {
    const before = view(nodeLease('node-7', '2026-11-23T20:10:11.000000Z', '7'));
    const after = view(nodeLease('node-7', '2026-11-23T20:10:21.000000Z', '8'));
    const shared = sharedView(after, before);
    assert.deepEqual(shared, after);
    // The renewal's own values are new; everything else is the old view's.
    assert.equal(shared.resourceVersion, '8');
    assert.equal(shared.record?.renewTime?.text, '2026-11-23T20:10:21.000000Z');
    for (const part of ['key', 'name', 'namespace', 'uid', 'holder', 'labels'] as const)
      assert.equal(shared[part], before[part], part);
    assert.equal(shared.record?.holderIdentity, before.record?.holderIdentity);
  });

  it('takes nothing from the old view that changed: holder, times, labels, problems', () => {
    const before = view(schedulerLease({ holderIdentity: 'a' }, { labels: { team: 'x' } }));
    const after = view(
      schedulerLease(
        { holderIdentity: 'b', acquireTime: '2026-11-23T21:00:00.000000Z', leaseDurationSeconds: -1 },
        { labels: { team: 'y' }, resourceVersion: '2' },
      ),
    );
    const shared = sharedView(after, before);
    assert.deepEqual(shared, after);
    assert.equal(shared.holder, 'b');
    assert.deepEqual(shared.labels, { team: 'y' });
    assert.equal(shared.problems.length, 1);
  });

  it('shares the holder with the name when they are the same (node heartbeats), and an empty problem list', () => {
    const first = view(nodeLease('node-9'));
    const shared = sharedView(first, undefined);
    assert.deepEqual(shared, first);
    assert.equal(shared.holder, shared.name);
    assert.equal(sharedView(view(configMapLock()), undefined).problems, shared.problems);
  });

  it('property: for any two versions of a lock, the shared view equals the new one', () => {
    const spec = fc.record(
      {
        holderIdentity: fc.oneof(fc.constant('node-1'), fc.constant('b'), fc.constant(''), fc.integer()),
        leaseDurationSeconds: fc.oneof(fc.constant(40), fc.constant(15), fc.constant(-1)),
        renewTime: fc.constantFrom('2026-11-23T20:10:11.000000Z', '2026-11-23T20:10:21.000000Z', 'yesterday'),
        acquireTime: fc.constantFrom('2026-11-23T20:00:00.000000Z', '2026-11-23T20:05:00.000000Z'),
        leaseTransitions: fc.nat(3),
        strategy: fc.constantFrom(undefined, 'OldestEmulationVersion'),
      },
      { requiredKeys: [] },
    );
    const meta = fc.record({
      resourceVersion: fc.constantFrom('1', '2'),
      uid: fc.constantFrom('u1', 'u2'),
      labels: fc.constantFrom(
        undefined,
        { a: '1' },
        { a: '2' },
        { 'apiserver.kubernetes.io/identity': 'kube-apiserver' },
      ),
    });
    fc.assert(
      fc.property(spec, meta, spec, meta, fc.constantFrom('kube-node-lease', 'kube-system'), (s1, m1, s2, m2, ns) => {
        const lease = (s: object, m: object) => ({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: 'node-1', namespace: ns, ...m },
          spec: s,
        });
        const before = view(lease(s1, m1));
        const after = view(lease(s2, m2));
        assert.deepEqual(sharedView(after, before), after);
      }),
      { numRuns: 400 },
    );
  });
});
