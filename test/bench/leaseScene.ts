// One Lease scene against the real API server: Leases created, then renewed at a fixed rate while
// Lease Lens (store, tree, dashboard), kubectl and a plain informer watch through identical relays.
// With `ramp`, the rate is first raised step by step to the highest the API server sustains here,
// and the measured run happens at that rate.

import { loadavg } from 'node:os';
import { TestCluster } from '../support/testCluster';
import {
  byteCountingRelay,
  created,
  kubeconfigVia,
  startChild,
  startKubectl,
  type ChildParty,
  type Relay,
  type Sightings,
} from './benchParties';
import type { Party } from './benchProtocol';
import { red } from './benchReport';
import { WriteIndex, type PartyLatency } from './sightings';

export interface LeaseSceneOptions {
  readonly leases: number;
  readonly elections?: number;
  /** Renewals a second in the measured run (with `ramp`: the rate to start from is ramp[0]). */
  readonly rate: number;
  readonly seconds: number;
  /** Raise the rate through these steps (each `rampSeconds`) while the server keeps up. */
  readonly ramp?: readonly number[];
  readonly rampSeconds?: number;
  /** Run the full-object informer beside (default true). */
  readonly informer?: boolean;
  readonly log: (line: string) => void;
}

export const PARTIES: readonly Party[] = ['store', 'tree', 'dashboard', 'kubectl', 'informer'];

export interface RampStep {
  readonly rate: number;
  readonly achieved: number;
  readonly errors: number;
  readonly behind: number;
  readonly write_p99_ms: number;
  readonly sustained: boolean;
}

export interface LeaseFigures {
  leases: number;
  renewals_per_s: number;
  /** The rate asked of the writer (renewals_per_s is what it managed). */
  target_renewals_per_s: number;
  writes: number;
  /** write → store (the watch event has reached the store). */
  p50_ms: number;
  p99_ms: number;
  tree_p50_ms: number;
  tree_p99_ms: number;
  dashboard_p50_ms: number;
  dashboard_p99_ms: number;
  /** The slower of the two views. */
  visible_p99_ms: number;
  visible_p99_ratio_vs_kubectl: number;
  kubectl_p50_ms: number;
  kubectl_p99_ms: number;
  informer_p50_ms: number;
  informer_p99_ms: number;
  p99_ratio_vs_kubectl: number;
  seen: Record<string, number>;
  missed: Record<string, number>;
  superseded: Record<string, number>;
  sync_s: number;
  sync_cpu_s: number;
  informer_sync_s: number;
  kubectl_sync_s: number;
  cpu_core_share: number;
  informer_cpu_core_share: number;
  kubectl_cpu_core_share: number;
  /** Highest RSS in the steady state (after sync). */
  rss_mb: number;
  /** Highest RSS of the process's life, the initial sync included (getrusage). */
  peak_rss_mb: number;
  informer_rss_mb: number;
  informer_peak_rss_mb: number;
  kubectl_peak_rss_mb: number;
  sync_bytes: number;
  informer_sync_bytes: number;
  kubectl_sync_bytes: number;
  watch_bytes: number;
  informer_watch_bytes: number;
  kubectl_watch_bytes: number;
  webview_msgs_per_s: number;
  webview_bytes_per_s: number;
  tree_batches_per_s: number;
  tree_items_per_s: number;
  load_average: number;
  ramp?: RampStep[];
  max_real_renewals_per_s?: number;
}

