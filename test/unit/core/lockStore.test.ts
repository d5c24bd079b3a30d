import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { LockStore, type LockStoreChange, type LockStoreOptions } from '../../../src/core';
import { FakeTime } from '../../fixtures/fakeTime';
import {
  annotationRecord,
  configMapLock,
  leaderEvent,
  leaseCandidate,
  legacyControllerLease,
  nodeLease,
  schedulerLease,
} from '../../fixtures/locks';

const CTX = 'kind-lease-lens';
const SCHEDULER = `${CTX}/Lease/kube-system/kube-scheduler`;
const LEGACY_CM = `${CTX}/ConfigMap/kube-system/legacy-controller`;
const LEGACY_LEASE = `${CTX}/Lease/kube-system/legacy-controller`;

function setup(options: Partial<LockStoreOptions> = {}): {
  time: FakeTime;
  store: LockStore;
  batches: LockStoreChange[];
} {
  const time = new FakeTime();
  const store = new LockStore({ clock: time.clock, scheduler: time, ...options });
  const batches: LockStoreChange[] = [];
  store.subscribe((c) => batches.push(c));
  return { time, store, batches };
}

function renewal(
  seconds: number,
  rv: string,
  holder = 'control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c',
): ReturnType<typeof schedulerLease> {
  return schedulerLease(
    { holderIdentity: holder, renewTime: `2026-11-23T20:10:${String(seconds).padStart(2, '0')}.000000Z` },
    { resourceVersion: rv },
  );
}

describe('LockStore: watch events', () => {
  it('indexes an added lock by key and records when we first saw it', () => {
    const { time, store } = setup();
    assert.equal(store.apply(CTX, 'ADDED', schedulerLease()), SCHEDULER);
    const lock = store.get(SCHEDULER);
    assert.equal(lock?.view.name, 'kube-scheduler');
    assert.equal(lock?.observedTime, time.now());
    assert.equal(lock?.firstSeen, time.now());
    assert.equal(lock?.observedChange, false);
    assert.equal(store.size, 1);
    assert.deepEqual(
      store.locksIn(CTX).map((l) => l.view.key),
      [SCHEDULER],
    );
  });

  it('a renewal moves observedTime and is kept in history', () => {
    const { time, store } = setup();
    store.apply(CTX, 'ADDED', renewal(11, '1'));
    time.advance(2000);
    store.apply(CTX, 'MODIFIED', renewal(13, '2'));
    const lock = store.get(SCHEDULER);
    assert.equal(lock?.observedTime, time.now());
    assert.equal(lock?.observedChange, true);
    assert.equal(lock?.renewWitnessed, true);
    assert.deepEqual(lock?.history.renewals(), [time.now()]);
  });

  it('a new resourceVersion with the same record is not a renewal: observedTime stays', () => {
    const { time, store } = setup();
    store.apply(CTX, 'ADDED', renewal(11, '1'));
    const seen = time.now();
    time.advance(5000);
    store.apply(
      CTX,
      'MODIFIED',
      schedulerLease({ renewTime: '2026-11-23T20:10:11.000000Z' }, { resourceVersion: '2', labels: { team: 'a' } }),
    );
    const lock = store.get(SCHEDULER);
    assert.equal(lock?.view.resourceVersion, '2');
    assert.equal(lock?.observedTime, seen);
    assert.deepEqual(lock?.history.renewals(), []);
  });

  it('a change of holder is recorded as such', () => {
    const { time, store } = setup();
    store.apply(CTX, 'ADDED', renewal(11, '1', 'a'));
    time.advance(20_000);
    store.apply(CTX, 'MODIFIED', renewal(31, '2', 'b'));
    assert.deepEqual(
      store
        .get(SCHEDULER)
        ?.history.changes()
        .map((c) => [c.source, c.holder, c.previousHolder]),
      [
        ['firstSeen', 'a', undefined],
        ['observed', 'b', 'a'],
      ],
    );
  });

  it('an unreadable record is not a change of holder; once readable, its holder is known from then', () => {
    const { time, store } = setup();
    store.apply(CTX, 'ADDED', configMapLock('{"holderIdentity":'));
    time.advance(1000);
    store.apply(CTX, 'MODIFIED', configMapLock(annotationRecord(), { resourceVersion: '600' }));
    assert.deepEqual(
      store
        .get(LEGACY_CM)
        ?.history.changes()
        .map((c) => [c.source, c.holder]),
      [['firstSeen', 'node-a_1b2c3d4e']],
    );
  });

  it('for a metadata-only Lease, a new resourceVersion is the only sign of renewal', () => {
    const { time, store } = setup();
    const meta = (rv: string): unknown => ({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: { name: 'worker-1', namespace: 'kube-node-lease', resourceVersion: rv },
    });
    store.apply(CTX, 'ADDED', meta('1'), { kind: 'Lease' });
    time.advance(10_000);
    store.apply(CTX, 'MODIFIED', meta('2'), { kind: 'Lease' });
    assert.equal(store.get(`${CTX}/Lease/kube-node-lease/worker-1`)?.observedTime, time.now());
  });

  it('deletes a lock, and a ConfigMap whose annotation was removed stops being one', () => {
    const { store } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    store.apply(CTX, 'ADDED', configMapLock());
    store.apply(CTX, 'DELETED', schedulerLease());
    assert.equal(store.get(SCHEDULER), undefined);
    assert.equal(
      store.apply(CTX, 'MODIFIED', {
        ...configMapLock(),
        metadata: { name: 'legacy-controller', namespace: 'kube-system', annotations: {} },
      }),
      undefined,
    );
    assert.equal(store.get(LEGACY_CM), undefined);
    assert.equal(store.size, 0);
  });

  it('ignores objects that are not locks', () => {
    const { store, time, batches } = setup();
    assert.equal(
      store.apply(CTX, 'ADDED', { kind: 'ConfigMap', metadata: { name: 'plain', namespace: 'default' } }),
      undefined,
    );
    time.advance(1000);
    assert.equal(store.size, 0);
    assert.equal(batches.length, 0);
  });
});

