// Runs inside the real VS Code's extension host (the run() contract of @vscode/test-electron):
// reports how long Lease Lens's activate() took and how long until its tree had a cluster's locks
// to show, as one line "LEASE_LENS_BENCH {json}" on the suite's output. Measures, asserts nothing.
import * as vscode from 'vscode';
import type { LeaseLensApi } from '../../../src/extension';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<LeaseLensApi | undefined>('lease-lens.lease-lens');
  if (!ext) throw new Error('Lease Lens is not installed in this VS Code');
  const api = await ext.activate();
  // Test hooks exist only in ExtensionMode.Test (extensionDevelopmentPath plus extensionTestsPath).
  if (!api) throw new Error('Lease Lens handed out no test hooks: run it as the extension under test');
  // The Explorer shows the view, so VS Code asks the tree for its children by itself; make sure
  // it is visible, then wait for the first data.
  await vscode.commands.executeCommand('leaseLens.locks.focus');
  const deadline = Date.now() + 60_000;
  while (api.tree.firstLocksShownAt === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const first = api.tree.firstLocksShownAt;
  console.log(
    `LEASE_LENS_BENCH ${JSON.stringify({ activation_ms: api.timings.activateMs, first_tree_ms: first === undefined ? null : first - api.timings.activationStartedAt })}`,
  );
}
