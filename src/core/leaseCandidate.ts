// LeaseCandidates (coordination.k8s.io v1beta1, coordinated leader election, KEP-4355): each
// candidate for a Lease announces its versions and strategy, and the API server picks the holder.
// Clusters that do not serve the API simply have none; nothing here assumes they exist.

import { describeValue, isObject, jsonTypeName, own, ownString } from './jsonValue';
import { lockKey } from './lockKey';
import type { LockKey, LockProblem } from './lockView';
import { parseRecordTime, recordTimeFromDate, type RecordTime } from './recordTime';

export interface LeaseCandidateView {
  /** `context/LeaseCandidate/namespace/name`. */
  readonly key: string;
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  readonly resourceVersion: string | undefined;
  readonly leaseName: string | undefined;
  /** The Lease this candidate contends for (same context and namespace). */
  readonly leaseKey: LockKey | undefined;
  readonly binaryVersion: string | undefined;
  readonly emulationVersion: string | undefined;
  readonly strategy: string | undefined;
  /** When the API server last asked the candidate to renew (its clock). */
  readonly pingTime: RecordTime | undefined;
  readonly renewTime: RecordTime | undefined;
  /** False while a ping is newer than the last renewal: the candidate has not answered yet. */
  readonly answeredPing: boolean | undefined;
  /** metadata.creationTimestamp: the election controller's last tie-break (older wins). */
  readonly createdAt: RecordTime | undefined;
  readonly problems: readonly LockProblem[];
}

export function candidateKey(context: string, namespace: string, name: string): string {
  return `${context}/LeaseCandidate/${namespace}/${name}`;
}

/** Undefined for anything that is not a LeaseCandidate with a name. */
export function parseLeaseCandidate(input: unknown, context: string): LeaseCandidateView | undefined {
  if (!isObject(input)) return undefined;
  const kind = own(input, 'kind');
  if (kind !== undefined && kind !== 'LeaseCandidate') return undefined;
  const metadata = own(input, 'metadata');
  const name = ownString(metadata, 'name');
  if (name === undefined || name === '') return undefined;
  const namespace = ownString(metadata, 'namespace') ?? '';
  const problems: LockProblem[] = [];
  const spec = own(input, 'spec');
  if (spec !== undefined && spec !== null && !isObject(spec)) {
    problems.push({
      code: 'notAnObject',
      field: 'spec',
      actual: jsonTypeName(spec),
      severity: 'error',
      message: 'the LeaseCandidate spec is not an object',
    });
  }
  const s = isObject(spec) ? spec : {};
  const str = (field: string): string | undefined => {
    const v = own(s, field);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    problems.push({
      code: 'wrongType',
      field,
      expected: 'string',
      actual: jsonTypeName(v),
      severity: 'error',
      message: `${field} is not a string`,
    });
    return undefined;
  };
  const time = (field: string): RecordTime | undefined => {
    const v = own(s, field);
    if (v === undefined || v === null) return undefined;
    const t = v instanceof Date ? recordTimeFromDate(v) : typeof v === 'string' ? parseRecordTime(v) : undefined;
    if (t === undefined)
      problems.push({
        code: 'badTime',
        field,
        value: describeValue(v),
        severity: 'error',
        message: `${field} ${describeValue(v)} is not an RFC 3339 time`,
      });
    return t;
  };
  // Read in the spec's field order, so problems are listed in it.
  const leaseName = str('leaseName');
  const binaryVersion = str('binaryVersion');
  const emulationVersion = str('emulationVersion');
  const strategy = str('strategy');
  const pingTime = time('pingTime');
  const renewTime = time('renewTime');
  return {
    key: candidateKey(context, namespace, name),
    context,
    namespace,
    name,
    uid: ownString(metadata, 'uid'),
    resourceVersion: ownString(metadata, 'resourceVersion'),
    leaseName,
    leaseKey: leaseName === undefined || leaseName === '' ? undefined : lockKey(context, 'Lease', namespace, leaseName),
    binaryVersion,
    emulationVersion,
    strategy,
    pingTime,
    renewTime,
    answeredPing: pingTime === undefined ? undefined : renewTime !== undefined && renewTime.epochMs >= pingTime.epochMs,
    createdAt: createdAt(metadata),
    problems,
  };
}

function createdAt(metadata: unknown): RecordTime | undefined {
  const text = ownString(metadata, 'creationTimestamp');
  return text === undefined ? undefined : parseRecordTime(text);
}
