import assert from 'node:assert/strict';
import { lockKey, type LockSnapshot } from '../../../../src/core';
import {
  LockConflictError,
  LockPermissionError,
  MultiLockPartialWriteError,
} from '../../../../src/cluster/writeErrors';
import { finishQuestion, partialMessage } from '../../../../src/ui/writes/multiLockFinish';
import {
  conflictMessage,
  doneMessage,
  releaseConfirmation,
  takeOverConfirmation,
  type SeenLock,
} from '../../../../src/ui/writes/writeConfirmation';
import {
  annotationRecord,
  configMapLock,
  leaseCandidate,
  legacyControllerLease,
  schedulerLease,
} from '../../../fixtures/locks';
import { CTX, storeSetup } from '../uiFixtures';

function seenOf(s: LockSnapshot): SeenLock {
  return {
    view: s.lock.view,
    health: s.health,
    disconnected: false,
    multiLock: s.multiLock,
    candidates: s.candidates,
  };
}

describe('What a write of a MultiLock asks: both objects, both resourceVersions, in client-go order', () => {
  const CM = lockKey(CTX, 'ConfigMap', 'kube-system', 'legacy-controller');
  const LEASE = lockKey(CTX, 'Lease', 'kube-system', 'legacy-controller');

  it("names both objects in the question and the order and versions in the detail; carries the other half's version", () => {
    const { put, snapshot, time } = storeSetup();
    put(configMapLock());
    put(legacyControllerLease());
    const r = releaseConfirmation(CM, seenOf(snapshot(CM)), '555', time.now());
    assert.match(
      r.message,
      /^Release the MultiLock ConfigMap kube-system\/legacy-controller \+ Lease kube-system\/legacy-controller, held by node-a_1b2c3d4e/,
    );
    assert.match(
      r.detail,
      /ConfigMap kube-system\/legacy-controller \(resourceVersion 555\) and Lease kube-system\/legacy-controller \(resourceVersion 557\)/,
    );
    assert.match(r.detail, /the ConfigMap first, then the Lease, each only if unchanged since shown/);
    assert.equal(r.seenResourceVersion, '555');
    assert.equal(r.partnerResourceVersion, '557');
    // From the Lease half: the other half is the ConfigMap.
    const t = takeOverConfirmation(LEASE, seenOf(snapshot(LEASE)), 'op', '557', time.now());
    assert.equal(t.partnerResourceVersion, '555');
    assert.match(t.message, /^Take over the MultiLock ConfigMap .* \+ Lease .* for op\?/);
  });

  it('says when the halves disagree, and what client-go candidates then read', () => {
    const { put, snapshot, time } = storeSetup();
    put(configMapLock());
    put(legacyControllerLease('node-b'));
    const r = releaseConfirmation(CM, seenOf(snapshot(CM)), '555', time.now());
    assert.match(
      r.message,
      /whose halves disagree \(ConfigMap: node-a_1b2c3d4e, Lease: node-b; client-go candidates read leaderelection\.k8s\.io\/unknown\)\?$/,
    );
    assert.match(
      conflictMessage(snapshot(CM).lock.view, 'release', time.now(), snapshot(CM).multiLock),
      /^The MultiLock ConfigMap .* changed while you were releasing it: now with halves disagree \(ConfigMap: node-a_1b2c3d4e, Lease: node-b/,
    );
  });

  it('reports the write as one of both halves', () => {
    const { put, snapshot } = storeSetup();
    put(configMapLock());
    put(legacyControllerLease());
    const s = snapshot(CM);
    assert.equal(
      doneMessage('release', s.lock.view, undefined, s.multiLock),
      'Released the MultiLock ConfigMap kube-system/legacy-controller + Lease kube-system/legacy-controller (it was held by node-a_1b2c3d4e).',
    );
    assert.equal(
      doneMessage('takeOver', s.lock.view, 'op', s.multiLock),
      'Both halves of the MultiLock ConfigMap kube-system/legacy-controller + Lease kube-system/legacy-controller now name op (it was held by node-a_1b2c3d4e).',
    );
  });

  it('after a stop between the halves, says exactly which was written and offers to finish against the Lease as it is now', () => {
    const { put, snapshot, time } = storeSetup();
    put(configMapLock(annotationRecord({ holderIdentity: '' })));
    const lease = put(legacyControllerLease('renewer')).lock.view;
    const conflict = new LockConflictError(
      'Lease',
      'kube-system',
      'legacy-controller',
      legacyControllerLease('renewer'),
    );
    const error = new MultiLockPartialWriteError(
      { kind: 'ConfigMap', namespace: 'kube-system', name: 'legacy-controller', stored: {} },
      { kind: 'Lease', namespace: 'kube-system', name: 'legacy-controller' },
      conflict,
    );
    const q = finishQuestion('release', CM, error, lease, undefined, time.now());
    assert.equal(q.finish, true);
    assert.equal(q.button, 'Finish');
    assert.equal(q.seenResourceVersion, '557');
    assert.match(
      q.message,
      /^ConfigMap kube-system\/legacy-controller was released, but Lease kube-system\/legacy-controller was not: it changed after you read it and is now held by renewer/,
    );
    assert.match(q.detail, /leaderelection\.k8s\.io\/unknown/);
    assert.match(q.detail, /checked against its resourceVersion 557/);
    assert.ok(snapshot(CM));
    const forbidden = new LockPermissionError('update', 'leases (coordination.k8s.io)', 'kube-system', 'forbidden');
    assert.equal(
      partialMessage('takeOver', error, forbidden, 'op'),
      'ConfigMap kube-system/legacy-controller was taken over for op, but Lease kube-system/legacy-controller was not: you may not update leases (coordination.k8s.io) in namespace kube-system (ask a cluster admin for that permission, then write again). The halves may now disagree: client-go candidates then read the holder as leaderelection.k8s.io/unknown until both are written again.',
    );
  });
});

describe('What a write of a coordinated Lease asks: the election controller decides', () => {
  const KEY = lockKey(CTX, 'Lease', 'kube-system', 'kube-scheduler');

  function coordinated(
    holder = 'cp-1',
    candidates = [
      ['cp-0', '1.37.0', '1.37.2'],
      ['cp-1', '1.36.0', '1.36.4'],
    ],
  ) {
    const { put, store, snapshot, time } = storeSetup();
    put(schedulerLease({ holderIdentity: holder, strategy: 'OldestEmulationVersion' }));
    for (const [name, emulationVersion, binaryVersion] of candidates)
      store.applyCandidate(CTX, 'ADDED', leaseCandidate(name!, { emulationVersion, binaryVersion }));
    return { s: snapshot(KEY), now: time.now() };
  }

  it('a release: the controller names its pick again at once, with the figures measured', () => {
    const { s, now } = coordinated();
    const r = releaseConfirmation(KEY, seenOf(s), '1042', now);
    assert.equal(r.coordinated, true);
    assert.match(r.detail, /This Lease is coordinated \(strategy OldestEmulationVersion\)/);
    assert.match(r.detail, /its 2 LeaseCandidates/);
    assert.match(r.detail, /it picks cp-1 \(1\.36\.0 \/ 1\.36\.4\), the current holder, if that answers its ping/);
    assert.match(r.detail, /0\.1 s after the release/);
    assert.match(r.detail, /8–13 s later, instead of about 25 s/);
    assert.doesNotMatch(r.detail, /If no standby is running/);
  });

  it('a takeover for anyone but the pick: undone, with a time when nobody leads; always risky', () => {
    const { s, now } = coordinated();
    const t = takeOverConfirmation(KEY, seenOf(s), 'lease-lens-op', '1042', now);
    assert.equal(t.risky, true);
    assert.equal(t.coordinated, true);
    assert.match(t.detail, /undoes a takeover: within about 0\.1 s it marks cp-1 as preferredHolder/);
    assert.match(t.detail, /so lease-lens-op never leads/);
    assert.match(t.detail, /once the 15s lease you write runs out/);
    assert.match(t.detail, /5–10 s with no leader/);
  });

  it('a takeover for the pick itself is left alone by the controller', () => {
    const { s, now } = coordinated('cp-0');
    const t = takeOverConfirmation(KEY, seenOf(s), 'cp-1', '1042', now);
    assert.match(t.detail, /cp-1 is its pick, so by the controller's rules it leaves the Lease to cp-1/);
  });

  it('names a tie and says the controller settles it in no fixed order', () => {
    const { s, now } = coordinated('cp-0', [
      ['cp-0', '1.37.0', '1.37.2'],
      ['cp-2', '1.37.0', '1.37.2'],
    ]);
    assert.match(
      releaseConfirmation(KEY, seenOf(s), '1', now).detail,
      /cp-0 and cp-2 tie; it settles a tie in no fixed order/,
    );
  });

  it('a Lease with strategy but no visible candidates says so', () => {
    const { s, now } = coordinated('cp-0', []);
    assert.match(releaseConfirmation(KEY, seenOf(s), '1', now).detail, /sees no LeaseCandidates for it/);
  });
});
