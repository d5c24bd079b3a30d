// The one place lock views live. Watches feed it (added, modified, deleted, and "replace all" after
// a re-list); every view reads from it and hears about changes in batches.
//
// Observation follows client-go: observedTime is our clock when the record last changed (a new
// resourceVersion with the same record, e.g. a label edit, is not a renewal), and when we first
// saw the lock. Health is computed on demand from it (lockHealth.ts), since it changes with time
// alone.
//
// Notifications are coalesced: a subscriber hears at most once per batch interval, with the keys
// that changed or went away since the last batch, so 500 watch events a second make a handful of
// redraws. Every operation is O(1) per lock touched; re-list reconciliation is O(locks in scope).

import { LeaseCandidateIndex } from './leaseCandidateIndex';
import type { LeaseCandidateView } from './leaseCandidate';
import { lockHealth, type HealthOptions, type LockHealth } from './lockHealth';
import { ClockOffsets } from './clockOffsets';
import {
  flapping,
  leaderEventChanges,
  LockHistory,
  type ChangeRecord,
  type HistoryOptions,
  type HolderChange,
  type ReadonlyLockHistory,
} from './lockHistory';
import { lockEvidence } from './lockEvidence';
import {
  countsAsStopped,
  DEFAULT_THRESHOLDS,
  lockState,
  type LockEvidence,
  type LockState,
  type LockThresholds,
} from './lockLiveness';
import { parseLock, type ParseLockOptions } from './lockParser';
import type { LockKey, LockKind, LockView, ObjectDetail } from './lockView';
import { pairMultiLock, type MultiLock } from './multiLock';
import { isObject, own, ownString } from './jsonValue';
import { groupLeaderEvents, PendingLeaderEvents } from './pendingLeaderEvents';
import { isLockKind, lockKey, parseLockKey } from './lockKey';
import type { Clock, Disposable, Scheduler } from './scheduler';
import { sharedView } from './viewSharing';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A lock as the store holds it: the view and what we observed of it. Replaced, never mutated. */
export interface ObservedLock {
  readonly view: LockView;
  /**
   * The object as last received, unchanged, for election locks (what releaseLock and takeOverLock
   * would start from). Undefined for node heartbeats and API server identities: a large cluster
   * has tens of thousands of them, and writes re-read the object from the API server anyway
   * (LockMonitor.write), checking it is still the version the user saw.
   */
  readonly object: unknown;
  /** Our clock when the record last changed, or when we first saw the lock. */
  readonly observedTime: number;
  /** Whether observedTime is a change we saw rather than the first sighting. */
  readonly observedChange: boolean;
  /** Whether that change moved renewTime (then renewTime should be near observedTime). */
  readonly renewWitnessed: boolean;
  readonly firstSeen: number;
  /** Live: it grows as the lock renews. */
  readonly history: ReadonlyLockHistory;
}

/** Whether a context's watches are delivering. Contexts never reported are `connected`. */
export type ConnectionState =
  | { readonly status: 'connected'; readonly since: number | undefined }
  | { readonly status: 'stale'; readonly reason: string; readonly since: number };

/** One notification: what changed since the previous one. */
export interface LockStoreChange {
  /** Added or updated (including MultiLock partners and Leases whose candidates changed). */
  readonly changed: ReadonlySet<LockKey>;
  readonly removed: ReadonlySet<LockKey>;
  /** Contexts whose connection state changed or that were removed. */
  readonly contexts: ReadonlySet<string>;
}

export type LockStoreListener = (change: LockStoreChange) => void;

/** Everything a view shows for one lock, at one moment. */
export interface LockSnapshot {
  readonly lock: ObservedLock;
  readonly health: LockHealth;
  readonly connection: ConnectionState;
  readonly multiLock: MultiLock | undefined;
  readonly candidates: readonly LeaseCandidateView[];
  /** isFlapping with its default thresholds. */
  readonly flapping: boolean;
  /** What liveness is judged from (plain data: the dashboard gets it as it is). */
  readonly evidence: LockEvidence;
  /** The liveness verdict and the words every view uses for it. */
  readonly state: LockState;
}

