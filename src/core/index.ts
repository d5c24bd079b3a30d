// The public API of src/core: the pure domain of Lease Lens. No vscode, no I/O; time and timers
// come in as parameters.

export type {
  JsonTypeName,
  LeaderRecord,
  LockIdentity,
  LockKey,
  LockKind,
  LockProblem,
  LockProblemCode,
  LockRole,
  LockView,
  ObjectDetail,
  ProblemField,
  ProblemSeverity,
  RecordField,
} from './lockView';
export { LOCK_KINDS, recordIsUsable } from './lockView';

export type { RecordTime } from './recordTime';
export { formatMicroTime, formatRfc3339Seconds, parseRecordTime } from './recordTime';

export type {
  ConfigMapObject,
  EndpointsObject,
  EventObject,
  KubeObject,
  KubeObjectMeta,
  LeaseCandidateObject,
  LeaseCandidateSpec,
  LeaseObject,
  LeaseSpec,
} from './kubeObjects';
export { APISERVER_IDENTITY_LABEL, LEADER_ANNOTATION, NODE_LEASE_NAMESPACE } from './kubeObjects';

export type { LockKeyParts } from './lockKey';
export { electionKey, isLockKind, lockKey, parseLockKey } from './lockKey';

export type { ParsedRecord } from './recordFields';
export { MAX_LEASE_DURATION_SECONDS } from './recordFields';
export { parseLeaseSpec } from './leaseParser';
export { parseLeaderAnnotation } from './annotationParser';
export type { LockParse, NotALockReason, ParseLockOptions } from './lockParser';
export { parseLock, parseLockView, roleOf } from './lockParser';
