import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import {
  copyPrimaryRecord,
  findMultiLocks,
  pairMultiLock,
  parseLockView,
  releaseMultiLock,
  takeOverMultiLock,
  UNKNOWN_LEADER,
  type LockView,
} from '../../../src/core';
import {
  annotationRecord,
  configMapLock,
  endpointsLock,
  legacyControllerLease,
  schedulerLease,
} from '../../fixtures/locks';

function view(input: unknown, context = 'c'): LockView {
  const v = parseLockView(input, { context });
  if (v === undefined) throw new Error('not a lock');
  return v;
}

describe('MultiLock: a legacy lock and a Lease of the same election', () => {
  it('agree when both name the same holder; the holder is theirs', () => {
    const m = pairMultiLock(view(configMapLock()), view(legacyControllerLease()));
    assert.equal(m?.agreement, 'agree');
    assert.equal(m?.holder, 'node-a_1b2c3d4e');
    assert.equal(m?.key, 'c/kube-system/legacy-controller');
    assert.equal(m?.primary.kind, 'ConfigMap');
    assert.equal(m?.secondary.kind, 'Lease');
  });

  it('disagree when the holders differ; client-go then reports leaderelection.k8s.io/unknown', () => {
    const m = pairMultiLock(view(legacyControllerLease('node-b')), view(configMapLock()));
    assert.equal(m?.agreement, 'disagree');
    assert.equal(m?.holder, UNKNOWN_LEADER);
  });

  it('a held half and a vacant half disagree', () => {
    assert.equal(pairMultiLock(view(configMapLock()), view(legacyControllerLease('')))?.agreement, 'disagree');
  });

  it('two vacant halves agree (an empty and a missing holder both read as "")', () => {
    const m = pairMultiLock(
      view(configMapLock(annotationRecord({ holderIdentity: '' }))),
      view(schedulerLease({ holderIdentity: undefined }, { name: 'legacy-controller' })),
    );
    assert.equal(m?.agreement, 'agree');
    assert.equal(m?.holder, undefined);
  });

  it('cannot tell when a half is unreadable', () => {
    assert.equal(pairMultiLock(view(configMapLock('{bad')), view(legacyControllerLease()))?.agreement, 'unknown');
  });

  it('pairs only a legacy lock with a Lease of the same context, namespace and name', () => {
    assert.equal(pairMultiLock(view(configMapLock()), view(endpointsLock())), undefined);
    assert.equal(pairMultiLock(view(legacyControllerLease()), view(legacyControllerLease())), undefined);
    assert.equal(pairMultiLock(view(configMapLock()), view(schedulerLease())), undefined);
    assert.equal(pairMultiLock(view(configMapLock(), 'a'), view(legacyControllerLease(), 'b')), undefined);
  });

  it('findMultiLocks finds every pair, including an Endpoints and a ConfigMap lock on one Lease', () => {
    const found = findMultiLocks([
      view(configMapLock()),
      view(endpointsLock()),
      view(legacyControllerLease()),
      view(schedulerLease()),
    ]);
    assert.deepEqual(
      found.map((m) => m.primary.kind),
      ['ConfigMap', 'Endpoints'],
    );
  });
});

