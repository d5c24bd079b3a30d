import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { percentile, slope, WriteIndex } from '../../../test/bench/sightings';

/** Writes as [rv, lock, t] and sightings as [rv, t], the shapes the benchmark's processes send. */
const writes = (...w: [number, number, number][]) => ({ triples: [Float64Array.from(w.flat())] });
const seen = (...s: [number, number][]) => [Float64Array.from(s.flat())];

describe('benchmark: matching writes with what a party showed', () => {
  it('measures each write from its time to the sighting of its version', () => {
    const index = new WriteIndex(writes([10, 0, 1000], [11, 1, 1000], [12, 2, 1000]));
    const r = index.match(seen([10, 1005], [11, 1020], [12, 1100]));
    assert.deepEqual(
      { seen: r.seen, missed: r.missed, superseded: r.superseded },
      { seen: 3, missed: 0, superseded: 0 },
    );
    assert.equal(r.p50, 20);
    assert.equal(r.p99, 100);
    assert.equal(r.max, 100);
  });

  it('counts a write the party never showed as missed, not as a shorter sample', () => {
    const index = new WriteIndex(writes([10, 0, 1000], [11, 1, 1000], [12, 2, 1000]));
    const r = index.match(seen([10, 1005], [12, 1010]));
    assert.equal(r.seen, 2);
    assert.equal(r.missed, 1);
  });

  it('counts a write shown only through a later version of the same lock as superseded, seen then', () => {
    // Lock 0 renewed twice inside one batch: the view draws only the newer version.
    const index = new WriteIndex(writes([10, 0, 1000], [20, 0, 1050], [15, 1, 1000]));
    const r = index.match(seen([20, 1200], [15, 1100]));
    assert.deepEqual(
      { seen: r.seen, missed: r.missed, superseded: r.superseded },
      { seen: 3, missed: 0, superseded: 1 },
    );
    assert.equal(r.max, 200);
  });

  it('does not let a later version of another lock, or a version nobody wrote, count', () => {
    const index = new WriteIndex(writes([10, 0, 1000], [11, 1, 1000]));
    const r = index.match(seen([11, 1010], [99, 1020], [5, 1030]));
    assert.equal(r.seen, 1);
    assert.equal(r.missed, 1);
  });

  it('counts each write once however often its version is shown again', () => {
    const index = new WriteIndex(writes([10, 0, 1000]));
    const r = index.match(seen([10, 1010], [10, 2000]));
    assert.equal(r.seen, 1);
    assert.equal(r.max, 10);
  });

  it('has no figures, and every write missed, when the party saw nothing', () => {
    const r = new WriteIndex(writes([10, 0, 1000])).match([]);
    assert.equal(r.missed, 1);
    assert.ok(Number.isNaN(r.p99));
  });

  it('takes nearest-rank percentiles and least-squares slopes', () => {
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(percentile([1, 2, 3, 4], 99), 4);
    assert.equal(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
      2,
    );
    assert.ok(Number.isNaN(slope([[0, 1]])));
  });
});
