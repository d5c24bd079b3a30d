// The items of the "Leader Elections" view. Each is a small TreeItem kept for as long as what it
// shows exists (one object per context, group and lock key), so that a tick or a change batch can
// update one in place and redraw just it. `contextValue` is what the menus key on: `lock;held;
// writable` offers Release and Take Over only where the user's RBAC allows them.

import * as vscode from 'vscode';
import { type LockKey, type LockSnapshot } from '../../core';
import type { ContextStatus } from '../../cluster/lockMonitor';
import { presentLock, type HealthKind } from '../shared/lockPresentation';
import type { GroupRef } from './lockTreeIndex';
import { codeSpan, escapeMarkdown } from '../shared/markdownText';
import { contextStateWord } from './contextMessages';
import { FOLDED_PAGE_SIZE } from './foldedGroup';
import { formatCount } from '../../core';

/** One watched kubeconfig context. */
export class ContextNode extends vscode.TreeItem {
  readonly type = 'context';
  expanded = true;
  listed = false;
  private shown = '';

  constructor(readonly context: string) {
    super(context, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `context:${context}`;
  }

  /** Shows the status; returns whether anything shown changed. */
  update(status: ContextStatus | undefined): boolean {
    const state = status?.state ?? 'connecting';
    const look = CONTEXT_LOOKS[state];
    const word = contextStateWord(status, contextLookWord(state));
    this.description = [word, status?.server].filter((x) => x !== undefined && x !== '').join(' · ');
    this.iconPath = new vscode.ThemeIcon(
      look.icon,
      look.color === undefined ? undefined : new vscode.ThemeColor(look.color),
    );
    this.contextValue = `context;${state}`;
    this.accessibilityInformation = {
      label: [vscode.l10n.t('context {0}', this.context), word, status?.server, status?.message]
        .filter((x) => !!x)
        .join(', '),
    };
    const md = new vscode.MarkdownString();
    md.appendMarkdown(vscode.l10n.t('Context {0}: **{1}**', codeSpan(this.context), escapeMarkdown(word)));
    if (status?.server) md.appendMarkdown(`\n\n${vscode.l10n.t('Server: {0}', codeSpan(status.server))}`);
    if (status?.route) md.appendMarkdown(`\n\n${vscode.l10n.t('Connecting {0}', escapeMarkdown(status.route))}`);
    if (status?.message) md.appendMarkdown(`\n\n${escapeMarkdown(status.message)}`);
    if (status !== undefined && status.namespaces !== 'all')
      md.appendMarkdown(
        `\n\n${vscode.l10n.t('Watching only namespaces {0}', status.namespaces.map(codeSpan).join(', '))}`,
      );
    this.tooltip = md;
    const signature = `${this.description}\n${state}\n${status?.message ?? ''}\n${status?.route ?? ''}`;
    const changed = signature !== this.shown;
    this.shown = signature;
    return changed;
  }
}

const CONTEXT_LOOKS: Readonly<Record<ContextStatus['state'], { icon: string; color: string | undefined }>> = {
  connecting: { icon: 'loading~spin', color: undefined },
  connected: { icon: 'vm-active', color: 'charts.green' },
  disconnected: { icon: 'debug-disconnect', color: 'charts.red' },
  forbidden: { icon: 'lock', color: 'charts.yellow' },
  unauthorized: { icon: 'key', color: 'charts.red' },
  credentials: { icon: 'key', color: 'charts.yellow' },
  error: { icon: 'error', color: 'charts.red' },
};

/** A context's state in a word, in the display language. */
function contextLookWord(state: ContextStatus['state']): string {
  switch (state) {
    case 'connecting':
      return vscode.l10n.t('connecting…');
    case 'connected':
      return vscode.l10n.t('connected');
    case 'disconnected':
      return vscode.l10n.t('disconnected');
    case 'forbidden':
      return vscode.l10n.t('forbidden');
    case 'unauthorized':
      return vscode.l10n.t('credentials rejected');
    case 'credentials':
      return vscode.l10n.t('sign-in needed');
    case 'error':
      return vscode.l10n.t('error');
  }
}

/** A namespace of a context, or the folded "Node heartbeats" / "API server identities" group. */
export class GroupNode extends vscode.TreeItem {
  readonly type = 'group';
  expanded = false;
  listed = false;
  private shown = '';

