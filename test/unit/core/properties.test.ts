// Properties that must hold for every input, checked with fast-check.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import {
  formatMicroTime,
  lockHealth,
  LockStore,
  parseLeaderAnnotation,
  parseLeaderEvent,
  parseLeaseCandidate,
  parseLock,
  parseLockView,
  parseRecordTime,
  releaseLock,
  RingBuffer,
  takeOverLock,
  type KubeObject,
  type LockView,
} from '../../../src/core';
import { decodeJson, locateJsonError } from '../../../src/core/jsonText';
import { FakeTime } from '../../fixtures/fakeTime';
import { LEADER_ANNOTATION } from '../../fixtures/locks';

const anything = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
});

// ---- arbitraries for well-formed locks ------------------------------------------------------

const dnsName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/);
const identity = fc.oneof(
  fc.stringMatching(/^[a-z0-9-]{1,12}_[0-9a-f]{8}$/),
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ''),
);
const holder = fc.oneof(fc.constant(undefined), fc.constant(''), identity);
const instant = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T23:59:59Z') });
const microTime = instant.map((ms) => formatMicroTime(ms) ?? '');
const secondsTime = instant.map((ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'));
const now = instant;

const leaseSpec = fc.record(
  {
    holderIdentity: holder,
    leaseDurationSeconds: fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }),
    acquireTime: fc.option(microTime, { nil: undefined }),
    renewTime: fc.option(microTime, { nil: undefined }),
    leaseTransitions: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
    strategy: fc.option(fc.constant('OldestEmulationVersion'), { nil: undefined }),
    preferredHolder: fc.option(identity, { nil: undefined }),
  },
  { requiredKeys: [] },
);

const metadata = fc.record({
  name: dnsName,
  namespace: dnsName,
  uid: fc.uuid(),
  resourceVersion: fc.integer({ min: 1 }).map(String),
});

const lease = fc.record({
  apiVersion: fc.constant('coordination.k8s.io/v1'),
  kind: fc.constant('Lease'),
  metadata,
  spec: leaseSpec,
}) as fc.Arbitrary<KubeObject>;

const annotationJson = fc
  .record(
    {
      holderIdentity: holder,
      leaseDurationSeconds: fc.integer({ min: 1, max: 3600 }),
      acquireTime: fc.option(secondsTime, { nil: null }),
      renewTime: fc.option(secondsTime, { nil: null }),
      leaderTransitions: fc.integer({ min: 0, max: 1_000_000 }),
    },
    { requiredKeys: [] },
  )
  .map((r) => JSON.stringify(r));

const otherAnnotations = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 30 }).filter((k) => k !== LEADER_ANNOTATION && k !== '__proto__'),
  fc.string({ maxLength: 40 }),
  { maxKeys: 5 },
);

const annotationLock = fc
  .record({
    kind: fc.constantFrom('ConfigMap', 'Endpoints'),
    metadata,
    record: annotationJson,
    others: otherAnnotations,
    data: fc.dictionary(dnsName, fc.string()),
  })
  .map(({ kind, metadata: m, record, others, data }) => ({
    apiVersion: 'v1',
    kind,
    metadata: { ...m, annotations: { ...others, [LEADER_ANNOTATION]: record } },
    ...(kind === 'ConfigMap' ? { data } : { subsets: [] }),
  })) as fc.Arbitrary<KubeObject>;

const anyLock = fc.oneof(lease, annotationLock);

function view(object: unknown): LockView {
  const v = parseLockView(object, { context: 'ctx' });
  assert.ok(v, 'a well-formed lock parses as a lock');
  return v;
}

function mutated(result: ReturnType<typeof releaseLock>): KubeObject {
  assert.ok(result.ok, result.ok ? '' : result.problem.message);
  return result.object;
}

