import assert from 'node:assert/strict';
import { lockKey, type LockStoreChange } from '../../../../src/core';
import { LockTreeIndex } from '../../../../src/ui/tree/lockTreeIndex';
import { nodeLease, schedulerLease } from '../../../fixtures/locks';
import { CTX, storeSetup } from '../uiFixtures';

describe('The tree index: which group each lock sits in', () => {
  function setup() {
    const s = storeSetup();
    const batches: LockStoreChange[] = [];
    s.store.subscribe((c) => batches.push(c));
    const index = new LockTreeIndex();
    index.rebuild(s.store);
    const flush = () => {
      s.store.flush();
      const c = batches.splice(0);
      return c.map((change) => index.apply(change, s.store));
    };
    return { ...s, index, flush };
  }

  it('puts elections in their namespace and folds node heartbeats into one group per context', () => {
    const { store, index, put } = setup();
    put(schedulerLease());
    put(nodeLease('node-1'));
    put(nodeLease('node-2'));
    index.rebuild(store);
    const groups = index.groups(CTX).map((g) => [g.kind, g.namespace, index.size(g.id)]);
    assert.deepEqual(groups.sort(), [
      ['heartbeats', '', 2],
      ['namespace', 'kube-system', 1],
    ]);
  });

  it('reports membership changes for the group, new groups for the context, and content changes alone otherwise', () => {
    const { put, flush, store } = setup();
    put(schedulerLease());
    let [u] = flush();
    assert.deepEqual([...u!.contextsWithNewGroups], [CTX], 'a new namespace changes the context');
    assert.equal(u!.membership.size, 1);
    // A renewal: same group, content only.
    store.apply(
      CTX,
      'MODIFIED',
      schedulerLease({ renewTime: '2026-11-23T20:10:13.000000Z' }, { resourceVersion: '1043' }),
    );
    [u] = flush();
    assert.deepEqual([...u!.updated], [lockKey(CTX, 'Lease', 'kube-system', 'kube-scheduler')]);
    assert.equal(u!.membership.size, 0);
    assert.equal(u!.contextsWithNewGroups.size, 0);
    // A second lock in the same namespace: the group's members change, not the context's groups.
    put(schedulerLease({}, { name: 'kube-controller-manager' }));
    [u] = flush();
    assert.equal(u!.membership.size, 1);
    assert.equal(u!.contextsWithNewGroups.size, 0);
  });

  it('moves a lock whose role changes (labelled an API server identity) out of its namespace into the folded group', () => {
    const { put, flush, store, index } = setup();
    put(schedulerLease({}, { name: 'apiserver-x' }));
    put(schedulerLease());
    flush();
    const key = lockKey(CTX, 'Lease', 'kube-system', 'apiserver-x');
    store.apply(
      CTX,
      'MODIFIED',
      schedulerLease(
        {},
        {
          name: 'apiserver-x',
          resourceVersion: '2000',
          labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver' },
        },
      ),
    );
    const [u] = flush();
    assert.equal(u!.updated.size, 0);
    assert.equal(u!.membership.size, 2, 'the namespace lost it, the folded group gained it');
    assert.equal(index.groupOfLock(key)?.kind, 'apiservers');
    assert.deepEqual(
      index
        .groups(CTX)
        .map((g) => [g.kind, index.size(g.id)])
        .sort(),
      [
        ['apiservers', 1],
        ['namespace', 1],
      ],
    );
  });

  it('drops a group when its last lock goes', () => {
    const { put, flush, store, index } = setup();
    put(schedulerLease());
    flush();
    store.apply(CTX, 'DELETED', schedulerLease());
    const [u] = flush();
    assert.deepEqual([...u!.contextsWithNewGroups], [CTX]);
    assert.deepEqual(index.groups(CTX), []);
  });
});
