import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { formatAge, formatDuration, formatSeconds } from '../../../src/core';

describe('formatDuration: the two largest units, truncated', () => {
  const cases: [number, string][] = [
    [0, '0ms'],
    [850, '850ms'],
    [1000, '1s'],
    [3999, '3s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [125_000, '2m 5s'],
    [3_599_999, '59m 59s'],
    [3_600_000, '1h'],
    [3_840_000, '1h 4m'],
    [3_845_000, '1h 4m'],
    [86_400_000, '1d'],
    [2 * 86_400_000 + 3 * 3_600_000 + 59_000, '2d 3h'],
    [-3000, '-3s'],
    [Number.NaN, '?'],
    [Number.POSITIVE_INFINITY, '?'],
  ];
  for (const [ms, text] of cases) {
    it(`${ms} ms → ${text}`, () => assert.equal(formatDuration(ms), text));
  }

  it('formats whole seconds (lease durations)', () => {
    assert.equal(formatSeconds(15), '15s');
    assert.equal(formatSeconds(3600), '1h');
  });

  it('formats ages in the past and in the future', () => {
    assert.equal(formatAge(3000), '3s ago');
    assert.equal(formatAge(-4000), 'in 4s');
    assert.equal(formatAge(Number.NaN), '?');
  });
});