// Kubernetes-shaped objects whose every field may be anything.
const lockShaped = fc.record(
  {
    apiVersion: fc.oneof(fc.constantFrom('v1', 'coordination.k8s.io/v1', 'meta.k8s.io/v1'), anything),
    kind: fc.oneof(
      fc.constantFrom('Lease', 'ConfigMap', 'Endpoints', 'PartialObjectMetadata', 'LeaseCandidate', 'Event'),
      anything,
    ),
    metadata: fc.oneof(
      fc.record(
        {
          name: fc.oneof(dnsName, anything),
          namespace: fc.oneof(dnsName, anything),
          labels: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), anything)), anything),
          annotations: fc.oneof(
            fc.dictionary(
              fc.constantFrom(LEADER_ANNOTATION, 'x'),
              fc.oneof(fc.json(), fc.string(), annotationJson, anything),
            ),
            anything,
          ),
          resourceVersion: anything,
        },
        { requiredKeys: [] },
      ),
      anything,
    ),
    spec: fc.oneof(
      fc.record(
        {
          holderIdentity: fc.oneof(holder, anything),
          leaseDurationSeconds: fc.oneof(fc.integer(), fc.double(), anything),
          acquireTime: fc.oneof(microTime, fc.string(), anything),
          renewTime: fc.oneof(microTime, fc.string(), anything),
          leaseTransitions: fc.oneof(fc.integer(), anything),
          leaseName: fc.oneof(dnsName, anything),
          pingTime: fc.oneof(microTime, anything),
        },
        { requiredKeys: [] },
      ),
      anything,
    ),
    reason: fc.oneof(fc.constant('LeaderElection'), anything),
    message: fc.oneof(
      fc.string().map((s) => `${s} became leader`),
      anything,
    ),
    involvedObject: anything,
  },
  { requiredKeys: [] },
);

const garbage = fc.oneof(anything, lockShaped);

