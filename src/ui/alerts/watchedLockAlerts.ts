// Alerts on watched locks: observes each watched lock on the store's change batches and on the
// one-second tick (a lease runs out with no change at all), turns what the tracker detects into
// VS Code notifications through the gate (the kinds chosen in leaseLens.alerts, one per lock per
// kind per minute, a summary instead of a flood), and writes every alert, shown or not, to the
// output channel with its time — so alerts that fired while VS Code was in the background are
// there to read. Detection and rate limiting are src/core's (lockAlerts.ts, alertGate.ts).

import * as vscode from 'vscode';
import {
  AlertGate,
  lockAttention,
  parseLockKey,
  WatchedLockTracker,
  type AlertEvent,
  type AlertObservation,
  type LockKey,
  type LockSnapshot,
  type LockStoreChange,
} from '../../core';
import type { MonitorHost } from '../shared/monitorHost';
import { affects, readSettings } from '../shared/settings';
import type { Ticker } from '../shared/ticker';
import { writeIsSafe } from '../writes/writeConfirmation';
import type { WritePermissions } from '../writes/writePermissions';
import { alertLock, alertLogLine, deliveryMessage } from './alertWording';
import type { WatchedLocks } from './watchedLocks';

/** A notification as shown: what the extension-host tests read (the toast itself is VS Code's). */
export interface ShownAlert {
  readonly at: number;
  readonly severity: 'warning' | 'information';
  readonly message: string;
  readonly actions: readonly string[];
  /** The lock it is about (a single alert), for its actions. */
  readonly key: LockKey | undefined;
  readonly kinds: readonly AlertEvent['kind'][];
}

// The notification's buttons, in the display language (the choice comes back as the label).
const OPEN_DASHBOARD = (): string => vscode.l10n.t('Open Dashboard');
const RESOLVE_HOLDER = (): string => vscode.l10n.t('Resolve Holder');
const RELEASE_LEASE = (): string => vscode.l10n.t('Release Lease');
const SHOW_ATTENTION = (): string => vscode.l10n.t('Show Locks Needing Attention');

export class WatchedLockAlerts implements vscode.Disposable {
  private readonly tracker = new WatchedLockTracker();
  private readonly gate: AlertGate;
  private readonly disposables: vscode.Disposable[] = [];
  /** Every notification shown this session, oldest first (bounded). */
  readonly shown: ShownAlert[] = [];

