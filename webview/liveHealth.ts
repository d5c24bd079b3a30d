// What the overview shows between two host messages, computed from the row and the host's clock.
// The host's health is authoritative and arrives with every change; between changes only time
// passes, and a lock that was fresh at the last message may be expiring or expired now. This mirrors
// src/core/lockHealth.ts for exactly that: valid while observedTime + leaseDuration > now, expiring
// past half the duration (its default). Pure: no DOM.

import type { HealthState, LockRow } from '../src/protocol';

/** src/core lockHealth's DEFAULT_EXPIRING_SHARE. */
export const EXPIRING_SHARE = 0.5;

/** Share of the lease duration gone since we observed the last change (1 and more: expired). */
export function observedShare(row: LockRow, now: number): number | undefined {
  if (row.observedTime === null || row.leaseDurationSeconds === null) return undefined;
  const durationMs = row.leaseDurationSeconds * 1000;
  return durationMs > 0 ? Math.max(0, (now - row.observedTime) / durationMs) : 1;
}

/** The host's health moved on by the clock: fresh → expiring → expired, nothing else changes. */
export function liveHealth(row: LockRow, now: number): HealthState {
  if (row.health !== 'fresh' && row.health !== 'expiring' && row.health !== 'expired') return row.health;
  const share = observedShare(row, now);
  if (share === undefined) return row.health;
  if (share >= 1) return 'expired';
  return share >= EXPIRING_SHARE ? 'expiring' : 'fresh';
}

/** Observation age: what freshness is judged by. */
export function observedAgeMs(row: LockRow, now: number): number | undefined {
  return row.observedTime === null ? undefined : now - row.observedTime;
}

/** Renew age by the record: the holder's clock, an estimate (negative when its clock is ahead). */
export function recordAgeMs(row: LockRow, now: number): number | undefined {
  return row.renewTime === null ? undefined : now - row.renewTime;
}
