// npm run bench -- --views: the views at the size of the largest clusters, measured where the user
// sees them: the real VS Code server in Chromium, the production bundle of the extension, against
// the real kube-apiserver with N node heartbeat Leases renewed by tools/heartbeats. Asserts nothing.
//
//   --views-leases N      node Leases (default 65,000)
//   --views-rate R        renewals a second asked of tools/heartbeats (default 650; the two-core
//                         machines here cannot take 6,500 writes a second: the figure it reached is
//                         printed beside it)
//   --views-seconds S     length of each measured window (default 10)
//   --json FILE           adds the figures to FILE (keeps the keys already there)
//
// What it measures:
// - the tree: the time until "Node heartbeats (N, K stale)" shows, the time from expanding it to its
//   first child, the workbench's frame times (requestAnimationFrame deltas, p95) folded and expanded
//   while renewals arrive, how long F1 takes to open the palette, the extension host's CPU;
// - the dashboard: the time to open with N rows, the frame times in its page (p95) while renewals
//   arrive and while its table scrolls through every row (three rows a frame, with a jump to a far
//   position every half second, as a dragged scroll bar does), the time a filter takes after its
//   typing pause, and the CPU of Chromium's renderer processes (CDP SystemInfo.getProcessInfo)
//   with the dashboard open, beside the same without it.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { Heartbeats } from '../support/heartbeats';
import { TestCluster } from '../support/testCluster';
import { repoRoot } from '../support/toolPaths';
import { launchChromium } from '../support/vscodeServer';
import { until } from '../support/until';
import {
  collapseOtherViews,
  openView,
  openWorkbench,
  runCommand,
  webviewFrame,
  widenSideBar,
  type Workbench,
} from '../support/workbench';
import { extensionHostPids } from '../ui/uiSteps';

const args = process.argv.slice(2);

