// What Lease Lens saw happen to each election, kept beyond the store's short rings so that it can
// outlive the window (historyFile.ts writes it, one file per context) and be handed to a
// postmortem (timelineExport.ts): holder changes with the record's times, renew intervals, when
// it flapped, when its clock was skewed, and the releases and takeovers done from Lease Lens and
// by whom. Everything is bounded — a ring per lock for each series, a cap on locks per context
// that drops the least recently active first — however long VS Code stays open.
//
// Fed from the store's change batches (the elections whose record changed), never per watch
// event; node heartbeats and API server identities are not kept (they are not elections, and
// 65,000 of them would be megabytes per write).

import type { ClockSkew } from './lockHealth';
import type { HolderChange, RenewInterval } from './lockHistory';
import { parseLockKey } from './lockKey';
import type { LockKey } from './lockView';

export const JOURNAL_LIMITS = {
  /** Holder changes per lock. */
  changes: 64,
  /** Renew intervals per lock (about 4 minutes of a 2 s retry period, 20 of a 10 s one). */
  intervals: 128,
  writes: 32,
  skews: 16,
  flaps: 16,
  /** Locks per context: the least recently active are dropped first. */
  locks: 200,
} as const;

/** A holder change as kept: from the watch or from an Event. */
export interface JournalChange {
  readonly at: number;
  readonly holder: string;
  readonly previousHolder?: string;
  readonly source: 'observed' | 'event';
  /** acquireTime in the record the change wrote (the holder's clock). */
  readonly recordTime?: number;
  readonly transitions?: number;
}

export interface JournalInterval {
  /** Our clock at the renewal. */
  readonly at: number;
  readonly ms: number;
}

export type WriteAction = 'release' | 'takeOver';

/** A release or takeover done from Lease Lens, and who did it. */
export interface JournalWrite {
  readonly at: number;
  readonly action: WriteAction;
  /** The user as the API server knows them (SelfSubjectReview), else null. */
  readonly user: string | null;
  /** How `user` was learnt, or why it is not known. */
  readonly userSource: string;
  /** The holder before ('' vacant, null unreadable). */
  readonly before: string | null;
  /** The holder written ('' for a release). */
  readonly after: string;
  /** The resourceVersion the write was checked against. */
  readonly resourceVersion: string;
  /** The resourceVersion the API server gave the written object, when it answered. */
  readonly writtenResourceVersion: string | null;
  readonly outcome: 'written' | 'conflict' | 'failed' | 'partial';
  /** Why it failed, in a sentence. */
  readonly detail?: string;
}

/** A time the holder's clock was seen off from ours. */
export interface JournalSkew {
  readonly from: number;
  readonly to: number;
  readonly kind: ClockSkew['kind'];
  /** The largest offset seen in the period (holder's clock minus ours). */
  readonly skewMs: number;
}

/** A time the election flapped. */
export interface JournalFlap {
  readonly from: number;
  readonly to: number;
  /** The most leaders seen in the flapping window during it. */
  readonly leaders: number;
}

export interface JournalEntry {
  readonly key: LockKey;
  readonly leaseDurationMs: number | null;
  /** When the journal last heard of the lock (our clock). */
  readonly lastActivity: number;
  readonly changes: readonly JournalChange[];
  readonly intervals: readonly JournalInterval[];
  readonly writes: readonly JournalWrite[];
  readonly skews: readonly JournalSkew[];
  readonly flaps: readonly JournalFlap[];
}

/** One election as the store shows it now, for the journal to take what is new. */
export interface JournalObservation {
  readonly key: LockKey;
  readonly leaseDurationMs: number | null;
  /** The store's history of holder changes (firstSeen entries are ignored). */
  readonly changes: readonly HolderChange[];
  /** renewIntervals() of the store's history. */
  readonly intervals: readonly RenewInterval[];
  readonly skew: ClockSkew | undefined;
  readonly flapping: { readonly leaders: number } | undefined;
}

/** How much a change to the journal matters, for how soon it is written. */
export type JournalChangeWeight = 'none' | 'minor' | 'major';

/** A skew or flap period goes on while seen again within this long. */
const PERIOD_GAP_MS = 60_000;

interface MutableEntry {
  key: LockKey;
  leaseDurationMs: number | null;
  lastActivity: number;
  changes: JournalChange[];
  intervals: JournalInterval[];
  writes: JournalWrite[];
  skews: JournalSkew[];
  flaps: JournalFlap[];
}

export class LockJournal {
  private readonly byContext = new Map<string, Map<LockKey, MutableEntry>>();
  private readonly dirty = new Set<string>();

