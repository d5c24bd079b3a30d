import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { RingBuffer } from '../../../src/core';

describe('RingBuffer', () => {
  it('keeps everything until full, oldest first', () => {
    const b = new RingBuffer<number>(3);
    b.push(1);
    b.push(2);
    assert.deepEqual(b.toArray(), [1, 2]);
    assert.equal(b.size, 2);
    assert.equal(b.last(), 2);
  });

  it('never holds more than its capacity, dropping the oldest', () => {
    const b = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) b.push(i);
    assert.equal(b.size, 3);
    assert.deepEqual(b.toArray(), [8, 9, 10]);
    assert.deepEqual([b.at(0), b.at(2), b.at(3), b.at(-1)], [8, 10, undefined, undefined]);
    assert.equal(b.last(), 10);
  });

  it('is empty after clear and keeps the newest entries on reset', () => {
    const b = new RingBuffer<string>(2);
    b.push('a');
    b.clear();
    assert.deepEqual(b.toArray(), []);
    assert.equal(b.last(), undefined);
    b.reset(['w', 'x', 'y', 'z']);
    assert.deepEqual(b.toArray(), ['y', 'z']);
    b.push('after');
    assert.deepEqual(b.toArray(), ['z', 'after']);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new RingBuffer(0), RangeError);
    assert.throws(() => new RingBuffer(1.5), RangeError);
  });
});
