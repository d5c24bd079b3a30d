import assert from 'node:assert/strict';
import { lockKey, parseLockView } from '../../../../src/core';
import {
  conflictMessage,
  notAllowedMessage,
  releaseConfirmation,
  takeOverConfirmation,
  type SeenLock,
} from '../../../../src/ui/writes/writeConfirmation';
import { schedulerLease } from '../../../fixtures/locks';
import { CTX, storeSetup } from '../uiFixtures';

const KEY = lockKey(CTX, 'Lease', 'kube-system', 'kube-scheduler');

function seen(
  spec: Parameters<typeof schedulerLease>[0] = {},
  advanceMs = 0,
  disconnected = false,
): { seen: SeenLock; now: number } {
  const { put, time, store, snapshot } = storeSetup();
  put(schedulerLease({ holderIdentity: 'node-a', ...spec }));
  if (disconnected) store.setConnection(CTX, { status: 'stale', reason: 'EOF' });
  time.advance(advanceMs);
  const s = snapshot(KEY);
  return {
    seen: { view: s.lock.view, health: s.health, disconnected: s.connection.status === 'stale' },
    now: time.now(),
  };
}

describe('What a release asks before writing', () => {
  it('names the lock, the holder and its renew age, and remembers the resourceVersion shown', () => {
    const { seen: s, now } = seen();
    const r = releaseConfirmation(KEY, s, '1042', now);
    assert.equal(r.message, 'Release Lease kube-system/kube-scheduler, held by node-a (renewed 2s ago)?');
    assert.equal(r.button, 'Release');
    assert.equal(r.seenResourceVersion, '1042');
    assert.equal(r.retry, false);
  });

  it('says plainly that releasing a live holder can give two leaders (no fencing)', () => {
    const { seen: s, now } = seen();
    const r = releaseConfirmation(KEY, s, '1042', now);
    assert.equal(r.risky, true);
    assert.match(r.detail, /node-a renewed it 2s ago by its record.*probably still running/);
    assert.match(r.detail, /no fencing/);
    assert.match(r.detail, /two leaders at once/);
    assert.match(r.detail, /renew deadline/);
    assert.match(r.detail, /resourceVersion 1042/);
  });

  it('says it is safe when the lease has expired', () => {
    const { seen: s, now } = seen({}, 20_000);
    const r = releaseConfirmation(KEY, s, '1042', now);
    assert.equal(r.risky, false);
    assert.match(r.detail, /The lease expired 5s ago by our observation: node-a stopped renewing/);
    assert.match(r.detail, /Releasing is safe/);
    assert.doesNotMatch(r.detail, /two leaders/);
  });

  it('says a record older than its lease that never changed looks stopped, yet still counts as held', () => {
    // renewTime 3 h before "now" on a 1 h lease, first seen now: fresh by observation, as client-go counts.
    const { seen: s, now } = seen({ leaseDurationSeconds: 3600, renewTime: '2026-11-23T17:10:09.000000Z' }, 5_000);
    const r = releaseConfirmation(KEY, s, '1042', now);
    assert.equal(r.risky, true, 'still live by observation');
    assert.match(
      r.detail,
      /node-a's record says it last renewed 3h ago, longer ago than its 1h lease, and Lease Lens has not seen it renew in the 5s it has watched: the holder has probably stopped/,
    );
    assert.doesNotMatch(r.detail, /probably still running/);
  });

  it('says it is safe when nobody holds the lock', () => {
    const { seen: s, now } = seen({ holderIdentity: '' });
    const r = releaseConfirmation(KEY, s, '7', now);
    assert.equal(r.message, 'Release Lease kube-system/kube-scheduler, vacant?');
    assert.equal(r.risky, false);
    assert.match(r.detail, /Nobody holds the lock/);
  });

  it('treats a disconnected context as live: we cannot know', () => {
    const { seen: s, now } = seen({}, 20_000, true);
    const r = releaseConfirmation(KEY, s, '1042', now);
    assert.equal(r.risky, true);
    assert.match(
      r.detail,
      /disconnected from context kind-lease-lens: it cannot tell whether node-a is still renewing/,
    );
  });
});

describe('What a takeover asks before writing', () => {
  it('names the new holder and warns about the current one', () => {
    const { seen: s, now } = seen();
    const r = takeOverConfirmation(KEY, s, 'lease-lens-ops', '1042', now);
    assert.equal(
      r.message,
      'Take over Lease kube-system/kube-scheduler for lease-lens-ops? It is held by node-a (renewed 2s ago).',
    );
    assert.equal(r.button, 'Take Over');
    assert.equal(r.newHolder, 'lease-lens-ops');
    assert.match(
      r.detail,
      /node-a may keep acting as leader until its renew deadline passes .* while lease-lens-ops holds the lock/,
    );
    assert.match(r.detail, /If no process with that identity renews the lock, it expires after its 15s lease/);
  });

  it('is a mere renewal when the new holder already holds it', () => {
    const { seen: s, now } = seen();
    assert.match(
      takeOverConfirmation(KEY, s, 'node-a', '1042', now).detail,
      /node-a already holds the lock: this only renews it/,
    );
  });
});

describe('After a conflict', () => {
  it('says what changed, from the object as re-read, and asks again', () => {
    const now = Date.parse('2026-11-23T20:10:12.500Z');
    const current = parseLockView(
      schedulerLease(
        { holderIdentity: 'node-b', renewTime: '2026-11-23T20:10:11.400000Z' },
        { resourceVersion: '1050' },
      ),
      { context: CTX },
    )!;
    assert.equal(
      conflictMessage(current, 'release', now),
      'Lease kube-system/kube-scheduler changed while you were releasing it: now held by node-b, renewed 1s ago. Release again?',
    );
    const r = releaseConfirmation(KEY, { view: current, health: undefined, disconnected: false }, '1050', now, true);
    assert.equal(r.message, conflictMessage(current, 'release', now));
    assert.equal(r.retry, true);
    assert.equal(r.seenResourceVersion, '1050');
    assert.equal(r.risky, true);
    assert.match(r.detail, /changed after you looked at it: node-b/);
  });

  it('says when the lock was released meanwhile', () => {
    const now = Date.parse('2026-11-23T20:10:12.500Z');
    const current = parseLockView(schedulerLease({ holderIdentity: '', renewTime: '2026-11-23T20:10:11.400000Z' }), {
      context: CTX,
    })!;
    assert.equal(
      conflictMessage(current, 'takeOver', now),
      'Lease kube-system/kube-scheduler changed while you were taking it over: now vacant (released 1s ago). Take over again?',
    );
  });
});

describe('Refusals', () => {
  it('name the missing permission: verb, resource and namespace', () => {
    const view = { kind: 'Lease' as const, namespace: 'kube-system', name: 'kube-scheduler', context: 'ro' };
    assert.equal(
      notAllowedMessage('release', view),
      'You may not release Lease kube-system/kube-scheduler: the user of context ro lacks "update" on leases (coordination.k8s.io) in namespace kube-system. Ask a cluster admin for that permission, or use a context that has it.',
    );
    assert.match(
      notAllowedMessage('takeOver', { ...view, kind: 'ConfigMap' }),
      /lacks "patch" on configmaps in namespace kube-system/,
    );
  });
});
