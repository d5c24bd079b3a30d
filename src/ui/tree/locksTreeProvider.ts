import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LockKey, LockSnapshot, LockStoreChange } from '../../core';
import type { ContextStatus, LockMonitor } from '../../cluster/lockMonitor';
import type { HolderResolutions } from '../shared/holderResolutions';
import {
  contextStatusMessages,
  kubeconfigSourceDescription,
  kubeconfigProblemMessage,
  type MessageAction,
  type StatusMessage,
} from './contextMessages';
import { FoldedGroupState, storeJudge } from './foldedGroup';
import { ContextNode, GroupNode, LockNode, MessageNode, MoreNode, type TreeNode } from './lockTreeItems';
import { LockTreeIndex, type GroupRef } from './lockTreeIndex';
import { lockTooltipMarkdown } from '../shared/lockTooltip';
import type { MonitorHost } from '../shared/monitorHost';
import { affects, readSettings } from '../shared/settings';
import type { Ticker } from '../shared/ticker';
import { inScope, type WritePermissions } from '../writes/writePermissions';

export interface LocksTreeOptions {
  readonly host: MonitorHost;
  readonly permissions: WritePermissions;
  readonly resolutions: HolderResolutions;
  readonly ticker: Ticker;
  /** A lock's tooltip was opened: its full record was read (the walkthrough's progress). */
  readonly onLockShown?: (snapshot: LockSnapshot) => void;
  /** Whether a lock is watched for alerts (its item's menus offer Unwatch instead of Watch). */
  readonly watched?: (key: LockKey) => boolean;
}

/** Which locks the view lists (the "only locks needing attention" toggle); see setLockFilter. */
export interface LockFilter {
  readonly keep: (key: LockKey) => boolean;
  /** What a connected context with nothing to list says, and the command that lists everything again. */
  readonly emptyLabel: string;
  readonly clearCommand: vscode.Command;
}

/** How long a tooltip waits for the holder's pod before showing what it has. */
const RESOLVE_WAIT_MS = 4000;

/** How long an item whose tooltip was opened is not redrawn for its age alone. */
const TOOLTIP_HOLD_MS = 15_000;

/**
 * The "Leader Elections" view: context → namespace → lock, with node heartbeats and API server
 * identities folded into one group per context (hidden unless their settings say otherwise).
 *
 * Nothing is redrawn wholesale: a one-second tick recomputes the visible lock items and redraws
 * only those whose text changed (renew ages count up), a store change batch redraws the changed
 * items, and a group or context only when its members or its connection changed. With no children
 * at the root VS Code shows the view's welcome content ("No cluster configured").
 *
 * A folded group (node heartbeats, API server identities) can hold 65,000 Leases: it lists its
 * stale members first and the rest a page at a time (foldedGroup.ts), so VS Code never gets more
 * items than a person can read, and its stale count is kept up to date without judging every
 * member every second.
 */
