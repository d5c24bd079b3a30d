import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  spokenDurations,
  ago,
  formatAge,
  formatDuration,
  formatInterval,
  formatSeconds,
  ROW_IDENTITY_LENGTH,
  shortIdentity,
} from '../../../src/core';

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

describe('very old ages read as a date and a rounded age', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('"on 2019-08-14, 7.3 years ago" rather than "2658d 0h ago"', () => {
    const ms = now - Date.parse('2019-08-14T12:00:00Z');
    assert.match(formatAge(ms, now), /^on 2019-08-1\d, 7\.3 years ago$/);
    assert.match(ago(ms, now), /^on 2019-08-1\d, 7\.3 years ago$/);
  });
  it('days from a week on, the two-unit form below', () => {
    assert.match(formatAge(12 * 86_400_000 + 5000, now), /^on 2026-11-1\d, 12 days ago$/);
    assert.equal(formatAge(6 * 86_400_000, now), '6d ago');
    assert.equal(formatAge(6 * 86_400_000), '6d ago');
    assert.equal(formatAge(-52 * 60_000, now), 'in 52m');
  });
});

describe('intervals keep tenths under ten seconds (renew intervals)', () => {
  it('1.5s, 2.0s, 12s', () => {
    assert.deepEqual([850, 1500, 2000, 12_400].map(formatInterval), ['850ms', '1.5s', '2.0s', '12s']);
  });
});

describe('identities in rows: shortened in the middle', () => {
  it('a <pod>_<uuid> keeps the pod and the ends of the uuid', () => {
    assert.equal(
      shortIdentity('snapshot-controller-5d8f9c7b4-x2x9k_1b4e28ba-2fa1-11d2-883f-0016d3cca427'),
      'snapshot-controller-5d8f9c7b4-x2x9k_1b4e…a427',
    );
  });
  it('short identities are left alone; other long ones keep their start and end', () => {
    assert.equal(shortIdentity('node-a_1234'), 'node-a_1234');
    const long = `${'a'.repeat(40)}-${'b'.repeat(40)}`;
    const short = shortIdentity(long);
    assert.equal([...short].length, ROW_IDENTITY_LENGTH);
    assert.ok(short.startsWith('aaaa') && short.endsWith('bbbb') && short.includes('…'), short);
  });
  it('keeps the count of a value displayText already cut', () => {
    const cut = `big-${'x'.repeat(252)}… (99744 more characters)`;
    assert.equal(shortIdentity(cut), cut);
  });
});

describe('durations as a screen reader says them', () => {
  for (const [text, spoken] of [
    ['renewed 1s ago', 'renewed 1 second ago'],
    ['expired: no change seen for 2h 18m', 'expired: no change seen for 2 hours 18 minutes'],
    ['expiring: 7s left', 'expiring: 7 seconds left'],
    ['renewed 3d 1h ago', 'renewed 3 days 1 hour ago'],
    ['renew interval 1.5s, 250ms', 'renew interval 1.5 seconds, 250 milliseconds'],
    ['renewed just now', 'renewed just now'],
    ['flapping: 8 leaders in 10 min', 'flapping: 8 leaders in 10 min'],
    ['web-7d9f8 x12sx', 'web-7d9f8 x12sx'],
  ] as const) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(spoken)}`, () => assert.equal(spokenDurations(text), spoken));
  }
});
