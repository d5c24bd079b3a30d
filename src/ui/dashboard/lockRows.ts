// From the store's snapshots to the plain rows and details the dashboard (and the benchmark)
// receive. Pure and free of `vscode`: what a view shows is decided in src/core; this only reshapes
// it into the serialisable protocol types. Text from the cluster (holders, names, problems) goes
// through displayText here, once: the page sets it as text, and gets it with control, bidi and
// zero-width characters visible and long values cut (src/core/displayText.ts).

import * as l10n from '@vscode/l10n';
import {
  displayText,
  leadershipChanges,
  leadershipSegments,
  renewIntervals,
  type LockSnapshot,
  type LockStore,
} from '../../core';
import type {
  CandidateRow,
  ContextRow,
  HealthState,
  LockDetail,
  LockKindName,
  LockRoleName,
  LockRow,
} from '../../protocol';

/** Problem messages are sentences, allowed to be longer than a value. */
const MAX_PROBLEM_LENGTH = 1000;

function shown(text: string | undefined): string | null {
  return text === undefined ? null : displayText(text);
}

const ROLE: Readonly<Record<string, LockRoleName>> = {
  election: 'election',
  nodeHeartbeat: 'node-heartbeat',
  apiServerIdentity: 'apiserver-identity',
  other: 'other',
};

/** The state a row shows: the same verdict as the tree's, at the moment the row is sent. */
export function rowHealth(s: LockSnapshot): HealthState {
  return s.state.kind;
}

export function lockRow(s: LockSnapshot, canWrite?: boolean): LockRow {
  const v = s.lock.view;
  const r = v.record;
  const problems = v.problems.map((p) => displayText(p.message, MAX_PROBLEM_LENGTH));
  if (s.multiLock?.agreement === 'disagree') {
    problems.push(
      l10n.t(
        'MultiLock halves disagree: the {0} says {1} holds it, the Lease says {2}',
        s.multiLock.primary.kind,
        shown(s.multiLock.primary.holder) ?? l10n.t('nobody'),
        shown(s.multiLock.secondary.holder) ?? l10n.t('nobody'),
      ),
    );
  }
  const kind: LockKindName = s.multiLock !== undefined ? 'MultiLock' : v.kind;
  return {
    key: v.key,
    context: displayText(v.context),
    namespace: displayText(v.namespace),
    name: displayText(v.name),
    kind,
    role: ROLE[v.role] ?? 'other',
    holder: s.evidence.holder === 'held' ? displayText(v.holder ?? '') : s.evidence.holder === 'vacant' ? '' : null,
    leaseDurationSeconds: r?.leaseDurationSeconds ?? null,
    renewTime: r?.renewTime?.epochMs ?? null,
    acquireTime: r?.acquireTime?.epochMs ?? null,
    observedTime: s.lock.observedTime,
    transitions: r?.leaderTransitions ?? null,
    health: rowHealth(s),
    evidence: s.evidence,
    flapping: s.flapping,
    skew: s.health.clockSkew !== undefined,
    problems,
    ...(canWrite === undefined ? {} : { canWrite }),
  };
}

/** Every lock of the store as rows (the dashboard's snapshot). */
export function allRows(store: LockStore, now: number, canWrite?: (key: string) => boolean | undefined): LockRow[] {
  const rows: LockRow[] = [];
  for (const lock of store.locks()) {
    const s = store.snapshot(lock.view.key, now);
    if (s) rows.push(lockRow(s, canWrite?.(lock.view.key)));
  }
  return rows;
}

export function lockDetail(s: LockSnapshot, canWrite?: boolean): LockDetail {
  const v = s.lock.view;
  const r = v.record;
  const record: Record<string, string | number | null> = {
    holderIdentity: shown(r?.holderIdentity),
    leaseDurationSeconds: r?.leaseDurationSeconds ?? null,
    acquireTime: r?.acquireTime?.text ?? null,
    renewTime: r?.renewTime?.text ?? null,
    leaderTransitions: r?.leaderTransitions ?? null,
  };
  if (r?.strategy !== undefined) record.strategy = displayText(r.strategy);
  if (r?.preferredHolder !== undefined) record.preferredHolder = displayText(r.preferredHolder);
  record.resourceVersion = shown(v.resourceVersion);
  const history = s.lock.history;
  const candidates: CandidateRow[] = s.candidates.map((c) => ({
    name: displayText(c.name),
    binaryVersion: shown(c.binaryVersion),
    emulationVersion: shown(c.emulationVersion),
    strategy: shown(c.strategy),
    pingTime: c.pingTime?.epochMs ?? null,
    renewTime: c.renewTime?.epochMs ?? null,
  }));
  return {
    row: lockRow(s, canWrite),
    record,
    renewals: renewIntervals(history).map((i) => ({ time: i.at, intervalMs: i.intervalMs })),
    // client-go's default renew deadline is two thirds of its default lease duration (10 s of 15 s);
    // the record does not carry it, so the chart shows that proportion as a guide.
    renewDeadlineSeconds: r?.leaseDurationSeconds !== undefined ? Math.round((r.leaseDurationSeconds * 2) / 3) : null,
    leadership: leadershipSegments(history).map((g) => ({
      holder: displayText(g.holder),
      start: g.from,
      end: g.to ?? null,
    })),
    transitions: leadershipChanges(history).map((c) => c.at),
    candidates,
  };
}

export function contextRow(name: string, state: ContextRow['state'], message?: string): ContextRow {
  return message === undefined
    ? { name: displayText(name), state }
    : { name: displayText(name), state, message: displayText(message, MAX_PROBLEM_LENGTH) };
}
