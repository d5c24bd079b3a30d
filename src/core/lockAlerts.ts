// What happened to a watched lock, worth telling the operator about: its leader changed, it
// started flapping, it stopped (expired while held, or probably stopped), it recovered. Detected
// from what the views already show — the holder and the attention verdict (lockAttention.ts) —
// observed on every change batch and every tick, so the alerts say what the tree says.
//
// A failover is one event, not two. When a leader dies, our takeover clock runs out a little
// before a standby acquires (a standby counts the lease from when *it* saw the last renewal, and
// polls with jitter: up to 2.2 retry periods twice over, about 0.6 of a lease with client-go's
// defaults). So a stop waits out a grace period before it is told; a new leader within it turns
// the stop into the leader change ("… took over: … stopped renewing"), and a renewal within it
// cancels it. A flapping election is told once when it starts flapping; its leader changes are
// folded into that until it recovers. What a lock is like when first seen is not news.

import type { AttentionReason } from './lockAttention';
import type { LockKey } from './lockView';

export type LockAlertKind = 'leaderChanged' | 'flapping' | 'stopped' | 'recovered';
export type ContextAlertKind = 'disconnected' | 'reconnected';
export type AlertKind = LockAlertKind | ContextAlertKind;

/** The kinds the operator chooses between (leaseLens.alerts): context alerts follow stopped / recovered. */
export const LOCK_ALERT_KINDS: readonly LockAlertKind[] = ['leaderChanged', 'flapping', 'stopped', 'recovered'];

export function alertSetting(kind: AlertKind): LockAlertKind {
  return kind === 'disconnected' ? 'stopped' : kind === 'reconnected' ? 'recovered' : kind;
}

export interface LockAlert {
  readonly kind: LockAlertKind;
  readonly key: LockKey;
  readonly context: string;
  /** When it was detected (our clock). */
  readonly at: number;
  /** The holder now (the new one, for a leader change); undefined when vacant or unreadable. */
  readonly holder: string | undefined;
  /** leaderChanged: who led before. */
  readonly previousHolder?: string;
  /** leaderChanged: the previous holder had stopped renewing this long before (a failover). */
  readonly afterStopMs?: number;
  /** leaderChanged while flapping: folded into the flapping alert, not told on its own. */
  readonly duringFlapping?: boolean;
  /** stopped: which verdict. */
  readonly stopped?: 'expired' | 'probablyStopped';
  /** stopped: since when (our clock), the grace period having passed. */
  readonly since?: number;
  /** flapping: leaders in the flapping window. */
  readonly leaders?: number;
  /** recovered: from what. */
  readonly recoveredFrom?: 'stopped' | 'flapping';
}

export interface ContextAlert {
  readonly kind: ContextAlertKind;
  readonly context: string;
  readonly at: number;
  /** Watched locks in the context. */
  readonly watched: number;
  /** disconnected: why. */
  readonly reason?: string;
}

export type AlertEvent = LockAlert | ContextAlert;

export function isLockAlert(e: AlertEvent): e is LockAlert {
  return 'key' in e;
}

/** One watched lock as the views show it now. */
export interface AlertObservation {
  readonly key: LockKey;
  readonly context: string;
  /** The holder identity; '' when vacant; null when it cannot be read (or no record). */
  readonly holder: string | null;
  /** lockAttention's answer. */
  readonly attention: AttentionReason | undefined;
  /** Seen renewing within its lease (the healthy look). */
  readonly renewing: boolean;
  /** The context is disconnected: nothing is known now. */
  readonly stale: boolean;
  readonly leaseDurationMs: number | null;
  /** Leaders in the flapping window, when flapping. */
  readonly leaders?: number;
}

/** How long a stop waits for a standby before it is told: 0.6 of the lease, within 5 s … 30 s. */
export function stopGraceMs(leaseDurationMs: number | null): number {
  return Math.min(30_000, Math.max(5_000, Math.round(0.6 * (leaseDurationMs ?? 0))));
}

type Condition = 'ok' | 'stopped' | 'flapping';

interface Tracked {
  /** The last non-empty holder seen. */
  holder: string | undefined;
  condition: Condition;
  /** What the operator was last told that a recovery would answer. */
  told: 'stopped' | 'flapping' | undefined;
  /** A stop waiting out its grace period. */
  pendingStop:
    { readonly since: number; readonly due: number; readonly verdict: 'expired' | 'probablyStopped' } | undefined;
  /** When the last stop began (kept after it was told, for the leader change that ends it). */
  stoppedSince: number | undefined;
  context: string;
}

export class WatchedLockTracker {
  private readonly tracked = new Map<LockKey, Tracked>();
  private readonly contexts = new Map<string, boolean>();

