// Release and take over, as pure functions from the object we observed to the object to write.
// They write the record exactly as a client-go elector would, so electors read our writes like
// their own. The result keeps metadata.resourceVersion: the writer sends it, and a concurrent
// change becomes a 409 Conflict instead of being overwritten (never retry blindly: re-read, show
// what changed, ask again).
//
// Everything else is kept: for a ConfigMap or Endpoints lock only the leader annotation's JSON is
// rewritten; for a Lease only the spec, which is the record (client-go replaces the whole spec).

import { parseLeaderAnnotation } from './annotationParser';
import { LEADER_ANNOTATION, type KubeObject, type LeaseSpec } from './kubeObjects';
import { isObject, own } from './jsonValue';
import { isLockKind } from './lockKey';
import type { LeaderRecord, LockKind } from './lockView';
import { parseLeaseSpec } from './leaseParser';
import { formatMicroTime, formatRfc3339Seconds, type RecordTime } from './recordTime';

/** What client-go electors default to (LeaseDuration 15 s), used when the record has none. */
export const DEFAULT_LEASE_DURATION_SECONDS = 15;

/** A release sets this, so that candidates still running an old client-go wait only 1 s. */
export const RELEASED_LEASE_DURATION_SECONDS = 1;

export type MutationProblemCode =
  'notAnObject' | 'unknownKind' | 'kindMismatch' | 'metadataOnly' | 'notALock' | 'noHolder' | 'badClock';

export interface MutationProblem {
  readonly code: MutationProblemCode;
  readonly message: string;
}

/** The record as written, in the object's own time format. */
export interface WrittenRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  /** Undefined only when the same holder renews a record that never had one. */
  readonly acquireTime: string | undefined;
  readonly renewTime: string;
  readonly leaderTransitions: number;
  /** Lease only: the coordinated election strategy, kept as it was (see keepsCoordination). */
  readonly strategy?: string;
}

export type MutationResult =
  | {
      readonly ok: true;
      readonly kind: LockKind;
      /** The object to write, resourceVersion included. Shares unchanged parts with the input. */
      readonly object: KubeObject;
      readonly record: WrittenRecord;
      /** What the write does differently from a plain copy, for the confirmation dialog. */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly problem: MutationProblem };

export interface MutationOptions {
  /** Our clock, milliseconds since the epoch. */
  readonly now: number;
  /** The kind, for objects that do not name it. */
  readonly kind?: LockKind;
}

export interface TakeOverOptions extends MutationOptions {
  /** The identity that will hold the lock. */
  readonly holder: string;
  /** Written when the record has no usable duration. Default 15 s (client-go's default). */
  readonly defaultLeaseDurationSeconds?: number;
  /**
   * The lock is a MultiLock whose halves name different holders: client-go then reads the holder
   * as leaderelection.k8s.io/unknown, so no takeover counts as a renewal.
   */
  readonly halvesDisagree?: boolean;
}

/**
 * The record a write decides on, before it is formatted for an object's kind: 'now' becomes our
 * clock in the kind's time format, a kept time is rewritten in it.
 */
export interface RecordDecision {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: RecordTime | 'now' | undefined;
  readonly renewTime: RecordTime | 'now';
  readonly leaderTransitions: number;
}

/** A lock object as read, checked to be writable, with the record it holds now. */
export interface ObservedLock {
  readonly kind: LockKind;
  readonly object: KubeObject;
  /** Undefined when the record cannot be read. */
  readonly record: LeaderRecord | undefined;
}

export type ObservedLockResult =
  ({ readonly ok: true } & ObservedLock) | { readonly ok: false; readonly problem: MutationProblem };

/**
 * What client-go's tryRelease writes (ReleaseOnCancel): nobody holds the lock, candidates may take
 * it at once, the count of transitions is kept. On a Lease, preferredHolder is dropped and
 * strategy kept (see keepsCoordination).
 */
export function releaseLock(observed: unknown, options: MutationOptions): MutationResult {
  const lock = readLockObject(observed, options);
  if (!lock.ok) return lock;
  const notes: string[] = [];
  return writeDecision(lock, decideRelease(lock.record, notes), options.now, notes);
}

/**
 * What client-go's tryAcquireOrRenew writes when `holder` acquires: acquire and renew times now,
 * transitions + 1 whenever the holder changes (from vacant too). If `holder` already holds the
 * lock it is a renewal: acquireTime and transitions are kept. The lease duration is kept.
 */
