// `npm run bench -- --scale`: the largest clusters.
//   real    the real kube-apiserver with as many Leases as it holds here, renewals raised step by
//           step to the highest rate it sustains, measured there beside kubectl
//   replay  65,000 node heartbeats at 6,500 renewals/s, replayed from a recorded real run
//   many    20 contexts on several real API servers at once, resources per context

import { loadavg } from 'node:os';
import { mark, missedText, red, table } from './benchReport';
import { runLeaseScene, round, type LeaseFigures } from './leaseScene';
import { runManyContexts, type ManyContextsFigures } from './manyContexts';
import { runReplay, type ReplayFigures } from './replayScene';

export interface ScaleFigures {
  failed: boolean;
  max_real_renewals_per_s?: number;
  real?: LeaseFigures;
  replay?: ReplayFigures;
  many?: ManyContextsFigures;
  [key: string]: unknown;
}

/** Leases in the real run: the full 65,000 (the API server holds them; creating them takes about a minute). */
const REAL_LEASES = 65_000;
const RAMP = [200, 300, 400, 500, 650, 800, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 6500];

export async function runScale(o: {
  parts: readonly string[];
  heapSnapshots?: string;
  reuseRecording?: boolean;
  log: (line: string) => void;
}): Promise<ScaleFigures> {
  const { log } = o;
  const out: ScaleFigures = { failed: false };

  if (o.parts.includes('replay')) {
    log(`• Replay: 65,000 node heartbeats + 300 elections at 6,500 renewals/s (load ${loadavg()[0]!.toFixed(2)})`);
    const r = await runReplay({
      heartbeats: 65_000,
      elections: 300,
      rate: 6_530,
      seconds: Number(process.env.LEASE_LENS_BENCH_REPLAY_SECONDS ?? 60),
      heapSnapshots: o.heapSnapshots,
      reuseRecording: o.reuseRecording,
      log,
    });
    out.replay = r;
    Object.assign(out, r);
    log('\nReplay (a recorded real run, renamed to 65,000 Leases, served over HTTPS; NOT a real API server)');
    log(
      table(
        [
          'leases',
          'events/s',
          'sync s',
          'CPU',
          'peak RSS',
          'steady RSS',
          'store p99',
          'tree p99',
          'dash. p99',
          'msg/s',
          'missed',
          'load',
        ],
        [
          [
            r.replay_leases,
            r.replay_events_per_s,
            r.replay_sync_s,
            `${(r.replay_cpu_core_share * 100).toFixed(1)} %`,
            r.replay_peak_rss_mb,
            r.replay_steady_rss_mb,
            r.replay_store_p99_ms,
            r.replay_tree_p99_ms,
            r.replay_dashboard_p99_ms,
            r.replay_webview_msgs_per_s,
            missedText(r.replay_missed),
            r.replay_load_average,
          ],
        ],
      ),
    );
    log(
      `The views' own share of the latency: a tree batch took at most ${r.replay_tree_batch_max_ms} ms to build, a dashboard message ${r.replay_dashboard_message_max_ms} ms (the rest is the store's 200 ms batching, the event loop and the machine); live heap after a full collection ${r.replay_live_heap_mb} MB (${r.replay_live_bytes_per_lock} bytes a lock)`,
    );
    log('Targets (replay, 65,000 heartbeats at 6,500/s; latency from delivery by the replay server):');
    log(
      `  CPU ≤ 25 % of one core          ${(r.replay_cpu_core_share * 100).toFixed(1)} %  ${mark(r.replay_cpu_core_share <= 0.25)}`,
    );
    log(`  peak RSS ≤ 300 MB (with sync)   ${r.replay_peak_rss_mb} MB  ${mark(r.replay_peak_rss_mb <= 300)}`);
    log(`  initial sync ≤ 5 s              ${r.replay_sync_s} s  ${mark(r.replay_sync_s <= 5)}`);
    log(`  write → visible p99 ≤ 250 ms    ${r.replay_visible_p99_ms} ms  ${mark(r.replay_visible_p99_ms <= 250)}`);
    log(`  webview ≤ 10 messages/s         ${r.replay_webview_msgs_per_s}  ${mark(r.replay_webview_msgs_per_s <= 10)}`);
    if (r.replay_server_behind > 0)
      log(
        red(`  the pipeline did not read fast enough: the replay server was held back ${r.replay_server_behind} times`),
      );
    if (Object.values(r.replay_missed).some((n) => n > 0)) out.failed = true;
  }

  if (o.parts.includes('real')) {
    log(
      `\n• Real API server: ${REAL_LEASES} Leases, renewals raised while it keeps up (load ${loadavg()[0]!.toFixed(2)})`,
    );
    const f = await runLeaseScene({
      leases: REAL_LEASES,
      elections: 300,
      rate: RAMP[0]!,
      ramp: RAMP,
      rampSeconds: 10,
      seconds: 20,
      informer: false,
      log,
    });
    out.real = f;
    out.max_real_renewals_per_s = f.max_real_renewals_per_s;
    log(
      `\nReal API server, ${f.leases} Leases at ${f.renewals_per_s}/s (the highest rate sustained here: ${f.max_real_renewals_per_s}/s)`,
    );
    log(
      table(
        [
          'store p50/p99',
          'tree p50/p99',
          'dash. p50/p99',
          'kubectl p50/p99',
          'visible/kubectl',
          'missed',
          'sync s',
          'kubectl sync',
          'CPU',
          'kubectl CPU',
          'peak RSS',
          'kubectl RSS',
          'msg/s',
        ],
        [
          [
            `${f.p50_ms}/${f.p99_ms}`,
            `${f.tree_p50_ms}/${f.tree_p99_ms}`,
            `${f.dashboard_p50_ms}/${f.dashboard_p99_ms}`,
            `${f.kubectl_p50_ms}/${f.kubectl_p99_ms}`,
            f.visible_p99_ratio_vs_kubectl,
            missedText(f.missed),
            f.sync_s,
            f.kubectl_sync_s,
            `${(f.cpu_core_share * 100).toFixed(1)} %`,
            `${(f.kubectl_cpu_core_share * 100).toFixed(1)} %`,
            f.peak_rss_mb,
            f.kubectl_peak_rss_mb,
            f.webview_msgs_per_s,
          ],
        ],
      ),
    );
    if (Object.values(f.missed).some((n) => n > 0)) out.failed = true;
  }

  if (o.parts.includes('many')) {
    log(`\n• Many clusters: 20 contexts on 4 real API servers (load ${loadavg()[0]!.toFixed(2)})`);
    const m = await runManyContexts({
      servers: 4,
      contextsPerServer: 5,
      leasesPerServer: 1000,
      rate: 100,
      seconds: 30,
      log,
    });
    out.many = m;
    Object.assign(out, m);
  }
  out.load_average_after_scale = round(loadavg()[0]!, 2);
  return out;
}