  /** Forgets a lock (unwatched, deleted). */
  forget(key: LockKey): void {
    this.tracked.delete(key);
  }

  /** Forgets everything (a new monitor: a new session of observations). */
  clear(): void {
    this.tracked.clear();
    this.contexts.clear();
  }

  has(key: LockKey): boolean {
    return this.tracked.has(key);
  }

  /** The lock as it is now; returns what that tells. */
  observe(o: AlertObservation, now: number): LockAlert[] {
    if (o.stale) return [];
    const condition: Condition =
      o.attention === 'expired' || o.attention === 'probablyStopped'
        ? 'stopped'
        : o.attention === 'flapping'
          ? 'flapping'
          : 'ok';
    const holder = o.holder === null || o.holder === '' ? undefined : o.holder;
    const t = this.tracked.get(o.key);
    if (t === undefined) {
      // What it is like when first seen is not news (the attention item shows it).
      this.tracked.set(o.key, {
        holder,
        condition,
        told: undefined,
        pendingStop: undefined,
        stoppedSince: condition === 'stopped' ? now : undefined,
        context: o.context,
      });
      return [];
    }
    const out: LockAlert[] = [];
    const base = { key: o.key, context: o.context, at: now, holder };

    // 1. A new holder (a release followed by the same holder taking it back is not a change).
    if (holder !== undefined && t.holder !== undefined && holder !== t.holder) {
      const stopSince = t.pendingStop?.since ?? (t.told === 'stopped' ? t.stoppedSince : undefined);
      out.push({
        ...base,
        kind: 'leaderChanged',
        previousHolder: t.holder,
        ...(stopSince === undefined ? {} : { afterStopMs: now - stopSince }),
        ...(condition === 'flapping' || t.condition === 'flapping' ? { duringFlapping: true } : {}),
      });
      t.pendingStop = undefined;
      t.stoppedSince = undefined;
      // A stop told earlier is answered by the new leader.
      if (t.told === 'stopped') t.told = undefined;
    }
    if (holder !== undefined) t.holder = holder;

    // 2. The verdict moved.
    if (condition === 'stopped' && t.condition !== 'stopped') {
      const verdict = o.attention === 'probablyStopped' ? 'probablyStopped' : 'expired';
      t.pendingStop = { since: now, due: now + stopGraceMs(o.leaseDurationMs), verdict };
      t.stoppedSince = now;
    } else if (condition !== 'stopped') {
      // Renewing again, or a new leader, within the grace period: nothing to tell.
      t.pendingStop = undefined;
    }
    if (condition === 'flapping' && t.condition !== 'flapping' && t.told !== 'flapping') {
      out.push({ ...base, kind: 'flapping', ...(o.leaders === undefined ? {} : { leaders: o.leaders }) });
      t.told = 'flapping';
    }
    if (condition === 'ok' && o.renewing && t.told !== undefined) {
      out.push({ ...base, kind: 'recovered', recoveredFrom: t.told });
      t.told = undefined;
      t.stoppedSince = undefined;
    }
    t.condition = condition;
    t.context = o.context;
    return out;
  }

  /** The passing of time: stops whose grace period is over are told. */
  tick(now: number): LockAlert[] {
    const out: LockAlert[] = [];
    for (const [key, t] of this.tracked) {
      const p = t.pendingStop;
      if (p === undefined || p.due > now) continue;
      t.pendingStop = undefined;
      t.told = 'stopped';
      out.push({
        kind: 'stopped',
        key,
        context: t.context,
        at: now,
        holder: t.holder,
        stopped: p.verdict,
        since: p.since,
      });
    }
    return out;
  }

  /** When the next stop falls due (for a timer), if any waits. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const t of this.tracked.values()) {
      const due = t.pendingStop?.due;
      if (due !== undefined && (next === undefined || due < next)) next = due;
    }
    return next;
  }

  /**
   * A context with `watched` watched locks is (dis)connected. One alert for the whole context
   * rather than one per lock; none for the first report.
   */
  connection(context: string, stale: boolean, watched: number, now: number, reason?: string): ContextAlert[] {
    const before = this.contexts.get(context);
    this.contexts.set(context, stale);
    if (before === undefined || before === stale || watched === 0) return [];
    // Stops waiting for their grace period are moot: nothing is known until it is back.
    if (stale) for (const t of this.tracked.values()) if (t.context === context) t.pendingStop = undefined;
    return [
      stale
        ? { kind: 'disconnected', context, at: now, watched, ...(reason === undefined ? {} : { reason }) }
        : { kind: 'reconnected', context, at: now, watched },
    ];
  }
}
