// The locks needing attention across every watched context, kept up to date without scanning the
// store: a change batch re-judges the keys it names (a node heartbeat costs one role check, no
// verdict), a connection change the locks of that context, and the passing of time only the
// locks whose verdict may have changed by now (each is queued for when lockAttention's answer
// may next differ: attentionRecheckAt). A cluster of 65,000 node heartbeats renewing every 10 s
// sends about 6,500 keys a second through here, each an O(1) skip. One verdict depends on other
// locks: whether a record that ran out is a stopped holder or clock skew is judged against the
// context's clock offset, which every witnessed renewal moves; when it moves, the locks whose
// verdict it can change (never seen to change, with a record that says when it runs out) are
// judged again.

import { DueQueue } from './dueQueue';
import {
  attentionRecheckAt,
  countsForAttention,
  lockAttention,
  offsetSensitive,
  type AttentionReason,
} from './lockAttention';
import type { LockEvidence, LockThresholds } from './lockLiveness';
import type { LockKey, LockView } from './lockView';

/** What the index reads (a LockStore). */
export interface AttentionSource {
  get(key: LockKey): { readonly view: LockView } | undefined;
  evidence(key: LockKey, now: number): LockEvidence | undefined;
  locks(): Iterable<{ readonly view: LockView }>;
  locksIn(context: string): readonly { readonly view: LockView }[];
  /** How far ahead of our clock the context's holders write their times (LockStore.clockOffset). */
  clockOffset(context: string): number | undefined;
  readonly thresholds: LockThresholds;
}

/** What a store change batch says (LockStoreChange). */
export interface AttentionChange {
  readonly changed: Iterable<LockKey>;
  readonly removed: Iterable<LockKey>;
  readonly contexts: Iterable<string>;
}

export interface AttentionEntry {
  readonly key: LockKey;
  readonly reason: AttentionReason;
}

export class AttentionIndex {
  private readonly reasons = new Map<LockKey, AttentionReason>();
  private readonly due = new DueQueue<LockKey>();
  /** Per context: the locks whose verdict the clock offset can change, and the offset they were judged with. */
  private readonly sensitive = new Map<string, { offset: number | undefined; keys: Set<LockKey> }>();
  private source: AttentionSource | undefined;
  /** Verdicts computed so far (the benchmark and the tests read it). */
  evaluations = 0;

  get size(): number {
    return this.reasons.size;
  }

  reason(key: LockKey): AttentionReason | undefined {
    return this.reasons.get(key);
  }

  has(key: LockKey): boolean {
    return this.reasons.has(key);
  }

  entries(): AttentionEntry[] {
    return [...this.reasons].map(([key, reason]) => ({ key, reason }));
  }

  /** Judges every lock of `source` afresh (a new monitor); undefined forgets everything. Returns whether the set changed. */
  rebuild(source: AttentionSource | undefined, now: number): boolean {
    const before = this.signature();
    this.source = source;
    this.reasons.clear();
    this.due.clear();
    this.sensitive.clear();
    if (source !== undefined) for (const lock of source.locks()) this.judge(lock.view.key, now);
    return this.signature() !== before;
  }

  /** A store change batch. Returns whether the set of locks needing attention (or a reason) changed. */
  apply(change: AttentionChange, now: number): boolean {
    const source = this.source;
    if (source === undefined) return false;
    let changed = false;
    for (const key of change.removed) changed = this.forget(key) || changed;
    for (const key of change.changed) changed = this.judge(key, now) || changed;
    for (const context of change.contexts) {
      for (const lock of source.locksIn(context)) changed = this.judge(lock.view.key, now) || changed;
    }
    for (const [context, s] of this.sensitive) {
      const offset = source.clockOffset(context);
      if (offset === s.offset) continue;
      s.offset = offset;
      for (const key of [...s.keys]) changed = this.judge(key, now) || changed;
    }
    return changed;
  }

  /** The passing of time: re-judges the locks that are due. Returns whether anything changed. */
  tick(now: number): boolean {
    let changed = false;
    for (const key of this.due.takeDue(now)) changed = this.judge(key, now) || changed;
    return changed;
  }

  /** How many locks are queued for a recheck (elections in the store). */
  get queued(): number {
    return this.due.size;
  }

  private judge(key: LockKey, now: number): boolean {
    const source = this.source;
    const lock = source?.get(key);
    if (source === undefined || lock === undefined) return this.forget(key);
    const role = lock.view.role;
    // A node heartbeat: never tracked, so nothing to forget either (the common case, kept cheap).
    if (!countsForAttention(role)) return this.due.dueAt(key) === undefined ? false : this.forget(key);
    const evidence = source.evidence(key, now);
    if (evidence === undefined) return this.forget(key);
    this.evaluations++;
    const reason = lockAttention(evidence, now, source.thresholds, role);
    this.due.set(key, attentionRecheckAt(evidence, now, source.thresholds, role));
    if (offsetSensitive(evidence)) {
      const context = lock.view.context;
      let s = this.sensitive.get(context);
      if (s === undefined) this.sensitive.set(context, (s = { offset: source.clockOffset(context), keys: new Set() }));
      s.keys.add(key);
    } else {
      this.sensitive.get(lock.view.context)?.keys.delete(key);
    }
    const before = this.reasons.get(key);
    if (reason === before) return false;
    if (reason === undefined) this.reasons.delete(key);
    else this.reasons.set(key, reason);
    return true;
  }

  private forget(key: LockKey): boolean {
    this.due.delete(key);
    for (const s of this.sensitive.values()) s.keys.delete(key);
    return this.reasons.delete(key);
  }

  private signature(): string {
    return [...this.reasons].map(([k, r]) => `${k}=${r}`).join('\n');
  }
}
