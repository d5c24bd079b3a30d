// npm run bench: Lease Lens's pipeline at cluster scale against the real API server from tools/,
// beside kubectl v1.37.2 (`kubectl get leases -A -w`) and a plain client-node informer seeing the
// same writes in the same run, every client through the same kind of relay. Latency ends where the
// user sees the change: the tree item handed to VS Code, the dashboard message posted. Prints
// tables and, with --json FILE, writes the figures. Asserts nothing, but a write that a party
// never showed is printed in red and makes the run fail.
//   npm run bench                       part 1: Lease scenes, ConfigMaps, activation (about 8 minutes)
//   npm run bench -- --quick            a small scene for a quick look (about two minutes)
//   npm run bench -- --scale            part 2: the real API server at its highest sustained
//                                       renewal rate, the 65,000-Lease replay, 20 contexts
//   npm run bench -- --scale --parts replay,real,many   some of them
//   npm run bench -- --soak [--soak-minutes 30]         the demo scene, resources each minute
//   npm run bench -- --json FILE        also write the figures as JSON

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { TestCluster } from '../support/testCluster';
import { repoRoot } from '../support/toolPaths';
import { measureActivation, type ActivationFigures } from './activationBench';
import { byteCountingRelay, created, kubeconfigVia, startChild } from './benchParties';
import { mark, missedText, red, table } from './benchReport';
import { runLeaseScene, round, type LeaseFigures } from './leaseScene';
import { runScale, type ScaleFigures } from './scaleBench';
import { runSoak, type SoakFigures } from './soakBench';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const scale = args.includes('--scale');
const soak = args.includes('--soak');
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const jsonFile = option('--json');
const soakMinutes = Number(option('--soak-minutes') ?? 30);
const parts = (option('--parts') ?? 'real,replay,many').split(',');
const log = (line: string) => console.log(line);

interface LeaseScene {
  readonly leases: number;
  readonly rate: number;
  readonly seconds: number;
}
const leaseScenes: LeaseScene[] = quick
  ? [{ leases: 1000, rate: 50, seconds: 10 }]
  : [
      { leases: 1000, rate: 50, seconds: 20 },
      { leases: 1000, rate: 500, seconds: 20 },
      { leases: 10000, rate: 50, seconds: 20 },
      { leases: 10000, rate: 500, seconds: 20 },
    ];
const cmScene = quick ? { configMaps: 100, kib: 100, annotated: 20 } : { configMaps: 1000, kib: 100, annotated: 20 };

interface ConfigMapFigures {
  cm_watch_bytes: number;
  cm_full_informer_bytes: number;
  cm_ratio: number;
  cm_sync_s: number;
  cm_informer_sync_s: number;
  annotated_found: number;
}

async function configMapScene(): Promise<ConfigMapFigures> {
  const cluster = await TestCluster.start();
  const { kubeconfig, server, contexts } = cluster.info;
  const writer = startChild('renewWriter.js', [
    JSON.stringify({
      kubeconfig,
      context: contexts.admin,
      leases: 0,
      configMaps: cmScene.configMaps,
      configMapKiB: cmScene.kib,
      annotatedConfigMaps: cmScene.annotated,
    }),
  ]);
  try {
    const made = await created(writer);
    log(
      `  created ${cmScene.configMaps} ConfigMaps of ${cmScene.kib} KiB and ${cmScene.annotated} annotated ones in ${(made.ms / 1000).toFixed(1)} s`,
    );
    writer.stop();
    const relayOurs = await byteCountingRelay(new URL(server));
    const relayInformer = await byteCountingRelay(new URL(server));
    const ours = startChild('benchConsumer.js', [
      'ours',
      kubeconfigVia(kubeconfig, server, relayOurs.port, 'ours'),
      contexts.admin,
    ]);
    const informer = startChild('benchConsumer.js', [
      'informer',
      kubeconfigVia(kubeconfig, server, relayInformer.port, 'informer'),
      contexts.admin,
    ]);
    const [o, i] = await Promise.all([ours.synced, informer.synced]);
    await new Promise((r) => setTimeout(r, 1000));
    const result = {
      cm_watch_bytes: relayOurs.bytes(),
      cm_full_informer_bytes: relayInformer.bytes(),
      cm_ratio: round(relayInformer.bytes() / relayOurs.bytes(), 1),
      cm_sync_s: round(o.ms / 1000, 2),
      cm_informer_sync_s: round(i.ms / 1000, 2),
      // The store holds every lock: the annotated ConfigMaps plus the cluster's own Leases.
      annotated_found: o.objects,
    };
    log(`  synced: ours ${result.cm_sync_s} s, informer ${result.cm_informer_sync_s} s`);
    for (const p of [ours, informer]) p.stop();
    relayOurs.close();
    relayInformer.close();
    return result;
  } finally {
    writer.stop();
    await cluster.stop();
  }
}

