import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { parseLock, parseLockView, type LockProblem, type LockView } from '../../../src/core';
import {
  annotationRecord,
  configMapLock,
  endpointsLock,
  LEADER_ANNOTATION,
  nodeLease,
  schedulerLease,
} from '../../fixtures/locks';

const ctx = { context: 'kind-lease-lens' };

function lock(input: unknown, options: Parameters<typeof parseLock>[1] = ctx): LockView {
  const parsed = parseLock(input, options);
  assert.equal(parsed.type, 'lock', parsed.type === 'notALock' ? parsed.message : '');
  if (parsed.type !== 'lock') throw new Error('unreachable');
  return parsed.lock;
}

function codes(view: LockView): string[] {
  return view.problems.map((p) => `${p.severity} ${p.code} ${p.field}`);
}

function only(view: LockView): LockProblem {
  assert.equal(view.problems.length, 1, JSON.stringify(view.problems));
  const p = view.problems[0];
  if (p === undefined) throw new Error('unreachable');
  return p;
}

describe('parseLock: a Lease', () => {
  it('reads identity, record and role of a client-go election Lease', () => {
    const v = lock(schedulerLease());
    assert.equal(v.key, 'kind-lease-lens/Lease/kube-system/kube-scheduler');
    assert.deepEqual(
      {
        context: v.context,
        kind: v.kind,
        namespace: v.namespace,
        name: v.name,
        uid: v.uid,
        resourceVersion: v.resourceVersion,
        role: v.role,
        detail: v.detail,
      },
      {
        context: 'kind-lease-lens',
        kind: 'Lease',
        namespace: 'kube-system',
        name: 'kube-scheduler',
        uid: '6c0b2a8e-8f0e-4c1e-9a55-1f1e2d3c4b5a',
        resourceVersion: '1042',
        role: 'election',
        detail: 'full',
      },
    );
    assert.equal(v.holder, 'control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c');
    assert.equal(v.record?.leaseDurationSeconds, 15);
    assert.equal(v.record?.leaderTransitions, 2);
    assert.equal(v.record?.renewTime?.text, '2026-11-23T20:10:11.123456Z');
    assert.equal(v.record?.renewTime?.epochMs, Date.parse('2026-11-23T20:10:11.123Z'));
    assert.equal(v.record?.acquireTime?.epochMs, Date.parse('2026-11-23T20:00:05Z'));
    assert.deepEqual(v.problems, []);
  });

  it('reads strategy and preferredHolder of a coordinated election Lease (no acquireTime, nothing missing)', () => {
    const v = lock(
      schedulerLease({ strategy: 'OldestEmulationVersion', preferredHolder: 'cp-2', acquireTime: undefined }),
    );
    assert.equal(v.record?.strategy, 'OldestEmulationVersion');
    assert.equal(v.record?.preferredHolder, 'cp-2');
    assert.equal(v.record?.acquireTime, undefined);
    assert.deepEqual(v.problems, []);
  });

  const roles: [string, unknown, LockView['role']][] = [
    ['a node heartbeat in kube-node-lease', nodeLease('worker-1'), 'nodeHeartbeat'],
    [
      'an API server identity lease',
      schedulerLease(
        { holderIdentity: 'apiserver-x', leaseDurationSeconds: 3600 },
        { name: 'apiserver-abc', labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver' } },
      ),
      'apiServerIdentity',
    ],
    [
      'an identity lease of another component',
      schedulerLease(
        {},
        { name: 'kcm-identity', labels: { 'apiserver.kubernetes.io/identity': 'kube-controller-manager' } },
      ),
      'other',
    ],
    ['any other Lease', schedulerLease({}, { namespace: 'my-app' }), 'election'],
    ['a ConfigMap lock', configMapLock(), 'election'],
  ];
  for (const [what, input, role] of roles) {
    it(`gives ${what} the role ${role}`, () => assert.equal(lock(input).role, role));
  }

  it('reads a Lease written by hand: holderIdentity "", renewTime null, no acquireTime — vacant, no problems', () => {
    const v = lock({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'my-lock', namespace: 'default' },
      spec: { holderIdentity: '', renewTime: null, leaseDurationSeconds: 30 },
    });
    assert.equal(v.record?.holderIdentity, '');
    assert.equal(v.holder, undefined);
    assert.equal(v.record?.renewTime, undefined);
    assert.equal(v.record?.acquireTime, undefined);
    assert.equal(v.record?.leaderTransitions, undefined);
    assert.deepEqual(v.problems, []);
  });

  it('tells a missing holder (never set) from an empty one (released), both vacant', () => {
    const missing = lock(schedulerLease({ holderIdentity: undefined }));
    const empty = lock(schedulerLease({ holderIdentity: '' }));
    assert.equal(missing.record?.holderIdentity, undefined);
    assert.equal(empty.record?.holderIdentity, '');
    assert.equal(missing.holder, undefined);
    assert.equal(empty.holder, undefined);
    assert.deepEqual([missing.problems, empty.problems], [[], []]);
  });

  it('reads a holder that renews without ever setting acquireTime', () => {
    const v = lock(schedulerLease({ acquireTime: undefined, leaseTransitions: undefined }));
    assert.equal(v.holder, 'control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c');
    assert.deepEqual(v.problems, []);
  });

  it('treats a Lease with no spec as vacant', () => {
    const v = lock({ kind: 'Lease', metadata: { name: 'x', namespace: 'y' } });
    assert.equal(v.holder, undefined);
    assert.deepEqual(v.problems, []);
  });

  it('says a held Lease without leaseDurationSeconds can be taken at once (client-go reads 0 s)', () => {
    const v = lock(schedulerLease({ leaseDurationSeconds: undefined }));
    const p = only(v);
    assert.equal(p.code, 'missing');
    assert.equal(p.field, 'leaseDurationSeconds');
    assert.equal(p.severity, 'warning');
    assert.match(p.message, /0 s/);
    assert.equal(v.holder, 'control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c');
  });

  it('does not mind a missing duration on a vacant Lease', () => {
    assert.deepEqual(lock(schedulerLease({ holderIdentity: '', leaseDurationSeconds: undefined })).problems, []);
  });

  it('reads times given as Dates (typed clients deserialize them)', () => {
    const v = lock({
      kind: 'Lease',
      metadata: { name: 'x', namespace: 'y' },
      spec: { holderIdentity: 'a', leaseDurationSeconds: 15, renewTime: new Date('2026-11-23T20:10:11.123Z') },
    });
    assert.equal(v.record?.renewTime?.text, '2026-11-23T20:10:11.123000Z');
    assert.deepEqual(v.problems, []);
  });

  it('reads a metadata-only Lease as a lock without a record', () => {
    const v = lock(
      {
        apiVersion: 'meta.k8s.io/v1',
        kind: 'PartialObjectMetadata',
        metadata: { name: 'worker-1', namespace: 'kube-node-lease', resourceVersion: '9' },
      },
      { ...ctx, kind: 'Lease' },
    );
    assert.equal(v.kind, 'Lease');
    assert.equal(v.detail, 'metadata');
    assert.equal(v.record, undefined);
    assert.equal(v.fingerprint, undefined);
    assert.equal(v.role, 'nodeHeartbeat');
    assert.deepEqual(v.problems, []);
  });

  it('accepts list items without a kind when the caller names it', () => {
    const { kind: _kind, ...item } = schedulerLease();
    assert.equal(lock(item, { ...ctx, kind: 'Lease' }).kind, 'Lease');
  });
});

