// How one lock reads in a line: its label, the short description beside it and the state it is
// drawn with. Everything it says is decided in src/core (the liveness verdict and its words, the
// takeover clock, history, MultiLock); this only picks the icon and lays out the line. Free of
// `vscode` (icons and colours are ids) so it is unit-tested in plain Node.

import * as l10n from '@vscode/l10n';
import {
  ago,
  displayText,
  formatDuration,
  holderEvidence,
  lockStateWord,
  shortIdentity,
  spokenDurations,
  type LeaderRecord,
  type LockHealth,
  type LockSnapshot,
  type LockStateKind,
  type LockView,
} from '../../core';

/** What the tree, the status bar, the hover and the pick list draw a lock as: the core state. */
export type HealthKind = LockStateKind;

export interface LockPresentation {
  readonly label: string;
  /** Holder · state, with why when it is not healthy · renew age · transitions (· clock skew). */
  readonly description: string;
  /** The description without what changes with time alone (ages, time left). */
  readonly steadyDescription: string;
  readonly health: HealthKind;
  /** The state's sentence ("probably stopped: no renewal seen; by its record it expired …"). */
  readonly healthText: string;
  /** A codicon id. */
  readonly icon: string;
  /** A theme colour id; undefined keeps the default foreground. */
  readonly color: string | undefined;
  /**
   * The whole line as a screen reader should say it: "payment-gateway, Lease in shop, held by
   * payment-gateway-84f6…, renewing, renewed 1 second ago, 1 transition".
   */
  readonly spoken: string;
}

export interface HealthLook {
  readonly icon: string;
  readonly color: string | undefined;
}

/**
 * The green check is for locks seen renewing only. A lock not seen renewing yet is drawn plain; a
 * probably stopped one has a warning look of its own. Every state has an icon of its own shape,
 * so no state is told apart by colour alone (colour blindness, High Contrast themes), and its
 * word is always in the text beside it. No state uses the Release command's icon (`unlock`), so
 * an inline Release button never reads as a state.
 */
export const HEALTH_LOOKS: Readonly<Record<HealthKind, HealthLook>> = {
  renewing: { icon: 'pass-filled', color: 'charts.green' },
  notSeenRenewing: { icon: 'history', color: undefined },
  expiring: { icon: 'warning', color: 'charts.yellow' },
  flapping: { icon: 'arrow-swap', color: 'charts.yellow' },
  probablyStopped: { icon: 'debug-stop', color: 'charts.orange' },
  expired: { icon: 'error', color: 'charts.red' },
  vacant: { icon: 'circle-large-outline', color: 'charts.blue' },
  unreadable: { icon: 'bracket-error', color: 'charts.orange' },
  problem: { icon: 'issues', color: 'charts.orange' },
  stale: { icon: 'debug-disconnect', color: 'disabledForeground' },
  unknown: { icon: 'question', color: 'disabledForeground' },
};

/** The lock's label: its name, with the kind when it is not a Lease (legacy locks, MultiLock halves). */
export function lockLabel(view: LockView): string {
  // The API server validates names, but a YAML file's lock may be named anything.
  const name = displayText(view.name);
  return view.kind === 'Lease' ? name : l10n.t('{0} ({1})', name, view.kind);
}

/** Problems that make the record unusable or ambiguous (the tooltip lists them all). */
export function lockProblems(s: LockSnapshot): string[] {
  const out = s.lock.view.problems.filter((p) => p.severity === 'error').map((p) => p.message);
  const m = s.multiLock;
  if (m?.agreement === 'disagree') {
    out.push(
      l10n.t(
        'MultiLock holders disagree: the {0} says {1}, the Lease says {2} (client-go reports {3})',
        m.primary.kind,
        m.primary.holder ?? l10n.t('nobody'),
        m.secondary.holder ?? l10n.t('nobody'),
        m.holder ?? l10n.t('unknown'),
      ),
    );
  }
  return out;
}

export function healthKind(s: LockSnapshot): HealthKind {
  return s.state.kind;
}

/** The holder as a line states it: the identity (whole), "vacant", or why it is not known. */
export function holderText(view: LockView): string {
  switch (holderEvidence(view)) {
    case 'noRecord':
      return l10n.t('no record');
    case 'unreadableRecord':
      return l10n.t('unreadable record');
    case 'unreadableHolder':
      return l10n.t('unreadable holder');
    case 'vacant':
      return l10n.t('vacant');
    case 'held':
      return displayText(view.holder ?? '');
  }
}

