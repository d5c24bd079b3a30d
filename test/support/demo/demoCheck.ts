import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { KubeTransport } from '../../../src/cluster/kubeHttp';
import { shortIdentity } from '../../../src/core/identityText';
import {
  answerSaveDialog,
  collapseOtherViews,
  openView,
  hoverInFile,
  runCommand,
  savedFile,
  waitForExtensionsActivated,
  waitForTreeItem,
  webviewFrame,
  type Workbench,
} from '../workbench';
import { pickRow, runCommandWithPick } from '../../ui/uiSteps';
import { delay } from './demoProcesses';
import {
  HEARTBEATS,
  MULTILOCK_NEW_HOLDER,
  MULTILOCK_OLD_HOLDER,
  readHolder,
  SCENE_LOCKS,
  SCENE_NAMESPACES,
  STUCK_HOLDER,
  type SceneLock,
} from './demoScene';

/**
 * `npm run demo -- --check`: looks at the demo as a user would, in the real workbench, and
 * compares what the tree shows with what the API server says. Every step has its own time limit
 * and names what it waited for when it gives up.
 */

export interface CheckResult {
  /** What was seen, in one line. */
  readonly summary: string;
  readonly screenshots: readonly string[];
}

export class CheckFailure extends Error {}

/** The tree label of a lock: its name, with the kind when it is not a Lease. */
export function treeLabel(l: Pick<SceneLock, 'name' | 'kind'>): string {
  return l.kind === 'Lease' ? l.name : `${l.name} (${l.kind})`;
}

async function step<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n').slice(0, 3).join(' / ') : String(err);
    throw new CheckFailure(`${what}: ${message}`);
  }
}

async function description(row: Locator): Promise<string> {
  return ((await row.locator('.label-description').first().textContent()) ?? '').trim();
}

/**
 * Expands a collapsed tree row: selects it and presses the right arrow, which only ever expands.
 * The check's workbench has `workbench.tree.expandMode: doubleClick`, so the click only selects:
 * a click that lands on another row (the tree redraws as data arrives) can never collapse anything.
 */
async function expand(page: Page, row: Locator): Promise<void> {
  const expanded = row.and(page.locator('[aria-expanded="true"]'));
  for (let attempt = 1; ; attempt++) {
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.locator('.label-name').click();
      await page.keyboard.press('ArrowRight');
    }
    try {
      await expanded.waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}

/** Polls until check returns a value (not undefined) or the time is up; then throws with the last state. */
async function until<T>(timeoutMs: number, check: () => Promise<T | undefined>, lastState: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`not within ${Math.round(timeoutMs / 1000)} s; last seen: ${lastState()}`);
    await delay(500);
  }
}

/** The side bar from its top to just below the tree's last row. */
async function treeClip(page: Page, pane: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const bar = await page.locator('.part.sidebar').boundingBox();
  const rows = await pane
    .locator('.monaco-list-row')
    .evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
  if (!bar) throw new CheckFailure('the side bar is not on screen');
  const bottom = Math.min(bar.y + bar.height, Math.max(rows + 12, bar.y + 200));
  return { x: bar.x, y: bar.y, width: bar.width, height: bottom - bar.y };
}

/** Drags the side bar's edge so that holder identities (pod name and UUID) fit beside lock names. */
async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - box.width) / 2, y, { steps: 5 });
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