export function takeOverLock(observed: unknown, options: TakeOverOptions): MutationResult {
  const problem = checkTakeOver(options);
  if (problem !== undefined) return problem;
  const lock = readLockObject(observed, options);
  if (!lock.ok) return lock;
  const notes: string[] = [];
  return writeDecision(lock, decideTakeOver(lock.record, options, notes), options.now, notes);
}

export function checkTakeOver(options: TakeOverOptions): MutationResult | undefined {
  if (options.holder.trim() !== '') return undefined;
  return fail(
    'noHolder',
    'a takeover needs the identity of the new holder; an empty identity would release the lock instead',
  );
}

export function decideRelease(old: LeaderRecord | undefined, notes: string[]): RecordDecision {
  if (old === undefined) notes.push('the current record could not be read: leaderTransitions restarts from 0');
  return {
    holderIdentity: '',
    leaseDurationSeconds: RELEASED_LEASE_DURATION_SECONDS,
    acquireTime: 'now',
    renewTime: 'now',
    leaderTransitions: old?.leaderTransitions ?? 0,
  };
}

export function decideTakeOver(r: LeaderRecord | undefined, options: TakeOverOptions, notes: string[]): RecordDecision {
  if (r === undefined) notes.push('the current record could not be read: it is replaced by a new one');
  const fallback = options.defaultLeaseDurationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS;
  const duration =
    r?.leaseDurationSeconds !== undefined && r.leaseDurationSeconds > 0 ? r.leaseDurationSeconds : undefined;
  if (duration === undefined) notes.push(`the record has no usable leaseDurationSeconds: writing ${fallback} s`);
  const renewal = r !== undefined && options.halvesDisagree !== true && r.holderIdentity === options.holder;
  if (renewal) notes.push(`${options.holder} already holds the lock: this renews it`);
  return {
    holderIdentity: options.holder,
    leaseDurationSeconds: duration ?? fallback,
    acquireTime: renewal ? r.acquireTime : 'now',
    renewTime: 'now',
    leaderTransitions: (r?.leaderTransitions ?? 0) + (renewal ? 0 : 1),
  };
}

/** Checks that `observed` is a lock object that can be written, and reads its record. */
export function readLockObject(observed: unknown, options: Pick<MutationOptions, 'kind'>): ObservedLockResult {
  if (!isObject(observed)) return fail('notAnObject', 'expected the lock object as read from the API server');
  const declared = own(observed, 'kind');
  const metadataOnly = declared === 'PartialObjectMetadata' || own(observed, 'apiVersion') === 'meta.k8s.io/v1';
  if (isLockKind(declared) && options.kind !== undefined && declared !== options.kind) {
    return fail('kindMismatch', `the object is a ${declared}, not a ${options.kind}`);
  }
  const kind = isLockKind(declared) ? declared : declared === undefined || metadataOnly ? options.kind : undefined;
  if (kind === undefined)
    return fail('unknownKind', 'only Lease, ConfigMap and Endpoints objects hold leader election records');
  // The record of a ConfigMap or Endpoints lock is metadata, so a metadata-only copy is enough
  // (the writer patches the annotation alone); a Lease's record is its spec.
  if (kind === 'Lease') {
    if (metadataOnly)
      return fail(
        'metadataOnly',
        'this is a metadata-only copy of the Lease, without its record; read the full Lease before writing',
      );
    return { ok: true, kind, object: observed, record: parseLeaseSpec(own(observed, 'spec')).record };
  }
  const text = leaderAnnotation(observed);
  if (text === undefined)
    return fail('notALock', `this ${kind} has no ${LEADER_ANNOTATION} annotation, so it is not a leader election lock`);
  return {
    ok: true,
    kind,
    object: observed,
    record: typeof text === 'string' ? parseLeaderAnnotation(text).record : undefined,
  };
}

/**
 * Coordinated leader election (KEP-4355): the API server's election controller names the holder
 * of a Lease with LeaseCandidates and keeps `strategy` on it; it rewrites strategy itself within
 * about 0.1 s of any write (measured on kube-apiserver 1.37), but a write that keeps it leaves the
 * Lease marked as coordinated in between and where no controller runs. `preferredHolder` is never
 * kept: client-go's coordinated elector stops renewing a Lease that names any preferredHolder
 * ("end of term"), so a kept one would stop the new holder at once, and one that names the new
 * holder would leave the election stuck (the controller changes only holders that differ from its
 * pick). A takeover drops it, and the controller sets it again when it disagrees.
 */
