// Reading the fields of a leader election record, shared by the Lease spec and the annotation
// JSON. Each field is read on its own, so one bad value costs that value and not the record.

import { describeValue, jsonTypeName } from './jsonValue';
import type { JsonTypeName, LeaderRecord, LockProblem, RecordField } from './lockView';
import { parseRecordTime, recordTimeFromDate, type RecordTime } from './recordTime';

/**
 * Longer than any real election uses (API server identity leases, the longest, use an hour):
 * beyond it a duration is a typo, and trusting it would show a dead lock as held for years.
 */
export const MAX_LEASE_DURATION_SECONDS = 365 * 24 * 60 * 60;

/** Where the record came from; it decides field names and what a bad value does to client-go. */
export type RecordSource = 'lease' | 'annotation';

/** A record as one parser read it. */
export interface ParsedRecord {
  /** Undefined when nothing of the record could be read. */
  readonly record: LeaderRecord | undefined;
  readonly problems: readonly LockProblem[];
  readonly fingerprint: string | undefined;
}

export interface RecordRead {
  readonly record: LeaderRecord;
  readonly problems: LockProblem[];
}

/** Reads a record through `get`, which returns the raw value of a JSON field name. */
export function readRecordFields(get: (jsonName: string) => unknown, source: RecordSource): RecordRead {
  const problems: LockProblem[] = [];
  const names: Readonly<Record<RecordField, string>> = source === 'lease' ? LEASE_NAMES : ANNOTATION_NAMES;
  const ctx: FieldContext = { source, problems, names };

  const holderIdentity = readString(ctx, 'holderIdentity', get(names.holderIdentity));
  const held = holderIdentity !== undefined && holderIdentity !== '';
  const rawDuration = get(names.leaseDurationSeconds);
  const leaseDurationSeconds = readCount(ctx, 'leaseDurationSeconds', rawDuration, MAX_LEASE_DURATION_SECONDS);
  if (held && (rawDuration === undefined || rawDuration === null)) {
    problems.push({
      code: 'missing',
      field: 'leaseDurationSeconds',
      severity: 'warning',
      message: `${names.leaseDurationSeconds} is missing: client-go candidates read it as 0 s and may take the lock at once`,
    });
  }
  const record: LeaderRecord = {
    holderIdentity,
    leaseDurationSeconds,
    acquireTime: readTime(ctx, 'acquireTime', get(names.acquireTime)),
    renewTime: readTime(ctx, 'renewTime', get(names.renewTime)),
    leaderTransitions: readCount(
      ctx,
      'leaderTransitions',
      get(names.leaderTransitions),
      source === 'lease' ? MAX_INT32 : MAX_INT64,
    ),
    strategy: readString(ctx, 'strategy', get(names.strategy)),
    preferredHolder: readString(ctx, 'preferredHolder', get(names.preferredHolder)),
  };
  return { record, problems };
}

const LEASE_NAMES: Readonly<Record<RecordField, string>> = {
  holderIdentity: 'holderIdentity',
  leaseDurationSeconds: 'leaseDurationSeconds',
  acquireTime: 'acquireTime',
  renewTime: 'renewTime',
  leaderTransitions: 'leaseTransitions',
  strategy: 'strategy',
  preferredHolder: 'preferredHolder',
};

const ANNOTATION_NAMES: Readonly<Record<RecordField, string>> = {
  ...LEASE_NAMES,
  leaderTransitions: 'leaderTransitions',
};

interface FieldContext {
  readonly source: RecordSource;
  readonly problems: LockProblem[];
  readonly names: Readonly<Record<RecordField, string>>;
}

// Go's encoding/json fails the whole record on a value of the wrong type, so a client-go elector
// (1.23 and older, the last to read annotations) can neither renew nor take such a lock.
function consequence(ctx: FieldContext): string {
  return ctx.source === 'annotation' ? '; client-go electors cannot read this record until it is fixed' : '';
}

