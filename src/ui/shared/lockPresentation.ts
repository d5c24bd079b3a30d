// How one lock reads in a line: its label, the short description beside it and the health it is
// drawn with. Everything it says is decided in src/core (health, history, MultiLock); this only
// words it. Free of `vscode` (icons and colours are ids) so it is unit-tested in plain Node.

import {
  displayText,
  formatAge,
  formatDuration,
  type LeaderRecord,
  type LockHealth,
  type LockSnapshot,
  type LockView,
} from '../../core';

/** What the tree, the status bar and the hover draw a lock as. */
export type HealthKind = 'fresh' | 'expiring' | 'expired' | 'vacant' | 'stale' | 'problem' | 'unknown';

export interface LockPresentation {
  readonly label: string;
  /** Holder · renew age · transitions (and flags such as clock skew). */
  readonly description: string;
  /** The part of the description that changes with time alone ("renewed 3s ago"). */
  readonly age: string | undefined;
  readonly health: HealthKind;
  /** One sentence on the health ("fresh: valid for another 12s by our observation"). */
  readonly healthText: string;
  /** A codicon id. */
  readonly icon: string;
  /** A theme colour id; undefined keeps the default foreground. */
  readonly color: string | undefined;
}

export interface HealthLook {
  readonly icon: string;
  readonly color: string | undefined;
}

export const HEALTH_LOOKS: Readonly<Record<HealthKind, HealthLook>> = {
  fresh: { icon: 'pass-filled', color: 'charts.green' },
  expiring: { icon: 'warning', color: 'charts.yellow' },
  expired: { icon: 'error', color: 'charts.red' },
  vacant: { icon: 'circle-large-outline', color: 'charts.blue' },
  stale: { icon: 'debug-disconnect', color: 'disabledForeground' },
  problem: { icon: 'issues', color: 'charts.orange' },
  unknown: { icon: 'question', color: 'disabledForeground' },
};

/** The lock's label: its name, with the kind when it is not a Lease (legacy locks, MultiLock halves). */
export function lockLabel(view: LockView): string {
  // The API server validates names, but a YAML file's lock may be named anything.
  const name = displayText(view.name);
  return view.kind === 'Lease' ? name : `${name} (${view.kind})`;
}

/** Problems that make the record unusable or ambiguous: the lock is drawn as a problem. */
export function lockProblems(s: LockSnapshot): string[] {
  const out = s.lock.view.problems.filter((p) => p.severity === 'error').map((p) => p.message);
  const m = s.multiLock;
  if (m?.agreement === 'disagree') {
    out.push(
      `MultiLock holders disagree: the ${m.primary.kind} says ${m.primary.holder ?? 'nobody'}, the Lease says ${m.secondary.holder ?? 'nobody'} (client-go reports ${m.holder ?? 'unknown'})`,
    );
  }
  return out;
}

export function healthKind(s: LockSnapshot): HealthKind {
  if (s.connection.status === 'stale' || s.health.unknownReason === 'stale') return 'stale';
  if (lockProblems(s).length > 0 || s.health.unknownReason === 'malformed') return 'problem';
  return s.health.status === 'unknown' ? 'unknown' : s.health.status;
}

/** The holder as a description starts: the identity, "vacant", or why it is not known. */
export function holderText(view: LockView): string {
  if (view.record === undefined) return view.problems.length > 0 ? 'unreadable record' : 'no record';
  if (view.problems.some((p) => p.severity === 'error' && p.field === 'holderIdentity')) return 'unreadable holder';
  return view.holder === undefined ? 'vacant' : displayText(view.holder);
}

/**
 * "renewed 3s ago" by the record's renewTime (the holder's clock, an estimate); "renewed just now"
 * under a second; when renewTime is ahead of our clock beyond the skew tolerance it says so.
 */
export function renewAgeText(
  record: LeaderRecord | undefined,
  health: LockHealth,
  holder: string | undefined,
): string | undefined {
  const verb = holder === undefined ? 'released' : 'renewed';
  const age = health.recordAgeMs;
  if (age === undefined) {
    if (record === undefined || health.observedAgeMs === undefined) return undefined;
    return `changed ${ago(health.observedAgeMs)} (seen)`;
  }
  if (health.clockSkew?.kind === 'renewInFuture') return `renewTime ${formatDuration(-age)} ahead`;
  return `${verb} ${ago(age)}`;
}

export function transitionsText(record: LeaderRecord | undefined): string | undefined {
  const n = record?.leaderTransitions;
  if (n === undefined) return undefined;
  return n === 1 ? '1 transition' : `${n} transitions`;
}

export function healthText(s: LockSnapshot, now: number): string {
  const h = s.health;
  switch (healthKind(s)) {
    case 'fresh':
      return `fresh: valid for another ${formatDuration(Math.max(0, (h.expiresAt ?? now) - now))} by our observation${h.confirmed ? '' : ' (since we started watching)'}`;
    case 'expiring':
      return `expiring: ${formatDuration(Math.max(0, (h.expiresAt ?? now) - now))} left of its ${formatDuration(h.leaseDurationMs ?? 0)} lease by our observation`;
    case 'expired':
      return `expired ${ago(now - (h.expiresAt ?? now))} by our observation: candidates may take it over`;
    case 'vacant':
      return 'vacant: any candidate can acquire it at once';
    case 'stale':
      return `stale: the connection to context ${s.lock.view.context} is down${h.lastKnown === undefined ? '' : ` (it was ${h.lastKnown})`}, so nothing is known about it now`;
    case 'problem':
      return `problem: ${lockProblems(s)[0] ?? 'the record cannot be read'}`;
    case 'unknown':
      return h.unknownReason === 'noRecord' ? 'unknown: only the metadata was read' : 'unknown: not observed yet';
  }
}

export function presentLock(s: LockSnapshot, now: number): LockPresentation {
  const view = s.lock.view;
  const kind = healthKind(s);
  const parts = [holderText(view)];
  const age = renewAgeText(view.record, s.health, view.holder);
  if (age !== undefined) parts.push(age);
  const transitions = transitionsText(view.record);
  if (transitions !== undefined) parts.push(transitions);
  if (s.health.clockSkew !== undefined && s.health.clockSkew.kind !== 'renewInFuture') parts.push('clock skew');
  if (s.flapping) parts.push('flapping');
  const look = HEALTH_LOOKS[kind];
  return {
    label: lockLabel(view),
    description: parts.join(' · '),
    age,
    health: kind,
    healthText: healthText(s, now),
    icon: look.icon,
    color: look.color,
  };
}

/** An age in whole seconds (what a one-second ticker can show), "just now" under a second. */
export function ago(ms: number): string {
  if (ms < 1000 && ms > -1000) return 'just now';
  return formatAge(ms < 0 ? ms : Math.floor(ms / 1000) * 1000);
}
