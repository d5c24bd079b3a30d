// What the timeline export of one lock is built from: the lock as the store shows it now, and what
// the journal kept (this session and earlier ones). Free of `vscode`: the export's format is
// src/core's (timelineExport.ts), this only gathers its input.

import {
  renewIntervals,
  type HolderChange,
  type JournalEntry,
  type LockKey,
  type LockSnapshot,
  type TimelineInput,
} from '../../core';

export function timelineInput(
  key: LockKey,
  s: LockSnapshot | undefined,
  kept: JournalEntry | undefined,
  exportedAt: number,
  generator: string,
): TimelineInput {
  const view = s?.lock.view;
  const record = view?.record;
  const held = s?.evidence.holder;
  const fromJournal: HolderChange[] = (kept?.changes ?? []).map((c) => ({
    at: c.at,
    holder: c.holder,
    previousHolder: c.previousHolder,
    source: c.source,
    ...(c.recordTime === undefined ? {} : { recordTime: c.recordTime }),
    ...(c.transitions === undefined ? {} : { transitions: c.transitions }),
  }));
  // The journal keeps every interval the store's ring had; without it (a lock not kept), the ring.
  const intervals =
    kept?.intervals ??
    (s === undefined ? [] : renewIntervals(s.lock.history).map((i) => ({ at: i.at, ms: i.intervalMs })));
  return {
    key,
    exportedAt,
    generator,
    now:
      s === undefined || view === undefined
        ? undefined
        : {
            holder: held === 'held' ? (view.holder ?? '') : held === 'vacant' ? '' : null,
            state: s.state.summary,
            reason: s.state.reason,
            leaseDurationMs: s.evidence.leaseDurationMs,
            transitions: record?.leaderTransitions ?? null,
            acquireTime: record?.acquireTime?.epochMs ?? null,
            renewTime: record?.renewTime?.epochMs ?? null,
            resourceVersion: view.resourceVersion ?? null,
          },
    changes: [...fromJournal, ...(s?.lock.history.changes() ?? [])],
    intervals,
    writes: kept?.writes ?? [],
    skews: kept?.skews ?? [],
    flaps: kept?.flaps ?? [],
    leaseDurationMs: s?.evidence.leaseDurationMs ?? kept?.leaseDurationMs ?? null,
  };
}
