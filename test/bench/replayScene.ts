// The replay run of `npm run bench -- --scale`: the real API server cannot take 6,500 writes a
// second on two cores, so what it sends Lease Lens in a real 10,000-Lease run is recorded
// (replayRecording.ts) and served back renamed to 65,000 node heartbeats plus the election locks,
// renewed at 6,500 a second (replayServer.ts), while the whole pipeline runs as in the real runs:
// HTTPS, JSON parsing, store, batching, the tree's batches, the dashboard's messages.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { TestCluster } from '../support/testCluster';
import { repoRoot } from '../support/toolPaths';
import { created, startChild, type ChildParty, type Sightings } from './benchParties';
import { keepServingCertificate, readRecording, startRecordingProxy } from './replayRecording';
import { round, until } from './leaseScene';
import { WriteIndex } from './sightings';

export interface ReplayOptions {
  readonly heartbeats: number;
  readonly elections: number;
  /** Renewals a second over all Leases. */
  readonly rate: number;
  readonly seconds: number;
  /** Write a heap snapshot of the pipeline at the end, into this folder. */
  readonly heapSnapshots?: string;
  /** Replay the recording of an earlier run when there is one (for trying changes quickly). */
  readonly reuseRecording?: boolean;
  readonly log: (line: string) => void;
}

export interface ReplayFigures {
  replay_leases: number;
  replay_events_per_s: number;
  replay_cpu_core_share: number;
  replay_peak_rss_mb: number;
  replay_steady_rss_mb: number;
  replay_heap_mb: number;
  /** Heap still in use after a full garbage collection at the end: what is really kept. */
  replay_live_heap_mb: number;
  replay_live_bytes_per_lock: number;
  replay_sync_s: number;
  replay_sync_cpu_s: number;
  replay_list_bytes: number;
  replay_store_p50_ms: number;
  replay_store_p99_ms: number;
  replay_tree_p99_ms: number;
  replay_dashboard_p99_ms: number;
  replay_visible_p50_ms: number;
  replay_visible_p99_ms: number;
  replay_webview_msgs_per_s: number;
  /** The longest a tree batch / dashboard message took to build: the views' own share of latency. */
  replay_tree_batch_max_ms: number;
  replay_dashboard_message_max_ms: number;
  replay_webview_bytes_per_s: number;
  replay_missed: Record<string, number>;
  replay_superseded: Record<string, number>;
  replay_server_behind: number;
  replay_recorded_leases: number;
  replay_load_average: number;
}

const mbText = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const RECORDING_DIR = join(repoRoot, '.build', 'bench', 'replay');
const RECORDED_LEASES = 10_000;
const RECORDED_ELECTIONS = 300;

/** Records what a real API server sends the pipeline in a 10,000-Lease run at 500 renewals/s. */
async function record(log: (line: string) => void): Promise<void> {
  const cluster = await TestCluster.start();
  const { kubeconfig, server, contexts, dir, ca } = cluster.info;
  if (dir === undefined || ca === undefined) throw new Error('kube-testenv did not say where its certificates are');
  const children: ChildParty[] = [];
  try {
    const writer = startChild('renewWriter.js', [
      JSON.stringify({
        kubeconfig,
        context: contexts.admin,
        leases: RECORDED_LEASES,
        elections: RECORDED_ELECTIONS,
      }),
    ]);
    children.push(writer);
    const made = await created(writer);
    log(`  recording: created ${made.count} Leases in ${(made.ms / 1000).toFixed(1)} s`);
    const proxy = await startRecordingProxy(server, ca, RECORDING_DIR);
    const text = readFileSync(kubeconfig, 'utf8');
    const via = join(RECORDING_DIR, 'recording.kubeconfig');
    // client-node refuses plain HTTP unless TLS verification is off (there is no TLS to verify).
    const plain = parse(text) as { clusters?: { cluster: Record<string, unknown> }[] };
    for (const c of plain.clusters ?? [])
      c.cluster = { server: `http://127.0.0.1:${proxy.port}`, 'insecure-skip-tls-verify': true };
    writeFileSync(via, stringify(plain), { mode: 0o600 });
    writeFileSync(join(RECORDING_DIR, 'kubeconfig.template'), text.split(server).join('@@server@@'), { mode: 0o600 });
    const ours = startChild('benchConsumer.js', ['ours', via, contexts.admin]);
    children.push(ours);
    await ours.synced;
    const done = writer.done();
    writer.send({ type: 'go', rate: 500, seconds: 10 });
    const d = await done;
    await new Promise((r) => setTimeout(r, 1000));
    ours.stop();
    await new Promise((r) => setTimeout(r, 500));
    const recording = proxy.save();
    proxy.close();
    keepServingCertificate(dir, RECORDING_DIR);
    log(
      `  recorded ${recording.responses.length} responses (the list of ${RECORDED_LEASES} Leases, the watch with ${d.writes} renewals, discovery, ConfigMaps, Endpoints, LeaseCandidates, Events)`,
    );
  } finally {
    for (const c of children) c.stop();
    await cluster.stop();
  }
}

