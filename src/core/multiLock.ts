// MultiLock: components migrating from ConfigMap or Endpoints locks to Leases (client-go 1.17 to
// 1.27) held both, a legacy primary and a Lease secondary with the same namespace and name, and
// wrote the same record to each. When the two disagree, client-go reports the holder as
// `leaderelection.k8s.io/unknown` and no candidate can be sure who leads. So a write of ours is a
// write of both halves, decided as client-go decides (from the primary) and written in its order:
// primary, then secondary.

import { electionKey } from './lockKey';
import {
  checkTakeOver,
  decideRelease,
  decideTakeOver,
  DEFAULT_LEASE_DURATION_SECONDS,
  fail,
  readLockObject,
  writeDecision,
  type MutationOptions,
  type MutationProblem,
  type MutationResult,
  type ObservedLock,
  type RecordDecision,
  type TakeOverOptions,
} from './lockMutations';
import type { LockKind, LockView } from './lockView';

export const UNKNOWN_LEADER = 'leaderelection.k8s.io/unknown';

/** `unknown`: one of the records cannot be read (metadata-only, malformed). */
export type HolderAgreement = 'agree' | 'disagree' | 'unknown';

export interface MultiLock {
  /** `context/namespace/name` (see electionKey). */
  readonly key: string;
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
  /** The ConfigMap or Endpoints lock. */
  readonly primary: LockView;
  /** The Lease. */
  readonly secondary: LockView;
  readonly agreement: HolderAgreement;
  /** What a client-go MultiLock reports: the common holder, or UNKNOWN_LEADER on disagreement. */
  readonly holder: string | undefined;
}

/** Pairs a legacy lock with a Lease of the same election; undefined if they are not a pair. */
export function pairMultiLock(a: LockView, b: LockView): MultiLock | undefined {
  const primary = a.kind === 'Lease' ? b : a;
  const secondary = a.kind === 'Lease' ? a : b;
  if (primary.kind === 'Lease' || secondary.kind !== 'Lease') return undefined;
  if (
    primary.context !== secondary.context ||
    primary.namespace !== secondary.namespace ||
    primary.name !== secondary.name
  )
    return undefined;
  const p = readableHolder(primary);
  const s = readableHolder(secondary);
  // client-go compares the identities as strings; an absent holder reads as "".
  const agreement: HolderAgreement = p === undefined || s === undefined ? 'unknown' : p === s ? 'agree' : 'disagree';
  return {
    key: electionKey(primary.context, primary.namespace, primary.name),
    context: primary.context,
    namespace: primary.namespace,
    name: primary.name,
    primary,
    secondary,
    agreement,
    holder: agreement === 'disagree' ? UNKNOWN_LEADER : agreement === 'agree' ? primary.holder : undefined,
  };
}

/** Every MultiLock among `views`: each legacy lock paired with the Lease of the same election. */
export function findMultiLocks(views: Iterable<LockView>): MultiLock[] {
  const leases = new Map<string, LockView>();
  const legacy: LockView[] = [];
  for (const v of views) {
    if (v.kind === 'Lease') leases.set(electionKey(v.context, v.namespace, v.name), v);
    else legacy.push(v);
  }
  const out: MultiLock[] = [];
  for (const l of legacy) {
    const lease = leases.get(electionKey(l.context, l.namespace, l.name));
    const pair = lease === undefined ? undefined : pairMultiLock(l, lease);
    if (pair !== undefined) out.push(pair);
  }
  return out;
}

function readableHolder(view: LockView): string | undefined {
  if (view.record === undefined) return undefined;
  if (view.problems.some((p) => p.severity === 'error' && p.field === 'holderIdentity')) return undefined;
  return view.record.holderIdentity ?? '';
}

// ---- writing both halves ---------------------------------------------------------------------

/** A write that succeeded in deciding, for one object. */
export type LockMutation = Extract<MutationResult, { readonly ok: true }>;