describe('LockStore: re-list reconciliation', () => {
  it('replaces the locks of a context within the scope, and leaves the rest', () => {
    const { store } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    store.apply(CTX, 'ADDED', configMapLock());
    store.apply('other', 'ADDED', schedulerLease());
    store.replace(CTX, [legacyControllerLease()], { kinds: ['Lease'] });
    assert.deepEqual(
      [...store.locks()].map((l) => l.view.key).sort(),
      [LEGACY_CM, LEGACY_LEASE, 'other/Lease/kube-system/kube-scheduler'].sort(),
    );
  });

  it('scopes by namespace too', () => {
    const { store } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    store.apply(CTX, 'ADDED', nodeLease('worker-1'));
    store.replace(CTX, [], { kinds: ['Lease'], namespaces: ['kube-node-lease'] });
    assert.ok(store.get(SCHEDULER));
    store.replace(CTX, [], { kinds: ['Lease'], excludeNamespaces: ['kube-node-lease'] });
    assert.equal(store.get(SCHEDULER), undefined);
  });

  it('a re-list of unchanged objects notifies nobody and keeps observation', () => {
    const { store, time, batches } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    const seen = time.now();
    time.advance(1000);
    const before = batches.length;
    time.advance(5000);
    store.replace(CTX, [schedulerLease()]);
    time.advance(1000);
    assert.equal(batches.length, before);
    assert.equal(store.get(SCHEDULER)?.observedTime, seen);
  });

  it('removeContext forgets everything of a context', () => {
    const { store, time, batches } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    store.applyCandidate(CTX, 'ADDED', leaseCandidate('c1'));
    store.setConnection(CTX, { status: 'stale', reason: 'watch closed' });
    time.advance(1000);
    store.removeContext(CTX);
    time.advance(1000);
    assert.equal(store.size, 0);
    assert.deepEqual(store.candidatesFor(SCHEDULER), []);
    assert.equal(store.connection(CTX).status, 'connected');
    const last = batches[batches.length - 1];
    assert.deepEqual([...(last?.removed ?? [])], [SCHEDULER]);
    assert.deepEqual([...(last?.contexts ?? [])], [CTX]);
  });
});

