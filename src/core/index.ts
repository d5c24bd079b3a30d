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
export { LOCK_KINDS } from './lockView';

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

export type { ClockSkew, HealthOptions, HealthStatus, LockHealth, LockObservation, UnknownReason } from './lockHealth';
export { DEFAULT_EXPIRING_SHARE, DEFAULT_SKEW_TOLERANCE_MS, lockHealth } from './lockHealth';

export { RingBuffer } from './ringBuffer';
export type {
  ChangeSource,
  FlappingOptions,
  HistoryOptions,
  HolderChange,
  LeadershipSegment,
  ReadonlyLockHistory,
  RenewInterval,
} from './lockHistory';
export {
  DEFAULT_CHANGE_CAPACITY,
  DEFAULT_RATE_WINDOW_MS,
  DEFAULT_RENEW_CAPACITY,
  DEFAULT_FLAPPING_WINDOW_MS,
  LockHistory,
  flapping,
  isFlapping,
  leadershipChanges,
  leadershipSegments,
  renewIntervals,
  transitionsPerHour,
} from './lockHistory';

export type { LeaderEvent, LeaderEventMessage, LeaderEventSubject, LeaderTransition } from './leaderEvents';
export { LEADER_ELECTION_REASON, leaderEventLockKey, parseLeaderEvent, parseLeaderEventMessage } from './leaderEvents';

export type { HolderAgreement, LockMutation, MultiLock, MultiLockMutationResult, MultiLockOptions } from './multiLock';
export {
  UNKNOWN_LEADER,
  copyPrimaryRecord,
  findMultiLocks,
  pairMultiLock,
  releaseMultiLock,
  takeOverMultiLock,
} from './multiLock';

export type { LeaseCandidateView } from './leaseCandidate';
export { ELECTION_WAIT_SECONDS, isCoordinated, parseVersion, pickOf } from './coordinatedElection';
export { candidateKey, parseLeaseCandidate } from './leaseCandidate';

export type {
  MutationOptions,
  MutationProblem,
  MutationProblemCode,
  MutationResult,
  TakeOverOptions,
  WrittenRecord,
} from './lockMutations';
export {
  DEFAULT_LEASE_DURATION_SECONDS,
  RELEASED_LEASE_DURATION_SECONDS,
  releaseLock,
  takeOverLock,
} from './lockMutations';

export type { Clock, Disposable, Scheduler } from './scheduler';
export type {
  ConnectionState,
  LockSnapshot,
  LockStoreChange,
  LockStoreListener,
  LockStoreOptions,
  ObservedLock,
  ParseHint,
  ReplaceScope,
  WatchEventType,
} from './lockStore';
export { DEFAULT_BATCH_INTERVAL_MS, LockStore } from './lockStore';

export {
  ago,
  DATED_AGE_MS,
  formatAge,
  formatClock,
  formatCount,
  formatDate,
  formatDuration,
  formatInterval,
  formatSeconds,
  formatTimeOfDay,
  spokenDurations,
  formatTimestamp,
} from './durations';
export { ROW_IDENTITY_LENGTH, shortIdentity } from './identityText';
export type { TakeoverClock, TakeoverStatus } from './takeoverClock';
export { takeoverClock } from './takeoverClock';
export type {
  HalvesDisagree,
  HolderEvidence,
  Liveness,
  LockEvidence,
  LockState,
  LockStateKind,
  LockThresholds,
  LockVerdict,
  SkewJudgement,
} from './lockLiveness';
export {
  countsAsStopped,
  DEFAULT_THRESHOLDS,
  LOCK_STATE_KINDS,
  lockStateWord,
  lockState,
  lockVerdict,
  verdictCountsAsStopped,
} from './lockLiveness';
export type { EvidenceInput } from './lockEvidence';
export { holderEvidence, lockEvidence } from './lockEvidence';
export { ClockOffsets } from './clockOffsets';
export { displayText, MAX_COMBINING_MARKS, MAX_DISPLAY_LENGTH } from './displayText';
export { codeSpan, escapeMarkdown, MAX_SENTENCE_LENGTH } from './markdownText';
export { clockSkew } from './lockHealth';
export type { ChangeRecord } from './lockHistory';
export { leaderEventChanges } from './lockHistory';

export type { AttentionReason } from './lockAttention';
export {
  ATTENTION_REASONS,
  attentionWord,
  attentionRecheckAt,
  countsForAttention,
  evidenceSkew,
  FLAPPING_RECHECK_MS,
  lockAttention,
  MAX_RECHECK_MS,
  offsetSensitive,
} from './lockAttention';
export type { AttentionChange, AttentionEntry, AttentionSource } from './attentionIndex';
export { AttentionIndex } from './attentionIndex';
export { DueQueue } from './dueQueue';

export type {
  AlertEvent,
  AlertKind,
  AlertObservation,
  ContextAlert,
  ContextAlertKind,
  LockAlert,
  LockAlertKind,
} from './lockAlerts';
export { alertSetting, isLockAlert, LOCK_ALERT_KINDS, stopGraceMs, WatchedLockTracker } from './lockAlerts';
export type { AlertDelivery, AlertGateOptions, GateResult, SuppressedWhy } from './alertGate';
export { AlertGate, DEFAULT_ALERT_INTERVAL_MS, DEFAULT_SUMMARY_THRESHOLD } from './alertGate';

export type {
  JournalChange,
  JournalChangeWeight,
  JournalEntry,
  JournalFlap,
  JournalInterval,
  JournalObservation,
  JournalSkew,
  JournalWrite,
  WriteAction as JournalWriteAction,
} from './lockJournal';
export { JOURNAL_LIMITS, LockJournal } from './lockJournal';
export type { ContextHistory, HistoryRead } from './historyFile';
export { HISTORY_FORMAT, HISTORY_VERSION, MAX_HISTORY_FILE_BYTES, parseHistory, serializeHistory } from './historyFile';
export type { IntervalStats } from './intervalStats';
export { intervalStats, nearestRank } from './intervalStats';
export type { LockTimeline, TimelineChange, TimelineInput, TimelineNow } from './timelineExport';
export { buildTimeline, iso, TIMELINE_FORMAT, timelineJson, timelineMarkdown } from './timelineExport';
