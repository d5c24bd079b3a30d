import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  execUser,
  pluginFiles,
  pluginProcesses,
  pluginRuns,
  writePlugin,
  type PluginFiles,
} from '../support/execPlugins';
import { TcpRelay } from '../support/tcpRelay';
import { cluster } from '../support/integrationHooks';
import { kubeconfigText, onCluster, putLease } from '../support/kubeconfigFiles';
import { machineAddress } from '../support/machineAddress';
import { scratchDir } from '../support/testCluster';
import { Tinyproxy } from '../support/tinyproxy';
import { until } from '../support/until';
import {
  collapseOtherViews,
  openView,
  readHover,
  screenshot,
  waitForTreeItem,
  widenSideBar,
} from '../support/workbench';
import { workbenchSuite } from '../support/workbenchSuite';

/**
 * Real clusters' credentials and networks in a real VS Code: a cluster reached through VS Code's
 * own http.proxy setting (a real tinyproxy; the kubeconfig names no proxy), and the tree's wording
 * for a credential plugin that hangs, one that is missing and one that needs a terminal, whose
 * "Run … in a terminal" row opens a VS Code terminal running it.
 */
describe('credentials and proxies in a real VS Code', function () {
  this.timeout(180_000);
  let dir: { path: string; remove(): void };
  let files: PluginFiles;
  let proxy: Tinyproxy | undefined;
  let relay: TcpRelay | undefined;
  let namespace = '';
  let proxied = '';

  const suite = workbenchSuite(
    async () => {
      const c = cluster();
      dir = scratchDir('ui-credentials');
      files = pluginFiles(dir.path);
      namespace = await c.createNamespace('behind-proxy');
      await putLease(c.adminTransport(), namespace, 'payments-leader', 'payments-7d9f_0a1b');
      proxy = await Tinyproxy.start(dir.path);
      // The API server under this machine's name: VS Code, like kubectl, never proxies loopback.
      relay = await TcpRelay.start('127.0.0.1', Number(new URL(c.info.server).port), '0.0.0.0');
      const host = await machineAddress();
      proxied = `${host}:${relay.port}`;
      const token = c.admin.kubeConfig.getCurrentUser()!.token!;
      const hang = writePlugin(files, 'kubelogin', { kind: 'hang' });
      const interactive = writePlugin(files, 'oidc-login', { kind: 'token' });
      writeFileSync(files.tokenFile, token);
      const kubeconfig = join(dir.path, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        kubeconfigText([
          {
            ...onCluster(c, 'behind-proxy', token),
            server: `https://${proxied}`,
            cluster: { 'tls-server-name': 'kubernetes' },
          },
          {
            ...onCluster(c, 'hung-plugin', ''),
            token: undefined,
            user: execUser(hang, { args: ['get-token', '--login', 'devicecode'] }),
          },
          {
            ...onCluster(c, 'missing-plugin', ''),
            token: undefined,
            user: execUser('acme-cloud-auth-plugin', {
              installHint: 'Install acme-cloud-auth-plugin: acme components install acme-cloud-auth-plugin',
            }),
          },
          {
            ...onCluster(c, 'needs-terminal', ''),
            token: undefined,
            user: execUser(interactive, { args: ['get-token'], interactiveMode: 'Always' }),
          },
        ]),
      );
      return {
        // http.proxy is application-scoped or machine-scoped depending on the server's set-up: both.
        settings: { 'leaseLens.kubeconfigPath': kubeconfig, 'http.proxy': proxy.url },
        userSettings: {
          'http.proxy': proxy.url,
          'leaseLens.contexts': ['behind-proxy', 'hung-plugin', 'missing-plugin', 'needs-terminal'],
          'leaseLens.execTimeoutSeconds': 3,
        },
        env: { KUBECONFIG: kubeconfig },
        files: { 'README.md': '# operations notes\n' },
        viewport: { width: 1600, height: 900 },
      };
    },
    {
      after: async () => {
        await proxy?.stop();
        await relay?.close();
        // The VS Code server is gone, and with it the extension host: nothing of the plugins may be left.
        await until('no plugin process is left', 10_000, () =>
          pluginProcesses(files).length === 0 ? true : undefined,
        );
        dir.remove();
      },
    },
  );

  const page = (): Page => suite.page;

  async function pane() {
    const p = await openView(page(), 'Leader Elections');
    await collapseOtherViews(page(), 'Leader Elections');
    return p;
  }

  it("reaches a cluster through VS Code's http.proxy setting, and says so", async () => {
    const p = await pane();
    const nsRow = await waitForTreeItem(p, namespace, 60_000);
    if ((await nsRow.getAttribute('aria-expanded')) === 'false') await nsRow.locator('.monaco-tl-twistie').click();
    await waitForTreeItem(p, 'payments-leader', 30_000);
    assert.ok(
      proxy!.connects().includes(proxied),
      `tinyproxy was asked for ${proxied}: ${proxy!.connects().join(', ')}`,
    );
    const tooltip = await readHover(page(), await waitForTreeItem(p, 'behind-proxy'));
    assert.match(tooltip, /connected/);
    assert.match(
      tooltip,
      new RegExp(`through the proxy ${proxy!.shown.replace(/[.]/g, '\\.')} \\(VS Code's http\\.proxy setting\\)`),
    );
  });

  it('says which plugin hung, which is missing (with its install hint), and which needs a terminal', async () => {
    const p = await pane();
    await waitForTreeItem(p, 'The credential plugin kubelogin did not answer within 3 s', 60_000);
    await waitForTreeItem(p, `Run ${join(files.dir, 'kubelogin')} get-token --login devicecode in a terminal`);
    const missing = await waitForTreeItem(p, 'The credential plugin acme-cloud-auth-plugin was not found on PATH');
    const description = ((await missing.locator('.label-description').first().textContent()) ?? '').trim();
    assert.match(
      description,
      /^Install acme-cloud-auth-plugin: acme components install acme-cloud-auth-plugin · PATH: \//,
    );
    await waitForTreeItem(p, 'needs-terminal needs a terminal to sign in: oidc-login is interactive');
    await until('the hung plugin was killed', 20_000, () => {
      if (pluginProcesses(files).length === 0) return true;
      throw new Error(`${pluginRuns(files)} runs; left: ${pluginProcesses(files).join('; ')}`);
    });
    await widenSideBar(page(), 1100);
    await page().mouse.move(0, 0);
    const file = await screenshot(page(), 'credentials-tree');
    console.log(`      screenshot: ${file}`);
  });

  it('"Run … in a terminal" opens a VS Code terminal running the plugin', async () => {
    const p = await pane();
    const before = pluginRuns(files);
    const row = await waitForTreeItem(p, `Run ${join(files.dir, 'oidc-login')} get-token in a terminal`);
    await row.click();
    await page()
      .locator('.terminal-tabs-entry, .single-terminal-tab, .panel .title', { hasText: 'Lease Lens sign-in' })
      .first()
      .waitFor({ timeout: 30_000 });
    await until('the plugin ran in the terminal', 30_000, () => (pluginRuns(files) > before ? true : undefined));
    const info = JSON.parse(readFileSync(files.infoFile, 'utf8')) as { spec?: { interactive?: boolean } };
    assert.equal(info.spec?.interactive, true, 'the terminal run is told it may prompt');
    const file = await screenshot(page(), 'credentials-terminal');
    console.log(`      screenshot: ${file}`);
  });
});