describe('LockStore: batched notifications', () => {
  it('the first change after a quiet spell goes out on the next turn, not after the interval', () => {
    const { store, time, batches } = setup({ batchIntervalMs: 200 });
    store.apply(CTX, 'ADDED', schedulerLease());
    assert.equal(batches.length, 0, 'never synchronously');
    time.advance(0);
    assert.equal(batches.length, 1);
    assert.deepEqual([...(batches[0]?.changed ?? [])], [SCHEDULER]);
  });

  it('500 events in one second make at most 10 notifications, and none is lost', () => {
    const { store, time, batches } = setup({ batchIntervalMs: 200 });
    const start = time.now();
    const keys = new Set<string>();
    for (let i = 0; i < 500; i++) {
      time.advanceTo(start + i * 2);
      const node = `worker-${i % 50}`;
      const key = store.apply(
        CTX,
        i % 50 === 7 && i > 400 ? 'DELETED' : 'MODIFIED',
        nodeLease(node, new Date(time.now()).toISOString().replace('Z', '000Z'), String(i)),
      );
      if (key !== undefined) keys.add(key);
    }
    time.advance(1000);
    assert.ok(batches.length <= 10, `${batches.length} notifications`);
    assert.ok(batches.length >= 2);
    const seen = new Set(batches.flatMap((b) => [...b.changed, ...b.removed]));
    assert.deepEqual([...seen].sort(), [...keys].sort());
    const last = new Map<string, 'changed' | 'removed'>();
    for (const b of batches) {
      for (const k of b.changed) last.set(k, 'changed');
      for (const k of b.removed) last.set(k, 'removed');
    }
    assert.equal(last.get(`${CTX}/Lease/kube-node-lease/worker-7`), 'removed');
    assert.equal(last.get(`${CTX}/Lease/kube-node-lease/worker-8`), 'changed');
    assert.equal(store.size, 49);
  });

  it('never notifies twice within the interval', () => {
    const { store, time, batches } = setup({ batchIntervalMs: 250 });
    const at: number[] = [];
    store.subscribe(() => at.push(time.now()));
    for (let i = 0; i < 3000; i++) {
      time.advance(1);
      store.apply(CTX, 'MODIFIED', renewal(i % 60, String(i)));
    }
    time.advance(1000);
    for (let i = 1; i < at.length; i++) assert.ok((at[i] ?? 0) - (at[i - 1] ?? 0) >= 250);
    assert.ok(batches.length <= 14);
  });

  it('a key added and then deleted within one batch is reported removed only', () => {
    const { store, time, batches } = setup();
    store.apply(CTX, 'ADDED', configMapLock());
    time.advance(0);
    store.apply(CTX, 'ADDED', schedulerLease());
    store.apply(CTX, 'DELETED', schedulerLease());
    time.advance(1000);
    const b = batches[1];
    assert.deepEqual([[...(b?.changed ?? [])], [...(b?.removed ?? [])]], [[], [SCHEDULER]]);
  });

  it('one failing listener does not keep the others from hearing, and its error surfaces', () => {
    const { store, batches } = setup();
    store.subscribe(() => {
      throw new Error('view broke');
    });
    store.apply(CTX, 'ADDED', schedulerLease());
    assert.throws(() => store.flush(), /view broke/);
    assert.equal(batches.length, 1);
  });

  it('stops notifying after dispose, or after a subscriber disposes its subscription', () => {
    const { store, time, batches } = setup();
    const other: LockStoreChange[] = [];
    const sub = store.subscribe((c) => other.push(c));
    sub.dispose();
    store.apply(CTX, 'ADDED', schedulerLease());
    store.dispose();
    time.advance(1000);
    assert.equal(batches.length, 0);
    assert.equal(other.length, 0);
    assert.equal(time.pendingTimers, 0);
  });
});

