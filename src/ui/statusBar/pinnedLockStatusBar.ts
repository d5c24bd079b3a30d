// One lock pinned to the status bar: its holder and health as a theme icon, kept live by the
// store's change batches and the one-second tick; a click opens the dashboard at it. The pinned
// key is remembered in the workspace state.

import * as vscode from 'vscode';
import { displayText, parseLockKey, shortIdentity, type LockKey } from '../../core';
import { presentLock, type HealthKind } from '../shared/lockPresentation';
import { lockTooltipMarkdown } from '../shared/lockTooltip';
import { noThemeIcons as noIcons } from '../shared/markdownText';
import type { MonitorHost } from '../shared/monitorHost';
import type { Ticker } from '../shared/ticker';

const PIN_KEY = 'leaseLens.pinnedLock';

const BACKGROUNDS: Partial<Record<HealthKind, string>> = {
  expired: 'statusBarItem.errorBackground',
  probablyStopped: 'statusBarItem.warningBackground',
  unreadable: 'statusBarItem.warningBackground',
  problem: 'statusBarItem.warningBackground',
  stale: 'statusBarItem.warningBackground',
};

export class PinnedLockStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private pinned: LockKey | undefined;
  private shown = '';
  private contextKey: boolean | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly host: MonitorHost,
    private readonly memento: vscode.Memento,
    ticker: Ticker,
  ) {
    this.item = vscode.window.createStatusBarItem('leaseLens.pinnedLock', vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('Lease Lens: pinned lock');
    const stored = memento.get<unknown>(PIN_KEY);
    this.pinned = typeof stored === 'string' && parseLockKey(stored) !== undefined ? stored : undefined;
    this.disposables.push(
      this.item,
      host.onDidChangeLocks((c) => {
        if (
          this.pinned !== undefined &&
          (c.changed.has(this.pinned) || c.removed.has(this.pinned) || c.contexts.size > 0)
        )
          this.update(true);
      }),
      host.onDidChangeMonitor(() => this.update(true)),
      ticker.onTick(() => this.update(false)),
    );
    this.update(true);
  }

  get pinnedKey(): LockKey | undefined {
    return this.pinned;
  }

  async pin(key: LockKey | undefined): Promise<void> {
    this.pinned = key;
    await this.memento.update(PIN_KEY, key);
    this.update(true);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private update(force: boolean): void {
    const key = this.pinned;
    if (this.contextKey !== (key !== undefined)) {
      this.contextKey = key !== undefined;
      void vscode.commands.executeCommand('setContext', 'leaseLens.pinned', this.contextKey);
    }
    if (key === undefined) {
      if (force || this.shown !== '') this.item.hide();
      this.shown = '';
      return;
    }
    const parts = parseLockKey(key);
    const name = parts?.name ?? key;
    const now = Date.now();
    const s = this.host.monitor?.store.snapshot(key, now);
    let text: string;
    let background: string | undefined;
    if (s === undefined) {
      text =
        this.host.monitor === undefined
          ? `$(pin) ${vscode.l10n.t('{0}: not connected', noIcons(name))}`
          : `$(question) ${vscode.l10n.t('{0}: not seen', noIcons(name))}`;
    } else {
      const p = presentLock(s, now);
      // The same words as the tree: holder (shortened) and the state, with the reason in the tooltip.
      const holder = s.evidence.holder === 'held' ? shortIdentity(displayText(s.lock.view.holder ?? '')) : undefined;
      const shown = holder === undefined ? s.state.word : vscode.l10n.t('{0} · {1}', holder, s.state.word);
      text = `$(${p.icon}) ${vscode.l10n.t('{0}: {1}', noIcons(name), noIcons(shown))}`;
      background = BACKGROUNDS[p.health];
    }
    // The tooltip's ages move every tick; the rest only when the text does.
    this.item.tooltip = s === undefined ? `Lease Lens: ${key}` : new vscode.MarkdownString(lockTooltipMarkdown(s, now));
    if (!force && text === this.shown) return;
    this.shown = text;
    this.item.text = text;
    this.item.backgroundColor = background === undefined ? undefined : new vscode.ThemeColor(background);
    this.item.command = {
      title: vscode.l10n.t('Open Dashboard'),
      command: 'leaseLens.openDashboard',
      arguments: [key],
    };
    this.item.accessibilityInformation = {
      label:
        s === undefined
          ? vscode.l10n.t('Lease Lens pinned lock {0}: not seen', name)
          : vscode.l10n.t(
              'Lease Lens pinned lock {0}: {1}, {2}',
              name,
              s.lock.view.holder ?? vscode.l10n.t('no holder'),
              s.state.word,
            ),
    };
    this.item.show();
  }
}
