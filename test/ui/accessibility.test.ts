import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { lockKey } from '../../src/core';
import { ElectorPool, fastElection, type Elector } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { repoRoot } from '../support/toolPaths';
import type { TestCluster } from '../support/testCluster';
import { until } from '../support/until';
import { collapseOtherViews, screenshot, webviewFrame, widenSideBar } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import { createIdleLease, lockRow, modalDialog, readLease } from './uiSteps';

/** What axe-core reports per violated rule (the page runs it; only plain data comes back). */
interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** The little of the page this test reads (the project has no DOM lib). */
interface PageGlobals {
  document: {
    activeElement: { id: string; tagName: string } | null;
    querySelector(s: string): { getAttribute(n: string): string | null } | null;
  };
  axe: {
    run(
      context: unknown,
      options: unknown,
    ): Promise<{
      passes: { id: string }[];
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    }>;
  };
}

const THEMES = ['Default Light Modern', 'Default Dark Modern', 'Default High Contrast'] as const;
const HOUR = 3_600_000;
/** A client-go identity, as the tree and the table shorten it. */
const LEADER_A = 'payment-gateway-84f6c9d7b-x2k4q_0b6f2e1c-7a3d-4f5e-9c8b-1d2e3f4a5b6c';
const LEADER_B = 'payment-gateway-84f6c9d7b-m7p2z_5e4d3c2b-1a09-4f8e-b7c6-d5e4f3a2b1c0';

/**
 * Lease Lens to a screen reader and to the keyboard, in the real VS Code against the real cluster:
 * axe-core (the npm package, run inside the real dashboard webview) finds no serious or critical
 * violation in a light, a dark and the High Contrast theme; the keyboard alone walks filter →
 * table → detail → Release dialog and back without writing anything; a leadership change of the
 * selected lock is announced; tree items speak their whole line.
 */
