import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { isCoordinated, parseLeaseCandidate, parseLockView, parseVersion, pickOf } from '../../../src/core';
import { leaseCandidate, schedulerLease } from '../../fixtures/locks';

function candidate(name: string, emulationVersion: string, binaryVersion: string, created = '2026-11-23T20:00:00Z') {
  const c = leaseCandidate(name, { emulationVersion, binaryVersion });
  const view = parseLeaseCandidate({ ...c, metadata: { ...c.metadata, creationTimestamp: created } }, 'c');
  assert.ok(view);
  return view;
}

describe("the coordinated election controller's pick (OldestEmulationVersion)", () => {
  it('prefers the oldest emulation version, then the oldest binary version, then the oldest candidate', () => {
    const table: [string, ReturnType<typeof candidate>[], string[]][] = [
      [
        'oldest emulation version wins',
        [candidate('a', '1.37.0', '1.37.2'), candidate('b', '1.36.0', '1.36.4'), candidate('c', '1.37.0', '1.37.3')],
        ['b'],
      ],
      ['then the oldest binary', [candidate('a', '1.37.0', '1.37.3'), candidate('b', '1.37.0', '1.37.2')], ['b']],
      [
        'then the older LeaseCandidate',
        [
          candidate('a', '1.37.0', '1.37.2', '2026-11-23T20:00:05Z'),
          candidate('b', '1.37.0', '1.37.2', '2026-11-23T20:00:01Z'),
        ],
        ['b'],
      ],
      [
        'a tie within the same second stays a tie',
        [
          candidate('a', '1.37.0', '1.37.2', '2026-11-23T20:00:01.2Z'),
          candidate('b', '1.37.0', '1.37.2', '2026-11-23T20:00:01.9Z'),
        ],
        ['a', 'b'],
      ],
      [
        'versions as the controller parses them',
        [candidate('a', 'v1.36', '1.36.0'), candidate('b', '1.36.1', '1.36.1')],
        ['a'],
      ],
      [
        'a pre-release is older than its release',
        [candidate('a', '1.37.0', '1.37.0'), candidate('b', '1.37.0-rc.1', '1.37.0')],
        ['b'],
      ],
      [
        'unparsable versions are skipped',
        [candidate('a', 'latest', '1.0.0'), candidate('b', '1.37.0', '1.37.0')],
        ['b'],
      ],
      ['nobody qualifies', [candidate('a', 'x', 'y')], []],
    ];
    for (const [what, candidates, expected] of table)
      assert.deepEqual(
        pickOf(candidates).map((c) => c.name),
        expected,
        what,
      );
  });

  it('parses versions tolerantly and refuses what is not one', () => {
    assert.deepEqual(parseVersion('v1.2')?.numbers, [1, 2, 0]);
    assert.deepEqual(parseVersion('1.37.0-alpha.1+abc')?.pre, ['alpha', '1']);
    assert.equal(parseVersion('1.x'), undefined);
    assert.equal(parseVersion(undefined), undefined);
  });

  it('knows a coordinated Lease by its strategy or its candidates, never a legacy lock', () => {
    const plain = parseLockView(schedulerLease(), { context: 'c' })!;
    const coordinated = parseLockView(schedulerLease({ strategy: 'OldestEmulationVersion' }), { context: 'c' })!;
    assert.equal(isCoordinated(plain, []), false);
    assert.equal(isCoordinated(coordinated, []), true);
    assert.equal(isCoordinated(plain, [candidate('a', '1.37.0', '1.37.0')]), true);
  });
});
