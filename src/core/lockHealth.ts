// Lock health says what a candidate of the election would conclude if it had watched the lock
// exactly as we did. It does not say who is acting as leader: leader election with these locks
// gives no fencing, so a holder whose lease has expired may still be working (client-go gives up
// only after its renew deadline), and two processes may act as leader for a while in a takeover.
//
// Only locally observed time counts. A candidate treats a lock as valid while
//
//	observedTime + leaseDurationSeconds > now
//
// where observedTime is its own clock when it last saw the record change and the duration is the
// one in the record. The record's renewTime and acquireTime were written by the holder's clock;
// they are shown as an estimate (renew age by the record) and compared with what we observed to
// flag clock skew, but they never decide freshness. This is what makes the protocol tolerant to
// any clock offset between machines (though not to clocks running at different rates).
//
// Consequences the views must respect:
//   - A lock first seen a moment ago counts as fresh for one lease duration, whatever its
//     renewTime says: a candidate starting now would wait that long too (`confirmed` is false
//     until we have seen the record change). That is the takeover clock, not evidence that the
//     holder is alive: lockLiveness.ts judges that, and views draw the healthy look from it.
//   - While the watch of a context is disconnected, we cannot have seen changes, so health
//     claims nothing: status is `unknown` (reason `stale`) and `lastKnown` keeps what it was.
//   - A record that cannot say who holds the lock or for how long is `unknown` (`malformed`).

import type { LockView } from './lockView';
import { DEFAULT_THRESHOLDS } from './lockLiveness';
import { takeoverClock } from './takeoverClock';

export type HealthStatus = 'vacant' | 'fresh' | 'expiring' | 'expired' | 'unknown';

export type UnknownReason =
  /** The holder or the lease duration cannot be read. */
  | 'malformed'
  /** Held, but we have no observation time (e.g. a lock parsed from YAML, never watched). */
  | 'neverObserved'
  /** A metadata-only Lease: the record was not fetched. */
  | 'noRecord'
  /** The context's watch is disconnected. */
  | 'stale';

export interface ClockSkew {
  /**
   * `renewInFuture`: renewTime is ahead of our clock. `ageMismatch`: we saw the renewal happen,
   * and the renewTime it wrote is far from when we saw it.
   */
  readonly kind: 'renewInFuture' | 'ageMismatch';
  /** How far the holder's clock seems ahead of ours (negative: behind), in milliseconds. */
  readonly skewMs: number;
}

export interface LockHealth {
  readonly status: HealthStatus;
  readonly unknownReason: UnknownReason | undefined;
  /** When stale: the status the lock had by our last observation. */
  readonly lastKnown: Exclude<HealthStatus, 'unknown'> | undefined;
  /** Observation age, `now − observedTime`: freshness as a candidate measures it. */
  readonly observedAgeMs: number | undefined;
  /** Renew age by the record, `now − renewTime`: the holder's clock, an estimate. */
  readonly recordAgeMs: number | undefined;
  readonly leaseDurationMs: number | undefined;
  /** When candidates may take over, on our clock (`observedTime + leaseDuration`). */
  readonly expiresAt: number | undefined;
  /** Share of the lease duration gone, by observation (1 and more: expired). */
  readonly consumedShare: number | undefined;
  /** When the status will next change by the passing of time alone (fresh → expiring → expired). */
  readonly nextChangeAt: number | undefined;
  readonly clockSkew: ClockSkew | undefined;
  /** Whether observedTime is a change we saw, rather than when we first saw the lock. */
  readonly confirmed: boolean;
}

/** What health needs to know about a lock beyond its view: when we saw it change. */
export interface LockObservation {
  readonly view: LockView;
  /** Our clock when we last saw the record change (or first saw the lock); undefined: never. */
  readonly observedTime: number | undefined;
  /** Whether observedTime is a record change we saw (not merely when we first saw the lock). */
  readonly observedChange?: boolean;
  /** Whether that change moved renewTime, so renewTime should be close to observedTime. */
  readonly renewWitnessed?: boolean;
}

