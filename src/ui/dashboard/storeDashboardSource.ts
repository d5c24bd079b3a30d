// The dashboard's data, from the live monitor: rows and details mapped by lockRows.ts from the
// store's snapshots (health 'stale' when the context is disconnected, MultiLock where paired,
// canWrite once the RBAC answer is known), change notifications from the store's batches, the
// contexts' statuses and RBAC answers, and writes through the same confirmation and conflict flow
// as the commands.

import type * as vscode from 'vscode';
import { DEFAULT_THRESHOLDS, type LockKey, type LockThresholds } from '../../core';
import type { ContextRow, LockActionType, LockDetail, LockRow } from '../../protocol';
import type { DashboardChange, DashboardSource, DashboardWriteOutcome } from './dashboardSource';
import { allRows, contextRow, lockDetail, lockRow } from './lockRows';
import type { LockWrites } from '../writes/lockWrites';
import type { MonitorHost } from '../shared/monitorHost';
import { inScope, type WritePermissions } from '../writes/writePermissions';

/** What the source reads of the MonitorHost (the benchmark supplies it without VS Code). */
export type DashboardHost = Pick<
  MonitorHost,
  'monitor' | 'startIfTrusted' | 'onDidChangeLocks' | 'onDidChangeStatus' | 'onDidChangeMonitor'
>;

/** What the page's lock actions do: the extension's commands (extension.ts wires them). */
export interface DashboardLockActions {
  watched(key: string): boolean;
  run(action: LockActionType, key: string): Promise<void>;
}

export class StoreDashboardSource implements DashboardSource, vscode.Disposable {
  private readonly listeners = new Set<(change: DashboardChange) => void>();
  private readonly subscriptions: { dispose(): void }[];

  /** Watched locks, and the commands behind the page's lock actions (set once they exist). */
  actions: DashboardLockActions | undefined;

  constructor(
    private readonly host: DashboardHost,
    private readonly permissions: WritePermissions,
    private readonly writes: Pick<LockWrites, 'release' | 'takeOver'>,
  ) {
    this.subscriptions = [
      host.onDidChangeLocks((c) =>
        this.emit({ changed: [...c.changed], removed: [...c.removed], contextsChanged: c.contexts.size > 0 }),
      ),
      host.onDidChangeStatus(() => this.emit({ changed: [], removed: [], contextsChanged: true })),
      host.onDidChangeMonitor(({ previous, current }) => {
        const now = new Set<LockKey>([...(current?.store.locks() ?? [])].map((l) => l.view.key));
        const gone = [...(previous?.store.locks() ?? [])].map((l) => l.view.key).filter((k) => !now.has(k));
        this.emit({ changed: [...now], removed: gone, contextsChanged: true });
      }),
      permissions.onDidChange((scope) => {
        const monitor = host.monitor;
        if (monitor === undefined) return;
        const changed = monitor.store
          .locksIn(scope.context)
          .map((l) => l.view.key)
          .filter((k) => inScope(k, scope));
        if (changed.length > 0) this.emit({ changed, removed: [], contextsChanged: false });
      }),
    ];
  }

  rows(): readonly LockRow[] {
    // A dashboard restored with the window is a view being shown: connect (in trusted workspaces).
    const monitor = this.host.startIfTrusted('dashboard');
    if (monitor === undefined) return [];
    // Known answers only: asking RBAC for every namespace at once would flood the API server.
    return allRows(monitor.store, this.now(), (key) => this.permissions.known(key));
  }

  contexts(): readonly ContextRow[] {
    return (this.host.monitor?.statusesAll() ?? []).map((s) => contextRow(s.name, s.state, s.message));
  }

  row(key: string): LockRow | undefined {
    const s = this.host.monitor?.store.snapshot(key, this.now());
    return s === undefined ? undefined : lockRow(s, this.permissions.known(key));
  }

  detail(key: string): LockDetail | undefined {
    // The lock the operator looks at: ask RBAC now (the row follows when the answer arrives).
    const s = this.host.monitor?.store.snapshot(key, this.now());
    if (s === undefined) return undefined;
    const detail = lockDetail(s, this.permissions.canWrite(key));
    return this.actions === undefined ? detail : { ...detail, watched: this.actions.watched(key) };
  }

  async lockAction(action: LockActionType, key: string): Promise<void> {
    await this.actions?.run(action, key);
  }

  /** The lock's detail changed without a store change (watched, unwatched): the page hears of it. */
  lockChanged(key: string): void {
    this.emit({ changed: [key], removed: [], contextsChanged: false });
  }

  onDidChange(listener: (change: DashboardChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  release(key: string): Promise<DashboardWriteOutcome> {
    return this.writes.release(key, { notify: false });
  }

  takeOver(key: string): Promise<DashboardWriteOutcome> {
    return this.writes.takeOver(key, { notify: false });
  }

  now(): number {
    return Date.now();
  }

  thresholds(): LockThresholds {
    return this.host.monitor?.store.thresholds ?? DEFAULT_THRESHOLDS;
  }

  dispose(): void {
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.listeners.clear();
  }

  private emit(change: DashboardChange): void {
    for (const l of [...this.listeners]) l(change);
  }
}