export async function runCheck(
  wb: Workbench,
  admin: KubeTransport,
  context: string,
  outDir: string,
): Promise<CheckResult> {
  const page = wb.page;
  mkdirSync(outDir, { recursive: true });
  for (const old of ['tree.png', 'dashboard.png', 'hover.png', 'attention.png', 'failure.png', TIMELINE_FILE])
    rmSync(join(outDir, old), { force: true });
  const seen: string[] = [];

  const pane = await step('the "Leader Elections" view', async () => {
    const p = await openView(page, 'Leader Elections', 60_000);
    await collapseOtherViews(page, 'Leader Elections');
    return p;
  });
  await widenSideBar(page, 1160);

  await step(`the context ${context} in the tree`, () => waitForTreeItem(pane, context, 60_000));
  const namespaces = ['kube-system', ...SCENE_NAMESPACES];
  for (const ns of namespaces) await step(`the namespace ${ns} in the tree`, () => waitForTreeItem(pane, ns, 60_000));
  // Bottom row first: expanding a row moves only the rows below it.
  const tops = await Promise.all(
    namespaces.map(async (ns) => ({ ns, y: (await (await waitForTreeItem(pane, ns)).boundingBox())?.y ?? 0 })),
  );
  for (const { ns } of tops.sort((a, b) => b.y - a.y)) {
    await step(`expanding the namespace ${ns}`, async () => expand(page, await waitForTreeItem(pane, ns)));
  }
  for (const ns of namespaces) {
    const row = await waitForTreeItem(pane, ns);
    if ((await row.getAttribute('aria-expanded')) !== 'true')
      throw new CheckFailure(`the namespace ${ns} collapsed again after it was expanded`);
  }

  // The stuck lock, read the moment it is first drawn: its holder died three hours ago and its
  // lease lasts one, so client-go's rule would count it held for the first hour we watch. It
  // must read as probably stopped, with the reason, on the first draw — not a green check.
  const stuckRow = await step('storage/snapshot-controller in the tree', () =>
    waitForTreeItem(pane, 'snapshot-controller', 60_000),
  );
  const stuck = await description(stuckRow);
  if (
    !stuck.startsWith(`${shortIdentity(STUCK_HOLDER)} · probably stopped: expired 2h`) ||
    !/ by its record · renewed 3h \d+m ago/.test(stuck)
  )
    throw new CheckFailure(
      `storage/snapshot-controller should read as probably stopped on its first draw, its dead holder renewed 3h ago; the tree says "${stuck}"`,
    );
  if (
    (await stuckRow.locator('.codicon-debug-stop').count()) === 0 ||
    (await stuckRow.locator('.codicon-pass-filled').count()) > 0
  )
    throw new CheckFailure('storage/snapshot-controller is not drawn with the probably-stopped icon');
  seen.push('stuck snapshot-controller probably stopped in the tree on its first draw');

  // Each lock: the holder the tree shows must be the one the API server has. Holders change
  // (failover, flapping), so both are read again until they agree. Rows shorten long
  // identities in the middle, as the check does.
  for (const lock of SCENE_LOCKS) {
    const label = treeLabel(lock);
    const where = `${lock.kind} ${lock.namespace}/${lock.name}`;
    const row = await step(`${where} in the tree (as "${label}")`, () => waitForTreeItem(pane, label, 60_000));
    let last = '';
    const holder = await step(`${where}: the tree's holder matching the API server's`, () =>
      until(
        45_000,
        async () => {
          const [text, api] = await Promise.all([description(row), readHolder(admin, lock)]);
          last = `tree "${text}", API holder ${api ?? 'none'}`;
          return api !== undefined && text.startsWith(`${shortIdentity(api)} ·`) ? api : undefined;
        },
        () => last,
      ),
    );
    if (lock.name === 'kube-scheduler' || lock.name === 'kube-controller-manager')
      seen.push(`${lock.name} held by ${holder}`);
  }

  // What each special lock is there to show.
  const multi = await step('the MultiLock ingress-nginx/ingress-nginx-leader flagged as disagreeing', () =>
    until(
      30_000,
      async () => {
        const rows = [
          await waitForTreeItem(pane, 'ingress-nginx-leader'),
          await waitForTreeItem(pane, 'ingress-nginx-leader (ConfigMap)'),
        ];
        const flagged = await Promise.all(rows.map((r) => r.locator('.codicon-issues').count()));
        return flagged.some((n) => n > 0) ? 'flagged' : undefined;
      },
      () =>
        `no row of the pair has the problem icon (ConfigMap holder ${MULTILOCK_OLD_HOLDER}, Lease ${MULTILOCK_NEW_HOLDER}_…)`,
    ),
  );
  seen.push(`MultiLock halves disagree (${multi})`);

  const candidates = (await admin.json('/apis/coordination.k8s.io/v1beta1/namespaces/platform/leasecandidates')) as {
    items?: unknown[];
  };
  seen.push(`coordinated platform-controller with ${candidates.items?.length ?? 0} LeaseCandidates`);

  let flapText = '';
  await step('shop/cart-reconciler shown as flapping', () =>
    until(
      120_000,
      async () => {
        flapText = await description(await waitForTreeItem(pane, 'cart-reconciler'));
        return /· flapping: \d+ leaders in 10 min ·/.test(flapText) ? true : undefined;
      },
      () => `"${flapText}"`,
    ),
  );
  seen.push('cart-reconciler flapping');
  // Its first leader crashed 8 s into the scene; a standby takes over 15-19 s later.
  let failover = '';
  await step('shop/payment-gateway after its first failover (1 transition or more)', () =>
    until(
      60_000,
      async () => {
        failover = await description(await waitForTreeItem(pane, 'payment-gateway'));
        return /· [1-9]\d* transitions?( ·|$)/.test(failover) ? true : undefined;
      },
      () => `"${failover}"`,
    ),
  );
  seen.push(`payment-gateway failed over (${/\d+ transitions?/.exec(failover)?.[0] ?? '?'})`);

  const heartbeatLabel = new RegExp(`^Node heartbeats \\(${HEARTBEATS.count}, ${HEARTBEATS.stale} stale\\)$`);
  let heartbeatsSeen = '';
  await step(`"Node heartbeats (${HEARTBEATS.count}, ${HEARTBEATS.stale} stale)" in the tree`, () =>
    until(
      120_000,
      async () => {
        const labels = (await pane.locator('.monaco-list-row .label-name').allTextContents()).map((t) => t.trim());
        heartbeatsSeen = labels.find((l) => l.startsWith('Node heartbeats')) ?? 'no "Node heartbeats" item';
        return heartbeatLabel.test(heartbeatsSeen) ? true : undefined;
      },
      () => heartbeatsSeen,
    ),
  );
  seen.push(heartbeatsSeen);

  await waitForExtensionsActivated(page);
  // Focus leaves the tree, so no row has the keyboard-focus outline in the picture.
  await runCommand(page, 'View: Focus Active Editor Group').catch(() => undefined);
  await page.mouse.move(0, 0);
  const tree = join(outDir, 'tree.png');
  await page.screenshot({ path: tree, clip: await treeClip(page, pane) });

  // The dashboard, with the room the side bar had.
  await step('the command "View: Toggle Primary Side Bar Visibility"', () =>
    runCommand(page, 'View: Toggle Primary Side Bar Visibility', 30_000),
  );
  await step('the command "Lease Lens: Open Dashboard"', () => runCommand(page, 'Lease Lens: Open Dashboard', 30_000));
  const frame = webviewFrame(page);
  await step('the dashboard listing kube-scheduler', () =>
    frame.locator('.lock-row', { hasText: 'kube-scheduler' }).first().waitFor({ timeout: 60_000 }),
  );
  const rows = await frame.locator('.lock-row').count();
  // The same verdict and words in the dashboard, on its first draw.
  const stuckCell = frame.locator('.lock-row', { hasText: 'snapshot-controller' }).first();
  await step('the dashboard listing snapshot-controller', () => stuckCell.waitFor({ timeout: 30_000 }));
  const stuckState = [
    await stuckCell.getAttribute('data-health'),
    await stuckCell.locator('.health-text').textContent(),
  ];
  if (
    stuckState[0] !== 'probablyStopped' ||
    !/^probably stopped: expired 2h( \d+m)? ago by its record$/.test(stuckState[1] ?? '')
  )
    throw new CheckFailure(
      `the dashboard should say storage/snapshot-controller is probably stopped, as the tree does; it says ${JSON.stringify(stuckState)}`,
    );
  seen.push('and in the dashboard');
  const summaryStale = await frame.locator('#heartbeat-summary').getAttribute('data-stale');
  if (summaryStale !== String(HEARTBEATS.stale))
    throw new CheckFailure(
      `the dashboard's node heartbeat row counts ${summaryStale ?? 'no'} stale, the tree ${HEARTBEATS.stale}`,
    );
  // A row opens the lock's detail (record, candidates, history chart): show the failover one.
  await step('the dashboard detail of payment-gateway', async () => {
    await frame.locator('.lock-row', { hasText: 'payment-gateway' }).first().click();
    await delay(1_500);
  });
  const dashboard = join(outDir, 'dashboard.png');
  await page.screenshot({ path: dashboard });
  seen.push(`dashboard with ${rows} rows`);

  // samples/: the stuck lock's YAML, hovered on its holder, shows the live lock beside the file's.
  const file = 'snapshot-controller-lease.yaml';
  await step(`the hover on holderIdentity in samples/storage/${file}`, async () => {
    const live = `Live in context ${context}: ${STUCK_HOLDER}`;
    await hoverInFile(
      page,
      file,
      'snapshot-controller-5d8f7b9c6-qw4zt',
      (text) => text.includes(live) && text.includes('probably stopped: no renewal seen'),
    );
    await page.waitForTimeout(500);
  });
  const hover = join(outDir, 'hover.png');
  await page.screenshot({ path: hover });
  seen.push(`hover on samples/storage/${file} shows the live holder, probably stopped`);

  await page.keyboard.press('Escape');

  // The status bar's attention item counts the locks needing attention (the stuck one, the
  // flapping one, the disagreeing MultiLock…); its tooltip lists them.
  const item = page.locator('.statusbar-item', { hasText: /locks? needs? attention/ }).first();
  const count = await step('the attention item in the status bar', async () => {
    await item.waitFor({ timeout: 30_000 });
    return ((await item.textContent()) ?? '').trim();
  });
  const tip = page.locator('.monaco-hover:not(.hidden) .hover-contents').last();
  await step('the attention item’s tooltip listing storage/snapshot-controller', async () => {
    await page.mouse.move(0, 0);
    await item.hover();
    await tip.filter({ hasText: 'storage/snapshot-controller' }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300);
  });
  const attention = join(outDir, 'attention.png');
  const tipBox = await tip.boundingBox();
  const bar = await page.locator('.part.statusbar').boundingBox();
  if (tipBox === null || bar === null) throw new CheckFailure('the attention tooltip is not on screen');
  await page.screenshot({
    path: attention,
    clip: {
      x: 0,
      y: tipBox.y - 8,
      width: Math.max(tipBox.x + tipBox.width + 8, 600),
      height: bar.y + bar.height - tipBox.y + 8,
    },
  });
  seen.push(`status bar: "${count}"`);
  await page.mouse.move(0, 0);

  // The failover lock's timeline, exported as a user would (palette, save dialog).
  const timeline = join(outDir, TIMELINE_FILE);
  await step('Export Lock Timeline of shop/payment-gateway', async () => {
    await runCommandWithPick(page, 'Lease Lens: Export Lock Timeline', 'Export Lock Timeline');
    await pickRow(page, 'shop/payment-gateway');
    const since = Date.now() - 1000;
    await answerSaveDialog(page, 'Export the timeline', timeline);
    // Complete: its last section is there (the file is created before it is written). Saved under
    // the suggested name in the workspace when the save dialog settled back on it: moved here.
    const saved = await until(
      30_000,
      async () => {
        const f = savedFile(timeline, wb.workspace, /-timeline-[\d-]+\.md$/, since);
        return f !== undefined && readFileSync(f, 'utf8').includes('## Release and Take Over') ? f : undefined;
      },
      () => `no ${timeline}`,
    );
    if (saved !== timeline) renameSync(saved, timeline);
  });
  const exported = readFileSync(timeline, 'utf8');
  const changes = exported
    .slice(exported.indexOf('## Holder changes'), exported.indexOf('## Renew intervals'))
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => l.split(' | ')[1] ?? '');
  if (changes.length === 0 || changes.some((at, i) => i > 0 && at < changes[i - 1]!))
    throw new CheckFailure(
      `the exported timeline of shop/payment-gateway should list its holder changes in order: ${exported}`,
    );
  seen.push(`payment-gateway timeline exported with ${changes.length} holder changes in order`);

  return { summary: seen.join('; '), screenshots: [tree, dashboard, hover, attention, timeline] };
}

/** The failover lock's exported timeline, beside the screenshots. */
export const TIMELINE_FILE = 'payment-gateway-timeline.md';