export interface HealthOptions {
  /**
   * Share of the lease duration, measured from observedTime, after which a held lock is
   * `expiring`. A healthy client-go holder renews every retry period (2 s of 15 s by default,
   * node heartbeats every 10 s of 40 s), so it rarely gets past a quarter. Default 0.5.
   */
  readonly expiringShare?: number;
  /**
   * How far renewTime may be from our clock before we call it skew, in milliseconds. It must
   * cover watch latency as well as clock offset. Default 5000.
   */
  readonly skewToleranceMs?: number;
  /** The caller's word that the context's watch is disconnected; health then claims nothing. */
  readonly stale?: boolean;
}

/** The same defaults as the liveness verdict's (one place: lockLiveness.ts). */
export const DEFAULT_EXPIRING_SHARE = DEFAULT_THRESHOLDS.expiringShare;
export const DEFAULT_SKEW_TOLERANCE_MS = DEFAULT_THRESHOLDS.skewToleranceMs;

export function lockHealth(observation: LockObservation, now: number, options: HealthOptions = {}): LockHealth {
  const { view, observedTime } = observation;
  const expiringShare = options.expiringShare ?? DEFAULT_EXPIRING_SHARE;
  const tolerance = options.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS;
  const stale = options.stale === true;
  const record = view.record;
  const renewMs = record?.renewTime?.epochMs;
  // One object literal per outcome, always with every field: views read these for 10,000 locks.
  const health = (
    status: HealthStatus,
    unknownReason: UnknownReason | undefined,
    lastKnown: LockHealth['lastKnown'],
    timing?: Timing,
  ): LockHealth => ({
    status,
    unknownReason,
    lastKnown,
    observedAgeMs: observedTime === undefined ? undefined : now - observedTime,
    recordAgeMs: renewMs === undefined ? undefined : now - renewMs,
    leaseDurationMs: timing?.leaseDurationMs,
    expiresAt: timing?.expiresAt,
    consumedShare: timing?.consumedShare,
    nextChangeAt: stale ? undefined : timing?.nextChangeAt,
    clockSkew: clockSkewOf(renewMs, observedTime, observation.renewWitnessed === true, now, tolerance),
    confirmed: observation.observedChange === true,
  });
  const settled = (status: Exclude<HealthStatus, 'unknown'>, timing?: Timing): LockHealth =>
    stale ? health('unknown', 'stale', status, timing) : health(status, undefined, undefined, timing);

  // 1. Who holds it? Without a readable holder nothing else means anything.
  if (record === undefined) return health('unknown', view.problems.length === 0 ? 'noRecord' : 'malformed', undefined);
  if (hasError(view, 'holderIdentity')) return health('unknown', 'malformed', undefined);
  if (view.holder === undefined) return settled('vacant');

  // 2. For how long? client-go reads a missing duration as 0 s: held, but takeable at once.
  if (hasError(view, 'leaseDurationSeconds')) return health('unknown', 'malformed', undefined);
  if (observedTime === undefined) return health('unknown', 'neverObserved', undefined);
  const clock = takeoverClock(observedTime, (record.leaseDurationSeconds ?? 0) * 1000, now, expiringShare);
  return settled(clock.status, clock);
}

interface Timing {
  readonly leaseDurationMs: number;
  readonly expiresAt: number;
  readonly consumedShare: number;
  readonly nextChangeAt: number | undefined;
}

function hasError(view: LockView, field: string): boolean {
  return view.problems.some((p) => p.severity === 'error' && p.field === field);
}

function clockSkewOf(
  renewMs: number | undefined,
  observedTime: number | undefined,
  witnessed: boolean,
  now: number,
  tolerance: number,
): ClockSkew | undefined {
  return clockSkew(
    renewMs,
    witnessed && observedTime !== undefined && renewMs !== undefined ? renewMs - observedTime : undefined,
    now,
    tolerance,
  );
}

/**
 * Clock skew by the record: a renewTime ahead of our clock, or a renewal we saw happen whose
 * renewTime is far from when we saw it (`witnessedOffsetMs`, renewTime − our clock then). The
 * health, the attention count and the export all judge skew with this.
 */
export function clockSkew(
  renewMs: number | undefined,
  witnessedOffsetMs: number | undefined,
  now: number,
  tolerance: number,
): ClockSkew | undefined {
  if (renewMs === undefined) return undefined;
  if (renewMs - now > tolerance) return { kind: 'renewInFuture', skewMs: renewMs - now };
  if (witnessedOffsetMs !== undefined && Math.abs(witnessedOffsetMs) > tolerance)
    return { kind: 'ageMismatch', skewMs: witnessedOffsetMs };
  return undefined;
}
