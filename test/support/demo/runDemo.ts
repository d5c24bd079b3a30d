import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster, type TestClusterInfo } from '../testCluster';
import { repoRoot } from '../vscodeServer';
import { openWorkbench, type Workbench } from '../workbench';
import { CheckFailure, runCheck } from './demoCheck';
import {
  descendants,
  killLeftovers,
  memoryOf,
  ProcessSet,
  runningDemo,
  stillRunning,
  tail,
  writePidFile,
} from './demoProcesses';
import { startScene, type Scene, SCENE_LOCKS, HEARTBEATS } from './demoScene';
import {
  demoUserSettings,
  desktopAvailable,
  openVsCodeDesktop,
  openVsCodeServer,
  type OpenedVsCode,
} from './demoVsCode';

/**
 * `npm run demo` (scripts/demo.sh builds everything first, then runs this):
 *   (no flag)   the real cluster, its control plane and the scene, then VS Code on it; runs until Ctrl-C
 *   --check     the same scene, then headless Chromium checks the tree and the dashboard, writes
 *               demo-output/tree.png, dashboard.png, hover.png,
 *               attention.png and payment-gateway-timeline.md, prints one line and stops everything
 *   --server    open the VS Code server even where VS Code desktop is available
 *   --desktop   open VS Code desktop (`code`), fail if it is not there
 *   --no-vscode the cluster and the scene only (F5 in VS Code desktop runs the extension on it:
 *               .vscode/launch.json)
 */

const usage = 'usage: npm run demo [-- --check | --server | --desktop | --no-vscode]';
const args = process.argv.slice(2);
for (const a of args) {
  if (!['--check', '--server', '--desktop', '--no-vscode', '--help', '-h'].includes(a)) {
    console.error(`demo: unknown argument ${a}\n${usage}`);
    process.exit(2);
  }
}
if (args.includes('--help') || args.includes('-h')) {
  console.log(usage);
  process.exit(0);
}
const check = args.includes('--check');
const noVsCode = args.includes('--no-vscode') && !check;

const bin = join(repoRoot, '.build', 'bin');
const demoDir = join(repoRoot, '.build', 'demo');
const clusterDir = join(demoDir, 'cluster');
const logDir = join(demoDir, 'logs');
const pidFile = join(demoDir, 'demo-pids.json');
const outDir = join(repoRoot, 'demo-output');
const samples = join(repoRoot, 'samples');
/** --check gives up after this long (the builds are done before it starts). */
const CHECK_LIMIT_MS = 5 * 60_000;

const started = Date.now();
const seconds = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(line);

for (const b of ['kube-testenv', 'elector', 'legacy-elector', 'heartbeats', 'controlplane']) {
  if (!existsSync(join(bin, b))) {
    console.error(
      `demo: ${join(bin, b)} is missing: run \`bash scripts/build-tools.sh test controlplane\` (npm run demo does).`,
    );
    process.exit(1);
  }
}

const other = runningDemo(pidFile);
if (other !== undefined) {
  console.error(
    `demo: another demo runs from this folder (pid ${other}); stop it first (Ctrl-C in its terminal, or kill -INT ${other}).`,
  );
  process.exit(1);
}
const leftovers = killLeftovers(pidFile);
if (leftovers > 0) say(`demo: stopped ${leftovers} process groups left by an earlier demo that was killed`);
rmSync(clusterDir, { recursive: true, force: true });
rmSync(logDir, { recursive: true, force: true });

const processes = new ProcessSet(logDir);
writePidFile(pidFile, []);
let scene: Scene | undefined;
let vscode: OpenedVsCode | undefined;
let workbench: Workbench | undefined;
let stopping: Promise<void> | undefined;

const pidTimer = setInterval(() => {
  const groups = processes.groups();
  if (vscode?.server) groups.push({ pid: vscode.server.pid, marker: 'server-main.js' });
  if (workbench) groups.push({ pid: workbench.server.pid, marker: 'server-main.js' });
  writePidFile(pidFile, groups);
}, 2_000);

/** Stops everything the demo started, checks that nothing is left, and exits with `code`. */
function shutdown(code: number, why?: string): Promise<void> {
  stopping ??= (async () => {
    const t = Date.now();
    if (why) say(why);
    scene?.stopChaos();
    clearInterval(pidTimer);
    const before = descendants();
    await workbench?.close().catch(() => undefined);
    await vscode?.stop().catch(() => undefined);
    await processes.stopAll();
    let left = stillRunning(before);
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    if (left.length > 0) await new Promise((r) => setTimeout(r, 500));
    left = stillRunning(before);
    rmSync(pidFile, { force: true });
    if (left.length === 0)
      say(`demo: stopped ${before.length} processes in ${seconds(t)}; none left running (logs: ${logDir})`);
    else say(`demo: ${left.length} processes would not stop: ${left.map((p) => `${p.pid} ${p.comm}`).join(', ')}`);
    process.exit(left.length === 0 ? code : code || 1);
  })();
  return stopping;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM stop the demo in order; a second one kills everything at once.
 * The VS Code harness installs its own handlers when it starts: this puts ours back in their place.
 */
function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (stopping) {
        processes.killAllNow();
        process.exit(130);
      }
      void shutdown(130, `\ndemo: ${signal}: stopping everything…`);
    });
  }
}
installSignalHandlers();
process.on('exit', () => processes.killAllNow());