/** Which locks a re-list covers: those it does not return are removed. Empty means all. */
export interface ReplaceScope {
  readonly kinds?: readonly LockKind[];
  readonly namespaces?: readonly string[];
  readonly excludeNamespaces?: readonly string[];
}

export interface ParseHint {
  readonly kind?: LockKind;
  readonly detail?: ObjectDetail;
}

export interface LockStoreOptions {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  /** A subscriber is notified at most once per interval, in milliseconds. Default 200. */
  readonly batchIntervalMs?: number;
  /** History bounds for election locks. */
  readonly history?: HistoryOptions;
  /** History bounds for node heartbeats and API server identity leases. Default 8 renewals, 4 changes. */
  readonly heartbeatHistory?: HistoryOptions;
  /** Thresholds for health (expiring share, skew tolerance). */
  readonly health?: Omit<HealthOptions, 'stale'>;
}

export const DEFAULT_BATCH_INTERVAL_MS = 200;

export class LockStore implements Disposable {
  private readonly entries = new Map<LockKey, ObservedLock>();
  private readonly byContext = new Map<string, Set<LockKey>>();
  /** ConfigMap and Endpoints locks: few, and the only ones that start a MultiLock. */
  private readonly legacyKeys = new Set<LockKey>();
  /**
   * How many legacy locks have each name: a Lease whose name no legacy lock has cannot be half of
   * a MultiLock, which spares building and looking up partner keys for every node heartbeat.
   */
  private readonly legacyNames = new Map<string, number>();
  private readonly candidates = new LeaseCandidateIndex();
  private readonly connections = new Map<string, ConnectionState>();
  private readonly pendingSeeds = new PendingLeaderEvents();
  private readonly listeners = new Set<LockStoreListener>();

  private changed = new Set<LockKey>();
  private removed = new Set<LockKey>();
  private contextsChanged = new Set<string>();
  private timer: { handle: unknown } | undefined;
  private lastFlush = -Infinity;
  private disposed = false;

  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly batchIntervalMs: number;
  private readonly healthOptions: HealthOptions;
  private readonly staleHealthOptions: HealthOptions;
  private readonly clockOffsets = new ClockOffsets();
  /** The thresholds every view judges with (the dashboard gets them with its rows). */
  readonly thresholds: LockThresholds;

  constructor(private readonly options: LockStoreOptions) {
    this.clock = options.clock;
    this.scheduler = options.scheduler;
    this.batchIntervalMs = options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
    this.healthOptions = { ...options.health, stale: false };
    this.staleHealthOptions = { ...options.health, stale: true };
    this.thresholds = {
      expiringShare: options.health?.expiringShare ?? DEFAULT_THRESHOLDS.expiringShare,
      skewToleranceMs: options.health?.skewToleranceMs ?? DEFAULT_THRESHOLDS.skewToleranceMs,
    };
  }

  // ---- reading ---------------------------------------------------------------------------

  get size(): number {
    return this.entries.size;
  }

  get(key: LockKey): ObservedLock | undefined {
    return this.entries.get(key);
  }

  locks(): IterableIterator<ObservedLock> {
    return this.entries.values();
  }

  locksIn(context: string): ObservedLock[] {
    const keys = this.byContext.get(context);
    if (keys === undefined) return [];
    const out: ObservedLock[] = [];
    for (const k of keys) {
      const e = this.entries.get(k);
      if (e !== undefined) out.push(e);
    }
    return out;
  }

  contexts(): string[] {
    return [...new Set([...this.byContext.keys(), ...this.connections.keys()])];
  }

  connection(context: string): ConnectionState {
    return this.connections.get(context) ?? CONNECTED;
  }

