// History that arrives before its lock — LeaderElection Events, and what an earlier session
// observed (lockJournal.ts) — kept (bounded) until the lock is first seen, then handed to its
// history. The store asks `group` to sort a context's Events by lock, seeds the histories it has,
// and `hold`s the rest here.

import { leaderEventLockKey, parseLeaderEvent, type LeaderEvent } from './leaderEvents';
import type { HolderChange } from './lockHistory';
import { parseLockKey } from './lockKey';
import type { LockKey } from './lockView';

/** Events for locks not yet seen are kept for this many locks at most. */
export const MAX_PENDING_SEED_KEYS = 10_000;

/** A context's Events (reason LeaderElection) by the lock they are about; other events are dropped. */
export function groupLeaderEvents(context: string, events: readonly unknown[]): Map<LockKey, LeaderEvent[]> {
  const byKey = new Map<LockKey, LeaderEvent[]>();
  for (const raw of events) {
    const e = parseLeaderEvent(raw);
    const key = e === undefined ? undefined : leaderEventLockKey(context, e);
    if (e === undefined || key === undefined) continue;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [e]);
    else list.push(e);
  }
  return byKey;
}

export class PendingLeaderEvents {
  private readonly pending = new Map<LockKey, HolderChange[]>();

  constructor(private readonly maxKeys = MAX_PENDING_SEED_KEYS) {}

  /** Keeps changes for a lock not seen yet, unless the bound on locks is reached. */
  hold(key: LockKey, changes: readonly HolderChange[]): void {
    const held = this.pending.get(key);
    if (held !== undefined) held.push(...changes);
    else if (this.pending.size < this.maxKeys) this.pending.set(key, [...changes]);
  }

  /** The changes held for a lock, forgotten once taken. */
  take(key: LockKey): HolderChange[] | undefined {
    const held = this.pending.get(key);
    if (held !== undefined) this.pending.delete(key);
    return held;
  }

  removeContext(context: string): void {
    // Split from the right: a context name may itself contain `/` (lockKey.ts).
    for (const key of [...this.pending.keys()]) if (parseLockKey(key)?.context === context) this.pending.delete(key);
  }
}
