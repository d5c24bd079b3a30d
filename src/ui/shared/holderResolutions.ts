// What each lock's holder resolves to (its pod: running, ready, on which node; or gone), looked up
// on demand — the Resolve Holder command, or a tree tooltip being opened — and remembered for a
// while per holder, so hovering again costs nothing. Never a pod watch: one GET per question.

import * as vscode from 'vscode';
import type { LockKey } from '../../core';
import type { HolderResolution } from '../../cluster/holderResolver';
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
    const promise = (async (): Promise<HolderResolution | undefined> => {
      try {
        return await monitor.resolveHolder(key);
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

  clear(): void {
    this.entries.clear();
  }

  dispose(): void {
    this.entries.clear();
    this.resolved.dispose();
  }
}
