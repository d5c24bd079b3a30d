// Messages between the benchmark's orchestrator and its child processes (consumers, writer,
// replay server), over Node's IPC channel with `serialization: 'advanced'` (structured clone), so
// sightings travel as typed arrays: tens of thousands a second must cost the measured process
// next to nothing. Each measured party runs in its own process so that CPU and memory are its own.

/**
 * Where a party saw an object version: `store` when the watch event has reached the store,
 * `tree` when the tree item showing it is handed to VS Code (its onDidChangeTreeData batch),
 * `dashboard` when the webview message carrying its row is posted, `informer` when the plain
 * client-node informer's handler ran, `kubectl` when kubectl printed its line.
 */
export type Party = 'store' | 'tree' | 'dashboard' | 'informer' | 'kubectl';

/**
 * Sightings: pairs [resourceVersion, epoch ms] flattened. A resourceVersion is etcd's revision of
 * the write, unique across the cluster, so it names the write on its own; the writer says which
 * lock each revision belongs to.
 */
export type SightingPairs = Float64Array;

/** Writes: triples [resourceVersion, index into the writer's key table, epoch ms] flattened. */
export type WriteTriples = Float64Array;

export interface ProcessFigures {
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  readonly rssBytes: number;
  /** The kernel's high-water mark of the process (getrusage ru_maxrss): the initial sync included. */
  readonly maxRssBytes: number;
  /** The highest RSS sampled since the last resetStats (steady state). */
  readonly peakRssSinceResetBytes: number;
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  readonly externalBytes: number;
  readonly bytes: Readonly<Record<string, number>>;
  readonly webviewMessages: number;
  readonly webviewBytes: number;
  /** Tree batches handed to VS Code and lock items in them. */
  readonly treeBatches: number;
  readonly treeItems: number;
  /** The longest tree batch and dashboard message to build since the last reset, ms. */
  readonly treeBatchMaxMs: number;
  readonly dashboardMessageMaxMs: number;
}

export type ChildMessage =
  | {
      readonly type: 'synced';
      readonly ms: number;
      readonly objects: number;
      /** CPU spent from start to synced. */
      readonly cpuMs: number;
    }
  | { readonly type: 'seen'; readonly party: Party; readonly pairs: SightingPairs }
  | ({ readonly type: 'stats' } & ProcessFigures)
  | { readonly type: 'created'; readonly count: number; readonly ms: number }
  | { readonly type: 'writes'; readonly triples: WriteTriples }
  | {
      readonly type: 'done';
      readonly writes: number;
      readonly errors: number;
      /** Writes that were due but not sent because too many were still waiting for an answer. */
      readonly behind: number;
      /** The write requests' own p99 round trip, request to response (the writer's view of the server). */
      readonly p99Ms?: number;
    }
  | { readonly type: 'listening'; readonly port: number; readonly objects: number; readonly listBytes: number }
  | { readonly type: 'snapshotWritten' }
  | {
      readonly type: 'sample';
      /** After a full garbage collection when the process runs with --expose-gc. */
      readonly heapUsedBytes: number;
      readonly rssBytes: number;
      readonly sockets: number;
      readonly timers: number;
      readonly locks: number;
    }
  | { readonly type: 'error'; readonly message: string };

export type ParentMessage =
  | { readonly type: 'stats' }
  | { readonly type: 'resetStats' }
  | { readonly type: 'go'; readonly rate?: number; readonly seconds?: number }
  | { readonly type: 'heapSnapshot'; readonly path: string }
  | { readonly type: 'sample' }
  | { readonly type: 'stop' };

/** Collects sightings and sends them every 100 ms, in one typed array per party. */
export class SightingBuffer {
  private data = new Float64Array(4096);
  private length = 0;

  constructor(
    private readonly party: Party,
    private readonly send: (m: ChildMessage) => void,
  ) {}

  add(rv: number, at: number): void {
    if (this.length + 2 > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = rv;
    this.data[this.length++] = at;
  }

  flush(): void {
    if (this.length === 0) return;
    this.send({ type: 'seen', party: this.party, pairs: this.data.slice(0, this.length) });
    this.length = 0;
  }
}

/** A resourceVersion as a number (etcd revisions are integers well below 2^53); NaN otherwise. */
export function revision(rv: unknown): number {
  return typeof rv === 'string' && /^\d{1,15}$/.test(rv) ? Number(rv) : NaN;
}
