// Activation: builds the pieces of src/ui and wires them together. Nothing here waits for the
// network: the monitor starts later, when the view is shown, a command runs, a YAML hover needs
// live state or a restored dashboard asks for rows — and in an untrusted workspace only when the
// user runs a command or grants trust.

import * as vscode from 'vscode';
import type { LockMonitor } from './cluster/lockMonitor';
import { DashboardPanel } from './ui/dashboard/dashboardPanel';
import { HolderResolutions } from './ui/shared/holderResolutions';
import { LeaseHoverProvider, YAML_SELECTOR } from './ui/hover/leaseHoverProvider';
import { LIVE_YAML_SCHEME, LiveYamlDocuments } from './ui/commands/liveYamlDocuments';
import { registerLockCommands } from './ui/commands/lockCommands';
import type { TreeNode } from './ui/tree/lockTreeItems';
import { LockWrites } from './ui/writes/lockWrites';
import { LocksTreeProvider } from './ui/tree/locksTreeProvider';
import { MonitorHost } from './ui/shared/monitorHost';
import { PinnedLockStatusBar } from './ui/statusBar/pinnedLockStatusBar';
import { StoreDashboardSource } from './ui/dashboard/storeDashboardSource';
import { Ticker } from './ui/shared/ticker';
import { registerSignInTerminal } from './ui/commands/signInTerminal';
import { registerViewCommands } from './ui/commands/viewCommands';
import type { WritePrompts } from './ui/writes/writePrompts';
import { WritePermissions } from './ui/writes/writePermissions';
import { configureLocalisation } from './ui/shared/localisation';
import { registerDemoCluster } from './ui/walkthrough/demoCluster';
import { WalkthroughProgress } from './ui/walkthrough/walkthroughProgress';
import { AttentionTracker } from './ui/attention/attentionTracker';
import { AttentionStatusBar, SHOW_ATTENTION_COMMAND } from './ui/attention/attentionStatusBar';
import { AttentionView } from './ui/attention/attentionView';
import { WatchedLocks } from './ui/alerts/watchedLocks';
import { WatchedLockAlerts } from './ui/alerts/watchedLockAlerts';
import { registerAlertCommands } from './ui/alerts/alertCommands';
import { HistoryStorage } from './ui/history/historyStorage';
import { HistoryRecorder } from './ui/history/historyRecorder';
import { TimelineExporter } from './ui/export/timelineExporter';
import { registerExportCommands } from './ui/export/exportCommands';
import type { LockActionType } from './protocol';

/**
 * Test hooks for Lease Lens's own extension-host tests: its pieces, and `prompts`, through which a
 * test answers the write confirmations. Handed out only when VS Code runs the extension for tests
 * (`ExtensionMode.Test`): anything that can replace `prompts` could release a lock with no dialog,
 * so in every other mode `activate()` returns nothing and other extensions see no exports.
 */
export interface LeaseLensApi {
  /** Always ExtensionMode.Test: the object exists in no other mode. */
  readonly extensionMode: vscode.ExtensionMode;
  /** The current monitor (undefined until something started it). */
  readonly monitor: LockMonitor | undefined;
  readonly host: MonitorHost;
  readonly tree: LocksTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  readonly statusBar: PinnedLockStatusBar;
  readonly writes: LockWrites;
  /** The questions writes ask (modal confirmation, new holder): replace its functions to answer them. */
  readonly prompts: WritePrompts;
  readonly permissions: WritePermissions;
  readonly resolutions: HolderResolutions;
  readonly dashboard: DashboardPanel;
  readonly dashboardSource: StoreDashboardSource;
  readonly hover: LeaseHoverProvider;
  readonly liveYaml: LiveYamlDocuments;
  readonly log: vscode.LogOutputChannel;
  /** The locks needing attention, the status bar item counting them, the view's badge and filter. */
  readonly attention: AttentionTracker;
  readonly attentionBar: AttentionStatusBar;
  readonly attentionView: AttentionView;
  /** Watched locks and the alerts on them (`alerts.shown`: every notification shown). */
  readonly watched: WatchedLocks;
  readonly alerts: WatchedLockAlerts;
  /** What is kept beyond the window, and the timeline export. */
  readonly history: HistoryRecorder;
  readonly exporter: TimelineExporter;
  /** How long activate() took, and when it started (for the benchmark; tree.firstLocksShownAt is the other end). */
  readonly timings: { readonly activationStartedAt: number; readonly activateMs: number };
}

let activeHost: MonitorHost | undefined;
let activeHistory: HistoryRecorder | undefined;

