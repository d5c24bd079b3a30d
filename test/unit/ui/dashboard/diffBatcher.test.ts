import { strict as assert } from 'node:assert';
import { DiffBatcher, type DiffBatch } from '../../../../src/ui/dashboard/diffBatcher';
import { FakeClock } from '../fakeClock';

function setup(intervalMs?: number): {
  clock: FakeClock;
  batches: { at: number; batch: DiffBatch }[];
  batcher: DiffBatcher;
} {
  const clock = new FakeClock();
  const batches: { at: number; batch: DiffBatch }[] = [];
  const batcher = new DiffBatcher((batch) => batches.push({ at: clock.now(), batch }), {
    clock,
    ...(intervalMs === undefined ? {} : { intervalMs }),
  });
  return { clock, batches, batcher };
}

describe('DiffBatcher', () => {
  it('sends an isolated change on the next turn, without waiting for the interval', () => {
    const { clock, batches, batcher } = setup();
    batcher.add({ changed: ['a'] });
    assert.equal(batches.length, 0, 'nothing is sent synchronously');
    clock.advanceTo(0);
    assert.deepEqual(batches, [{ at: 0, batch: { changed: ['a'], removed: [], contextsChanged: false } }]);
  });

  it('sends at most ~10 messages a second at 500 events a second for 2 s, and every final state', () => {
    const { clock, batches, batcher } = setup();
    const finalState = new Map<string, 'changed' | 'removed'>();
    // 1000 events, one every 2 ms, over 400 keys: changes, removals and re-creations interleaved.
    for (let i = 0; i < 1000; i++) {
      clock.advanceTo(i * 2);
      const key = `ctx/Lease/ns/lock-${(i * 7) % 400}`;
      if (i % 5 === 3) {
        batcher.add({ removed: [key] });
        finalState.set(key, 'removed');
      } else {
        batcher.add({ changed: [key] });
        finalState.set(key, 'changed');
      }
    }
    clock.advanceTo(5000);
    assert.ok(batches.length <= 21, `expected at most 21 messages, got ${batches.length}`);
    assert.ok(batches.length >= 19, `expected the batches to be spread over the 2 s, got ${batches.length}`);
    for (let i = 1; i < batches.length; i++) {
      const gap = batches[i]!.at - batches[i - 1]!.at;
      assert.ok(gap >= 100, `flushes ${i - 1} and ${i} are only ${gap} ms apart`);
    }
    // Replaying the batches in order gives each key's last state.
    const delivered = new Map<string, 'changed' | 'removed'>();
    for (const { batch } of batches) {
      for (const key of batch.changed) delivered.set(key, 'changed');
      for (const key of batch.removed) delivered.set(key, 'removed');
    }
    assert.deepEqual(new Map([...delivered].sort()), new Map([...finalState].sort()));
  });

  it('sends a key changed 50 times between two flushes once', () => {
    const { clock, batches, batcher } = setup();
    batcher.add({ changed: ['warm-up'] });
    clock.advanceTo(0);
    for (let i = 0; i < 50; i++) batcher.add({ changed: ['busy'] });
    clock.advanceTo(100);
    assert.equal(batches.length, 2);
    assert.deepEqual(batches[1]!.batch.changed, ['busy']);
  });

  it('sends a key upserted then removed before the flush only as removed', () => {
    const { clock, batches, batcher } = setup();
    batcher.add({ changed: ['k'] });
    batcher.add({ changed: ['k'] });
    batcher.add({ removed: ['k'] });
    clock.advanceTo(0);
    assert.deepEqual(batches[0]!.batch, { changed: [], removed: ['k'], contextsChanged: false });
  });

  it('sends a key removed then created again as changed', () => {
    const { clock, batches, batcher } = setup();
    batcher.add({ removed: ['k'] });
    batcher.add({ changed: ['k'] });
    clock.advanceTo(0);
    assert.deepEqual(batches[0]!.batch, { changed: ['k'], removed: [], contextsChanged: false });
  });

  it('carries a context change, alone or with keys', () => {
    const { clock, batches, batcher } = setup();
    batcher.add({ contextsChanged: true });
    clock.advanceTo(0);
    batcher.add({ changed: ['a'] });
    clock.advanceTo(500);
    assert.deepEqual(
      batches.map((b) => b.batch),
      [
        { changed: [], removed: [], contextsChanged: true },
        { changed: ['a'], removed: [], contextsChanged: false },
      ],
    );
  });

  it('waits out the interval after a flush, then sends what gathered', () => {
    const { clock, batches, batcher } = setup(100);
    batcher.add({ changed: ['a'] });
    clock.advanceTo(10);
    batcher.add({ changed: ['b'] });
    clock.advanceTo(60);
    batcher.add({ changed: ['c'] });
    clock.advanceTo(99);
    assert.equal(batches.length, 1);
    clock.advanceTo(110);
    assert.deepEqual(
      batches.map((b) => [b.at, b.batch.changed]),
      [
        [0, ['a']],
        [100, ['b', 'c']],
      ],
    );
  });

  it('drops what is pending on clear (a snapshot follows) and sends nothing empty', () => {
    const { clock, batches, batcher } = setup();
    batcher.add({ changed: ['a'], contextsChanged: true });
    batcher.clear();
    clock.advanceTo(1000);
    assert.equal(batches.length, 0);
    assert.equal(clock.pendingTimers, 0);
    batcher.add({ changed: [], removed: [] });
    clock.advanceTo(2000);
    assert.equal(batches.length, 0);
  });

  it('flushes at once on flushNow, and nothing after dispose', () => {
    const { clock, batches, batcher } = setup();
    batcher.add({ changed: ['a'] });
    batcher.flushNow();
    assert.equal(batches.length, 1);
    batcher.add({ changed: ['b'] });
    batcher.dispose();
    batcher.add({ changed: ['c'] });
    clock.advanceTo(1000);
    assert.equal(batches.length, 1);
    assert.equal(clock.pendingTimers, 0);
  });

  it('stays sound when delivery adds more changes', () => {
    const clock = new FakeClock();
    const seen: string[][] = [];
    const batcher: DiffBatcher = new DiffBatcher(
      (batch) => {
        seen.push([...batch.changed]);
        if (seen.length === 1) batcher.add({ changed: ['follow-up'] });
      },
      { clock },
    );
    batcher.add({ changed: ['first'] });
    clock.advanceTo(1000);
    assert.deepEqual(seen, [['first'], ['follow-up']]);
  });
});
