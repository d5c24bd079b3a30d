// What we have seen a lock do: when its holder renewed and when the holder changed. Times are our
// clock (when we saw it), except for changes seeded from Events, which carry the clock of the
// component that recorded them. Both series are bounded; the views derive everything else.

import type { LeaderEvent } from './leaderEvents';
import { RingBuffer } from './ringBuffer';

/** `firstSeen`: the holder when we started watching, not a change we saw happen. */
export type ChangeSource = 'observed' | 'event' | 'firstSeen';

export interface HolderChange {
  readonly at: number;
  /** `''` when the lock became vacant. */
  readonly holder: string;
  readonly previousHolder: string | undefined;
  readonly source: ChangeSource;
  /** The record's acquireTime as this change wrote it (the holder's clock), when read. */
  readonly recordTime?: number;
  /** The record's leaderTransitions as this change wrote it, when read. */
  readonly transitions?: number;
}

/** What the record said at a change: its acquireTime (the holder's clock) and transitions. */
export interface ChangeRecord {
  readonly acquireTime?: number | undefined;
  readonly transitions?: number | undefined;
}

export interface HistoryOptions {
  /** Renewals kept per lock. Default 64 (about two minutes of a 2 s retry period). */
  readonly renewCapacity?: number;
  /** Holder changes kept per lock. Default 32. */
  readonly changeCapacity?: number;
}

export const DEFAULT_RENEW_CAPACITY = 64;
export const DEFAULT_CHANGE_CAPACITY = 32;

/** An Event and an observation of the same change are rarely more than this far apart. */
const SAME_CHANGE_WINDOW_MS = 5000;

export interface ReadonlyLockHistory {
  /** Our clock at each renewal we saw, oldest first. */
  renewals(): readonly number[];
  /** Holder changes, oldest first. */
  changes(): readonly HolderChange[];
  /** Whether older renewals have been dropped to keep the bound. */
  readonly renewalsTruncated: boolean;
}

export class LockHistory implements ReadonlyLockHistory {
  // Created on first use: most of ten thousand locks are never looked at closely.
  private renewalTimes: RingBuffer<number> | undefined;
  private readonly changeLog: RingBuffer<HolderChange>;
  private readonly renewCapacity: number;
  private truncated = false;

  constructor(options: HistoryOptions = {}) {
    this.renewCapacity = options.renewCapacity ?? DEFAULT_RENEW_CAPACITY;
    if (!Number.isInteger(this.renewCapacity) || this.renewCapacity < 1)
      throw new RangeError(`renewCapacity must be a positive integer, got ${this.renewCapacity}`);
    this.changeLog = new RingBuffer(options.changeCapacity ?? DEFAULT_CHANGE_CAPACITY);
  }

  get renewalsTruncated(): boolean {
    return this.truncated;
  }

  renewals(): readonly number[] {
    return this.renewalTimes?.toArray() ?? [];
  }

  changes(): readonly HolderChange[] {
    return this.changeLog.toArray();
  }

  /** How many changes are kept (without copying them out). */
  get changeCount(): number {
    return this.changeLog.size;
  }

  /** The lock as we first saw it. */
  firstSeen(at: number, holder: string | undefined, record: ChangeRecord = {}): void {
    this.changeLog.push({
      at,
      holder: holder ?? '',
      previousHolder: undefined,
      source: 'firstSeen',
      ...recorded(record),
    });
  }

  /** The same holder wrote a new record. */
  renewed(at: number): void {
    this.renewalTimes ??= new RingBuffer(this.renewCapacity);
    if (this.renewalTimes.size === this.renewalTimes.capacity) this.truncated = true;
    this.renewalTimes.push(at);
  }

  holderChanged(
    at: number,
    holder: string | undefined,
    previousHolder: string | undefined,
    record: ChangeRecord = {},
  ): void {
    this.changeLog.push({
      at,
      holder: holder ?? '',
      previousHolder: previousHolder ?? '',
      source: 'observed',
      ...recorded(record),
    });
  }

