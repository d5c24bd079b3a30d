// The Leader Elections view's share of the attention count: its badge (TreeView.badge, the same
// count as the status bar item) and the "Show only locks needing attention" toggle — a view title
// action whose two commands swap on the context key leaseLens.attentionOnly, remembered per
// workspace. While it is on, the tree lists only the locks the attention index holds, and
// follows it as locks start or stop needing attention.

import * as vscode from 'vscode';
import type { LockKey } from '../../core';
import type { TreeNode } from '../tree/lockTreeItems';
import type { LocksTreeProvider } from '../tree/locksTreeProvider';
import type { AttentionTracker } from './attentionTracker';
import { attentionCountText } from './attentionWording';

export const ATTENTION_ONLY_KEY = 'leaseLens.attentionOnly';
export const SHOW_ATTENTION_ONLY_COMMAND = 'leaseLens.showAttentionOnly';
export const SHOW_ALL_LOCKS_COMMAND = 'leaseLens.showAllLocks';
const MEMENTO_KEY = 'leaseLens.attentionOnly';

export class AttentionView implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private only: boolean;
  private shownBadge = -1;
  private listed = '';

  constructor(
    private readonly tracker: AttentionTracker,
    private readonly tree: LocksTreeProvider,
    private readonly view: vscode.TreeView<TreeNode>,
    private readonly memento: vscode.Memento,
  ) {
    this.only = memento.get<unknown>(MEMENTO_KEY) === true;
    this.disposables.push(
      tracker.onDidChange(() => this.update(false)),
      vscode.commands.registerCommand(SHOW_ATTENTION_ONLY_COMMAND, () => this.setOnly(true)),
      vscode.commands.registerCommand(SHOW_ALL_LOCKS_COMMAND, () => this.setOnly(false)),
    );
    this.update(true);
  }

  /** Whether the view lists only the locks needing attention. */
  get attentionOnly(): boolean {
    return this.only;
  }

  async setOnly(only: boolean): Promise<void> {
    this.only = only;
    await this.memento.update(MEMENTO_KEY, only);
    this.update(true);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private update(toggled: boolean): void {
    const count = this.tracker.count;
    if (count !== this.shownBadge) {
      this.shownBadge = count;
      this.view.badge =
        count > 0 ? { value: count, tooltip: vscode.l10n.t('Lease Lens: {0}', attentionCountText(count)) } : undefined;
    }
    if (toggled) void vscode.commands.executeCommand('setContext', ATTENTION_ONLY_KEY, this.only);
    if (!this.only) {
      this.view.message = undefined;
      if (toggled) this.tree.setLockFilter(undefined);
      this.listed = '';
      return;
    }
    this.view.message =
      count === 0
        ? vscode.l10n.t('Showing only locks needing attention: none now.')
        : vscode.l10n.t('Showing only locks needing attention ({0}).', count);
    // Redraw only when the set of listed locks changed (a reason changing moves nothing).
    const keys = this.tracker
      .entries()
      .map((e) => e.key)
      .sort()
      .join('\n');
    if (!toggled && keys === this.listed) return;
    this.listed = keys;
    const tracker = this.tracker;
    this.tree.setLockFilter({
      keep: (key: LockKey) => tracker.has(key),
      emptyLabel: vscode.l10n.t('No lock needs attention'),
      clearCommand: { title: vscode.l10n.t('Show All Locks'), command: SHOW_ALL_LOCKS_COMMAND },
    });
  }
}