function leaseTable(scenes: readonly LeaseFigures[]): string {
  return table(
    [
      'leases',
      'renew/s',
      'store p50/p99',
      'tree p50/p99',
      'dash. p50/p99',
      'kubectl p50/p99',
      'informer p99',
      'visible/kubectl',
      'missed',
      'sync s',
      'kubectl sync',
      'CPU',
      'kubectl CPU',
      'peak RSS',
      'steady RSS',
      'inf. peak RSS',
      'msg/s',
      'load',
    ],
    scenes.map((f) => [
      f.leases,
      f.renewals_per_s,
      `${f.p50_ms}/${f.p99_ms}`,
      `${f.tree_p50_ms}/${f.tree_p99_ms}`,
      `${f.dashboard_p50_ms}/${f.dashboard_p99_ms}`,
      `${f.kubectl_p50_ms}/${f.kubectl_p99_ms}`,
      f.informer_p99_ms,
      f.visible_p99_ratio_vs_kubectl,
      missedText(f.missed),
      f.sync_s,
      f.kubectl_sync_s,
      `${(f.cpu_core_share * 100).toFixed(1)} %`,
      `${(f.kubectl_cpu_core_share * 100).toFixed(1)} %`,
      f.peak_rss_mb,
      f.rss_mb,
      f.informer_peak_rss_mb,
      f.webview_msgs_per_s,
      f.load_average,
    ]),
  );
}

function bytesTable(scenes: readonly LeaseFigures[]): string {
  return table(
    ['leases', 'renew/s', 'sync B ours', 'informer', 'kubectl', 'watch B ours', 'informer', 'kubectl', 'webview B/s'],
    scenes.map((f) => [
      f.leases,
      f.renewals_per_s,
      f.sync_bytes,
      f.informer_sync_bytes,
      f.kubectl_sync_bytes,
      f.watch_bytes,
      f.informer_watch_bytes,
      f.kubectl_watch_bytes,
      f.webview_bytes_per_s,
    ]),
  );
}

function anyMissed(f: { missed: Readonly<Record<string, number>> }): boolean {
  return Object.values(f.missed).some((n) => n > 0);
}

