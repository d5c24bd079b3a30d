import * as vscode from 'vscode';
import { LocksTreeProvider } from './ui/locksTreeProvider';

/** What the extension hands to other extensions and to its own extension-host tests. */
export interface LeaseLensApi {
  readonly tree: LocksTreeProvider;
}

export function activate(context: vscode.ExtensionContext): LeaseLensApi {
  const tree = new LocksTreeProvider();
  context.subscriptions.push(
    tree,
    vscode.window.registerTreeDataProvider('leaseLens.locks', tree),
    vscode.commands.registerCommand('leaseLens.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('leaseLens.selectContext', () => notYet('Select Context')),
    vscode.commands.registerCommand('leaseLens.releaseLease', () => notYet('Release Lease')),
    vscode.commands.registerCommand('leaseLens.takeOverLease', () => notYet('Take Over Lease')),
    vscode.commands.registerCommand('leaseLens.openDashboard', () => notYet('Open Dashboard')),
  );
  return { tree };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function notYet(what: string): void {
  void vscode.window.showInformationMessage(`Lease Lens: ${what} needs a cluster connection, which is not configured yet.`);
}
