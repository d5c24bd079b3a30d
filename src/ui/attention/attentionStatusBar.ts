// The status bar item that counts the locks needing attention across every watched context, with
// the warning look when it is not zero; its tooltip lists them and a click opens the dashboard
// filtered to them. Shown while Lease Lens watches a cluster (before that there is nothing to
// count), unless leaseLens.attentionStatusBar is off.

import * as vscode from 'vscode';
import { parseLockKey } from '../../core';
import type { MonitorHost } from '../shared/monitorHost';
import { affects, readSettings } from '../shared/settings';
import type { Ticker } from '../shared/ticker';
import { lockName } from '../writes/writeConfirmation';
import type { AttentionTracker } from './attentionTracker';
import { attentionCountText, attentionItemText, attentionTooltip, type AttentionLine } from './attentionWording';

export const SHOW_ATTENTION_COMMAND = 'leaseLens.showLocksNeedingAttention';

/** The tooltip's summaries carry ages: refreshed this often (ticks) while nothing else changes. */
const TOOLTIP_REFRESH_TICKS = 10;

export class AttentionStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private enabled: boolean;
  private ticks = 0;

  constructor(
    private readonly host: MonitorHost,
    private readonly tracker: AttentionTracker,
    ticker: Ticker,
  ) {
    this.item = vscode.window.createStatusBarItem('leaseLens.attention', vscode.StatusBarAlignment.Left, 11);
    this.item.name = vscode.l10n.t('Lease Lens: locks needing attention');
    this.item.command = { title: vscode.l10n.t('Show Locks Needing Attention'), command: SHOW_ATTENTION_COMMAND };
    this.enabled = readSettings().attentionStatusBar;
    this.disposables.push(
      this.item,
      tracker.onDidChange(() => this.update()),
      host.onDidChangeStatus(() => this.update()),
      ticker.onTick(() => {
        if (++this.ticks % TOOLTIP_REFRESH_TICKS === 0) this.update();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affects(e, 'attentionStatusBar')) return;
        this.enabled = readSettings().attentionStatusBar;
        this.update();
      }),
    );
    this.update();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** The locks needing attention as the tooltip lists them. */
  lines(now = Date.now()): AttentionLine[] {
    const store = this.host.monitor?.store;
    if (store === undefined) return [];
    const out: AttentionLine[] = [];
    for (const { key, reason } of this.tracker.entries()) {
      const parts = parseLockKey(key);
      const s = store.snapshot(key, now);
      if (parts === undefined || s === undefined) continue;
      out.push({ key, context: parts.context, name: lockName(parts), reason, summary: s.state.summary });
    }
    return out;
  }

  private update(): void {
    const monitor = this.host.monitor;
    if (!this.enabled || monitor === undefined) {
      this.item.hide();
      return;
    }
    const statuses = monitor.statusesAll();
    const disconnected = statuses.filter((s) => s.state !== 'connected' && s.state !== 'connecting').map((s) => s.name);
    const count = this.tracker.count;
    this.item.text = attentionItemText(count, statuses.length > 0 && disconnected.length === statuses.length);
    this.item.backgroundColor = count > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(attentionTooltip(this.lines(), disconnected));
    tooltip.isTrusted = false;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label:
        count === 0
          ? vscode.l10n.t('Lease Lens: no lock needs attention')
          : vscode.l10n.t('Lease Lens: {0}', attentionCountText(count)),
    };
    this.item.show();
  }
}
