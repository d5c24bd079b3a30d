// npm run bench: Lease Lens's pipeline at cluster scale against the real API server from tools/,
// beside `kubectl get leases -A -w` and a plain client-node informer seeing the same writes in the
// same run. Prints a table and, with --json FILE, writes the figures. Asserts nothing.
//   npm run bench                 full scenes (about 6 minutes on two cores)
//   npm run bench -- --quick      a small scene for a quick look (under two minutes)
//   npm run bench -- --json FILE  also write the figures as JSON

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import * as net from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TestCluster } from '../support/testCluster';
import { repoRoot } from '../support/toolPaths';
import { measureActivation, type ActivationFigures } from './activationBench';
import type { ChildMessage, ParentMessage } from './benchProtocol';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonIndex = args.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;

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

/** A TCP relay in front of the API server that counts the bytes flowing to the client (TLS included). */
async function byteCountingRelay(target: URL): Promise<{ port: number; bytes(): number; close(): void }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    // Without this the relay's small writes wait for Nagle's algorithm (tens of milliseconds),
    // a delay that kubectl, which connects directly, would not pay.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client).add(upstream);
    upstream.on('data', (d: Buffer) => (count += d.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes: () => count,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** A copy of the kubeconfig whose server is the relay. */
function kubeconfigVia(original: string, server: string, port: number, name: string): string {
  const text = readFileSync(original, 'utf8').split(server).join(`https://127.0.0.1:${port}`);
  const path = join(tmpdir(), `lease-lens-bench-${process.pid}-${name}.kubeconfig`);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

interface Party {
  readonly child: ChildProcess;
  readonly sightings: Map<string, number>;
  synced: Promise<Extract<ChildMessage, { type: 'synced' }>>;
  stats(): Promise<Extract<ChildMessage, { type: 'stats' }>>;
  send(m: ParentMessage): void;
}

function startChild(script: string, argv: string[]): Party {
  const child = fork(join(repoRoot, 'out', 'test', 'bench', script), argv, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const sightings = new Map<string, number>();
  let resolveSynced: (m: Extract<ChildMessage, { type: 'synced' }>) => void = () => undefined;
  let statsWaiter: ((m: Extract<ChildMessage, { type: 'stats' }>) => void) | undefined;
  const synced = new Promise<Extract<ChildMessage, { type: 'synced' }>>((r) => (resolveSynced = r));
  child.on('message', (m: ChildMessage) => {
    if (m.type === 'synced') resolveSynced(m);
    else if (m.type === 'seen') for (const [k, rv, t] of m.batch) sightings.set(`${k}@${rv}`, t);
    else if (m.type === 'stats') statsWaiter?.(m);
    else if (m.type === 'error') console.error(`  ${script} ${argv[0] ?? ''}: ${m.message}`);
  });
  return {
    child,
    sightings,
    synced,
    send: (m) => child.send(m),
    stats: () =>
      new Promise((resolve) => {
        statsWaiter = resolve;
        child.send({ type: 'stats' } satisfies ParentMessage);
      }),
  };
}

/** kubectl get leases -A -w, timing each line it prints (the baseline every operator knows). */
function startKubectl(
  kubeconfig: string,
  context: string,
): { sightings: Map<string, number>; lines: () => number; stop(): void } {
  const child = spawn(
    'kubectl',
    [
      '--kubeconfig',
      kubeconfig,
      '--context',
      context,
      'get',
      'leases',
      '-A',
      '-w',
      '--no-headers',
      '-o',
      'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,RV:.metadata.resourceVersion',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const sightings = new Map<string, number>();
  let lines = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const at = Date.now();
    lines++;
    const [ns, name, rv] = line.trim().split(/\s+/);
    if (ns && name && rv) sightings.set(`${ns}/${name}@${rv}`, at);
  });
  child.stderr.on('data', () => undefined);
  return { sightings, lines: () => lines, stop: () => child.kill('SIGTERM') };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function latencies(
  writes: Map<string, number>,
  seen: Map<string, number>,
): { p50: number; p99: number; matched: number } {
  const out: number[] = [];
  for (const [k, t] of writes) {
    const s = seen.get(k);
    if (s !== undefined) out.push(s - t);
  }
  out.sort((a, b) => a - b);
  return { p50: percentile(out, 50), p99: percentile(out, 99), matched: out.length };
}

async function until(what: string, timeoutMs: number, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface LeaseFigures {
  leases: number;
  renewals_per_s: number;
  writes: number;
  p50_ms: number;
  p99_ms: number;
  kubectl_p50_ms: number;
  kubectl_p99_ms: number;
  informer_p50_ms: number;
  informer_p99_ms: number;
  p99_ratio_vs_kubectl: number;
  sync_s: number;
  informer_sync_s: number;
  cpu_core_share: number;
  informer_cpu_core_share: number;
  rss_mb: number;
  informer_rss_mb: number;
  watch_bytes: number;
  informer_watch_bytes: number;
  webview_msgs_per_s: number;
  webview_bytes_per_s: number;
}

async function leaseScene(scene: LeaseScene): Promise<LeaseFigures> {
  const cluster = await TestCluster.start();
  const { kubeconfig, server, contexts } = cluster.info;
  try {
    const writer = startChild('renewWriter.js', [
      kubeconfig,
      contexts.admin,
      String(scene.leases),
      String(scene.rate),
      String(scene.seconds),
      '0',
      '0',
      '0',
    ]);
    const created = await new Promise<Extract<ChildMessage, { type: 'created' }>>((resolve, reject) => {
      writer.child.on('message', (m: ChildMessage) =>
        m.type === 'created' ? resolve(m) : m.type === 'error' ? reject(new Error(m.message)) : undefined,
      );
    });
    process.stdout.write(`  created ${created.count} Leases in ${(created.ms / 1000).toFixed(1)} s; `);

    const relayOurs = await byteCountingRelay(new URL(server));
    const relayInformer = await byteCountingRelay(new URL(server));
    const ours = startChild('benchConsumer.js', [
      'ours',
      kubeconfigVia(kubeconfig, server, relayOurs.port, 'ours'),
      contexts.admin,
      'Lease',
    ]);
    const informer = startChild('benchConsumer.js', [
      'informer',
      kubeconfigVia(kubeconfig, server, relayInformer.port, 'informer'),
      contexts.admin,
      'Lease',
    ]);
    const kubectl = startKubectl(kubeconfig, contexts.admin);
    const [oursSynced, informerSynced] = await Promise.all([ours.synced, informer.synced]);
    await until('kubectl listed every Lease', 120_000, () => kubectl.lines() >= scene.leases);
    process.stdout.write(
      `synced: ours ${(oursSynced.ms / 1000).toFixed(2)} s, informer ${(informerSynced.ms / 1000).toFixed(2)} s; renewing…\n`,
    );
    await new Promise((r) => setTimeout(r, 1000));
    for (const p of [ours, informer]) p.send({ type: 'resetStats' });
    const steadyStart = Date.now();
    const bytesAtStart = [relayOurs.bytes(), relayInformer.bytes()] as const;
    writer.send({ type: 'go' });
    const done = await new Promise<Extract<ChildMessage, { type: 'done' }>>((resolve) =>
      writer.child.on('message', (m: ChildMessage) => m.type === 'done' && resolve(m)),
    );
    await new Promise((r) => setTimeout(r, 1500)); // let the last events arrive
    const wall = Date.now() - steadyStart;
    const [oursStats, informerStats] = await Promise.all([ours.stats(), informer.stats()]);
    const figures = {
      ours: latencies(writer.sightings, ours.sightings),
      informer: latencies(writer.sightings, informer.sightings),
      kubectl: latencies(writer.sightings, kubectl.sightings),
    };
    for (const p of [ours, informer, writer]) p.send({ type: 'stop' });
    kubectl.stop();
    relayOurs.close();
    relayInformer.close();
    const cpu = (s: Extract<ChildMessage, { type: 'stats' }>) => (s.cpuUserMs + s.cpuSystemMs) / wall;
    return {
      leases: scene.leases,
      renewals_per_s: round(done.writes / scene.seconds, 1),
      writes: done.writes,
      p50_ms: round(figures.ours.p50, 1),
      p99_ms: round(figures.ours.p99, 1),
      kubectl_p50_ms: round(figures.kubectl.p50, 1),
      kubectl_p99_ms: round(figures.kubectl.p99, 1),
      informer_p50_ms: round(figures.informer.p50, 1),
      informer_p99_ms: round(figures.informer.p99, 1),
      p99_ratio_vs_kubectl: round(figures.ours.p99 / figures.kubectl.p99, 2),
      sync_s: round(oursSynced.ms / 1000, 2),
      informer_sync_s: round(informerSynced.ms / 1000, 2),
      cpu_core_share: round(cpu(oursStats), 3),
      informer_cpu_core_share: round(cpu(informerStats), 3),
      rss_mb: round(oursStats.peakRssBytes / 2 ** 20, 0),
      informer_rss_mb: round(informerStats.peakRssBytes / 2 ** 20, 0),
      watch_bytes: relayOurs.bytes() - bytesAtStart[0],
      informer_watch_bytes: relayInformer.bytes() - bytesAtStart[1],
      webview_msgs_per_s: round(oursStats.webviewMessages / (wall / 1000), 1),
      webview_bytes_per_s: round(oursStats.webviewBytes / (wall / 1000), 0),
    };
  } finally {
    await cluster.stop();
  }
}

async function configMapScene(): Promise<{
  cm_watch_bytes: number;
  cm_full_informer_bytes: number;
  cm_ratio: number;
  cm_sync_s: number;
  cm_informer_sync_s: number;
  annotated_found: number;
}> {
  const cluster = await TestCluster.start();
  const { kubeconfig, server, contexts } = cluster.info;
  try {
    const writer = startChild('renewWriter.js', [
      kubeconfig,
      contexts.admin,
      '0',
      '0',
      '0',
      String(cmScene.configMaps),
      String(cmScene.kib),
      String(cmScene.annotated),
    ]);
    const created = await new Promise<Extract<ChildMessage, { type: 'created' }>>((resolve, reject) => {
      writer.child.on('message', (m: ChildMessage) =>
        m.type === 'created' ? resolve(m) : m.type === 'error' ? reject(new Error(m.message)) : undefined,
      );
    });
    process.stdout.write(
      `  created ${cmScene.configMaps} ConfigMaps of ${cmScene.kib} KiB and ${cmScene.annotated} annotated ones in ${(created.ms / 1000).toFixed(1)} s; `,
    );
    writer.send({ type: 'stop' });
    const relayOurs = await byteCountingRelay(new URL(server));
    const relayInformer = await byteCountingRelay(new URL(server));
    const ours = startChild('benchConsumer.js', [
      'ours',
      kubeconfigVia(kubeconfig, server, relayOurs.port, 'ours'),
      contexts.admin,
      'Lease,ConfigMap,Endpoints',
    ]);
    const informer = startChild('benchConsumer.js', [
      'informer',
      kubeconfigVia(kubeconfig, server, relayInformer.port, 'informer'),
      contexts.admin,
      'Lease,ConfigMap,Endpoints',
    ]);
    const [o, i] = await Promise.all([ours.synced, informer.synced]);
    await new Promise((r) => setTimeout(r, 1000));
    const result = {
      cm_watch_bytes: relayOurs.bytes(),
      cm_full_informer_bytes: relayInformer.bytes(),
      cm_ratio: round(relayInformer.bytes() / relayOurs.bytes(), 1),
      cm_sync_s: round(o.ms / 1000, 2),
      cm_informer_sync_s: round(i.ms / 1000, 2),
      annotated_found: o.objects,
    };
    process.stdout.write(`synced: ours ${result.cm_sync_s} s, informer ${result.cm_informer_sync_s} s\n`);
    for (const p of [ours, informer]) p.send({ type: 'stop' });
    relayOurs.close();
    relayInformer.close();
    return result;
  } finally {
    await cluster.stop();
  }
}

function round(n: number, digits: number): number {
  if (!Number.isFinite(n)) return NaN;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function mark(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

async function main(): Promise<void> {
  const machine = {
    cores: cpus().length,
    memory_gb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
  };
  console.log(
    `Lease Lens benchmark${quick ? ' (quick)' : ''} on ${machine.cores} cores, ${machine.memory_gb} GiB, Node ${machine.node}`,
  );
  // Read at once: scripts/bench.sh has just built the production bundle.
  const bundle = statSync(join(repoRoot, 'dist', 'extension.js')).size;
  const scenes: LeaseFigures[] = [];
  for (const s of leaseScenes) {
    console.log(`• ${s.leases} Leases, ${s.rate} renewals/s for ${s.seconds} s`);
    scenes.push(await leaseScene(s));
  }
  console.log(`• ConfigMaps`);
  const cm = await configMapScene();
  console.log('• Activation in the real VS Code');
  let activation: ActivationFigures = { activation_ms: NaN, first_tree_ms: NaN };
  try {
    activation = await measureActivation();
  } catch (err) {
    console.error(`  activation could not be measured: ${err instanceof Error ? err.message : String(err)}`);
  }

  console.log('\nLease scenes (ours | kubectl get -A -w | client-node informer; ratio = ours / baseline)');
  const header = [
    'leases',
    'renew/s',
    'p50 ms',
    'p99 ms',
    'kubectl p99',
    'ratio',
    'informer p99',
    'sync s',
    'inf. sync s',
    'CPU core',
    'inf. CPU',
    'RSS MB',
    'inf. RSS',
    'webview msg/s',
    'webview B/s',
  ];
  const rows = scenes.map((f) =>
    [
      f.leases,
      f.renewals_per_s,
      f.p50_ms,
      f.p99_ms,
      f.kubectl_p99_ms,
      f.p99_ratio_vs_kubectl,
      f.informer_p99_ms,
      f.sync_s,
      f.informer_sync_s,
      f.cpu_core_share,
      f.informer_cpu_core_share,
      f.rss_mb,
      f.informer_rss_mb,
      f.webview_msgs_per_s,
      f.webview_bytes_per_s,
    ].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(header.map((h, i) => h.padStart(widths[i]!)).join('  '));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
  console.log(
    `\nConfigMaps (${cmScene.configMaps} × ${cmScene.kib} KiB + ${cmScene.annotated} annotated): ours ${cm.cm_watch_bytes} B (metadata only) vs informer ${cm.cm_full_informer_bytes} B — ${cm.cm_ratio}× fewer; ${cm.annotated_found} locks found`,
  );
  console.log(
    `Extension bundle: ${bundle} bytes; activate() ${activation.activation_ms} ms; first tree data ${activation.first_tree_ms} ms after activation began`,
  );

  const main = scenes.find((s) => s.leases === 10000 && s.renewals_per_s > 250) ?? scenes[scenes.length - 1]!;
  console.log(`\nTargets (scene ${main.leases} Leases at ${main.renewals_per_s}/s):`);
  console.log(
    `  p99 ≤ 1.5 × kubectl            ${main.p99_ratio_vs_kubectl}×  ${mark(main.p99_ratio_vs_kubectl <= 1.5)}`,
  );
  console.log(
    `  CPU ≤ 25 % of one core         ${(main.cpu_core_share * 100).toFixed(1)} %  ${mark(main.cpu_core_share <= 0.25)}`,
  );
  console.log(`  RSS ≤ 150 MB                   ${main.rss_mb} MB  ${mark(main.rss_mb <= 150)}`);
  console.log(`  initial sync ≤ 2 s             ${main.sync_s} s  ${mark(main.sync_s <= 2)}`);
  console.log(`  ConfigMap bytes ≥ 10× fewer    ${cm.cm_ratio}×  ${mark(cm.cm_ratio >= 10)}`);
  console.log(`  webview ≤ 10 messages/s        ${main.webview_msgs_per_s}  ${mark(main.webview_msgs_per_s <= 10)}`);
  console.log(`  bundle ≤ 1.5 MB                ${(bundle / 2 ** 20).toFixed(2)} MB  ${mark(bundle <= 1.5 * 2 ** 20)}`);
  console.log(
    `  activation ≤ 100 ms            ${activation.activation_ms} ms  ${mark(activation.activation_ms <= 100)}`,
  );

  if (jsonFile) {
    const json = {
      ...main,
      ...cm,
      bundle_bytes: bundle,
      activation_ms: activation.activation_ms,
      first_tree_ms: activation.first_tree_ms,
      machine,
      scenes,
      quick,
    };
    writeFileSync(jsonFile, JSON.stringify(json, null, 2));
    console.log(`\nwrote ${jsonFile}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  },
);
