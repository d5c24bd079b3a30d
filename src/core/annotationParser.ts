// The leader election record of a ConfigMap or Endpoints lock is JSON in the annotation
// control-plane.alpha.kubernetes.io/leader, written by client-go 1.23 and older (and by hand).

import { decodeJson, memberNumberTexts } from './jsonText';
import { goField, isObject, jsonTypeName } from './jsonValue';
import type { LeaderRecord, LockProblem } from './lockView';
import { readRecordFields, type ParsedRecord } from './recordFields';

/**
 * The fingerprint is the annotation text itself: client-go decides that the holder renewed by
 * comparing the raw record bytes, so any rewrite counts, even one that decodes the same.
 */
export function parseLeaderAnnotation(text: string): ParsedRecord {
  const decoded = decodeJson(text);
  if (!decoded.ok) {
    const at = decoded.position === undefined ? '' : ` at position ${decoded.position}`;
    return {
      record: undefined,
      fingerprint: text,
      problems: [
        {
          code: 'notJson',
          field: 'annotation',
          position: decoded.position,
          detail: decoded.detail,
          severity: 'error',
          message: `annotation is not valid JSON${at} (${decoded.detail}); client-go electors cannot read this record until it is fixed`,
        },
      ],
    };
  }
  const value = decoded.value;
  if (!isObject(value)) {
    const actual = jsonTypeName(value);
    return {
      record: undefined,
      fingerprint: text,
      problems: [
        {
          code: 'notAnObject',
          field: 'annotation',
          actual,
          severity: 'error',
          message: `annotation holds ${actual === 'array' ? 'an array' : actual === 'null' ? 'null' : `a ${actual}`}, not a JSON object with the leader election record`,
        },
      ],
    };
  }
  const read = readRecordFields((name) => goField(value, name), 'annotation');
  const { record, problems } = notGoIntegers(text, read.record, read.problems);
  return { record, problems, fingerprint: text };
}

/**
 * JSON.parse reads `15.0` and `1e1` as whole numbers, but Go's encoding/json will not decode them
 * into the record's int fields: a client-go elector fails on the whole record. Such a field is a
 * problem, and unreadable like a value of the wrong type.
 */
function notGoIntegers(
  text: string,
  record: LeaderRecord,
  problems: LockProblem[],
): { record: LeaderRecord; problems: LockProblem[] } {
  const literals = memberNumberTexts(text);
  if (literals === undefined) return { record, problems };
  let out = record;
  for (const field of ['leaseDurationSeconds', 'leaderTransitions'] as const) {
    const literal = goField(literals, field);
    if (typeof literal !== 'string' || /^-?\d+$/.test(literal) || out[field] === undefined) continue;
    problems.push({
      code: 'notInteger',
      field,
      value: out[field],
      severity: 'error',
      message: `${field} is written ${literal}, which client-go cannot decode into an integer; client-go electors cannot read this record until it is fixed (write ${out[field]})`,
    });
    out = { ...out, [field]: undefined };
  }
  return { record: out, problems };
}