function keepsCoordination(old: LeaderRecord | undefined, notes: string[]): string | undefined {
  if (old?.strategy !== undefined)
    notes.push(
      `strategy ${old.strategy} is kept: the API server's coordinated election controller picks this Lease's holder`,
    );
  if (old?.preferredHolder !== undefined)
    notes.push(
      `preferredHolder ${old.preferredHolder} is dropped: a holder named beside any preferredHolder stops renewing`,
    );
  return old?.strategy;
}

/** Writes a decided record into the lock object: the Lease spec, or the leader annotation. */
export function writeDecision(
  lock: ObservedLock,
  next: RecordDecision,
  nowMs: number,
  notes: string[],
): MutationResult {
  const observed = lock.object;
  const kind = lock.kind;
  if (kind === 'Lease') {
    const now = formatMicroTime(nowMs);
    if (now === undefined) return badClock(nowMs);
    const time = (t: RecordTime | 'now' | undefined): string | undefined =>
      // A MicroTime read from the API is already in the form client-go would write back.
      t === 'now' ? now : t === undefined ? undefined : /\.\d{6}Z$/.test(t.text) ? t.text : formatMicroTime(t.epochMs);
    const strategy = keepsCoordination(lock.record, notes);
    const written: WrittenRecord = {
      holderIdentity: next.holderIdentity,
      leaseDurationSeconds: next.leaseDurationSeconds,
      acquireTime: time(next.acquireTime),
      renewTime: time(next.renewTime) ?? now,
      leaderTransitions: next.leaderTransitions,
      ...(strategy === undefined ? {} : { strategy }),
    };
    // Field order as client-go's LeaseSpec marshals.
    const spec: LeaseSpec = {
      holderIdentity: written.holderIdentity,
      leaseDurationSeconds: written.leaseDurationSeconds,
    };
    if (written.acquireTime !== undefined) spec.acquireTime = written.acquireTime;
    spec.renewTime = written.renewTime;
    spec.leaseTransitions = written.leaderTransitions;
    if (strategy !== undefined) spec.strategy = strategy;
    return { ok: true, kind, object: { ...observed, spec }, record: written, notes };
  }

  const now = formatRfc3339Seconds(nowMs);
  if (now === undefined) return badClock(nowMs);
  // metav1.Time marshals as whole seconds, so a kept time is rewritten in that form.
  const time = (t: RecordTime | 'now' | undefined): string | undefined =>
    t === 'now' ? now : t === undefined ? undefined : formatRfc3339Seconds(t.epochMs);
  const written: WrittenRecord = {
    holderIdentity: next.holderIdentity,
    leaseDurationSeconds: next.leaseDurationSeconds,
    acquireTime: time(next.acquireTime),
    renewTime: time(next.renewTime) ?? now,
    leaderTransitions: next.leaderTransitions,
  };
  // The shape of client-go 1.23's LeaderElectionRecord (the last to write annotations): every
  // field present, in declaration order, a missing time as null.
  const json = JSON.stringify({
    holderIdentity: written.holderIdentity,
    leaseDurationSeconds: written.leaseDurationSeconds,
    acquireTime: written.acquireTime ?? null,
    renewTime: written.renewTime,
    leaderTransitions: written.leaderTransitions,
  });
  const metadata = own(observed, 'metadata');
  const annotations = isObject(metadata) ? own(metadata, 'annotations') : undefined;
  const object: KubeObject = {
    ...observed,
    metadata: {
      ...(isObject(metadata) ? metadata : {}),
      annotations: { ...(isObject(annotations) ? annotations : {}), [LEADER_ANNOTATION]: json },
    },
  };
  return { ok: true, kind, object, record: written, notes };
}

function leaderAnnotation(observed: KubeObject): unknown {
  const metadata = own(observed, 'metadata');
  const annotations = isObject(metadata) ? own(metadata, 'annotations') : undefined;
  return isObject(annotations) ? own(annotations, LEADER_ANNOTATION) : undefined;
}

export function fail(
  code: MutationProblemCode,
  message: string,
): { readonly ok: false; readonly problem: MutationProblem } {
  return { ok: false, problem: { code, message } };
}

function badClock(now: number): MutationResult {
  return fail('badClock', `the clock reading ${now} is not a time that can be written`);
}