describe('Accessibility: the dashboard and the tree, by keyboard and screen reader, in three themes', function () {
  this.timeout(600_000);
  const pool = new ElectorPool();
  let ns = '';
  let theme: (typeof THEMES)[number] = THEMES[0];
  const heartbeats: string[] = [];
  let firstLeader: Elector | undefined;

  const options = (c: TestCluster) =>
    clusterWorkbench(c, { userSettings: { 'workbench.colorTheme': theme }, viewport: { width: 1500, height: 900 } });

  const suite = workbenchSuite(
    async () => {
      const c = cluster();
      ns = await c.createNamespace('ui-a11y');
      // A dead controller's lock (the one to release), a released one, a live election, and a
      // few node heartbeats (one of them dead) for the table's summary row.
      await createIdleLease(c, ns, 'stuck-controller', 'stuck-controller-5d8f7b9c6-qw4zt_1b6e0c1e', 3 * HOUR);
      await createIdleLease(c, ns, 'released-lock', '');
      for (const [i, agoMs] of [0, 0, 3 * HOUR].entries()) {
        const name = `a11y-node-${ns.slice(-4)}-${i}`;
        await nodeLease(c, name, agoMs);
        heartbeats.push(name);
      }
      firstLeader = pool.start(fastElection(c, ns, 'payment-gateway', LEADER_A));
      await firstLeader.waitLeading(30_000);
      pool.start(fastElection(c, ns, 'payment-gateway', LEADER_B));
      return options(c);
    },
    {
      after: async () => {
        await pool.stopAll();
        const admin = cluster().adminTransport();
        // Its locks leave with it: a later suite's attention count starts without them.
        await admin
          .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, { method: 'DELETE' })
          .catch(() => undefined);
        for (const name of heartbeats)
          await admin
            .json(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`, { method: 'DELETE' })
            .catch(() => undefined);
      },
    },
  );

  const page = (): Page => suite.page;

  /** The dashboard's document as a Playwright Frame (for evaluate, which the page's CSP does not restrict). */
  async function dashboardFrame(): Promise<Frame> {
    const handle = await webviewFrame(page()).locator('html').elementHandle({ timeout: 60_000 });
    const frame = await handle?.ownerFrame();
    assert.ok(frame, 'the dashboard webview frame');
    return frame;
  }

  async function activeId(frame: Frame): Promise<string> {
    return frame.evaluate(() => {
      const active = (globalThis as unknown as PageGlobals).document.activeElement;
      return active === null ? '' : active.id || active.tagName.toLowerCase();
    });
  }

  /** Presses Tab until the page's focus is on `id` (at most `max` times); fails saying where it got. */
  async function tabTo(frame: Frame, id: string, max = 12): Promise<number> {
    const path: string[] = [];
    for (let i = 1; i <= max; i++) {
      await page().keyboard.press('Tab');
      const at = await activeId(frame);
      path.push(at);
      if (at === id) return i;
    }
    throw new Error(`Tab never reached #${id}: the focus went ${path.join(' → ')}`);
  }

  /** Opens the dashboard from the palette with the keyboard alone. */
  async function openDashboardByKeyboard(): Promise<Frame> {
    const p = page();
    const widget = p.locator('.quick-input-widget');
    await p.keyboard.press('F1');
    await widget.locator('.quick-input-box input').waitFor({ timeout: 30_000 });
    await p.keyboard.type('Lease Lens: Open Dashboard');
    await widget
      .locator('.monaco-list-row.focused', { hasText: 'Lease Lens: Open Dashboard' })
      .waitFor({ timeout: 30_000 });
    await p.keyboard.press('Enter');
    await webviewFrame(p).locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    return dashboardFrame();
  }

  async function axeRun(frame: Frame): Promise<{ violations: AxeViolation[]; passed: string[] }> {
    const source = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    // Evaluated as a script by the debugger protocol: the page's CSP (no eval, nonce scripts only) stays as it is.
    await frame.evaluate(`${source}\n;true`);
    return frame.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      const result = await g.axe.run(g.document, { resultTypes: ['violations'] });
      return {
        passed: result.passes.map((p) => p.id),
        violations: result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
        })),
      };
    });
  }

  for (const [i, name] of THEMES.entries()) {
    it(`axe-core finds no serious or critical violation in the dashboard: ${name}`, async () => {
      if (i > 0) {
        theme = name;
        await suite.reopen(options(cluster()));
      }
      const frame = await openDashboardByKeyboard();
      const doc = webviewFrame(page());
      // The detail open (record, candidates, charts and their tables), one chart's table unfolded.
      await doc.locator('#filter-text input').fill('payment-gateway');
      // The name cell: clicking the middle of a row as wide as the table would scroll it sideways.
      await doc.locator('.lock-row', { hasText: 'payment-gateway' }).first().locator('.cell-name').click();
      await doc.locator('#lock-detail[data-state="ready"]').waitFor({ timeout: 30_000 });
      await doc.locator('#data-leadership summary').click();
      await doc.locator('#data-leadership table').waitFor({ timeout: 10_000 });
      // Every lock of the cluster, the heartbeat summary row among them, with the keyboard's cursor on a row.
      await doc.locator('#filter-text input').fill('');
      await doc.locator('#heartbeat-summary:not([hidden])').waitFor({ timeout: 30_000 });
      await doc.locator('#locks-table').focus();
      await page().keyboard.press('ArrowDown');
      await doc.locator('#locks-table[aria-activedescendant]').waitFor({ timeout: 10_000 });
      const { violations, passed } = await axeRun(frame);
      // It did look: the grid's roles, names and contrast were checked and passed.
      for (const rule of ['aria-required-children', 'aria-allowed-attr', 'color-contrast', 'aria-input-field-name'])
        assert.ok(passed.includes(rule), `axe-core checked ${rule} (passed: ${passed.join(', ')})`);
      const slug = name.toLowerCase().replace(/\W+/g, '-');
      console.log(`      screenshot: ${await screenshot(page(), `a11y-dashboard-${slug}`)}`);
      const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      console.log(
        `      axe-core: ${passed.length} rules passed, ${violations.length} violated (${violations.map((v) => `${v.id}:${v.impact}`).join(', ') || 'none'})`,
      );
      assert.deepEqual(
        blocking.map((v) => `${v.id} (${v.impact}): ${v.help}\n        ${v.nodes.slice(0, 5).join('\n        ')}`),
        [],
      );
      // Leave the page as the next test expects it: no detail open.
      await doc.locator('.detail-close').click();
      await doc.locator('#lock-detail').waitFor({ state: 'hidden', timeout: 10_000 });
    });
  }

  it('the keyboard alone walks filter → table → detail → Release dialog and back, and nothing is written', async () => {
    const c = cluster();
    const before = await readLease(c, ns, 'stuck-controller');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'stuck-controller');
    const frame = await openDashboardByKeyboard();
    const doc = webviewFrame(page());
    // The filter bar is reached with Tab; the text filter takes what is typed.
    await tabTo(frame, 'filter-text', 16);
    assert.equal(await doc.locator('#lock-detail').isVisible(), false, 'no detail open from an earlier test');
    await page().keyboard.press('Control+A');
    await page().keyboard.type(`${ns} stuck`);
    await doc.locator('#row-count[data-matched="1"]').waitFor({ timeout: 30_000 });
    await doc.locator(`.lock-row[data-key="${key}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await doc.locator('.lock-row').count(), 1, 'the filter leaves the one lock');
    // Past the other filters to the table: one tab stop for the whole grid.
    await tabTo(frame, 'locks-table', 8);
    await page().keyboard.press('ArrowDown');
    const grid = doc.locator('#locks-table');
    assert.equal(await grid.getAttribute('aria-activedescendant'), 'lock-row-0');
    assert.equal(await doc.locator('#lock-row-0').getAttribute('data-key'), key);
    assert.equal(await doc.locator('#lock-row-0').getAttribute('aria-selected'), 'true');
    assert.equal(await grid.getAttribute('aria-rowcount'), '2', 'the header row and the one lock');
    console.log(`      screenshot: ${await screenshot(page(), 'a11y-keyboard-table')}`);
    // Enter opens the detail and takes the keyboard into it.
    await page().keyboard.press('Enter');
    await doc.locator(`#lock-detail[data-state="ready"][data-key="${key}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await activeId(frame), 'lock-detail');
    await tabTo(frame, 'release-button', 6);
    console.log(`      screenshot: ${await screenshot(page(), 'a11y-keyboard-release-focused')}`);
    await page().keyboard.press('Enter');
    // VS Code's own modal asks; Escape is its Cancel.
    const dialog = await modalDialog(page(), 30_000);
    assert.match(dialog.message, new RegExp(`Release Lease ${ns}/stuck-controller`));
    console.log(`      screenshot: ${await screenshot(page(), 'a11y-keyboard-release-dialog')}`);
    await page().keyboard.press('Escape');
    await dialog.box.waitFor({ state: 'detached', timeout: 10_000 });
    await doc.locator('#write-result.failed, #write-result.ok').waitFor({ timeout: 15_000 });
    const after = await readLease(c, ns, 'stuck-controller');
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, 'nothing was written');
    assert.equal(after.spec?.holderIdentity, before.spec?.holderIdentity);
    // Back in the page, Escape closes the detail and the keyboard is on the table again.
    // The dialog answered, the keyboard is back on the button that asked (the host re-focuses the panel).
    let focused = '';
    await until('the keyboard is back on the Release button after the dialog', 15_000, async () =>
      (focused = await activeId(frame)) === 'release-button' ? true : undefined,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the page's focus is on "${focused}"`);
    });
    await page().keyboard.press('Escape');
    await doc.locator('#lock-detail').waitFor({ state: 'hidden', timeout: 10_000 });
    assert.equal(await activeId(frame), 'locks-table');
  });

  it('says a leadership change of the selected lock through an aria-live region', async () => {
    await openDashboardByKeyboard();
    const doc = webviewFrame(page());
    await doc.locator('#filter-text input').fill(`${ns} payment-gateway`);
    await doc.locator('.lock-row', { hasText: 'payment-gateway' }).first().locator('.cell-name').click();
    await doc.locator('#lock-detail[data-state="ready"]').waitFor({ timeout: 30_000 });
    const announcer = doc.locator('#leadership-announcer[aria-live="polite"]');
    assert.equal(((await announcer.textContent()) ?? '').trim(), '', 'nothing said on opening');
    assert.ok(firstLeader, 'the first leader is running');
    await firstLeader.kill();
    await announcer
      .filter({ hasText: /^Leadership of payment-gateway changed: now held by payment-gateway-84f6c9d7b-m7p2z_5e4d…/ })
      .waitFor({ timeout: 45_000 });
    assert.match(
      (await announcer.textContent()) ?? '',
      /, was (payment-gateway-84f6c9d7b-x2k4q_0b6f…5b6c|nobody)\.$/,
      'and who held it before',
    );
  });

  it('tree items speak their whole line, and the High Contrast tree tells states apart by icon shape', async () => {
    const row = await lockRow(page(), ns, 'stuck-controller');
    await widenSideBar(page(), 620);
    await collapseOtherViews(page(), 'Leader Elections');
    assert.match(
      (await row.getAttribute('aria-label')) ?? '',
      new RegExp(
        `^stuck-controller, Lease in ${ns}, held by stuck-controller-5d8f7b9c6-qw4zt_1b6e0c1e, probably stopped: expired 2 hours( \\d+ minutes?)? ago by its record, renewed 3 hours( \\d+ minutes?)? ago, 0 transitions$`,
      ),
    );
    const live = await lockRow(page(), ns, 'payment-gateway');
    assert.match(
      (await live.getAttribute('aria-label')) ?? '',
      new RegExp(
        `^payment-gateway, Lease in ${ns}, held by payment-gateway-84f6c9d7b-\\S+…\\S+, \\w[^,]*, (renewed|changed) `,
      ),
    );
    await page().mouse.move(0, 0);
    console.log(`      screenshot: ${await screenshot(page(), 'a11y-tree-high-contrast')}`);
  });
});

/** A node heartbeat Lease as the kubelet writes it, renewed `agoMs` ago. */
async function nodeLease(c: TestCluster, name: string, agoMs: number): Promise<void> {
  const renew = new Date(Date.now() - agoMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  await c.adminTransport().json('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
    method: 'POST',
    body: {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: renew },
    },
  });
}
