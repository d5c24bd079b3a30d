// Which alerts become notifications: the ones the operator asked for (leaseLens.alerts), at most one
// per lock per kind per minute, and one summary instead of a flood when several watched locks of
// one context say the same thing at once (the context's API server restarted, a node with all the
// candidates died). What is not shown is still returned, with why, for the output channel: an
// alert is never lost, only not shown twice.

import { alertSetting, isLockAlert, type AlertEvent, type AlertKind, type LockAlertKind } from './lockAlerts';

export type AlertDelivery =
  | { readonly type: 'single'; readonly event: AlertEvent }
  /** Several locks of one context with the same kind of alert, in one notification. */
  | {
      readonly type: 'summary';
      readonly kind: AlertKind;
      readonly context: string;
      readonly events: readonly AlertEvent[];
    };

export type SuppressedWhy =
  /** The operator turned this kind off. */
  | 'disabled'
  /** Told less than a minute ago for this lock (or this context's summary). */
  | 'rateLimited'
  /** A leader change of a flapping election: the flapping alert stands for it. */
  | 'folded';

export interface GateResult {
  readonly deliveries: readonly AlertDelivery[];
  readonly suppressed: readonly { readonly event: AlertEvent; readonly why: SuppressedWhy }[];
}

export interface AlertGateOptions {
  /** One notification per lock (or context summary) per kind per this long. Default one minute. */
  readonly intervalMs?: number;
  /** This many alerts of one kind from one context in one go make a summary. Default 3. */
  readonly summaryThreshold?: number;
}

export const DEFAULT_ALERT_INTERVAL_MS = 60_000;
export const DEFAULT_SUMMARY_THRESHOLD = 3;

export class AlertGate {
  private readonly lastShown = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly summaryThreshold: number;

  constructor(
    private enabled: ReadonlySet<LockAlertKind>,
    options: AlertGateOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_ALERT_INTERVAL_MS;
    this.summaryThreshold = options.summaryThreshold ?? DEFAULT_SUMMARY_THRESHOLD;
  }

  setEnabled(enabled: ReadonlySet<LockAlertKind>): void {
    this.enabled = enabled;
  }

  /** The alerts detected together (one batch, one tick), in order. */
  admit(events: readonly AlertEvent[], now: number): GateResult {
    const suppressed: { event: AlertEvent; why: SuppressedWhy }[] = [];
    const passing: AlertEvent[] = [];
    for (const event of events) {
      if (!this.enabled.has(alertSetting(event.kind))) suppressed.push({ event, why: 'disabled' });
      else if (isLockAlert(event) && event.duringFlapping === true) suppressed.push({ event, why: 'folded' });
      else if (this.recent(subjectKey(event), now)) suppressed.push({ event, why: 'rateLimited' });
      else passing.push(event);
    }
    // Group by context and kind, keeping the order in which each group first appeared.
    const groups = new Map<string, AlertEvent[]>();
    for (const event of passing) {
      const g = `${event.context}\u0000${event.kind}`;
      const list = groups.get(g);
      if (list === undefined) groups.set(g, [event]);
      else list.push(event);
    }
    const deliveries: AlertDelivery[] = [];
    for (const list of groups.values()) {
      const first = list[0];
      if (first === undefined) continue;
      if (list.length < this.summaryThreshold) {
        for (const event of list) {
          this.lastShown.set(subjectKey(event), now);
          deliveries.push({ type: 'single', event });
        }
        continue;
      }
      const summaryKey = `summary\u0000${first.context}\u0000${first.kind}`;
      // Each lock counts as told either way: no single notification follows its summary.
      for (const event of list) this.lastShown.set(subjectKey(event), now);
      if (this.recent(summaryKey, now)) {
        for (const event of list) suppressed.push({ event, why: 'rateLimited' });
        continue;
      }
      this.lastShown.set(summaryKey, now);
      deliveries.push({ type: 'summary', kind: first.kind, context: first.context, events: list });
    }
    this.prune(now);
    return { deliveries, suppressed };
  }

  private recent(key: string, now: number): boolean {
    const last = this.lastShown.get(key);
    return last !== undefined && now - last < this.intervalMs;
  }

  /** Keeps the map to the last interval's subjects. */
  private prune(now: number): void {
    if (this.lastShown.size < 1024) return;
    for (const [key, at] of this.lastShown) if (now - at >= this.intervalMs) this.lastShown.delete(key);
  }
}

function subjectKey(event: AlertEvent): string {
  return isLockAlert(event)
    ? `lock\u0000${event.key}\u0000${event.kind}`
    : `context\u0000${event.context}\u0000${event.kind}`;
}
