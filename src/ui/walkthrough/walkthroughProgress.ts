// The "Get started with Lease Lens" walkthrough completes its steps on real events. Commands
// complete theirs by themselves (`onCommand:` in package.json); the steps that have no command of
// their own complete on context keys set here: a context connected, a lock read (its tooltip or
// the dashboard's detail opened), a lock needing attention looked at.

import * as vscode from 'vscode';
import { DEFAULT_THRESHOLDS, lockAttention, type LockSnapshot } from '../../core';
import type { MonitorHost } from '../shared/monitorHost';

export const CONNECTED_KEY = 'leaseLens.walkthrough.connected';
export const LOCK_READ_KEY = 'leaseLens.walkthrough.lockRead';
export const ATTENTION_SEEN_KEY = 'leaseLens.walkthrough.attentionSeen';
export const DEMO_AVAILABLE_KEY = 'leaseLens.demoAvailable';

export class WalkthroughProgress implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly done = new Set<string>();

  constructor(private readonly host: MonitorHost) {
    this.disposables.push(host.onDidChangeStatus(() => this.statusChanged()));
  }

  /** A lock's full record was shown (tree tooltip, dashboard detail). */
  lockShown(snapshot: LockSnapshot): void {
    this.set(LOCK_READ_KEY);
    // The one rule the status bar item, the badge and the filters count with (src/core lockAttention.ts).
    const thresholds = this.host.monitor?.store.thresholds ?? DEFAULT_THRESHOLDS;
    if (lockAttention(snapshot.evidence, Date.now(), thresholds, snapshot.lock.view.role) !== undefined)
      this.set(ATTENTION_SEEN_KEY);
  }

  /** A lock that needs attention was shown in full, or the locks needing attention were listed. */
  attentionSeen(): void {
    this.set(ATTENTION_SEEN_KEY);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private statusChanged(): void {
    if (this.host.monitor?.statusesAll().some((s) => s.state === 'connected') === true) this.set(CONNECTED_KEY);
  }

  private set(key: string): void {
    if (this.done.has(key)) return;
    this.done.add(key);
    void vscode.commands.executeCommand('setContext', key, true);
  }
}