export function activate(context: vscode.ExtensionContext): LeaseLensApi | undefined {
  const activationStartedAt = Date.now();
  // Before anything words a message: the pure modules' strings come from this bundle.
  configureLocalisation();
  const log = vscode.window.createOutputChannel('Lease Lens', { log: true });
  const host = new MonitorHost({ log });
  activeHost = host;
  const ticker = new Ticker(1000, (error) =>
    log.error(`tick failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );
  const permissions = new WritePermissions(
    (key) => host.monitor?.permissions(key),
    (m) => log.info(m),
  );
  const resolutions = new HolderResolutions(host);
  const walkthrough = new WalkthroughProgress(host);
  const watched = new WatchedLocks(context.workspaceState);
  const tree = new LocksTreeProvider({
    host,
    permissions,
    resolutions,
    ticker,
    onLockShown: (snapshot) => walkthrough.lockShown(snapshot),
    watched: (key) => watched.has(key),
  });
  const treeView = vscode.window.createTreeView('leaseLens.locks', { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(treeView);
  const attention = new AttentionTracker(host, ticker);
  const attentionView = new AttentionView(attention, tree, treeView, context.workspaceState);
  const attentionBar = new AttentionStatusBar(host, attention, ticker);
  const writes = new LockWrites(host, permissions, log);
  const history = new HistoryRecorder(host, new HistoryStorage(context.globalStorageUri, log), writes, log);
  activeHistory = history;
  const version = (context.extension.packageJSON as { version?: unknown }).version;
  const exporter = new TimelineExporter(
    host,
    history,
    `Lease Lens ${typeof version === 'string' ? version : ''}`.trim(),
    log,
  );
  const alerts = new WatchedLockAlerts(host, watched, permissions, log, ticker);
  const dashboardSource = new StoreDashboardSource(host, permissions, writes);
  const lockActionCommands: Readonly<Record<LockActionType, string>> = {
    watchLock: 'leaseLens.watchLock',
    unwatchLock: 'leaseLens.unwatchLock',
    exportTimeline: 'leaseLens.exportTimeline',
    copyTimeline: 'leaseLens.copyTimelineMarkdown',
  };
  dashboardSource.actions = {
    watched: (key) => watched.has(key),
    run: async (action, key) => {
      await vscode.commands.executeCommand(lockActionCommands[action], key);
    },
  };
  const dashboard = new DashboardPanel({
    extensionUri: context.extensionUri,
    source: dashboardSource,
    log,
    memento: context.workspaceState,
  });
  const statusBar = new PinnedLockStatusBar(host, context.workspaceState, ticker);
  const liveYaml = new LiveYamlDocuments(host);
  const hover = new LeaseHoverProvider(host, permissions);

  context.subscriptions.push(
    log,
    ticker,
    tree,
    treeView,
    watched,
    attention,
    attentionView,
    attentionBar,
    writes,
    history,
    alerts,
    // A watched lock's menus and its detail's button say whether it is watched.
    watched.onDidChange(({ key }) => {
      tree.relabel([key]);
      dashboardSource.lockChanged(key);
    }),
    vscode.commands.registerCommand(SHOW_ATTENTION_COMMAND, () => {
      host.start('command');
      dashboard.open(undefined, { attention: true });
      walkthrough.attentionSeen();
    }),
    ...registerAlertCommands({ host, permissions, watched }),
    ...registerExportCommands(host, permissions, exporter),
    resolutions,
    dashboardSource,
    dashboard,
    statusBar,
    liveYaml,
    vscode.workspace.registerTextDocumentContentProvider(LIVE_YAML_SCHEME, liveYaml),
    vscode.languages.registerHoverProvider(YAML_SELECTOR, hover),
    walkthrough,
    ...registerDemoCluster(log),
    ...registerViewCommands({ host, permissions, resolutions, tree }),
    ...registerSignInTerminal(host, log),
    ...registerLockCommands({ host, permissions, writes, resolutions, liveYaml, statusBar, dashboard, tree }),
    host,
  );
  // A pinned lock is on screen in the status bar, and watched locks are to alert: watch them live
  // (trusted workspaces only).
  if (statusBar.pinnedKey !== undefined || watched.size > 0) host.startIfTrusted('statusBar');

  const activateMs = Date.now() - activationStartedAt;
  // Production and Development (F5) alike: nothing to reach the writes or the prompts through.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    extensionMode: context.extensionMode,
    get monitor() {
      return host.monitor;
    },
    timings: { activationStartedAt, activateMs },
    host,
    tree,
    treeView,
    statusBar,
    writes,
    prompts: writes.prompts,
    permissions,
    resolutions,
    dashboard,
    dashboardSource,
    hover,
    liveYaml,
    log,
    attention,
    attentionBar,
    attentionView,
    watched,
    alerts,
    history,
    exporter,
  };
}

/** Writes what is kept beyond the window and closes the watches (VS Code waits for the promise, briefly). */
export async function deactivate(): Promise<void> {
  const host = activeHost;
  const history = activeHistory;
  activeHost = undefined;
  activeHistory = undefined;
  // First: the save names each context's server, which the monitor knows until it is disposed.
  await history?.flush().catch(() => undefined);
  await host?.disposeAsync();
}
