// The locks needing attention across every watched context, for the status bar item, the view's
// badge, the tree's filter and the dashboard: one AttentionIndex (src/core) kept up to date from
// the store's change batches and the one-second tick (only locks due for a recheck are judged),
// rebuilt when the monitor is. Listeners hear only when the set or a reason changed.

import * as vscode from 'vscode';
import { AttentionIndex, type AttentionEntry, type LockKey } from '../../core';
import type { MonitorHost } from '../shared/monitorHost';
import type { Ticker } from '../shared/ticker';

export class AttentionTracker implements vscode.Disposable {
  private readonly index = new AttentionIndex();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The set or a reason changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly host: MonitorHost,
    ticker: Ticker,
  ) {
    this.disposables.push(
      this.changed,
      // A new monitor (or none): judged afresh, and the surfaces redrawn whatever the count.
      host.onDidChangeMonitor(({ current }) => {
        this.index.rebuild(current?.store, Date.now());
        this.changed.fire();
      }),
      host.onDidChangeLocks((change) => {
        if (this.index.apply(change, Date.now())) this.changed.fire();
      }),
      ticker.onTick((now) => {
        if (this.index.tick(now)) this.changed.fire();
      }),
    );
    if (host.monitor !== undefined) this.index.rebuild(host.monitor.store, Date.now());
  }

  get count(): number {
    return this.index.size;
  }

  /** Whether a monitor is watching (before that there is nothing to count). */
  get watching(): boolean {
    return this.host.monitor !== undefined;
  }

  has(key: LockKey): boolean {
    return this.index.has(key);
  }

  entries(): AttentionEntry[] {
    return this.index.entries();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
