// The evidence lockLiveness.ts judges a lock by, gathered from what the store holds: the record,
// when we first saw it and last saw it change, the MultiLock it is half of, how often its leaders
// changed, and how the clocks of its context's holders compare with ours. Text from the cluster
// goes through displayText here, once, because the evidence is shown as it is (tree, dashboard).

import { displayText } from './displayText';
import type { HolderEvidence, LockEvidence } from './lockLiveness';
import type { LockView } from './lockView';
import type { MultiLock } from './multiLock';

/** Problem messages are sentences, allowed to be longer than a value. */
const MAX_PROBLEM_LENGTH = 1000;

export interface EvidenceInput {
  readonly view: LockView;
  readonly observedTime: number | undefined;
  readonly observedChange: boolean;
  /** Whether that change moved renewTime (then renewTime − observedTime is the holder's clock offset). */
  readonly renewWitnessed?: boolean;
  readonly firstSeen: number | undefined;
  readonly stale: boolean;
  readonly multiLock: MultiLock | undefined;
  readonly flapping: { readonly leaders: number; readonly windowMs: number; readonly until?: number } | undefined;
  readonly contextOffsetMs: number | undefined;
}

export function holderEvidence(view: LockView): HolderEvidence {
  if (view.record === undefined) return view.problems.length === 0 ? 'noRecord' : 'unreadableRecord';
  if (view.problems.some((p) => p.severity === 'error' && p.field === 'holderIdentity')) return 'unreadableHolder';
  return view.holder === undefined ? 'vacant' : 'held';
}

export function lockEvidence(input: EvidenceInput): LockEvidence {
  const { view } = input;
  const holder = holderEvidence(view);
  const errors = view.problems.filter((p) => p.severity === 'error');
  // An unreadable holder explains itself; any other error comes second to it.
  const first = holder === 'unreadableHolder' ? errors.find((p) => p.field === 'holderIdentity') : errors[0];
  const m = input.multiLock;
  const record = view.record;
  return {
    holder,
    problem: first === undefined ? null : displayText(first.message, MAX_PROBLEM_LENGTH),
    halvesDisagree:
      m?.agreement === 'disagree'
        ? {
            primaryKind: m.primary.kind,
            primaryHolder: m.primary.holder === undefined ? null : displayText(m.primary.holder),
            leaseHolder: m.secondary.holder === undefined ? null : displayText(m.secondary.holder),
          }
        : null,
    leaseDurationMs: record?.leaseDurationSeconds === undefined ? null : record.leaseDurationSeconds * 1000,
    renewTimeMs: record?.renewTime?.epochMs ?? null,
    observedTime: input.observedTime ?? null,
    changeSeen: input.observedChange,
    firstSeen: input.firstSeen ?? null,
    contextOffsetMs: input.contextOffsetMs ?? null,
    flapping: input.flapping ?? null,
    stale: input.stale,
    witnessedSkewMs:
      input.renewWitnessed === true && record?.renewTime !== undefined && input.observedTime !== undefined
        ? record.renewTime.epochMs - input.observedTime
        : null,
  };
}
