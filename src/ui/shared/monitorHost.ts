// Owns the one LockMonitor of the window: creates it lazily (the view became visible, a command
// ran, a hover needs live state), never in an untrusted workspace unless the user runs a command,
// rebuilds it when a setting it was built from changes, and disposes it with the extension.
// Everything else reads the monitor through here and hears about its store's change batches and
// its contexts' statuses through one set of events that survive a rebuild.

import * as vscode from 'vscode';
import type { LockStoreChange } from '../../core';
import { LockMonitor, type LockMonitorOptions } from '../../cluster/lockMonitor';
import {
  affects,
  kubeconfigChoice,
  PROXY_SETTINGS,
  readProxySetting,
  KUBERNETES_EXTENSION_SECTION,
  readSettings,
  type KubeconfigChoice,
  type LeaseLensSettings,
} from './settings';

export interface MonitorChange {
  readonly previous: LockMonitor | undefined;
  readonly current: LockMonitor | undefined;
}

/** Why the monitor is started, for the log. */
export type StartReason = 'view' | 'command' | 'hover' | 'dashboard' | 'statusBar' | 'trust';

export interface MonitorHostOptions {
  readonly log: vscode.LogOutputChannel;
  /** For tests: build the monitor differently. */
  readonly createMonitor?: (options: LockMonitorOptions) => LockMonitor;
}

export class MonitorHost implements vscode.Disposable {
  private current: LockMonitor | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private monitorSubscriptions: { dispose(): void }[] = [];
  private readonly monitorChanged = new vscode.EventEmitter<MonitorChange>();
  private readonly locksChanged = new vscode.EventEmitter<LockStoreChange>();
  private readonly statusChanged = new vscode.EventEmitter<void>();
  private pendingDisposals: Promise<void>[] = [];
  /** Something asked for live state while the workspace was untrusted: start once it is trusted. */
  private wanted = false;
  private disposed = false;
  private kubeconfigInUse: KubeconfigChoice | undefined;

  /** The monitor was created, rebuilt or dropped. */
  readonly onDidChangeMonitor = this.monitorChanged.event;
  /** A change batch of the current monitor's store. */
  readonly onDidChangeLocks = this.locksChanged.event;
  /** A context of the current monitor changed status (connecting, connected, disconnected…). */
  readonly onDidChangeStatus = this.statusChanged.event;

  constructor(private readonly options: MonitorHostOptions) {
    this.disposables.push(
      this.monitorChanged,
      this.locksChanged,
      this.statusChanged,
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.wanted) this.start('trust');
      }),
    );
  }

  get monitor(): LockMonitor | undefined {
    return this.current;
  }

  /** Where the current monitor's kubeconfig comes from (undefined before the first start). */
  get kubeconfigSource(): KubeconfigChoice | undefined {
    return this.current === undefined ? undefined : this.kubeconfigInUse;
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /**
   * Starts the monitor for something the user did not explicitly ask for (a view shown, a hover):
   * not in an untrusted workspace, where it only remembers to start once trust is granted.
   */
  startIfTrusted(reason: StartReason): LockMonitor | undefined {
    if (this.current !== undefined) return this.current;
    if (!this.trusted) {
      this.wanted = true;
      return undefined;
    }
    return this.start(reason);
  }

  /** Starts the monitor (a command the user ran): in untrusted workspaces too. */
  start(reason: StartReason): LockMonitor {
    if (this.current !== undefined) return this.current;
    if (this.disposed) throw new Error('Lease Lens is shutting down');
    const settings = readSettings();
    this.options.log.info(
      `starting (${reason}): ${kubeconfigChoice(settings).label}, ${settings.contexts.length > 0 ? `contexts ${settings.contexts.join(', ')}` : 'the current context'}`,
    );
    const monitor = this.build(settings);
    this.install(monitor);
    monitor.start();
    return monitor;
  }

  /** Re-reads the kubeconfig and re-lists everything (starting the monitor if needed). */
  refresh(): LockMonitor {
    const started = this.current !== undefined;
    const monitor = this.start('command');
    if (started) monitor.refresh();
    return monitor;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const previous = this.current;
    this.current = undefined;
    for (const s of this.monitorSubscriptions.splice(0)) s.dispose();
    if (previous !== undefined) this.pendingDisposals.push(previous.dispose());
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Disposes and waits for the monitor's watches to close (deactivate). */
  async disposeAsync(): Promise<void> {
    this.dispose();
    await Promise.allSettled(this.pendingDisposals);
  }

  private build(settings: LeaseLensSettings): LockMonitor {
    const log = this.options.log;
    const kubeconfig = kubeconfigChoice(settings);
    this.kubeconfigInUse = kubeconfig;
    const options: LockMonitorOptions = {
      kubeconfig: kubeconfig.path !== undefined ? { path: kubeconfig.path } : {},
      contexts: settings.contexts,
      fallbackNamespaces: settings.fallbackNamespaces,
      store: { health: { expiringShare: settings.expiringThreshold } },
      execTimeoutMs: settings.execTimeoutSeconds * 1000,
      // VS Code's http.proxy applies where the kubeconfig names no proxy-url; HTTPS_PROXY otherwise.
      proxy: { vscode: readProxySetting() },
      // The monitor's messages name contexts, servers and objects, never credentials.
      log: (message) => log.info(message),
    };
    return this.options.createMonitor?.(options) ?? new LockMonitor(options);
  }

  private install(monitor: LockMonitor): void {
    const previous = this.current;
    for (const s of this.monitorSubscriptions.splice(0)) s.dispose();
    this.current = monitor;
    this.monitorSubscriptions = [
      monitor.store.subscribe((change) => {
        try {
          this.locksChanged.fire(change);
        } catch (error) {
          this.options.log.error(
            `a view failed on a lock change: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        }
      }),
      monitor.onDidChangeStatus(() => this.statusChanged.fire()),
    ];
    this.monitorChanged.fire({ previous, current: monitor });
  }

  private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    const monitor = this.current;
    if (monitor === undefined || this.disposed) return;
    if (
      affects(e, 'kubeconfigPath', 'fallbackNamespaces', 'expiringThreshold', 'execTimeoutSeconds') ||
      PROXY_SETTINGS.some((s) => e.affectsConfiguration(s)) ||
      (e.affectsConfiguration(KUBERNETES_EXTENSION_SECTION) &&
        kubeconfigChoice(readSettings()).path !== this.kubeconfigInUse?.path)
    ) {
      // These are fixed when the monitor is built: build a new one (history starts over).
      this.options.log.info(
        'settings changed: reconnecting with the new kubeconfig path, namespaces, threshold, plugin timeout or proxy',
      );
      this.pendingDisposals.push(monitor.dispose());
      const next = this.build(readSettings());
      this.install(next);
      next.start();
      return;
    }
    if (affects(e, 'contexts')) {
      const contexts = readSettings().contexts;
      this.options.log.info(
        `watching ${contexts.length > 0 ? `contexts ${contexts.join(', ')}` : 'the current context'}`,
      );
      monitor.selectContexts(contexts);
    }
  }
}
