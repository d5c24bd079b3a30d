import type { ConnectionProblem } from './connectionErrors';
import { leaseCandidateApiPath } from './discovery';
import type { ExecAuthenticators } from './execCredentials';
import type { KubeContext } from './kubeconfigLoader';
import { KubeTransport, type ByteMeter } from './kubeHttp';
import { describeRoute, type ProxySettings } from './proxySelection';
import { readLeaderEvents } from './leaderEventsReader';
import {
  ListWatch,
  type ListWatchOptions,
  type ListWatchState,
  type WatchEventType,
  type WatchedResource,
} from './listWatch';
import { LOCK_RESOURCES } from './lockResources';

/** How one context's watches are doing, for the views ("stale because disconnected"). */
export type ContextConnection =
  | { readonly state: 'connecting' }
  | { readonly state: 'connected'; readonly namespaces: 'all' | readonly string[] }
  | {
      readonly state: 'disconnected';
      readonly reason: string;
      readonly since: number;
      /** Which hop failed (the proxy, TLS, the server, a token file), when known. */
      readonly problem?: ConnectionProblem;
    }
  /** No credential until the user acts (sign in, install the plugin, run it in a terminal). */
  | {
      readonly state: 'credentials';
      readonly reason: string;
      readonly since: number;
      readonly problem: ConnectionProblem;
    }
  | { readonly state: 'forbidden'; readonly reason: string; readonly since: number }
  | { readonly state: 'unauthorized'; readonly reason: string; readonly since: number };

/** Where a context's watches deliver what they see. */
export interface LockSink {
  /** The complete set of one kind in one scope (all namespaces, or one namespace): reconcile. */
  replace(context: string, kind: string, namespace: string | undefined, objects: readonly unknown[]): void;
  event(context: string, type: WatchEventType, object: unknown, kind: string): void;
  connection(context: string, connection: ContextConnection): void;
  /** Raw Events with reason LeaderElection, read once at start to seed history. */
  leaderEvents?(context: string, events: readonly unknown[]): void;
  log?(context: string, message: string): void;
}

export interface ContextWatcherOptions extends ListWatchOptions {
  /** Namespaces to watch one by one when a cluster-wide list is forbidden (setting). */
  readonly fallbackNamespaces?: readonly string[];
  readonly meter?: ByteMeter;
  /** Read LeaderElection Events to seed history (default true). */
  readonly readEvents?: boolean;
  /** Watch ConfigMaps and Endpoints (default true; the benchmark switches kinds on and off). */
  readonly legacyLocks?: boolean;
  readonly now?: () => number;
  /** Exec plugin authenticators shared by the monitor's contexts. */
  readonly execs?: ExecAuthenticators;
  /** VS Code's proxy setting and the environment for HTTPS_PROXY / NO_PROXY. */
  readonly proxy?: ProxySettings;
}

const KIND_SPECS: readonly WatchedResource[] = [
  { apiPath: LOCK_RESOURCES.Lease.apiPath, resource: 'leases', kind: 'Lease' },
  { apiPath: LOCK_RESOURCES.ConfigMap.apiPath, resource: 'configmaps', kind: 'ConfigMap', metadataOnly: true },
  { apiPath: LOCK_RESOURCES.Endpoints.apiPath, resource: 'endpoints', kind: 'Endpoints', metadataOnly: true },
];

/**
 * Watches every lock of one context: Leases (all namespaces, full objects), ConfigMaps and
 * Endpoints as metadata only (the API cannot filter by annotation, and ConfigMap data can be
 * large), and LeaseCandidates where the cluster serves them. Where a cluster-wide list is
 * forbidden it falls back to the configured namespaces plus the context's own, and says so.
 */
export class ContextWatcher {
  readonly transport: KubeTransport;
  private readonly watches = new Map<string, ListWatch>();
  private readonly states = new Map<string, ListWatchState>();
  private namespaces: 'all' | readonly string[] = 'all';
  private disposed = false;
  private lastReported = '';
  private disconnectedSince = 0;
  private readonly now: () => number;

  constructor(
    readonly context: KubeContext,
    private readonly sink: LockSink,
    private readonly options: ContextWatcherOptions = {},
  ) {
    this.transport = new KubeTransport(context, options.meter, {
      execs: options.execs,
      proxy: options.proxy,
      log: (m) => sink.log?.(context.name, m),
    });
    this.now = options.now ?? Date.now;
  }

  /** How requests reach the server ("directly (…)", "through the proxy … (HTTPS_PROXY)"). */
  get route(): string {
    return describeRoute(this.transport.route);
  }

  async start(): Promise<void> {
    this.report({ state: 'connecting' });
    this.sink.log?.(this.context.name, `connecting to ${this.context.server} ${this.route}`);
    const specs = KIND_SPECS.filter((s) => s.kind === 'Lease' || this.options.legacyLocks !== false);
    for (const spec of specs) this.startWatch(spec);
    await this.discoverCandidates();
    if (this.options.readEvents !== false) void this.seedHistory();
  }

  /** Re-list everything now (Refresh). */
  refresh(): void {
    for (const w of this.watches.values()) w.restart();
    // Discovery may have failed for the same reason the watches did (no credential yet).
    if (!this.candidatesWatched) void this.discoverCandidates();
  }

  private candidatesWatched = false;
  private discovering = false;

