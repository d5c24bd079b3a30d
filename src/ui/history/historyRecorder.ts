// Keeps what Lease Lens sees of each election beyond the window: feeds the journal (src/core
// lockJournal.ts) from the store's change batches and from the writes done here, restores what an
// earlier session kept when a context first connects (into the journal, and its holder changes
// into the store's histories beside the cluster's LeaderElection Events, so the dashboard's
// timeline shows yesterday too), and writes the journal to global storage debounced — within
// SAVE_DELAY_MS of a holder change or a write, within DETAIL_SAVE_DELAY_MS when only renew
// intervals were added, and on shutdown — never per event. Each save first merges
// what the file holds, so windows watching the same context keep each other's history.

import * as vscode from 'vscode';
import { LockJournal, renewIntervals, type JournalEntry, type LockKey, type LockStoreChange } from '../../core';
import type { LockMonitor } from '../../cluster/lockMonitor';
import type { MonitorHost } from '../shared/monitorHost';
import type { LockWrites } from '../writes/lockWrites';
import type { HistoryStorage } from './historyStorage';

/** What a timeline must not lose (a holder change, a write) waits this long before it is written. */
export const SAVE_DELAY_MS = 10_000;

/**
 * Detail only (renew intervals of elections that renew every few seconds) waits this long: a
 * context whose elections renew is always changing, and its file is not rewritten every 10 s.
 */
export const DETAIL_SAVE_DELAY_MS = 5 * 60_000;

export class HistoryRecorder implements vscode.Disposable {
  readonly journal = new LockJournal();
  private readonly disposables: vscode.Disposable[] = [];
  /** Contexts whose kept history was read (or is being read) for the current monitor. */
  private readonly restored = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** When the pending save is due. */
  private dueAt = Infinity;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly host: MonitorHost,
    private readonly storage: HistoryStorage,
    writes: LockWrites,
    private readonly log: vscode.LogOutputChannel,
    private readonly saveDelayMs = SAVE_DELAY_MS,
    private readonly detailSaveDelayMs = DETAIL_SAVE_DELAY_MS,
  ) {
    this.disposables.push(
      host.onDidChangeMonitor(({ current }) => {
        // A new store: its histories start empty, so what was kept is handed to it again.
        this.restored.clear();
        if (current !== undefined) this.restoreConnected(current);
      }),
      host.onDidChangeStatus(() => {
        const monitor = host.monitor;
        if (monitor !== undefined) this.restoreConnected(monitor);
      }),
      host.onDidChangeLocks((change) => this.locksChanged(change)),
      writes.onDidWrite(({ key, write }) => {
        this.journal.recordWrite(key, write);
        this.scheduleSave(this.saveDelayMs);
      }),
    );
    if (host.monitor !== undefined) this.restoreConnected(host.monitor);
  }

  /** What is kept of one lock (the export reads it). */
  entry(key: LockKey): JournalEntry | undefined {
    return this.journal.entry(key);
  }

  /** Waits until what a context kept has been read (the export, tests). */
  async restoredOf(context: string): Promise<void> {
    await this.restored.get(context);
  }

  /** Writes every context with unsaved changes now (shutdown, tests). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
    await this.save();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    // deactivate() awaits flush(); this only stops the timer.
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
  }

  private restoreConnected(monitor: LockMonitor): void {
    for (const status of monitor.statusesAll()) {
      // Read once the context is connected: its server is known, to check the file is this cluster's.
      if (status.state !== 'connected' || this.restored.has(status.name)) continue;
      const context = status.name;
      this.restored.set(
        context,
        this.storage
          .read(context, status.server)
          .then((entries) => {
            if (entries.length === 0 || this.host.monitor !== monitor) return;
            this.journal.restore(context, entries);
            const added = monitor.store.restoreHistory(context, this.journal.changesOf(context));
            this.log.info(`history of context ${context}: ${added} kept holder changes added to the timeline`);
          })
          .catch((error: unknown) =>
            this.log.warn(
              `history of context ${context}: not restored: ${error instanceof Error ? error.message : String(error)}`,
            ),
          ),
      );
    }
  }

  private locksChanged(change: LockStoreChange): void {
    const store = this.host.monitor?.store;
    if (store === undefined) return;
    const now = Date.now();
    let weight: 'none' | 'minor' | 'major' = 'none';
    for (const key of change.changed) {
      const lock = store.get(key);
      // Elections only: node heartbeats and API server identities are not kept.
      if (lock === undefined || (lock.view.role !== 'election' && lock.view.role !== 'other')) continue;
      const s = store.snapshot(key, now);
      if (s === undefined) continue;
      const kept = this.journal.observe(
        {
          key,
          leaseDurationMs: s.evidence.leaseDurationMs,
          changes: s.lock.history.changes(),
          intervals: renewIntervals(s.lock.history),
          skew: s.health.clockSkew,
          flapping: s.evidence.flapping ?? undefined,
        },
        now,
      );
      if (kept === 'major' || weight === 'none') weight = kept;
    }
    if (weight !== 'none') this.scheduleSave(weight === 'major' ? this.saveDelayMs : this.detailSaveDelayMs);
  }

  /** A save within `delayMs`: an earlier one already planned stands, a later one is brought forward. */
  private scheduleSave(delayMs: number): void {
    if (this.disposed) return;
    const due = Date.now() + delayMs;
    if (this.timer !== undefined && this.dueAt <= due) return;
    clearTimeout(this.timer);
    this.dueAt = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dueAt = Infinity;
      void this.save();
    }, delayMs);
  }

  /** Writes the dirty contexts, one save after another (never two writes of one file at once). */
  private save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const now = Date.now();
      let waiting = false;
      for (const context of this.journal.takeDirty()) {
        // Never write over a file before what it kept was read into the journal.
        const restored = this.restored.get(context);
        if (restored === undefined) {
          this.journal.markDirty(context);
          waiting = true;
          continue;
        }
        await restored;
        try {
          // Another window watching the same context writes the same file: take in what it kept
          // since, so the last writer does not drop the other's changes and writes.
          const server = this.host.monitor?.statusOf(context)?.server;
          this.journal.restore(context, await this.storage.read(context, server, true));
          await this.storage.write({
            context,
            server,
            savedAt: now,
            entries: this.journal.entries(context),
          });
        } catch (error) {
          this.log.warn(
            `history of context ${context}: could not be saved: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      if (waiting) this.scheduleSave(this.saveDelayMs);
    });
    return this.saving;
  }
}
