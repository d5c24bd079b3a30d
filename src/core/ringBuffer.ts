// A fixed-capacity buffer that forgets its oldest entries: history must stay bounded however
// long the extension runs and however often ten thousand locks renew.

export class RingBuffer<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Appends, dropping the oldest entry when full. */
  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /** The i-th entry, oldest first. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.items.length) return undefined;
    return this.items[(this.start + index) % this.items.length];
  }

  /** The newest entry. */
  last(): T | undefined {
    return this.at(this.items.length - 1);
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  clear(): void {
    this.items.length = 0;
    this.start = 0;
  }

  /** Replaces the contents, keeping the newest `capacity` entries of `items` (oldest first). */
  reset(items: readonly T[]): void {
    this.clear();
    for (const item of items.slice(Math.max(0, items.length - this.capacity))) this.items.push(item);
  }
}