async function fail(err: unknown): Promise<void> {
  const message =
    err instanceof CheckFailure
      ? `demo --check FAILED: ${err.message}`
      : `demo FAILED: ${err instanceof Error ? err.message : String(err)}`;
  if (workbench && !stopping) {
    const file = join(outDir, 'failure.png');
    if (
      await workbench.page.screenshot({ path: file, timeout: 10_000 }).then(
        () => true,
        () => false,
      )
    )
      say(`demo: the workbench at the failure: ${file}`);
  }
  return shutdown(1, message);
}

/** Headless Chromium on the VS Code server (--check), VS Code desktop, the VS Code server, or nothing. */
async function openVsCode(kubeconfig: string): Promise<void> {
  if (check) {
    workbench = await openWorkbench({
      settings: { 'leaseLens.kubeconfigPath': kubeconfig },
      // A click on a tree row selects it without toggling it: see demoCheck's expand().
      userSettings: { ...demoUserSettings(), 'workbench.tree.expandMode': 'doubleClick' },
      env: { KUBECONFIG: kubeconfig },
      workspace: samples,
      viewport: { width: 1440, height: 900 },
    });
  } else if (noVsCode) {
    return;
  } else if (args.includes('--desktop') || (desktopAvailable() && !args.includes('--server'))) {
    vscode = await openVsCodeDesktop({
      repoRoot,
      workspace: samples,
      kubeconfig,
      desktopProfile: join(demoDir, 'vscode-desktop'),
    });
  } else {
    vscode = await openVsCodeServer({ repoRoot, workspace: samples, kubeconfig, desktopProfile: '' });
  }
}

async function main(): Promise<void> {
  if (check) {
    setTimeout(
      () =>
        void fail(
          new CheckFailure(`gave up after ${CHECK_LIMIT_MS / 60_000} minutes (see the steps above and ${logDir})`),
        ),
      CHECK_LIMIT_MS,
    ).unref();
  }

  // 1. The real API server.
  say('demo: starting kube-apiserver and etcd…');
  const testenv = processes.spawn('kube-testenv', join(bin, 'kube-testenv'), ['--dir', clusterDir], { stopRank: 2 });
  const info = (await testenv.waitFor(
    (l) => typeof l.kubeconfig === 'string',
    180_000,
    'kube-testenv ready line',
  )) as unknown as TestClusterInfo & { readyMs?: number };
  void testenv.exited.then((code) => {
    if (!stopping)
      void fail(new Error(`kube-testenv exited (${code}):\n${tail(join(logDir, 'kube-testenv.log'), 20)}`));
  });
  say(`demo: API server ready at ${info.server} in ${seconds(started)}`);
  const cluster = TestCluster.attach(info);
  const admin = cluster.adminTransport();

  // 2. The scene, and VS Code beside it (both take a few seconds).
  const sceneStarted = Date.now();
  scene = await startScene({ bin, kubeconfig: info.kubeconfig, admin, processes, chaos: !check, log: say });
  const vscodeStarted = Date.now();
  const opening = openVsCode(info.kubeconfig).then(() => {
    installSignalHandlers();
    if (workbench) say(`demo: workbench open in Chromium in ${seconds(vscodeStarted)}`);
  });
  await scene.ready;
  const sceneMs = Date.now() - sceneStarted;
  say(
    `demo: scene ready in ${(sceneMs / 1000).toFixed(1)} s: ${SCENE_LOCKS.length} locks, ${HEARTBEATS.count} node heartbeats, ${scene.candidates.length} electors, kube-scheduler ×2, kube-controller-manager ×2`,
  );
  await opening;

  if (check) {
    const result = await runCheck(workbench!, admin, info.contexts.admin, outDir);
    const memory = memoryOf(descendants());
    say(
      `demo --check OK in ${seconds(started)}: ${result.summary}; memory ${(memory.bytes / 2 ** 20).toFixed(0)} MiB in ${descendants().length} processes; screenshots ${result.screenshots.map((s) => s.replace(`${repoRoot}/`, '')).join(', ')}`,
    );
    await shutdown(0);
    return;
  }

  const memory = memoryOf(descendants());
  say('');
  say('Lease Lens demo is running.');
  if (vscode === undefined) {
    say(
      '  VS Code:       not started (--no-vscode): press F5 in VS Code desktop ("Run Lease Lens on the demo cluster")',
    );
  } else if (vscode.kind === 'server') {
    say(`  Open VS Code:  ${vscode.where}`);
    say('                 (on another machine: ssh -L <port>:127.0.0.1:<port> to it, then open the URL there)');
  } else {
    say(`  VS Code:       ${vscode.where}`);
  }
  say(`  kubeconfig:    export KUBECONFIG=${info.kubeconfig}   (kubectl get leases -A)`);
  say(`  logs:          ${logDir}`);
  say(
    `  memory:        ${(memory.bytes / 2 ** 20).toFixed(0)} MiB in ${descendants().length} processes (proportional set size)`,
  );
  say("  What happens: payment-gateway's leader crashes every 4 min, cart-reconciler flaps, the leading");
  say('  kube-scheduler restarts every 6 min and the leading kube-controller-manager crashes every 9 min.');
  say('  Try: release storage/snapshot-controller (stuck for hours) and watch its standby take over.');
  say('Ctrl-C stops everything.');
}

main().catch(fail);