function option(name: string, fallback: number): number {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number (got ${args[i + 1]})`);
  return value;
}

const LEASES = option('--views-leases', 65_000);
const RATE = option('--views-rate', 650);
const SECONDS = option('--views-seconds', 10);
/** Prints where the renderer's main thread spent the scrolling window (a CPU profile's top entries). */
const PROFILE = args.includes('--views-profile');
const jsonIndex = args.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const ROW_HEIGHT = 24;

const log = (line: string): void => console.log(line);

interface FrameFigures {
  readonly frames: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Long tasks (over 50 ms) in the window, and their total time. */
  readonly longTasks: number;
  readonly longTaskMs: number;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Frame times in a document for `ms`: the deltas between requestAnimationFrame callbacks (a frame
 * that took 40 ms of work shows as a 40 ms delta), and the long tasks PerformanceObserver saw.
 * With `scroll`, the callback also scrolls that element, so each frame includes the table's work.
 */
async function frameTimes(
  target: Page | Frame,
  ms: number,
  scroll?: {
    readonly selector: string;
    readonly rowsPerFrame: number;
    /** 0: never jump. */
    readonly jumpEveryFrames: number;
  },
): Promise<FrameFigures> {
  const raw = await target.evaluate(
    ({ ms, scroll, rowHeight }) =>
      new Promise<{ deltas: number[]; longTasks: number[] }>((resolve) => {
        interface El {
          scrollTop: number;
          scrollHeight: number;
          clientHeight: number;
        }
        const g = globalThis as unknown as {
          performance: { now(): number };
          requestAnimationFrame(f: (t: number) => void): void;
          document: { querySelector(s: string): El | null };
          PerformanceObserver?: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => {
            observe(o: { type: string; buffered: boolean }): void;
            disconnect(): void;
          };
        };
        const deltas: number[] = [];
        const longTasks: number[] = [];
        let observer: { disconnect(): void } | undefined;
        try {
          if (g.PerformanceObserver !== undefined) {
            const o = new g.PerformanceObserver((list) => {
              for (const e of list.getEntries()) longTasks.push(e.duration);
            });
            o.observe({ type: 'longtask', buffered: false });
            observer = o;
          }
        } catch {
          observer = undefined;
        }
        const el = scroll === undefined ? null : g.document.querySelector(scroll.selector);
        // Read once: reading the size each frame would force a layout of its own.
        const range = el === null ? 0 : el.scrollHeight - el.clientHeight;
        let last = -1;
        let n = 0;
        let dir = 1;
        const end = g.performance.now() + ms;
        let seed = 12345;
        const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const step = (t: number): void => {
          if (last >= 0) deltas.push(t - last);
          last = t;
          n++;
          if (el !== null && scroll !== undefined) {
            if (scroll.jumpEveryFrames > 0 && n % scroll.jumpEveryFrames === 0) {
              el.scrollTop = Math.floor(random() * range);
            } else {
              const top = el.scrollTop;
              if (top >= range - 1) dir = -1;
              else if (top <= 0) dir = 1;
              el.scrollTop = top + dir * scroll.rowsPerFrame * rowHeight;
            }
          }
          if (t < end) g.requestAnimationFrame(step);
          else {
            observer?.disconnect();
            resolve({ deltas, longTasks });
          }
        };
        g.requestAnimationFrame(step);
      }),
    { ms, scroll, rowHeight: ROW_HEIGHT },
  );
  return {
    frames: raw.deltas.length,
    p50: round(percentile(raw.deltas, 50)),
    p95: round(percentile(raw.deltas, 95)),
    max: round(Math.max(...raw.deltas)),
    longTasks: raw.longTasks.length,
    longTaskMs: Math.round(raw.longTasks.reduce((a, b) => a + b, 0)),
  };
}

/** CPU seconds of a process so far (/proc/<pid>/stat: utime + stime, in clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of Chromium's renderer processes so far, as the browser counts them. */
async function rendererCpuSeconds(browser: CDPSession): Promise<number> {
  const info = (await browser.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number; cpuTime: number }[];
  };
  return info.processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
}

/** Runs `work` and returns what it returns with the CPU share (of one core) the given meters saw meanwhile. */
async function withCpu<T>(
  meters: Record<string, () => number | Promise<number>>,
  work: () => Promise<T>,
): Promise<{ result: T; share: Record<string, number> }> {
  const before: Record<string, number> = {};
  for (const [name, meter] of Object.entries(meters)) before[name] = await meter();
  const started = Date.now();
  const result = await work();
  const elapsed = (Date.now() - started) / 1000;
  const share: Record<string, number> = {};
  for (const [name, meter] of Object.entries(meters))
    share[name] = round(((await meter()) - before[name]!) / elapsed, 3);
  return { result, share };
}

/** Main-thread time by kind (CDP Performance.getMetrics) of the renderer that runs a frame. */
async function mainThread(session: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const out: Record<string, number> = {};
  for (const m of metrics)
    if (['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'].includes(m.name))
      out[m.name] = m.value;
  return out;
}

function describeMainThread(before: Record<string, number>, after: Record<string, number>, seconds: number): string {
  const share = (name: string): string => `${round(((after[name] ?? 0) - (before[name] ?? 0)) / seconds, 3)}`;
  return `main thread ${share('TaskDuration')} (script ${share('ScriptDuration')}, layout ${share('LayoutDuration')}, style ${share('RecalcStyleDuration')})`;
}

interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function printProfile({ profile }: { profile: CpuProfile }): void {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const name =
      f === undefined ? '?' : `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15);
  log('  profile of the scrolling window (self time, ms):');
  for (const [name, ms] of top) log(`    ${round(ms).toString().padStart(8)}  ${name}`);
}

async function dashboardFrame(page: Page): Promise<Frame> {
  const handle = await webviewFrame(page).locator('html').elementHandle({ timeout: 60_000 });
  const frame = await handle?.ownerFrame();
  if (!frame) throw new Error('the dashboard webview frame did not appear');
  return frame;
}

/** Sets the text filter as typing would and returns how long the list took once the typing pause was over. */
async function filterMs(frame: Frame, text: string): Promise<number> {
  return frame.evaluate(
    (text) =>
      new Promise<number>((resolve) => {
        interface Field {
          value: string;
          dispatchEvent(e: unknown): boolean;
        }
        const g = globalThis as unknown as {
          document: {
            querySelector(s: string): (Field & { getAttribute(n: string): string | null }) | null;
          };
          performance: { now(): number };
          Event: new (type: string, init: { bubbles: boolean; composed: boolean }) => unknown;
          MutationObserver: new (cb: () => void) => {
            observe(el: unknown, o: { attributes: boolean }): void;
            disconnect(): void;
          };
        };
        const count = g.document.querySelector('#row-count');
        const input = g.document.querySelector('#filter-text');
        if (count === null || input === null) return resolve(NaN);
        const started = g.performance.now();
        const observer = new g.MutationObserver(() => {
          if (count.getAttribute('data-filter') !== text) return;
          observer.disconnect();
          // The page waits 120 ms for a pause in typing before it filters (filterBar.ts).
          resolve(g.performance.now() - started - 120);
        });
        observer.observe(count, { attributes: true });
        input.value = text;
        input.dispatchEvent(new g.Event('input', { bubbles: true, composed: true }));
      }),
    text,
  );
}

