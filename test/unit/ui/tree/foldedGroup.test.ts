// A folded tree group at the size of the largest clusters: its stale count follows renewals and
// the clock without judging every member every second, and its children are a page: stale
// members first, then the rest by name, never all 65,000.
import assert from 'node:assert/strict';
import { lockKey } from '../../../../src/core';
import { FOLDED_PAGE_SIZE, FoldedGroupState, storeJudge } from '../../../../src/ui/tree/foldedGroup';
import { nodeLease } from '../../../fixtures/locks';
import { CTX, storeSetup } from '../uiFixtures';

const S = 1000;

function micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

describe('A folded tree group (node heartbeats)', () => {
  /** `count` heartbeats renewed a moment ago, and `dead` more whose record ran out hours ago. */
  function setup(count: number, dead: readonly string[] = []) {
    const s = storeSetup();
    const now = s.time.now();
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `node-${String(i).padStart(5, '0')}`;
      s.store.apply(CTX, 'ADDED', nodeLease(name, micro(now - S)));
      keys.push(lockKey(CTX, 'Lease', 'kube-node-lease', name));
    }
    for (const name of dead) {
      s.store.apply(CTX, 'ADDED', nodeLease(name, micro(now - 3 * 3600 * S)));
      keys.push(lockKey(CTX, 'Lease', 'kube-node-lease', name));
    }
    const calls = { n: 0 };
    const judge = storeJudge(s.store);
    const state = new FoldedGroupState((key, at) => (calls.n++, judge(key, at)));
    state.update(keys, now);
    return { ...s, state, keys, calls };
  }

  it('counts the nodes whose record ran out as stale from the first draw, and lists them first', () => {
    const { state } = setup(1200, ['zz-dead-b', 'aa-dead-a']);
    assert.equal(state.size, 1202);
    assert.equal(state.stoppedCount, 2);
    const page = state.page();
    assert.equal(page.keys.length, FOLDED_PAGE_SIZE, 'one page, never all of them');
    assert.equal(page.hidden, 1202 - FOLDED_PAGE_SIZE);
    assert.equal(page.stoppedShown, 2);
    assert.deepEqual(
      page.keys.slice(0, 4).map((k) => k.split('/').pop()),
      ['aa-dead-a', 'zz-dead-b', 'node-00000', 'node-00001'],
      'stale first by name, then the rest by name',
    );
  });

  it('"Show more" lists the next page, and folding the group starts again from the first', () => {
    const { state } = setup(1200);
    state.showMore();
    assert.equal(state.page().keys.length, 2 * FOLDED_PAGE_SIZE);
    state.showMore();
    assert.deepEqual([state.page().keys.length, state.page().hidden], [1200, 0]);
    state.resetPage();
    assert.equal(state.page().keys.length, FOLDED_PAGE_SIZE);
  });

  it('a filter narrows the page and what it says is not listed', () => {
    const { state } = setup(1200, ['dead-1']);
    const page = state.page((k) => k.endsWith('7') || k.endsWith('dead-1'));
    assert.equal(page.keys.length, 121);
    assert.equal(page.hidden, 0);
    assert.equal(page.keys[0]!.split('/').pop(), 'dead-1');
  });

  it('turns silent nodes stale when their lease runs out, judging only those due, and a renewal brings one back', () => {
    const { state, time, store, keys, calls } = setup(3000);
    assert.equal(state.stoppedCount, 0);
    // Ticks within the lease judge nobody but the rolling re-check's slice.
    calls.n = 0;
    time.advance(5 * S);
    state.tick(time.now());
    assert.ok(calls.n <= 2000 + 10, `judged ${calls.n} of 3000 in a quiet tick`);
    // The kubelets stop: 40 s after we first saw them, by client-go's rule, they are expired.
    time.advance(36 * S);
    assert.equal(state.tick(time.now()), true);
    assert.equal(state.stoppedCount, 3000);
    // One node renews: it is alive again as soon as its change arrives.
    store.apply(CTX, 'MODIFIED', nodeLease('node-00042', micro(time.now()), '8'));
    assert.equal(state.update([keys[42]!], time.now()), true);
    assert.equal(state.stoppedCount, 2999);
    assert.equal(state.isStopped(keys[42]!), false);
  });

  it('forgets members that went away', () => {
    const { state, keys } = setup(10, ['dead-1']);
    assert.equal(state.remove([keys[10]!, keys[0]!]), true);
    assert.deepEqual([state.size, state.stoppedCount], [9, 0]);
  });
});