export async function runLeaseScene(scene: LeaseSceneOptions): Promise<LeaseFigures> {
  const log = scene.log;
  const cluster = await TestCluster.start();
  const { kubeconfig, server, contexts } = cluster.info;
  const children: ChildParty[] = [];
  const relays: Relay[] = [];
  let kubectl: ReturnType<typeof startKubectl> | undefined;
  try {
    const writer = startChild('renewWriter.js', [
      JSON.stringify({ kubeconfig, context: contexts.admin, leases: scene.leases, elections: scene.elections }),
    ]);
    children.push(writer);
    const made = await created(writer);
    log(`  created ${made.count} Leases in ${(made.ms / 1000).toFixed(1)} s`);

    const relay = async (name: string) => {
      const r = await byteCountingRelay(new URL(server));
      relays.push(r);
      return { relay: r, kubeconfig: kubeconfigVia(kubeconfig, server, r.port, name) };
    };
    const oursVia = await relay('ours');
    const informerVia = scene.informer === false ? undefined : await relay('informer');
    const kubectlVia = await relay('kubectl');
    const t0 = Date.now();
    const ours = startChild('benchConsumer.js', ['ours', oursVia.kubeconfig, contexts.admin]);
    children.push(ours);
    const informer =
      informerVia && startChild('benchConsumer.js', ['informer', informerVia.kubeconfig, contexts.admin]);
    if (informer) children.push(informer);
    kubectl = startKubectl(kubectlVia.kubeconfig, contexts.admin);
    const syncBytes = { ours: 0, informer: 0, kubectl: 0 };
    const [oursSynced, informerSynced] = await Promise.all([
      ours.synced.then((s) => ((syncBytes.ours = oursVia.relay.bytes()), s)),
      informer?.synced.then((s) => ((syncBytes.informer = informerVia!.relay.bytes()), s)),
      until('kubectl listed every Lease', 300_000, () => kubectl!.lines() >= scene.leases).then(
        () => (syncBytes.kubectl = kubectlVia.relay.bytes()),
      ),
    ]);
    const kubectlSyncMs = Date.now() - t0;
    log(
      `  synced: ours ${(oursSynced.ms / 1000).toFixed(2)} s${informerSynced ? `, informer ${(informerSynced.ms / 1000).toFixed(2)} s` : ''}, kubectl ${(kubectlSyncMs / 1000).toFixed(2)} s`,
    );
    await new Promise((r) => setTimeout(r, 1000));

    let rate = scene.rate;
    let ramp: RampStep[] | undefined;
    if (scene.ramp !== undefined) {
      ramp = [];
      const stepSeconds = scene.rampSeconds ?? 10;
      for (const step of scene.ramp) {
        const done = writer.done();
        writer.send({ type: 'go', rate: step, seconds: stepSeconds });
        const d = await done;
        const achieved = d.writes / stepSeconds;
        // Sustained: every write done, none refused, and answered within a second at p99 (a
        // kubelet's renewal must land well inside its 40 s lease, an elector's inside 10 s).
        const p99 = d.p99Ms ?? NaN;
        const sustained = d.errors === 0 && d.behind === 0 && achieved >= 0.95 * step && p99 <= 1000;
        ramp.push({
          rate: step,
          achieved: round(achieved, 1),
          errors: d.errors,
          behind: d.behind,
          write_p99_ms: round(p99, 0),
          sustained,
        });
        log(
          `  ramp ${step}/s: ${achieved.toFixed(0)}/s written, write p99 ${p99.toFixed(0)} ms, ${d.errors} errors, ${d.behind} not sent (server behind): ${sustained ? 'sustained' : 'NOT sustained'}`,
        );
        if (!sustained) break;
        rate = step;
        await new Promise((r) => setTimeout(r, 2000));
      }
      log(`  measuring at ${rate}/s`);
    }

    for (const p of children) p.send({ type: 'resetStats' });
    const kubectlBefore = kubectl.usage();
    const steadyStart = Date.now();
    const bytesAtStart = relays.map((r) => r.bytes());
    const firstWrite = writer.writes.length;
    const done = writer.done();
    writer.send({ type: 'go', rate, seconds: scene.seconds });
    const d = await done;
    if (d.writes < 0.95 * rate * scene.seconds)
      log(
        red(
          `  the writer managed ${(d.writes / scene.seconds).toFixed(0)} renewals/s of the ${rate} asked (write p99 ${Math.round(d.p99Ms ?? NaN)} ms): the API server or the machine did not keep up; the figures are for what was written`,
        ),
      );
    const index = new WriteIndex({ triples: writer.writes.slice(firstWrite) });
    // Wait until every party has shown the last write (or 15 s): a late write is late, not missed.
    const parties = () => [
      ours.seen.get('store'),
      ours.seen.get('tree'),
      ours.seen.get('dashboard'),
      kubectl!.seen,
      informer?.seen.get('informer'),
    ];
    await until('', 15_000, () => parties().every((s) => s === undefined || s.last >= index.lastRevision)).catch(
      () => undefined,
    );
    const wall = Date.now() - steadyStart;
    const [oursStats, informerStats] = await Promise.all([ours.stats(), informer?.stats()]);
    const kubectlAfter = kubectl.usage();
    const match = (s: Sightings | undefined): PartyLatency => index.match(s?.batches ?? []);
    const f = {
      store: match(ours.seen.get('store')),
      tree: match(ours.seen.get('tree')),
      dashboard: match(ours.seen.get('dashboard')),
      kubectl: match(kubectl.seen),
      informer: informer ? match(informer.seen.get('informer')) : undefined,
    };
    const cpu = (s: { cpuUserMs: number; cpuSystemMs: number }) => (s.cpuUserMs + s.cpuSystemMs) / wall;
    const visible = Math.max(f.tree.p99, f.dashboard.p99);
    const counts = (pick: (l: PartyLatency) => number) => {
      const out: Record<string, number> = {};
      for (const [name, l] of Object.entries(f)) if (l) out[name] = pick(l);
      return out;
    };
    const mb = (b: number) => round(b / 2 ** 20, 0);
    const [oursRelay, informerRelay, kubectlRelay] = [oursVia.relay, informerVia?.relay, kubectlVia.relay];
    const bytesSince = (r: Relay | undefined) => (r === undefined ? NaN : r.bytes() - bytesAtStart[relays.indexOf(r)]!);
    return {
      leases: scene.leases,
      renewals_per_s: round(d.writes / scene.seconds, 1),
      target_renewals_per_s: rate,
      writes: d.writes,
      p50_ms: round(f.store.p50, 1),
      p99_ms: round(f.store.p99, 1),
      tree_p50_ms: round(f.tree.p50, 1),
      tree_p99_ms: round(f.tree.p99, 1),
      dashboard_p50_ms: round(f.dashboard.p50, 1),
      dashboard_p99_ms: round(f.dashboard.p99, 1),
      visible_p99_ms: round(visible, 1),
      visible_p99_ratio_vs_kubectl: round(visible / f.kubectl.p99, 2),
      kubectl_p50_ms: round(f.kubectl.p50, 1),
      kubectl_p99_ms: round(f.kubectl.p99, 1),
      informer_p50_ms: round(f.informer?.p50 ?? NaN, 1),
      informer_p99_ms: round(f.informer?.p99 ?? NaN, 1),
      p99_ratio_vs_kubectl: round(f.store.p99 / f.kubectl.p99, 2),
      seen: counts((l) => l.seen),
      missed: counts((l) => l.missed),
      superseded: counts((l) => l.superseded),
      sync_s: round(oursSynced.ms / 1000, 2),
      sync_cpu_s: round(oursSynced.cpuMs / 1000, 2),
      informer_sync_s: round((informerSynced?.ms ?? NaN) / 1000, 2),
      kubectl_sync_s: round(kubectlSyncMs / 1000, 2),
      cpu_core_share: round(cpu(oursStats), 3),
      informer_cpu_core_share: round(informerStats ? cpu(informerStats) : NaN, 3),
      kubectl_cpu_core_share: round((kubectlAfter.cpuMs - kubectlBefore.cpuMs) / wall, 3),
      rss_mb: mb(oursStats.peakRssSinceResetBytes),
      peak_rss_mb: mb(oursStats.maxRssBytes),
      informer_rss_mb: mb(informerStats?.peakRssSinceResetBytes ?? NaN),
      informer_peak_rss_mb: mb(informerStats?.maxRssBytes ?? NaN),
      kubectl_peak_rss_mb: mb(kubectlAfter.rssBytes),
      sync_bytes: syncBytes.ours,
      informer_sync_bytes: informer ? syncBytes.informer : NaN,
      kubectl_sync_bytes: syncBytes.kubectl,
      watch_bytes: bytesSince(oursRelay),
      informer_watch_bytes: bytesSince(informerRelay),
      kubectl_watch_bytes: bytesSince(kubectlRelay),
      webview_msgs_per_s: round(oursStats.webviewMessages / (wall / 1000), 1),
      webview_bytes_per_s: round(oursStats.webviewBytes / (wall / 1000), 0),
      tree_batches_per_s: round(oursStats.treeBatches / (wall / 1000), 1),
      tree_items_per_s: round(oursStats.treeItems / (wall / 1000), 0),
      load_average: round(loadavg()[0]!, 2),
      ...(ramp === undefined ? {} : { ramp, max_real_renewals_per_s: rate }),
    };
  } finally {
    kubectl?.stop();
    for (const c of children) c.stop();
    for (const r of relays) r.close();
    await cluster.stop();
  }
}

export async function until(what: string, timeoutMs: number, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function round(n: number, digits: number): number {
  if (!Number.isFinite(n)) return NaN;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