describe('MultiLock writes: one record, decided from the primary, for both halves', () => {
  const now = Date.parse('2026-11-23T20:15:00.654Z');
  const options = { now, primaryKind: 'ConfigMap' as const };
  const spec = (o: object) => (o as { spec?: unknown }).spec as Record<string, unknown>;
  const annotation = (o: { metadata?: { annotations?: Record<string, string> } }) =>
    JSON.parse(o.metadata?.annotations?.['control-plane.alpha.kubernetes.io/leader'] ?? 'null') as Record<
      string,
      unknown
    >;

  it('a release writes the empty record to the ConfigMap and to the Lease, at one clock reading, keeping the transitions of the primary', () => {
    const out = releaseMultiLock(configMapLock(), legacyControllerLease(), options);
    assert.equal(out.ok, true, out.ok ? '' : out.problem.message);
    if (!out.ok) return;
    assert.deepEqual(annotation(out.primary.object), {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: '2026-11-23T20:15:00Z',
      renewTime: '2026-11-23T20:15:00Z',
      leaderTransitions: 1,
    });
    assert.deepEqual(spec(out.secondary.object), {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: '2026-11-23T20:15:00.654000Z',
      renewTime: '2026-11-23T20:15:00.654000Z',
      leaseTransitions: 1,
    });
    // Each keeps its own identity and the resourceVersion it was read at: each write is conflict-checked.
    assert.equal(out.primary.object.metadata?.resourceVersion, '555');
    assert.equal(out.secondary.object.metadata?.resourceVersion, '557');
    assert.equal(out.primary.kind, 'ConfigMap');
    assert.equal(out.secondary.kind, 'Lease');
  });

  it('a takeover names the new holder in both halves, transitions + 1 from the primary', () => {
    const out = takeOverMultiLock(endpointsLock(), legacyControllerLease(), {
      ...options,
      primaryKind: 'Endpoints',
      holder: 'operator',
    });
    assert.ok(out.ok);
    if (!out.ok) return;
    assert.equal(annotation(out.primary.object).holderIdentity, 'operator');
    assert.equal(annotation(out.primary.object).leaderTransitions, 2);
    assert.equal(spec(out.secondary.object).holderIdentity, 'operator');
    assert.equal(spec(out.secondary.object).leaseTransitions, 2);
    assert.equal(out.primary.kind, 'Endpoints');
  });

  it("when the halves disagree a takeover by the primary's holder is not a renewal (client-go reads the holder as unknown)", () => {
    const out = takeOverMultiLock(configMapLock(), legacyControllerLease('node-b'), {
      ...options,
      holder: 'node-a_1b2c3d4e',
    });
    assert.ok(out.ok);
    if (!out.ok) return;
    assert.equal(annotation(out.primary.object).acquireTime, '2026-11-23T20:15:00Z');
    assert.equal(annotation(out.primary.object).leaderTransitions, 2);
    assert.equal(spec(out.secondary.object).holderIdentity, 'node-a_1b2c3d4e');
    assert.ok(out.notes.some((n) => /the halves disagree \(ConfigMap: node-a_1b2c3d4e, Lease: node-b\)/.test(n)));
  });

  it("when they agree, a takeover by the holder renews both, keeping the primary's acquireTime", () => {
    const out = takeOverMultiLock(configMapLock(), legacyControllerLease(), { ...options, holder: 'node-a_1b2c3d4e' });
    assert.ok(out.ok);
    if (!out.ok) return;
    assert.equal(annotation(out.primary.object).acquireTime, '2026-11-23T20:00:05Z');
    assert.equal(spec(out.secondary.object).acquireTime, '2026-11-23T20:00:05.000000Z');
    assert.equal(spec(out.secondary.object).leaseTransitions, 1);
  });

  it('works from a metadata-only copy of the primary (as the watch delivers ConfigMaps)', () => {
    const cm = configMapLock();
    const metadataOnly = { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: cm.metadata };
    const out = releaseMultiLock(metadataOnly, legacyControllerLease(), options);
    assert.ok(out.ok);
    if (out.ok) assert.equal(out.primary.kind, 'ConfigMap');
  });

  it('refuses a Lease as the primary, a ConfigMap as the secondary, and an empty new holder', () => {
    const swapped = releaseMultiLock(legacyControllerLease(), configMapLock(), options);
    assert.equal(swapped.ok ? '' : swapped.problem.code, 'kindMismatch');
    const empty = takeOverMultiLock(configMapLock(), legacyControllerLease(), { ...options, holder: ' ' });
    assert.equal(empty.ok ? '' : empty.problem.code, 'noHolder');
  });

  it("finishing copies the record the primary holds now into the Lease, at the Lease's resourceVersion", () => {
    const primaryNow = configMapLock(
      annotationRecord({
        holderIdentity: '',
        leaseDurationSeconds: 1,
        acquireTime: '2026-11-23T20:15:00Z',
        renewTime: '2026-11-23T20:15:00Z',
      }),
    );
    const leaseNow = schedulerLease(
      { holderIdentity: 'renewer', leaseTransitions: 1 },
      { name: 'legacy-controller', uid: 'lease-uid-1', resourceVersion: '600' },
    );
    const out = copyPrimaryRecord(primaryNow, leaseNow, options);
    assert.ok(out.ok);
    if (!out.ok) return;
    assert.deepEqual(spec(out.object), {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: '2026-11-23T20:15:00.000000Z',
      renewTime: '2026-11-23T20:15:00.000000Z',
      leaseTransitions: 1,
    });
    assert.equal(out.object.metadata?.resourceVersion, '600');
  });
});