  private async discoverCandidates(): Promise<void> {
    if (this.discovering || this.candidatesWatched) return;
    this.discovering = true;
    try {
      const candidates = await leaseCandidateApiPath(this.transport);
      if (candidates && !this.disposed && !this.candidatesWatched) {
        this.candidatesWatched = true;
        const spec = { apiPath: candidates, resource: 'leasecandidates', kind: 'LeaseCandidate' } as const;
        if (this.namespaces === 'all') this.startWatch(spec);
        else for (const ns of this.namespaces) this.startWatch({ ...spec, namespace: ns });
      }
    } finally {
      this.discovering = false;
    }
  }

  get watchedNamespaces(): 'all' | readonly string[] {
    return this.namespaces;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.watches.values()].map((w) => w.dispose()));
    this.watches.clear();
    await this.transport.dispose();
  }

  private startWatch(spec: WatchedResource): void {
    const key = `${spec.resource}/${spec.namespace ?? '*'}`;
    let everSynced = false;
    const watch = new ListWatch(
      this.transport,
      spec,
      {
        replace: (items, kind) => this.sink.replace(this.context.name, kind, spec.namespace, items),
        event: (type, obj, kind) => this.sink.event(this.context.name, type, obj, kind),
        state: (state) => {
          if (state.kind === 'synced') everSynced = true;
          if (state.kind === 'forbidden' && !everSynced && !spec.namespace && this.namespaces === 'all') {
            void this.fallBackToNamespaces(state.reason);
            return;
          }
          if (state.kind === 'forbidden' && !everSynced && spec.kind === 'LeaseCandidate') {
            // Not being allowed to see LeaseCandidates is no reason to call the context broken.
            this.states.delete(key);
            void this.watches.get(key)?.dispose();
            this.watches.delete(key);
            this.aggregate();
            return;
          }
          this.states.set(key, state);
          this.aggregate();
        },
        log: (m) => this.sink.log?.(this.context.name, m),
      },
      this.options,
    );
    this.watches.set(key, watch);
    this.states.set(key, { kind: 'syncing' });
    watch.start();
  }

  private fallbackStarted = false;

  private async fallBackToNamespaces(reason: string): Promise<void> {
    if (this.fallbackStarted || this.disposed) return;
    this.fallbackStarted = true;
    const namespaces = [...new Set([...(this.options.fallbackNamespaces ?? []), this.context.namespace ?? 'default'])];
    this.namespaces = namespaces;
    this.sink.log?.(
      this.context.name,
      `listing locks in all namespaces is forbidden (${reason}); watching ${namespaces.join(', ')} instead`,
    );
    const clusterWide = [...this.watches.entries()].filter(([k]) => k.endsWith('/*'));
    for (const [k, w] of clusterWide) {
      this.watches.delete(k);
      this.states.delete(k);
      await w.dispose();
    }
    if (this.disposed) return;
    for (const spec of KIND_SPECS.filter((s) => s.kind === 'Lease' || this.options.legacyLocks !== false)) {
      for (const ns of namespaces) this.startWatch({ ...spec, namespace: ns });
    }
    if (this.options.readEvents !== false) void this.seedHistory();
  }

  private async seedHistory(): Promise<void> {
    try {
      const events = await readLeaderEvents(this.transport, this.namespaces === 'all' ? undefined : this.namespaces);
      if (!this.disposed) this.sink.leaderEvents?.(this.context.name, events);
    } catch (err) {
      this.sink.log?.(
        this.context.name,
        `could not read LeaderElection events (history starts now): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** One state for the context: connected only when every watch is synced. */
  private aggregate(): void {
    const all = [...this.states.values()];
    // Rejected credentials first: they are why everything else fails, and what the user must fix.
    // A credential only the user can provide first: it is why everything else fails.
    const needs = all.find((s) => s.kind === 'needsUser');
    if (needs?.kind === 'needsUser') {
      if (!this.disconnectedSince) this.disconnectedSince = this.now();
      this.report({
        state: 'credentials',
        reason: needs.reason,
        problem: needs.problem,
        since: this.disconnectedSince,
      });
      return;
    }
    const bad =
      all.find((s) => s.kind === 'unauthorized') ??
      all.find((s) => s.kind === 'disconnected' || s.kind === 'forbidden');
    if (bad && (bad.kind === 'disconnected' || bad.kind === 'forbidden' || bad.kind === 'unauthorized')) {
      if (!this.disconnectedSince) this.disconnectedSince = this.now();
      const reason = bad.kind === 'unauthorized' ? unauthorizedMessage(this.context.name, bad.reason) : bad.reason;
      if (bad.kind === 'disconnected' && bad.problem)
        this.report({ state: 'disconnected', reason, since: this.disconnectedSince, problem: bad.problem });
      else this.report({ state: bad.kind, reason, since: this.disconnectedSince });
      return;
    }
    if (all.length > 0 && all.every((s) => s.kind === 'synced')) {
      this.disconnectedSince = 0;
      this.report({ state: 'connected', namespaces: this.namespaces });
    }
  }

  private report(c: ContextConnection): void {
    const key = JSON.stringify(c);
    if (key === this.lastReported) return;
    this.lastReported = key;
    this.sink.connection(this.context.name, c);
  }
}

/** What to tell the user when the API server answers 401: their credentials, not their permissions. */
export function unauthorizedMessage(context: string, serverMessage: string): string {
  const detail = serverMessage && serverMessage !== 'Unauthorized' ? ` (${serverMessage})` : '';
  return `The API server rejected the credentials of context ${context} (401 Unauthorized${detail}): the token may have expired or been revoked. Fix the kubeconfig or log in again; Lease Lens reconnects when the file changes.`;
}
