// The two views of Lease Lens, driven in plain Node on a LockMonitor's store, so the benchmark can
// time a write up to the moment the user sees it. Used by benchConsumer.ts (the measured process).
//
// Dashboard: the real code. StoreDashboardSource → DashboardConversation → DiffBatcher → lockRows,
// as the panel wires it (src/ui/dashboard/dashboardPanel.ts), with `post` standing in for
// webview.postMessage: the message is serialized (as postMessage does) and its rows are sighted
// when it is posted. openDashboard() is the page saying 'ready'.
//
// Tree: LocksTreeProvider and its items import `vscode`, so they cannot run here. What runs is its
// change-batch path (LocksTreeProvider.locksChanged) rebuilt from its pure parts: the real
// LockTreeIndex applies each store batch, and for every changed lock the item's text is computed
// by the real presentLock and compared with what the item showed, exactly as LockNode.update
// does (label, description, icon, colour, contextValue). The batch is "handed to VS Code" when
// that loop ends (onDidChangeTreeData fires). Every lock counts as listed, i.e. every group
// expanded, node heartbeats shown (`leaseLens.showNodeHeartbeats`): the most work a batch can be.
// A lock whose text did not change is shown as it is (nothing to redraw) at that same moment.
// Not reproduced: the one-second tick that redraws items whose age changed (its cost grows with
// the items in sight; the tree paging of a later change bounds it), and VS Code re-asking an
// expanded group for all its children when its membership changes.

import type { LockKey, LockStoreChange } from '../../src/core';
import type { LockMonitor } from '../../src/cluster/lockMonitor';
import type { HostMessage } from '../../src/protocol';
import { DashboardConversation } from '../../src/ui/dashboard/dashboardConversation';
import type { DashboardSource } from '../../src/ui/dashboard/dashboardSource';
import { StoreDashboardSource, type DashboardHost } from '../../src/ui/dashboard/storeDashboardSource';
import { presentLock } from '../../src/ui/shared/lockPresentation';
import { LockTreeIndex } from '../../src/ui/tree/lockTreeIndex';
import { WritePermissions } from '../../src/ui/writes/writePermissions';
import { revision } from './benchProtocol';

export interface ViewHooks {
  /** A lock version shown by the tree, at `at`. */
  tree(rv: number, at: number): void;
  /** A lock version posted to the dashboard, at `at`. */
  dashboard(rv: number, at: number): void;
}

export interface ViewCounters {
  webviewMessages: number;
  webviewBytes: number;
  treeBatches: number;
  /** Lock items whose text changed and were handed to VS Code. */
  treeItems: number;
  /** The longest tree batch and dashboard message took to build, in ms (the views' own share of latency). */
  treeBatchMaxMs: number;
  dashboardMessageMaxMs: number;
}

export class BenchViews {
  readonly counters: ViewCounters = {
    webviewMessages: 0,
    webviewBytes: 0,
    treeBatches: 0,
    treeItems: 0,
    treeBatchMaxMs: 0,
    dashboardMessageMaxMs: 0,
  };
  /** When the dashboard's diff began to be built (the source is asked for rows, then post). */
  private diffStarted = 0;
  private readonly index = new LockTreeIndex();
  /** What each lock item shows (LockNode's `shown` signature). */
  private readonly shown = new Map<LockKey, string>();
  private readonly disposables: { dispose(): void }[] = [];
  private readonly conversation: DashboardConversation;

  constructor(
    private readonly monitor: LockMonitor,
    private readonly hooks: ViewHooks,
  ) {
    const store = monitor.store;
    this.index.rebuild(store);
    this.disposables.push(store.subscribe((change) => this.treeBatch(change)));

    const host: DashboardHost = {
      monitor,
      startIfTrusted: () => monitor,
      onDidChangeLocks: (listener) => store.subscribe(listener),
      onDidChangeStatus: (listener) => monitor.onDidChangeStatus(listener),
      onDidChangeMonitor: () => ({ dispose: () => undefined }),
    };
    const refuse = () => Promise.resolve({ ok: false, cancelled: true, message: 'the benchmark does not write' });
    const source = new StoreDashboardSource(host, new WritePermissions(() => undefined), {
      release: refuse,
      takeOver: refuse,
    });
    // The same source, noting when a diff starts to be built (its first row asked for).
    const timed: DashboardSource = {
      rows: () => source.rows(),
      contexts: () => source.contexts(),
      row: (key) => {
        if (this.diffStarted === 0) this.diffStarted = performance.now();
        return source.row(key);
      },
      detail: (key) => source.detail(key),
      onDidChange: (listener) => source.onDidChange(listener),
      release: (key) => source.release(key),
      takeOver: (key) => source.takeOver(key),
      now: () => source.now(),
      thresholds: () => source.thresholds(),
    };
    this.conversation = new DashboardConversation({
      source: timed,
      post: (message) => this.posted(message),
      log: { info: () => undefined, warn: () => undefined },
      selected: null,
    });
    this.disposables.push(source, this.conversation);
  }

  /** The page says 'ready': it gets a snapshot of every row, then the batched diffs. */
  openDashboard(): void {
    this.conversation.receive({ type: 'ready' });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** LocksTreeProvider.locksChanged, every lock listed. */
  private treeBatch(change: LockStoreChange): void {
    const started = performance.now();
    const store = this.monitor.store;
    this.index.apply(change, store);
    for (const key of change.removed) this.shown.delete(key);
    const now = Date.now();
    const shownNow: LockKey[] = [];
    for (const key of change.changed) {
      const s = store.snapshot(key, now);
      if (s === undefined) continue;
      const p = presentLock(s, now);
      const held = s.lock.view.holder !== undefined;
      // Writability is not known (no RBAC asked): what the item shows before the answer arrives.
      const contextValue = `lock${held ? ';held' : ''}`;
      const signature = `${p.label}\n${p.description}\n${p.icon}\n${p.color ?? ''}\n${contextValue}`;
      if (this.shown.get(key) !== signature) {
        this.shown.set(key, signature);
        this.counters.treeItems++;
      }
      shownNow.push(key);
    }
    this.counters.treeBatches++;
    // onDidChangeTreeData fires here: every changed lock is now drawn as it is in the store.
    const at = Date.now();
    this.counters.treeBatchMaxMs = Math.max(this.counters.treeBatchMaxMs, performance.now() - started);
    for (const key of shownNow) {
      const rv = revision(store.get(key)?.view.resourceVersion);
      if (!Number.isNaN(rv)) this.hooks.tree(rv, at);
    }
  }

  private posted(message: HostMessage): void {
    // What webview.postMessage costs the host: serializing the message.
    const text = JSON.stringify(message);
    this.counters.webviewMessages++;
    this.counters.webviewBytes += Buffer.byteLength(text);
    if (message.type !== 'diff') return;
    const at = Date.now();
    if (this.diffStarted !== 0)
      this.counters.dashboardMessageMaxMs = Math.max(
        this.counters.dashboardMessageMaxMs,
        performance.now() - this.diffStarted,
      );
    this.diffStarted = 0;
    const store = this.monitor.store;
    for (const row of message.upserts) {
      const rv = revision(store.get(row.key)?.view.resourceVersion);
      if (!Number.isNaN(rv)) this.hooks.dashboard(rv, at);
    }
  }
}
