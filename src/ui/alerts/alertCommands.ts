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
        (arg === undefined ? await pickLock(d.host, d.permissions, 'inspect', 'Watch Lock') : undefined);
      if (key === undefined) return false;
      if (!(await d.watched.watch(key))) {
        void vscode.window.showWarningMessage(
          `${nameOf(key)} was not watched: ${MAX_WATCHED_LOCKS} locks are watched already. Unwatch some first (Lease Lens: Show Watched Locks).`,
        );
        return false;
      }
      const s = d.host.monitor?.store.snapshot(key);
      vscode.window.setStatusBarMessage(
        `$(eye) Watching ${noThemeIcons(nameOf(key))}${s === undefined ? '' : ` (${noThemeIcons(s.state.word)} now)`}: Lease Lens tells you when its leader changes, it flaps, stops or recovers`,
        6000,
      );
      return true;
    }),
    vscode.commands.registerCommand('leaseLens.unwatchLock', async (arg?: unknown) => {
      const key = lockKeyArgument(arg) ?? (arg === undefined ? await pickWatched(d, 'Unwatch Lock') : undefined);
      if (key === undefined) return false;
      await d.watched.unwatch(key);
      vscode.window.setStatusBarMessage(`$(eye-closed) No longer watching ${noThemeIcons(nameOf(key))}`, 4000);
      return true;
    }),
    vscode.commands.registerCommand('leaseLens.showWatchedLocks', async () => {
      const key = await pickWatched(d, 'Watched Locks');
      if (key !== undefined) await vscode.commands.executeCommand('leaseLens.openDashboard', key);
    }),
  ];
}

interface WatchedItem extends vscode.QuickPickItem {
  readonly key: LockKey;
}

const UNWATCH_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('eye-closed'), tooltip: 'Unwatch' };

/** The watched locks with their state now; a row's button unwatches it. Resolves with the chosen key. */
function pickWatched(d: AlertCommandDeps, title: string): Promise<LockKey | undefined> {
  const monitor = d.host.start('command');
  const pick = vscode.window.createQuickPick<WatchedItem>();
  pick.title = `Lease Lens: ${title}`;
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
          description: noThemeIcons(p?.description ?? 'not seen: its context is not watched now, or it was deleted'),
          detail: noThemeIcons(displayText(`${parts?.context ?? ''} · ${parts?.kind ?? ''}`)),
          iconPath: new vscode.ThemeIcon(
            p?.icon ?? 'question',
            p?.color === undefined ? undefined : new vscode.ThemeColor(p.color),
          ),
          buttons: [UNWATCH_BUTTON],
        };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
    pick.placeholder =
      pick.items.length === 0
        ? 'No lock is watched: use Watch Lock on a lock in the Leader Elections view, the dashboard or the palette'
        : `${pick.items.length} watched ${pick.items.length === 1 ? 'lock' : 'locks'}: pick one to open it in the dashboard`;
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
