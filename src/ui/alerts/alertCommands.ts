// Watch Lock, Unwatch Lock and Show Watched Locks: from a tree item (its context menu), the
// dashboard (its detail's button, through the same command) or the palette (which asks which).

import * as vscode from 'vscode';
import { displayText, parseLockKey, type LockKey } from '../../core';
import { lockKeyArgument } from '../commands/commandArgs';
import { presentLock } from '../shared/lockPresentation';
import { noThemeIcons } from '../shared/markdownText';
import type { MonitorHost } from '../shared/monitorHost';
import { pickLock } from '../writes/lockPicker';
import { lockName } from '../writes/writeConfirmation';
import type { WritePermissions } from '../writes/writePermissions';
import { MAX_WATCHED_LOCKS, type WatchedLocks } from './watchedLocks';

export interface AlertCommandDeps {
  readonly host: MonitorHost;
  readonly permissions: WritePermissions;
  readonly watched: WatchedLocks;
}

export function registerAlertCommands(d: AlertCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('leaseLens.watchLock', async (arg?: unknown) => {
      const key =
        lockKeyArgument(arg) ??
        (arg === undefined ? await pickLock(d.host, d.permissions, 'inspect', vscode.l10n.t('Watch Lock')) : undefined);
      if (key === undefined) return false;
      if (!(await d.watched.watch(key))) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            '{0} was not watched: {1} locks are watched already. Unwatch some first (Lease Lens: Show Watched Locks).',
            nameOf(key),
            MAX_WATCHED_LOCKS,
          ),
        );
        return false;
      }
      const s = d.host.monitor?.store.snapshot(key);
      vscode.window.setStatusBarMessage(
        `$(eye) ${
          s === undefined
            ? vscode.l10n.t(
                'Watching {0}: Lease Lens tells you when its leader changes, it flaps, stops or recovers',
                noThemeIcons(nameOf(key)),
              )
            : vscode.l10n.t(
                'Watching {0} ({1} now): Lease Lens tells you when its leader changes, it flaps, stops or recovers',
                noThemeIcons(nameOf(key)),
                noThemeIcons(s.state.word),
              )
        }`,
        6000,
      );
      return true;
    }),
    vscode.commands.registerCommand('leaseLens.unwatchLock', async (arg?: unknown) => {
      const key =
        lockKeyArgument(arg) ?? (arg === undefined ? await pickWatched(d, vscode.l10n.t('Unwatch Lock')) : undefined);
      if (key === undefined) return false;
      await d.watched.unwatch(key);
      vscode.window.setStatusBarMessage(
        `$(eye-closed) ${vscode.l10n.t('No longer watching {0}', noThemeIcons(nameOf(key)))}`,
        4000,
      );
      return true;
    }),
    vscode.commands.registerCommand('leaseLens.showWatchedLocks', async () => {
      const key = await pickWatched(d, vscode.l10n.t('Watched Locks'));
      if (key !== undefined) await vscode.commands.executeCommand('leaseLens.openDashboard', key);
    }),
  ];
}

interface WatchedItem extends vscode.QuickPickItem {
  readonly key: LockKey;
}

/** The quick pick row's button (made when the pick is: its tooltip is in the display language). */
const unwatchButton = (): vscode.QuickInputButton => ({
  iconPath: new vscode.ThemeIcon('eye-closed'),
  tooltip: vscode.l10n.t('Unwatch'),
});

/** The watched locks with their state now; a row's button unwatches it. Resolves with the chosen key. */
function pickWatched(d: AlertCommandDeps, title: string): Promise<LockKey | undefined> {
  const monitor = d.host.start('command');
  const pick = vscode.window.createQuickPick<WatchedItem>();
  pick.title = vscode.l10n.t('Lease Lens: {0}', title);
  const buttons = [unwatchButton()];
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const render = (): void => {
    const now = Date.now();
    pick.items = d.watched
      .all()
      .map((key): WatchedItem => {
        const parts = parseLockKey(key);
        const s = (d.host.monitor ?? monitor).store.snapshot(key, now);
        const p = s === undefined ? undefined : presentLock(s, now);
        return {
          key,
          label: noThemeIcons(displayText(parts === undefined ? key : `${parts.namespace}/${parts.name}`)),
          description: noThemeIcons(
            p?.description ?? vscode.l10n.t('not seen: its context is not watched now, or it was deleted'),
          ),
          detail: noThemeIcons(displayText(`${parts?.context ?? ''} · ${parts?.kind ?? ''}`)),
          iconPath: new vscode.ThemeIcon(
            p?.icon ?? 'question',
            p?.color === undefined ? undefined : new vscode.ThemeColor(p.color),
          ),
          buttons,
        };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
    pick.placeholder =
      pick.items.length === 0
        ? vscode.l10n.t(
            'No lock is watched: use Watch Lock on a lock in the Leader Elections view, the dashboard or the palette',
          )
        : pick.items.length === 1
          ? vscode.l10n.t('1 watched lock: pick one to open it in the dashboard')
          : vscode.l10n.t('{0} watched locks: pick one to open it in the dashboard', pick.items.length);
  };
  render();
  return new Promise((resolve) => {
    let chosen: LockKey | undefined;
    const disposables = [
      d.watched.onDidChange(render),
      pick.onDidTriggerItemButton(async (e) => {
        await d.watched.unwatch(e.item.key);
      }),
      pick.onDidAccept(() => {
        chosen = pick.selectedItems[0]?.key;
        pick.hide();
      }),
      pick.onDidHide(() => {
        for (const x of disposables) x.dispose();
        pick.dispose();
        resolve(chosen);
      }),
    ];
    pick.show();
  });
}

function nameOf(key: LockKey): string {
  const parts = parseLockKey(key);
  return displayText(parts === undefined ? key : lockName(parts));
}
