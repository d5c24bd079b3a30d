import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { parseLeaseCandidate } from '../../../src/core';
import { leaseCandidate } from '../../fixtures/locks';

describe('parseLeaseCandidate', () => {
  it('reads a candidate and the Lease it contends for', () => {
    const c = parseLeaseCandidate(leaseCandidate('kube-scheduler-cp-1'), 'ctx');
    assert.equal(c?.key, 'ctx/LeaseCandidate/kube-system/kube-scheduler-cp-1');
    assert.equal(c?.leaseName, 'kube-scheduler');
    assert.equal(c?.leaseKey, 'ctx/Lease/kube-system/kube-scheduler');
    assert.deepEqual(
      [c?.binaryVersion, c?.emulationVersion, c?.strategy],
      ['1.37.2', '1.37', 'OldestEmulationVersion'],
    );
    assert.equal(c?.pingTime?.epochMs, Date.parse('2026-11-23T20:10:00Z'));
    assert.equal(c?.renewTime?.epochMs, Date.parse('2026-11-23T20:10:01Z'));
    assert.equal(c?.answeredPing, true);
    assert.deepEqual(c?.problems, []);
  });

  it('says when a candidate has not answered the latest ping', () => {
    assert.equal(
      parseLeaseCandidate(leaseCandidate('x', { pingTime: '2026-11-23T20:11:00.000000Z' }), 'ctx')?.answeredPing,
      false,
    );
    assert.equal(parseLeaseCandidate(leaseCandidate('x', { pingTime: null }), 'ctx')?.answeredPing, undefined);
  });

  it('reads what it can of a bad spec, with problems', () => {
    const c = parseLeaseCandidate(leaseCandidate('x', { binaryVersion: 137, renewTime: 'now' }), 'ctx');
    assert.equal(c?.leaseName, 'kube-scheduler');
    assert.deepEqual(
      c?.problems.map((p) => `${p.code} ${p.field}`),
      ['wrongType binaryVersion', 'badTime renewTime'],
    );
    assert.equal(c?.answeredPing, false);
  });

  it('has no Lease without a leaseName', () => {
    assert.equal(parseLeaseCandidate(leaseCandidate('x', { leaseName: undefined }), 'ctx')?.leaseKey, undefined);
  });

  it('is undefined for anything else', () => {
    assert.equal(parseLeaseCandidate({ kind: 'Lease', metadata: { name: 'x' } }, 'ctx'), undefined);
    assert.equal(parseLeaseCandidate({ kind: 'LeaseCandidate', metadata: {} }, 'ctx'), undefined);
    assert.equal(parseLeaseCandidate(null, 'ctx'), undefined);
  });
});