export class LocksTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  private readonly index = new LockTreeIndex();
  private readonly contextNodes = new Map<string, ContextNode>();
  private readonly groupNodes = new Map<string, GroupNode>();
  private readonly lockNodes = new Map<LockKey, LockNode>();
  /** The folded groups' stale counts and pages, by group id. */
  private readonly folded = new Map<string, FoldedGroupState>();
  /** What each group listed last, so members that left its page stop being redrawn. */
  private readonly listedKeys = new Map<string, readonly LockKey[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private indexed: LockMonitor | undefined;
  private visible = false;
  private showHeartbeats: boolean;
  private showApiServers: boolean;
  /** What the root was drawn from, to notice a kubeconfig reload or a context coming or going. */
  private rootSignature = '';
  private shownKubeconfig: unknown;
  private filter: LockFilter | undefined;

  constructor(private readonly options: LocksTreeOptions) {
    const settings = readSettings();
    this.showHeartbeats = settings.showNodeHeartbeats;
    this.showApiServers = settings.showApiServerLeases;
    const { host } = options;
    this.disposables.push(
      this.changed,
      host.onDidChangeMonitor(() => this.monitorChanged()),
      host.onDidChangeLocks((change) => this.locksChanged(change)),
      host.onDidChangeStatus(() => this.statusChanged()),
      options.permissions.onDidChange((scope) => {
        const monitor = host.monitor;
        if (monitor === undefined) return;
        const now = Date.now();
        const redraw: TreeNode[] = [];
        for (const node of this.lockNodes.values()) {
          if (node.listed && inScope(node.lockKey, scope) && this.updateLock(node, monitor, now)) redraw.push(node);
        }
        this.fire(redraw);
      }),
      options.ticker.onTick((now) => this.tick(now)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affects(e, 'showNodeHeartbeats', 'showApiServerLeases')) return;
        const s = readSettings();
        this.showHeartbeats = s.showNodeHeartbeats;
        this.showApiServers = s.showApiServerLeases;
        this.fire([...this.contextNodes.values()].filter((n) => n.listed));
      }),
    );
  }

  /** Follows the view's visibility and expansion, so ticks only touch what can be seen. */
  attach(view: vscode.TreeView<TreeNode>): void {
    this.visible = view.visible;
    this.disposables.push(
      view.onDidChangeVisibility((e) => {
        this.visible = e.visible;
        if (e.visible) {
          this.options.host.startIfTrusted('view');
          this.tick(Date.now());
        }
      }),
      view.onDidExpandElement((e) => this.setExpanded(e.element, true)),
      view.onDidCollapseElement((e) => this.setExpanded(e.element, false)),
      // Which kubeconfig is in use, beside the view's title: it may come from another extension's setting.
      this.options.host.onDidChangeMonitor(() => {
        view.description = kubeconfigSourceDescription(this.options.host.kubeconfigSource?.source);
      }),
    );
  }

  /** Redraws everything (Refresh). */
  refresh(): void {
    this.fire(undefined);
  }

  /** Redraws one item (its tooltip is resolved again on the next hover). */
  redraw(node: TreeNode): void {
    this.fire([node]);
  }

  /** Lists only the locks the filter keeps (undefined: every lock), and redraws the view. */
  setLockFilter(filter: LockFilter | undefined): void {
    this.filter = filter;
    this.fire(undefined);
  }

  /** Redraws the items of these locks (their menus changed: watched, unwatched). */
  relabel(keys: Iterable<LockKey>): void {
    const monitor = this.options.host.monitor;
    if (monitor === undefined) return;
    const now = Date.now();
    const redraw: TreeNode[] = [];
    for (const key of keys) {
      const node = this.lockNodes.get(key);
      if (node?.listed === true && this.updateLock(node, monitor, now)) redraw.push(node);
    }
    this.fire(redraw);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    // A tooltip resolved for an earlier state would be stale: resolve again on the next hover.
    if (node instanceof LockNode) node.tooltip = undefined;
    return node;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node instanceof LockNode || node instanceof MoreNode) return this.groupNodes.get(node.group);
    if (node instanceof GroupNode) return this.contextNodes.get(node.ref.context);
    return undefined;
  }

  /** When the tree first had locks of a cluster to show (the benchmark's "first tree data"). */
  firstLocksShownAt: number | undefined;

  getChildren(node?: TreeNode): TreeNode[] {
    const children = this.childrenOf(node);
    if (this.firstLocksShownAt === undefined && children.some((c) => c instanceof GroupNode || c instanceof LockNode))
      this.firstLocksShownAt = Date.now();
    return children;
  }

  private childrenOf(node?: TreeNode): TreeNode[] {
    if (node === undefined) return this.rootChildren();
    const monitor = this.options.host.monitor;
    if (monitor === undefined) return [];
    if (node instanceof ContextNode) return this.contextChildren(node, monitor);
    if (node instanceof GroupNode) return this.groupChildren(node, monitor);
    return [];
  }

  async resolveTreeItem(
    item: vscode.TreeItem,
    node: TreeNode,
    token: vscode.CancellationToken,
  ): Promise<vscode.TreeItem> {
    if (!(node instanceof LockNode)) return item;
    // Being hovered: keep the item (and so its tooltip) still while only its age moves.
    node.holdUntil = Date.now() + TOOLTIP_HOLD_MS;
    const monitor = this.options.host.monitor;
    const before = monitor?.store.get(node.lockKey);
    if (monitor === undefined || before === undefined) return item;
    const { resolutions } = this.options;
    if (before.view.holder !== undefined) {
      // The pod behind the holder: one GET, waited for briefly, remembered for the next hover.
      await Promise.race([
        resolutions.resolve(node.lockKey),
        new Promise((resolve) => setTimeout(resolve, RESOLVE_WAIT_MS)),
        new Promise((resolve) => token.onCancellationRequested(resolve)),
      ]);
    }
    const now = Date.now();
    const s = monitor.store.snapshot(node.lockKey, now);
    if (s === undefined) return item;
    const md = new vscode.MarkdownString(
      lockTooltipMarkdown(s, now, resolutions.lookup(node.lockKey, s.lock.view.holder)),
    );
    md.isTrusted = false;
    item.tooltip = md;
    this.options.onLockShown?.(s);
    return item;
  }

  /** The item shown for a lock, when it has been shown (tests, reveal). */
  lockNode(key: LockKey): LockNode | undefined {
    return this.lockNodes.get(key);
  }

  /** "Show more" on a folded group: lists its next page. */
  showMore(groupId: string): void {
    const state = this.folded.get(groupId);
    const node = this.groupNodes.get(groupId);
    if (state === undefined || node === undefined) return;
    state.showMore();
    this.fire([node]);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  // ---- children --------------------------------------------------------------------------

  private rootChildren(): TreeNode[] {
    const host = this.options.host;
    const monitor = host.startIfTrusted('view');
    if (monitor === undefined) {
      return [
        new MessageNode('untrusted', vscode.l10n.t('Not connected: this workspace is not trusted'), {
          description: vscode.l10n.t('Connect'),
          tooltip: vscode.l10n.t(
            'Lease Lens connects to your clusters only in trusted workspaces, or when you run one of its commands. Click to connect now.',
          ),
          icon: 'workspace-untrusted',
          command: { title: vscode.l10n.t('Connect'), command: 'leaseLens.refresh' },
        }),
        new MessageNode('trust', vscode.l10n.t('Trust this workspace…'), {
          icon: 'shield',
          command: { title: vscode.l10n.t('Manage Workspace Trust'), command: 'workbench.trust.manage' },
        }),
      ];
    }
    this.ensureIndexed(monitor);
    const loaded = monitor.kubeconfig;
    this.shownKubeconfig = loaded;
    const statuses = monitor.statusesAll();
    this.rootSignature = rootSignature(statuses);
    const out: TreeNode[] = [];
    loaded.problems
      .filter((p) => p.context === undefined)
      .forEach((p, i) =>
        out.push(
          messageNode(
            `kubeconfig-${i}`,
            kubeconfigProblemMessage(p, p.file !== undefined && existsSync(p.file)),
            p.file,
          ),
        ),
      );
    if (loaded.contexts.length === 0 && out.length === 0) return [];
    for (const status of statuses) {
      const node = this.contextNode(status.name);
      node.update(status);
      node.listed = true;
      out.push(node);
    }
    if (statuses.length === 0 && loaded.contexts.length > 0) {
      out.push(
        new MessageNode('no-context', vscode.l10n.t('No context selected'), {
          description: vscode.l10n.t('Select Context'),
          icon: 'server-environment',
          command: { title: vscode.l10n.t('Select Context'), command: 'leaseLens.selectContext' },
        }),
      );
    }
    return out;
  }

  private contextChildren(node: ContextNode, monitor: LockMonitor): TreeNode[] {
    const status = monitor.statusOf(node.context);
    node.update(status);
    node.expanded = true;
    const out: TreeNode[] = [];
    const id = (what: string) => `${node.context}:${what}`;
    const messages = contextStatusMessages(node.context, status);
    for (const m of messages) out.push(messageNode(id(m.key), m, undefined, node.context));
    if (status?.state === 'error') return out;
    const groups = this.index.groups(node.context);
    const filter = this.filter;
    const shown = groups.filter(
      (g) =>
        (g.kind === 'namespace' || (g.kind === 'heartbeats' ? this.showHeartbeats : this.showApiServers)) &&
        (filter === undefined || this.index.members(g.id).some(filter.keep)),
    );
    shown.sort(groupOrder);
    for (const ref of shown) {
      const g = this.groupNode(ref);
      this.updateGroup(g, monitor);
      g.listed = true;
      out.push(g);
    }
    if (shown.length === 0 && filter !== undefined && status?.state === 'connected') {
      out.push(
        new MessageNode(id('filtered'), filter.emptyLabel, {
          description: filter.clearCommand.title,
          icon: 'filter',
          command: filter.clearCommand,
        }),
      );
    } else if (shown.length === 0) {
      if (status === undefined || status.state === 'connecting') {
        out.push(
          new MessageNode(id('loading'), vscode.l10n.t('Loading leader election locks…'), { icon: 'loading~spin' }),
        );
      } else if (status.state === 'connected') {
        const hidden = groups
          .filter((g) => !shown.includes(g))
          .map((g) =>
            g.kind === 'heartbeats'
              ? vscode.l10n.t('{0} node heartbeats', this.index.size(g.id))
              : vscode.l10n.t('{0} API server identities', this.index.size(g.id)),
          );
        out.push(
          new MessageNode(id('empty'), vscode.l10n.t('No leader election locks'), {
            description:
              hidden.length > 0 ? vscode.l10n.t('{0} hidden — Show', hidden.join(', ')) : vscode.l10n.t('Refresh'),
            tooltip: vscode.l10n.t(
              'No Lease, and no ConfigMap or Endpoints with the leader annotation, in what this context lets Lease Lens list.',
            ),
            icon: 'info',
            command:
              hidden.length > 0
                ? {
                    title: vscode.l10n.t('Show'),
                    command: 'workbench.action.openSettings',
                    arguments: ['leaseLens.show'],
                  }
                : actionCommand('retry', undefined),
          }),
        );
      }
    }
    return out;
  }

  private groupChildren(node: GroupNode, monitor: LockMonitor): TreeNode[] {
    node.expanded = true;
    const now = Date.now();
    const store = monitor.store;
    const keep = this.filter?.keep;
    const state = this.folded.get(node.ref.id);
    let keys: LockKey[];
    let hidden = 0;
    if (state !== undefined) {
      const page = state.page((k) => store.get(k) !== undefined && (keep === undefined || keep(k)));
      keys = [...page.keys];
      hidden = page.hidden;
    } else {
      keys = this.index
        .members(node.ref.id)
        .filter((k) => store.get(k) !== undefined && (keep === undefined || keep(k)));
      keys.sort((a, b) => compareLocks(store.get(a)!.view, store.get(b)!.view));
    }
    const listed = new Set(keys);
    // Members that left the page are no longer in sight: the tick stops redrawing them.
    for (const key of this.listedKeys.get(node.ref.id) ?? []) {
      const lock = this.lockNodes.get(key);
      if (!listed.has(key) && lock !== undefined && lock.group === node.ref.id) {
        lock.listed = false;
        this.lockNodes.delete(key);
      }
    }
    this.listedKeys.set(node.ref.id, keys);
    const out: TreeNode[] = [];
    for (const key of keys) {
      const lock = this.lockNode(key) ?? new LockNode(key, node.ref.id);
      lock.group = node.ref.id;
      this.lockNodes.set(key, lock);
      this.updateLock(lock, monitor, now);
      lock.listed = true;
      out.push(lock);
    }
    if (hidden > 0) out.push(new MoreNode(node.ref, hidden));
    return out;
  }

  // ---- nodes -----------------------------------------------------------------------------

  private contextNode(name: string): ContextNode {
    let n = this.contextNodes.get(name);
    if (n === undefined) this.contextNodes.set(name, (n = new ContextNode(name)));
    return n;
  }

  private groupNode(ref: GroupRef): GroupNode {
    let n = this.groupNodes.get(ref.id);
    if (n === undefined) this.groupNodes.set(ref.id, (n = new GroupNode(ref)));
    return n;
  }

  private updateLock(node: LockNode, monitor: LockMonitor, now: number): boolean {
    const s = monitor.store.snapshot(node.lockKey, now);
    if (s === undefined) return false;
    return node.update(s, now, this.options.permissions.canWrite(node.lockKey), this.options.watched?.(node.lockKey));
  }

  private updateGroup(node: GroupNode, monitor: LockMonitor): boolean {
    // Folded groups count their stale members as the rows and the dashboard's summary row do
    // (countsAsStopped), kept up to date by their FoldedGroupState.
    const state = this.foldedState(node.ref.id, monitor);
    if (state !== undefined) {
      // Up to date even when no tick ran (the view hidden while the item is asked for).
      state.settle(Date.now());
      return node.update(state.size, state.stoppedCount);
    }
    return node.update(this.index.size(node.ref.id), 0);
  }

  private setExpanded(node: TreeNode, expanded: boolean): void {
    if (node instanceof ContextNode || node instanceof GroupNode) node.expanded = expanded;
    // Folded again: the next expansion starts from the first page.
    if (node instanceof GroupNode && !expanded) this.folded.get(node.ref.id)?.resetPage();
  }

  /** The state of a folded group (made, with its members judged, the first time it is asked for). */
  private foldedState(id: string, monitor: LockMonitor): FoldedGroupState | undefined {
    let state = this.folded.get(id);
    if (state !== undefined) return state;
    const ref = this.index.group(id);
    if (ref === undefined || ref.kind === 'namespace') return undefined;
    state = new FoldedGroupState(storeJudge(monitor.store));
    state.update(this.index.members(id), Date.now());
    this.folded.set(id, state);
    return state;
  }

  /** Whether a lock item sits under expanded parents (what a tick may need to redraw). */
  private inSight(node: LockNode): boolean {
    const group = this.groupNodes.get(node.group);
    if (group === undefined || !group.listed || !group.expanded) return false;
    const context = this.contextNodes.get(group.ref.context);
    return context !== undefined && context.listed && context.expanded;
  }

  // ---- events ----------------------------------------------------------------------------

  private ensureIndexed(monitor: LockMonitor): void {
    if (this.indexed === monitor) return;
    this.indexed = monitor;
    this.index.rebuild(monitor.store);
    this.folded.clear();
  }

  private monitorChanged(): void {
    this.indexed = undefined;
    this.index.rebuild(undefined);
    this.contextNodes.clear();
    this.groupNodes.clear();
    this.lockNodes.clear();
    this.folded.clear();
    this.listedKeys.clear();
    this.options.permissions.clear();
    this.options.resolutions.clear();
    this.fire(undefined);
  }

  private locksChanged(change: LockStoreChange): void {
    const monitor = this.options.host.monitor;
    if (monitor === undefined || this.indexed !== monitor) return;
    // Where each changed lock was before this batch: a lock that left a folded group leaves its state.
    const before = new Map<LockKey, string | undefined>();
    for (const key of [...change.changed, ...change.removed]) before.set(key, this.index.groupOfLock(key)?.id);
    const update = this.index.apply(change, monitor.store);
    const redraw = new Set<TreeNode>();
    const now = Date.now();
    const foldedChanged = new Set<string>();
    for (const [key, was] of before) {
      const is = this.index.groupOfLock(key)?.id;
      if (was !== undefined && was !== is && this.folded.get(was)?.remove([key])) foldedChanged.add(was);
      // Only groups shown so far keep a state (a hidden "Node heartbeats" costs nothing).
      if (is !== undefined && this.folded.get(is)?.update([key], now)) foldedChanged.add(is);
    }
    for (const id of this.folded.keys()) if (this.index.group(id) === undefined) this.folded.delete(id);
    let root = false;
    for (const context of [...update.contextsWithNewGroups, ...change.contexts]) {
      const node = this.contextNodes.get(context);
      if (node?.listed) {
        node.update(monitor.statusOf(context));
        redraw.add(node);
      } else root = true;
    }
    for (const key of change.removed) this.lockNodes.delete(key);
    for (const id of [...update.membership, ...foldedChanged]) {
      const g = this.groupNodes.get(id);
      if (g === undefined) continue;
      if (this.index.group(id) === undefined) {
        this.groupNodes.delete(id);
        continue;
      }
      if (!g.listed) continue;
      this.updateGroup(g, monitor);
      redraw.add(g);
    }
    for (const key of update.updated) {
      const node = this.lockNodes.get(key);
      if (node?.listed && this.updateLock(node, monitor, now)) redraw.add(node);
    }
    if (root) this.fire(undefined);
    else this.fire([...redraw]);
  }

  private statusChanged(): void {
    const monitor = this.options.host.monitor;
    if (monitor === undefined) return;
    const statuses = monitor.statusesAll();
    if (rootSignature(statuses) !== this.rootSignature || monitor.kubeconfig !== this.shownKubeconfig) {
      this.fire(undefined);
      return;
    }
    const redraw: TreeNode[] = [];
    for (const status of statuses) {
      const node = this.contextNodes.get(status.name);
      // A connection change redraws the context's subtree: its messages and stale locks change.
      if (node?.listed && node.update(status)) redraw.push(node);
    }
    this.fire(redraw);
  }

  private tick(now: number): void {
    const monitor = this.options.host.monitor;
    if (!this.visible || monitor === undefined || this.indexed !== monitor) return;
    if (monitor.kubeconfig !== this.shownKubeconfig) {
      // The kubeconfig files were reloaded (edited, fixed, broken): the root may differ.
      this.fire(undefined);
      return;
    }
    const redraw: TreeNode[] = [];
    for (const node of this.lockNodes.values()) {
      if (node.listed && this.inSight(node) && this.updateLock(node, monitor, now)) redraw.push(node);
    }
    for (const [id, state] of this.folded) {
      // A member turned stale by time alone: the count changes, and an open group lists it first.
      const moved = state.tick(now);
      const g = this.groupNodes.get(id);
      if (g?.listed && (this.updateGroup(g, monitor) || (moved && g.expanded))) redraw.push(g);
    }
    this.fire(redraw);
  }

  private fire(nodes: TreeNode[] | undefined): void {
    if (nodes === undefined) this.changed.fire(undefined);
    else if (nodes.length > 0) this.changed.fire(nodes);
  }
}