  /**
   * Takes what is new in an election's store history. Returns what was kept: `major` for what a
   * timeline must not lose (a holder change, a skew or flapping period begun, a new lease
   * duration), `minor` for what only adds detail (renew intervals, a period going on), or `none`.
   */
  observe(o: JournalObservation, now: number): JournalChangeWeight {
    const e = this.entryFor(o.key, now);
    if (e === undefined) return 'none';
    let major = false;
    let minor = false;
    if (o.leaseDurationMs !== e.leaseDurationMs) {
      e.leaseDurationMs = o.leaseDurationMs;
      major = true;
    }
    let added = false;
    for (const c of o.changes) {
      if (c.source === 'firstSeen') continue;
      const kept = journalChange(c);
      if (e.changes.some((k) => sameJournalChange(k, kept))) continue;
      e.changes.push(kept);
      added = true;
    }
    if (added) {
      e.changes.sort((a, b) => a.at - b.at);
      bound(e.changes, JOURNAL_LIMITS.changes);
      major = true;
    }
    const lastInterval = e.intervals[e.intervals.length - 1]?.at ?? -Infinity;
    for (const i of o.intervals) {
      if (i.at <= lastInterval) continue;
      e.intervals.push({ at: i.at, ms: i.intervalMs });
      minor = true;
    }
    bound(e.intervals, JOURNAL_LIMITS.intervals);
    const skew = o.skew;
    if (skew !== undefined) {
      const begun = extendPeriod(
        e.skews,
        (last) =>
          last.kind === skew.kind && now - last.to <= PERIOD_GAP_MS
            ? { ...last, to: now, skewMs: Math.abs(skew.skewMs) > Math.abs(last.skewMs) ? skew.skewMs : last.skewMs }
            : undefined,
        { from: now, to: now, kind: skew.kind, skewMs: skew.skewMs },
        JOURNAL_LIMITS.skews,
      );
      if (begun) major = true;
      else minor = true;
    }
    const flap = o.flapping;
    if (flap !== undefined) {
      const begun = extendPeriod(
        e.flaps,
        (last) =>
          now - last.to <= PERIOD_GAP_MS
            ? { ...last, to: now, leaders: Math.max(last.leaders, flap.leaders) }
            : undefined,
        { from: now, to: now, leaders: flap.leaders },
        JOURNAL_LIMITS.flaps,
      );
      if (begun) major = true;
      else minor = true;
    }
    e.lastActivity = now;
    if (major || minor) this.markKeyDirty(o.key);
    return major ? 'major' : minor ? 'minor' : 'none';
  }

  /** A release or takeover done from Lease Lens. */
  recordWrite(key: LockKey, write: JournalWrite): void {
    const e = this.entryFor(key, write.at);
    if (e === undefined) return;
    e.writes.push(write);
    bound(e.writes, JOURNAL_LIMITS.writes);
    e.lastActivity = Math.max(e.lastActivity, write.at);
    this.markKeyDirty(key);
  }

  entry(key: LockKey): JournalEntry | undefined {
    const context = parseLockKey(key)?.context;
    return context === undefined ? undefined : this.byContext.get(context)?.get(key);
  }

  /** Every entry of a context, most recently active first (what its file holds). */
  entries(context: string): JournalEntry[] {
    return [...(this.byContext.get(context)?.values() ?? [])].sort((a, b) => b.lastActivity - a.lastActivity);
  }

  /** Holder changes by lock, for the store's histories (LockStore.restoreHistory). */
  changesOf(context: string): Map<LockKey, HolderChange[]> {
    const out = new Map<LockKey, HolderChange[]>();
    for (const e of this.byContext.get(context)?.values() ?? []) {
      out.set(
        e.key,
        e.changes.map((c) => ({
          at: c.at,
          holder: c.holder,
          previousHolder: c.previousHolder,
          source: c.source,
          ...(c.recordTime === undefined ? {} : { recordTime: c.recordTime }),
          ...(c.transitions === undefined ? {} : { transitions: c.transitions }),
        })),
      );
    }
    return out;
  }

