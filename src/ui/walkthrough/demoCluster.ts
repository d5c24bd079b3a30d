// "Start the Demo Cluster": where the open folder is this repository, the walkthrough offers to
// run its demo (a real kube-apiserver with real electors, `npm run demo -- --no-vscode`) in a
// terminal, and once its kubeconfig exists, to point Lease Lens at it. Never in an untrusted
// workspace: the demo runs the folder's own scripts.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SECTION } from '../shared/settings';
import { DEMO_AVAILABLE_KEY } from './walkthroughProgress';

/** Where the demo writes its kubeconfig, relative to the repository. */
export const DEMO_KUBECONFIG = join('.build', 'demo', 'cluster', 'kubeconfig');
const WAIT_FOR_KUBECONFIG_MS = 30 * 60_000;

/** The workspace folder that holds this repository (its package.json and demo script), if any. */
export function demoFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => {
    if (f.uri.scheme !== 'file') return false;
    try {
      const manifest = JSON.parse(readFileSync(join(f.uri.fsPath, 'package.json'), 'utf8')) as { name?: unknown };
      return manifest.name === 'lease-lens' && existsSync(join(f.uri.fsPath, 'scripts', 'demo.sh'));
    } catch {
      return false;
    }
  });
}

export function registerDemoCluster(log: vscode.LogOutputChannel): vscode.Disposable[] {
  const update = () =>
    void vscode.commands.executeCommand('setContext', DEMO_AVAILABLE_KEY, demoFolder() !== undefined);
  update();
  return [
    vscode.workspace.onDidChangeWorkspaceFolders(update),
    vscode.commands.registerCommand('leaseLens.startDemoCluster', () => startDemoCluster(log)),
  ];
}

async function startDemoCluster(log: vscode.LogOutputChannel): Promise<void> {
  const folder = demoFolder();
  if (folder === undefined) {
    await vscode.window.showInformationMessage(
      vscode.l10n.t('The demo cluster comes with the Lease Lens repository: open its folder to start it.'),
    );
    return;
  }
  if (!vscode.workspace.isTrusted) {
    await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Starting the demo runs this folder\'s scripts: trust the workspace first ("Manage Workspace Trust").',
      ),
    );
    return;
  }
  const kubeconfig = join(folder.uri.fsPath, DEMO_KUBECONFIG);
  // A kubeconfig left by an earlier run does not mean this one is up: wait for a newer one.
  const earlier = modified(kubeconfig);
  const terminal = vscode.window.createTerminal({ name: 'Lease Lens demo cluster', cwd: folder.uri.fsPath });
  terminal.show();
  terminal.sendText('npm run demo -- --no-vscode');
  log.info(`demo cluster starting in a terminal; waiting for ${kubeconfig}`);
  const ready = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t(
        'Starting the demo cluster (the first run builds a real kube-apiserver: about ten minutes)…',
      ),
      cancellable: true,
    },
    (_, token) => waitForNewerFile(kubeconfig, earlier, WAIT_FOR_KUBECONFIG_MS, token),
  );
  if (!ready) return;
  const useDemo = vscode.l10n.t('Use Demo Cluster');
  const use = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'The demo cluster is up. Point Lease Lens at its kubeconfig ({0})? This sets leaseLens.kubeconfigPath in your user settings; clear it to go back to your own clusters.',
      DEMO_KUBECONFIG,
    ),
    useDemo,
  );
  if (use !== useDemo) return;
  await vscode.workspace
    .getConfiguration(SECTION)
    .update('kubeconfigPath', kubeconfig, vscode.ConfigurationTarget.Global);
}

function modified(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function waitForNewerFile(
  file: string,
  than: number,
  timeoutMs: number,
  token: vscode.CancellationToken,
): Promise<boolean> {
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    const check = () => {
      if (modified(file) > than) resolve(true);
      else if (token.isCancellationRequested || Date.now() > deadline) resolve(false);
      else setTimeout(check, 1000);
    };
    check();
  });
}