describe('properties: the parsers never throw', () => {
  it('parseLock on anything returns a lock or a reason', () => {
    fc.assert(
      fc.property(garbage, fc.constantFrom(undefined, 'Lease', 'ConfigMap', 'Endpoints'), (input, kind) => {
        const parsed = parseLock(input, kind === undefined ? { context: 'c' } : { context: 'c', kind });
        assert.ok(parsed.type === 'lock' || parsed.type === 'notALock');
        if (parsed.type === 'lock') {
          for (const p of parsed.lock.problems) assert.equal(typeof p.message, 'string');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('health of anything parsed, at any moment, never throws', () => {
    fc.assert(
      fc.property(
        garbage,
        fc.option(fc.double(), { nil: undefined }),
        fc.double(),
        fc.boolean(),
        (input, observedTime, at, stale) => {
          const v = parseLockView(input, { context: 'c', kind: 'Lease' });
          if (v !== undefined) lockHealth({ view: v, observedTime, renewWitnessed: true }, at, { stale });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the annotation parser on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), annotationJson), (text) => {
        const parsed = parseLeaderAnnotation(text);
        assert.equal(parsed.fingerprint, text);
      }),
      { numRuns: 1000 },
    );
  });

  it('LeaseCandidate and Event parsers on anything', () => {
    fc.assert(
      fc.property(garbage, (input) => {
        parseLeaseCandidate(input, 'c');
        parseLeaderEvent(input);
      }),
      { numRuns: 1000 },
    );
  });

  it('mutations on anything return a result, never throw', () => {
    fc.assert(
      fc.property(garbage, now, (input, at) => {
        releaseLock(input, { now: at });
        takeOverLock(input, { now: at, holder: 'op_1' });
      }),
      { numRuns: 1000 },
    );
  });

  it('the store applies anything without throwing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('ADDED', 'MODIFIED', 'DELETED') as fc.Arbitrary<'ADDED' | 'MODIFIED' | 'DELETED'>,
            garbage,
          ),
          { maxLength: 20 },
        ),
        (events) => {
          const time = new FakeTime();
          const store = new LockStore({ clock: time.clock, scheduler: time });
          for (const [type, object] of events) {
            store.apply('c', type, object);
            store.applyCandidate('c', type, object);
          }
          store.seedEvents(
            'c',
            events.map(([, o]) => o),
          );
          store.replace(
            'c',
            events.map(([, o]) => o),
          );
          time.advance(1000);
          for (const l of store.locks()) store.health(l.view.key);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('properties: parse ∘ mutate ∘ parse keeps what it must', () => {
  it('release: holder empty, transitions unchanged, identity and resourceVersion unchanged', () => {
    fc.assert(
      fc.property(anyLock, now, (object, at) => {
        const before = view(object);
        const after = view(mutated(releaseLock(object, { now: at })));
        assert.equal(after.record?.holderIdentity, '');
        assert.equal(after.holder, undefined);
        assert.equal(after.record?.leaderTransitions, before.record?.leaderTransitions ?? 0);
        assert.equal(after.record?.leaseDurationSeconds, 1);
        // A coordinated Lease stays coordinated; no holder is ever told its term ended.
        assert.equal(after.record?.strategy, before.kind === 'Lease' ? before.record?.strategy : undefined);
        assert.equal(after.record?.preferredHolder, undefined);
        assert.deepEqual(
          [after.key, after.kind, after.name, after.namespace, after.uid, after.resourceVersion],
          [before.key, before.kind, before.name, before.namespace, before.uid, before.resourceVersion],
        );
        assert.equal(after.record?.renewTime?.text, after.record?.acquireTime?.text);
        assert.deepEqual(after.problems, []);
      }),
      { numRuns: 500 },
    );
  });

  it('take over: holder is the new one, transitions + 1 when the holder changed, duration kept', () => {
    fc.assert(
      fc.property(anyLock, identity, fc.boolean(), now, (object, newHolder, sameHolder, at) => {
        const before = view(object);
        const target = sameHolder && before.holder !== undefined ? before.holder : newHolder;
        const after = view(mutated(takeOverLock(object, { now: at, holder: target })));
        assert.equal(after.holder, target);
        const changed = (before.record?.holderIdentity ?? '') !== target;
        assert.equal(after.record?.leaderTransitions, (before.record?.leaderTransitions ?? 0) + (changed ? 1 : 0));
        assert.equal(after.record?.leaseDurationSeconds, before.record?.leaseDurationSeconds ?? 15);
        if (changed) assert.equal(after.record?.acquireTime?.text, after.record?.renewTime?.text);
        else assert.equal(after.record?.acquireTime?.epochMs === undefined, before.record?.acquireTime === undefined);
        assert.deepEqual(
          [after.key, after.resourceVersion, after.uid],
          [before.key, before.resourceVersion, before.uid],
        );
        assert.deepEqual(after.problems, []);
      }),
      { numRuns: 500 },
    );
  });

  it('annotation mutations keep every other annotation and field', () => {
    fc.assert(
      fc.property(annotationLock, identity, now, fc.boolean(), (object, newHolder, at, release) => {
        const out = mutated(
          release ? releaseLock(object, { now: at }) : takeOverLock(object, { now: at, holder: newHolder }),
        );
        const { annotations: a0, ...m0 } = object.metadata ?? {};
        const { annotations: a1, ...m1 } = out.metadata ?? {};
        assert.deepEqual(m1, m0);
        const { [LEADER_ANNOTATION]: _l0, ...others0 } = a0 ?? {};
        const { [LEADER_ANNOTATION]: _l1, ...others1 } = a1 ?? {};
        assert.deepEqual(others1, others0);
        const { metadata: _m0, ...rest0 } = object;
        const { metadata: _m1, ...rest1 } = out;
        assert.deepEqual(rest1, rest0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('properties: building blocks', () => {
  it('a ring buffer holds the last `capacity` items pushed, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer(), { maxLength: 100 }), (capacity, items) => {
        const b = new RingBuffer<number>(capacity);
        for (const i of items) b.push(i);
        assert.deepEqual(b.toArray(), items.slice(Math.max(0, items.length - capacity)));
        assert.equal(b.size, Math.min(capacity, items.length));
      }),
    );
  });

  it('MicroTime written is MicroTime read, to the millisecond', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59Z') }),
        (ms) => {
          const text = formatMicroTime(ms);
          assert.equal(text === undefined ? undefined : parseRecordTime(text)?.epochMs, ms);
        },
      ),
    );
  });

  it('the JSON error locator agrees with JSON.parse about what is valid, and points inside the text', () => {
    const nearlyJson = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', '}', ',', '"', ':', 'x', ' '))
      .map(([j, at, insert]) => {
        const i = at % (j.length + 1);
        return j.slice(0, i) + insert + j.slice(i + (insert === '' ? 1 : 0));
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), nearlyJson, fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const found = locateJsonError(text);
        assert.equal(found === undefined, valid, text);
        if (found !== undefined) assert.ok(found.position >= 0 && found.position <= text.length);
        assert.equal(decodeJson(text).ok, valid);
      }),
      { numRuns: 3000 },
    );
  });
});