describe('parseLock: bad values in a record each cost that value only', () => {
  const cases: {
    what: string;
    spec: Record<string, unknown>;
    problem: Partial<LockProblem> & { code: string };
    still: (v: LockView) => void;
  }[] = [
    {
      what: 'holderIdentity of the wrong type',
      spec: { holderIdentity: 42 },
      problem: {
        code: 'wrongType',
        field: 'holderIdentity',
        severity: 'error',
        message: 'holderIdentity is a number (42), expected a string',
      },
      still: (v) => assert.equal(v.record?.leaseDurationSeconds, 15),
    },
    {
      what: 'a negative duration',
      spec: { leaseDurationSeconds: -5 },
      problem: {
        code: 'negative',
        field: 'leaseDurationSeconds',
        severity: 'error',
        message: 'leaseDurationSeconds is negative (-5)',
      },
      still: (v) => assert.equal(v.holder, 'control-plane-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c'),
    },
    {
      what: 'an absurd duration',
      spec: { leaseDurationSeconds: 99_999_999 },
      problem: { code: 'tooLarge', field: 'leaseDurationSeconds', severity: 'error' },
      still: (v) => assert.equal(v.record?.leaseDurationSeconds, undefined),
    },
    {
      what: 'a fractional duration',
      spec: { leaseDurationSeconds: 15.5 },
      problem: { code: 'notInteger', field: 'leaseDurationSeconds', severity: 'error' },
      still: (v) => assert.equal(v.record?.leaderTransitions, 2),
    },
    {
      what: 'a duration given as a string',
      spec: { leaseDurationSeconds: '15' },
      problem: {
        code: 'wrongType',
        field: 'leaseDurationSeconds',
        message: 'leaseDurationSeconds is a string ("15"), expected a number',
      },
      still: (v) => assert.equal(v.record?.renewTime?.text, '2026-11-23T20:10:11.123456Z'),
    },
    {
      what: 'an unparseable renewTime',
      spec: { renewTime: 'yesterday' },
      problem: {
        code: 'badTime',
        field: 'renewTime',
        severity: 'error',
        message: 'renewTime "yesterday" is not an RFC 3339 time',
      },
      still: (v) => assert.equal(v.record?.acquireTime?.text, '2026-11-23T20:00:05.000000Z'),
    },
    {
      what: 'an impossible date',
      spec: { acquireTime: '2026-02-30T00:00:00Z' },
      problem: { code: 'badTime', field: 'acquireTime' },
      still: (v) => assert.ok(v.record?.renewTime),
    },
    {
      what: 'negative transitions',
      spec: { leaseTransitions: -1 },
      problem: { code: 'negative', field: 'leaderTransitions', message: 'leaseTransitions is negative (-1)' },
      still: (v) => assert.equal(v.record?.leaseDurationSeconds, 15),
    },
    {
      what: 'a strategy that is not a string',
      spec: { strategy: ['x'] },
      problem: { code: 'wrongType', field: 'strategy', expected: 'string', actual: 'array' },
      still: (v) => assert.equal(v.record?.strategy, undefined),
    },
  ];
  for (const c of cases) {
    it(`${c.what}: ${c.problem.code} on ${String(c.problem.field)}, the rest read`, () => {
      const v = lock(schedulerLease(c.spec as never));
      const p = only(v);
      for (const [k, value] of Object.entries(c.problem))
        assert.deepEqual((p as unknown as Record<string, unknown>)[k], value, k);
      c.still(v);
    });
  }

  it('a spec that is not an object: no record, one problem', () => {
    const v = lock({ kind: 'Lease', metadata: { name: 'x', namespace: 'y' }, spec: 'holder=a' });
    assert.equal(v.record, undefined);
    assert.deepEqual(codes(v), ['error notAnObject spec']);
  });

  it('several bad values: one problem each', () => {
    const v = lock(schedulerLease({ holderIdentity: 7, renewTime: 5, leaseTransitions: 'x' } as never));
    assert.deepEqual(codes(v), [
      'error wrongType holderIdentity',
      'error wrongType renewTime',
      'error wrongType leaderTransitions',
    ]);
    assert.equal(v.record?.leaseDurationSeconds, 15);
  });
});

