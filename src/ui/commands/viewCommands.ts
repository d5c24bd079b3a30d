// The commands about what is watched: Refresh, and Select Context(s) (a multi-pick of the
// kubeconfig's contexts, saved to the leaseLens.contexts setting, which the monitor follows).

import * as vscode from 'vscode';
import type { HolderResolutions } from '../shared/holderResolutions';
import type { LocksTreeProvider } from '../tree/locksTreeProvider';
import { SHOW_MORE_COMMAND } from '../tree/lockTreeItems';
import type { MonitorHost } from '../shared/monitorHost';
import { readSettings, saveContexts } from '../shared/settings';
import type { WritePermissions } from '../writes/writePermissions';

export interface ViewCommandDeps {
  readonly host: MonitorHost;
  readonly permissions: WritePermissions;
  readonly resolutions: HolderResolutions;
  readonly tree: LocksTreeProvider;
}

export function registerViewCommands(d: ViewCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('leaseLens.refresh', () => {
      d.permissions.clear();
      d.resolutions.clear();
      d.host.refresh();
      d.tree.refresh();
    }),
    vscode.commands.registerCommand('leaseLens.selectContext', (names?: unknown) => {
      // Given a list (tests, other extensions), it is saved as is; otherwise the operator picks.
      if (Array.isArray(names) && names.every((n): n is string => typeof n === 'string')) return saveContexts(names);
      return pickContexts(d.host);
    }),
    // The "Show 500 more…" item of a folded group (node heartbeats); it names its group.
    vscode.commands.registerCommand(SHOW_MORE_COMMAND, (groupId?: unknown) => {
      if (typeof groupId === 'string') d.tree.showMore(groupId);
    }),
  ];
}

interface ContextItem extends vscode.QuickPickItem {
  readonly name: string;
}

async function pickContexts(host: MonitorHost): Promise<void> {
  const monitor = host.start('command');
  const loaded = monitor.kubeconfig;
  if (loaded.contexts.length === 0) {
    const files = loaded.files.join(', ') || vscode.l10n.t('no kubeconfig file');
    const problems = loaded.problems.map((p) => p.message).join(' ');
    const found = vscode.l10n.t('No kubeconfig contexts found in {0}.', files);
    const openSettings = vscode.l10n.t('Open Settings');
    const answer = await vscode.window.showWarningMessage(problems ? `${found} ${problems}` : found, openSettings);
    if (answer === openSettings)
      await vscode.commands.executeCommand('workbench.action.openSettings', 'leaseLens.kubeconfigPath');
    return;
  }
  const configured = readSettings().contexts;
  const selected =
    configured.length > 0 ? configured : loaded.currentContext === undefined ? [] : [loaded.currentContext];
  const items: ContextItem[] = loaded.contexts.map((c) => ({
    name: c.name,
    label: c.name,
    description: c.server,
    detail: [
      vscode.l10n.t('user {0}', c.user || vscode.l10n.t('(none)')),
      c.namespace ? vscode.l10n.t('namespace {0}', c.namespace) : undefined,
      c.name === loaded.currentContext ? vscode.l10n.t('current context') : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
    picked: selected.includes(c.name),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Lease Lens: contexts to watch'),
    placeHolder: loaded.currentContext
      ? vscode.l10n.t('Pick the contexts to watch (none: the current context, {0})', loaded.currentContext)
      : vscode.l10n.t('Pick the contexts to watch (none: the current context)'),
    matchOnDescription: true,
  });
  if (picked === undefined) return;
  await saveContexts(picked.map((p) => p.name));
}