/**
 * The dashboard page alone: the same bundle in Chromium without the workbench around it (in the
 * VS Code server the webview shares the workbench's renderer and its main thread; in VS Code
 * desktop it has a process of its own). Rows shaped as lockRows makes them, renewals posted as
 * the host would at the same rate. Says what the page itself costs.
 */
async function pageAlone(
  figures: Record<string, number | string | null>,
  renewalsPerSecond: number,
  prefix: string,
): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.setContent(
      '<!DOCTYPE html><html><body class="vscode-dark"><div id="app" class="app"></div></body></html>',
    );
    await page.evaluate(() => {
      const g = globalThis as unknown as { acquireVsCodeApi: () => unknown };
      const state = {
        filter: '',
        selected: null,
        sort: { column: 'health', descending: false },
        ui: { heartbeatsExpanded: true },
      };
      g.acquireVsCodeApi = () => ({ postMessage: () => undefined, getState: () => state, setState: () => undefined });
    });
    await page.addScriptTag({ content: readFileSync(join(repoRoot, 'dist', 'webview', 'dashboard.js'), 'utf8') });
    const started = Date.now();
    await page.evaluate(
      ({ n, rate }) => {
        const g = globalThis as unknown as {
          postMessage(m: unknown, origin: string): void;
          setInterval(f: () => void, ms: number): void;
        };
        const thresholds = { expiringShare: 0.5, skewToleranceMs: 5000 };
        const row = (i: number, t: number): unknown => {
          const name = `node-${String(i).padStart(5, '0')}`;
          return {
            key: `ctx/Lease/kube-node-lease/${name}`,
            context: 'ctx',
            namespace: 'kube-node-lease',
            name,
            kind: 'Lease',
            role: 'node-heartbeat',
            holder: name,
            leaseDurationSeconds: 40,
            renewTime: t,
            acquireTime: t - 3_600_000,
            observedTime: t,
            transitions: 0,
            health: 'renewing',
            evidence: {
              holder: 'held',
              problem: null,
              halvesDisagree: null,
              leaseDurationMs: 40_000,
              renewTimeMs: t,
              observedTime: t,
              changeSeen: true,
              firstSeen: t - 600_000,
              contextOffsetMs: 0,
              flapping: null,
              stale: false,
            },
            flapping: false,
            skew: false,
            problems: [],
          };
        };
        const now = Date.now();
        const rows = Array.from({ length: n }, (_, i) => row(i, now - (i % 10_000)));
        g.postMessage(
          { type: 'snapshot', version: 2, now, rows, contexts: [{ name: 'ctx', state: 'connected' }], thresholds },
          '*',
        );
        // As DiffBatcher sends them: five messages a second.
        let next = 0;
        g.setInterval(() => {
          const t = Date.now();
          const upserts = Array.from({ length: Math.round(rate / 5) }, () => row(next++ % n, t));
          g.postMessage({ type: 'diff', now: t, upserts, removed: [], thresholds }, '*');
        }, 200);
      },
      { n: LEASES, rate: renewalsPerSecond },
    );
    await page.locator(`#heartbeat-summary[data-count="${LEASES}"]`).waitFor({ timeout: 5 * 60_000 });
    figures[`${prefix}_open_ms`] = Date.now() - started;
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    const processes = await browser.newBrowserCDPSession();
    let before = await mainThread(session);
    const cpuBefore = await rendererCpuSeconds(processes);
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    figures[`${prefix}_renderer_cpu_core_share`] = round(
      ((await rendererCpuSeconds(processes)) - cpuBefore) / SECONDS,
      3,
    );
    const idle = `renderer ${figures[`${prefix}_renderer_cpu_core_share`]} of a core, ${describeMainThread(before, await mainThread(session), SECONDS)}`;
    figures[`${prefix}_renewals_main_thread_share`] = round(
      ((await mainThread(session)).TaskDuration! - before.TaskDuration!) / SECONDS,
      3,
    );
    const renewals = await frameTimes(page, SECONDS * 1000);
    before = await mainThread(session);
    const scrolled = await frameTimes(page, SECONDS * 1000, {
      selector: '#locks-table',
      rowsPerFrame: 3,
      jumpEveryFrames: 30,
    });
    const scrollThread = describeMainThread(before, await mainThread(session), SECONDS);
    figures[`${prefix}_scroll_p95_frame_ms`] = scrolled.p95;
    figures[`${prefix}_renewals_p95_frame_ms`] = renewals.p95;
    const filters: number[] = [];
    for (const text of ['node-1234', 'node-12', '', 'renewing', ''])
      filters.push(await filterMs(page.mainFrame(), text));
    figures[`${prefix}_filter_ms`] = round(Math.max(...filters));
    log(
      `  the page alone (same bundle, ${LEASES.toLocaleString('en-US')} rows, ${renewalsPerSecond}/s posted, no workbench): open ${figures[`${prefix}_open_ms`]} ms; idle ${idle}; frames with renewals p95 ${renewals.p95} ms; scrolling p50 ${scrolled.p50} / p95 ${scrolled.p95} / max ${scrolled.max} ms, ${scrolled.longTasks} long tasks, ${scrollThread}; filter ${filters.map((f) => round(f)).join(', ')} ms`,
    );
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const interval = LEASES / RATE;
  log(
    `views at scale: ${LEASES.toLocaleString('en-US')} node heartbeat Leases renewed every ${round(interval)} s (${RATE.toLocaleString('en-US')}/s asked), windows of ${SECONDS} s; load average ${round(loadavg()[0]!, 2)} on this machine`,
  );
  const cluster = await TestCluster.start();
  let heartbeats: Heartbeats | undefined;
  let wb: Workbench | undefined;
  const figures: Record<string, number | string | null> = {};
  try {
    const t0 = Date.now();
    heartbeats = Heartbeats.start({
      kubeconfig: cluster.info.kubeconfig,
      context: cluster.info.contexts.admin,
      count: LEASES,
      interval: `${round(interval, 3)}s`,
      // A kubelet renews every 10 s with a 40 s lease; renewing less often here (a rate the test
      // server takes), the lease keeps the same proportion so that live nodes do not look stale.
      leaseDurationSeconds: Math.max(40, Math.ceil(interval * 4)),
      workers: 32,
      report: '1s',
    });
    const { createMs } = await heartbeats.ready(30 * 60_000);
    log(
      `  ${LEASES.toLocaleString('en-US')} Leases created in ${round(createMs / 1000)} s (${round((Date.now() - t0) / 1000)} s with start-up)`,
    );

    wb = await openWorkbench({
      settings: { 'leaseLens.kubeconfigPath': cluster.info.kubeconfig },
      env: { KUBECONFIG: cluster.info.kubeconfig },
      userSettings: { 'leaseLens.contexts': [cluster.info.contexts.admin], 'leaseLens.showNodeHeartbeats': true },
      viewport: { width: 1500, height: 900 },
    });
    const opened = Date.now();
    const page = wb.page;
    const browser = await wb.browser.newBrowserCDPSession();
    const hostPid = await until('the extension host', 60_000, () => extensionHostPids(wb!.server.pid)[0]);
    const renewalsSeen = (): number => heartbeats!.renewals();
    const meters = {
      renderers: () => rendererCpuSeconds(browser),
      extensionHost: () => processCpuSeconds(hostPid),
      renewals: renewalsSeen,
    };

    // ---- the tree ------------------------------------------------------------------------
    const pane = await openView(page, 'Leader Elections');
    await collapseOtherViews(page, 'Leader Elections');
    await widenSideBar(page, 560);
    const group = pane
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: /^Node heartbeats \(/ }) })
      .first();
    const groupLabel = await until('"Node heartbeats (N, K stale)" with every Lease', 20 * 60_000, async () => {
      const text = (
        (await group
          .locator('.label-name')
          .textContent({ timeout: 1000 })
          .catch(() => '')) ?? ''
      ).trim();
      return text.startsWith(`Node heartbeats (${LEASES},`) ? text : undefined;
    });
    figures.tree_count_s = round((Date.now() - opened) / 1000);
    log(`  tree: "${groupLabel}" ${figures.tree_count_s} s after the workbench opened`);
    // Every Lease is renewed once per interval, the first round one interval after creation.
    await until('the renewals to start', (interval + 120) * 1000, () => (renewalsSeen() > 0 ? true : undefined));
    const folded = await withCpu(meters, () => frameTimes(page, SECONDS * 1000));
    figures.workbench_folded_p95_frame_ms = folded.result.p95;
    figures.extension_host_folded_cpu_core_share = folded.share.extensionHost!;
    log(
      `  tree folded: workbench frames p50 ${folded.result.p50} / p95 ${folded.result.p95} / max ${folded.result.max} ms, ${folded.result.longTasks} long tasks; extension host ${folded.share.extensionHost} of a core; ${round(folded.share.renewals!)} renewals/s`,
    );
    const expandStarted = Date.now();
    await group.locator('.monaco-tl-twistie').click();
    await pane.locator('.monaco-list-row[aria-level="3"]').first().waitFor({ timeout: 120_000 });
    figures.tree_expand_ms = Date.now() - expandStarted;
    const expanded = await withCpu(meters, () => frameTimes(page, SECONDS * 1000));
    figures.workbench_expanded_p95_frame_ms = expanded.result.p95;
    figures.extension_host_expanded_cpu_core_share = expanded.share.extensionHost!;
    const setSize = await pane.locator('.monaco-list-row[aria-level="3"]').first().getAttribute('aria-setsize');
    log(
      `  tree expanded: first child after ${figures.tree_expand_ms} ms, ${setSize} items listed; workbench frames p50 ${expanded.result.p50} / p95 ${expanded.result.p95} / max ${expanded.result.max} ms, ${expanded.result.longTasks} long tasks (${expanded.result.longTaskMs} ms); extension host ${expanded.share.extensionHost} of a core`,
    );
    const paletteStarted = Date.now();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: 60_000 });
    figures.palette_open_ms = Date.now() - paletteStarted;
    await page.keyboard.press('Escape');
    log(`  F1 opened the palette in ${figures.palette_open_ms} ms with the group expanded`);
    await group.locator('.monaco-tl-twistie').click();
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');

    // ---- the dashboard ----------------------------------------------------------------------
    const without = await withCpu(meters, () => new Promise((r) => setTimeout(r, SECONDS * 1000)));
    figures.renderer_without_dashboard_cpu_core_share = without.share.renderers!;
    const openStarted = Date.now();
    await runCommand(page, 'Lease Lens: Open Dashboard');
    const doc = webviewFrame(page);
    await doc.locator(`#heartbeat-summary[data-count="${LEASES}"]`).waitFor({ timeout: 5 * 60_000 });
    figures.dashboard_open_ms = Date.now() - openStarted;
    await doc.locator('#heartbeat-summary .cell-summary').click();
    await doc.locator('#heartbeat-summary[data-expanded="true"]').waitFor({ timeout: 60_000 });
    const frame = await dashboardFrame(page);
    const rows = await doc.locator('#locks-table').getAttribute('aria-rowcount');
    log(
      `  dashboard: open with ${LEASES.toLocaleString('en-US')} heartbeats in ${figures.dashboard_open_ms} ms; ${rows} grid rows, ${await doc.locator('.lock-row').count()} in the page`,
    );

    // The webview's own renderer when it is out of process, else the workbench's (which then runs it).
    let own = true;
    const session = await page
      .context()
      .newCDPSession(frame)
      .catch(() => ((own = false), page.context().newCDPSession(page)));
    log(`  (the dashboard runs in ${own ? 'a renderer of its own' : "the workbench's renderer"})`);
    await session.send('Performance.enable');
    // CPU first, with nothing asking for frames (a requestAnimationFrame loop costs CPU of its own).
    let threadBefore = await mainThread(session);
    const idleCpu = await withCpu(meters, () => new Promise((r) => setTimeout(r, SECONDS * 1000)));
    const idleThread = describeMainThread(threadBefore, await mainThread(session), SECONDS);
    figures.dashboard_renderer_cpu_core_share = idleCpu.share.renderers!;
    figures.dashboard_cost_cpu_core_share = round(idleCpu.share.renderers! - without.share.renderers!, 3);
    figures.views_renewals_per_s = round(idleCpu.share.renewals!);
    log(
      `  dashboard open, renewals arriving (${figures.views_renewals_per_s}/s): renderers ${idleCpu.share.renderers} of a core (${without.share.renderers} without the dashboard: the dashboard costs ${figures.dashboard_cost_cpu_core_share}); ${idleThread}`,
    );
    const idle = await frameTimes(frame, SECONDS * 1000);
    figures.dashboard_renewals_p95_frame_ms = idle.p95;
    log(
      `  dashboard open, renewals arriving: frames p50 ${idle.p50} / p95 ${idle.p95} / max ${idle.max} ms, ${idle.longTasks} long tasks`,
    );
    const steady = await frameTimes(frame, SECONDS * 1000, {
      selector: '#locks-table',
      rowsPerFrame: 3,
      jumpEveryFrames: 0,
    });
    figures.dashboard_scroll_steady_p95_frame_ms = steady.p95;
    log(
      `  dashboard scrolling three rows a frame: frames p50 ${steady.p50} / p95 ${steady.p95} / max ${steady.max} ms over ${steady.frames} frames, ${steady.longTasks} long tasks`,
    );
    threadBefore = await mainThread(session);
    if (PROFILE) {
      await session.send('Profiler.enable');
      await session.send('Profiler.start');
    }
    const scrolled = await withCpu(meters, () =>
      frameTimes(frame, SECONDS * 1000, { selector: '#locks-table', rowsPerFrame: 3, jumpEveryFrames: 30 }),
    );
    if (PROFILE) printProfile((await session.send('Profiler.stop')) as { profile: CpuProfile });
    const scrollThread = describeMainThread(threadBefore, await mainThread(session), SECONDS);
    figures.dashboard_scroll_p95_frame_ms = scrolled.result.p95;
    figures.dashboard_scroll_max_frame_ms = scrolled.result.max;
    figures.dashboard_scroll_renderer_cpu_core_share = scrolled.share.renderers!;
    log(
      `  dashboard scrolling ${LEASES.toLocaleString('en-US')} rows, jumping every half second: frames p50 ${scrolled.result.p50} / p95 ${scrolled.result.p95} / max ${scrolled.result.max} ms over ${scrolled.result.frames} frames, ${scrolled.result.longTasks} long tasks; renderers ${scrolled.share.renderers} of a core; ${scrollThread}`,
    );
    // The same steady scroll with the renewals stopped: how much of the frame time is the traffic.
    await heartbeats.stop();
    const quiet = await frameTimes(frame, SECONDS * 1000, {
      selector: '#locks-table',
      rowsPerFrame: 3,
      jumpEveryFrames: 0,
    });
    figures.dashboard_scroll_quiet_p95_frame_ms = quiet.p95;
    log(
      `  dashboard scrolling three rows a frame, renewals stopped: frames p50 ${quiet.p50} / p95 ${quiet.p95} / max ${quiet.max} ms, ${quiet.longTasks} long tasks`,
    );
    const filters: number[] = [];
    for (const text of ['node-1234', 'node-12', '', 'renewing', '']) filters.push(await filterMs(frame, text));
    figures.dashboard_filter_ms = round(Math.max(...filters));
    log(`  dashboard filter (after the 120 ms typing pause): ${filters.map((f) => round(f)).join(', ')} ms`);
    // The page alone at the rate asked and at the 6,500/s of the largest clusters.
    await wb.close();
    await pageAlone(figures, RATE, 'page_alone');
    await pageAlone(figures, 6500, 'page_alone_6500');
    figures.views_leases = LEASES;
    figures.views_rate_asked = RATE;
    figures.views_load_average = round(loadavg()[0]!, 2);
  } finally {
    await wb?.close();
    await heartbeats?.stop();
    await cluster.stop();
  }
  if (jsonFile !== undefined) {
    let previous: Record<string, unknown> = {};
    try {
      previous = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
    } catch {
      previous = {};
    }
    writeFileSync(jsonFile, JSON.stringify({ ...previous, ...figures }, null, 2));
    log(`\nwrote ${jsonFile}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
