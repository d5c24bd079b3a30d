import assert from 'node:assert/strict';
import { lockKey } from '../../../../src/core';
import { ago, presentLock } from '../../../../src/ui/shared/lockPresentation';
import { configMapLock, annotationRecord, legacyControllerLease, schedulerLease } from '../../../fixtures/locks';
import { CTX, storeSetup } from '../uiFixtures';

const HOLDER = 'control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c';
const SCHEDULER = lockKey(CTX, 'Lease', 'kube-system', 'kube-scheduler');

describe('How a lock reads in the tree', () => {
  it('a lock just seen: holder, renew age by the record, transitions; fresh and green', () => {
    const { put, time } = storeSetup();
    const p = presentLock(put(schedulerLease()), time.now());
    assert.equal(p.label, 'kube-scheduler');
    assert.equal(p.description, `${HOLDER} · renewed 2s ago · 2 transitions`);
    assert.equal(p.health, 'fresh');
    assert.deepEqual([p.icon, p.color], ['pass-filled', 'charts.green']);
    assert.match(p.healthText, /^fresh: valid for another 15s by our observation \(since we started watching\)$/);
  });

  it('turns expiring past the threshold and expired after the lease duration, by what we observed', () => {
    const { put, time, snapshot } = storeSetup();
    put(schedulerLease());
    time.advance(8000);
    const expiring = presentLock(snapshot(SCHEDULER), time.now());
    assert.equal(expiring.health, 'expiring');
    assert.deepEqual([expiring.icon, expiring.color], ['warning', 'charts.yellow']);
    assert.equal(expiring.description, `${HOLDER} · renewed 10s ago · 2 transitions`);
    time.advance(9000);
    const expired = presentLock(snapshot(SCHEDULER), time.now());
    assert.equal(expired.health, 'expired');
    assert.deepEqual([expired.icon, expired.color], ['error', 'charts.red']);
    assert.equal(expired.healthText, 'expired 2s ago by our observation: candidates may take it over');
  });

  it('a released lock is vacant, with when it was released', () => {
    const { put, time } = storeSetup();
    const p = presentLock(put(schedulerLease({ holderIdentity: '', leaseDurationSeconds: 1 })), time.now());
    assert.equal(p.health, 'vacant');
    assert.equal(p.description, 'vacant · released 2s ago · 2 transitions');
    assert.equal(p.icon, 'circle-large-outline');
  });

  it('a disconnected context makes its locks stale, whatever they were', () => {
    const { put, time, store, snapshot } = storeSetup();
    put(schedulerLease());
    store.setConnection(CTX, { status: 'stale', reason: 'connect ECONNREFUSED 127.0.0.1:6443' });
    const p = presentLock(snapshot(SCHEDULER), time.now());
    assert.equal(p.health, 'stale');
    assert.deepEqual([p.icon, p.color], ['debug-disconnect', 'disabledForeground']);
    assert.equal(
      p.healthText,
      `stale: the connection to context ${CTX} is down (it was fresh), so nothing is known about it now`,
    );
  });

  it('an unreadable record is a problem, and says which field', () => {
    const { put, time } = storeSetup();
    const p = presentLock(put(schedulerLease({ holderIdentity: 42 as unknown as string })), time.now());
    assert.equal(p.health, 'problem');
    assert.equal(p.icon, 'issues');
    assert.match(p.description, /^unreadable holder/);
    assert.match(p.healthText, /^problem: .*holderIdentity/);
  });

  it('MultiLock halves that disagree are a problem on both halves, labelled by kind', () => {
    const { put, time, snapshot } = storeSetup();
    put(configMapLock(annotationRecord({ holderIdentity: 'node-a' })));
    put(legacyControllerLease('node-b'));
    const cm = presentLock(snapshot(lockKey(CTX, 'ConfigMap', 'kube-system', 'legacy-controller')), time.now());
    const lease = presentLock(snapshot(lockKey(CTX, 'Lease', 'kube-system', 'legacy-controller')), time.now());
    assert.equal(cm.label, 'legacy-controller (ConfigMap)');
    assert.equal(lease.label, 'legacy-controller');
    assert.equal(cm.health, 'problem');
    assert.equal(lease.health, 'problem');
    assert.match(cm.healthText, /MultiLock holders disagree: the ConfigMap says node-a, the Lease says node-b/);
  });

  it('a renewTime ahead of our clock is shown as such, not as a negative age', () => {
    const { put, time } = storeSetup();
    const p = presentLock(put(schedulerLease({ renewTime: '2026-11-23T20:11:13.123000Z' })), time.now());
    assert.equal(p.description, `${HOLDER} · renewTime 1m ahead · 2 transitions`);
    assert.equal(p.health, 'fresh', 'freshness is judged by what we observed, not by the skewed record');
  });

  it('ages are in whole seconds, "just now" under one', () => {
    assert.equal(ago(0), 'just now');
    assert.equal(ago(999), 'just now');
    assert.equal(ago(1999), '1s ago');
    assert.equal(ago(125_400), '2m 5s ago');
  });
});