function rootSignature(statuses: readonly ContextStatus[]): string {
  return statuses.map((s) => s.name).join('\n');
}

const GROUP_RANK = { namespace: 0, heartbeats: 1, apiservers: 2 } as const;

function groupOrder(a: GroupRef, b: GroupRef): number {
  return GROUP_RANK[a.kind] - GROUP_RANK[b.kind] || a.namespace.localeCompare(b.namespace);
}

function compareLocks(a: { name: string; kind: string }, b: { name: string; kind: string }): number {
  return a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind);
}

function messageNode(id: string, m: StatusMessage, file?: string, context?: string): MessageNode {
  return new MessageNode(id, m.label, {
    description: m.description,
    tooltip: m.tooltip,
    icon: m.icon,
    color: m.color,
    command: m.action && actionCommand(m.action, file, context),
  });
}

function actionCommand(action: MessageAction, file: string | undefined, context?: string): vscode.Command {
  switch (action) {
    case 'runInTerminal':
      return { title: vscode.l10n.t('Open Terminal'), command: 'leaseLens.signInInTerminal', arguments: [context] };
    case 'retry':
      return { title: vscode.l10n.t('Retry'), command: 'leaseLens.refresh' };
    case 'selectContext':
      return { title: vscode.l10n.t('Select Context'), command: 'leaseLens.selectContext' };
    case 'configureNamespaces':
      return {
        title: vscode.l10n.t('Configure namespaces'),
        command: 'workbench.action.openSettings',
        arguments: ['leaseLens.fallbackNamespaces'],
      };
    case 'openKubeconfig':
      return {
        title: vscode.l10n.t('Open the kubeconfig file'),
        command: 'vscode.open',
        arguments: [vscode.Uri.file(file!)],
      };
    case 'openSettings':
      return {
        title: vscode.l10n.t('Open Settings'),
        command: 'workbench.action.openSettings',
        arguments: ['leaseLens.kubeconfigPath'],
      };
  }
}
