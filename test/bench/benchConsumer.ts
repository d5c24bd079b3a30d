// One measured party of the cluster benchmark, in its own process:
//   ours      Lease Lens's pipeline with the extension's default configuration (Leases,
//             ConfigMaps and Endpoints as metadata, LeaseCandidates where served, LeaderElection
//             Events read once): LockMonitor (watchers → LockStore) → the tree's change batches and
//             the dashboard's messages (benchViews.ts)
//   informer  plain client-node informers on full objects of the same kinds (the baseline), listing
//             from the API server's watch cache (resourceVersion=0) as ours does
// Usage (from clusterBench): node benchConsumer.js <ours|informer> <kubeconfig> <context,…> [legacy=1]
// It reports sightings of every object version and, when asked, its CPU, memory and bytes.

import * as k8s from '@kubernetes/client-node';
import { writeHeapSnapshot } from 'node:v8';
import { ByteMeter } from '../../src/cluster/kubeHttp';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { BenchViews, type ViewCounters } from './benchViews';
import { revision, SightingBuffer, type ChildMessage, type ParentMessage, type Party } from './benchProtocol';

const [mode = 'ours', kubeconfig = '', contextsArg = '', legacyArg = '1'] = process.argv.slice(2);
const contexts = contextsArg.split(',').filter((c) => c !== '');
const legacyLocks = legacyArg !== '0';
const send = (m: ChildMessage) => process.send?.(m);

const buffers = new Map<Party, SightingBuffer>();
function buffer(party: Party): SightingBuffer {
  let b = buffers.get(party);
  if (b === undefined) buffers.set(party, (b = new SightingBuffer(party, send)));
  return b;
}
const flushTimer = setInterval(() => {
  for (const b of buffers.values()) b.flush();
}, 100);

function sighting(party: Party, object: unknown): void {
  const rv = revision((object as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion);
  if (!Number.isNaN(rv)) buffer(party).add(rv, Date.now());
}

let peakRss = process.memoryUsage.rss();
// LEASE_LENS_BENCH_MEMORY_TRACE=1 prints the memory every 250 ms on stderr (where the peak comes from).
const traceMemory = process.env.LEASE_LENS_BENCH_MEMORY_TRACE === '1';
const born = Date.now();
setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  if (traceMemory) {
    const m = process.memoryUsage();
    const mb = (b: number) => (b / 2 ** 20).toFixed(0);
    console.error(
      `[memory] ${((Date.now() - born) / 1000).toFixed(2)} s rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} buffers ${mb(m.arrayBuffers)}`,
    );
  }
}, 100).unref();
let cpuBase = process.cpuUsage();
let counters: ViewCounters = {
  webviewMessages: 0,
  webviewBytes: 0,
  treeBatches: 0,
  treeItems: 0,
  treeBatchMaxMs: 0,
  dashboardMessageMaxMs: 0,
};
let countersBase: ViewCounters = { ...counters };
let bytes: () => Record<string, number> = () => ({});
let lockCount: () => number = () => 0;

// The orchestrator is gone (killed, crashed): nobody will read what this process measures.
process.on('disconnect', () => process.exit(0));
process.on('message', (m: ParentMessage) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage(cpuBase);
    const memory = process.memoryUsage();
    send({
      type: 'stats',
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
      rssBytes: memory.rss,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      peakRssSinceResetBytes: Math.max(peakRss, memory.rss),
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      externalBytes: memory.external,
      bytes: bytes(),
      webviewMessages: counters.webviewMessages - countersBase.webviewMessages,
      webviewBytes: counters.webviewBytes - countersBase.webviewBytes,
      treeBatches: counters.treeBatches - countersBase.treeBatches,
      treeItems: counters.treeItems - countersBase.treeItems,
      treeBatchMaxMs: counters.treeBatchMaxMs,
      dashboardMessageMaxMs: counters.dashboardMessageMaxMs,
    });
  } else if (m.type === 'resetStats') {
    cpuBase = process.cpuUsage();
    peakRss = process.memoryUsage.rss();
    counters.treeBatchMaxMs = 0;
    counters.dashboardMessageMaxMs = 0;
    countersBase = { ...counters };
  } else if (m.type === 'sample') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const resources = process.getActiveResourcesInfo();
    send({
      type: 'sample',
      heapUsedBytes: process.memoryUsage().heapUsed,
      rssBytes: process.memoryUsage.rss(),
      sockets: resources.filter((r) => r === 'TCPSocketWrap' || r === 'TLSSocketWrap').length,
      timers: resources.filter((r) => r === 'Timeout').length,
      locks: lockCount(),
    });
  } else if (m.type === 'heapSnapshot') {
    writeHeapSnapshot(m.path);
    send({ type: 'snapshotWritten' });
  } else if (m.type === 'stop') {
    clearInterval(flushTimer);
    for (const b of buffers.values()) b.flush();
    process.exit(0);
  }
});

