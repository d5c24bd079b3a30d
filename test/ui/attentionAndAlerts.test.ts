import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { lockKey } from '../../src/core';
import { ElectorPool, fastElection } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';
import { clearNotifications, runCommand, screenshot, webviewFrame } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import {
  createIdleLease,
  filesUnder,
  lockRow,
  pickRow,
  readLease,
  rowDescription,
  runCommandWithPick,
} from './uiSteps';

const HOUR = 3_600_000;

/**
 * Day-two operation as a user meets it, in a real VS Code against a real cluster: the status bar
 * item and the Explorer's badge count the locks needing attention and follow a lock going
 * probably-stopped and back; the item's click opens the dashboard filtered to them; a watched
 * lock's failover raises one notification with its actions.
 */
describe('Attention item, badge and alerts in a real VS Code against a real cluster', function () {
  this.timeout(300_000);
  const pool = new ElectorPool();
  const suite = workbenchSuite(() => clusterWorkbench(cluster(), { viewport: { width: 1500, height: 900 } }), {
    after: () => pool.stopAll(),
  });
  const page = (): Page => suite.page;

  afterEach(async () => {
    await page()
      .keyboard.press('Escape')
      .catch(() => undefined);
  });

  /** The attention item of the status bar. */
  const item = (): Locator =>
    page().locator('.statusbar-item', {
      hasText: /need(s)? attention|Leader elections OK|Leader elections: disconnected/,
    });

  /** The count the item shows (0 for "Leader elections OK"). */
  async function itemCount(): Promise<number> {
    const text = ((await item().first().textContent()) ?? '').trim();
    const m = /(\d+) locks? needs? attention/.exec(text);
    return m === null ? 0 : Number(m[1]);
  }

  /** The Explorer's badge in the activity bar (the view's TreeView.badge), 0 when none. */
  async function badge(): Promise<number> {
    const b = page().locator('.part.activitybar .action-item .badge-content').first();
    if ((await b.count()) === 0 || !(await b.isVisible())) return 0;
    return Number(((await b.textContent()) ?? '').trim() || 0);
  }

  function outputChannelText(): string {
    return filesUnder(suite.wb.server.dataDir, 'Lease Lens.log')
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  it('the count in the status bar and the badge follow a lock going probably stopped and back; a click shows them in the dashboard', async () => {
    const c = cluster();
    const ns = await c.createNamespace('ui-attention');
    await createIdleLease(c, ns, 'alive', 'alive-1');
    await lockRow(page(), ns, 'alive');
    await item().first().waitFor({ timeout: 30_000 });
    await until('the item and the badge agree', 30_000, async () =>
      (await itemCount()) === (await badge()) ? true : undefined,
    );
    const before = await itemCount();

    // A holder that died three hours ago, with a one-hour lease: probably stopped on the first draw.
    await createIdleLease(c, ns, 'reconciler', 'reconciler-7c9f_1b6e', 3 * HOUR);
    await until('the item counts it', 30_000, async () => ((await itemCount()) === before + 1 ? true : undefined));
    assert.equal(await badge(), before + 1, 'the badge shows the same count');
    assert.match(
      (await item().first().getAttribute('class')) ?? '',
      /warning-kind|has-background-color/,
      'the warning look',
    );
    // Its tooltip lists it, with why.
    await item().first().hover();
    const tooltip = page().locator('.monaco-hover:not(.hidden) .hover-contents').last();
    await tooltip.filter({ hasText: `${ns}/reconciler` }).waitFor({ timeout: 15_000 });
    assert.match(
      (await tooltip.innerText()).replace(/\s+/g, ' '),
      new RegExp(
        `Lease ${ns}/reconciler \\(testenv-admin\\) — probably stopped: expired 2h( \\d+m)? ago by its record`,
      ),
    );
    console.log(`      screenshot: ${await screenshot(page(), 'attention-item')}`);
    await page().mouse.move(700, 400);

    // A click: the dashboard, filtered to the locks needing attention.
    await item().first().click();
    const frame = webviewFrame(page());
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'reconciler');
    await frame.locator(`.lock-row[data-key="${key}"]`).waitFor({ timeout: 30_000 });
    assert.equal(
      await frame.locator('#filter-health').evaluate((el) => (el as unknown as { value: string }).value),
      'attention',
    );
    assert.equal(
      await frame.locator(`.lock-row[data-key="${lockKey(c.info.contexts.admin, 'Lease', ns, 'alive')}"]`).count(),
      0,
    );
    assert.equal(Number(await frame.locator('#row-count').getAttribute('data-matched')), before + 1);
    console.log(`      screenshot: ${await screenshot(page(), 'attention-dashboard')}`);

    // The holder is back: a renewal seen, and the count goes down again.
    const lease = (await readLease(c, ns, 'reconciler')) as { metadata: unknown; spec: Record<string, unknown> };
    await c.adminTransport().json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/reconciler`, {
      method: 'PUT',
      body: { ...lease, spec: { ...lease.spec, renewTime: new Date().toISOString().replace('Z', '000Z') } },
    });
    await until('the item counts it no more', 30_000, async () => ((await itemCount()) === before ? true : undefined));
    await until('nor does the badge', 10_000, async () => ((await badge()) === before ? true : undefined));
  });

  it('a failover of a watched lock: one notification, with Open Dashboard and Resolve Holder, and the alert in the output channel', async () => {
    const c = cluster();
    const ns = await c.createNamespace('ui-alert');
    const options = (identity: string) => fastElection(c, ns, 'payments', identity);
    const first = pool.start(options('payments-a'));
    await first.waitLeading(30_000);
    const standby = pool.start(options('payments-b'));
    const row = await lockRow(page(), ns, 'payments');
    await until('the tree shows the leader renewing', 30_000, async () =>
      /^payments-a · renewing/.test(await rowDescription(row)) ? true : undefined,
    );
    await runCommand(page(), 'View: Close All Editors');
    await clearNotifications(page());
    await runCommandWithPick(page(), 'Lease Lens: Watch Lock', 'Watch Lock');
    await pickRow(page(), `${ns}/payments`);
    await page()
      .locator('.statusbar-item', { hasText: `Watching Lease ${ns}/payments` })
      .waitFor({ timeout: 15_000 });

    await first.kill();
    await standby.waitLeading(30_000);
    const toast = page()
      .locator('.notifications-toasts .notification-list-item')
      .filter({ hasText: `Lease ${ns}/payments: payments-b took over from payments-a` });
    await toast.first().waitFor({ timeout: 30_000 });
    const tookOver = Date.now();
    const buttons = (await toast.first().locator('.monaco-button').allTextContents()).map((t) => t.trim());
    assert.deepEqual(buttons, ['Open Dashboard', 'Resolve Holder']);
    // For the screenshot: the toast done fading in.
    await page().waitForFunction(
      (el) =>
        el !== null &&
        (globalThis as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(el)
          .opacity === '1',
      await page().locator('.notifications-toasts .notification-toast').first().elementHandle(),
      { timeout: 10_000 },
    );
    console.log(`      screenshot: ${await screenshot(page(), 'alert-failover')}`);
    // Long enough for a "stopped" alert to have come, had the takeover not answered it.
    await until('the new leader renewing, past the grace period', 30_000, async () =>
      Date.now() - tookOver > 8_000 && /^payments-b · renewing/.test(await rowDescription(row)) ? true : undefined,
    );
    const about = page().locator('.notifications-toasts .notification-list-item', { hasText: `${ns}/payments` });
    assert.equal(await about.count(), 1, 'exactly one notification about the lock');
    const log = outputChannelText()
      .split('\n')
      .filter((l) => l.includes(`/Lease/${ns}/payments`) && l.includes('alert at'));
    assert.equal(log.length, 1, log.join('\n'));
    assert.match(
      log[0]!,
      /alert at \d{4}-\d\d-\d\dT[\d:.]+Z \[leaderChanged\] .*payments-b took over from payments-a.* — notified$/,
    );

    // Its action: the dashboard at the lock, whose detail says it is watched.
    await toast.first().locator('.monaco-button', { hasText: 'Open Dashboard' }).click();
    const frame = webviewFrame(page());
    const detail = frame.locator(
      `#lock-detail[data-key="${lockKey(c.info.contexts.admin, 'Lease', ns, 'payments')}"][data-state="ready"]`,
    );
    await detail.waitFor({ timeout: 60_000 });
    await frame.locator('#watch-button[data-watched="true"]').waitFor({ timeout: 15_000 });
    await frame.locator('#watch-button').click();
    await frame.locator('#watch-button[data-watched="false"]').waitFor({ timeout: 15_000 });
  });
});
