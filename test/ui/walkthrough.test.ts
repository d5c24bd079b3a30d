import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { cluster } from '../support/integrationHooks';
import { readHover, runCommand, screenshot } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import { answerDialog, createIdleLease, lockRow, modalDialog, pickRow, runCommandWithPick } from './uiSteps';

const WALKTHROUGH = 'Get Started with Lease Lens';
const STEPS = [
  'Connect a cluster',
  'Read a lock',
  'Find the lock that needs attention',
  'Release a stuck lock, safely',
  'Open the dashboard',
];

/**
 * The first-run walkthrough in the real workbench, done as a new user would: each step completes
 * on the real event it names (a context connecting, a lock's tooltip read, a lock needing
 * attention looked at, the Release command, the dashboard opened) — not on a click of the step.
 */
describe('The "Get Started with Lease Lens" walkthrough', function () {
  this.timeout(240_000);
  let ns = '';
  const suite = workbenchSuite(async () => {
    const c = cluster();
    ns = await c.createNamespace('ui-walk');
    await createIdleLease(c, ns, 'healthy-looking', 'holder-live');
    // Its holder died three hours ago and its lease lasts one: it needs attention from the first draw.
    await createIdleLease(c, ns, 'stuck', 'holder-dead', 3 * 3600_000);
    return clusterWorkbench(c, { viewport: { width: 1500, height: 900 } });
  });

  async function openWalkthrough(page: Page): Promise<Locator> {
    // The palette command opens a pick of walkthroughs (no title: its placeholder says what it is).
    const widget = page.locator('.quick-input-widget');
    await page.keyboard.press('F1');
    await widget.locator('.quick-input-box input').fill('>Welcome: Open Walkthrough');
    await widget
      .locator('.monaco-list-row .label-name', { hasText: 'Open Walkthrough' })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await widget.locator('input[placeholder="Select a walkthrough to open"]').waitFor({ timeout: 30_000 });
    await pickRow(page, WALKTHROUGH);
    const editor = page.locator('.gettingStartedContainer');
    await editor.locator('.getting-started-category .category-title', { hasText: WALKTHROUGH }).first().waitFor({
      timeout: 30_000,
    });
    return editor;
  }

  async function completed(editor: Locator): Promise<string[]> {
    const done: string[] = [];
    for (const title of STEPS) {
      const step = editor.locator('.getting-started-step', {
        has: editor.page().locator('.step-title', { hasText: title }),
      });
      // VS Code marks a done step's check icon `.complete` (its `getting-started-step-checked` icon).
      if ((await step.locator('.codicon.complete').count()) > 0) done.push(title);
    }
    return done;
  }

  it('completes every step on the real event it names', async () => {
    const page = suite.page;
    const editor = await openWalkthrough(page);
    for (const title of STEPS)
      await editor.locator('.step-title', { hasText: title }).first().waitFor({ timeout: 10_000 });
    console.log(`      screenshot: ${await screenshot(page, 'walkthrough-start')}`);

    // Read a lock, then the one that needs attention: their tooltips.
    const live = await lockRow(page, ns, 'healthy-looking');
    await readHover(page, live.locator('.label-name'));
    const stuck = await lockRow(page, ns, 'stuck');
    assert.match(await readHover(page, stuck.locator('.label-name')), /holder-dead/);

    // Release, from the palette: the command counts even when the operator cancels its dialog.
    await runCommandWithPick(page, 'Lease Lens: Release Lease', 'Release Lease');
    await pickRow(page, 'stuck');
    await answerDialog(await modalDialog(page), 'Cancel');

    await runCommand(page, 'Lease Lens: Open Dashboard');

    // Back to the walkthrough's editor tab (F1 would go to the focused dashboard webview).
    await page.getByRole('tab', { name: /Walkthrough: Lease Lens/ }).click();
    await page.getByRole('tab', { name: /Walkthrough: Lease Lens/, selected: true }).waitFor({ timeout: 10_000 });
    const deadline = Date.now() + 30_000;
    let done = await completed(editor);
    while (done.length < STEPS.length && Date.now() < deadline) {
      await page.waitForTimeout(500);
      done = await completed(editor);
    }
    console.log(`      screenshot: ${await screenshot(page, 'walkthrough-done')}`);
    assert.deepEqual(done, STEPS, 'every step is ticked');
  });
});
