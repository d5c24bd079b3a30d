import { needsUser, problemOf, type ConnectionProblem } from './connectionErrors';
import { JsonListItems } from './jsonListItems';
import {
  ACCEPT_JSON,
  ACCEPT_METADATA,
  ACCEPT_METADATA_LIST,
  KubeHttpError,
  type KubeRequest,
  type KubeTransport,
} from './kubeHttp';

/**
 * A list-then-watch loop for one resource, written here rather than taken from client-node 1.4's
 * informer: that informer stops for good after most errors, never asks for bookmarks and has no
 * request timeout, so a half-open connection would hang for ever.
 *
 * What it guarantees:
 *  1. It lists (paginated), hands the complete set to `replace`, then watches from the list's
 *     resourceVersion, with bookmarks, so a reconnect resumes where it left off.
 *  2. On 410 Gone (the resourceVersion was compacted away) it lists again and hands over the
 *     complete set: the consumer reconciles, so deletions missed while away disappear. Like
 *     client-go's reflector, that re-list asks for nothing older than the last resourceVersion it
 *     saw (resourceVersionMatch=NotOlderThan: behind several API servers, resourceVersion=0 may be
 *     answered by one whose cache is behind, and state would go backwards); only when the server
 *     cannot serve that version (410, or "too large resource version") does it read the latest
 *     state from etcd (no resourceVersion: a consistent read).
 *  3. After an error, or a connection that stayed silent for longer than the watch's own timeout
 *     plus a grace period (no event, no bookmark), it reconnects with jittered exponential backoff
 *     and reports itself disconnected meanwhile.
 *  4. A credential failure that only the user can fix (a sign-in, a missing or interactive plugin)
 *     is reported once and waits for restart() instead of retrying: each retry would run the
 *     plugin again.
 *  5. restart() (Refresh) re-lists without reporting the aborted watch as a disconnection.
 *  6. dispose() leaves no open connection and no timer.
 */

export interface WatchedResource {
  /** '/api/v1' or '/apis/<group>/<version>'. */
  readonly apiPath: string;
  readonly resource: string;
  /** Kind of the items (metadata-only lists do not say which kind they hold). */
  readonly kind: string;
  /** Watch one namespace instead of all of them. */
  readonly namespace?: string;
  /** List and watch as PartialObjectMetadata: the annotations without the (possibly large) data. */
  readonly metadataOnly?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type ListWatchState =
  | { readonly kind: 'syncing' }
  | { readonly kind: 'synced' }
  | {
      readonly kind: 'disconnected';
      readonly reason: string;
      readonly retryInMs: number;
      /** Which hop failed (proxy, TLS, server, a token file), when known. */
      readonly problem?: ConnectionProblem;
    }
  /** No credential until the user acts (sign-in, install, terminal): not retried until restart(). */
  | { readonly kind: 'needsUser'; readonly reason: string; readonly problem: ConnectionProblem }
  | { readonly kind: 'forbidden'; readonly reason: string; readonly retryInMs: number }
  /** 401: the credentials were rejected (expired or revoked token); not a matter of RBAC. */
  | { readonly kind: 'unauthorized'; readonly reason: string; readonly retryInMs: number };

export interface ListWatchHandlers {
  /** The complete current set (initial list or re-list after 410 or a reconnect that had to re-list). */
  replace(items: readonly unknown[], kind: string): void;
  event(type: WatchEventType, object: unknown, kind: string): void;
  state(state: ListWatchState): void;
  /** Diagnostics for the output channel (never contains credentials). */
  log?(message: string): void;
}

export interface ListWatchOptions {
  /** timeoutSeconds of each watch request; the server ends the watch after it (default 300). */
  readonly watchTimeoutSeconds?: number;
  /** Extra silence tolerated beyond the watch timeout before the connection counts as dead. */
  readonly silenceGraceMs?: number;
  readonly pageSize?: number;
  /** Gives up on a list page that has not been answered in this time (default 60 s). */
  readonly requestTimeoutMs?: number;
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  readonly random?: () => number;
}

class ExpiredError extends Error {}

/** The server cannot serve that resourceVersion: compacted away (410), or newer than it has (504). */
function unavailableVersion(err: unknown): boolean {
  if (err instanceof ExpiredError) return true;
  if (!(err instanceof KubeHttpError)) return false;
  return (
    err.status === 410 || (err.status === 504 && /ResourceVersionTooLarge|Too large resource version/i.test(err.body))
  );
}

export class ListWatch {
  /** Where the next watch starts; undefined: list first. */
  private resourceVersion: string | undefined;
  /** The newest resourceVersion seen (list, event, bookmark): a re-list asks for nothing older. */
  private lastSeen: string | undefined;
  private disposed = false;
  private abort: AbortController | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;
  private wakeSleep: (() => void) | undefined;
  private failures = 0;
  private readonly opts: Required<ListWatchOptions>;
  private running: Promise<void> | undefined;
  private restarting = false;

