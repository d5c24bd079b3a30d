// Messages between the benchmark's orchestrator and its child processes (consumers and writer),
// over Node's IPC channel. Each measured party runs in its own process so that CPU and memory
// are its own.

/** [namespace/name, resourceVersion, epoch ms] */
export type Sighting = readonly [string, string, number];

export type ChildMessage =
  | { readonly type: 'synced'; readonly ms: number; readonly objects: number }
  | { readonly type: 'seen'; readonly batch: readonly Sighting[] }
  | {
      readonly type: 'stats';
      readonly cpuUserMs: number;
      readonly cpuSystemMs: number;
      readonly rssBytes: number;
      readonly peakRssBytes: number;
      readonly bytes: Readonly<Record<string, number>>;
      readonly webviewMessages: number;
      readonly webviewBytes: number;
    }
  | { readonly type: 'created'; readonly count: number; readonly ms: number }
  | { readonly type: 'done'; readonly writes: number; readonly errors: number }
  | { readonly type: 'error'; readonly message: string };

export type ParentMessage =
  { readonly type: 'stats' } | { readonly type: 'resetStats' } | { readonly type: 'go' } | { readonly type: 'stop' };