/**
 * "renewed 3s ago" by the record's renewTime (the holder's clock, an estimate); "renewed just now"
 * under a second; "renewed on 2019-08-14, 6.3 years ago" for very old ones; when renewTime is
 * ahead of our clock beyond the skew tolerance it says so. Without a renewTime: when we saw it
 * change, or when we first saw it if we never did.
 */
export function renewAgeText(
  record: LeaderRecord | undefined,
  health: LockHealth,
  vacant: boolean,
  now?: number,
): string | undefined {
  // A holder that cannot be read is not vacant: its renewTime is a renewal, not a release.
  const age = health.recordAgeMs;
  if (age === undefined) {
    if (record === undefined || health.observedAgeMs === undefined) return undefined;
    return health.confirmed
      ? l10n.t('changed {0}', ago(health.observedAgeMs, now))
      : l10n.t('first seen {0}', ago(health.observedAgeMs, now));
  }
  if (health.clockSkew?.kind === 'renewInFuture') return l10n.t('renewTime {0} ahead', formatDuration(-age));
  return vacant ? l10n.t('released {0}', ago(age, now)) : l10n.t('renewed {0}', ago(age, now));
}

/** Clock skew in a sentence, the same in the tooltip, the hover and the dialogs; undefined when there is none. */
export function clockSkewSentence(health: LockHealth): string | undefined {
  const skew = health.clockSkew;
  if (skew === undefined) return undefined;
  if (skew.kind === 'renewInFuture')
    return l10n.t(
      "Clock skew: renewTime is {0} ahead of this machine's clock. The record's times are the holder's estimate; liveness and the takeover clock are judged by what we observed.",
      formatDuration(skew.skewMs),
    );
  return skew.skewMs > 0
    ? l10n.t(
        "Clock skew: the holder's renewTime is {0} ahead of when we saw the renewal. Renew ages are estimates; liveness and the takeover clock are judged by what we observed.",
        formatDuration(Math.abs(skew.skewMs)),
      )
    : l10n.t(
        "Clock skew: the holder's renewTime is {0} behind when we saw the renewal. Renew ages are estimates; liveness and the takeover clock are judged by what we observed.",
        formatDuration(Math.abs(skew.skewMs)),
      );
}

export function transitionsText(record: LeaderRecord | undefined): string | undefined {
  const n = record?.leaderTransitions;
  if (n === undefined) return undefined;
  return n === 1 ? l10n.t('1 transition') : l10n.t('{0} transitions', n);
}

/** The state's sentence, naming the context when it is disconnected. */
export function healthText(s: LockSnapshot): string {
  if (s.state.kind === 'stale')
    return l10n.t(
      'stale: the connection to context {0} is down (it was {1}), so nothing is known about it now.',
      displayText(s.lock.view.context),
      lockStateWord(s.state.was ?? 'unknown'),
    );
  return s.state.reason;
}

export function presentLock(s: LockSnapshot, now: number): LockPresentation {
  const view = s.lock.view;
  const state = s.state;
  const kind = state.kind;
  const holder = s.evidence.holder === 'held' ? shortIdentity(displayText(view.holder ?? '')) : undefined;
  const age = renewAgeText(view.record, s.health, s.evidence.holder === 'vacant', now);
  const transitions = transitionsText(view.record);
  const skew =
    s.health.clockSkew !== undefined && s.health.clockSkew.kind !== 'renewInFuture' ? l10n.t('clock skew') : undefined;
  // The parts of a line are each localised; the separator is a symbol, the same in every language.
  const line = (...parts: (string | undefined)[]): string => parts.filter((p) => p !== undefined).join(' · ');
  const look = HEALTH_LOOKS[kind];
  // Spoken: who holds it in words, and durations in words (only in what this code wrote).
  const heldBy =
    holder !== undefined
      ? l10n.t('held by {0}', holder)
      : s.evidence.holder === 'vacant'
        ? l10n.t('no holder')
        : undefined;
  const spoken = [
    displayText(view.name),
    l10n.t('{0} in {1}', view.kind, displayText(view.namespace)),
    heldBy,
    spokenDurations(state.summary),
    age === undefined ? undefined : spokenDurations(age),
    transitions,
    skew,
  ]
    .filter((p) => p !== undefined)
    .join(', ');
  return {
    label: lockLabel(view),
    description: line(holder, state.summary, age, transitions, skew),
    steadyDescription: line(holder, state.word, transitions, skew),
    health: kind,
    healthText: healthText(s),
    icon: look.icon,
    color: look.color,
    spoken,
  };
}

export { ago };
