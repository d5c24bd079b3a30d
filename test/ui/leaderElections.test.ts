import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ElectorPool } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import {
  collapseOtherViews,
  openView,
  readHover,
  screenshot,
  waitForExtensionsActivated,
  waitForNotification,
  waitForTreeItem,
  webviewFrame,
  widenSideBar,
} from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import { runCommandWithPick, treeTooltip as sharedTreeTooltip } from './uiSteps';

/** The little of the DOM these tests read inside the page (no DOM lib in this project). */
interface DomElement {
  querySelector(selector: string): { textContent: string | null } | null;
}

/**
 * The Leader Elections view, the Release command with its modal dialog, and the YAML hover, in a
 * real VS Code workbench connected to the stage's real API server, with real client-go electors.
 */
describe('Lease Lens in a real VS Code against a real cluster', function () {
  this.timeout(180_000);
  const pool = new ElectorPool();
  const suite = workbenchSuite(() =>
    clusterWorkbench(cluster(), {
      files: { 'README.md': '# operations notes\n' },
      viewport: { width: 1400, height: 860 },
    }),
  );
  afterEach(() => pool.stopAll());

  const page = (): Page => suite.page;

  const electorOptions = (
    namespace: string,
    name: string,
    identity: string,
    lease = { leaseDuration: '4s', renewDeadline: '3s', retryPeriod: '1s' },
  ) => ({
    kubeconfig: cluster().info.kubeconfig,
    context: cluster().info.contexts.admin,
    namespace,
    name,
    identity,
    ...lease,
  });

  /** Waits until the open hover has finished fading in (screenshots otherwise catch it half drawn). */
  async function hoverSettled(): Promise<void> {
    await page()
      .locator('.monaco-hover:not(.hidden)')
      .last()
      .evaluate((el: unknown) =>
        Promise.all(
          (el as { getAnimations(o: { subtree: boolean }): { finished: Promise<unknown> }[] })
            .getAnimations({ subtree: true })
            .map((a) => a.finished),
        ),
      );
  }

  /**
   * Opens a tree item's tooltip and returns its text. The mouse moves in from outside (a tree
   * shows its hover on mouse over, after a delay); an item redrawn during that delay (a live age
   * ticking) cancels it, so this moves out and in again until the tooltip shows.
   */
  function treeTooltip(row: Locator, expect: RegExp): Promise<string> {
    return sharedTreeTooltip(page(), row, expect);
  }

  /** Expands a collapsed tree row (a namespace) by clicking its twistie. */
  async function expand(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await row.and(page().locator('[aria-expanded="true"]')).waitFor({ timeout: 10_000 });
  }

  async function description(row: Locator): Promise<string> {
    return ((await row.locator('.label-description').first().textContent()) ?? '').trim();
  }

  /** Types into the open quick pick and accepts the row whose label is `label`; returns the row's text. */
  async function pickRow(label: string, shot?: string): Promise<string> {
    const p = page();
    const widget = p.locator('.quick-input-widget');
    await widget.locator('.quick-input-box input').fill(label);
    const row = widget
      .locator('.monaco-list-row')
      .filter({ has: p.locator('.label-name', { hasText: label }) })
      .first();
    await row.waitFor({ timeout: 30_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
    if (shot !== undefined) console.log(`      screenshot: ${await screenshot(p, shot)}`);
    await row.click();
    return text;
  }

  it('shows context → namespace → lock with the real holder and its renew age', async () => {
    const ns = await cluster().createNamespace('ui-tree');
    // A client-go identity (<hostname>_<uuid>); renewals every 10 s, so the age visibly counts up.
    const identity = 'web-7d9f8-x2k4q_2f1c6a8e-9b3d-4c5e-8f7a-1b2c3d4e5f60';
    const leader = pool.start(
      electorOptions(ns, 'web-controller', identity, {
        leaseDuration: '30s',
        renewDeadline: '20s',
        retryPeriod: '10s',
      }),
    );
    await leader.waitLeading(30_000);
    const pane = await openView(page(), 'Leader Elections');
    await collapseOtherViews(page(), 'Leader Elections');
    await widenSideBar(page(), 560);
    await waitForTreeItem(pane, cluster().info.contexts.admin, 30_000);
    const nsRow = await waitForTreeItem(pane, ns, 30_000);
    await expand(nsRow);
    const lockRow = await waitForTreeItem(pane, 'web-controller', 15_000);
    // Rows shorten a <pod>_<uuid> identity in the middle (the tooltip has it whole).
    const shown = 'web-7d9f8-x2k4q_2f1c…5f60';
    const first = await description(lockRow);
    // Until we see it renew, a real elector's lock is "not seen renewing yet" and not green; it
    // renews every 10 s, so that lasts at most until its first renewal.
    const firstIcon = await lockRow.locator('.codicon-pass-filled').count();
    if (first.startsWith(`${shown} · not seen renewing yet`))
      assert.equal(firstIcon, 0, 'no green check before a renewal was seen');
    else assert.match(first, new RegExp(`^${shown} · renewing · `), first);
    await page().waitForFunction(
      ([el, prefix]) => (el as DomElement).querySelector('.label-description')?.textContent?.startsWith(prefix),
      [await lockRow.elementHandle(), `${shown} · renewing · `] as const,
      { timeout: 25_000 },
    );
    const text = await description(lockRow);
    assert.equal(
      text.replace(/renewed (just now|\ds ago)/, 'renewed N'),
      `${shown} · renewing · renewed N · 0 transitions`,
    );
    assert.equal(await lockRow.locator('.codicon-pass-filled').count(), 1, 'a lock seen renewing has the green check');
    // Ages count up between renewals without any click.
    await page().waitForFunction(
      ([el, before]) => (el as DomElement).querySelector('.label-description')?.textContent?.trim() !== before,
      [await lockRow.elementHandle(), text] as const,
      { timeout: 5_000 },
    );
    await waitForExtensionsActivated(page());
    console.log(`      screenshot: ${await screenshot(page(), 'tree')}`);

    const tip = await treeTooltip(lockRow, /Where the holder runs/);
    assert.match(tip, new RegExp(`Lease ${ns}/web-controller in context ${cluster().info.contexts.admin}`));
    assert.ok(tip.includes(`Holder: ${identity}`), tip);
    assert.match(tip, /Lease duration: 30s/);
    assert.match(
      tip,
      /^renewing: we saw the record change .*, within its 30s lease; candidates may take over in \d+s if it stops\./m,
    );
    // No pods or nodes in this cluster (no kubelet): the tooltip says what was looked for, and
    // never calls a holder gone that was never seen.
    assert.ok(
      tip.includes(
        'Where the holder runs: no pod named web-7d9f8-x2k4q, a host-network web-controller pod on a node named web-7d9f8-x2k4q or a node named web-7d9f8-x2k4q in this cluster; the holder may run outside it',
      ),
      tip,
    );
    assert.doesNotMatch(tip, /gone/);
    await hoverSettled();
    console.log(`      screenshot: ${await screenshot(page(), 'tree-tooltip')}`);
    await page().mouse.move(0, 0);
  });

  it('runs "Lease Lens: Release Lease" from the palette, asks in a modal dialog, and a real standby takes over', async () => {
    const ns = await cluster().createNamespace('ui-release');
    const slow = { leaseDuration: '60s', renewDeadline: '40s', retryPeriod: '1s' };
    const crashed = pool.start(electorOptions(ns, 'stuck', 'crashed-1', slow));
    await crashed.waitLeading(30_000);
    await crashed.kill();
    const standby = pool.start(electorOptions(ns, 'stuck', 'standby-1', slow));
    await standby.process.waitFor((l) => l.event === 'started', 15_000, 'standby started');

    await runCommandWithPick(page(), 'Lease Lens: Release Lease', 'Release Lease');
    const pickedRow = await pickRow(`${ns}/stuck`, 'release-pick');
    // Each row says who holds the lock and how long ago it was renewed.
    assert.match(
      pickedRow,
      /crashed-1 · (renewing|not seen renewing yet|expiring: \d+s left) · renewed (just now|\d+s ago) · 0 transitions/,
    );
    const dialog = page().locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    const message = ((await dialog.locator('.dialog-message-text').textContent()) ?? '').trim();
    const detail = ((await dialog.locator('.dialog-message-detail').textContent()) ?? '').trim();
    assert.match(
      message,
      new RegExp(`^Release Lease ${ns}/stuck, held by crashed-1 \\(renewed (just now|\\d+s ago)\\)\\?$`),
    );
    assert.match(detail, /no fencing/);
    console.log(`      screenshot: ${await screenshot(page(), 'release-dialog')}`);
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Release$/ }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    const note = await waitForNotification(page(), `Released Lease ${ns}/stuck`, 15_000);
    assert.equal(note.severity, 'info');
    await standby.waitLeading(10_000);

    const pane = await openView(page(), 'Leader Elections');
    await expand(await waitForTreeItem(pane, ns, 30_000));
    const row = await waitForTreeItem(pane, 'stuck', 15_000);
    await page().waitForFunction(
      (el) => (el as DomElement).querySelector('.label-description')?.textContent?.startsWith('standby-1 · '),
      await row.elementHandle(),
      { timeout: 15_000 },
    );
    assert.match(await description(row), /^standby-1 · (renewing|not seen renewing yet) · renewed .* · 1 transition$/);
    console.log(`      screenshot: ${await screenshot(page(), 'after-release')}`);
  });

  it('hovers a Lease in a YAML file: the record from the file and the live holder', async () => {
    const ns = await cluster().createNamespace('ui-hover');
    const live = pool.start(electorOptions(ns, 'cache-sync', 'cache-live-7'));
    await live.waitLeading(30_000);
    const file = 'cache-sync-lease.yaml';
    writeFileSync(
      join(suite.wb.workspace, file),
      [
        '# exported last week',
        'apiVersion: coordination.k8s.io/v1',
        'kind: Lease',
        'metadata:',
        '  name: cache-sync',
        `  namespace: ${ns}`,
        'spec:',
        '  holderIdentity: cache-old-3',
        '  leaseDurationSeconds: 4',
        '  renewTime: "2026-01-05T10:00:00.000000Z"',
        '  leaseTransitions: 0',
        '',
      ].join('\n'),
    );
    const p = page();
    await p.keyboard.press('Control+P');
    const input = p.locator('.quick-input-widget .quick-input-box input');
    await input.fill(file);
    await p
      .locator('.quick-input-widget .monaco-list-row .label-name', { hasText: file })
      .first()
      .waitFor({ timeout: 15_000 });
    await p.keyboard.press('Enter');
    const holderText = p.locator('.monaco-editor .view-lines .view-line span', { hasText: 'cache-old-3' }).last();
    await holderText.waitFor({ timeout: 15_000 });
    let text = '';
    for (let attempt = 0; attempt < 20 && !text.includes('cache-live-7'); attempt++) {
      text = await readHover(p, holderText);
      if (!text.includes('cache-live-7')) await p.waitForTimeout(250);
    }
    assert.match(text, new RegExp(`Lease ${ns}/cache-sync — leader election record in this file`));
    assert.match(text, /Holder: cache-old-3/);
    assert.match(text, new RegExp(`Live in context ${cluster().info.contexts.admin}: cache-live-7`));
    assert.match(text, /The file is out of date: the cluster has holder cache-live-7 \(file: cache-old-3\)/);
    assert.match(text, /Release…/);
    await hoverSettled();
    console.log(`      screenshot: ${await screenshot(p, 'yaml-hover')}`);
    await p.mouse.move(0, 0);
  });

  it('pins a lock to the status bar and opens the dashboard from it', async () => {
    const ns = await cluster().createNamespace('ui-pin');
    const e = pool.start(electorOptions(ns, 'pinned-lock', 'pin-holder'));
    await e.waitLeading(30_000);
    await runCommandWithPick(page(), 'Lease Lens: Pin to Status Bar', 'Pin to Status Bar');
    await pickRow(`${ns}/pinned-lock`);
    const item = page().locator('.statusbar-item', { hasText: 'pinned-lock: pin-holder' });
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    const frame = webviewFrame(page());
    await frame.locator('.lock-row', { hasText: 'pinned-lock' }).first().waitFor({ timeout: 30_000 });
    console.log(`      screenshot: ${await screenshot(page(), 'dashboard-from-status-bar')}`);
  });
});
