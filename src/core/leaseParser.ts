// The leader election record of a Lease is its spec (client-go LeaseSpecToLeaderElectionRecord).

import { isObject, jsonTypeName, own } from './jsonValue';
import { readRecordFields, recordFingerprint, type ParsedRecord } from './recordFields';

/** A missing spec is an empty record (a Lease created with no spec is simply vacant). */
export function parseLeaseSpec(spec: unknown): ParsedRecord {
  if (spec === undefined || spec === null) spec = {};
  if (!isObject(spec)) {
    return {
      record: undefined,
      fingerprint: undefined,
      problems: [
        {
          code: 'notAnObject',
          field: 'spec',
          actual: jsonTypeName(spec),
          severity: 'error',
          message: `the Lease spec is ${jsonTypeName(spec) === 'array' ? 'an array' : `a ${jsonTypeName(spec)}`}, not an object`,
        },
      ],
    };
  }
  const { record, problems } = readRecordFields((name) => own(spec, name), 'lease');
  return { record, problems, fingerprint: recordFingerprint(record) };
}
