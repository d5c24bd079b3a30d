// The edge where Kubernetes objects become lock views. Whatever the input, parseLock returns: a
// lock (with problems for what could not be read) or a reason the object is not a lock.

import { parseLeaderAnnotation } from './annotationParser';
import { APISERVER_IDENTITY_LABEL, LEADER_ANNOTATION, NODE_LEASE_NAMESPACE } from './kubeObjects';
import { isObject, jsonTypeName, own, ownString, stringMap } from './jsonValue';
import { isLockKind, lockKey } from './lockKey';
import type { LockKind, LockProblem, LockRole, LockView, ObjectDetail } from './lockView';
import { parseLeaseSpec } from './leaseParser';
import type { ParsedRecord } from './recordFields';

export interface ParseLockOptions {
  /** The kubeconfig context the object was read through. */
  readonly context: string;
  /**
   * The kind to assume when the object does not name it: metadata-only objects say
   * `PartialObjectMetadata`, and list items from some clients carry no kind at all.
   */
  readonly kind?: LockKind;
  /** `metadata` when the object came from a metadata-only list or watch. */
  readonly detail?: ObjectDetail;
}

export type NotALockReason = 'notAnObject' | 'unknownKind' | 'noName' | 'noLeaderAnnotation';

export type LockParse =
  | { readonly type: 'lock'; readonly lock: LockView }
  | { readonly type: 'notALock'; readonly reason: NotALockReason; readonly message: string };

const METADATA_KIND = 'PartialObjectMetadata';

export function parseLock(input: unknown, options: ParseLockOptions): LockParse {
  if (!isObject(input)) return notALock('notAnObject', `expected a Kubernetes object, got ${jsonTypeName(input)}`);
  const declared = own(input, 'kind');
  const kind = isLockKind(declared)
    ? declared
    : declared === undefined || declared === METADATA_KIND
      ? options.kind
      : undefined;
  if (kind === undefined) {
    return notALock(
      'unknownKind',
      `${typeof declared === 'string' ? declared : 'an object without a kind'} is not a Lease, ConfigMap or Endpoints`,
    );
  }
  const metadata = own(input, 'metadata');
  const name = ownString(metadata, 'name');
  if (name === undefined || name === '') return notALock('noName', `the ${kind} has no metadata.name`);
  const namespace = ownString(metadata, 'namespace') ?? '';
  const labels = isObject(metadata) ? stringMap(own(metadata, 'labels')) : {};
  const detail: ObjectDetail =
    options.detail === 'metadata' || declared === METADATA_KIND || own(input, 'apiVersion') === 'meta.k8s.io/v1'
      ? 'metadata'
      : 'full';

  let parsed: ParsedRecord;
  if (kind === 'Lease') {
    // A metadata-only Lease has no spec, which is not the same as an empty one.
    const spec = own(input, 'spec');
    parsed = detail === 'metadata' && spec === undefined ? NO_RECORD : parseLeaseSpec(spec);
  } else {
    const annotations = isObject(metadata) ? own(metadata, 'annotations') : undefined;
    const raw = isObject(annotations) ? own(annotations, LEADER_ANNOTATION) : undefined;
    if (raw === undefined) return notALock('noLeaderAnnotation', `the ${kind} has no ${LEADER_ANNOTATION} annotation`);
    parsed = typeof raw === 'string' ? parseLeaderAnnotation(raw) : annotationNotString(raw);
  }

  const record = parsed.record;
  const holder =
    record?.holderIdentity === undefined || record.holderIdentity === '' ? undefined : record.holderIdentity;
  const lock: LockView = {
    key: lockKey(options.context, kind, namespace, name),
    context: options.context,
    kind,
    namespace,
    name,
    uid: ownString(metadata, 'uid'),
    resourceVersion: ownString(metadata, 'resourceVersion'),
    role: roleOf(kind, namespace, labels),
    detail,
    record,
    holder,
    problems: parsed.problems,
    fingerprint: parsed.fingerprint,
    labels,
  };
  return { type: 'lock', lock };
}

/** Like parseLock, for callers that only want locks. */
export function parseLockView(input: unknown, options: ParseLockOptions): LockView | undefined {
  const parsed = parseLock(input, options);
  return parsed.type === 'lock' ? parsed.lock : undefined;
}

export function roleOf(kind: LockKind, namespace: string, labels: Readonly<Record<string, string>>): LockRole {
  if (kind !== 'Lease') return 'election';
  if (namespace === NODE_LEASE_NAMESPACE) return 'nodeHeartbeat';
  const identity = labels[APISERVER_IDENTITY_LABEL];
  if (identity === 'kube-apiserver') return 'apiServerIdentity';
  // Other components publish identity leases under the same label; nobody elects through them.
  if (identity !== undefined) return 'other';
  return 'election';
}

const NO_RECORD: ParsedRecord = { record: undefined, problems: [], fingerprint: undefined };

function annotationNotString(raw: unknown): ParsedRecord {
  const actual = jsonTypeName(raw);
  const problem: LockProblem = {
    code: 'wrongType',
    field: 'annotation',
    expected: 'string',
    actual,
    severity: 'error',
    message: `annotation ${LEADER_ANNOTATION} is not a string`,
  };
  return { record: undefined, problems: [problem], fingerprint: undefined };
}

function notALock(reason: NotALockReason, message: string): LockParse {
  return { type: 'notALock', reason, message };
}
