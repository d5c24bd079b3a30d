// Keys due at a time, taken in time order: a binary min-heap with one due time per key. Setting a
// key again replaces its time (the old heap entry is skipped when it surfaces, and the heap is
// compacted when such entries outnumber live ones), so every operation is O(log n).

interface Entry<K> {
  readonly at: number;
  readonly key: K;
}

export class DueQueue<K> {
  private heap: Entry<K>[] = [];
  private readonly due = new Map<K, number>();

  get size(): number {
    return this.due.size;
  }

  /** When `key` is due, if it is queued. */
  dueAt(key: K): number | undefined {
    return this.due.get(key);
  }

  set(key: K, at: number): void {
    if (this.due.get(key) === at) return;
    this.due.set(key, at);
    this.push({ at, key });
    if (this.heap.length > 2 * this.due.size + 64) this.compact();
  }

  delete(key: K): void {
    this.due.delete(key);
  }

  clear(): void {
    this.heap = [];
    this.due.clear();
  }

  /** Removes and returns every key due at or before `now`, earliest first. */
  takeDue(now: number): K[] {
    const out: K[] = [];
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.at > now) break;
      this.pop();
      if (this.due.get(top.key) !== top.at) continue;
      this.due.delete(top.key);
      out.push(top.key);
    }
    return out;
  }

  private compact(): void {
    this.heap = [];
    for (const [key, at] of this.due) this.push({ at, key });
  }

  private push(entry: Entry<K>): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= entry.at) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = entry;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const child = r < h.length && h[r]!.at < h[l]!.at ? r : l;
      if (h[child]!.at >= last.at) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = last;
  }
}