export async function runReplay(o: ReplayOptions): Promise<ReplayFigures> {
  const log = o.log;
  mkdirSync(RECORDING_DIR, { recursive: true });
  if (o.reuseRecording === true && existsSync(join(RECORDING_DIR, 'recording.json')))
    log(`  replaying the recording of ${readRecording(RECORDING_DIR).recordedAt} (--reuse-recording)`);
  else await record(log);
  const children: ChildParty[] = [];
  try {
    const server = startChild('replayServer.js', [
      JSON.stringify({ dir: RECORDING_DIR, heartbeats: o.heartbeats, elections: o.elections }),
    ]);
    children.push(server);
    const listening = await server.next('listening');
    log(
      `  replay server: ${listening.objects} Leases (${o.heartbeats} node heartbeats, ${o.elections} elections, the cluster's own), list about ${(listening.listBytes / 2 ** 20).toFixed(0)} MB`,
    );
    const kubeconfig = join(RECORDING_DIR, 'replay.kubeconfig');
    writeFileSync(
      kubeconfig,
      readFileSync(join(RECORDING_DIR, 'kubeconfig.template'), 'utf8')
        .split('@@server@@')
        .join(`https://127.0.0.1:${listening.port}`),
      { mode: 0o600 },
    );
    // --expose-gc only for the sample taken after the figures: the live heap once garbage is gone.
    const ours = startChild('benchConsumer.js', ['ours', kubeconfig, 'testenv-admin'], ['--expose-gc']);
    children.push(ours);
    const synced = await ours.synced;
    log(
      `  synced ${synced.objects} locks in ${(synced.ms / 1000).toFixed(2)} s (${(synced.cpuMs / 1000).toFixed(2)} s CPU)`,
    );
    await new Promise((r) => setTimeout(r, 3000));
    ours.send({ type: 'resetStats' });
    const start = Date.now();
    const done = server.done();
    server.send({ type: 'go', rate: o.rate, seconds: o.seconds });
    const d = await done;
    const index = new WriteIndex({ triples: server.writes });
    const views = (): (Sightings | undefined)[] =>
      ['store', 'tree', 'dashboard'].map((p) => ours.seen.get(p as 'store'));
    await until('', 15_000, () => views().every((s) => s !== undefined && s.last >= index.lastRevision)).catch(
      () => undefined,
    );
    const wall = Date.now() - start;
    const stats = await ours.stats();
    const afterGc = ours.next('sample');
    ours.send({ type: 'sample' });
    const live = await afterGc;
    log(
      `  memory at the end: RSS ${mbText(stats.rssBytes)}, heap used ${mbText(stats.heapUsedBytes)} of ${mbText(stats.heapTotalBytes)}, external ${mbText(stats.externalBytes)}; after a full collection ${mbText(live.heapUsedBytes)} live (${Math.round(live.heapUsedBytes / live.locks)} bytes a lock, everything included)`,
    );
    if (o.heapSnapshots !== undefined) {
      // After the figures: writing a snapshot stops the process for seconds.
      mkdirSync(o.heapSnapshots, { recursive: true });
      const path = join(o.heapSnapshots, 'after-replay.heapsnapshot');
      ours.send({ type: 'heapSnapshot', path });
      await ours.next('snapshotWritten');
      log(`  heap snapshot: ${path}`);
    }
    const [store, tree, dashboard] = views().map((s) => index.match(s?.batches ?? []));
    const mb = (b: number) => round(b / 2 ** 20, 0);
    return {
      replay_leases: synced.objects,
      replay_events_per_s: round(d.writes / o.seconds, 0),
      replay_cpu_core_share: round((stats.cpuUserMs + stats.cpuSystemMs) / wall, 3),
      replay_peak_rss_mb: mb(stats.maxRssBytes),
      replay_steady_rss_mb: mb(stats.peakRssSinceResetBytes),
      replay_heap_mb: mb(stats.heapUsedBytes),
      replay_live_heap_mb: mb(live.heapUsedBytes),
      replay_live_bytes_per_lock: Math.round(live.heapUsedBytes / live.locks),
      replay_sync_s: round(synced.ms / 1000, 2),
      replay_sync_cpu_s: round(synced.cpuMs / 1000, 2),
      replay_list_bytes: listening.listBytes,
      replay_store_p50_ms: round(store!.p50, 1),
      replay_store_p99_ms: round(store!.p99, 1),
      replay_tree_p99_ms: round(tree!.p99, 1),
      replay_dashboard_p99_ms: round(dashboard!.p99, 1),
      replay_visible_p50_ms: round(Math.max(tree!.p50, dashboard!.p50), 1),
      replay_visible_p99_ms: round(Math.max(tree!.p99, dashboard!.p99), 1),
      replay_webview_msgs_per_s: round(stats.webviewMessages / (wall / 1000), 1),
      replay_tree_batch_max_ms: round(stats.treeBatchMaxMs, 1),
      replay_dashboard_message_max_ms: round(stats.dashboardMessageMaxMs, 1),
      replay_webview_bytes_per_s: round(stats.webviewBytes / (wall / 1000), 0),
      replay_missed: { store: store!.missed, tree: tree!.missed, dashboard: dashboard!.missed },
      replay_superseded: { tree: tree!.superseded, dashboard: dashboard!.superseded },
      replay_server_behind: d.behind,
      replay_recorded_leases: RECORDED_LEASES,
      replay_load_average: round(loadavg()[0]!, 2),
    };
  } finally {
    for (const c of children) c.stop();
  }
}
