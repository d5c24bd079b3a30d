// The extension-tests entry (the `run()` contract) of a stand-in for "any other extension": it runs
// as a development extension in a VS Code where Lease Lens is installed from its .vsix, activates
// Lease Lens and reports what that hands to other extensions, as one line "LEASE_LENS_PROBE {json}".
// It asserts nothing itself: test/ui/vsix.test.ts reads the line. Only `vscode` and Node built-ins,
// so the compiled file runs on its own from the probe's folder.
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension('lease-lens.lease-lens');
  if (ext === undefined) throw new Error('lease-lens.lease-lens is not installed in this VS Code');
  const exported: unknown = await ext.activate();
  const keys = typeof exported === 'object' && exported !== null ? Object.keys(exported) : [];
  console.log(
    `LEASE_LENS_PROBE ${JSON.stringify({
      extensionPath: ext.extensionPath,
      active: ext.isActive,
      type: exported === null ? 'null' : typeof exported,
      keys,
      exportsProperty: ext.exports === undefined ? 'undefined' : typeof ext.exports,
    })}`,
  );
}
