import * as assert from 'node:assert/strict';
import {
  clearNotifications,
  collapseOtherViews,
  notifications,
  openView,
  openWorkbench,
  runCommand,
  screenshot,
  viewTitle,
  viewWelcomeText,
  waitForExtensionsActivated,
  type Workbench,
} from '../support/workbench';

describe('Explorer: the Leader Elections view in a real VS Code', function () {
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(120_000);
    wb = await openWorkbench({ files: { 'README.md': '# a workspace without Kubernetes\n' } });
    console.log(`      (workbench ready in ${wb.readyMs} ms, server in ${wb.server.readyMs} ms)`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      const file = await screenshot(wb.page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(
        () => undefined,
      );
      if (file) console.log(`      screenshot: ${file}`);
      if (wb.pageErrors.length)
        console.log(`      page errors:\n        ${wb.pageErrors.slice(-10).join('\n        ')}`);
    }
  });

  after(async () => {
    await wb?.close();
  });

  function page() {
    assert.ok(wb, 'the workbench did not open');
    return wb.page;
  }

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
