import assert from 'node:assert/strict';
import { lockKey } from '../../../../src/core';
import { ago, HEALTH_LOOKS, presentLock } from '../../../../src/ui/shared/lockPresentation';
import { configMapLock, annotationRecord, legacyControllerLease, schedulerLease } from '../../../fixtures/locks';
import { CTX, storeSetup } from '../uiFixtures';

const SCHEDULER = lockKey(CTX, 'Lease', 'kube-system', 'kube-scheduler');

const SHORT = 'control-plane-1_4e1f…4b5c';

describe('How a lock reads in the tree', () => {
  it('a lock just seen: holder (shortened), not seen renewing yet, renew age by the record, transitions; not green', () => {
    const { put, time } = storeSetup();
    const p = presentLock(put(schedulerLease()), time.now());
    assert.equal(p.label, 'kube-scheduler');
    assert.equal(p.description, `${SHORT} · not seen renewing yet · renewed 2s ago · 2 transitions`);
    assert.equal(p.health, 'notSeenRenewing');
    assert.deepEqual([p.icon, p.color], ['history', undefined], 'the green check is for locks seen renewing');
    assert.match(
      p.healthText,
      /^not seen renewing yet: first seen just now and no change since; by its record it renewed 2s ago, within its 15s lease\. If it does not renew, candidates may take over in 15s\.$/,
    );
  });

  it('turns green once we see it renew, expiring past the threshold and expired after the lease, by what we observed', () => {
    const { put, time, snapshot } = storeSetup();
    put(schedulerLease());
    time.advance(1000);
    const renewed = presentLock(
      put(schedulerLease({ renewTime: '2026-11-23T20:10:14.100000Z' }, { resourceVersion: '2' })),
      time.now(),
    );
    assert.equal(renewed.health, 'renewing');
    assert.deepEqual([renewed.icon, renewed.color], ['pass-filled', 'charts.green']);
    assert.equal(renewed.description, `${SHORT} · renewing · renewed just now · 2 transitions`);
    time.advance(8000);
    const expiring = presentLock(snapshot(SCHEDULER), time.now());
    assert.equal(expiring.health, 'expiring');
    assert.deepEqual([expiring.icon, expiring.color], ['warning', 'charts.yellow']);
    assert.equal(expiring.description, `${SHORT} · expiring: 7s left · renewed 8s ago · 2 transitions`);
    assert.equal(expiring.steadyDescription, `${SHORT} · expiring · 2 transitions`, 'what the hold compares');
    time.advance(9000);
    const expired = presentLock(snapshot(SCHEDULER), time.now());
    assert.equal(expired.health, 'expired');
    assert.deepEqual([expired.icon, expired.color], ['error', 'charts.red']);
    assert.equal(expired.description, `${SHORT} · expired: no change seen for 17s · renewed 17s ago · 2 transitions`);
    assert.equal(
      expired.healthText,
      "expired 2s ago by client-go's rule: no change seen for 17s, longer than its 15s lease, so candidates may take it over.",
    );
  });

  it('a lock whose record ran out hours ago is probably stopped on the first draw, with the reason in the row', () => {
    const { put, time } = storeSetup();
    const p = presentLock(
      put(schedulerLease({ renewTime: '2026-11-23T17:10:11.123456Z', leaseDurationSeconds: 3600 })),
      time.now(),
    );
    assert.equal(p.health, 'probablyStopped');
    assert.deepEqual([p.icon, p.color], ['debug-stop', 'charts.orange']);
    assert.equal(
      p.description,
      `${SHORT} · probably stopped: expired 2h ago by its record · renewed 3h ago · 2 transitions`,
    );
    assert.match(
      p.healthText,
      /^probably stopped: no renewal seen; by its record it expired 2h ago — client-go's rule still counts it held until \d\d:\d\d, 1h after we first saw it\.$/,
    );
  });

  it('a flapping election has the warning colour, an icon of its own, and says how many leaders, in the row', () => {
    const { put, time } = storeSetup();
    let s = put(schedulerLease());
    for (let i = 0; i < 8; i++) {
      time.advance(20_000);
      s = put(schedulerLease({ holderIdentity: `node-${i}` }, { resourceVersion: String(10 + i) }));
    }
    const p = presentLock(s, time.now());
    assert.equal(p.health, 'flapping');
    assert.deepEqual([p.icon, p.color], ['arrow-swap', 'charts.yellow']);
    assert.match(p.description, /^node-7 · flapping: 8 leaders in 10 min · /);
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
    assert.notEqual(p.icon, 'unlock', 'never the Release button’s icon');
    assert.equal(
      p.healthText,
      `stale: the connection to context ${CTX} is down (it was not seen renewing yet), so nothing is known about it now.`,
    );
  });

  it('a holder of the wrong type is an unreadable holder, never vacant, and says which field', () => {
    const { put, time } = storeSetup();
    const p = presentLock(put(schedulerLease({ holderIdentity: 42 as unknown as string })), time.now());
    assert.equal(p.health, 'unreadable');
    assert.equal(p.icon, 'bracket-error');
    assert.match(p.description, /^unreadable holder · /);
    assert.doesNotMatch(p.description, /vacant/);
    assert.match(
      p.healthText,
      /^unreadable holder: .*holderIdentity.*Someone may hold it, so Lease Lens treats it as held\.$/,
    );
  });

  it('MultiLock halves that disagree are a problem on both halves that says so in the row, labelled by kind', () => {
    const { put, time, snapshot } = storeSetup();
    put(configMapLock(annotationRecord({ holderIdentity: 'node-a' })));
    put(legacyControllerLease('node-b'));
    const cm = presentLock(snapshot(lockKey(CTX, 'ConfigMap', 'kube-system', 'legacy-controller')), time.now());
    const lease = presentLock(snapshot(lockKey(CTX, 'Lease', 'kube-system', 'legacy-controller')), time.now());
    assert.equal(cm.label, 'legacy-controller (ConfigMap)');
    assert.equal(lease.label, 'legacy-controller');
    assert.equal(cm.health, 'problem');
    assert.equal(lease.health, 'problem');
    assert.match(cm.description, /^node-a · problem: halves disagree · /);
    assert.match(
      cm.healthText,
      /the MultiLock's halves disagree: the ConfigMap says node-a holds it, the Lease says node-b/,
    );
  });

  it('a renewTime ahead of our clock is shown as such, not as a negative age', () => {
    const { put, time } = storeSetup();
    const p = presentLock(put(schedulerLease({ renewTime: '2026-11-23T20:11:13.123000Z' })), time.now());
    assert.equal(p.description, `${SHORT} · not seen renewing yet · renewTime 1m ahead · 2 transitions`);
    assert.equal(p.health, 'notSeenRenewing', 'a record ahead of our clock is skew, not a stopped holder');
    assert.match(
      p.healthText,
      /its renewTime is 1m ahead of this machine's clock \(clock skew\), so its record cannot say when it renewed\./,
    );
  });

  it('a record without renewTime says "first seen", not "changed", until it changes', () => {
    const { put, time, snapshot } = storeSetup();
    put(schedulerLease({ renewTime: undefined as unknown as string }));
    time.advance(11_000);
    const p = presentLock(snapshot(SCHEDULER), time.now());
    assert.match(p.description, /· first seen 11s ago ·/);
    assert.doesNotMatch(p.description, /\(seen\)|changed/);
  });

  it('ages are in whole seconds, "just now" under one, and very old ones read as a date', () => {
    assert.equal(ago(0), 'just now');
    assert.equal(ago(999), 'just now');
    assert.equal(ago(1999), '1s ago');
    assert.equal(ago(125_400), '2m 5s ago');
    const now = Date.parse('2026-11-23T12:00:00Z');
    assert.match(ago(now - Date.parse('2019-08-14T12:00:00Z'), now), /^on 2019-08-1\d, 7\.3 years ago$/);
  });

  it('says the whole line for a screen reader, durations in words: name, kind and namespace, holder, state, renew age, transitions', () => {
    const { put, time, snapshot } = storeSetup();
    put(schedulerLease());
    time.advance(1000);
    const p = presentLock(
      put(schedulerLease({ renewTime: '2026-11-23T20:10:13.100000Z', leaseTransitions: 1 }, { resourceVersion: '2' })),
      time.now(),
    );
    assert.equal(
      p.spoken,
      `kube-scheduler, Lease in kube-system, held by ${SHORT}, renewing, renewed 1 second ago, 1 transition`,
    );
    time.advance(3 * 3600_000 + 5 * 60_000);
    const later = presentLock(snapshot(SCHEDULER), time.now());
    assert.match(
      later.spoken,
      /, expired: no change seen for 3 hours 5 minutes, renewed 3 hours 5 minutes ago, 1 transition$/,
    );
    const vacant = presentLock(put(schedulerLease({ holderIdentity: '' }, { resourceVersion: '3' })), time.now());
    assert.match(vacant.spoken, /^kube-scheduler, Lease in kube-system, no holder, vacant, released /);
  });

  it('gives every state an icon of its own shape, not only a colour of its own', () => {
    const icons = Object.values(HEALTH_LOOKS).map((l) => l.icon);
    assert.equal(new Set(icons).size, icons.length, JSON.stringify(HEALTH_LOOKS));
  });
});
