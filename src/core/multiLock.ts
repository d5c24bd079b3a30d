// MultiLock: components migrating from ConfigMap or Endpoints locks to Leases (client-go 1.17 to
// 1.27) held both, a legacy primary and a Lease secondary with the same namespace and name, and
// wrote the same record to each. When the two disagree, client-go reports the holder as
// `leaderelection.k8s.io/unknown` and no candidate can be sure who leads.

import { electionKey } from './lockKey';
import type { LockView } from './lockView';

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
