// One measured party of the cluster benchmark, in its own process:
//   ours      Lease Lens's pipeline: LockMonitor (watchers → LockStore) → DiffBatcher → dashboard rows
//   informer  a plain client-node informer on full objects (the baseline)
// Usage (from clusterBench): node benchConsumer.js <ours|informer> <kubeconfig> <context> <kinds,comma-separated>
// It reports sightings of every object version and, when asked, its CPU, memory and bytes.

import * as k8s from '@kubernetes/client-node';
import { ByteMeter } from '../../src/cluster/kubeHttp';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { DiffBatcher } from '../../src/ui/dashboard/diffBatcher';
import { lockRow } from '../../src/ui/dashboard/lockRows';
import type { ChildMessage, ParentMessage, Sighting } from './benchProtocol';

const [mode = 'ours', kubeconfig = '', contextName = '', kindsArg] = process.argv.slice(2);
const kinds = (kindsArg ?? 'Lease').split(',');
const send = (m: ChildMessage) => process.send?.(m);

let pending: Sighting[] = [];
const flushTimer = setInterval(() => {
  if (pending.length) {
    send({ type: 'seen', batch: pending });
    pending = [];
  }
}, 100);

function sighting(object: unknown): void {
  const m = (object as { metadata?: { namespace?: string; name?: string; resourceVersion?: string } }).metadata;
  if (m?.name && m.resourceVersion) pending.push([`${m.namespace ?? ''}/${m.name}`, m.resourceVersion, Date.now()]);
}

let peakRss = process.memoryUsage.rss();
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 100).unref();
let cpuBase = process.cpuUsage();
let webviewMessages = 0;
let webviewBytes = 0;
let bytes: () => Record<string, number> = () => ({});

process.on('message', (m: ParentMessage) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage(cpuBase);
    send({
      type: 'stats',
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      rssBytes: process.memoryUsage.rss(),
      peakRssBytes: peakRss,
      bytes: bytes(),
      webviewMessages,
      webviewBytes,
    });
  } else if (m.type === 'resetStats') {
    cpuBase = process.cpuUsage();
    peakRss = process.memoryUsage.rss();
    webviewMessages = 0;
    webviewBytes = 0;
  } else if (m.type === 'stop') {
    clearInterval(flushTimer);
    process.exit(0);
  }
});

async function ours(): Promise<void> {
  const meter = new ByteMeter();
  bytes = () => ({
    leases: meter.get('list leases') + meter.get('watch leases'),
    configmaps: meter.get('list configmaps') + meter.get('watch configmaps'),
    endpoints: meter.get('list endpoints') + meter.get('watch endpoints'),
    total: meter.total(),
  });
  const started = Date.now();
  // The extension's own pipeline, as the extension builds it: LockMonitor (kubeconfig, watchers,
  // store), and what the dashboard would be sent, batched diffs of rows at most ten times a second.
  const monitor = new LockMonitor({
    kubeconfig: { path: kubeconfig },
    contexts: [contextName],
    watchKubeconfig: false,
    readEvents: false,
    legacyLocks: kinds.includes('ConfigMap'),
    meter,
    onApplied: (_context, _type, object) => sighting(object),
  });
  const store = monitor.store;
  const batcher = new DiffBatcher((batch) => {
    const now = Date.now();
    const upserts = [];
    for (const key of batch.changed) {
      const s = store.snapshot(key, now);
      if (s) upserts.push(lockRow(s));
    }
    webviewMessages++;
    webviewBytes += Buffer.byteLength(JSON.stringify({ type: 'diff', now, upserts, removed: batch.removed }));
  });
  store.subscribe((change) =>
    batcher.add({
      changed: [...change.changed],
      removed: [...change.removed],
      contextsChanged: change.contexts.size > 0,
    }),
  );
  let synced = false;
  monitor.onDidChangeStatus(() => {
    if (!synced && monitor.statusOf(contextName)?.state === 'connected') {
      synced = true;
      send({ type: 'synced', ms: Date.now() - started, objects: store.size });
    }
  });
  monitor.start();
}

async function informer(): Promise<void> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  kc.setCurrentContext(contextName);
  const coordination = kc.makeApiClient(k8s.CoordinationV1Api);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  // client-node's informer reads through node-fetch; the orchestrator counts its bytes with a
  // byte-counting TCP relay in front of the API server, so nothing is reported here.
  const started = Date.now();
  const informers: (k8s.Informer<k8s.KubernetesObject> & k8s.ObjectCache<k8s.KubernetesObject>)[] = [];
  if (kinds.includes('Lease'))
    informers.push(
      k8s.makeInformer(kc, '/apis/coordination.k8s.io/v1/leases', () => coordination.listLeaseForAllNamespaces()),
    );
  if (kinds.includes('ConfigMap'))
    informers.push(k8s.makeInformer(kc, '/api/v1/configmaps', () => core.listConfigMapForAllNamespaces()));
  if (kinds.includes('Endpoints'))
    informers.push(k8s.makeInformer(kc, '/api/v1/endpoints', () => core.listEndpointsForAllNamespaces()));
  for (const inf of informers) {
    inf.on('update', sighting);
    inf.on('add', sighting);
    inf.on('error', (err: unknown) => send({ type: 'error', message: `informer error: ${String(err)}` }));
  }
  await Promise.all(informers.map((i) => i.start()));
  let objects = 0;
  for (const i of informers) objects += i.list().length;
  send({ type: 'synced', ms: Date.now() - started, objects });
}

(mode === 'informer' ? informer() : ours()).catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
