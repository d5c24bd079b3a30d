// Micro-benchmark of the lock store: 10,000 locks, then 500 renewals a second for a few simulated
// seconds on a fake clock. Prints throughput, cost per event, notifications and heap; asserts
// nothing. Run: node scripts/build.mjs && node out/test/bench/storeBench.js [seconds]

import { formatMicroTime, LockStore, type KubeObject, type LockStoreChange } from '../../src/core';
import { FakeTime } from '../fixtures/fakeTime';

const LOCKS = 10_000;
const EVENTS_PER_SECOND = 500;
const SECONDS = Number(process.argv[2] ?? 10);
const CONTEXT = 'bench';

function nodeLease(i: number, renewMs: number, rv: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: `node-${i}`, namespace: 'kube-node-lease', uid: `uid-${i}`, resourceVersion: String(rv) },
    spec: { holderIdentity: `node-${i}`, leaseDurationSeconds: 40, renewTime: formatMicroTime(renewMs) },
  };
}

function electionLease(i: number, renewMs: number, rv: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: `controller-${i}`, namespace: `team-${i % 50}`, uid: `uid-e${i}`, resourceVersion: String(rv) },
    spec: {
      holderIdentity: `pod-${i % 3}_0b1c2d3e`,
      leaseDurationSeconds: 15,
      acquireTime: formatMicroTime(renewMs - 60_000),
      renewTime: formatMicroTime(renewMs),
      leaseTransitions: i % 7,
    },
  };
}

function configMapLock(i: number, renewMs: number, rv: number): KubeObject {
  const at = new Date(renewMs).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `legacy-${i}`,
      namespace: 'kube-system',
      resourceVersion: String(rv),
      annotations: {
        'control-plane.alpha.kubernetes.io/leader': JSON.stringify({
          holderIdentity: 'old_1',
          leaseDurationSeconds: 15,
          acquireTime: at,
          renewTime: at,
          leaderTransitions: 0,
        }),
      },
    },
  };
}

// 90% node heartbeats, as in a large cluster; the rest elections, a few of them legacy.
function lockObject(i: number, renewMs: number, rv: number): KubeObject {
  if (i < LOCKS * 0.9) return nodeLease(i, renewMs, rv);
  if (i < LOCKS * 0.99) return electionLease(i, renewMs, rv);
  return configMapLock(i, renewMs, rv);
}

/** Wall and CPU milliseconds of `run` (CPU time is what other processes on the machine cannot inflate). */
function measure(run: () => void): { wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  run();
  const wallMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function both(m: { wallMs: number; cpuMs: number }): string {
  return `${m.wallMs.toFixed(1)} ms wall, ${m.cpuMs.toFixed(1)} ms CPU`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const time = new FakeTime();
const store = new LockStore({ clock: time.clock, scheduler: time, batchIntervalMs: 200 });
let notifications = 0;
// A view's work per notification: recompute health of what changed.
store.subscribe((change: LockStoreChange) => {
  notifications++;
  for (const key of change.changed) store.health(key);
});

const heapBefore = process.memoryUsage().heapUsed;

// 1. The initial list: 10,000 locks in one re-list.
let rv = 1;
const initial: KubeObject[] = [];
for (let i = 0; i < LOCKS; i++) initial.push(lockObject(i, time.now() - (i % 10) * 1000, rv++));
const list = measure(() => store.replace(CONTEXT, initial));
time.advance(1000);
// The same list into a second store, with the code warmed up (the first list pays for the JIT).
const warmStore = new LockStore({ clock: time.clock, scheduler: time });
const warmList = measure(() => warmStore.replace(CONTEXT, initial));
warmStore.dispose();

// 2. Renewals at 500 events a second for SECONDS simulated seconds, random locks.
let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const events = EVENTS_PER_SECOND * SECONDS;
const objects: KubeObject[] = [];
for (let n = 0; n < events; n++) {
  const i = Math.floor(random() * LOCKS);
  objects.push(lockObject(i, time.now() + n * (1000 / EVENTS_PER_SECOND), rv++));
}
const notificationsBefore = notifications;
const renewals = measure(() => {
  for (let n = 0; n < events; n++) {
    time.advance(1000 / EVENTS_PER_SECOND);
    store.apply(CONTEXT, 'MODIFIED', objects[n]);
  }
  time.advance(1000);
});
const eventNotifications = notifications - notificationsBefore;

// 3. A full redraw: health of every lock.
const statuses = new Map<string, number>();
const redraw = measure(() => {
  for (const lock of store.locks()) {
    const s = store.health(lock.view.key)?.status ?? 'none';
    statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }
});

const heapAfter = process.memoryUsage().heapUsed;

const perEventMs = Math.min(renewals.wallMs, renewals.cpuMs) / events;
console.log(
  `lock store micro-benchmark (${LOCKS} locks, ${EVENTS_PER_SECOND} events/s for ${SECONDS} simulated s; Node ${process.version})`,
);
console.log(
  `  initial re-list of ${LOCKS} locks:  ${both(list)} (${((list.cpuMs / LOCKS) * 1000).toFixed(1)} µs CPU per lock)`,
);
console.log(
  `  same list, warm, into a new store: ${both(warmList)} (${((warmList.cpuMs / LOCKS) * 1000).toFixed(1)} µs CPU per lock)`,
);
console.log(`  renewal events applied:         ${events} in ${both(renewals)}`);
console.log(
  `  events/s processed:             ${Math.round(events / (renewals.wallMs / 1000)).toLocaleString('en-US')} by wall time, ${Math.round(events / (renewals.cpuMs / 1000)).toLocaleString('en-US')} by CPU time`,
);
console.log(
  `  ms per event:                   ${perEventMs.toFixed(4)} (apply, notification, health of the changed keys)`,
);
console.log(
  `  notifications:                  ${eventNotifications} for ${events} events (${(eventNotifications / (SECONDS + 1)).toFixed(1)} per simulated s)`,
);
console.log(`  health of all ${store.size} locks:    ${both(redraw)}  ${JSON.stringify(Object.fromEntries(statuses))}`);
console.log(
  `  heap used:                      ${mb(heapAfter)} (${mb(heapAfter - heapBefore)} more than before the store, test objects included)`,
);
store.dispose();
