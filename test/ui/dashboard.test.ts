import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { lockKey } from '../../src/core';
import { ElectorPool } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { runCommand, screenshot, webviewFrame } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';

/**
 * The dashboard in a real VS Code against the stage's real API server: a real election's holder in
 * the table, the holder changing when leadership moves, the detail's charts drawn, and how it
 * looks in a light and a dark theme.
 */
describe('The Lease Lens dashboard in a real VS Code against a real cluster', function () {
  this.timeout(240_000);
  const pool = new ElectorPool();
  let shownNamespace: string | undefined;
  const suite = workbenchSuite(
    () => clusterWorkbench(cluster(), { userSettings: { 'workbench.colorTheme': 'Default Light Modern' } }),
    { after: () => pool.stopAll() },
  );

  const page = (): Page => suite.page;

  it('shows the real holder, follows a failover, and draws the detail charts', async () => {
    const c = cluster();
    const ns = await c.createNamespace('ui-dash');
    const opts = {
      kubeconfig: c.info.kubeconfig,
      context: c.info.contexts.admin,
      namespace: ns,
      name: 'dash-lock',
      leaseDuration: '4s',
      renewDeadline: '3s',
      retryPeriod: '1s',
    };
    const electors = ['dash-a', 'dash-b'].map((identity) => pool.start({ ...opts, identity }));
    const leader = await Promise.any(electors.map(async (e) => (await e.waitLeading(30_000), e)));
    const other = electors.find((e) => e !== leader)!;

    await runCommand(page(), 'Lease Lens: Open Dashboard');
    const frame = webviewFrame(page());
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await frame.locator('#filter-text input, #filter-text').first().click();
    await page().keyboard.type(ns);
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'dash-lock');
    const row = frame.locator(`.lock-row[data-key="${key}"]`);
    const holder = row.locator('.cell-holder');
    await holder.filter({ hasText: leader.identity }).waitFor({ timeout: 30_000 });

    await row.click();
    const detail = frame.locator('#lock-detail[data-state="ready"]');
    await detail.waitFor({ timeout: 30_000 });
    await frame.locator('#detail-holder', { hasText: leader.identity }).waitFor({ timeout: 15_000 });
    // Let a few renewals arrive so the renew-interval chart has points to draw.
    await frame.locator('#chart-renewals:not([data-points="0"])').waitFor({ timeout: 30_000 });
    for (const id of ['chart-renewals', 'chart-leadership', 'chart-transitions']) {
      const drawn = await frame.locator(`#${id}`).evaluate((el: unknown) => {
        const canvas = el as {
          width: number;
          height: number;
          getContext(
            t: '2d',
          ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
        };
        const ctx = canvas.getContext('2d');
        if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
        return painted;
      });
      assert.ok(drawn > 100, `the ${id} canvas has something drawn on it (${drawn} painted pixels)`);
    }
    console.log(`      screenshot: ${await screenshot(page(), 'dashboard-light')}`);

    await leader.kill();
    await other.waitLeading(30_000);
    await holder.filter({ hasText: other.identity }).waitFor({ timeout: 15_000 });
    await frame.locator('#detail-holder', { hasText: other.identity }).waitFor({ timeout: 15_000 });
    const transitions = Number(((await row.locator('.cell-transitions').textContent()) ?? '').replace(/\D+/g, ''));
    assert.ok(transitions >= 1, `the failover counts as a transition (${transitions})`);
    shownNamespace = ns;
  });

  it('follows a dark theme (theme colours, charts included)', async () => {
    const c = cluster();
    await suite.reopen(clusterWorkbench(c, { userSettings: { 'workbench.colorTheme': 'Default Dark Modern' } }));
    await runCommand(page(), 'Lease Lens: Open Dashboard');
    const frame = webviewFrame(page());
    await frame.locator('body[data-ready="true"].vscode-dark').waitFor({ timeout: 60_000 });
    if (shownNamespace) {
      await frame.locator('#filter-text input, #filter-text').first().click();
      await page().keyboard.type(shownNamespace);
      await frame.locator('.lock-row', { hasText: 'dash-lock' }).first().click();
      await frame.locator('#lock-detail[data-state="ready"]').waitFor({ timeout: 30_000 });
    }
    const background = await frame
      .locator('body')
      .evaluate(
        (el: unknown) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el)
            .backgroundColor,
      );
    const channels = (background.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    assert.ok(
      channels.length === 3 && channels.every((v) => v < 80),
      `the page takes the dark theme's background (${background})`,
    );
    console.log(`      screenshot: ${await screenshot(page(), 'dashboard-dark')}`);
  });
});
