// Micro-benchmark of the attention count on a large cluster: 65,000 node heartbeats renewing every
// 10 s (6,500 a second) and 500 elections renewing every 2 s, on a fake clock. Compares what the
// AttentionIndex costs (change batches plus due rechecks) with judging every lock once a second.
// Prints; asserts nothing. Run: node scripts/build.mjs && node out/test/bench/attentionBench.js [seconds]

import { AttentionIndex, formatMicroTime, lockAttention, LockStore, type KubeObject } from '../../src/core';
import { FakeTime } from '../fixtures/fakeTime';

const HEARTBEATS = 65_000;
const ELECTIONS = 500;
const SECONDS = Number(process.argv[2] ?? 20);
const CONTEXT = 'bench';

function heartbeat(i: number, renewMs: number, rv: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: `node-${i}`, namespace: 'kube-node-lease', uid: `n${i}`, resourceVersion: String(rv) },
    spec: { holderIdentity: `node-${i}`, leaseDurationSeconds: 40, renewTime: formatMicroTime(renewMs) },
  };
}

function election(i: number, renewMs: number, rv: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: `controller-${i}`, namespace: `team-${i % 50}`, uid: `e${i}`, resourceVersion: String(rv) },
    spec: {
      holderIdentity: `pod-${i}_0b1c`,
      leaseDurationSeconds: 15,
      renewTime: formatMicroTime(renewMs),
      leaseTransitions: 0,
    },
  };
}

const time = new FakeTime();
const store = new LockStore({ clock: time.clock, scheduler: time });
const index = new AttentionIndex();
let rv = 1;
store.replace(CONTEXT, [
  ...Array.from({ length: HEARTBEATS }, (_, i) => heartbeat(i, time.now(), rv++)),
  ...Array.from({ length: ELECTIONS }, (_, i) => election(i, time.now(), rv++)),
]);
store.flush();
let t0 = performance.now();
index.rebuild(store, time.now());
const rebuildMs = performance.now() - t0;

let indexMs = 0;
let batches = 0;
let keys = 0;
store.subscribe((change) => {
  const start = performance.now();
  index.apply(change, time.now());
  indexMs += performance.now() - start;
  batches++;
  keys += change.changed.size;
});

// One simulated second at a time: 6,500 heartbeats and 250 elections renew (one election in 50
// has stopped, so some locks do need attention once their lease runs out), then the tick.
const stoppedEvery = 50;
let scanMs = 0;
for (let s = 0; s < SECONDS; s++) {
  for (let k = 0; k < 20; k++) {
    // 50 ms slices, so the store's 200 ms batches see realistic mixes.
    for (let n = 0; n < HEARTBEATS / 10 / 20; n++) {
      const i = (s * (HEARTBEATS / 10) + k * (HEARTBEATS / 200) + n) % HEARTBEATS;
      store.apply(CONTEXT, 'MODIFIED', heartbeat(i, time.now(), rv++));
    }
    // Elections of one parity renew in even seconds, the others in odd ones: every 2 s each.
    for (let i = k * (ELECTIONS / 20); i < (k + 1) * (ELECTIONS / 20); i++) {
      if (i % 2 === s % 2 && i % stoppedEvery !== 0) store.apply(CONTEXT, 'MODIFIED', election(i, time.now(), rv++));
    }
    time.advance(50);
  }
  t0 = performance.now();
  index.tick(time.now());
  indexMs += performance.now() - t0;
  // What a scan of every lock once a second would cost.
  t0 = performance.now();
  let counted = 0;
  for (const lock of store.locks()) {
    const e = store.evidence(lock.view.key, time.now());
    if (e !== undefined && lockAttention(e, time.now(), store.thresholds, lock.view.role) !== undefined) counted++;
  }
  scanMs += performance.now() - t0;
  if (counted !== index.size) console.log(`second ${s}: the scan counts ${counted}, the index ${index.size}`);
}

console.log(
  [
    `attention count: ${HEARTBEATS.toLocaleString('en-US')} node heartbeats + ${ELECTIONS} elections, ${SECONDS} s simulated`,
    `  rebuild (a new monitor): ${rebuildMs.toFixed(1)} ms`,
    `  incremental: ${(indexMs / SECONDS).toFixed(2)} ms per second (${batches} batches, ${Math.round(keys / SECONDS).toLocaleString('en-US')} changed keys a second, ${index.evaluations.toLocaleString('en-US')} verdicts in all)`,
    `  full scan every second instead: ${(scanMs / SECONDS).toFixed(1)} ms per second`,
    `  needing attention at the end: ${index.size}`,
  ].join('\n'),
);
store.dispose();