async function part1(): Promise<{ json: Record<string, unknown>; failed: boolean }> {
  // Read at once: scripts/bench.sh has just built the production bundle.
  const bundle = statSync(join(repoRoot, 'dist', 'extension.js')).size;
  const scenes: LeaseFigures[] = [];
  for (const s of leaseScenes) {
    log(`• ${s.leases} Leases, ${s.rate} renewals/s for ${s.seconds} s (load ${loadavg()[0]!.toFixed(2)})`);
    scenes.push(await runLeaseScene({ ...s, log }));
  }
  log(`• ConfigMaps`);
  const cm = await configMapScene();
  log('• Activation in the real VS Code');
  let activation: ActivationFigures = { activation_ms: NaN, first_tree_ms: NaN };
  try {
    activation = await measureActivation();
  } catch (err) {
    console.error(`  activation could not be measured: ${err instanceof Error ? err.message : String(err)}`);
  }

  log('\nLease scenes, milliseconds from the write to: the store, the tree item handed to VS Code, the');
  log('dashboard message posted, kubectl v1.37.2 printing its line, the informer handler (all through');
  log('the same relay; CPU as a share of one core; RSS in MB, peak = the whole life, initial sync included)');
  log(leaseTable(scenes));
  log('\nBytes received (TLS included): initial sync, then the steady state');
  log(bytesTable(scenes));
  log(
    `\nConfigMaps (${cmScene.configMaps} × ${cmScene.kib} KiB + ${cmScene.annotated} annotated): ours ${cm.cm_watch_bytes} B (metadata only) vs informer ${cm.cm_full_informer_bytes} B — ${cm.cm_ratio}× fewer; ${cm.annotated_found} locks found`,
  );
  log(
    `Extension bundle: ${bundle} bytes; activate() ${activation.activation_ms} ms; first tree data ${activation.first_tree_ms} ms after activation began`,
  );

  const main = scenes.find((s) => s.leases === 10000 && s.target_renewals_per_s === 500) ?? scenes[scenes.length - 1]!;
  log(`\nTargets (scene ${main.leases} Leases at ${main.renewals_per_s}/s):`);
  log(`  store p99 ≤ 1.5 × kubectl       ${main.p99_ratio_vs_kubectl}×  ${mark(main.p99_ratio_vs_kubectl <= 1.5)}`);
  log(
    `  visible p99 (tree, dashboard)   ${main.visible_p99_ms} ms = ${main.visible_p99_ratio_vs_kubectl}× kubectl (the views batch at 200 and 100 ms by design)`,
  );
  log(
    `  CPU ≤ 25 % of one core         ${(main.cpu_core_share * 100).toFixed(1)} %  ${mark(main.cpu_core_share <= 0.25)}`,
  );
  log(`  peak RSS ≤ 150 MB (with sync)  ${main.peak_rss_mb} MB  ${mark(main.peak_rss_mb <= 150)}`);
  log(`  initial sync ≤ 2 s             ${main.sync_s} s  ${mark(main.sync_s <= 2)}`);
  log(`  ConfigMap bytes ≥ 10× fewer    ${cm.cm_ratio}×  ${mark(cm.cm_ratio >= 10)}`);
  log(`  webview ≤ 10 messages/s        ${main.webview_msgs_per_s}  ${mark(main.webview_msgs_per_s <= 10)}`);
  log(`  bundle ≤ 1.5 MB                ${(bundle / 2 ** 20).toFixed(2)} MB  ${mark(bundle <= 1.5 * 2 ** 20)}`);
  log(`  activation ≤ 100 ms            ${activation.activation_ms} ms  ${mark(activation.activation_ms <= 100)}`);
  const failed = scenes.some(anyMissed);
  if (failed) log(red(`  writes missed: ${scenes.map((s) => missedText(s.missed)).join('; ')}`));
  return {
    json: {
      ...main,
      ...cm,
      bundle_bytes: bundle,
      activation_ms: activation.activation_ms,
      first_tree_ms: activation.first_tree_ms,
      scenes,
    },
    failed,
  };
}

async function main(): Promise<void> {
  const machine = {
    cores: cpus().length,
    memory_gb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    load_average_at_start: round(loadavg()[0]!, 2),
  };
  const what = soak ? 'soak' : scale ? 'scale' : quick ? 'quick' : 'part 1';
  log(
    `Lease Lens benchmark (${what}) on ${machine.cores} cores, ${machine.memory_gb} GiB, Node ${machine.node}, load average ${machine.load_average_at_start}`,
  );
  let json: Record<string, unknown> = {};
  let failed = false;
  if (soak) {
    const s: SoakFigures = await runSoak({ minutes: soakMinutes, log });
    json = { ...s };
    failed = s.leak;
  } else if (scale) {
    const s: ScaleFigures = await runScale({
      parts,
      log,
      heapSnapshots: option('--heap-snapshots'),
      reuseRecording: args.includes('--reuse-recording'),
    });
    json = { ...s };
    failed = s.failed;
  } else {
    const p = await part1();
    json = p.json;
    failed = p.failed;
  }
  if (jsonFile) {
    let previous: Record<string, unknown> = {};
    try {
      // --scale and --soak add their keys to what part 1 wrote, so one file holds every figure.
      if (scale || soak) previous = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
    } catch {
      previous = {};
    }
    writeFileSync(
      jsonFile,
      JSON.stringify(
        {
          ...previous,
          ...json,
          dashboard_scroll_p95_frame_ms: null,
          dashboard_scroll_note:
            'measured in the real VS Code by the later change that pages the tree and virtualizes the dashboard',
          machine: { ...machine, load_average_at_end: round(loadavg()[0]!, 2) },
          quick,
        },
        null,
        2,
      ),
    );
    log(`\nwrote ${jsonFile}`);
  }
  if (failed) {
    console.error(red('\nbenchmark failed: see the figures in red above'));
    process.exit(1);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(red(err instanceof Error ? (err.stack ?? err.message) : String(err)));
    process.exit(1);
  },
);
