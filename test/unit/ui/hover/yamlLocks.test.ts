import assert from 'node:assert/strict';
import { findYamlLocks, yamlLockAt } from '../../../../src/ui/hover/yamlLocks';

const LEASE = `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  holderIdentity: node-a_1234
  leaseDurationSeconds: 15
  renewTime: "2026-11-23T20:10:11.123456Z"
  leaseTransitions: 3
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: legacy
  annotations:
    control-plane.alpha.kubernetes.io/leader: '{"holderIdentity":"node-b","leaseDurationSeconds":15,"renewTime":"2026-11-23T20:10:11Z","leaderTransitions":1}'
data:
  x: y
`;

const PLAIN_CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  x: y
`;

function offsetOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in the text`);
  return at;
}

describe('Locks written in YAML', () => {
  it('finds a Lease and its record, and answers on the name, holder and renew time', () => {
    const locks = findYamlLocks(LEASE);
    assert.equal(locks.length, 1);
    const lock = locks[0]!;
    assert.equal(lock.view.kind, 'Lease');
    assert.equal(lock.view.namespace, 'kube-system');
    assert.equal(lock.namespaceGiven, true);
    assert.equal(lock.view.holder, 'node-a_1234');
    assert.equal(lock.view.record?.renewTime?.text, '2026-11-23T20:10:11.123456Z');
    assert.deepEqual(
      lock.spots.map((s) => s.part),
      ['name', 'holderIdentity', 'renewTime'],
    );
    assert.equal(yamlLockAt(locks, offsetOf(LEASE, 'node-a_1234'))?.spot.part, 'holderIdentity');
    assert.equal(
      yamlLockAt(locks, offsetOf(LEASE, 'holderIdentity'))?.spot.part,
      'holderIdentity',
      'the key counts too',
    );
    assert.equal(yamlLockAt(locks, offsetOf(LEASE, 'kube-scheduler'))?.spot.part, 'name');
    assert.equal(yamlLockAt(locks, offsetOf(LEASE, 'leaseDurationSeconds')), undefined, 'other fields do not answer');
  });

  it('finds ConfigMap locks by their annotation and ignores ConfigMaps without it', () => {
    const text = `${CONFIGMAP}---\n${PLAIN_CONFIGMAP}`;
    const locks = findYamlLocks(text);
    assert.equal(locks.length, 1);
    assert.equal(locks[0]!.view.kind, 'ConfigMap');
    assert.equal(locks[0]!.view.holder, 'node-b');
    assert.equal(locks[0]!.namespaceGiven, false);
    assert.equal(yamlLockAt(locks, offsetOf(text, 'control-plane.alpha'))?.spot.part, 'annotation');
    assert.equal(yamlLockAt(locks, offsetOf(text, 'settings')), undefined);
  });

  it('reads each document of a multi-document file at its own offsets', () => {
    const text = `${PLAIN_CONFIGMAP}---\n${LEASE}---\n${LEASE.replace('kube-scheduler', 'kube-controller-manager').replace('node-a_1234', 'node-c')}`;
    const locks = findYamlLocks(text);
    assert.deepEqual(
      locks.map((l) => [l.view.name, l.view.holder]),
      [
        ['kube-scheduler', 'node-a_1234'],
        ['kube-controller-manager', 'node-c'],
      ],
    );
    assert.equal(yamlLockAt(locks, offsetOf(text, 'node-c'))?.lock.view.name, 'kube-controller-manager');
    assert.equal(yamlLockAt(locks, offsetOf(text, 'node-a_1234'))?.lock.view.name, 'kube-scheduler');
  });

  it('skips a broken document without throwing, and keeps the good ones', () => {
    const broken = 'kind: Lease\nmetadata:\n  name: [unclosed\n  namespace: x\n';
    assert.deepEqual(findYamlLocks(broken), []);
    const text = `${broken}---\n${LEASE}`;
    assert.deepEqual(
      findYamlLocks(text).map((l) => l.view.name),
      ['kube-scheduler'],
    );
    for (const junk of [
      '',
      '---',
      ':',
      '- a\n- b',
      '"unterminated',
      '\t\tkind: Lease',
      '&a [*a]',
      'kind: Lease\nmetadata: 5',
    ]) {
      assert.doesNotThrow(() => findYamlLocks(junk), junk);
    }
  });

  it('does not expand alias bombs', () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nkind: Lease\nmetadata: {name: x}\n';
    assert.deepEqual(findYamlLocks(bomb), []);
  });
});
