// Whether the user may write each lock, as the views need it: known answers at once (synchronously,
// for contextValue and rows), a lazy RBAC check per context, kind and namespace when not known yet,
// and a notification when an answer arrives so the views update those locks. The cluster layer's
// PermissionChecker does the asking and caches for a minute; this remembers the answers until
// Refresh. Free of `vscode`.

import { parseLockKey, type LockKey } from '../../core';
import type { LockPermissions } from '../../cluster/permissions';

/** Locks of one kind in one namespace of one context share their RBAC answer. */
export interface PermissionScope {
  readonly context: string;
  readonly kind: string;
  readonly namespace: string;
}

export type PermissionListener = (scope: PermissionScope, canWrite: boolean) => void;

/** Asks the cluster for one lock's permissions; undefined when nothing can ask (no monitor). */
export type PermissionAsker = (key: LockKey) => Promise<LockPermissions> | undefined;

export class WritePermissions {
  private readonly answers = new Map<string, boolean>();
  private readonly pending = new Map<string, Promise<boolean | undefined>>();
  private readonly listeners = new Set<PermissionListener>();
  private generation = 0;

  constructor(
    private readonly ask: PermissionAsker,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** The known answer, or undefined when not known yet; never asks. */
  known(key: LockKey): boolean | undefined {
    const scope = scopeKey(key);
    return scope === undefined ? undefined : this.answers.get(scope);
  }

  /** The known answer, or undefined (and a check is started) when not known yet. */
  canWrite(key: LockKey): boolean | undefined {
    const scope = scopeKey(key);
    if (scope === undefined) return undefined;
    const known = this.answers.get(scope);
    if (known === undefined) void this.check(key);
    return known;
  }

  /** The answer, asking the cluster when it is not known; undefined when it cannot be had. */
  check(key: LockKey): Promise<boolean | undefined> {
    const scope = scopeKey(key);
    if (scope === undefined) return Promise.resolve(undefined);
    const known = this.answers.get(scope);
    if (known !== undefined) return Promise.resolve(known);
    const inFlight = this.pending.get(scope);
    if (inFlight !== undefined) return inFlight;
    const generation = this.generation;
    const promise = this.askSafely(key).then((p) => {
      if (generation !== this.generation) return p?.canWrite;
      this.pending.delete(scope);
      if (p === undefined) return undefined;
      if (p.unknown !== undefined)
        this.log(
          `could not check RBAC for ${scope} (${p.unknown}): write commands are offered and the API server decides`,
        );
      this.answers.set(scope, p.canWrite);
      const parts = parseLockKey(key);
      if (parts !== undefined)
        for (const l of [...this.listeners])
          l({ context: parts.context, kind: parts.kind, namespace: parts.namespace }, p.canWrite);
      return p.canWrite;
    });
    this.pending.set(scope, promise);
    return promise;
  }

  onDidChange(listener: PermissionListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Forgets every answer (Refresh, a new monitor). */
  clear(): void {
    this.generation++;
    this.answers.clear();
    this.pending.clear();
  }

  private async askSafely(key: LockKey): Promise<LockPermissions | undefined> {
    try {
      return await this.ask(key);
    } catch (error) {
      // The lock or its context went away meanwhile: nothing to remember.
      this.log(`RBAC check for ${key} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
}

export function scopeKey(key: LockKey): string | undefined {
  const parts = parseLockKey(key);
  return parts === undefined ? undefined : `${parts.context}/${parts.kind}/${parts.namespace}`;
}

export function inScope(key: LockKey, scope: PermissionScope): boolean {
  const parts = parseLockKey(key);
  return (
    parts !== undefined &&
    parts.context === scope.context &&
    parts.kind === scope.kind &&
    parts.namespace === scope.namespace
  );
}
