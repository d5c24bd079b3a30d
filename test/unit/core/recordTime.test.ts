import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { formatMicroTime, formatRfc3339Seconds, parseRecordTime } from '../../../src/core';

describe('record times', () => {
  const valid: [string, string][] = [
    ['2026-11-23T20:10:11Z', '2026-11-23T20:10:11.000Z'],
    ['2026-11-23T20:10:11.123456Z', '2026-11-23T20:10:11.123Z'],
    ['2026-11-23T20:10:11.1Z', '2026-11-23T20:10:11.100Z'],
    ['2026-11-23T21:10:11+01:00', '2026-11-23T20:10:11.000Z'],
    ['2026-11-23T15:40:11-04:30', '2026-11-23T20:10:11.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
  ];
  for (const [text, iso] of valid) {
    it(`parses ${text}`, () => {
      const t = parseRecordTime(text);
      assert.equal(t?.text, text);
      assert.equal(t === undefined ? '' : new Date(t.epochMs).toISOString(), iso);
    });
  }

  const invalid = [
    '',
    'yesterday',
    '2026-11-23',
    '2026-11-23 20:10:11Z',
    '2026-11-23T20:10:11',
    '2026-13-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T20:60:00Z',
    '2026-11-23T20:10:11+25:00',
    '2026-11-23T20:10:11.Z',
    ' 2026-11-23T20:10:11Z',
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => assert.equal(parseRecordTime(text), undefined));
  }

  it('writes MicroTime with six fractional digits, as the API server does', () => {
    assert.equal(formatMicroTime(Date.parse('2026-11-23T20:10:11.123Z')), '2026-11-23T20:10:11.123000Z');
  });

  it('writes metav1.Time in whole seconds, truncated like Go', () => {
    assert.equal(formatRfc3339Seconds(Date.parse('2026-11-23T20:10:11.999Z')), '2026-11-23T20:10:11Z');
  });

  it('refuses instants RFC 3339 cannot write', () => {
    assert.equal(formatMicroTime(Number.NaN), undefined);
    assert.equal(formatRfc3339Seconds(8.64e15), undefined);
  });
});