function ours(): void {
  const meter = new ByteMeter();
  bytes = () => ({
    leases: meter.get('list leases') + meter.get('watch leases'),
    configmaps: meter.get('list configmaps') + meter.get('watch configmaps'),
    endpoints: meter.get('list endpoints') + meter.get('watch endpoints'),
    leasecandidates: meter.get('list leasecandidates') + meter.get('watch leasecandidates'),
    events: meter.get('events'),
    total: meter.total(),
  });
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  // The extension's own pipeline with its default configuration, as MonitorHost builds it.
  const monitor = new LockMonitor({
    kubeconfig: { path: kubeconfig },
    contexts,
    watchKubeconfig: false,
    ...(legacyLocks ? {} : { legacyLocks: false }),
    meter,
    // LEASE_LENS_BENCH_LOG=1 shows the monitor's log (connections, retries) on stderr.
    ...(process.env.LEASE_LENS_BENCH_LOG === '1' ? { log: (m: string) => console.error(`[ours] ${m}`) } : {}),
    onApplied: (_context, _type, object) => sighting('store', object),
  });
  const views = new BenchViews(monitor, {
    tree: (rv, at) => buffer('tree').add(rv, at),
    dashboard: (rv, at) => buffer('dashboard').add(rv, at),
  });
  counters = views.counters;
  lockCount = () => monitor.store.size;
  // The dashboard is open from the start (it receives the initial sync as diffs), or opened once
  // synced (LEASE_LENS_BENCH_DASHBOARD=late: one snapshot of every row).
  const dashboardLate = process.env.LEASE_LENS_BENCH_DASHBOARD === 'late';
  if (!dashboardLate) views.openDashboard();
  let synced = false;
  monitor.onDidChangeStatus(() => {
    if (!synced && contexts.every((c) => monitor.statusOf(c)?.state === 'connected')) {
      synced = true;
      if (dashboardLate) views.openDashboard();
      const cpu = process.cpuUsage(cpuAtStart);
      send({
        type: 'synced',
        ms: Date.now() - started,
        objects: monitor.store.size,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
    }
  });
  monitor.start();
}

async function informer(): Promise<void> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  kc.setCurrentContext(contexts[0] ?? '');
  const coordination = kc.makeApiClient(k8s.CoordinationV1Api);
  const candidates = kc.makeApiClient(k8s.CoordinationV1beta1Api);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  // client-node's informer reads through node-fetch; the orchestrator counts its bytes with a
  // byte-counting TCP relay in front of the API server, so nothing is reported here.
  // resourceVersion=0: served from the watch cache, as ours and client-go's reflector list.
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  const fromCache = { resourceVersion: '0' };
  const informers: (k8s.Informer<k8s.KubernetesObject> & k8s.ObjectCache<k8s.KubernetesObject>)[] = [
    k8s.makeInformer(kc, '/apis/coordination.k8s.io/v1/leases', () =>
      coordination.listLeaseForAllNamespaces(fromCache),
    ),
    k8s.makeInformer(kc, '/apis/coordination.k8s.io/v1beta1/leasecandidates', () =>
      candidates.listLeaseCandidateForAllNamespaces(fromCache),
    ),
  ];
  if (legacyLocks)
    informers.push(
      k8s.makeInformer(kc, '/api/v1/configmaps', () => core.listConfigMapForAllNamespaces(fromCache)),
      k8s.makeInformer(kc, '/api/v1/endpoints', () => core.listEndpointsForAllNamespaces(fromCache)),
    );
  for (const inf of informers) {
    inf.on('update', (o) => sighting('informer', o));
    inf.on('add', (o) => sighting('informer', o));
    inf.on('error', (err: unknown) => send({ type: 'error', message: `informer error: ${String(err)}` }));
  }
  await Promise.all(informers.map((i) => i.start()));
  let objects = 0;
  for (const i of informers) objects += i.list().length;
  const cpu = process.cpuUsage(cpuAtStart);
  send({ type: 'synced', ms: Date.now() - started, objects, cpuMs: (cpu.user + cpu.system) / 1000 });
}

try {
  if (mode === 'informer') void informer().catch(fail);
  else ours();
} catch (err) {
  fail(err);
}

function fail(err: unknown): void {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
