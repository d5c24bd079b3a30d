// A fixed-capacity buffer that forgets its oldest entries: history must stay bounded however
// long the extension runs and however often ten thousand locks renew.
//
// Its slots are allocated once, exactly `capacity` of them: a growing array reserves half again
// as much plus sixteen slots, which for the eight renewals of each of 65,000 node heartbeats was
// most of the history's memory.

export class RingBuffer<T> {
  private readonly slots: T[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    this.slots = new Array<T>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends, dropping the oldest entry when full. */
  push(item: T): void {
    if (this.count < this.capacity) {
      this.slots[(this.start + this.count++) % this.capacity] = item;
      return;
    }
    this.slots[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /** The i-th entry, oldest first. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    return this.slots[(this.start + index) % this.capacity];
  }

  /** The newest entry. */
  last(): T | undefined {
    return this.at(this.count - 1);
  }

  /** Oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.slots[(this.start + i) % this.capacity]!;
    return out;
  }

  clear(): void {
    // Let go of what the slots held (HolderChange objects, say).
    this.slots.fill(undefined as T);
    this.start = 0;
    this.count = 0;
  }

  /** Replaces the contents, keeping the newest `capacity` entries of `items` (oldest first). */
  reset(items: readonly T[]): void {
    this.clear();
    for (const item of items.slice(Math.max(0, items.length - this.capacity))) this.push(item);
  }
}
