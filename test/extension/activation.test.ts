import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { until } from '../support/until';
import { missingPart } from '../support/missingPart';

/** What the extension's package.json declares, as far as these tests read it. */
interface Manifest {
  readonly contributes: {
    readonly commands: readonly { command: string; title: string; category?: string }[];
    readonly views: Readonly<Record<string, readonly { id: string; name: string }[]>>;
    readonly configuration: { properties: Readonly<Record<string, { scope?: string; default?: unknown }>> };
  };
}

const extensionId = 'lease-lens.lease-lens';

function leaseLens(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `${extensionId} is not installed in this extension host`);
  return ext;
}

function manifest(): Manifest {
  return leaseLens().packageJSON as Manifest;
}

describe('Activation', () => {
  it('runs in ExtensionMode.Test and hands its test hooks (the locks tree, the write prompts) to its own tests', async () => {
    const api = await leaseLens().activate();
    assert.equal(leaseLens().isActive, true);
    assert.ok(typeof api === 'object' && api !== null && 'tree' in api, 'activate() returns { tree }');
    // The harness (extensionDevelopmentPath + extensionTestsPath) must give Test mode: only then
    // does the extension expose hooks; the packaged extension exposes none (test/ui/vsix.test.ts).
    assert.equal((api as { extensionMode?: unknown }).extensionMode, vscode.ExtensionMode.Test);
    assert.equal(typeof (api as { prompts?: { confirm?: unknown } }).prompts?.confirm, 'function');
    const tree = (api as { tree: unknown }).tree;
    assert.ok(
      tree && typeof (tree as { getChildren?: unknown }).getChildren === 'function',
      'the API tree is a TreeDataProvider',
    );
  });

  it('registers every command it contributes', async () => {
    await leaseLens().activate();
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.deepEqual([...contributed].sort(), [
      'leaseLens.copyHolder',
      'leaseLens.copyTimelineMarkdown',
      'leaseLens.exportTimeline',
      'leaseLens.openDashboard',
      'leaseLens.pinToStatusBar',
      'leaseLens.refresh',
      'leaseLens.releaseLease',
      'leaseLens.resolveHolder',
      'leaseLens.selectContext',
      'leaseLens.showAllLocks',
      'leaseLens.showAttentionOnly',
      'leaseLens.showLiveYaml',
      'leaseLens.showLocksNeedingAttention',
      'leaseLens.showWatchedLocks',
      'leaseLens.signInInTerminal',
      'leaseLens.startDemoCluster',
      'leaseLens.takeOverLease',
      'leaseLens.unpinStatusBar',
      'leaseLens.unwatchLock',
      'leaseLens.watchLock',
    ]);
    // Every command has a category (the palette groups them under Lease Lens).
    assert.deepEqual(
      manifest()
        .contributes.commands.filter((c) => c.category !== 'Lease Lens')
        .map((c) => c.command),
      [],
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'contributed commands without a handler');
  });

  it('puts the "Leader Elections" view in the Explorer', async () => {
    const explorer = manifest().contributes.views['explorer'] ?? [];
    assert.deepEqual(
      explorer.map((v) => [v.id, v.name]),
      [['leaseLens.locks', 'Leader Elections']],
    );
    // The workbench made a real view of it: every view gets a "<id>.focus" command, and running it
    // opens the Explorer and resolves the view.
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('leaseLens.locks.focus'), 'the workbench has no leaseLens.locks view');
    await vscode.commands.executeCommand('leaseLens.locks.focus');
  });

  it('declares the kubeconfig path as a machine-scoped setting', () => {
    const setting = manifest().contributes.configuration.properties['leaseLens.kubeconfigPath'];
    assert.ok(setting, 'leaseLens.kubeconfigPath is not contributed');
    assert.equal(
      setting.scope,
      'machine',
      'a workspace must not be able to point the extension at a kubeconfig (exec plugins)',
    );
    const inspected = vscode.workspace.getConfiguration('leaseLens').inspect('kubeconfigPath');
    assert.equal(inspected?.defaultValue, '');
  });

  it('ignores a kubeconfig path set by the workspace: the resolved path stays the machine one', async function () {
    this.timeout(30_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the harness opens a folder');
    const machine =
      (JSON.parse(process.env['LEASE_LENS_TEST_MACHINE_SETTINGS'] ?? '{}') as Record<string, unknown>)[
        'leaseLens.kubeconfigPath'
      ] ?? '';
    const section = () => vscode.workspace.getConfiguration('leaseLens');
    assert.equal(section().get('kubeconfigPath'), machine, 'before: the machine value');
    // Through the API: VS Code refuses to write a machine-scoped setting into the workspace.
    await assert.rejects(
      Promise.resolve(
        section().update('kubeconfigPath', '/tmp/from-the-api.yaml', vscode.ConfigurationTarget.Workspace),
      ),
    );
    // Through the folder's own settings file, as a cloned repository would bring it.
    const dir = vscode.Uri.joinPath(folder.uri, '.vscode');
    const file = vscode.Uri.joinPath(dir, 'settings.json');
    const hostile = {
      'leaseLens.kubeconfigPath': '/tmp/planted-kubeconfig-with-exec-plugin.yaml',
      'editor.tabSize': 7,
    };
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify(hostile)));
    try {
      // The window-scoped setting beside it shows the file has been read.
      await until('the workspace settings file is read', 20_000, () =>
        vscode.workspace.getConfiguration('editor').get('tabSize') === 7 ? true : undefined,
      );
      const inspected = section().inspect<string>('kubeconfigPath');
      assert.equal(inspected?.workspaceValue, undefined, 'the workspace value is dropped');
      assert.equal(inspected?.workspaceFolderValue, undefined, 'the folder value is dropped');
      assert.equal(section().get('kubeconfigPath'), machine, 'the resolved path is still the machine one');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
      await until('the workspace settings file is gone', 20_000, () =>
        vscode.workspace.getConfiguration('editor').get('tabSize') !== 7 ? true : undefined,
      );
    }
  });

  it('sees the Machine settings and environment that the harness set', function () {
    // Later suites hand a real cluster's kubeconfig over this path; a harness that lost it would
    // make them test the wrong cluster or none.
    const json = process.env['LEASE_LENS_TEST_MACHINE_SETTINGS'];
    const expected = json === undefined ? {} : (JSON.parse(json) as Record<string, unknown>);
    if (Object.keys(expected).length === 0)
      missingPart(
        this,
        'LEASE_LENS_TEST_MACHINE_SETTINGS',
        'run this suite with npm run test:extension, which sets it',
      );
    const config = vscode.workspace.getConfiguration();
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual(config.get(key), value, `setting ${key}`);
    }
  });
});
