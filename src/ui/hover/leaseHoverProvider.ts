// Hovers on leader election locks written in YAML files: the record parsed from the text, and the
// live state of the same lock in every watched context, with links to act on it. The links work
// because this MarkdownString trusts exactly the commands in HOVER_COMMANDS and nothing else;
// all text from the file or the cluster is escaped (leaseHoverText.ts).

import * as vscode from 'vscode';
import { lockKey } from '../../core';
import { HOVER_COMMANDS, leaseHoverMarkdown, type LiveAvailability, type LiveLock } from './leaseHoverText';
import type { MonitorHost } from '../shared/monitorHost';
import type { WritePermissions } from '../writes/writePermissions';
import {
  findYamlLocks,
  looksLikeLockLine,
  MAX_YAML_LENGTH,
  tooLargeText,
  yamlLockAt,
  type YamlLock,
} from './yamlLocks';

/** Files and unsaved editors; not our own live YAML documents. */
export const YAML_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
];

export class LeaseHoverProvider implements vscode.HoverProvider {
  private readonly parsed = new WeakMap<vscode.TextDocument, { version: number; locks: YamlLock[] }>();

  constructor(
    private readonly host: MonitorHost,
    private readonly permissions: WritePermissions,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const hit = yamlLockAt(this.locksOf(document), document.offsetAt(position));
    if (hit === undefined) {
      // Say why a lock line of a very large file gets no hover, rather than nothing.
      const length = document.getText().length;
      const line = document.lineAt(position.line);
      if (length > MAX_YAML_LENGTH && looksLikeLockLine(line.text))
        return new vscode.Hover(new vscode.MarkdownString(tooLargeText(length)), line.range);
      return undefined;
    }
    const { lock, spot } = hit;
    const v = lock.view;
    const namespace = lock.namespaceGiven ? v.namespace : 'default';
    // Parsing the file needs no trust; connecting to a cluster does.
    const monitor = this.host.startIfTrusted('hover');
    const live: LiveLock[] = [];
    let availability: LiveAvailability = this.host.trusted ? 'notConnected' : 'untrusted';
    const contexts = monitor?.watchedContexts() ?? [];
    if (monitor !== undefined) {
      const now = Date.now();
      for (const context of contexts) {
        const key = lockKey(context, v.kind, namespace, v.name);
        const snapshot = monitor.store.snapshot(key, now);
        if (snapshot !== undefined) live.push({ key, snapshot, writable: this.permissions.canWrite(key) });
      }
      availability = monitor.statusesAll().some((s) => s.state === 'connecting') ? 'connecting' : 'watched';
    }
    const md = new vscode.MarkdownString(leaseHoverMarkdown({ lock, now: Date.now(), live, availability, contexts }));
    md.isTrusted = { enabledCommands: Object.values(HOVER_COMMANDS) };
    return new vscode.Hover(md, new vscode.Range(document.positionAt(spot.start), document.positionAt(spot.end)));
  }

  private locksOf(document: vscode.TextDocument): YamlLock[] {
    const cached = this.parsed.get(document);
    if (cached !== undefined && cached.version === document.version) return cached.locks;
    const locks = findYamlLocks(document.getText());
    this.parsed.set(document, { version: document.version, locks });
    return locks;
  }
}