  constructor(
    private readonly host: MonitorHost,
    private readonly watched: WatchedLocks,
    private readonly permissions: WritePermissions,
    private readonly log: vscode.LogOutputChannel,
    ticker: Ticker,
  ) {
    this.gate = new AlertGate(new Set(readSettings().alerts));
    this.disposables.push(
      host.onDidChangeMonitor(() => this.tracker.clear()),
      host.onDidChangeLocks((c) => this.locksChanged(c)),
      ticker.onTick((now) => this.tick(now)),
      watched.onDidChange(({ key, watched: on }) => {
        if (!on) this.tracker.forget(key);
        else this.observe([key], Date.now());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'alerts')) this.gate.setEnabled(new Set(readSettings().alerts));
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private locksChanged(change: LockStoreChange): void {
    const now = Date.now();
    const events: AlertEvent[] = [];
    if (change.contexts.size > 0) {
      const monitor = this.host.monitor;
      for (const context of change.contexts) {
        const mine = this.watched.all().filter((k) => parseLockKey(k)?.context === context);
        if (mine.length === 0 || monitor === undefined) continue;
        const connection = monitor.store.connection(context);
        events.push(
          ...this.tracker.connection(
            context,
            connection.status === 'stale',
            mine.length,
            now,
            connection.status === 'stale' ? connection.reason : undefined,
          ),
        );
      }
    }
    const keys = this.watched.all().filter((k) => change.changed.has(k) || change.contexts.size > 0);
    events.push(...this.observeEvents(keys, now));
    this.deliver(events, now);
  }

  private tick(now: number): void {
    if (this.watched.size === 0 || this.host.monitor === undefined) return;
    // Watched locks are few: each is looked at every second (a lease runs out with no event).
    const events = this.observeEvents(this.watched.all(), now);
    events.push(...this.tracker.tick(now));
    this.deliver(events, now);
  }

  private observe(keys: readonly LockKey[], now: number): void {
    this.deliver(this.observeEvents(keys, now), now);
  }

  private observeEvents(keys: readonly LockKey[], now: number): AlertEvent[] {
    const store = this.host.monitor?.store;
    if (store === undefined) return [];
    const events: AlertEvent[] = [];
    for (const key of keys) {
      const s = store.snapshot(key, now);
      if (s === undefined) continue;
      events.push(...this.tracker.observe(observation(s, now, store.thresholds), now));
    }
    return events;
  }

  private deliver(events: readonly AlertEvent[], now: number): void {
    if (events.length === 0) return;
    const result = this.gate.admit(events, now);
    for (const { event, why } of result.suppressed) this.log.info(alertLogLine(event, why));
    for (const d of result.deliveries) {
      const members = d.type === 'single' ? [d.event] : d.events;
      for (const e of members) this.log.info(alertLogLine(e, d.type === 'single' ? 'notified' : 'summarized'));
      const lock = alertLock(d);
      const kind = d.type === 'single' ? d.event.kind : d.kind;
      const warning = kind === 'stopped' || kind === 'flapping' || kind === 'disconnected';
      const actions =
        lock === undefined ? [SHOW_ATTENTION()] : [OPEN_DASHBOARD(), ...this.lockActions(lock.key, lock.holder, now)];
      const message = deliveryMessage(d);
      this.shown.push({
        at: now,
        severity: warning ? 'warning' : 'information',
        message,
        actions,
        key: lock?.key,
        kinds: members.map((e) => e.kind),
      });
      if (this.shown.length > 200) this.shown.splice(0, this.shown.length - 200);
      const show = warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(message, ...actions).then((choice) => this.act(choice, lock?.key));
    }
  }

  /** Resolve Holder when someone holds it; Release Lease only when the confirmation would call it safe. */
  private lockActions(key: LockKey, holder: string | undefined, now: number): string[] {
    const out: string[] = [];
    if (holder !== undefined && holder !== '') out.push(RESOLVE_HOLDER());
    const s = this.host.monitor?.store.snapshot(key, now);
    if (
      s !== undefined &&
      s.evidence.holder === 'held' &&
      this.permissions.known(key) !== false &&
      writeIsSafe({
        view: s.lock.view,
        health: s.health,
        state: s.state,
        disconnected: s.connection.status === 'stale',
        multiLock: s.multiLock,
        candidates: s.candidates,
      })
    )
      out.push(RELEASE_LEASE());
    return out;
  }

  private act(choice: string | undefined, key: LockKey | undefined): void {
    switch (choice) {
      case OPEN_DASHBOARD():
        void vscode.commands.executeCommand('leaseLens.openDashboard', key);
        return;
      case RESOLVE_HOLDER():
        void vscode.commands.executeCommand('leaseLens.resolveHolder', key);
        return;
      case RELEASE_LEASE():
        // The usual confirmation, with the state as it is when clicked.
        void vscode.commands.executeCommand('leaseLens.releaseLease', key);
        return;
      case SHOW_ATTENTION():
        void vscode.commands.executeCommand('leaseLens.showLocksNeedingAttention');
        return;
    }
  }
}

/** A watched lock as the tracker judges it: the holder and the attention verdict every view shows. */
export function observation(
  s: LockSnapshot,
  now: number,
  thresholds: Parameters<typeof lockAttention>[2],
): AlertObservation {
  const e = s.evidence;
  const v = s.lock.view;
  return {
    key: v.key,
    context: v.context,
    holder: e.holder === 'held' ? (v.holder ?? '') : e.holder === 'vacant' ? '' : null,
    // Judged as an election whatever its role: the operator chose to watch it.
    attention: lockAttention(e, now, thresholds, 'election'),
    renewing: s.state.liveness === 'renewing',
    stale: e.stale,
    leaseDurationMs: e.leaseDurationMs,
    ...(e.flapping === null ? {} : { leaders: e.flapping.leaders }),
  };
}
