import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { parseLockView, releaseLock, takeOverLock, type KubeObject, type MutationResult } from '../../../src/core';
import {
  annotationRecord,
  configMapLock,
  endpointsLock,
  LEADER_ANNOTATION,
  schedulerLease,
} from '../../fixtures/locks';

const now = Date.parse('2026-11-23T20:15:00.654Z');
const NOW_MICRO = '2026-11-23T20:15:00.654000Z';
const NOW_SECONDS = '2026-11-23T20:15:00Z';

function written(result: MutationResult): KubeObject {
  assert.equal(result.ok, true, result.ok ? '' : result.problem.message);
  if (!result.ok) throw new Error('unreachable');
  return result.object;
}

function annotationOf(object: KubeObject): unknown {
  const text = object.metadata?.annotations?.[LEADER_ANNOTATION];
  assert.equal(typeof text, 'string');
  return JSON.parse(text ?? '');
}

/** Freezes deeply, so a mutation that writes into its input throws. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

describe('releaseLock: a Lease, as client-go tryRelease writes it', () => {
  it('empties the holder, sets the duration to 1 s and both times to now, keeps transitions', () => {
    const observed = frozen(schedulerLease());
    const out = written(releaseLock(observed, { now }));
    assert.deepEqual(out.spec, {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: NOW_MICRO,
      renewTime: NOW_MICRO,
      leaseTransitions: 2,
    });
    assert.deepEqual(Object.keys(out.spec as object), [
      'holderIdentity',
      'leaseDurationSeconds',
      'acquireTime',
      'renewTime',
      'leaseTransitions',
    ]);
  });

  it('keeps identity, metadata and resourceVersion as read', () => {
    const observed = frozen(schedulerLease());
    const out = written(releaseLock(observed, { now }));
    assert.equal(out.apiVersion, 'coordination.k8s.io/v1');
    assert.equal(out.kind, 'Lease');
    assert.deepEqual(out.metadata, observed.metadata);
    assert.equal(out.metadata?.resourceVersion, '1042');
  });

  it('keeps the strategy of a coordinated Lease and drops preferredHolder, and says so', () => {
    const result = releaseLock(schedulerLease({ strategy: 'OldestEmulationVersion', preferredHolder: 'cp-2' }), {
      now,
    });
    const out = written(result);
    assert.equal((out.spec as Record<string, unknown>).strategy, 'OldestEmulationVersion');
    assert.equal((out.spec as Record<string, unknown>).preferredHolder, undefined);
    assert.ok(result.ok && result.record.strategy === 'OldestEmulationVersion');
    assert.ok(result.ok && result.notes.some((n) => /strategy OldestEmulationVersion is kept/.test(n)));
    assert.ok(result.ok && result.notes.some((n) => /preferredHolder cp-2 is dropped/.test(n)));
  });

  it('writes no strategy where there was none', () => {
    const spec = written(releaseLock(schedulerLease(), { now })).spec as Record<string, unknown>;
    assert.equal('strategy' in spec, false);
  });

  it('starts transitions from 0 when the record had none', () => {
    assert.equal(
      (written(releaseLock(schedulerLease({ leaseTransitions: undefined }), { now })).spec as Record<string, unknown>)
        .leaseTransitions,
      0,
    );
  });

  it('reports what it wrote', () => {
    const result = releaseLock(schedulerLease(), { now });
    assert.deepEqual(result.ok && result.record, {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: NOW_MICRO,
      renewTime: NOW_MICRO,
      leaderTransitions: 2,
    });
  });
});

describe('takeOverLock: a Lease, as client-go tryAcquireOrRenew writes it', () => {
  it('a new holder: acquire and renew now, transitions + 1, duration kept', () => {
    const out = written(takeOverLock(frozen(schedulerLease()), { now, holder: 'operator_1' }));
    assert.deepEqual(out.spec, {
      holderIdentity: 'operator_1',
      leaseDurationSeconds: 15,
      acquireTime: NOW_MICRO,
      renewTime: NOW_MICRO,
      leaseTransitions: 3,
    });
    assert.equal(out.metadata?.resourceVersion, '1042');
  });

  const fromVacant: [string, Parameters<typeof schedulerLease>[0], number][] = [
    ['an empty holder (released)', { holderIdentity: '' }, 3],
    [
      'a missing holder and no transitions (created by hand)',
      { holderIdentity: undefined, leaseTransitions: undefined },
      1,
    ],
  ];
  for (const [what, spec, transitions] of fromVacant) {
    it(`from ${what}: transitions + 1, as client-go counts any change of holder`, () => {
      const out = written(takeOverLock(schedulerLease(spec), { now, holder: 'operator_1' }));
      assert.equal((out.spec as Record<string, unknown>).leaseTransitions, transitions);
    });
  }

  it('by the current holder: a renewal, acquireTime and transitions kept', () => {
    const observed = schedulerLease();
    const result = takeOverLock(observed, { now, holder: 'control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c' });
    assert.deepEqual(written(result).spec, {
      holderIdentity: 'control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c',
      leaseDurationSeconds: 15,
      acquireTime: '2026-11-23T20:00:05.000000Z',
      renewTime: NOW_MICRO,
      leaseTransitions: 2,
    });
    assert.ok(result.ok && result.notes.some((n) => /already holds/.test(n)));
  });

  it('writes 15 s (client-go default) when the record has no usable duration', () => {
    for (const leaseDurationSeconds of [undefined, 0, -4]) {
      const result = takeOverLock(schedulerLease({ leaseDurationSeconds }), { now, holder: 'op' });
      assert.equal((written(result).spec as Record<string, unknown>).leaseDurationSeconds, 15);
      assert.ok(result.ok && result.notes.some((n) => /writing 15 s/.test(n)));
    }
    assert.equal(
      (
        written(
          takeOverLock(schedulerLease({ leaseDurationSeconds: undefined }), {
            now,
            holder: 'op',
            defaultLeaseDurationSeconds: 30,
          }),
        ).spec as Record<string, unknown>
      ).leaseDurationSeconds,
      30,
    );
  });

  it('keeps strategy (last, as client-go marshals LeaseSpec) and drops preferredHolder', () => {
    const spec = written(
      takeOverLock(schedulerLease({ strategy: 'OldestEmulationVersion', preferredHolder: 'x' }), { now, holder: 'op' }),
    ).spec as Record<string, unknown>;
    assert.deepEqual(Object.keys(spec), [
      'holderIdentity',
      'leaseDurationSeconds',
      'acquireTime',
      'renewTime',
      'leaseTransitions',
      'strategy',
    ]);
  });

  it('drops a preferredHolder that names the new holder too: it would stop that holder from renewing', () => {
    const spec = written(
      takeOverLock(schedulerLease({ strategy: 'OldestEmulationVersion', preferredHolder: 'op' }), {
        now,
        holder: 'op',
      }),
    ).spec as Record<string, unknown>;
    assert.equal(spec.preferredHolder, undefined);
    assert.equal(spec.holderIdentity, 'op');
  });

  it('refuses an empty new holder', () => {
    const result = takeOverLock(schedulerLease(), { now, holder: '  ' });
    assert.deepEqual(result.ok ? '' : result.problem.code, 'noHolder');
  });
});

describe('mutations of ConfigMap and Endpoints locks rewrite only the annotation', () => {
  it('release: the record as client-go 1.23 marshals it, whole seconds', () => {
    const observed = frozen(configMapLock());
    const out = written(releaseLock(observed, { now }));
    assert.equal(
      out.metadata?.annotations?.[LEADER_ANNOTATION],
      `{"holderIdentity":"","leaseDurationSeconds":1,"acquireTime":"${NOW_SECONDS}","renewTime":"${NOW_SECONDS}","leaderTransitions":1}`,
    );
  });

  it('keeps every other annotation, the data, and the resourceVersion', () => {
    const observed = frozen(configMapLock());
    const out = written(releaseLock(observed, { now }));
    assert.equal(out.metadata?.annotations?.['example.com/owner'], 'team-a');
    assert.deepEqual(out.data, { 'config.yaml': 'unrelated: true\n' });
    assert.equal(out.metadata?.resourceVersion, '555');
    assert.equal(out.metadata?.uid, 'cm-uid-1');
    const { annotations: a1, ...rest1 } = out.metadata ?? {};
    const { annotations: a0, ...rest0 } = observed.metadata ?? {};
    assert.deepEqual(rest1, rest0);
    assert.deepEqual(Object.keys(a1 ?? {}), Object.keys(a0 ?? {}));
  });

  it('take over: new holder, times now, transitions + 1, duration kept', () => {
    const out = written(takeOverLock(endpointsLock(), { now, holder: 'operator_1' }));
    assert.deepEqual(annotationOf(out), {
      holderIdentity: 'operator_1',
      leaseDurationSeconds: 15,
      acquireTime: NOW_SECONDS,
      renewTime: NOW_SECONDS,
      leaderTransitions: 2,
    });
    assert.deepEqual(out.subsets, []);
  });

  it('renewal by the current holder keeps acquireTime (re-written in whole seconds) and transitions', () => {
    const out = written(
      takeOverLock(configMapLock(annotationRecord({ acquireTime: '2026-11-23T20:00:05.75Z' })), {
        now,
        holder: 'node-a_1b2c3d4e',
      }),
    );
    assert.deepEqual(annotationOf(out), {
      holderIdentity: 'node-a_1b2c3d4e',
      leaseDurationSeconds: 15,
      acquireTime: '2026-11-23T20:00:05Z',
      renewTime: NOW_SECONDS,
      leaderTransitions: 1,
    });
  });

  it('a renewal of a record that never had acquireTime writes null, as Go marshals a zero time', () => {
    const out = written(
      takeOverLock(configMapLock('{"holderIdentity":"a","leaseDurationSeconds":10}'), { now, holder: 'a' }),
    );
    assert.deepEqual(annotationOf(out), {
      holderIdentity: 'a',
      leaseDurationSeconds: 10,
      acquireTime: null,
      renewTime: NOW_SECONDS,
      leaderTransitions: 0,
    });
  });

  it('works on a metadata-only copy (the record is metadata), naming the kind', () => {
    const { data: _data, ...rest } = configMapLock();
    const meta = { ...rest, apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata' };
    const out = written(releaseLock(meta, { now, kind: 'ConfigMap' }));
    assert.equal(out.kind, 'PartialObjectMetadata');
    assert.equal((annotationOf(out) as Record<string, unknown>).holderIdentity, '');
  });

  it('replaces an unreadable record, saying transitions restart from 0', () => {
    const result = releaseLock(configMapLock('{"holderIdentity":'), { now });
    assert.equal((annotationOf(written(result)) as Record<string, unknown>).leaderTransitions, 0);
    assert.ok(result.ok && result.notes.some((n) => /restarts from 0/.test(n)));
  });
});

describe('mutations refuse what they cannot write', () => {
  const cases: [string, () => MutationResult, string][] = [
    [
      'a metadata-only Lease (no spec to write)',
      () =>
        releaseLock(
          {
            apiVersion: 'meta.k8s.io/v1',
            kind: 'PartialObjectMetadata',
            metadata: { name: 'x', resourceVersion: '1' },
          },
          { now, kind: 'Lease' },
        ),
      'metadataOnly',
    ],
    [
      'a ConfigMap without the leader annotation',
      () => takeOverLock({ kind: 'ConfigMap', metadata: { name: 'x', annotations: {} } }, { now, holder: 'a' }),
      'notALock',
    ],
    [
      'an object whose kind is not the one named',
      () => releaseLock(configMapLock(), { now, kind: 'Lease' }),
      'kindMismatch',
    ],
    ['a Pod', () => releaseLock({ kind: 'Pod', metadata: { name: 'p' } }, { now }), 'unknownKind'],
    ['an object without kind, none named', () => releaseLock({ metadata: { name: 'p' } }, { now }), 'unknownKind'],
    ['not an object', () => releaseLock('lease', { now }), 'notAnObject'],
    ['a clock reading that is not a time', () => releaseLock(schedulerLease(), { now: Number.NaN }), 'badClock'],
  ];
  for (const [what, run, code] of cases) {
    it(`${what}: ${code}`, () => {
      const result = run();
      assert.equal(result.ok ? 'ok' : result.problem.code, code);
    });
  }
});

describe('mutated objects read back as intended', () => {
  it('a released Lease is vacant with its transitions', () => {
    const v = parseLockView(written(releaseLock(schedulerLease(), { now })), { context: 'c' });
    assert.equal(v?.holder, undefined);
    assert.equal(v?.record?.holderIdentity, '');
    assert.equal(v?.record?.leaderTransitions, 2);
    assert.equal(v?.record?.renewTime?.epochMs, now);
    assert.deepEqual(v?.problems, []);
  });

  it('a taken-over ConfigMap has the new holder', () => {
    const v = parseLockView(written(takeOverLock(configMapLock(), { now, holder: 'op' })), { context: 'c' });
    assert.equal(v?.holder, 'op');
    assert.equal(v?.record?.renewTime?.epochMs, Date.parse(NOW_SECONDS));
  });
});
