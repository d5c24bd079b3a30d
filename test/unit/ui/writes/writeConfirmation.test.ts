import assert from 'node:assert/strict';
import { lockKey, parseLockView } from '../../../../src/core';
import {
  conflictMessage,
  notAllowedMessage,
  releaseConfirmation,
  takeOverConfirmation,
  type SeenLock,
} from '../../../../src/ui/writes/writeConfirmation';
import { annotationRecord, configMapLock, schedulerLease } from '../../../fixtures/locks';
import { CTX, storeSetup } from '../uiFixtures';

const KEY = lockKey(CTX, 'Lease', 'kube-system', 'kube-scheduler');

function seen(
  spec: Parameters<typeof schedulerLease>[0] = {},
  advanceMs = 0,
  disconnected = false,
  before?: (setup: ReturnType<typeof storeSetup>) => void,
  object: unknown = schedulerLease({ holderIdentity: 'node-a', ...spec }),
): { seen: SeenLock; now: number } {
  const setup = storeSetup();
  const { time, store } = setup;
  before?.(setup);
  const key = store.apply(CTX, 'ADDED', object)!;
  if (disconnected) store.setConnection(CTX, { status: 'stale', reason: 'EOF' });
  time.advance(advanceMs);
  const s = setup.snapshot(key);
  // As lockWrites.ts builds it: the state every view shows goes with it.
  return {
    seen: { view: s.lock.view, health: s.health, state: s.state, disconnected: s.connection.status === 'stale' },
    now: time.now(),
  };
}

/** Another lock of the context renewing in step with our clock: its clocks can be trusted. */
function clocksInStep({ put, time }: ReturnType<typeof storeSetup>): void {
  const other = (renewTime: string, resourceVersion: string) =>
    schedulerLease({ holderIdentity: 'other', renewTime }, { name: 'other', resourceVersion });
  put(other('2026-11-23T20:10:13.000000Z', '1'));
  time.advance(100);
  put(other('2026-11-23T20:10:13.100000Z', '2'));
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
    assert.match(
      r.detail,
      /^Not seen renewing yet: first seen just now and no change since; by its record it renewed 2s ago, within its 15s lease/,
    );
    assert.match(r.detail, /no fencing/);
    assert.match(r.detail, /two leaders at once/);
    assert.match(r.detail, /renew deadline/);
    assert.match(r.detail, /resourceVersion 1042/);
  });

  it('says it is safe when the lease has expired', () => {
    const { seen: s, now } = seen({}, 20_000);
    const r = releaseConfirmation(KEY, s, '1042', now);
    assert.equal(r.risky, false);
    assert.match(r.detail, /^Expired 5s ago by client-go's rule: no change seen for 20s, longer than its 15s lease/);
    assert.match(r.detail, /Releasing is safe/);
    assert.doesNotMatch(r.detail, /two leaders/);
  });

  it('says a record older than its lease that never changed has probably stopped, and how sure that is', () => {
    // renewTime 3 h before "now" on a 1 h lease, first seen 5 s ago: held by client-go's rule.
    const spec = { leaseDurationSeconds: 3600, renewTime: '2026-11-23T17:10:09.000000Z' };
    const { seen: s, now } = seen(spec, 5_000);
    const r = releaseConfirmation(KEY, s, '1042', now);
    assert.match(
      r.detail,
      /^Probably stopped: no renewal seen; by its record it expired 2h ago — client-go's rule still counts it held until \d\d:\d\d, 1h after we first saw it\./,
    );
    assert.match(
      r.detail,
      /Releasing is safe if node-a has stopped, which is what the evidence says: no renewal was seen\./,
    );
    assert.match(
      r.detail,
      /How sure: less sure\. .*no renewal in this context has been seen yet to check clocks against/,
    );
    assert.equal(r.risky, true, 'not sure: the holder’s clock could be far behind');
    assert.doesNotMatch(r.detail, /probably still running/);

    const sure = seen(spec, 5_000, false, clocksInStep);
    const r2 = releaseConfirmation(KEY, sure.seen, '1042', sure.now);
    assert.match(r2.detail, /How sure: fairly sure\. No renewal was seen in the 5s Lease Lens has watched it/);
    assert.match(r2.detail, /keep time with this machine, so clock skew does not explain/);
    assert.equal(r2.risky, false);
  });

  it('never calls an unreadable holder vacant or safe, and says what a release rewrites', () => {
    const cm = configMapLock(annotationRecord({ holderIdentity: 42 }));
    const { seen: s, now } = seen({}, 0, false, undefined, cm);
    const release = releaseConfirmation(KEY, s, '555', now);
    const takeOver = takeOverConfirmation(KEY, s, 'lease-lens-ops', '555', now);
    for (const r of [release, takeOver]) {
      assert.doesNotMatch(`${r.message}\n${r.detail}`, /safe|vacant|Nobody holds/i, r.detail);
      assert.match(r.message, /(with|has) an unreadable holder/);
      assert.match(r.detail, /cannot read who holds the lock \(holderIdentity is a number/);
      assert.equal(r.risky, true);
    }
    assert.match(
      release.detail,
      /The unreadable holderIdentity is replaced by an empty one \(the annotation is rewritten\)/,
    );
  });

  it('says a release of an unreadable annotation replaces it and restarts the transitions at 0', () => {
    const cm = configMapLock('{"holderIdentity": "node-a", ');
    const { seen: s, now } = seen({}, 0, false, undefined, cm);
    const r = releaseConfirmation(KEY, s, '555', now);
    assert.match(
      r.detail,
      /A release replaces the unreadable ConfigMap annotation with a new record: an empty holder with a 1 s lease, and leaderTransitions restarting at 0/,
    );
    assert.doesNotMatch(r.detail, /safe/i);
  });

  it('names clock skew: a renewTime ahead of this machine is not "renewed in 52m"', () => {
    const { seen: s, now } = seen({ renewTime: '2026-11-23T21:02:56.000000Z' });
    const r = releaseConfirmation(KEY, s, '1042', now);
    assert.match(r.message, /held by node-a \(renewTime 52m 42s ahead of this machine's clock: clock skew\)\?$/);
    assert.match(r.detail, /its renewTime is 52m 42s ahead of this machine's clock \(clock skew\)/);
    assert.doesNotMatch(`${r.message}\n${r.detail}`, /renewed in/);
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
