import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { cluster } from '../support/integrationHooks';
import { makeTempDir, removeTempDir, writeEmptyKubeconfig } from '../support/vscodeServer';
import { screenshot, viewPane } from '../support/workbench';
import { workbenchSuite } from '../support/workbenchSuite';
import { createIdleLease, lockRow } from './uiSteps';

/**
 * A user of the VS Code Kubernetes extension has set its kubeconfig (`vs-kubernetes` →
 * `vs-kubernetes.kubeconfig`) and not Lease Lens's: Lease Lens uses the same file, says so beside
 * the view's title, and ignores the same setting when a workspace sets it (a kubeconfig can run
 * programs).
 */
describe("Beside the Kubernetes extension: its kubeconfig setting is Lease Lens's too", function () {
  this.timeout(240_000);
  const temp = makeTempDir('lease-lens-k8s-ext-');
  let ns = '';

  const suite = workbenchSuite(
    async () => {
      const c = cluster();
      ns = await c.createNamespace('ui-k8sext');
      await createIdleLease(c, ns, 'shared-config', 'holder-from-k8s-ext');
      // Nothing else points at the cluster: KUBECONFIG is an empty file, Lease Lens's own setting is unset.
      const empty = writeEmptyKubeconfig(temp);
      return {
        settings: { 'vs-kubernetes': { 'vs-kubernetes.kubeconfig': c.info.kubeconfig } },
        userSettings: { 'leaseLens.contexts': [c.info.contexts.admin] },
        env: { KUBECONFIG: empty },
        files: {
          // A workspace that tries to point both extensions at another file: ignored.
          '.vscode/settings.json': JSON.stringify({
            'vs-kubernetes': { 'vs-kubernetes.kubeconfig': join(temp, 'planted-kubeconfig.yaml') },
          }),
        },
        viewport: { width: 1400, height: 860 },
      };
    },
    { after: () => removeTempDir(temp) },
  );

  it("shows the cluster from the Kubernetes extension's kubeconfig and names the source beside the title", async () => {
    const row = await lockRow(suite.page, ns, 'shared-config');
    assert.match((await row.textContent()) ?? '', /holder-from-k8s-ext/);
    const header = viewPane(suite.page, 'Leader Elections').locator('.pane-header');
    await header.locator('.description', { hasText: 'kubeconfig: Kubernetes extension' }).waitFor({ timeout: 30_000 });
    console.log(`      screenshot: ${await screenshot(suite.page, 'kubernetes-extension-kubeconfig')}`);
  });
});
