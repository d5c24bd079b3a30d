import * as l10n from '@vscode/l10n';
import { watch as watchFs, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import {
  copyPrimaryRecord,
  LockStore,
  releaseLock,
  releaseMultiLock,
  takeOverLock,
  takeOverMultiLock,
  type LockKey,
  type LockStoreOptions,
  type LockView,
  type MultiLock,
  type MultiLockMutationResult,
  type MultiLockOptions,
  type MutationResult,
  type WrittenRecord,
} from '../core';
import type { ConnectionProblem } from './connectionErrors';
import { ContextWatcher, type ContextConnection, type ContextWatcherOptions, type LockSink } from './contextWatcher';
import { DEFAULT_EXEC_TIMEOUT_MS, ExecAuthenticators } from './execCredentials';
import { resolveHolder, type HolderResolution, type SeenPod } from './holderResolver';
import {
  errorText,
  LastGoodKubeconfigs,
  loadKubeconfig,
  type KubeconfigSource,
  type KubeContext,
  type LoadedKubeconfig,
} from './kubeconfigLoader';
import { ByteMeter } from './kubeHttp';
import type { ListWatchOptions, WatchEventType } from './listWatch';
import type { LockKind } from './lockResources';
import { LockWriter, type LockTarget } from './lockWriter';
import { PermissionChecker, type LockPermissions } from './permissions';
import { userIdentity, type UserIdentity } from './selfSubject';
import type { ProxySettings } from './proxySelection';
import { LockConflictError, LockGoneError, MultiLockPartialWriteError, type LockHalf } from './writeErrors';

/** How one watched context is doing, for the views. */
export interface ContextStatus {
  readonly name: string;
  readonly server: string | undefined;
  /** 'credentials': no credential until the user acts (sign in, install a plugin, use a terminal). */
  readonly state: 'connecting' | 'connected' | 'disconnected' | 'forbidden' | 'unauthorized' | 'credentials' | 'error';
  readonly message: string | undefined;
  /** 'all', or the namespaces watched one by one because a cluster-wide list was forbidden. */
  readonly namespaces: 'all' | readonly string[];
  /** What failed, typed (a plugin, the proxy, TLS, the server), for the views' wording. */
  readonly problem?: ConnectionProblem;
  /** How requests reach the server: "directly (…)" or "through the proxy … (HTTPS_PROXY)". */
  readonly route?: string;
}

export interface LockMonitorOptions {
  readonly kubeconfig?: KubeconfigSource;
  /** Contexts to watch; empty or undefined watches the kubeconfig's current context. */
  readonly contexts?: readonly string[];
  readonly fallbackNamespaces?: readonly string[];
  readonly watch?: ListWatchOptions;
  readonly store?: Partial<LockStoreOptions>;
  readonly legacyLocks?: boolean;
  readonly readEvents?: boolean;
  /** Reload when the kubeconfig files change (default true). */
  readonly watchKubeconfig?: boolean;
  readonly log?: (message: string) => void;
  readonly meter?: ByteMeter;
  /** VS Code's proxy setting (http.proxy), and the environment for HTTPS_PROXY / NO_PROXY. */
  readonly proxy?: ProxySettings;
  /** Kill a credential plugin that has not answered after this long (default 30 s). */
  readonly execTimeoutMs?: number;
  /** Called after each watch event has reached the store (the benchmark times it). */
  readonly onApplied?: (context: string, type: WatchEventType, object: unknown, kind: string) => void;
}

export interface WriteOutcome {
  /** The object as stored (or as a dry run would store it); for a MultiLock, the half asked for. */
  readonly stored: unknown;
  readonly record: WrittenRecord;
  readonly notes: readonly string[];
  /** For a MultiLock: both halves as stored, primary first (the order they were written in). */
  readonly halves?: readonly (LockHalf & { readonly stored: unknown })[];
}

export interface LockWriteOptions {
  /** Server-side dry run: validated and authorised, nothing stored. */
  readonly dryRun?: boolean;
  /**
   * For a MultiLock: the resourceVersion of its other half as the user saw it. Both halves are
   * written, each conflict-checked against what was seen; a MultiLock write without it is refused.
   */
  readonly partnerResourceVersion?: string;
}

/**
 * Everything Lease Lens knows about its clusters, without VS Code: the kubeconfig, one
 * ContextWatcher per watched context feeding one LockStore, and the ways to act on a lock
 * (permissions, holder resolution, conflict-checked release and take over). The UI reads the store
 * and calls these methods; it never talks to a cluster itself.
 */
export class LockMonitor {
  readonly store: LockStore;
  readonly meter: ByteMeter;
  private loaded: LoadedKubeconfig = { contexts: [], currentContext: undefined, files: [], problems: [] };
  private readonly watchers = new Map<string, ContextWatcher>();
  private readonly statuses = new Map<string, ContextStatus>();
  private readonly permissionCheckers = new Map<string, PermissionChecker>();
  /** Who the API server says the user of each context is, asked once per connection. */
  private readonly identities = new Map<string, Promise<UserIdentity>>();
  private readonly statusListeners = new Set<() => void>();
  private selected: readonly string[];
  private fileWatchers: FSWatcher[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly log: (message: string) => void;
  private readonly lastGood = new LastGoodKubeconfigs();
  /** Credential plugins, shared by the contexts that use the same one. */
  readonly execs: ExecAuthenticators;

  constructor(private readonly options: LockMonitorOptions = {}) {
    this.store = new LockStore({
      clock: Date.now,
      scheduler: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      ...options.store,
    });
    this.meter = options.meter ?? new ByteMeter();
    this.selected = options.contexts ?? [];
    this.log = options.log ?? (() => undefined);
    this.execs = new ExecAuthenticators({
      timeoutMs: options.execTimeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS,
      log: (m) => this.log(`credential plugin ${m}`),
    });
  }

  /** Loads the kubeconfig and starts watching the selected contexts. */
  start(): void {
    this.reload();
  }

  get kubeconfig(): LoadedKubeconfig {
    return this.loaded;
  }

  /** The contexts being watched (the selection, or the current context). */
  watchedContexts(): string[] {
    return [...this.watchers.keys()];
  }

  statusOf(context: string): ContextStatus | undefined {
    return this.statuses.get(context);
  }

  statusesAll(): ContextStatus[] {
    return [...this.statuses.values()];
  }

  onDidChangeStatus(listener: () => void): { dispose(): void } {
    this.statusListeners.add(listener);
    return { dispose: () => this.statusListeners.delete(listener) };
  }

  /** Watch these contexts instead (empty: the current context). */
  selectContexts(names: readonly string[]): void {
    this.selected = names;
    this.reconcileWatchers();
  }

  /** Re-reads the kubeconfig and re-lists every watched context (Refresh, Retry). */
  refresh(): void {
    // First: a plugin that failed waiting for the user may run again.
    this.execs.resetAll();
    this.reload();
    for (const w of this.watchers.values()) w.refresh();
    for (const p of this.permissionCheckers.values()) p.clear();
    this.identities.clear();
  }

  /** Re-reads the kubeconfig files; contexts whose cluster or user changed are reconnected. */
  reload(): void {
    if (this.disposed) return;
    const before = this.loaded;
    this.loaded = loadKubeconfig(this.options.kubeconfig, this.lastGood);
    for (const p of this.loaded.problems) this.log(`kubeconfig: ${p.message}`);
    const changed = new Set<string>();
    for (const ctx of this.loaded.contexts) {
      const old = before.contexts.find((c) => c.name === ctx.name);
      if (
        old &&
        (old.server !== ctx.server ||
          old.user !== ctx.user ||
          old.fingerprint !== ctx.fingerprint ||
          old.kubeConfig.exportConfig() !== ctx.kubeConfig.exportConfig())
      )
        changed.add(ctx.name);
    }
    for (const name of changed) void this.stopWatcher(name, false);
    this.reconcileWatchers();
    this.watchFiles();
  }

  private targets(): KubeContext[] {
    const wanted =
      this.selected.length > 0 ? this.selected : this.loaded.currentContext ? [this.loaded.currentContext] : [];
    const out: KubeContext[] = [];
    for (const name of wanted) {
      const ctx = this.loaded.contexts.find((c) => c.name === name);
      if (ctx) out.push(ctx);
      else {
        const problem = this.loaded.problems.find((p) => p.context === name);
        const files = this.loaded.files.join(', ') || 'no file';
        const gone = this.watchers.has(name)
          ? `context ${name} is no longer in the kubeconfig (${files}): its locks are not watched until it is back`
          : `context ${name} is not in the kubeconfig (${files})`;
        this.setStatus({
          name,
          server: undefined,
          state: 'error',
          message: problem?.message ?? gone,
          namespaces: 'all',
        });
      }
    }
    return out;
  }

  private reconcileWatchers(): void {
    const targets = this.targets();
    const names = new Set(targets.map((c) => c.name));
    const wanted = (name: string) =>
      this.selected.length > 0 ? this.selected.includes(name) : name === this.loaded.currentContext;
    // A selected context that left the kubeconfig keeps the status targets() gave it ("not in the kubeconfig").
    for (const name of [...this.watchers.keys()]) if (!names.has(name)) void this.stopWatcher(name, true, wanted(name));
    for (const name of [...this.statuses.keys()]) {
      if (!names.has(name) && !wanted(name)) {
        this.statuses.delete(name);
        this.emitStatus();
      }
    }
    for (const ctx of targets) if (!this.watchers.has(ctx.name)) this.startWatcher(ctx);
  }

  private startWatcher(ctx: KubeContext): void {
    const store = this.store;
    const sink: LockSink = {
      replace: (context, kind, namespace, objects) => {
        if (kind === 'LeaseCandidate') store.replaceCandidates(context, objects, namespace);
        else
          store.replace(
            context,
            objects,
            { kinds: [kind as LockKind], namespaces: namespace ? [namespace] : undefined },
            { kind: kind as LockKind, detail: kind === 'Lease' ? 'full' : 'metadata' },
          );
      },
      event: (context, type: WatchEventType, object, kind) => {
        if (kind === 'LeaseCandidate') store.applyCandidate(context, type, object);
        else
          store.apply(context, type, object, {
            kind: kind as LockKind,
            detail: kind === 'Lease' ? 'full' : 'metadata',
          });
        this.options.onApplied?.(context, type, object, kind);
      },
      connection: (context, c: ContextConnection) => {
        if (c.state === 'connected') store.setConnection(context, { status: 'connected' });
        else if (c.state !== 'connecting') store.setConnection(context, { status: 'stale', reason: c.reason });
        const reason = c.state === 'connected' || c.state === 'connecting' ? undefined : c.reason;
        this.setStatus({
          name: context,
          server: ctx.server,
          state: c.state,
          message: reason,
          namespaces: c.state === 'connected' ? c.namespaces : (this.watchers.get(context)?.watchedNamespaces ?? 'all'),
          problem: c.state === 'disconnected' || c.state === 'credentials' ? c.problem : undefined,
          route: this.watchers.get(context)?.route,
        });
        this.log(`${context}: ${c.state}${reason !== undefined ? ` (${reason})` : ''}`);
      },
      leaderEvents: (context, events) => {
        const n = store.seedEvents(context, events);
        this.log(
          `${context}: seeded history from ${events.length} LeaderElection events (${n} changes on known locks)`,
        );
      },
      log: (context, message) => this.log(`${context}: ${message}`),
    };
    const opts: ContextWatcherOptions = {
      ...this.options.watch,
      fallbackNamespaces: this.options.fallbackNamespaces,
      meter: this.meter,
      legacyLocks: this.options.legacyLocks,
      readEvents: this.options.readEvents,
      execs: this.execs,
      proxy: this.options.proxy,
    };
    const watcher = new ContextWatcher(ctx, sink, opts);
    this.watchers.set(ctx.name, watcher);
    this.setStatus({
      name: ctx.name,
      server: ctx.server,
      state: 'connecting',
      message: undefined,
      namespaces: 'all',
      route: watcher.route,
    });
    this.log(`${ctx.name}: watching ${ctx.server}`);
    watcher.start().catch((err: unknown) => {
      this.setStatus({
        name: ctx.name,
        server: ctx.server,
        state: 'error',
        message: errorText(err),
        namespaces: 'all',
      });
    });
  }

  private async stopWatcher(name: string, forget: boolean, keepStatus = false): Promise<void> {
    const w = this.watchers.get(name);
    this.watchers.delete(name);
    this.permissionCheckers.delete(name);
    this.identities.delete(name);
    if (forget) {
      this.store.removeContext(name);
      if (!keepStatus) this.statuses.delete(name);
      this.emitStatus();
    }
    await w?.dispose();
  }

  private setStatus(status: ContextStatus): void {
    this.statuses.set(status.name, status);
    this.emitStatus();
  }

  private emitStatus(): void {
    for (const l of [...this.statusListeners]) l();
  }

  private watchFiles(): void {
    if (this.options.watchKubeconfig === false) return;
    for (const w of this.fileWatchers) w.close();
    this.fileWatchers = [];
    // Watch the directories: editors and kubectl replace the file rather than write into it.
    const byDir = new Map<string, Set<string>>();
    for (const f of this.loaded.files) {
      const set = byDir.get(dirname(f)) ?? new Set<string>();
      set.add(basename(f));
      byDir.set(dirname(f), set);
    }
    for (const [dir, names] of byDir) {
      try {
        const w = watchFs(dir, (_event, file) => {
          if (file !== null && !names.has(file.toString())) return;
          clearTimeout(this.reloadTimer);
          this.reloadTimer = setTimeout(() => {
            this.log('kubeconfig changed: reloading');
            this.kubeconfigChanged();
          }, 300);
        });
        w.on('error', () => undefined);
        this.fileWatchers.push(w);
      } catch {
        // A directory that does not exist yet: nothing to watch until Refresh.
      }
    }
  }

  /**
   * A kubeconfig file changed: contexts whose cluster or user changed reconnect (reload), and a
   * context that waited for the user (a sign-in, an installed plugin) tries again: the change may
   * be the fix.
   */
  private kubeconfigChanged(): void {
    this.execs.resetAll();
    this.reload();
    for (const [name, w] of this.watchers) if (this.statuses.get(name)?.state === 'credentials') w.refresh();
  }

  // ---- acting on one lock ---------------------------------------------------------------

  private contextOf(key: LockKey): { ctx: KubeContext; watcher: ContextWatcher; target: LockTarget } {
    const lock = this.store.get(key);
    if (!lock)
      throw new Error(
        l10n.t('the lock {0} is no longer known: it was deleted or its context is no longer watched', key),
      );
    const v = lock.view;
    const watcher = this.watchers.get(v.context);
    if (!watcher) throw new Error(l10n.t('context {0} is not watched any more', v.context));
    return { ctx: watcher.context, watcher, target: { kind: v.kind, namespace: v.namespace, name: v.name } };
  }

  // async, so that an unknown lock is a rejected promise rather than a synchronous throw.
  async permissions(key: LockKey): Promise<LockPermissions> {
    const { ctx, watcher, target } = this.contextOf(key);
    let checker = this.permissionCheckers.get(ctx.name);
    if (!checker) this.permissionCheckers.set(ctx.name, (checker = new PermissionChecker(watcher.transport)));
    return checker.check(target.kind, target.namespace);
  }

  /**
   * Who the API server says the user of the lock's context is (SelfSubjectReview), for the record
   * of a write; the kubeconfig's user name with why when the server cannot say. Never rejects.
   */
  async userOf(key: LockKey): Promise<UserIdentity> {
    let watcher: ContextWatcher;
    try {
      ({ watcher } = this.contextOf(key));
    } catch (error) {
      return { user: null, source: error instanceof Error ? error.message : String(error) };
    }
    const name = watcher.context.name;
    let known = this.identities.get(name);
    if (known === undefined) {
      known = userIdentity(watcher.transport, watcher.context.user);
      this.identities.set(name, known);
    }
    return known;
  }

  /** Where the holder runs; `previous` is the pod found for the same holder before, if any. */
  async resolveHolder(key: LockKey, previous?: SeenPod): Promise<HolderResolution> {
    const { watcher, target } = this.contextOf(key);
    const view = this.store.get(key)!.view;
    return resolveHolder(watcher.transport, {
      holder: view.holder ?? '',
      lockNamespace: target.namespace,
      lockName: target.name,
      isNodeHeartbeat: view.role === 'nodeHeartbeat',
      previous,
    });
  }

  /** The object as the API server has it now (for Show Live YAML), or undefined when gone. */
  async liveObject(key: LockKey): Promise<unknown> {
    const { watcher, target } = this.contextOf(key);
    return new LockWriter(watcher.transport).reread(target);
  }

  /**
   * Force-release (client-go ReleaseOnCancel semantics), conflict-checked against
   * `seenResourceVersion`. A MultiLock half releases both halves (see writeMultiLock).
   */
  async release(key: LockKey, seenResourceVersion: string, options: LockWriteOptions = {}): Promise<WriteOutcome> {
    return this.write(
      key,
      seenResourceVersion,
      options,
      (observed, now, kind) => releaseLock(observed, { now, kind }),
      (primary, secondary, o) => releaseMultiLock(primary, secondary, o),
    );
  }

  /** Take over for `holder`, conflict-checked against `seenResourceVersion`; a MultiLock half takes over both. */
  async takeOver(
    key: LockKey,
    holder: string,
    seenResourceVersion: string,
    options: LockWriteOptions = {},
  ): Promise<WriteOutcome> {
    return this.write(
      key,
      seenResourceVersion,
      options,
      (observed, now, kind) => takeOverLock(observed, { now, kind, holder }),
      (primary, secondary, o) => takeOverMultiLock(primary, secondary, { ...o, holder }),
    );
  }

  /**
   * Finishes a MultiLock write that stopped after its primary (MultiLockPartialWriteError): writes
   * the record the primary holds now into the Lease, conflict-checked against
   * `seenLeaseResourceVersion` (the Lease as the user was shown it after the stop).
   */
  async finishMultiLock(key: LockKey, seenLeaseResourceVersion: string): Promise<WriteOutcome> {
    const { watcher } = this.contextOf(key);
    const pair = this.multiLockOf(key);
    if (pair === undefined) throw new Error(l10n.t('{0} is not a MultiLock: there is no other half to finish', key));
    const writer = new LockWriter(watcher.transport, (m) => this.log(`${watcher.context.name}: ${m}`));
    const [primaryTarget, secondaryTarget] = halves(pair);
    const [primary, secondary] = await Promise.all([writer.reread(primaryTarget), writer.reread(secondaryTarget)]);
    if (primary === undefined) throw new LockGoneError(primaryTarget.kind, primaryTarget.namespace, primaryTarget.name);
    if (secondary === undefined)
      throw new LockGoneError(secondaryTarget.kind, secondaryTarget.namespace, secondaryTarget.name);
    if (resourceVersionOf(secondary) !== seenLeaseResourceVersion)
      throw new LockConflictError(secondaryTarget.kind, secondaryTarget.namespace, secondaryTarget.name, secondary, {
        kind: primaryTarget.kind,
        current: primary,
      });
    const result = copyPrimaryRecord(primary, secondary, {
      now: Date.now(),
      primaryKind: primaryTarget.kind as MultiLockOptions['primaryKind'],
    });
    if (!result.ok)
      throw new Error(l10n.t('{0} cannot be written: {1}', describe(secondaryTarget), result.problem.message));
    const stored = await writer.write(secondaryTarget, result.object);
    return { stored, record: result.record, notes: result.notes, halves: [{ ...secondaryTarget, stored }] };
  }

  /** The MultiLock `key` is a half of, as the store pairs it now. */
  multiLockOf(key: LockKey): MultiLock | undefined {
    return this.store.snapshot(key)?.multiLock;
  }

  /**
   * Reads the object, checks it is still the version the user saw, applies the pure mutation and
   * writes it with that resourceVersion. Any difference, before or during the write, is a
   * LockConflictError carrying the object as it is now. Never retried here.
   */
  private async write(
    key: LockKey,
    seen: string,
    options: LockWriteOptions,
    mutate: (observed: unknown, now: number, kind: LockKind) => MutationResult,
    mutateBoth: (primary: unknown, secondary: unknown, options: MultiLockOptions) => MultiLockMutationResult,
  ): Promise<WriteOutcome> {
    const pair = this.multiLockOf(key);
    if (pair !== undefined) return this.writeMultiLock(key, pair, seen, options, mutateBoth);
    const { watcher, target } = this.contextOf(key);
    const writer = new LockWriter(watcher.transport, (m) => this.log(`${watcher.context.name}: ${m}`));
    const current = await writer.reread(target);
    if (current === undefined) throw new LockGoneError(target.kind, target.namespace, target.name);
    const rv = resourceVersionOf(current);
    if (rv !== seen) {
      this.log(
        `${watcher.context.name}: ${describe(target)} is at resourceVersion ${String(rv)}, not the ${seen} shown: nothing written`,
      );
      throw new LockConflictError(target.kind, target.namespace, target.name, current);
    }
    const result = mutate(current, Date.now(), target.kind);
    if (!result.ok) throw new Error(l10n.t('{0} cannot be written: {1}', describe(target), result.problem.message));
    const stored = await writer.write(target, result.object, { dryRun: options.dryRun });
    return { stored, record: result.record, notes: result.notes };
  }

  /**
   * A MultiLock is one election, and client-go writes its record to both halves: the primary
   * (ConfigMap or Endpoints) first, then the secondary Lease. So do we, each half conflict-checked
   * against the resourceVersion the user saw. Both are read and compared first, so a change to
   * either before the write writes nothing; a 409 on the primary writes nothing either; a failure
   * of the secondary after the primary was stored is a MultiLockPartialWriteError naming which
   * half was written, for the user to finish (finishMultiLock) or leave.
   */
  private async writeMultiLock(
    key: LockKey,
    pair: MultiLock,
    seen: string,
    options: LockWriteOptions,
    mutateBoth: (primary: unknown, secondary: unknown, options: MultiLockOptions) => MultiLockMutationResult,
  ): Promise<WriteOutcome> {
    const { watcher } = this.contextOf(key);
    const [primaryTarget, secondaryTarget] = halves(pair);
    const asked = this.store.get(key)!.view;
    if (options.partnerResourceVersion === undefined)
      throw new Error(
        `${describe(asked)} is one half of a MultiLock with ${describe(asked.kind === 'Lease' ? primaryTarget : secondaryTarget)}: both are written, so the resourceVersion you saw of the other half is needed too; nothing was written`,
      );
    const seenPrimary = asked.kind === 'Lease' ? options.partnerResourceVersion : seen;
    const seenSecondary = asked.kind === 'Lease' ? seen : options.partnerResourceVersion;
    const context = watcher.context.name;
    const writer = new LockWriter(watcher.transport, (m) => this.log(`${context}: ${m}`));
    const [primary, secondary] = await Promise.all([writer.reread(primaryTarget), writer.reread(secondaryTarget)]);
    if (primary === undefined) throw new LockGoneError(primaryTarget.kind, primaryTarget.namespace, primaryTarget.name);
    if (secondary === undefined)
      throw new LockGoneError(secondaryTarget.kind, secondaryTarget.namespace, secondaryTarget.name);
    for (const [target, current, other, otherTarget, rv] of [
      [primaryTarget, primary, secondary, secondaryTarget, seenPrimary],
      [secondaryTarget, secondary, primary, primaryTarget, seenSecondary],
    ] as const) {
      if (resourceVersionOf(current) !== rv) {
        this.log(
          `${context}: ${describe(target)} is at resourceVersion ${String(resourceVersionOf(current))}, not the ${rv} shown: nothing written to either half of the MultiLock`,
        );
        throw new LockConflictError(target.kind, target.namespace, target.name, current, {
          kind: otherTarget.kind,
          current: other,
        });
      }
    }
    const result = mutateBoth(primary, secondary, {
      now: Date.now(),
      primaryKind: primaryTarget.kind as MultiLockOptions['primaryKind'],
    });
    if (!result.ok)
      throw new Error(l10n.t('the MultiLock {0} cannot be written: {1}', describe(asked), result.problem.message));
    let storedPrimary: unknown;
    try {
      storedPrimary = await writer.write(primaryTarget, result.primary.object, { dryRun: options.dryRun });
    } catch (err) {
      if (err instanceof LockConflictError)
        throw new LockConflictError(err.kind, err.namespace, err.lockName, err.current, {
          kind: secondaryTarget.kind,
          current: secondary,
        });
      throw err;
    }
    let storedSecondary: unknown;
    try {
      storedSecondary = await writer.write(secondaryTarget, result.secondary.object, { dryRun: options.dryRun });
    } catch (err) {
      const failure = err instanceof Error ? err : new Error(String(err));
      this.log(
        `${context}: MultiLock ${describe(asked)}: ${describe(primaryTarget)} was written, ${describe(secondaryTarget)} was not (${failure.message})`,
      );
      if (failure instanceof LockConflictError)
        throw new MultiLockPartialWriteError(
          { ...primaryTarget, stored: storedPrimary },
          secondaryTarget,
          new LockConflictError(failure.kind, failure.namespace, failure.lockName, failure.current, {
            kind: primaryTarget.kind,
            current: storedPrimary,
          }),
        );
      throw new MultiLockPartialWriteError({ ...primaryTarget, stored: storedPrimary }, secondaryTarget, failure);
    }
    const halvesStored = [
      { ...primaryTarget, stored: storedPrimary },
      { ...secondaryTarget, stored: storedSecondary },
    ];
    return {
      stored: asked.kind === 'Lease' ? storedSecondary : storedPrimary,
      record: (asked.kind === 'Lease' ? result.secondary : result.primary).record,
      notes: result.notes,
      halves: halvesStored,
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.reloadTimer);
    for (const w of this.fileWatchers) w.close();
    this.fileWatchers = [];
    await Promise.all([...this.watchers.keys()].map((n) => this.stopWatcher(n, false)));
    // Kills credential plugins still running (a hung login), and waits for them to exit.
    await this.execs.dispose();
    this.store.dispose();
    this.statusListeners.clear();
  }
}

/** The two halves of a MultiLock as write targets: primary (ConfigMap or Endpoints), then the Lease. */
function halves(pair: MultiLock): [LockTarget, LockTarget] {
  const target = (v: LockView): LockTarget => ({ kind: v.kind, namespace: v.namespace, name: v.name });
  return [target(pair.primary), target(pair.secondary)];
}

function describe(t: { readonly kind: string; readonly namespace: string; readonly name: string }): string {
  return `${t.kind} ${t.namespace}/${t.name}`;
}

function resourceVersionOf(object: unknown): unknown {
  return (object as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
}