describe('parseLock: ConfigMap and Endpoints locks', () => {
  it('reads the record from the annotation of a ConfigMap', () => {
    const v = lock(configMapLock());
    assert.equal(v.kind, 'ConfigMap');
    assert.equal(v.holder, 'node-a_1b2c3d4e');
    assert.equal(v.record?.leaderTransitions, 1);
    assert.equal(v.record?.renewTime?.epochMs, Date.parse('2026-11-23T20:10:11Z'));
    assert.equal(v.fingerprint, annotationRecord());
    assert.deepEqual(v.problems, []);
  });

  it('reads the record from the annotation of an Endpoints object', () => {
    const v = lock(endpointsLock(annotationRecord({ holderIdentity: 'b' })));
    assert.equal(v.kind, 'Endpoints');
    assert.equal(v.holder, 'b');
  });

  it('reads a metadata-only ConfigMap: the annotation is metadata, so the record is there', () => {
    const { data: _data, ...rest } = configMapLock();
    const v = lock(
      { ...rest, apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata' },
      { ...ctx, kind: 'ConfigMap' },
    );
    assert.equal(v.detail, 'metadata');
    assert.equal(v.holder, 'node-a_1b2c3d4e');
  });

  it('reads field names the way Go does, ignoring case', () => {
    assert.equal(lock(configMapLock('{"HolderIdentity":"x","LeaseDurationSeconds":10}')).holder, 'x');
  });

  it('reads an annotation without strategy fields (client-go 1.23) with no problems', () => {
    assert.deepEqual(lock(configMapLock()).problems, []);
  });

  const notLocks: [string, unknown, string][] = [
    [
      'a ConfigMap without the annotation',
      { kind: 'ConfigMap', metadata: { name: 'x', namespace: 'y', annotations: { other: '1' } } },
      'noLeaderAnnotation',
    ],
    [
      'an Endpoints object without annotations',
      { kind: 'Endpoints', metadata: { name: 'x', namespace: 'y' } },
      'noLeaderAnnotation',
    ],
    ['a Pod', { kind: 'Pod', metadata: { name: 'x' } }, 'unknownKind'],
    ['an object without kind and no hint', { metadata: { name: 'x' } }, 'unknownKind'],
    ['a Lease without a name', { kind: 'Lease', metadata: { namespace: 'y' } }, 'noName'],
    ['null', null, 'notAnObject'],
    ['an array', [schedulerLease()], 'notAnObject'],
  ];
  for (const [what, input, reason] of notLocks) {
    it(`${what} is not a lock (${reason})`, () => {
      const parsed = parseLock(input, ctx);
      assert.equal(parsed.type, 'notALock');
      if (parsed.type === 'notALock') assert.equal(parsed.reason, reason);
      assert.equal(parseLockView(input, ctx), undefined);
    });
  }
});

describe('parseLock: a broken annotation is a lock with a problem', () => {
  it('invalid JSON: the position, and that client-go electors are stuck', () => {
    const text = '{"holderIdentity":}';
    const v = lock(configMapLock(text));
    const p = only(v);
    assert.equal(p.code, 'notJson');
    if (p.code !== 'notJson') return;
    assert.equal(p.position, 18);
    assert.match(p.message, /^annotation is not valid JSON at position 18 \(expected a value\)/);
    assert.match(p.message, /client-go electors cannot read this record/);
    assert.equal(v.record, undefined);
    assert.equal(v.name, 'legacy-controller');
    assert.equal(v.resourceVersion, '555');
  });

  it('truncated JSON: the position is the end of the text', () => {
    const text = annotationRecord().slice(0, 30);
    const p = only(lock(configMapLock(text)));
    assert.equal(p.code === 'notJson' ? p.position : -1, 30);
  });

  it('an empty annotation is not JSON', () => {
    const p = only(lock(configMapLock('')));
    assert.deepEqual([p.code, p.code === 'notJson' ? p.position : -1], ['notJson', 0]);
  });

  const notObjects: [string, string][] = [
    ['an array', '[]'],
    ['a string', '"node-a"'],
    ['null', 'null'],
    ['a number', '17'],
  ];
  for (const [what, text] of notObjects) {
    it(`JSON that is ${what}: notAnObject`, () => {
      const p = only(lock(configMapLock(text)));
      assert.equal(p.code, 'notAnObject');
      assert.equal(p.field, 'annotation');
    });
  }

  it('wrong types inside the annotation say that client-go cannot read it, and the rest is read', () => {
    const v = lock(configMapLock(annotationRecord({ leaseDurationSeconds: '15' })));
    const p = only(v);
    assert.equal(p.code, 'wrongType');
    assert.match(p.message, /client-go electors cannot read this record/);
    assert.equal(v.holder, 'node-a_1b2c3d4e');
    assert.equal(v.record?.leaderTransitions, 1);
  });

  for (const [field, literal, value] of [
    ['leaseDurationSeconds', '15.0', 15],
    ['leaseDurationSeconds', '1e1', 10],
    ['leaderTransitions', '1.5e1', 15],
    ['leaderTransitions', '3E0', 3],
  ] as const) {
    it(`${field} written ${literal}: a number Go cannot decode into an int is a problem, not ${value}`, () => {
      const text = `{"holderIdentity":"node-a","${field}":${literal},"renewTime":"2026-11-23T20:10:11Z"}`;
      const v = lock(configMapLock(text));
      const p = v.problems.find((x) => x.field === field && x.severity === 'error');
      assert.ok(p, JSON.stringify(v.problems));
      assert.equal(p.code, 'notInteger');
      assert.match(
        p.message,
        new RegExp(
          `${field} is written ${literal.replace('.', '\\.')}, which client-go cannot decode into an integer; client-go electors cannot read this record`,
        ),
      );
      assert.equal(v.record?.[field], undefined, 'unreadable, like a value of the wrong type');
      assert.equal(v.holder, 'node-a');
    });
  }

  it('the same numbers written as integers are fine, however they are spaced', () => {
    const v = lock(
      configMapLock('{ "holderIdentity" : "node-a" , "leaseDurationSeconds" : 15 , "leaderTransitions":-0 }'),
    );
    assert.deepEqual(
      v.problems.filter((p) => p.code === 'notInteger'),
      [],
    );
    assert.equal(v.record?.leaseDurationSeconds, 15);
  });

  it('a negative duration in the annotation is an error client-go would still read', () => {
    const p = only(lock(configMapLock(annotationRecord({ leaseDurationSeconds: -1 }))));
    assert.equal(p.code, 'negative');
    assert.doesNotMatch(p.message, /cannot read/);
  });

  it('null values in the annotation read as absent (Go leaves zero values)', () => {
    const v = lock(
      configMapLock(
        '{"holderIdentity":null,"leaseDurationSeconds":15,"acquireTime":null,"renewTime":null,"leaderTransitions":0}',
      ),
    );
    assert.equal(v.holder, undefined);
    assert.deepEqual(v.problems, []);
  });

  it('a non-string annotation value (hand-built object) is a problem, not a crash', () => {
    const v = lock({
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'y', annotations: { [LEADER_ANNOTATION]: { holderIdentity: 'a' } } },
    });
    assert.deepEqual(codes(v), ['error wrongType annotation']);
  });
});

describe('parseLock: fingerprints change exactly when the record changes', () => {
  it('same record, new resourceVersion: same fingerprint', () => {
    assert.equal(
      lock(schedulerLease({}, { resourceVersion: '1' })).fingerprint,
      lock(schedulerLease({}, { resourceVersion: '2' })).fingerprint,
    );
  });
  it('a renewal changes it', () => {
    assert.notEqual(
      lock(schedulerLease()).fingerprint,
      lock(schedulerLease({ renewTime: '2026-11-23T20:10:13.000000Z' })).fingerprint,
    );
  });
  it('a missing holder and an empty one differ', () => {
    assert.notEqual(
      lock(schedulerLease({ holderIdentity: undefined })).fingerprint,
      lock(schedulerLease({ holderIdentity: '' })).fingerprint,
    );
  });
});
