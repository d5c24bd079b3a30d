// The webview's copy of what the host showed it: rows by key, contexts, and the host's clock.
// Applied from snapshot and diff messages only. Pure: no DOM.

import { DEFAULT_THRESHOLDS, type LockThresholds } from '../src/core/lockLiveness';
import type { ContextRow, HostMessage, LockRow } from '../src/protocol';

type Snapshot = Extract<HostMessage, { type: 'snapshot' }>;
type Diff = Extract<HostMessage, { type: 'diff' }>;

export class DashboardStore {
  readonly rows = new Map<string, LockRow>();
  contexts: readonly ContextRow[] = [];
  /** The user's thresholds, as the host judges with them. */
  thresholds: LockThresholds = DEFAULT_THRESHOLDS;
  /** Host clock minus ours, from the latest message (row times are on the host's clock). */
  private offsetMs = 0;
  /** Bumped by every change, so views can tell whether to recompute. */
  version = 0;

  constructor(private readonly localNow: () => number = () => Date.now()) {}

  /** The host's clock now, as far as we can tell. */
  hostNow(): number {
    return this.localNow() + this.offsetMs;
  }

  applySnapshot(message: Snapshot): void {
    this.rows.clear();
    for (const row of message.rows) this.rows.set(row.key, row);
    this.contexts = message.contexts;
    this.thresholds = message.thresholds;
    this.syncClock(message.now);
    this.version++;
  }

  /** Returns whether the set of namespaces or contexts may have grown (filters need new options). */
  applyDiff(message: Diff): { readonly newValues: boolean } {
    let newValues = false;
    for (const key of message.removed) this.rows.delete(key);
    for (const row of message.upserts) {
      const previous = this.rows.get(row.key);
      if (previous === undefined || previous.namespace !== row.namespace) newValues = true;
      this.rows.set(row.key, row);
    }
    if (message.contexts !== undefined) {
      this.contexts = message.contexts;
      newValues = true;
    }
    this.thresholds = message.thresholds;
    this.syncClock(message.now);
    this.version++;
    return { newValues };
  }

  private syncClock(hostNow: number): void {
    if (Number.isFinite(hostNow)) this.offsetMs = hostNow - this.localNow();
  }

  /** Sorted distinct values of one text field of the rows, for filter options. */
  distinct(field: 'context' | 'namespace'): string[] {
    const values = new Set<string>();
    for (const row of this.rows.values()) values.add(row[field]);
    if (field === 'context') for (const c of this.contexts) values.add(c.name);
    return [...values].sort();
  }
}
