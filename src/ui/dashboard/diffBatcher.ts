// Turns a stream of lock changes, however fast, into at most one webview message per interval.
//
// A busy cluster changes thousands of node heartbeats every ten seconds, and a webview message per
// change would keep the webview's main thread busy parsing. The batcher only collects keys: the
// newest state of each key is read from the store when the batch is sent, so a key that changed 50
// times between two flushes is sent once, with its latest row. The last thing that happened to a
// key wins: changed then removed is removed; removed then changed (deleted and created again) is
// changed.
//
// Timing: the first change after a quiet period is sent on the next turn of the event loop (so a
// burst in one tick is one message); after a flush the next one waits until `intervalMs` has
// passed. That bounds the rate at 1000 / intervalMs messages a second whatever the event rate,
// and adds no delay to an isolated change. The clock is injected so tests drive time by hand.
// Keep this file free of `vscode`: it is unit-tested in plain Node.

export interface BatchTimer {
  cancel(): void;
}

export interface BatchClock {
  now(): number;
  schedule(callback: () => void, delayMs: number): BatchTimer;
}

export interface DiffBatch {
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly contextsChanged: boolean;
}

export interface DiffBatcherOptions {
  /** Minimum time between two flushes. Default 100 ms: at most ten messages a second. */
  readonly intervalMs?: number;
  readonly clock?: BatchClock;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 100;

export const systemClock: BatchClock = {
  now: () => Date.now(),
  schedule(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};

type PendingChange = 'changed' | 'removed';

export class DiffBatcher {
  private readonly intervalMs: number;
  private readonly clock: BatchClock;
  private pending = new Map<string, PendingChange>();
  private contextsChanged = false;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private timer: BatchTimer | undefined;
  private disposed = false;

  constructor(
    private readonly deliver: (batch: DiffBatch) => void,
    options: DiffBatcherOptions = {},
  ) {
    this.intervalMs = Math.max(0, options.intervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
    this.clock = options.clock ?? systemClock;
  }

  /** Records a change notification; it reaches `deliver` at the next flush. */
  add(change: {
    readonly changed?: readonly string[];
    readonly removed?: readonly string[];
    readonly contextsChanged?: boolean;
  }): void {
    if (this.disposed) return;
    for (const key of change.changed ?? []) this.pending.set(key, 'changed');
    for (const key of change.removed ?? []) this.pending.set(key, 'removed');
    if (change.contextsChanged === true) this.contextsChanged = true;
    this.schedule();
  }

  /** Whether anything waits for the next flush. */
  get hasPending(): boolean {
    return this.pending.size > 0 || this.contextsChanged;
  }

  /** Sends what is pending now, ignoring the interval (e.g. before the panel closes). */
  flushNow(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.flush();
  }

  /** Drops what is pending: a full snapshot is about to make it redundant. */
  clear(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.pending = new Map();
    this.contextsChanged = false;
  }

  dispose(): void {
    this.clear();
    this.disposed = true;
  }

  private schedule(): void {
    if (this.timer !== undefined || !this.hasPending) return;
    const delay = Math.max(0, this.lastFlushAt + this.intervalMs - this.clock.now());
    this.timer = this.clock.schedule(() => {
      this.timer = undefined;
      this.flush();
    }, delay);
  }

  private flush(): void {
    if (this.disposed || !this.hasPending) return;
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [key, what] of this.pending) (what === 'changed' ? changed : removed).push(key);
    const batch: DiffBatch = { changed, removed, contextsChanged: this.contextsChanged };
    // State first, then deliver: a deliver that adds changes (or throws) leaves the batcher sound.
    this.pending = new Map();
    this.contextsChanged = false;
    this.lastFlushAt = this.clock.now();
    this.deliver(batch);
  }
}
