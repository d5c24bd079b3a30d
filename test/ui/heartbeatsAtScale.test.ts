import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { lockKey } from '../../src/core';
import { Heartbeats } from '../support/heartbeats';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';
import {
  collapseOtherViews,
  openView,
  runCommand,
  screenshot,
  waitForTreeItem,
  webviewFrame,
  widenSideBar,
} from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';

const HOUR = 3_600_000;
/** Renewed by tools/heartbeats every 10 s, as kubelets renew theirs. */
const LIVE = 1200;
/** Dead nodes: their Leases were last renewed hours ago. */
const DEAD = ['scale-dead-0', 'scale-dead-1', 'scale-dead-2'];
const TOTAL = LIVE + DEAD.length;
const ROW_HEIGHT = 24;

/**
 * Node heartbeats at a size the views must not choke on, in the real VS Code against the real API
 * server (1,203 node Leases, 120 renewals a second): the tree's "Node heartbeats" group lists its
 * stale nodes first and the rest 500 at a time with a "Show 500 more…" item, never every node at
 * once; the dashboard's table holds them all but draws only the rows in view, and shows the right
 * rows for a filter and at a scroll position.
 */
describe('Node heartbeats at scale in the tree and the dashboard', function () {
  this.timeout(300_000);
  let heartbeats: Heartbeats | undefined;

  const suite = workbenchSuite(
    async () => {
      const c = cluster();
      heartbeats = Heartbeats.start({
        kubeconfig: c.info.kubeconfig,
        context: c.info.contexts.admin,
        count: LIVE,
        prefix: 'scale-',
        workers: 16,
        cleanup: true,
      });
      await heartbeats.ready(120_000);
      const renewTime = new Date(Date.now() - 3 * HOUR).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
      for (const name of DEAD) {
        await c.adminTransport().json('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
          method: 'POST',
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace: 'kube-node-lease' },
            spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
          },
        });
      }
      return clusterWorkbench(c, {
        userSettings: { 'leaseLens.showNodeHeartbeats': true },
        viewport: { width: 1500, height: 900 },
      });
    },
    {
      after: async () => {
        await heartbeats?.stop();
        const admin = cluster().adminTransport();
        for (const name of DEAD)
          await admin
            .json(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`, { method: 'DELETE' })
            .catch(() => undefined);
      },
    },
  );

  const page = (): Page => suite.page;

  /** The rows the tree shows right now at one depth (context 1, group 2, lock 3), top to bottom. */
  async function rowsAt(pane: Locator, level: number): Promise<{ label: string; setSize: number; icon: string }[]> {
    return pane.locator(`.monaco-list-row[aria-level="${level}"]`).evaluateAll((rows) =>
      rows
        .map((r) => {
          const el = r as unknown as {
            getAttribute(n: string): string | null;
            querySelector(s: string): { textContent: string | null; className?: string } | null;
          };
          return {
            index: Number(el.getAttribute('data-index')),
            label: (el.querySelector('.label-name')?.textContent ?? '').trim(),
            setSize: Number(el.getAttribute('aria-setsize')),
            icon: el.querySelector('.custom-view-tree-node-item-icon')?.className ?? '',
          };
        })
        .sort((a, b) => a.index - b.index)
        .map(({ label, setSize, icon }) => ({ label, setSize, icon })),
    );
  }

  it('the tree lists the stale nodes first, then 500 at a time with a "Show 500 more…" item', async () => {
    const pane = await openView(page(), 'Leader Elections');
    await collapseOtherViews(page(), 'Leader Elections');
    await widenSideBar(page(), 560);
    const group = pane
      .locator('.monaco-list-row')
      .filter({ has: page().locator('.label-name', { hasText: /^Node heartbeats \(/ }) })
      .first();
    const label = await until(`the group "Node heartbeats (${TOTAL}, 3 stale)"`, 90_000, async () => {
      const text = ((await group.locator('.label-name').textContent({ timeout: 1_000 })) ?? '').trim();
      return text === `Node heartbeats (${TOTAL}, 3 stale)` ? text : undefined;
    });
    assert.equal(label, `Node heartbeats (${TOTAL}, 3 stale)`);
    await group.locator('.monaco-tl-twistie').click();
    await group.and(page().locator('[aria-expanded="true"]')).waitFor({ timeout: 30_000 });
    await waitForTreeItem(pane, DEAD[0]!, 30_000);
    const first = (await rowsAt(pane, 3)).slice(0, 5);
    assert.deepEqual(
      first.map((r) => r.label),
      [...DEAD, 'scale-0000', 'scale-0001'],
      'stale first, by name; then the rest by name',
    );
    assert.ok(
      first.slice(0, 3).every((r) => r.icon.includes('codicon-debug-stop')),
      `the stale ones have the probably-stopped look: ${JSON.stringify(first)}`,
    );
    assert.equal(first[0]!.setSize, 501, 'one page of 500 nodes and the "more" item, not 1,203 items');
    console.log(`      screenshot: ${await screenshot(page(), 'heartbeats-tree-expanded')}`);

    // The end of the group, as a keyboard user gets there: select a node, then End.
    // (Not the first rows: the sticky headers of the context and the group sit over them.)
    await (await waitForTreeItem(pane, 'scale-0010', 10_000)).click();
    await page().keyboard.press('End');
    const more = await waitForTreeItem(pane, 'Show 500 more…', 30_000);
    assert.match(
      ((await more.locator('.label-description').textContent()) ?? '').trim(),
      new RegExp(`^${TOTAL - 500} more node heartbeats not listed$`),
    );
    console.log(`      screenshot: ${await screenshot(page(), 'heartbeats-tree-more')}`);
    await more.click();
    await until('a second page: 1,000 nodes and the "more" item', 30_000, async () =>
      (await rowsAt(pane, 3))[0]?.setSize === 1001 ? true : undefined,
    );
    await page().keyboard.press('End');
    await waitForTreeItem(pane, `Show ${TOTAL - 1000} more…`, 30_000);
  });

  it('the dashboard holds every heartbeat, draws only the rows in view, and shows the right rows for a filter and a scroll position', async () => {
    const c = cluster();
    await runCommand(page(), 'Lease Lens: Open Dashboard');
    const doc = webviewFrame(page());
    await doc.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await doc.locator('#filter-text input').fill('scale-');
    const summary = doc.locator(`#heartbeat-summary[data-count="${TOTAL}"][data-stale="3"]`);
    await summary.waitFor({ timeout: 60_000 });
    assert.match((await summary.textContent()) ?? '', /Node heartbeats: 1,203 leases.*3 stale/);
    // By name, heartbeats unfolded under the summary.
    await doc.locator('.sort-button[data-column="name"]').click();
    await doc.locator('#column-name[aria-sort="ascending"]').waitFor({ timeout: 10_000 });
    await summary.locator('.cell-summary').click();
    await doc.locator('#heartbeat-summary[data-expanded="true"]').waitFor({ timeout: 10_000 });
    const grid = doc.locator('#locks-table');
    await doc.locator(`#locks-table[aria-rowcount="${TOTAL + 2}"]`).waitFor({ timeout: 10_000 });
    const drawn = await doc.locator('.lock-row').count();
    assert.ok(drawn > 10 && drawn < 100, `only the rows in view are in the page (${drawn} of ${TOTAL})`);

    // Scrolled to the 600th heartbeat: the row there is scale-0599 (item 600 after the summary).
    await grid.evaluate(
      (el, top) => (((el as unknown as { scrollTop: number }).scrollTop = top), undefined),
      600 * ROW_HEIGHT,
    );
    const at600 = doc.locator('.lock-row[aria-rowindex="602"]');
    await at600.waitFor({ timeout: 10_000 });
    assert.equal(
      await at600.getAttribute('data-key'),
      lockKey(c.info.contexts.admin, 'Lease', 'kube-node-lease', 'scale-0599'),
    );
    assert.equal(((await at600.locator('.cell-name').textContent()) ?? '').trim(), 'scale-0599');
    console.log(`      screenshot: ${await screenshot(page(), 'heartbeats-dashboard-scrolled')}`);

    // A narrower filter: the three dead nodes, stale, with the state's words.
    await doc.locator('#filter-text input').fill('scale-dead');
    await doc.locator('#row-count[data-matched="3"]').waitFor({ timeout: 10_000 });
    const rows = doc.locator('.lock-row');
    await until('three rows drawn', 10_000, async () => ((await rows.count()) === 3 ? true : undefined));
    assert.deepEqual(await rows.locator('.cell-name').allTextContents(), DEAD);
    // Probably stopped from the first draw; expired too once a whole lease passed since we first saw them.
    for (const state of await rows.evaluateAll((els) =>
      els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-health')),
    ))
      assert.ok(state === 'probablyStopped' || state === 'expired', `a dead node is ${state}`);
    assert.equal(await doc.locator('#heartbeat-summary').getAttribute('data-stale'), '3');
  });
});