export type MultiLockMutationResult =
  | {
      readonly ok: true;
      /** The ConfigMap or Endpoints to write first. */
      readonly primary: LockMutation;
      /** The Lease to write second, with the same record. */
      readonly secondary: LockMutation;
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly problem: MutationProblem };

export interface MultiLockOptions extends MutationOptions {
  /** The primary's kind, for objects that do not name it (metadata-only copies). */
  readonly primaryKind: Exclude<LockKind, 'Lease'>;
}

/**
 * A release of a MultiLock, as client-go's MultiLock writes it: the record is decided from the
 * primary (the half client-go reads the holder from), then the same record goes to the primary
 * and to the secondary Lease. The caller writes the primary first.
 */
export function releaseMultiLock(
  primary: unknown,
  secondary: unknown,
  options: MultiLockOptions,
): MultiLockMutationResult {
  return mutateBoth(primary, secondary, options, (p, notes) => decideRelease(p.record, notes));
}

/**
 * A takeover of a MultiLock: as takeOverLock, decided from the primary, written to both halves.
 * When the halves name different holders client-go reads the holder as UNKNOWN_LEADER, so the
 * takeover is never a renewal then.
 */
export function takeOverMultiLock(
  primary: unknown,
  secondary: unknown,
  options: MultiLockOptions & TakeOverOptions,
): MultiLockMutationResult {
  const problem = checkTakeOver(options);
  if (problem !== undefined && !problem.ok) return problem;
  return mutateBoth(primary, secondary, options, (p, notes, s) =>
    decideTakeOver(
      p.record,
      { ...options, halvesDisagree: p.record?.holderIdentity !== s.record?.holderIdentity },
      notes,
    ),
  );
}

/**
 * Finishes a MultiLock write that stopped after its primary: the record the primary holds now,
 * written into the secondary Lease (its times as the primary has them), so the halves agree.
 */
export function copyPrimaryRecord(primary: unknown, secondary: unknown, options: MultiLockOptions): MutationResult {
  const p = readLockObject(primary, { kind: options.primaryKind });
  if (!p.ok) return p;
  const r = p.record;
  if (r === undefined)
    return fail('notALock', `the ${p.kind}'s leader record cannot be read, so there is nothing to copy to the Lease`);
  const s = readLockObject(secondary, { kind: 'Lease' });
  if (!s.ok) return s;
  const notes: string[] = [];
  return writeDecision(
    s,
    {
      holderIdentity: r.holderIdentity ?? '',
      leaseDurationSeconds: r.leaseDurationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS,
      acquireTime: r.acquireTime,
      renewTime: r.renewTime ?? 'now',
      leaderTransitions: r.leaderTransitions ?? 0,
    },
    options.now,
    notes,
  );
}

function mutateBoth(
  primary: unknown,
  secondary: unknown,
  options: MultiLockOptions,
  decide: (primary: ObservedLock, notes: string[], secondary: ObservedLock) => RecordDecision,
): MultiLockMutationResult {
  const p = readLockObject(primary, { kind: options.primaryKind });
  if (!p.ok) return p;
  if (p.kind === 'Lease') return fail('kindMismatch', 'the primary of a MultiLock is a ConfigMap or Endpoints');
  const s = readLockObject(secondary, { kind: 'Lease' });
  if (!s.ok) return s;
  const notes: string[] = [];
  if (p.record?.holderIdentity !== s.record?.holderIdentity)
    notes.push(
      `the halves disagree (${p.kind}: ${p.record?.holderIdentity || 'nobody'}, Lease: ${s.record?.holderIdentity || 'nobody'}): both get the record decided from the ${p.kind}`,
    );
  const next = decide(p, notes, s);
  // One clock reading for both, as client-go writes one record to both halves.
  const writtenPrimary = writeDecision(p, next, options.now, notes);
  if (!writtenPrimary.ok) return writtenPrimary;
  const writtenSecondary = writeDecision(s, next, options.now, notes);
  if (!writtenSecondary.ok) return writtenSecondary;
  return { ok: true, primary: writtenPrimary, secondary: writtenSecondary, notes };
}