  /**
   * Adds entries kept by an earlier session (read from its file). What this session already has
   * of the same lock wins where both have the same item; the bounds hold afterwards.
   */
  restore(context: string, entries: readonly JournalEntry[]): void {
    for (const r of entries) {
      if (parseLockKey(r.key)?.context !== context) continue;
      const e = this.entryFor(r.key, r.lastActivity);
      if (e === undefined) continue;
      e.leaseDurationMs ??= r.leaseDurationMs;
      e.lastActivity = Math.max(e.lastActivity, r.lastActivity);
      mergeSorted(e.changes, r.changes, changeIdentity, JOURNAL_LIMITS.changes, (c) => c.at);
      mergeSorted(
        e.intervals,
        r.intervals,
        (i) => i.at,
        JOURNAL_LIMITS.intervals,
        (i) => i.at,
      );
      mergeSorted(
        e.writes,
        r.writes,
        (w) => `${w.at}/${w.action}`,
        JOURNAL_LIMITS.writes,
        (w) => w.at,
      );
      // A period goes on in one window while the other kept it shorter: the longer one stays.
      mergeSorted(
        e.skews,
        r.skews,
        (x) => x.from,
        JOURNAL_LIMITS.skews,
        (x) => x.from,
        longer,
      );
      mergeSorted(
        e.flaps,
        r.flaps,
        (x) => x.from,
        JOURNAL_LIMITS.flaps,
        (x) => x.from,
        longer,
      );
    }
    this.enforceCap(context);
  }

  /** Contexts with something not yet written, forgotten once taken. */
  takeDirty(): string[] {
    const out = [...this.dirty];
    this.dirty.clear();
    return out;
  }

  get hasDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Marks a context as still to be written (a save that had to wait). */
  markDirty(context: string): void {
    this.dirty.add(context);
  }

  private markKeyDirty(key: LockKey): void {
    const context = parseLockKey(key)?.context;
    if (context !== undefined) this.dirty.add(context);
  }

  private entryFor(key: LockKey, now: number): MutableEntry | undefined {
    const context = parseLockKey(key)?.context;
    if (context === undefined) return undefined;
    let locks = this.byContext.get(context);
    if (locks === undefined) this.byContext.set(context, (locks = new Map()));
    let e = locks.get(key);
    if (e === undefined) {
      e = {
        key,
        leaseDurationMs: null,
        lastActivity: now,
        changes: [],
        intervals: [],
        writes: [],
        skews: [],
        flaps: [],
      };
      locks.set(key, e);
      this.enforceCap(context, e);
    }
    return e;
  }

  /** Drops the least recently active locks beyond the cap (never `keep`, the one just added). */
  private enforceCap(context: string, keep?: MutableEntry): void {
    const locks = this.byContext.get(context);
    if (locks === undefined || locks.size <= JOURNAL_LIMITS.locks) return;
    const order = [...locks.values()].filter((e) => e !== keep).sort((a, b) => a.lastActivity - b.lastActivity);
    for (const e of order.slice(0, locks.size - JOURNAL_LIMITS.locks)) locks.delete(e.key);
    this.dirty.add(context);
  }
}

function journalChange(c: HolderChange): JournalChange {
  return {
    at: c.at,
    holder: c.holder,
    ...(c.previousHolder === undefined ? {} : { previousHolder: c.previousHolder }),
    source: c.source === 'event' ? 'event' : 'observed',
    ...(c.recordTime === undefined ? {} : { recordTime: c.recordTime }),
    ...(c.transitions === undefined ? {} : { transitions: c.transitions }),
  };
}

function sameJournalChange(a: JournalChange, b: JournalChange): boolean {
  return changeIdentity(a) === changeIdentity(b);
}

function changeIdentity(c: JournalChange): string {
  return `${c.at}\u0000${c.source}\u0000${c.holder}`;
}

function longer<T extends { readonly to: number }>(a: T, b: T): T {
  return b.to > a.to ? b : a;
}

/** Drops the oldest items beyond `limit` (the array is oldest first). */
function bound<T>(items: T[], limit: number): void {
  if (items.length > limit) items.splice(0, items.length - limit);
}

/** Extends the last period when `extend` says how; otherwise starts `fresh`. Returns whether one began. */
function extendPeriod<T>(periods: T[], extend: (last: T) => T | undefined, fresh: T, limit: number): boolean {
  const last = periods[periods.length - 1];
  const extended = last === undefined ? undefined : extend(last);
  if (extended !== undefined) periods[periods.length - 1] = extended;
  else periods.push(fresh);
  bound(periods, limit);
  return extended === undefined;
}

/**
 * Adds `more` to `items` (both oldest first by `time`), one item per identity (`pick` chooses
 * between two with the same; the one already there by default), keeping the newest `limit`.
 */
function mergeSorted<T>(
  items: T[],
  more: readonly T[],
  identity: (item: T) => string | number,
  limit: number,
  time: (item: T) => number,
  pick: (kept: T, other: T) => T = (kept) => kept,
): void {
  const at = new Map<string | number, number>();
  items.forEach((item, i) => at.set(identity(item), i));
  for (const m of more) {
    const i = at.get(identity(m));
    if (i === undefined) {
      at.set(identity(m), items.length);
      items.push(m);
    } else {
      items[i] = pick(items[i]!, m);
    }
  }
  items.sort((a, b) => time(a) - time(b));
  bound(items, limit);
}
