import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';
import { screenshot, waitForNotification } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import {
  answerDialog,
  createIdleLease,
  dialogResourceVersion,
  extensionHostPids,
  lockRow,
  modalDialog,
  pickRow,
  readLease,
  rowDescription,
  runCommandWithPick,
  type ShownDialog,
} from './uiSteps';

/**
 * Two VS Code windows (two pages on one real VS Code server, each with its own extension host and
 * so its own Lease Lens and watches) take over the same lock at the same time. Both confirmations
 * were shown at the same resourceVersion; the first confirmed wins, the second write conflicts,
 * and its window says who holds the lock now. Every dialog is answered by clicks and typing.
 */
describe('Two VS Code windows taking over the same lock', function () {
  this.timeout(240_000);
  const windows: Page[] = [];
  const suite = workbenchSuite(() => clusterWorkbench(cluster(), { viewport: { width: 1280, height: 800 } }), {
    windows: () => windows,
  });
  before(async () => {
    windows.push(suite.page, await suite.wb.openWindow());
  });

  /** Take Over from the palette: the lock pick, the identity typed into its pick, then the modal. */
  async function askTakeOver(page: Page, ns: string, identity: string): Promise<ShownDialog> {
    // A quick pick closes when its window loses focus: work in this window as a user would, in front.
    await page.bringToFront();
    await runCommandWithPick(page, 'Lease Lens: Take Over Lease', 'Take Over Lease');
    await pickRow(page, `${ns}/contended`);
    const widget = page.locator('.quick-input-widget');
    await widget
      .locator('.quick-input-title', { hasText: `Take over Lease ${ns}/contended` })
      .waitFor({ timeout: 15_000 });
    await widget.locator('.quick-input-box input').fill(identity);
    await widget.locator('.monaco-list-row .label-name', { hasText: identity }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    return modalDialog(page);
  }

  it('lets the first confirmation win; the second conflicts, names the new holder and writes nothing', async () => {
    const { wb } = suite;
    const c = cluster();
    const [a, b] = windows as [Page, Page];
    const ns = await c.createNamespace('ui-two-windows');
    const created = await createIdleLease(c, ns, 'contended', 'hung-holder-1');

    // Both windows show the lock held by the hung holder, each through its own watch.
    for (const p of [a, b]) {
      await p.bringToFront();
      const row = await lockRow(p, ns, 'contended');
      await until('the tree shows the hung holder', 15_000, async () =>
        (await rowDescription(row)).startsWith('hung-holder-1 · ') ? true : undefined,
      );
    }
    // Two windows, two extension hosts: two independent Lease Lens instances.
    const hosts = extensionHostPids(wb.server.pid);
    assert.equal(hosts.length, 2, `one extension host per window (extension host pids: ${hosts.join(', ')})`);

    const dialogA = await askTakeOver(a, ns, 'window-a');
    const dialogB = await askTakeOver(b, ns, 'window-b');
    assert.match(
      dialogA.message,
      new RegExp(`^Take over Lease ${ns}/contended for window-a\\? It is held by hung-holder-1`),
    );
    assert.match(
      dialogB.message,
      new RegExp(`^Take over Lease ${ns}/contended for window-b\\? It is held by hung-holder-1`),
    );
    assert.equal(
      dialogResourceVersion(dialogA),
      created.metadata.resourceVersion,
      'window A asks at the version the lock was created with',
    );
    assert.equal(dialogResourceVersion(dialogB), created.metadata.resourceVersion, 'window B asks at the same version');
    console.log(`      screenshot: ${await screenshot(b, 'two-windows-b-asks')}`);

    await a.bringToFront();
    await answerDialog(dialogA, 'Take Over');
    const done = await waitForNotification(
      a,
      `Lease ${ns}/contended is now held by window-a (it was held by hung-holder-1).`,
      15_000,
    );
    assert.equal(done.severity, 'info');
    const afterA = await readLease(c, ns, 'contended');
    assert.equal(afterA.spec?.holderIdentity, 'window-a');

    // Window B's dialog still shows the old state; confirming it must not clobber window A's write.
    await b.bringToFront();
    await answerDialog(dialogB, 'Take Over');
    const again = await modalDialog(b);
    assert.match(
      again.message,
      new RegExp(
        `^Lease ${ns}/contended changed while you were taking it over: now held by window-a, renewed (just now|\\d+s ago)\\. Take over again\\?$`,
      ),
    );
    assert.equal(
      dialogResourceVersion(again),
      afterA.metadata.resourceVersion,
      'asked again at the version window A wrote',
    );
    console.log(`      screenshot: ${await screenshot(b, 'two-windows-b-conflict')}`);
    await answerDialog(again, 'Cancel');

    const final = await readLease(c, ns, 'contended');
    assert.equal(final.spec?.holderIdentity, 'window-a', 'window B did not clobber window A');
    assert.equal(final.spec?.leaseTransitions, 1, 'exactly one takeover was written');
    assert.equal(final.metadata.resourceVersion, afterA.metadata.resourceVersion, 'nothing was written after window A');
    // And window B's tree follows the lock to its new holder.
    await b.bringToFront();
    const rowB = await lockRow(b, ns, 'contended');
    await until('window B shows window-a as the holder', 15_000, async () =>
      (await rowDescription(rowB)).startsWith('window-a · ') ? true : undefined,
    );
    assert.match(await rowDescription(rowB), /^window-a · .* · 1 transition$/);
  });
});
