import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  clearNotifications,
  collapseOtherViews,
  notifications,
  openView,
  runCommand,
  screenshot,
  viewTitle,
  viewWelcomeText,
  waitForExtensionsActivated,
} from '../support/workbench';
import { workbenchSuite } from '../support/workbenchSuite';

describe('Explorer: the Leader Elections view in a real VS Code', function () {
  const suite = workbenchSuite(function () {
    this.timeout(120_000);
    return { files: { 'README.md': '# a workspace without Kubernetes\n' } };
  });

  const page = (): Page => suite.page;

  it('shows the view in the Explorer under its title', async () => {
    const pane = await openView(page(), 'Leader Elections');
    assert.equal(await viewTitle(pane), 'Leader Elections');
  });

  it('says that no cluster is configured when the kubeconfig has no contexts', async () => {
    const pane = await openView(page(), 'Leader Elections');
    const welcome = await viewWelcomeText(pane);
    assert.match(welcome[0] ?? '', /^No cluster configured/, `welcome content: ${JSON.stringify(welcome)}`);
    assert.ok(welcome.includes('Select Context'), `a Select Context button: ${JSON.stringify(welcome)}`);
  });

  it('runs "Lease Lens: Refresh" from the command palette without an error', async () => {
    await clearNotifications(page());
    await runCommand(page(), 'Lease Lens: Refresh');
    // An error from the command (or from activation) shows as a toast within moments.
    await page().waitForTimeout(1500);
    const errors = (await notifications(page())).filter((n) => n.severity === 'error');
    assert.deepEqual(errors, []);
    const pane = await openView(page(), 'Leader Elections');
    assert.match((await viewWelcomeText(pane))[0] ?? '', /^No cluster configured/);
    await collapseOtherViews(page(), 'Leader Elections');
    await waitForExtensionsActivated(page());
    const file = await screenshot(page(), 'explorer');
    console.log(`      screenshot: ${file}`);
  });
});