  constructor(readonly ref: GroupRef) {
    super(ref.namespace || ref.kind, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `group:${ref.id}`;
    this.contextValue = `group;${ref.kind}`;
    this.iconPath = new vscode.ThemeIcon(
      ref.kind === 'namespace' ? 'symbol-namespace' : ref.kind === 'heartbeats' ? 'pulse' : 'server',
    );
  }

  /** Shows the member count (and for heartbeats how many are stale); returns whether it changed. */
  update(count: number, stale: number): boolean {
    switch (this.ref.kind) {
      case 'namespace':
        this.label = this.ref.namespace;
        this.description = count === 1 ? vscode.l10n.t('1 lock') : vscode.l10n.t('{0} locks', count);
        this.accessibilityInformation = {
          label: vscode.l10n.t('namespace {0}, {1}', this.ref.namespace, this.description),
        };
        break;
      case 'heartbeats':
        this.label = vscode.l10n.t('Node heartbeats ({0}, {1} stale)', count, stale);
        this.description = undefined;
        this.tooltip = vscode.l10n.t(
          'Node heartbeat Leases in kube-node-lease: {0}, of which {1} are stale: their node stopped renewing (probably stopped by its record, or expired). Stale ones are listed first.',
          count,
          stale,
        );
        this.accessibilityInformation = {
          label: vscode.l10n.t(
            'Node heartbeats, {0} node Leases, {1} stale, listed first',
            formatCount(count),
            formatCount(stale),
          ),
        };
        break;
      case 'apiservers':
        this.label = vscode.l10n.t('API server identities ({0})', count);
        this.description = stale > 0 ? vscode.l10n.t('{0} stale', stale) : undefined;
        this.tooltip = vscode.l10n.t(
          'kube-apiserver identity Leases (one per API server, renewed about every 10 s, 1 h lease).',
        );
        this.accessibilityInformation = {
          label:
            stale > 0
              ? vscode.l10n.t('API server identities, {0} Leases, {1} stale', formatCount(count), formatCount(stale))
              : vscode.l10n.t('API server identities, {0} Leases', formatCount(count)),
        };
        break;
    }
    const signature = `${String(this.label)}\n${String(this.description)}`;
    const changed = signature !== this.shown;
    this.shown = signature;
    return changed;
  }
}

/**
 * One lock. Its tooltip is resolved on hover (resolveTreeItem), with the holder's pod.
 *
 * VS Code closes an item's tooltip when the item is redrawn, and a live lock's age changes every
 * second: while its tooltip has just been opened (`holdUntil`), a change of age alone does not
 * redraw it, so the tooltip stays readable; any other change (holder, health, menus) still does.
 */
export class LockNode extends vscode.TreeItem {
  readonly type = 'lock';
  listed = false;
  health: HealthKind = 'unknown';
  holdUntil = 0;
  private shown = '';
  private shownWithoutAge = '';

  constructor(
    readonly lockKey: LockKey,
    public group: string,
  ) {
    super(lockKey, vscode.TreeItemCollapsibleState.None);
    this.id = `lock:${lockKey}`;
  }

