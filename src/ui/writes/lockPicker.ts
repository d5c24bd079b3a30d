// The palette's way to choose a lock for Release or Take Over: a quick pick of the locks the user
// may write (holder and renew age in each row), filled as the watches deliver. Locks the user's
// RBAC does not allow writing are left out, and the placeholder says how many and why.

import * as vscode from 'vscode';
import type { LockKey, LockSnapshot, ObservedLock } from '../../core';
import { displayText, holderEvidence, type HolderEvidence } from '../../core';
import { presentLock } from '../shared/lockPresentation';
import { noThemeIcons } from '../shared/markdownText';
import type { MonitorHost } from '../shared/monitorHost';
import type { WritePermissions } from './writePermissions';

interface LockPickItem extends vscode.QuickPickItem {
  readonly key: LockKey;
}

/** What the lock is picked for: a write lists only locks the user may write. */
export type PickPurpose = 'release' | 'takeOver' | 'inspect';

const TICK_MS = 1000;

export function pickLock(
  host: MonitorHost,
  permissions: WritePermissions,
  purpose: PickPurpose,
  title: string,
): Promise<LockKey | undefined> {
  const monitor = host.start('command');
  const pick = vscode.window.createQuickPick<LockPickItem>();
  pick.title = title;
  pick.placeholder = vscode.l10n.t('Loading locks…');
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  const disposables: vscode.Disposable[] = [];
  let shownKeys = '';
  let generation = 0;

  const render = async (): Promise<void> => {
    const mine = ++generation;
    const store = (host.monitor ?? monitor).store;
    // Elections only: node heartbeats and API server identities are not contested.
    const locks = [...store.locks()].filter(
      (l) =>
        (l.view.role === 'election' || l.view.role === 'other') &&
        // A holder that cannot be read may be held: it can be released (the record is rewritten).
        (purpose !== 'release' || releasable(holderEvidence(l.view))),
    );
    const allowed =
      purpose === 'inspect'
        ? locks.map(() => true)
        : await Promise.all(locks.map((l) => permissions.check(l.view.key)));
    if (mine !== generation) return;
    const now = Date.now();
    const items: LockPickItem[] = [];
    let refused = 0;
    locks.forEach((l, i) => {
      if (allowed[i] === false) refused++;
      else {
        const item = itemOf(l, store.snapshot(l.view.key, now), now);
        if (item !== undefined) items.push(item);
      }
    });
    items.sort((a, b) => a.label.localeCompare(b.label) || (a.detail ?? '').localeCompare(b.detail ?? ''));
    // What each row says, not only which rows: a lock's state and ages move while the pick is open.
    const keys = items.map((i) => `${i.key}\n${i.description ?? ''}\n${i.detail ?? ''}`).join('\n');
    const connecting = (host.monitor ?? monitor).statusesAll().some((s) => s.state === 'connecting');
    pick.busy = connecting;
    const question = items.length > 0 ? whichLock(purpose) : connecting ? undefined : noLock(purpose);
    pick.placeholder =
      question === undefined
        ? vscode.l10n.t('Loading locks…')
        : refused === 0
          ? question
          : refused === 1
            ? vscode.l10n.t('{0} (1 lock not listed: your RBAC does not allow writing it)', question)
            : vscode.l10n.t('{0} ({1} locks not listed: your RBAC does not allow writing them)', question, refused);
    if (keys === shownKeys) return;
    shownKeys = keys;
    const active = pick.activeItems[0]?.key;
    pick.items = items;
    const keep = items.find((i) => i.key === active);
    if (keep !== undefined) pick.activeItems = [keep];
  };

  // Ages and states move with the clock alone: redraw every second while open (cheap: the
  // permission answers are cached, and unchanged rows are not handed to the pick again).
  const timer = setInterval(() => void render(), TICK_MS);
  disposables.push(
    host.onDidChangeLocks(() => void render()),
    host.onDidChangeStatus(() => void render()),
    { dispose: () => clearInterval(timer) },
  );
  void render();
  return new Promise((resolve) => {
    let chosen: LockKey | undefined;
    disposables.push(
      pick.onDidAccept(() => {
        chosen = pick.selectedItems[0]?.key;
        if (chosen !== undefined) pick.hide();
      }),
      pick.onDidHide(() => {
        for (const d of disposables.splice(0)) d.dispose();
        pick.dispose();
        resolve(chosen);
      }),
    );
    pick.show();
  });
}

function itemOf(lock: ObservedLock, s: LockSnapshot | undefined, now: number): LockPickItem | undefined {
  if (s === undefined) return undefined;
  const v = lock.view;
  const p = presentLock(s, now);
  return {
    key: v.key,
    // Quick pick items draw `$(name)` as an icon: text from the cluster must not.
    label: noThemeIcons(displayText(`${v.namespace}/${v.name}`)),
    description: noThemeIcons(p.description),
    detail: noThemeIcons(displayText(`${v.context} · ${v.kind} · ${p.healthText}`, 1000)),
    iconPath: new vscode.ThemeIcon(p.icon, p.color === undefined ? undefined : new vscode.ThemeColor(p.color)),
  };
}

function releasable(holder: HolderEvidence): boolean {
  return holder === 'held' || holder === 'unreadableHolder' || holder === 'unreadableRecord';
}

function whichLock(purpose: PickPurpose): string {
  switch (purpose) {
    case 'release':
      return vscode.l10n.t('Release which lock?');
    case 'takeOver':
      return vscode.l10n.t('Take over which lock?');
    case 'inspect':
      return vscode.l10n.t('Show which lock?');
  }
}

function noLock(purpose: PickPurpose): string {
  switch (purpose) {
    case 'release':
      return vscode.l10n.t('No lock you may release');
    case 'takeOver':
      return vscode.l10n.t('No lock you may take over');
    case 'inspect':
      return vscode.l10n.t('No lock you may show');
  }
}
