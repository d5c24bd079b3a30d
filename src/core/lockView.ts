// What every view of Lease Lens shows about one lock: who it is, the leader election record it
// holds, what it is for, and what is wrong with it. A LockView comes from one Kubernetes object and
// nothing else; observation (when we saw it change), health and history live beside it.

import type { RecordTime } from './recordTime';

/** The object kinds that can hold a leader election record. */
export type LockKind = 'Lease' | 'ConfigMap' | 'Endpoints';

export const LOCK_KINDS: readonly LockKind[] = ['Lease', 'ConfigMap', 'Endpoints'];

/**
 * What a lock is for. Node heartbeats and API server identity leases are Leases too, but nobody
 * competes for them: views group them apart and show them more cheaply.
 */
export type LockRole = 'election' | 'nodeHeartbeat' | 'apiServerIdentity' | 'other';

/** `context/kind/namespace/name`; see lockKey.ts (context names may themselves contain `/`). */
export type LockKey = string;

/**
 * What we received: the full object, or only its metadata (a metadata-only list or watch). A
 * metadata-only Lease carries no record; a metadata-only ConfigMap or Endpoints still carries its
 * annotation, so its record is readable.
 */
export type ObjectDetail = 'full' | 'metadata';

export interface LockIdentity {
  readonly key: LockKey;
  /** The kubeconfig context the object was read through. */
  readonly context: string;
  readonly kind: LockKind;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  /** Carried by every write so that a concurrent change is a conflict, not a silent overwrite. */
  readonly resourceVersion: string | undefined;
}

/**
 * The leader election record (client-go `resourcelock.LeaderElectionRecord`), as far as it could
 * be read. A field is undefined when it is absent, null, or unreadable (then a problem says why).
 */
export interface LeaderRecord {
  /** `''` (written by a release) and undefined (never set) both mean nobody holds the lock. */
  readonly holderIdentity: string | undefined;
  /** Measured by each candidate against its own clock from when it last saw the record change. */
  readonly leaseDurationSeconds: number | undefined;
  /** Written by the holder's clock: for display and skew detection only. */
  readonly acquireTime: RecordTime | undefined;
  readonly renewTime: RecordTime | undefined;
  /** `leaseTransitions` on a Lease, `leaderTransitions` in the annotation. */
  readonly leaderTransitions: number | undefined;
  /** Coordinated leader election (Lease only). */
  readonly strategy: string | undefined;
  readonly preferredHolder: string | undefined;
}

export type RecordField = keyof LeaderRecord;

/** JSON type names used in problem messages ("holderIdentity is a number, expected a string"). */
export type JsonTypeName = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'missing' | 'other';

/**
 * `error`: the value cannot be used (and client-go electors reading an annotation with it fail
 * outright); `warning`: the value is readable but changes what the lock means.
 */
export type ProblemSeverity = 'error' | 'warning';

interface ProblemBase {
  readonly severity: ProblemSeverity;
  /** A sentence for the user that names the field and the cause. */
  readonly message: string;
}

/** Where a problem sits: a record field, the annotation, or part of the object. */
export type ProblemField = RecordField | 'annotation' | 'spec' | 'metadata' | 'labels' | 'annotations' | string;

export type LockProblem = ProblemBase &
  (
    | {
        readonly code: 'notJson';
        readonly field: 'annotation';
        readonly position: number | undefined;
        readonly detail: string;
      }
    | { readonly code: 'notAnObject'; readonly field: ProblemField; readonly actual: JsonTypeName }
    | {
        readonly code: 'wrongType';
        readonly field: ProblemField;
        readonly expected: JsonTypeName;
        readonly actual: JsonTypeName;
      }
    | { readonly code: 'notInteger'; readonly field: ProblemField; readonly value: number }
    | { readonly code: 'negative'; readonly field: ProblemField; readonly value: number }
    | { readonly code: 'tooLarge'; readonly field: ProblemField; readonly value: number; readonly limit: number }
    | { readonly code: 'badTime'; readonly field: ProblemField; readonly value: string }
    | { readonly code: 'missing'; readonly field: ProblemField }
  );

export type LockProblemCode = LockProblem['code'];

/** One lock as every consumer shows it. */
export interface LockView extends LockIdentity {
  readonly role: LockRole;
  readonly detail: ObjectDetail;
  /** Undefined for a metadata-only Lease and for an annotation that is not a JSON object. */
  readonly record: LeaderRecord | undefined;
  /** The non-empty holder identity; undefined when vacant or unreadable. */
  readonly holder: string | undefined;
  readonly problems: readonly LockProblem[];
  /**
   * Changes exactly when the record changes (client-go compares the raw record, not the
   * resourceVersion, to decide that the holder renewed). Undefined when there is no record.
   */
  readonly fingerprint: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
}
