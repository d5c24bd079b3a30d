// A renewal changes a Lease's renewTime and resourceVersion and nothing else, yet parsing it makes
// new copies of everything: the key, name, namespace, uid, holder, acquireTime. Kept by the store
// for ten seconds, each copy outlives the young generation and becomes old-generation garbage: at
// 6,500 renewals a second that was most of what the garbage collector had to clear. sharedView
// returns the same view with every part that did not change taken from the view it replaces, so
// the new copies die young. The result is equal to the view in every field (a view is a value).

import type { LeaderRecord, LockProblem, LockView } from './lockView';
import type { RecordTime } from './recordTime';

const NO_PROBLEMS: readonly LockProblem[] = Object.freeze([]);

/** `view` with the unchanged parts of `previous` (a view of the same lock), and shared empties. */
export function sharedView(view: LockView, previous: LockView | undefined): LockView {
  const name = previous?.key === view.key ? previous.name : view.name;
  const holder = same(view.holder, previous?.holder) ?? (view.holder === name ? name : view.holder);
  return {
    key: previous?.key === view.key ? previous.key : view.key,
    context: view.context,
    kind: view.kind,
    namespace: previous?.key === view.key ? previous.namespace : view.namespace,
    name,
    uid: same(view.uid, previous?.uid) ?? view.uid,
    resourceVersion: view.resourceVersion,
    role: view.role,
    detail: view.detail,
    record: sharedRecord(view.record, previous?.record, holder),
    holder,
    problems: view.problems.length === 0 ? NO_PROBLEMS : view.problems,
    fingerprint: same(view.fingerprint, previous?.fingerprint) ?? view.fingerprint,
    labels: previous !== undefined && sameLabels(view.labels, previous.labels) ? previous.labels : view.labels,
  };
}

function sharedRecord(
  record: LeaderRecord | undefined,
  previous: LeaderRecord | undefined,
  holder: string | undefined,
): LeaderRecord | undefined {
  if (record === undefined) return undefined;
  return {
    holderIdentity:
      record.holderIdentity === holder
        ? holder
        : (same(record.holderIdentity, previous?.holderIdentity) ?? record.holderIdentity),
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: sameTime(record.acquireTime, previous?.acquireTime),
    renewTime: sameTime(record.renewTime, previous?.renewTime),
    leaderTransitions: record.leaderTransitions,
    strategy: same(record.strategy, previous?.strategy) ?? record.strategy,
    preferredHolder: same(record.preferredHolder, previous?.preferredHolder) ?? record.preferredHolder,
  };
}

/** The previous string when equal (so the new copy can be collected), else undefined. */
function same<T extends string>(value: T | undefined, previous: T | undefined): T | undefined {
  return value !== undefined && value === previous ? previous : undefined;
}

function sameTime(time: RecordTime | undefined, previous: RecordTime | undefined): RecordTime | undefined {
  return time !== undefined &&
    previous !== undefined &&
    time.text === previous.text &&
    time.epochMs === previous.epochMs
    ? previous
    : time;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && b[k] === a[k]);
}
