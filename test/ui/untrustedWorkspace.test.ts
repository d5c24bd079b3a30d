import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';
import { makeTempDir, removeTempDir } from '../support/vscodeServer';
import { TcpRelay } from '../support/tcpRelay';
import { openView, readHover, screenshot, waitForTreeItem } from '../support/workbench';
import { workbenchSuite } from '../support/workbenchSuite';

/**
 * Workspace trust on, a folder that is not trusted (Restricted Mode), and a kubeconfig whose
 * server is a counting relay in front of the real API server: Lease Lens parses YAML and shows
 * its tree, says why it does not connect, and makes no connection until the user asks it to.
 */
describe('Lease Lens in an untrusted workspace', function () {
  this.timeout(240_000);
  let relay: TcpRelay | undefined;
  let temp: string | undefined;

  const suite = workbenchSuite(
    async () => {
      const c = cluster();
      relay = await TcpRelay.to(new URL(c.info.server));
      temp = makeTempDir('lease-lens-untrusted-');
      const kubeconfig = join(temp, 'kubeconfig-relay.yaml');
      const original = readFileSync(c.info.kubeconfig, 'utf8');
      assert.ok(original.includes(c.info.server), 'the kubeconfig names the server');
      writeFileSync(kubeconfig, original.split(c.info.server).join(`https://127.0.0.1:${relay.port}`));
      return {
        workspaceTrust: true,
        settings: { 'leaseLens.kubeconfigPath': kubeconfig },
        userSettings: { 'leaseLens.contexts': [c.info.contexts.admin] },
        env: { KUBECONFIG: kubeconfig },
        files: {
          'scheduler-lease.yaml': [
            'apiVersion: coordination.k8s.io/v1',
            'kind: Lease',
            'metadata:',
            '  name: kube-scheduler',
            '  namespace: kube-system',
            'spec:',
            '  holderIdentity: sched-untrusted-1',
            '  leaseDurationSeconds: 15',
            '  renewTime: "2026-01-05T10:00:00.000000Z"',
            '  leaseTransitions: 3',
            '',
          ].join('\n'),
        },
        viewport: { width: 1400, height: 860 },
      };
    },
    {
      after: async () => {
        await relay?.close();
        if (temp) removeTempDir(temp);
      },
    },
  );

  const page = (): Page => suite.page;

  it('opens the folder in Restricted Mode, shows why it does not connect and parses YAML, with no connection to the cluster', async () => {
    assert.ok(relay);
    // The workbench says the folder is untrusted (Restricted Mode indicator in the status bar).
    await page().locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });

    const pane = await openView(page(), 'Leader Elections');
    await waitForTreeItem(pane, 'Not connected: this workspace is not trusted', 30_000);
    await waitForTreeItem(pane, 'Trust this workspace…', 5_000);

    const p = page();
    await p.keyboard.press('Control+P');
    const input = p.locator('.quick-input-widget .quick-input-box input');
    await input.fill('scheduler-lease.yaml');
    await p
      .locator('.quick-input-widget .monaco-list-row .label-name', { hasText: 'scheduler-lease.yaml' })
      .first()
      .waitFor({ timeout: 15_000 });
    await p.keyboard.press('Enter');
    const holderText = p.locator('.monaco-editor .view-lines .view-line span', { hasText: 'sched-untrusted-1' }).last();
    await holderText.waitFor({ timeout: 15_000 });
    const hover = await until('the Lease hover', 30_000, async () => {
      const text = await readHover(p, holderText);
      return text.includes('Holder: sched-untrusted-1') ? text : undefined;
    });
    assert.match(hover, /Lease kube-system\/kube-scheduler — leader election record in this file/);
    assert.match(
      hover,
      /Live state: not shown in an untrusted workspace\. Trust the workspace \(or run a Lease Lens command\) to connect\./,
    );
    console.log(`      screenshot: ${await screenshot(p, 'untrusted-workspace')}`);
    await p.mouse.move(0, 0);

    // The tree and the hover both asked for live state; in a trusted workspace each connects.
    assert.equal(relay.connections, 0, 'no connection reached the API server');
  });

  it('connects when the user clicks the tree\'s "Not connected" message', async () => {
    assert.ok(relay);
    const c = cluster();
    const pane = await openView(page(), 'Leader Elections');
    const message = await waitForTreeItem(pane, 'Not connected: this workspace is not trusted', 10_000);
    await message.click();
    await waitForTreeItem(pane, c.info.contexts.admin, 30_000);
    await waitForTreeItem(pane, 'kube-system', 30_000);
    assert.ok(relay.connections > 0, 'the connection went through the relay to the real server');
  });
});
