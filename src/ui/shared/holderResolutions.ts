// What each lock's holder resolves to (its pod: running, ready, on which node; a node; or nothing
// found, with what was looked for), looked up on demand — the Resolve Holder command, or a tree
// tooltip being opened — and remembered for a while per holder, so hovering again costs nothing.
// Never a pod watch: a few GETs per question. The pod found for a holder is remembered longer: only
// a pod once seen can later be called gone.

import * as vscode from 'vscode';
import type { LockKey } from '../../core';
import { seenPodOf, type HolderResolution, type SeenPod } from '../../cluster/holderResolver';
import type { HolderLookup } from './lockTooltip';
import type { MonitorHost } from './monitorHost';

const TTL_MS = 30_000;

interface Entry {
  readonly holder: string;
  readonly at: number;
  readonly lookup: HolderLookup;
  readonly promise: Promise<HolderResolution | undefined>;
}

export class HolderResolutions implements vscode.Disposable {
  private readonly entries = new Map<LockKey, Entry>();
  /** The pod last found for each lock's holder, by lock (kept until the holder changes). */
  private readonly seenPods = new Map<LockKey, { readonly holder: string; readonly pod: SeenPod }>();
  private readonly resolved = new vscode.EventEmitter<LockKey>();
  /** A lookup finished (its lock's tooltip and item may show it now). */
  readonly onDidResolve = this.resolved.event;

  constructor(private readonly host: MonitorHost) {}

  /** What is known now about the current holder of `key`. */
  lookup(key: LockKey, holder: string | undefined): HolderLookup {
    const e = this.entries.get(key);
    if (e === undefined || holder === undefined || e.holder !== holder || Date.now() - e.at > TTL_MS)
      return { state: 'notAsked' };
    return e.lookup;
  }

  /** Looks the holder up (or returns the lookup in flight / remembered). */
  resolve(key: LockKey): Promise<HolderResolution | undefined> {
    const monitor = this.host.monitor;
    const holder = monitor?.store.get(key)?.view.holder;
    if (monitor === undefined || holder === undefined) return Promise.resolve(undefined);
    const e = this.entries.get(key);
    if (e !== undefined && e.holder === holder && Date.now() - e.at <= TTL_MS) return e.promise;
    const seen = this.seenPods.get(key);
    const previous = seen !== undefined && seen.holder === holder ? seen.pod : undefined;
    const promise = (async (): Promise<HolderResolution | undefined> => {
      try {
        const resolution = await monitor.resolveHolder(key, previous);
        const pod = seenPodOf(resolution, Date.now());
        if (pod !== undefined) this.seenPods.set(key, { holder, pod });
        return resolution;
      } catch (error) {
        return { kind: 'unresolved', message: error instanceof Error ? error.message : String(error) };
      }
    })();
    const at = Date.now();
    this.entries.set(key, { holder, at, lookup: { state: 'resolving' }, promise });
    void promise.then((resolution) => {
      if (this.entries.get(key)?.promise !== promise) return;
      if (resolution === undefined) this.entries.delete(key);
      else this.entries.set(key, { holder, at, lookup: { state: 'done', resolution }, promise });
      this.resolved.fire(key);
    });
    return promise;
  }

  /** Forgets the answers (Refresh); the pods seen stay, so a pod seen before can still be called gone. */
  clear(): void {
    this.entries.clear();
  }

  dispose(): void {
    this.entries.clear();
    this.seenPods.clear();
    this.resolved.dispose();
  }
}
