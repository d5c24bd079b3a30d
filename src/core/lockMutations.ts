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
}

/**
 * What client-go's tryRelease writes (ReleaseOnCancel): nobody holds the lock, candidates may take
 * it at once, the count of transitions is kept and coordinated election fields are dropped.
 */
export function releaseLock(observed: unknown, options: MutationOptions): MutationResult {
  return mutate(observed, options, (old, notes) => {
    if (old.record === undefined) notes.push('the current record could not be read: leaderTransitions restarts from 0');
    return {
      holderIdentity: '',
      leaseDurationSeconds: RELEASED_LEASE_DURATION_SECONDS,
      acquireTime: 'now',
      renewTime: 'now',
      leaderTransitions: old.record?.leaderTransitions ?? 0,
    };
  });
}

/**
 * What client-go's tryAcquireOrRenew writes when `holder` acquires: acquire and renew times now,
 * transitions + 1 whenever the holder changes (from vacant too). If `holder` already holds the
 * lock it is a renewal: acquireTime and transitions are kept. The lease duration is kept.
 */
export function takeOverLock(observed: unknown, options: TakeOverOptions): MutationResult {
  if (options.holder.trim() === '') {
    return fail(
      'noHolder',
      'a takeover needs the identity of the new holder; an empty identity would release the lock instead',
    );
  }
  return mutate(observed, options, (old, notes) => {
    const r = old.record;
    if (r === undefined) notes.push('the current record could not be read: it is replaced by a new one');
    const fallback = options.defaultLeaseDurationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS;
    const duration =
      r?.leaseDurationSeconds !== undefined && r.leaseDurationSeconds > 0 ? r.leaseDurationSeconds : undefined;
    if (duration === undefined) notes.push(`the record has no usable leaseDurationSeconds: writing ${fallback} s`);
    const renewal = r !== undefined && r.holderIdentity === options.holder;
    if (renewal) notes.push(`${options.holder} already holds the lock: this renews it`);
    return {
      holderIdentity: options.holder,
      leaseDurationSeconds: duration ?? fallback,
      acquireTime: renewal ? r.acquireTime : 'now',
      renewTime: 'now',
      leaderTransitions: (r?.leaderTransitions ?? 0) + (renewal ? 0 : 1),
    };
  });
}

/** A record to write; 'now' and old times are formatted for the object's kind. */
interface NewRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: RecordTime | 'now' | undefined;
  readonly renewTime: 'now';
  readonly leaderTransitions: number;
}

interface OldRecord {
  readonly record: LeaderRecord | undefined;
}

function mutate(
  observed: unknown,
  options: MutationOptions,
  decide: (old: OldRecord, notes: string[]) => NewRecord,
): MutationResult {
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
  if (kind === 'Lease' && metadataOnly) {
    return fail(
      'metadataOnly',
      'this is a metadata-only copy of the Lease, without its record; read the full Lease before writing',
    );
  }
  const notes: string[] = [];

  if (kind === 'Lease') {
    const now = formatMicroTime(options.now);
    if (now === undefined) return badClock(options.now);
    const old = parseLeaseSpec(own(observed, 'spec'));
    const next = decide(old, notes);
    const written: WrittenRecord = {
      holderIdentity: next.holderIdentity,
      leaseDurationSeconds: next.leaseDurationSeconds,
      // A MicroTime read from the API is already in the form client-go would write back.
      acquireTime: next.acquireTime === 'now' ? now : next.acquireTime?.text,
      renewTime: now,
      leaderTransitions: next.leaderTransitions,
    };
    if (old.record?.strategy !== undefined || old.record?.preferredHolder !== undefined) {
      notes.push('strategy and preferredHolder are dropped, as client-go does when it writes the record');
    }
    // Field order as client-go's LeaseSpec marshals; strategy and preferredHolder are not written.
    const spec: LeaseSpec = {
      holderIdentity: written.holderIdentity,
      leaseDurationSeconds: written.leaseDurationSeconds,
    };
    if (written.acquireTime !== undefined) spec.acquireTime = written.acquireTime;
    spec.renewTime = written.renewTime;
    spec.leaseTransitions = written.leaderTransitions;
    return { ok: true, kind, object: { ...observed, spec }, record: written, notes };
  }

  const metadata = own(observed, 'metadata');
  const annotations = isObject(metadata) ? own(metadata, 'annotations') : undefined;
  const text = isObject(annotations) ? own(annotations, LEADER_ANNOTATION) : undefined;
  if (!isObject(metadata) || !isObject(annotations) || text === undefined) {
    return fail('notALock', `this ${kind} has no ${LEADER_ANNOTATION} annotation, so it is not a leader election lock`);
  }
  const now = formatRfc3339Seconds(options.now);
  if (now === undefined) return badClock(options.now);
  const old = typeof text === 'string' ? parseLeaderAnnotation(text) : { record: undefined };
  const next = decide(old, notes);
  const written: WrittenRecord = {
    holderIdentity: next.holderIdentity,
    leaseDurationSeconds: next.leaseDurationSeconds,
    // metav1.Time marshals as whole seconds, so a kept time is rewritten in that form.
    acquireTime:
      next.acquireTime === 'now'
        ? now
        : next.acquireTime === undefined
          ? undefined
          : formatRfc3339Seconds(next.acquireTime.epochMs),
    renewTime: now,
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
  const object: KubeObject = {
    ...observed,
    metadata: { ...metadata, annotations: { ...annotations, [LEADER_ANNOTATION]: json } },
  };
  return { ok: true, kind, object, record: written, notes };
}

function fail(code: MutationProblemCode, message: string): MutationResult {
  return { ok: false, problem: { code, message } };
}

function badClock(now: number): MutationResult {
  return fail('badClock', `the clock reading ${now} is not a time that can be written`);
}