  /** Health now (or at `now`), stale when the lock's context is. */
  health(key: LockKey, now: number = this.clock()): LockHealth | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const stale = this.connections.get(entry.view.context)?.status === 'stale';
    return lockHealth(entry, now, stale ? this.staleHealthOptions : this.healthOptions);
  }

  /** The MultiLock this lock is part of, if its partner is in the store. */
  multiLock(key: LockKey): MultiLock | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || !this.mayHavePartner(entry.view)) return undefined;
    for (const other of partnerKeys(entry.view)) {
      const o = this.entries.get(other);
      const pair = o === undefined ? undefined : pairMultiLock(entry.view, o.view);
      // A Lease paired with both a ConfigMap and an Endpoints lock reports the ConfigMap pairing.
      if (pair !== undefined) return pair;
    }
    return undefined;
  }

  /** Every MultiLock, optionally of one context. */
  multiLocks(context?: string): MultiLock[] {
    const out: MultiLock[] = [];
    for (const k of this.legacyKeys) {
      const e = this.entries.get(k);
      if (e === undefined || (context !== undefined && e.view.context !== context)) continue;
      const m = this.multiLock(k);
      if (m !== undefined) out.push(m);
    }
    return out;
  }

  /** LeaseCandidates for a Lease, by name. */
  candidatesFor(leaseKey: LockKey): LeaseCandidateView[] {
    return this.candidates.forLease(leaseKey);
  }

  snapshot(key: LockKey, now: number = this.clock()): LockSnapshot | undefined {
    const lock = this.entries.get(key);
    const health = this.health(key, now);
    if (lock === undefined || health === undefined) return undefined;
    const connection = this.connection(lock.view.context);
    const multiLock = this.multiLock(key);
    const flaps = flapping(lock.history, now);
    const evidence = this.evidenceOf(lock, now, multiLock, flaps);
    return {
      lock,
      health,
      connection,
      multiLock,
      candidates: this.candidatesFor(key),
      flapping: flaps !== undefined,
      evidence,
      state: lockState(evidence, now, this.thresholds),
    };
  }

  /** The evidence alone (cheaper than a snapshot: no candidates). */
  evidence(key: LockKey, now: number = this.clock()): LockEvidence | undefined {
    const lock = this.entries.get(key);
    return lock === undefined
      ? undefined
      : this.evidenceOf(lock, now, this.multiLock(key), flapping(lock.history, now));
  }

  /** Whether a lock counts as stopped (probably stopped or expired): what folded groups count. */
  stopped(key: LockKey, now: number = this.clock()): boolean {
    const e = this.evidence(key, now);
    return e !== undefined && countsAsStopped(e, now, this.thresholds);
  }

  /** How far ahead of our clock the context's holders write their times, from renewals we saw. */
  clockOffset(context: string): number | undefined {
    return this.clockOffsets.offset(context);
  }

  private evidenceOf(
    lock: ObservedLock,
    now: number,
    multiLock: MultiLock | undefined,
    flaps: { readonly leaders: number; readonly windowMs: number; readonly until: number } | undefined,
  ): LockEvidence {
    return lockEvidence({
      view: lock.view,
      observedTime: lock.observedTime,
      observedChange: lock.observedChange,
      renewWitnessed: lock.renewWitnessed,
      firstSeen: lock.firstSeen,
      stale: this.connections.get(lock.view.context)?.status === 'stale',
      multiLock,
      flapping: flaps,
      contextOffsetMs: this.clockOffsets.offset(lock.view.context),
    });
  }

  // ---- watch events ----------------------------------------------------------------------

  /**
   * Applies one watch event. Returns the key of the lock added, updated or deleted; undefined
   * when an added or modified object is not a lock (a ConfigMap without the leader annotation;
   * a modification that removed the annotation removes the lock).
   */
  apply(context: string, type: WatchEventType, object: unknown, hint: ParseHint = {}): LockKey | undefined {
    const options: ParseLockOptions = { context, ...hint };
    if (type === 'DELETED') {
      const key = keyOf(object, options);
      if (key !== undefined) this.remove(key);
      return key;
    }
    const parsed = parseLock(object, options);
    if (parsed.type === 'notALock') {
      const key = keyOf(object, options);
      if (key !== undefined) this.remove(key);
      return undefined;
    }
    this.upsert(parsed.lock, object, this.clock());
    return parsed.lock.key;
  }

  /**
   * Reconciles after a re-list: applies every object and removes the locks of `context` within
   * `scope` that the list no longer returns.
   */
  replace(context: string, objects: readonly unknown[], scope: ReplaceScope = {}, hint: ParseHint = {}): void {
    const now = this.clock();
    const seen = new Set<LockKey>();
    for (const object of objects) {
      const parsed = parseLock(object, { context, ...hint });
      if (parsed.type !== 'lock') continue;
      this.upsert(parsed.lock, object, now);
      seen.add(parsed.lock.key);
    }
    for (const key of [...(this.byContext.get(context) ?? [])]) {
      const e = this.entries.get(key);
      if (e !== undefined && !seen.has(key) && inScope(e.view, scope)) this.remove(key);
    }
  }

  /** Forgets a context: its locks, candidates and connection state. */
  removeContext(context: string): void {
    for (const key of [...(this.byContext.get(context) ?? [])]) this.remove(key);
    this.markLeases(this.candidates.removeContext(context));
    this.pendingSeeds.removeContext(context);
    this.clockOffsets.removeContext(context);
    if (this.connections.delete(context)) this.contextsChanged.add(context);
    this.schedule();
  }

  setConnection(
    context: string,
    state: { readonly status: 'connected' } | { readonly status: 'stale'; readonly reason: string },
  ): void {
    const previous = this.connections.get(context);
    if (
      previous?.status === state.status &&
      (state.status === 'connected' || (previous.status === 'stale' && previous.reason === state.reason))
    )
      return;
    const since = this.clock();
    this.connections.set(
      context,
      state.status === 'connected' ? { status: 'connected', since } : { status: 'stale', reason: state.reason, since },
    );
    this.contextsChanged.add(context);
    this.schedule();
  }

  // ---- LeaseCandidates -------------------------------------------------------------------

  applyCandidate(context: string, type: WatchEventType, object: unknown): void {
    this.markLeases(this.candidates.apply(context, type, object));
  }

  /** Reconciles candidates after a re-list (of one namespace, or all when omitted). */
  replaceCandidates(context: string, objects: readonly unknown[], namespace?: string): void {
    this.markLeases(this.candidates.replace(context, objects, namespace));
  }

  // ---- history from Events ---------------------------------------------------------------

  /**
   * Seeds history from Kubernetes Events (reason LeaderElection) of a context; other events are
   * ignored. Events for locks not seen yet are kept until the lock arrives. Returns how many
   * changes were added to locks already in the store.
   */
  seedEvents(context: string, events: readonly unknown[]): number {
    const byKey = new Map<LockKey, HolderChange[]>();
    for (const [key, list] of groupLeaderEvents(context, events)) byKey.set(key, leaderEventChanges(list));
    return this.mergeHistory(byKey);
  }

  /**
   * Adds holder changes kept from an earlier session (lockJournal.ts) to the histories of a
   * context's locks, as seedEvents does for Events: in time order, repeats skipped, held for
   * locks not seen yet. Returns how many were added to locks already in the store.
   */
  restoreHistory(context: string, byKey: ReadonlyMap<LockKey, readonly HolderChange[]>): number {
    const mine = new Map<LockKey, readonly HolderChange[]>();
    for (const [key, list] of byKey) if (parseLockKey(key)?.context === context) mine.set(key, list);
    return this.mergeHistory(mine);
  }

  private mergeHistory(byKey: ReadonlyMap<LockKey, readonly HolderChange[]>): number {
    let added = 0;
    for (const [key, list] of byKey) {
      const history = this.historyOf(key);
      if (history !== undefined) {
        const n = history.merge(list);
        if (n > 0) this.mark(key);
        added += n;
      } else {
        this.pendingSeeds.hold(key, list);
      }
    }
    this.schedule();
    return added;
  }

  // ---- notifications ---------------------------------------------------------------------

  subscribe(listener: LockStoreListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Delivers pending changes now (tests, and shutdown). */
  flush(): void {
    if (this.timer !== undefined) {
      this.scheduler.clearTimeout(this.timer.handle);
      this.timer = undefined;
    }
    if (this.changed.size === 0 && this.removed.size === 0 && this.contextsChanged.size === 0) return;
    this.lastFlush = this.clock();
    const change: LockStoreChange = { changed: this.changed, removed: this.removed, contexts: this.contextsChanged };
    this.changed = new Set();
    this.removed = new Set();
    this.contextsChanged = new Set();
    const errors: unknown[] = [];
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        errors.push(error);
      }
    }
    // One failing view must not starve the others; its error still surfaces.
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} lock store listeners failed`);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer.handle);
    this.timer = undefined;
    this.listeners.clear();
  }

  // ---- internals -------------------------------------------------------------------------

  private upsert(parsed: LockView, object: unknown, now: number): void {
    const key = parsed.key;
    const previous = this.entries.get(key);
    const view = sharedView(parsed, previous?.view);
    if (previous === undefined) {
      const history = new LockHistory(
        view.role === 'nodeHeartbeat' || view.role === 'apiServerIdentity'
          ? this.heartbeatHistory()
          : this.options.history,
      );
      if (holderReadable(view)) history.firstSeen(now, view.holder, changeRecord(view));
      const pending = this.pendingSeeds.take(key);
      if (pending !== undefined) history.merge(pending);
      this.entries.set(key, observed(view, kept(view, object), now, false, false, now, history));
      addTo(this.byContext, view.context, key);
      if (view.kind !== 'Lease') {
        this.legacyKeys.add(key);
        this.legacyNames.set(view.name, (this.legacyNames.get(view.name) ?? 0) + 1);
      }
      this.markWithPartners(view);
      return;
    }

    const old = previous.view;
    const recordChanged =
      view.fingerprint !== undefined && old.fingerprint !== undefined
        ? view.fingerprint !== old.fingerprint
        : // Without a record (metadata-only), a new resourceVersion is the only sign of renewal.
          view.fingerprint === undefined &&
          old.fingerprint === undefined &&
          view.resourceVersion !== old.resourceVersion;
    if (!recordChanged) {
      // A re-list hands back what we already have: nothing to tell anyone.
      if (
        view.resourceVersion === old.resourceVersion &&
        view.fingerprint === old.fingerprint &&
        view.detail === old.detail
      )
        return;
      this.entries.set(
        key,
        observed(
          view,
          kept(view, object),
          previous.observedTime,
          previous.observedChange,
          previous.renewWitnessed,
          previous.firstSeen,
          previous.history,
        ),
      );
      this.markWithPartners(view);
      return;
    }

    const history = this.historyOf(key);
    if (history !== undefined && holderReadable(view)) {
      // A record that becomes readable tells us the holder, not when it took over.
      if (!holderReadable(old)) history.firstSeen(now, view.holder, changeRecord(view));
      else if (view.holder !== old.holder) history.holderChanged(now, view.holder, old.holder, changeRecord(view));
      else if (view.holder !== undefined) history.renewed(now);
    } else if (history !== undefined && view.record === undefined && old.record === undefined) {
      history.renewed(now);
    }
    const renewTime = view.record?.renewTime;
    const renewWitnessed = renewTime !== undefined && renewTime.text !== old.record?.renewTime?.text;
    if (renewWitnessed) this.clockOffsets.add(view.context, renewTime.epochMs, now);
    this.entries.set(
      key,
      observed(view, kept(view, object), now, true, renewWitnessed, previous.firstSeen, previous.history),
    );
    this.markWithPartners(view);
  }

  private remove(key: LockKey): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    const v = e.view;
    removeFrom(this.byContext, v.context, key);
    if (this.legacyKeys.delete(key)) {
      const n = (this.legacyNames.get(v.name) ?? 1) - 1;
      if (n > 0) this.legacyNames.set(v.name, n);
      else this.legacyNames.delete(v.name);
    }
    this.changed.delete(key);
    this.removed.add(key);
    if (this.mayHavePartner(v)) for (const partner of partnerKeys(v)) if (this.entries.has(partner)) this.mark(partner);
    this.schedule();
  }

  /** Marks the Leases whose candidates changed (those in the store). */
  private markLeases(keys: readonly LockKey[]): void {
    for (const key of keys) if (this.entries.has(key)) this.mark(key);
    this.schedule();
  }

  private markWithPartners(view: LockView): void {
    this.mark(view.key);
    // A change to one half of a MultiLock can change whether the halves agree.
    if (this.mayHavePartner(view))
      for (const partner of partnerKeys(view)) if (this.entries.has(partner)) this.mark(partner);
    this.schedule();
  }

  /** False when no MultiLock partner of this lock can be in the store (most Leases). */
  private mayHavePartner(view: LockView): boolean {
    return view.kind !== 'Lease' || this.legacyNames.has(view.name);
  }

  /** The store's own (writable) history of a lock. */
  private historyOf(key: LockKey): LockHistory | undefined {
    const history = this.entries.get(key)?.history;
    return history instanceof LockHistory ? history : undefined;
  }

  private mark(key: LockKey): void {
    this.removed.delete(key);
    this.changed.add(key);
  }

  // Leading edge: the first change after a quiet interval goes out at once (on the next turn),
  // later ones wait until an interval has passed since the previous notification.
  private schedule(): void {
    if (this.timer !== undefined || this.disposed) return;
    if (this.changed.size === 0 && this.removed.size === 0 && this.contextsChanged.size === 0) return;
    const delay = Math.max(0, this.lastFlush + this.batchIntervalMs - this.clock());
    const timer: { handle: unknown } = { handle: undefined };
    this.timer = timer;
    timer.handle = this.scheduler.setTimeout(() => {
      if (this.timer === timer) this.timer = undefined;
      this.flush();
    }, delay);
  }

  private heartbeatHistory(): HistoryOptions {
    return this.options.heartbeatHistory ?? { renewCapacity: 8, changeCapacity: 4 };
  }
}

const CONNECTED: ConnectionState = { status: 'connected', since: undefined };

// One shape for every entry keeps property access monomorphic across 10,000 locks.
function observed(
  view: LockView,
  object: unknown,
  observedTime: number,
  observedChange: boolean,
  renewWitnessed: boolean,
  firstSeen: number,
  history: ReadonlyLockHistory,
): ObservedLock {
  return { view, object, observedTime, observedChange, renewWitnessed, firstSeen, history };
}

/** The raw object an entry keeps: none for node heartbeats and API server identities. */
function kept(view: LockView, object: unknown): unknown {
  return view.role === 'nodeHeartbeat' || view.role === 'apiServerIdentity' ? undefined : object;
}

/** The keys of the other halves a MultiLock with this lock could have. */
function partnerKeys(view: LockView): LockKey[] {
  const { context, namespace, name } = view;
  return view.kind === 'Lease'
    ? [lockKey(context, 'ConfigMap', namespace, name), lockKey(context, 'Endpoints', namespace, name)]
    : [lockKey(context, 'Lease', namespace, name)];
}

function inScope(view: LockView, scope: ReplaceScope): boolean {
  if (scope.kinds !== undefined && scope.kinds.length > 0 && !scope.kinds.includes(view.kind)) return false;
  if (scope.namespaces !== undefined && scope.namespaces.length > 0 && !scope.namespaces.includes(view.namespace))
    return false;
  if (scope.excludeNamespaces?.includes(view.namespace) === true) return false;
  return true;
}

/** Whether the view says who holds it (an unreadable record must not count as a change of holder). */
function holderReadable(view: LockView): boolean {
  return (
    view.record !== undefined && !view.problems.some((p) => p.severity === 'error' && p.field === 'holderIdentity')
  );
}

/** What the record says at a change of holder: for the timeline's record times and transitions. */
function changeRecord(view: LockView): ChangeRecord {
  return { acquireTime: view.record?.acquireTime?.epochMs, transitions: view.record?.leaderTransitions };
}

/** The key of any object of a lock kind, lock or not (a deletion needs no record). */
function keyOf(object: unknown, options: ParseLockOptions): LockKey | undefined {
  if (!isObject(object)) return undefined;
  const declared = own(object, 'kind');
  const kind = isLockKind(declared)
    ? declared
    : declared === undefined || declared === 'PartialObjectMetadata'
      ? options.kind
      : undefined;
  const metadata = own(object, 'metadata');
  const name = ownString(metadata, 'name');
  if (kind === undefined || name === undefined) return undefined;
  return lockKey(options.context, kind, ownString(metadata, 'namespace') ?? '', name);
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set === undefined) index.set(key, new Set([value]));
  else set.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
