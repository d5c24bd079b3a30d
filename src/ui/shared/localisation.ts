// The display language's strings, for the code that cannot ask `vscode.l10n` itself.
//
// Files that import `vscode` call `vscode.l10n.t`; pure modules (src/core, the pure parts of src/ui)
// and the dashboard page call `l10n.t` from @vscode/l10n, which knows no bundle until it is given
// one. VS Code loads l10n/bundle.l10n.<locale>.json for the display language (none for English:
// then every message is its own key) and hands it to us as `vscode.l10n.bundle`; activation passes
// it on here first, and the dashboard's HTML carries it into the page (dashboardHtml.ts). Every
// message is looked up when it is shown, never at module load, so the order is safe.

import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/** The loaded translation (empty for English). */
export function loadedBundle(): Readonly<Record<string, string>> {
  return vscode.l10n.bundle ?? {};
}

/** Gives @vscode/l10n the bundle VS Code loaded. Call once, at the start of activation. */
export function configureLocalisation(): void {
  l10n.config({ contents: { ...loadedBundle() } });
}