  /**
   * Adds leader changes from Events, in time order with what we observed. An event that repeats
   * a change already known (seen by the watch, or seeded before) is skipped. Returns how many
   * were added.
   */
  seed(events: readonly LeaderEvent[]): number {
    return this.merge(leaderEventChanges(events));
  }

  /**
   * Adds changes known from elsewhere — Events, or what an earlier session observed and kept
   * (lockJournal.ts) — in time order with the rest, skipping those already known. Returns how
   * many were added.
   */
  merge(changes: readonly HolderChange[]): number {
    const existing = this.changeLog.toArray();
    const added: HolderChange[] = [];
    for (const change of changes) {
      if (change.source === 'firstSeen') continue;
      if ([...existing, ...added].some((c) => sameChange(c, change))) continue;
      added.push(change);
    }
    if (added.length === 0) return 0;
    const merged = [...existing, ...added].sort((a, b) => a.at - b.at);
    // A "became leader" event does not name who led before; the entry before it does.
    let lastHolder: string | undefined;
    const filled = merged.map((c) => {
      const out =
        c.source === 'event' && c.previousHolder === undefined && lastHolder !== undefined
          ? { ...c, previousHolder: lastHolder }
          : c;
      if (c.holder !== '') lastHolder = c.holder;
      return out;
    });
    this.changeLog.reset(filled);
    return added.length;
  }
}

/** LeaderElection Events as changes ("stopped leading" becomes a change to nobody). */
export function leaderEventChanges(events: readonly LeaderEvent[]): HolderChange[] {
  const out: HolderChange[] = [];
  for (const e of events) {
    if (e.at === undefined) continue;
    out.push(
      e.transition === 'became'
        ? { at: e.at, holder: e.identity, previousHolder: undefined, source: 'event' }
        : { at: e.at, holder: '', previousHolder: e.identity, source: 'event' },
    );
  }
  return out;
}

function recorded(record: ChangeRecord): { recordTime?: number; transitions?: number } {
  return {
    ...(record.acquireTime === undefined ? {} : { recordTime: record.acquireTime }),
    ...(record.transitions === undefined ? {} : { transitions: record.transitions }),
  };
}

function sameChange(a: HolderChange, b: HolderChange): boolean {
  if (a.source === 'firstSeen' || a.holder !== b.holder) return false;
  if (b.holder === '' && a.previousHolder !== undefined && a.previousHolder !== b.previousHolder) return false;
  return Math.abs(a.at - b.at) <= SAME_CHANGE_WINDOW_MS;
}

/** One holder's uninterrupted tenure. */
export interface LeadershipSegment {
  readonly holder: string;
  readonly from: number;
  /** Undefined while it lasts. */
  readonly to: number | undefined;
  /** False when it began before we started watching and no Event told us when. */
  readonly startKnown: boolean;
}

export function leadershipSegments(history: ReadonlyLockHistory): LeadershipSegment[] {
  const out: LeadershipSegment[] = [];
  let current: { holder: string; from: number; startKnown: boolean } | undefined;
  const close = (at: number): void => {
    if (current !== undefined) out.push({ ...current, to: at });
    current = undefined;
  };
  for (const c of history.changes()) {
    if (c.holder !== '') {
      if (current?.holder === c.holder) continue;
      close(c.at);
      current = { holder: c.holder, from: c.at, startKnown: c.source !== 'firstSeen' };
    } else {
      // "A stopped leading" can be recorded after "B became leader": it does not end B's tenure.
      if (
        current !== undefined &&
        c.previousHolder !== undefined &&
        c.previousHolder !== '' &&
        c.previousHolder !== current.holder
      )
        continue;
      close(c.at);
    }
  }
  if (current !== undefined) out.push({ ...current, to: undefined });
  return out;
}

/**
 * Changes that moved leadership to a different holder. A release followed by the same holder
 * taking the lock back is not one; the holder we found when we started watching is not one.
 */
export function leadershipChanges(history: ReadonlyLockHistory): HolderChange[] {
  const out: HolderChange[] = [];
  let lastHolder: string | undefined;
  for (const c of history.changes()) {
    if (c.holder === '') continue;
    if (c.source !== 'firstSeen' && c.holder !== lastHolder) out.push(c);
    lastHolder = c.holder;
  }
  return out;
}

