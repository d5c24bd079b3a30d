import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { findMultiLocks, pairMultiLock, parseLockView, UNKNOWN_LEADER, type LockView } from '../../../src/core';
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
