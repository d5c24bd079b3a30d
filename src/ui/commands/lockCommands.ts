// The commands that act on one lock. Each takes what it was invoked with — a tree item, a lock key
// (hover links, the status bar, tests) — or, from the palette, asks with a quick pick of locks.

import * as vscode from 'vscode';
import { holderEvidence, type LockKey, type LockView } from '../../core';
import type { DashboardPanel } from '../dashboard/dashboardPanel';
import { lockKeyArgument } from './commandArgs';
import type { HolderResolutions } from '../shared/holderResolutions';
import type { LiveYamlDocuments } from './liveYamlDocuments';
import { pickLock, type PickPurpose } from '../writes/lockPicker';
import { describeResolution } from '../shared/lockTooltip';
import type { LockWrites, WriteResult } from '../writes/lockWrites';
import type { LocksTreeProvider } from '../tree/locksTreeProvider';
import type { MonitorHost } from '../shared/monitorHost';
import type { PinnedLockStatusBar } from '../statusBar/pinnedLockStatusBar';
import { lockName } from '../writes/writeConfirmation';
import type { WritePermissions } from '../writes/writePermissions';

export interface LockCommandDeps {
  readonly host: MonitorHost;
  readonly permissions: WritePermissions;
  readonly writes: LockWrites;
  readonly resolutions: HolderResolutions;
  readonly liveYaml: LiveYamlDocuments;
  readonly statusBar: PinnedLockStatusBar;
  readonly dashboard: DashboardPanel;
  readonly tree: LocksTreeProvider;
}

export function registerLockCommands(d: LockCommandDeps): vscode.Disposable[] {
  const keyOf = async (arg: unknown, purpose: PickPurpose, title: string): Promise<LockKey | undefined> =>
    lockKeyArgument(arg) ?? (arg === undefined ? pickLock(d.host, d.permissions, purpose, title) : undefined);
  const known = (key: LockKey) => d.host.start('command').store.get(key);

  return [
    vscode.commands.registerCommand(
      'leaseLens.releaseLease',
      async (arg?: unknown): Promise<WriteResult | undefined> => {
        const key = await keyOf(arg, 'release', vscode.l10n.t('Release Lease'));
        return key === undefined ? undefined : d.writes.release(key, { notify: true });
      },
    ),
    vscode.commands.registerCommand(
      'leaseLens.takeOverLease',
      async (arg?: unknown): Promise<WriteResult | undefined> => {
        const key = await keyOf(arg, 'takeOver', vscode.l10n.t('Take Over Lease'));
        return key === undefined ? undefined : d.writes.takeOver(key, { notify: true });
      },
    ),
    vscode.commands.registerCommand('leaseLens.openDashboard', (arg?: unknown) => {
      d.host.start('command');
      d.dashboard.open(lockKeyArgument(arg));
    }),
    vscode.commands.registerCommand('leaseLens.copyHolder', async (arg?: unknown) => {
      const key = await keyOf(arg, 'inspect', vscode.l10n.t('Copy Holder'));
      const lock = key === undefined ? undefined : known(key);
      if (lock === undefined) return;
      const holder = lock.view.holder;
      if (holder === undefined) {
        void vscode.window.showInformationMessage(noHolderMessage(lock.view, 'copy'));
        return;
      }
      await vscode.env.clipboard.writeText(holder);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the holder of {0}', lockName(lock.view)), 3000);
    }),
    vscode.commands.registerCommand('leaseLens.showLiveYaml', async (arg?: unknown) => {
      const key = await keyOf(arg, 'inspect', vscode.l10n.t('Show Live YAML'));
      if (key !== undefined) await d.liveYaml.show(key);
    }),
    vscode.commands.registerCommand('leaseLens.pinToStatusBar', async (arg?: unknown) => {
      const key = await keyOf(arg, 'inspect', vscode.l10n.t('Pin to Status Bar'));
      if (key !== undefined) await d.statusBar.pin(key);
    }),
    vscode.commands.registerCommand('leaseLens.unpinStatusBar', () => d.statusBar.pin(undefined)),
    vscode.commands.registerCommand('leaseLens.resolveHolder', async (arg?: unknown) => {
      const key = await keyOf(arg, 'inspect', vscode.l10n.t('Resolve Holder'));
      const lock = key === undefined ? undefined : known(key);
      if (key === undefined || lock === undefined) return undefined;
      if (lock.view.holder === undefined) {
        void vscode.window.showInformationMessage(noHolderMessage(lock.view, 'resolve'));
        return undefined;
      }
      const resolution = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: vscode.l10n.t('Resolving the holder of {0}', lockName(lock.view)),
        },
        () => d.resolutions.resolve(key),
      );
      if (resolution !== undefined) {
        const say =
          resolution.kind === 'gone' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
        void say(
          vscode.l10n.t(
            'Holder {0} of {1}: {2}.',
            lock.view.holder,
            lockName(lock.view),
            describeResolution(resolution),
          ),
        );
      }
      const node = d.tree.lockNode(key);
      if (node !== undefined) d.tree.redraw(node);
      return resolution;
    }),
  ];
}

/** "is vacant", or why there is no identity although someone may hold it ("has an unreadable holder"). */
/** Why there is no holder to copy or resolve: whole sentences, so that a translation agrees them. */
function noHolderMessage(view: LockView, what: 'copy' | 'resolve'): string {
  const name = lockName(view);
  const copy = what === 'copy';
  switch (holderEvidence(view)) {
    case 'noRecord':
      return copy
        ? vscode.l10n.t('{0} has no record read: there is no holder to copy.', name)
        : vscode.l10n.t('{0} has no record read: there is no holder to resolve.', name);
    case 'unreadableRecord':
      return copy
        ? vscode.l10n.t('{0} has an unreadable record: there is no holder to copy.', name)
        : vscode.l10n.t('{0} has an unreadable record: there is no holder to resolve.', name);
    case 'unreadableHolder':
      return copy
        ? vscode.l10n.t('{0} has an unreadable holder: there is no holder to copy.', name)
        : vscode.l10n.t('{0} has an unreadable holder: there is no holder to resolve.', name);
    default:
      return copy
        ? vscode.l10n.t('{0} is vacant: there is no holder to copy.', name)
        : vscode.l10n.t('{0} is vacant: there is no holder to resolve.', name);
  }
}
