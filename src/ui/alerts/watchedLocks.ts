// The locks the operator watches for alerts, remembered per workspace (workspaceState): a list of
// lock keys, whatever contexts are watched now (a lock of a context not watched today is kept and
// alerts again when its context is). The palette's Unwatch Lock and Show Watched Locks appear
// while there are some (context key leaseLens.hasWatchedLocks).

import * as vscode from 'vscode';
import { parseLockKey, type LockKey } from '../../core';

const MEMENTO_KEY = 'leaseLens.watchedLocks';
export const HAS_WATCHED_KEY = 'leaseLens.hasWatchedLocks';
/** More than anyone reads alerts for; the list stays small in workspaceState. */
export const MAX_WATCHED_LOCKS = 500;

export interface WatchChange {
  readonly key: LockKey;
  readonly watched: boolean;
}

export class WatchedLocks implements vscode.Disposable {
  private readonly keys: Set<LockKey>;
  private readonly changed = new vscode.EventEmitter<WatchChange>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    const stored = memento.get<unknown>(MEMENTO_KEY);
    // Written by us, but read defensively: a value from another version must not break activation.
    this.keys = new Set(
      Array.isArray(stored)
        ? stored
            .filter((k): k is string => typeof k === 'string' && parseLockKey(k) !== undefined)
            .slice(0, MAX_WATCHED_LOCKS)
        : [],
    );
    void this.setContextKey();
  }

  has(key: LockKey): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }

  all(): LockKey[] {
    return [...this.keys];
  }

  /** Returns false when the list is full. */
  async watch(key: LockKey): Promise<boolean> {
    if (this.keys.has(key)) return true;
    if (this.keys.size >= MAX_WATCHED_LOCKS) return false;
    this.keys.add(key);
    await this.save();
    this.changed.fire({ key, watched: true });
    return true;
  }

  async unwatch(key: LockKey): Promise<void> {
    if (!this.keys.delete(key)) return;
    await this.save();
    this.changed.fire({ key, watched: false });
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async save(): Promise<void> {
    await this.memento.update(MEMENTO_KEY, [...this.keys]);
    await this.setContextKey();
  }

  private async setContextKey(): Promise<void> {
    await vscode.commands.executeCommand('setContext', HAS_WATCHED_KEY, this.keys.size > 0);
  }
}
