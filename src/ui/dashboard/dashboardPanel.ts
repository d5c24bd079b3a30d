// The "Lease Lens Dashboard" webview panel: one per window, restored after a reload.
//
// This file is the VS Code glue only: creating, revealing and restoring the panel, its options
// and HTML (strict CSP, scripts only from dist/webview), and passing messages to and from
// DashboardConversation, which holds the rules (validation, routing of writes, batching).
//
// retainContextWhenHidden is off: a hidden panel's page is discarded and reloads when shown again,
// restoring its view from its webview state; nothing is sent while the page is not ready.

import * as vscode from 'vscode';
import type { DashboardViewState } from '../../protocol';
import { DashboardConversation, type DashboardLog } from './dashboardConversation';
import { dashboardHtml, dashboardTitle } from './dashboardHtml';
import { loadedBundle } from '../shared/localisation';
import type { DashboardSource } from './dashboardSource';
import type { BatchClock } from './diffBatcher';
import { createNonce } from './nonce';
import { pickDashboardViewState } from './webviewMessages';

export type { DashboardLog } from './dashboardConversation';

export const DASHBOARD_VIEW_TYPE = 'leaseLens.dashboard';
const STATE_KEY = 'leaseLens.dashboard.viewState';

export interface DashboardOptions {
  /** `context.extensionUri`: the page's script is dist/webview/dashboard.js under it. */
  readonly extensionUri: vscode.Uri;
  readonly source: DashboardSource;
  readonly log: DashboardLog;
  /** Remembers filter and sort for the next panel: `context.workspaceState` (optional). */
  readonly memento?: vscode.Memento;
  /** Minimum time between two diff messages (default 100 ms). */
  readonly flushIntervalMs?: number;
  /** For tests: the batcher's clock. */
  readonly clock?: BatchClock;
}

const DEFAULT_VIEW_STATE: DashboardViewState = {
  filter: '',
  selected: null,
  sort: { column: 'health', descending: false },
};

/**
 * Owns the dashboard: opens or reveals its one panel and restores it after a reload. Construct it
 * during activation (the panel serializer must be registered then; package.json needs the
 * activation event `onWebviewPanel:leaseLens.dashboard`) and dispose it with the extension.
 */
export class DashboardPanel implements vscode.Disposable {
  private session: DashboardSession | undefined;
  private readonly serializer: vscode.Disposable;

  constructor(private readonly options: DashboardOptions) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (this.session !== undefined) {
          // One per window: a second restored panel (should not happen) is closed.
          panel.dispose();
          return;
        }
        // The state was written by the page: take only well-formed known fields.
        this.attach(panel, pickDashboardViewState(state) ?? this.rememberedState());
      },
    });
  }

  /** Whether the panel exists (visible or not). */
  get isOpen(): boolean {
    return this.session !== undefined;
  }

  /**
   * Opens the dashboard, or reveals it if it is open. With the key of an existing lock (a tree
   * item's), selects that lock and shows its detail.
   */
  open(selectKey?: string, options: { readonly attention?: boolean } = {}): void {
    const key = selectKey !== undefined && this.options.source.row(selectKey) !== undefined ? selectKey : undefined;
    if (this.session !== undefined) {
      this.session.reveal(key);
      if (options.attention === true) this.session.showAttention();
      return;
    }
    const remembered = this.rememberedState();
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, dashboardTitle(), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [this.webviewRoot()],
    });
    const session = this.attach(panel, key === undefined ? remembered : { ...remembered, selected: key });
    if (options.attention === true) session.showAttention();
  }

  dispose(): void {
    this.serializer.dispose();
    this.session?.dispose();
    this.session = undefined;
  }

  private attach(panel: vscode.WebviewPanel, state: DashboardViewState): DashboardSession {
    const session = new DashboardSession(panel, state, this.webviewRoot(), this.options, () => {
      if (this.session === session) this.session = undefined;
    });
    this.session = session;
    return session;
  }

  private webviewRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webview');
  }

  private rememberedState(): DashboardViewState {
    const stored = pickDashboardViewState(this.options.memento?.get<unknown>(STATE_KEY));
    // A remembered selection is not carried into a new panel: the lock may be long gone.
    return stored === undefined ? DEFAULT_VIEW_STATE : { ...stored, selected: null };
  }
}

/** One live panel: its webview, and the conversation with the page inside. */
class DashboardSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly conversation: DashboardConversation;
  private disposed = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    state: DashboardViewState,
    webviewRoot: vscode.Uri,
    options: DashboardOptions,
    private readonly onDisposed: () => void,
  ) {
    const webview = panel.webview;
    // Set again for restored panels: options are not persisted with the panel.
    webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    panel.title = dashboardTitle();
    panel.iconPath = vscode.Uri.joinPath(options.extensionUri, 'media', 'lease-lens.svg');

    this.conversation = new DashboardConversation({
      source: options.source,
      log: options.log,
      selected: state.selected,
      post: (message) => {
        webview.postMessage(message).then(undefined, (error: unknown) => {
          options.log.warn(
            `dashboard: could not post ${message.type} to the webview: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
      },
      onViewState: (viewState) => void options.memento?.update(STATE_KEY, viewState),
      afterWrite: () => {
        if (panel.visible) panel.reveal(panel.viewColumn, false);
      },
      ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.conversation.receive(raw)),
      panel.onDidChangeViewState(() => {
        // A hidden page is discarded; it says 'ready' again when shown and gets a fresh snapshot.
        if (!panel.visible) this.conversation.pageGone();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'dashboard.js')).toString(),
      nonce: createNonce(),
      initialState: state,
      l10nBundle: loadedBundle(),
      language: vscode.env.language,
    });
  }

  /** Filters the page to the locks needing attention. */
  showAttention(): void {
    this.conversation.showAttention();
  }

  reveal(selectKey: string | undefined): void {
    if (selectKey !== undefined) this.conversation.select(selectKey);
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.conversation.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}