/** A renewal we saw, and how long after the holder's previous renewal (or acquisition) it came. */
export interface RenewInterval {
  readonly at: number;
  readonly intervalMs: number;
}

/**
 * Intervals between consecutive renewals of one holder; its acquisition, when we saw it, counts
 * as the first. A holder change starts over, so no interval spans two holders.
 */
export function renewIntervals(history: ReadonlyLockHistory): RenewInterval[] {
  const renewals = history.renewals();
  const changes = history.changes();
  const out: RenewInterval[] = [];
  let j = 0;
  // Once renewals have been dropped, an acquisition before the oldest kept one is not its start.
  const first = renewals[0];
  if (history.renewalsTruncated && first !== undefined) {
    while (j < changes.length && (changes[j]?.at ?? Infinity) <= first) j++;
  }
  let lastBeat: number | undefined;
  for (const r of renewals) {
    for (let c = changes[j]; c !== undefined && c.at <= r; c = changes[++j]) {
      // Only a change we saw happen is on our clock and marks when the tenure began.
      lastBeat = c.source === 'observed' && c.holder !== '' ? c.at : undefined;
    }
    if (lastBeat !== undefined) out.push({ at: r, intervalMs: r - lastBeat });
    lastBeat = r;
  }
  return out;
}

/** One hour. */
export const DEFAULT_RATE_WINDOW_MS = 60 * 60 * 1000;

/**
 * Leadership changes per hour over the last `windowMs`. When history is shorter than the window
 * the rate is over what we know (at least a minute, so one change just now is not 3600/h).
 */
export function transitionsPerHour(
  history: ReadonlyLockHistory,
  now: number,
  windowMs: number = DEFAULT_RATE_WINDOW_MS,
): number {
  const since = now - windowMs;
  const count = leadershipChanges(history).filter((c) => c.at > since && c.at <= now).length;
  const earliest = history.changes()[0]?.at ?? now;
  const span = Math.max(60_000, Math.min(windowMs, now - earliest));
  return (count * 3_600_000) / span;
}

export interface FlappingOptions {
  /** Default ten minutes. */
  readonly windowMs?: number;
  /** More leadership changes than this in the window is flapping. Default 3. */
  readonly maxChanges?: number;
}

/**
 * Healthy elections change leaders on upgrades and failures only: a few times a day. Several
 * changes within minutes mean holders keep losing the lock (overloaded API server, too short a
 * lease for the API latency, or a crash loop).
 */
export function isFlapping(history: ReadonlyLockHistory, now: number, options: FlappingOptions = {}): boolean {
  return flapping(history, now, options) !== undefined;
}

/**
 * When the election flaps: how many leaders took the lock within the window (what a row says), and
 * until when it flaps if no other leader takes it (the oldest change that keeps it over the
 * threshold leaves the window then).
 */
export function flapping(
  history: ReadonlyLockHistory,
  now: number,
  options: FlappingOptions = {},
): { readonly leaders: number; readonly windowMs: number; readonly until: number } | undefined {
  const windowMs = options.windowMs ?? DEFAULT_FLAPPING_WINDOW_MS;
  const maxChanges = options.maxChanges ?? 3;
  // Leadership changes are some of the kept changes: too few kept, no flapping (every node
  // heartbeat, every snapshot, without copying its history out).
  if (history instanceof LockHistory && history.changeCount <= maxChanges) return undefined;
  const since = now - windowMs;
  const inWindow = leadershipChanges(history).filter((c) => c.at > since && c.at <= now);
  const leaders = inWindow.length;
  if (leaders <= maxChanges) return undefined;
  // Flapping while more than maxChanges remain: until the (leaders − maxChanges)-th oldest leaves.
  const until = inWindow[leaders - maxChanges - 1]!.at + windowMs;
  return { leaders, windowMs, until };
}

export const DEFAULT_FLAPPING_WINDOW_MS = 10 * 60 * 1000;