  constructor(
    private readonly transport: KubeTransport,
    readonly resource: WatchedResource,
    private readonly handlers: ListWatchHandlers,
    options: ListWatchOptions = {},
  ) {
    this.opts = {
      watchTimeoutSeconds: options.watchTimeoutSeconds ?? 300,
      silenceGraceMs: options.silenceGraceMs ?? 30_000,
      pageSize: options.pageSize ?? 500,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      backoffInitialMs: options.backoffInitialMs ?? 500,
      backoffMaxMs: options.backoffMaxMs ?? 30_000,
      random: options.random ?? Math.random,
    };
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Reconnect now (the Refresh command), skipping any backoff in progress; re-lists. */
  restart(): void {
    this.resourceVersion = undefined;
    this.failures = 0;
    this.restarting = true;
    this.abort?.abort();
    this.wakeSleep?.();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.abort?.abort();
    this.wakeSleep?.();
    await this.running;
  }

  private get path(): string {
    const ns = this.resource.namespace ? `/namespaces/${encodeURIComponent(this.resource.namespace)}` : '';
    return `${this.resource.apiPath}${ns}/${this.resource.resource}`;
  }

  private get label(): string {
    return `${this.resource.resource}${this.resource.namespace ? ` in ${this.resource.namespace}` : ''}`;
  }

  private async loop(): Promise<void> {
    while (!this.disposed) {
      try {
        if (this.resourceVersion === undefined) {
          this.handlers.state({ kind: 'syncing' });
          await this.list();
          if (this.disposed) return;
          this.handlers.state({ kind: 'synced' });
        }
        await this.watchOnce();
      } catch (err) {
        if (this.disposed) return;
        if (this.restarting) {
          this.restarting = false;
          continue;
        }
        if (needsUser(err)) {
          this.handlers.state({ kind: 'needsUser', reason: err.message, problem: err.problem });
          this.handlers.log?.(`${this.label}: ${err.message}; waiting for Retry`);
          await this.sleep(undefined);
          this.restarting = false;
          continue;
        }
        if (unavailableVersion(err)) {
          this.handlers.log?.(
            `${this.label}: the server cannot serve resourceVersion ${this.resourceVersion ?? ''} (${err instanceof Error ? err.message : String(err)}); listing again, nothing older than ${this.lastSeen ?? 'the newest'}`,
          );
          this.resourceVersion = undefined;
          continue;
        }
        this.failures++;
        const delay = this.backoff();
        const reason = err instanceof Error ? err.message : String(err);
        const status = err instanceof KubeHttpError ? err.status : 0;
        const kind = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'disconnected';
        this.handlers.state({ kind, reason, retryInMs: delay, problem: problemOf(err) });
        this.handlers.log?.(`${this.label}: ${reason}; retrying in ${Math.round(delay)} ms`);
        await this.sleep(delay);
        this.restarting = false;
      }
    }
  }

  private backoff(): number {
    const base = Math.min(this.opts.backoffMaxMs, this.opts.backoffInitialMs * 2 ** Math.min(this.failures - 1, 16));
    // Full jitter between half and all of the step, so many contexts do not reconnect in lockstep.
    return base / 2 + (this.opts.random() * base) / 2;
  }

  /** Until `ms` have passed (undefined: for ever), restart() or dispose(). */
  private sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      this.wakeSleep = () => {
        clearTimeout(this.sleepTimer);
        this.wakeSleep = undefined;
        resolve();
      };
      if (this.disposed) this.wakeSleep();
      else if (ms !== undefined) this.sleepTimer = setTimeout(() => this.wakeSleep?.(), ms);
    });
  }

  private async list(): Promise<void> {
    const from = this.lastSeen;
    // The first list: resourceVersion=0 is served from the API server's watch cache, as client-go's
    // reflector lists: no quorum read from etcd and no pages (the cache ignores limit), so 10,000
    // Leases list in one response. The watch that follows starts from the list's resourceVersion.
    if (from === undefined) return this.listPages({ resourceVersion: '0', limit: this.opts.pageSize });
    try {
      // A re-list: never older than what was seen. Without a limit, as the reflector does, so that
      // the watch cache can answer (a paged list at a resourceVersion would mean an exact read).
      return await this.listPages({ resourceVersion: from, resourceVersionMatch: 'NotOlderThan' });
    } catch (err) {
      if (!unavailableVersion(err)) throw err;
      this.handlers.log?.(
        `${this.label}: the server cannot list at resourceVersion ${from} or newer (${err instanceof Error ? err.message : String(err)}); reading the latest state instead`,
      );
    }
    // A consistent read (no resourceVersion): the latest state, from etcd.
    return this.listPages({ limit: this.opts.pageSize });
  }

  private async listPages(first: Record<string, string | number>): Promise<void> {
    const items: unknown[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      this.abort = new AbortController();
      const page = await this.listPage(
        {
          // Continue tokens only come from etcd and carry their own resourceVersion.
          query: continueToken ? { limit: this.opts.pageSize, continue: continueToken } : first,
          accept: this.resource.metadataOnly ? ACCEPT_METADATA_LIST : ACCEPT_JSON,
          signal: this.abort.signal,
          timeoutMs: this.opts.requestTimeoutMs,
        },
        items,
      );
      continueToken = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (continueToken && !this.disposed);
    this.resourceVersion = resourceVersion;
    this.lastSeen = resourceVersion || this.lastSeen;
    this.handlers.replace(items, this.resource.kind);
  }

  /**
   * One page of the list, its items parsed one at a time as they arrive and added to `items`
   * without managedFields: a list of 65,000 Leases is never held as one text and one parsed tree.
   * Returns the list's envelope (metadata: resourceVersion, continue).
   */
  private async listPage(
    request: KubeRequest,
    items: unknown[],
  ): Promise<{ metadata?: { continue?: string; resourceVersion?: string } }> {
    let broken: unknown;
    const splitter = new JsonListItems((text) => items.push(withoutManagedFields(JSON.parse(text))));
    await this.transport.chunks(
      this.path,
      request,
      (chunk) => {
        if (broken !== undefined) return;
        try {
          splitter.write(chunk);
        } catch (error) {
          broken = error;
        }
      },
      `list ${this.resource.resource}`,
    );
    try {
      if (broken !== undefined) throw broken;
      return splitter.end() as { metadata?: { continue?: string; resourceVersion?: string } };
    } catch {
      throw new KubeHttpError(
        200,
        'BadResponse',
        `the API server answered ${this.path} with something that is not JSON`,
        '',
      );
    }
  }

  private async watchOnce(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    let silenceTimer: NodeJS.Timeout | undefined;
    let silent = false;
    const silenceMs = this.opts.watchTimeoutSeconds * 1000 + this.opts.silenceGraceMs;
    const armSilence = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        silent = true;
        abort.abort();
      }, silenceMs);
    };
    let expired: ExpiredError | undefined;
    armSilence();
    try {
      const { ended } = await this.transport.stream(
        this.path,
        {
          query: {
            watch: 1,
            allowWatchBookmarks: true,
            resourceVersion: this.resourceVersion,
            timeoutSeconds: this.opts.watchTimeoutSeconds,
          },
          accept: this.resource.metadataOnly ? ACCEPT_METADATA : ACCEPT_JSON,
          signal: abort.signal,
        },
        (line) => {
          armSilence();
          if (expired) return;
          const result = this.onLine(line);
          if (result) {
            expired = result;
            abort.abort();
          }
        },
        `watch ${this.resource.resource}`,
      );
      // A successful (re)connection: whatever went wrong before is over.
      if (this.failures > 0) {
        this.failures = 0;
        this.handlers.state({ kind: 'synced' });
      }
      await ended;
    } catch (err) {
      if (expired) throw expired;
      if (silent)
        throw new Error(
          `the watch on ${this.label} was silent for ${Math.round(silenceMs / 1000)} s (no event, no bookmark)`,
        );
      if (this.disposed) return;
      throw err;
    } finally {
      clearTimeout(silenceTimer);
    }
    if (expired) throw expired;
    if (silent)
      throw new Error(
        `the watch on ${this.label} was silent for ${Math.round(silenceMs / 1000)} s (no event, no bookmark)`,
      );
  }

  /** Handles one watch line; returns an ExpiredError when the server says the resourceVersion is gone. */
  private onLine(line: string): ExpiredError | undefined {
    if (!line.trim()) return undefined;
    let event: {
      type?: unknown;
      object?: { metadata?: { resourceVersion?: unknown }; code?: unknown; message?: unknown };
    };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      this.handlers.log?.(`${this.label}: ignored a watch line that is not JSON`);
      return undefined;
    }
    const rv = event.object?.metadata?.resourceVersion;
    switch (event.type) {
      case 'BOOKMARK':
        if (typeof rv === 'string') this.resourceVersion = this.lastSeen = rv;
        return undefined;
      case 'ERROR': {
        const code = event.object?.code;
        if (code === 410) return new ExpiredError(`410: ${String(event.object?.message ?? 'expired')}`);
        this.handlers.log?.(`${this.label}: watch error ${String(code)}: ${String(event.object?.message ?? '')}`);
        // Other watch errors end this watch; the loop re-lists to be safe.
        return new ExpiredError(String(event.object?.message ?? 'watch error'));
      }
      case 'ADDED':
      case 'MODIFIED':
      case 'DELETED':
        if (typeof rv === 'string') this.resourceVersion = this.lastSeen = rv;
        this.handlers.event(event.type, withoutManagedFields(event.object), this.resource.kind);
        return undefined;
      default:
        return undefined;
    }
  }
}

/**
 * Drops metadata.managedFields (server-side apply bookkeeping, often larger than a Lease's spec)
 * from an object we just parsed and own: nothing in Lease Lens reads it, and the store keeps the
 * last object of every lock, so at 10,000 Leases it is megabytes.
 */
export function withoutManagedFields<T>(object: T): T {
  const metadata = (object as { metadata?: { managedFields?: unknown } } | undefined)?.metadata;
  if (metadata && typeof metadata === 'object' && 'managedFields' in metadata) delete metadata.managedFields;
  return object;
}
