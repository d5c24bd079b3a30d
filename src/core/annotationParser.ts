// The leader election record of a ConfigMap or Endpoints lock is JSON in the annotation
// control-plane.alpha.kubernetes.io/leader, written by client-go 1.23 and older (and by hand).

import { decodeJson } from './jsonText';
import { goField, isObject, jsonTypeName } from './jsonValue';
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
  const { record, problems } = readRecordFields((name) => goField(value, name), 'annotation');
  return { record, problems, fingerprint: text };
}