function wrongType(ctx: FieldContext, field: RecordField, expected: JsonTypeName, value: unknown): void {
  const actual = jsonTypeName(value);
  ctx.problems.push({
    code: 'wrongType',
    field,
    expected,
    actual,
    severity: 'error',
    message: `${ctx.names[field]} is ${article(actual)} (${describeValue(value)}), expected ${article(expected)}${consequence(ctx)}`,
  });
}

function readString(ctx: FieldContext, field: RecordField, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  wrongType(ctx, field, 'string', value);
  return undefined;
}

/** The Lease's transitions are an int32; the annotation's a Go int (64 bits): beyond, client-go cannot decode the record. */
const MAX_INT32 = 2 ** 31 - 1;
const MAX_INT64 = 2 ** 63 - 1;

/** A non-negative integer (durations, transitions) no larger than `max`. */
function readCount(ctx: FieldContext, field: RecordField, value: unknown, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') {
    wrongType(ctx, field, 'number', value);
    return undefined;
  }
  const name = ctx.names[field];
  if (!Number.isFinite(value)) {
    // JSON.parse turns a number beyond ±1.8e308 (e.g. 1e400) into ±Infinity.
    ctx.problems.push({
      code: 'tooLarge',
      field,
      value,
      limit: max,
      severity: 'error',
      message: `${name} is a number too large to read${consequence(ctx)}`,
    });
    return undefined;
  }
  if (!Number.isInteger(value)) {
    ctx.problems.push({
      code: 'notInteger',
      field,
      value,
      severity: 'error',
      message: `${name} is ${describeValue(value)}, not a whole number${consequence(ctx)}`,
    });
    return undefined;
  }
  if (value < 0) {
    ctx.problems.push({ code: 'negative', field, value, severity: 'error', message: `${name} is negative (${value})` });
    return undefined;
  }
  if (value > max) {
    ctx.problems.push({
      code: 'tooLarge',
      field,
      value,
      limit: max,
      severity: 'error',
      message:
        field === 'leaseDurationSeconds'
          ? `${name} is ${value} s, more than a year: not a real lease duration`
          : `${name} is ${value}, more than client-go can read (at most ${max === MAX_INT64 ? '2^63 - 1' : max})${consequence(ctx)}`,
    });
    return undefined;
  }
  return value;
}

function readTime(ctx: FieldContext, field: RecordField, value: unknown): RecordTime | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) {
    const time = recordTimeFromDate(value);
    if (time === undefined)
      ctx.problems.push({
        code: 'badTime',
        field,
        value: 'Invalid Date',
        severity: 'error',
        message: `${ctx.names[field]} is not a valid date`,
      });
    return time;
  }
  if (typeof value !== 'string') {
    wrongType(ctx, field, 'string', value);
    return undefined;
  }
  const time = parseRecordTime(value);
  if (time === undefined) {
    ctx.problems.push({
      code: 'badTime',
      field,
      value,
      severity: 'error',
      message: `${ctx.names[field]} ${describeValue(value)} is not an RFC 3339 time${consequence(ctx)}`,
    });
  }
  return time;
}

function article(type: JsonTypeName): string {
  switch (type) {
    case 'missing':
      return 'missing';
    case 'null':
      return 'null';
    case 'array':
    case 'object':
      return `an ${type}`;
    case 'other':
      return 'a value of another type';
    default:
      return `a ${type}`;
  }
}

/**
 * A string that changes exactly when a field of the record changes. Times count by their text, so
 * a holder that rewrites the same instant differently is a change, as it is for client-go.
 */
export function recordFingerprint(r: LeaderRecord): string {
  return [
    r.holderIdentity === undefined ? '-' : `=${r.holderIdentity}`,
    r.leaseDurationSeconds ?? '-',
    r.acquireTime?.text ?? '-',
    r.renewTime?.text ?? '-',
    r.leaderTransitions ?? '-',
    r.strategy === undefined ? '-' : `=${r.strategy}`,
    r.preferredHolder === undefined ? '-' : `=${r.preferredHolder}`,
  ].join('\u0000');
}
