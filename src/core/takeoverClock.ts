// client-go's takeover rule, in one place for the host and the dashboard: a candidate treats a
// lock as valid while observedTime + leaseDuration > now, observedTime being its own clock when
// it last saw the record change (or first saw it). This answers "when may a candidate take over",
// never "is the holder alive" (lockLiveness.ts answers that).

export type TakeoverStatus = 'fresh' | 'expiring' | 'expired';

export interface TakeoverClock {
  readonly status: TakeoverStatus;
  readonly leaseDurationMs: number;
  /** When candidates may take over, on our clock. */
  readonly expiresAt: number;
  /** Share of the lease gone since observedTime (1 and more: expired). */
  readonly consumedShare: number;
  /** When the status next changes by the passing of time alone. */
  readonly nextChangeAt: number | undefined;
}

/** client-go reads a missing duration as 0 s: held, but takeable at once. */
export function takeoverClock(
  observedTime: number,
  leaseDurationMs: number,
  now: number,
  expiringShare: number,
): TakeoverClock {
  const expiresAt = observedTime + leaseDurationMs;
  const expiringAt = observedTime + leaseDurationMs * expiringShare;
  const consumedShare = leaseDurationMs > 0 ? (now - observedTime) / leaseDurationMs : 1;
  // Valid while expiresAt > now, exactly as client-go.
  if (now >= expiresAt)
    return { status: 'expired', leaseDurationMs, expiresAt, consumedShare, nextChangeAt: undefined };
  if (now >= expiringAt)
    return { status: 'expiring', leaseDurationMs, expiresAt, consumedShare, nextChangeAt: expiresAt };
  return { status: 'fresh', leaseDurationMs, expiresAt, consumedShare, nextChangeAt: expiringAt };
}