describe('LockStore: health and connection state', () => {
  it('computes health on our clock, and marks locks of a disconnected context stale', () => {
    const { store, time, batches } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    time.advance(1000);
    assert.equal(store.health(SCHEDULER)?.status, 'fresh');
    assert.equal(store.health(SCHEDULER, time.now() + 20_000)?.status, 'expired');
    store.setConnection(CTX, { status: 'stale', reason: 'watch disconnected: ECONNRESET' });
    time.advance(1000);
    const h = store.health(SCHEDULER);
    assert.deepEqual([h?.status, h?.unknownReason, h?.lastKnown], ['unknown', 'stale', 'fresh']);
    assert.deepEqual(store.connection(CTX), {
      status: 'stale',
      reason: 'watch disconnected: ECONNRESET',
      since: time.now() - 1000,
    });
    assert.deepEqual([...(batches[batches.length - 1]?.contexts ?? [])], [CTX]);
    store.setConnection(CTX, { status: 'connected' });
    assert.equal(store.health(SCHEDULER)?.status, 'fresh');
  });

  it('takes health thresholds from its options', () => {
    const { store, time } = setup({ health: { expiringShare: 0.1 } });
    store.apply(CTX, 'ADDED', schedulerLease());
    time.advance(2000);
    assert.equal(store.health(SCHEDULER)?.status, 'expiring');
  });

  it('does not notify when the connection state repeats', () => {
    const { store, time, batches } = setup();
    store.setConnection(CTX, { status: 'stale', reason: 'x' });
    time.advance(1000);
    store.setConnection(CTX, { status: 'stale', reason: 'x' });
    time.advance(1000);
    assert.equal(batches.length, 1);
  });

  it('gives a snapshot with everything a view shows', () => {
    const { store } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    store.applyCandidate(CTX, 'ADDED', leaseCandidate('c1'));
    const s = store.snapshot(SCHEDULER);
    assert.equal(s?.lock.view.key, SCHEDULER);
    assert.equal(s?.health.status, 'fresh');
    assert.equal(s?.connection.status, 'connected');
    assert.equal(s?.multiLock, undefined);
    assert.deepEqual(
      s?.candidates.map((c) => c.name),
      ['c1'],
    );
    assert.equal(s?.flapping, false);
  });

  it('flags a lock whose leadership keeps changing', () => {
    const { store, time } = setup();
    store.apply(CTX, 'ADDED', renewal(0, '1', 'a'));
    for (let i = 1; i <= 4; i++) {
      time.advance(30_000);
      store.apply(CTX, 'MODIFIED', renewal(i, String(i + 1), i % 2 === 0 ? 'a' : 'b'));
    }
    assert.equal(store.snapshot(SCHEDULER)?.flapping, true);
  });

  it('judges liveness on the first snapshot: a record that ran out hours ago is probably stopped at once', () => {
    const { store, time } = setup();
    const now = time.now();
    const threeHoursAgo = new Date(now - 3 * 3_600_000).toISOString().replace('Z', '000Z');
    store.apply(CTX, 'ADDED', schedulerLease({ renewTime: threeHoursAgo, leaseDurationSeconds: 3600 }));
    const s = store.snapshot(SCHEDULER)!;
    assert.equal(s.health.status, 'fresh', 'the takeover clock, as client-go keeps it, says held');
    assert.equal(s.state.kind, 'probablyStopped', 'liveness says otherwise, from the first draw');
    assert.equal(s.state.summary, 'probably stopped: expired 2h ago by its record');
    assert.equal(store.stopped(SCHEDULER), true);
  });

  it('measures how its context’s clocks compare with ours on the renewals it sees', () => {
    const { store, time } = setup();
    const at = (offsetMs: number): string => new Date(time.now() + offsetMs).toISOString().replace('Z', '000Z');
    store.apply(CTX, 'ADDED', schedulerLease({ renewTime: at(-60_000) }));
    assert.equal(store.clockOffset(CTX), undefined, 'a first sighting says nothing about clocks');
    time.advance(2000);
    store.apply(CTX, 'MODIFIED', schedulerLease({ renewTime: at(-60_000) }, { resourceVersion: '2' }));
    assert.equal(store.clockOffset(CTX), -60_000);
    // A lock of the same context whose record ran out 40 s ago by those slow clocks: skew explains it.
    store.apply(
      CTX,
      'ADDED',
      schedulerLease({ renewTime: at(-75_000), leaseDurationSeconds: 15 }, { name: 'other', resourceVersion: '3' }),
    );
    const other = store.snapshot(`${CTX}/Lease/kube-system/other`)!;
    assert.equal(other.state.kind, 'notSeenRenewing');
    assert.equal(other.state.skew?.verdict, 'explains');
  });

  it('counts node heartbeats whose record ran out as stopped from the first draw', () => {
    const { store, time } = setup();
    const old = new Date(time.now() - 3 * 60_000).toISOString().replace('Z', '000Z');
    const fresh = new Date(time.now() - 2000).toISOString().replace('Z', '000Z');
    store.apply(CTX, 'ADDED', nodeLease('node-1', old, '1'));
    store.apply(CTX, 'ADDED', nodeLease('node-2', fresh, '2'));
    assert.equal(store.stopped(`${CTX}/Lease/kube-node-lease/node-1`), true);
    assert.equal(store.stopped(`${CTX}/Lease/kube-node-lease/node-2`), false);
  });

  it('keeps the object as received, to mutate what the user saw', () => {
    const { store } = setup();
    const first = schedulerLease();
    store.apply(CTX, 'ADDED', first);
    assert.equal(store.get(SCHEDULER)?.object, first);
    const relabelled = schedulerLease({}, { resourceVersion: '2000', labels: { x: 'y' } });
    store.apply(CTX, 'MODIFIED', relabelled);
    assert.equal(store.get(SCHEDULER)?.object, relabelled);
  });

  it('keeps no raw object for node heartbeats and API server identities (writes re-read them)', () => {
    const { store } = setup();
    const node = `${CTX}/Lease/kube-node-lease/node-1`;
    store.apply(CTX, 'ADDED', nodeLease('node-1'));
    store.apply(CTX, 'MODIFIED', nodeLease('node-1', '2026-11-23T20:10:21.000000Z', '8'));
    assert.equal(store.get(node)?.object, undefined);
    assert.equal(store.get(node)?.view.resourceVersion, '8');
    assert.deepEqual(store.get(node)?.history.renewals().length, 1);
    const identity = schedulerLease(
      { holderIdentity: 'apiserver-1', leaseDurationSeconds: 3600 },
      { name: 'apiserver-abc', labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver' } },
    );
    store.apply(CTX, 'ADDED', identity);
    assert.equal(store.get(`${CTX}/Lease/kube-system/apiserver-abc`)?.view.role, 'apiServerIdentity');
    assert.equal(store.get(`${CTX}/Lease/kube-system/apiserver-abc`)?.object, undefined);
  });
});

describe('LockStore: MultiLocks and LeaseCandidates', () => {
  it('pairs a ConfigMap lock with its Lease and flags disagreement', () => {
    const { store } = setup();
    store.apply(CTX, 'ADDED', configMapLock());
    store.apply(CTX, 'ADDED', legacyControllerLease('node-b'));
    assert.equal(store.multiLock(LEGACY_CM)?.agreement, 'disagree');
    assert.equal(store.multiLock(LEGACY_LEASE)?.agreement, 'disagree');
    assert.equal(store.multiLocks(CTX).length, 1);
    assert.equal(store.multiLocks('other').length, 0);
  });

  it('pairs a Lease with a legacy lock that arrives later, and unpairs it when the legacy lock goes', () => {
    const { store, time, batches } = setup();
    store.apply(CTX, 'ADDED', legacyControllerLease('node-b'));
    store.apply(CTX, 'ADDED', nodeLease('legacy-controller'));
    time.advance(1000);
    assert.equal(store.multiLock(LEGACY_LEASE), undefined);
    store.apply(CTX, 'ADDED', configMapLock());
    time.advance(1000);
    assert.equal(store.multiLock(LEGACY_LEASE)?.agreement, 'disagree');
    assert.deepEqual([...(batches[batches.length - 1]?.changed ?? [])].sort(), [LEGACY_CM, LEGACY_LEASE].sort());
    // Same name, another namespace: not its partner.
    assert.equal(store.multiLock(`${CTX}/Lease/kube-node-lease/legacy-controller`), undefined);
    store.apply(CTX, 'DELETED', configMapLock());
    time.advance(1000);
    assert.equal(store.multiLock(LEGACY_LEASE), undefined);
    assert.deepEqual([...(batches[batches.length - 1]?.changed ?? [])], [LEGACY_LEASE]);
    assert.deepEqual([...(batches[batches.length - 1]?.removed ?? [])], [LEGACY_CM]);
    // And again once it is back.
    store.apply(CTX, 'ADDED', configMapLock());
    assert.equal(store.multiLock(LEGACY_LEASE)?.agreement, 'disagree');
  });

  it('a change to one half notifies both halves', () => {
    const { store, time, batches } = setup();
    store.apply(CTX, 'ADDED', configMapLock());
    store.apply(CTX, 'ADDED', legacyControllerLease());
    time.advance(1000);
    store.apply(CTX, 'MODIFIED', legacyControllerLease('node-b'));
    time.advance(1000);
    assert.deepEqual([...(batches[batches.length - 1]?.changed ?? [])].sort(), [LEGACY_CM, LEGACY_LEASE].sort());
  });

  it('attaches candidates to their Lease and notifies it', () => {
    const { store, time, batches } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    time.advance(1000);
    store.applyCandidate(CTX, 'ADDED', leaseCandidate('b'));
    store.applyCandidate(CTX, 'ADDED', leaseCandidate('a'));
    store.applyCandidate(CTX, 'ADDED', leaseCandidate('other', { leaseName: 'kube-controller-manager' }));
    time.advance(1000);
    assert.deepEqual(
      store.candidatesFor(SCHEDULER).map((c) => c.name),
      ['a', 'b'],
    );
    assert.deepEqual([...(batches[batches.length - 1]?.changed ?? [])], [SCHEDULER]);
    store.applyCandidate(CTX, 'DELETED', leaseCandidate('a'));
    assert.deepEqual(
      store.candidatesFor(SCHEDULER).map((c) => c.name),
      ['b'],
    );
    store.replaceCandidates(CTX, [leaseCandidate('a')]);
    assert.deepEqual(
      store.candidatesFor(SCHEDULER).map((c) => c.name),
      ['a'],
    );
    assert.deepEqual(store.candidatesFor(`${CTX}/Lease/kube-system/kube-controller-manager`), []);
  });
});

describe('LockStore: history seeded from Events', () => {
  it('seeds the history of a lock it has', () => {
    const { store } = setup();
    store.apply(CTX, 'ADDED', schedulerLease());
    const added = store.seedEvents(CTX, [
      leaderEvent('old_1 became leader', '2026-11-23T19:00:00Z'),
      leaderEvent('control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c became leader', '2026-11-23T20:00:05Z'),
      { kind: 'Event', reason: 'Pulled' },
    ]);
    assert.equal(added, 2);
    assert.deepEqual(
      store
        .get(SCHEDULER)
        ?.history.changes()
        .map((c) => c.source),
      ['event', 'event', 'firstSeen'],
    );
  });

  it('keeps events for a lock not seen yet until it arrives', () => {
    const { store } = setup();
    assert.equal(
      store.seedEvents(CTX, [
        {
          kind: 'ConfigMap',
          namespace: 'kube-system',
          name: 'legacy-controller',
          message: 'x became leader',
          time: 1000,
        },
      ]),
      0,
    );
    store.apply(CTX, 'ADDED', configMapLock(annotationRecord()));
    assert.deepEqual(
      store
        .get(LEGACY_CM)
        ?.history.changes()
        .map((c) => [c.source, c.holder]),
      [
        ['event', 'x'],
        ['firstSeen', 'node-a_1b2c3d4e'],
      ],
    );
  });

  it('keeps less history for node heartbeats', () => {
    const { store, time } = setup();
    store.apply(CTX, 'ADDED', nodeLease('w', '2026-11-23T20:10:00.000000Z', '1'));
    for (let i = 1; i <= 20; i++) {
      time.advance(10_000);
      store.apply(
        CTX,
        'MODIFIED',
        nodeLease(
          'w',
          `2026-11-23T20:1${Math.floor(i / 6)}:${String((i % 6) * 10).padStart(2, '0')}.000000Z`,
          String(i + 1),
        ),
      );
    }
    assert.equal(store.get(`${CTX}/Lease/kube-node-lease/w`)?.history.renewals().length, 8);
  });
});