  /** Shows the snapshot; returns whether the label, description, icon or menus changed. */
  update(s: LockSnapshot, now: number, writable: boolean | undefined, watched = false): boolean {
    const p = presentLock(s, now);
    // `unreadable`: someone may hold it, so Release is offered (it rewrites the record), but
    // there is no identity to copy or resolve.
    const holder = s.evidence.holder;
    const held =
      holder === 'held' ? ';held' : holder === 'unreadableHolder' || holder === 'unreadableRecord' ? ';unreadable' : '';
    // `;watched` last: the menus' patterns for the others match from the start.
    const contextValue = `lock${held}${writable === true ? ';writable' : ''}${watched ? ';watched' : ''}`;
    const withoutAge = `${p.label}\n${p.steadyDescription}\n${p.icon}\n${p.color ?? ''}\n${contextValue}`;
    if (now < this.holdUntil && withoutAge === this.shownWithoutAge) return false;
    this.shownWithoutAge = withoutAge;
    this.label = p.label;
    this.description = p.description;
    this.iconPath = new vscode.ThemeIcon(p.icon, p.color === undefined ? undefined : new vscode.ThemeColor(p.color));
    this.contextValue = contextValue;
    this.accessibilityInformation = { label: p.spoken };
    this.health = p.health;
    this.tooltip = undefined;
    const signature = `${p.label}\n${p.description}\n${p.icon}\n${p.color ?? ''}\n${this.contextValue}`;
    const changed = signature !== this.shown;
    this.shown = signature;
    return changed;
  }
}

/** An explanation with an action: loading, empty, forbidden, unreachable, kubeconfig problems. */
export class MessageNode extends vscode.TreeItem {
  readonly type = 'message';

  constructor(
    id: string,
    label: string,
    options: { description?: string; tooltip?: string; icon?: string; color?: string; command?: vscode.Command } = {},
  ) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = `message:${id}`;
    this.contextValue = 'message';
    if (options.description !== undefined) this.description = options.description;
    this.tooltip = options.tooltip ?? [label, options.description].filter(Boolean).join(' — ');
    if (options.icon !== undefined)
      this.iconPath = new vscode.ThemeIcon(
        options.icon,
        options.color === undefined ? undefined : new vscode.ThemeColor(options.color),
      );
    if (options.command !== undefined) this.command = options.command;
  }
}

/**
 * The last item of a folded group that lists a page of its members: "Show 500 more…", with how
 * many are not listed. Running it lists the next page (LocksTreeProvider.showMore).
 */
export class MoreNode extends vscode.TreeItem {
  readonly type = 'more';
  readonly group: string;

  constructor(ref: GroupRef, hidden: number) {
    const step = Math.min(FOLDED_PAGE_SIZE, hidden);
    const heartbeats = ref.kind === 'heartbeats';
    super(vscode.l10n.t('Show {0} more…', formatCount(step)), vscode.TreeItemCollapsibleState.None);
    this.group = ref.id;
    this.id = `more:${ref.id}`;
    this.contextValue = 'more';
    // Whole sentences per kind of group, so that a translation can agree the words.
    this.description = heartbeats
      ? vscode.l10n.t('{0} more node heartbeats not listed', formatCount(hidden))
      : vscode.l10n.t('{0} more API server identities not listed', formatCount(hidden));
    this.tooltip = heartbeats
      ? vscode.l10n.t(
          '{0} more node heartbeats are not listed, to keep the view fast. Stale ones are listed first; click to list {1} more.',
          formatCount(hidden),
          formatCount(step),
        )
      : vscode.l10n.t(
          '{0} more API server identities are not listed, to keep the view fast. Stale ones are listed first; click to list {1} more.',
          formatCount(hidden),
          formatCount(step),
        );
    this.iconPath = new vscode.ThemeIcon('ellipsis');
    this.accessibilityInformation = {
      label: heartbeats
        ? vscode.l10n.t('Show {0} more node heartbeats, {1} not listed', formatCount(step), formatCount(hidden))
        : vscode.l10n.t('Show {0} more API server identities, {1} not listed', formatCount(step), formatCount(hidden)),
      role: 'button',
    };
    this.command = { title: vscode.l10n.t('Show more'), command: SHOW_MORE_COMMAND, arguments: [ref.id] };
  }
}

/** The command behind "Show … more" (not in the palette: it needs the group). */
export const SHOW_MORE_COMMAND = 'leaseLens.showMoreInGroup';

export type TreeNode = ContextNode | GroupNode | LockNode | MessageNode | MoreNode;
