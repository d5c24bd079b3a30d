// Export Lock Timeline and Copy as Markdown: the lock's timeline (src/core timelineExport.ts, built
// from the store and the journal) written as Markdown or JSON where the operator chooses in a save
// dialog, or put on the clipboard as Markdown for a postmortem document.

import * as vscode from 'vscode';
import {
  buildTimeline,
  parseLockKey,
  timelineJson,
  timelineMarkdown,
  type LockKey,
  type LockTimeline,
} from '../../core';
import type { HistoryRecorder } from '../history/historyRecorder';
import type { MonitorHost } from '../shared/monitorHost';
import { lockName } from '../writes/writeConfirmation';
import { timelineInput } from './timelineInput';

export type TimelineFormat = 'markdown' | 'json';

export class TimelineExporter {
  constructor(
    private readonly host: MonitorHost,
    private readonly history: HistoryRecorder,
    private readonly generator: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The timeline of a lock now (undefined when Lease Lens knows nothing of it). */
  async timeline(key: LockKey): Promise<LockTimeline | undefined> {
    const parts = parseLockKey(key);
    if (parts === undefined) return undefined;
    // What an earlier session kept of its context belongs in it: wait for it to be read.
    await this.history.restoredOf(parts.context);
    const s = this.host.monitor?.store.snapshot(key);
    const kept = this.history.entry(key);
    if (s === undefined && kept === undefined) return undefined;
    return buildTimeline(timelineInput(key, s, kept, Date.now(), this.generator));
  }

  /** The text of the timeline in a format. */
  async text(key: LockKey, format: TimelineFormat): Promise<string | undefined> {
    const t = await this.timeline(key);
    return t === undefined ? undefined : format === 'json' ? timelineJson(t) : timelineMarkdown(t);
  }

  /** Export Lock Timeline: asks where (the file's extension picks the format), then writes it. */
  async exportWithDialog(key: LockKey): Promise<vscode.Uri | undefined> {
    const parts = parseLockKey(key);
    if (parts === undefined) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = `${parts.name}-timeline-${new Date().toISOString().slice(0, 10)}.md`.replace(/[^A-Za-z0-9._-]/g, '-');
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export the timeline of {0}', lockName(parts)),
      saveLabel: vscode.l10n.t('Export'),
      ...(folder === undefined ? {} : { defaultUri: vscode.Uri.joinPath(folder, base) }),
      filters: { Markdown: ['md'], JSON: ['json'] },
    });
    if (target === undefined) return undefined;
    return this.exportTo(key, target, target.path.toLowerCase().endsWith('.json') ? 'json' : 'markdown');
  }

  /** Writes the timeline to `target`; says what went wrong in a notification when it cannot. */
  async exportTo(key: LockKey, target: vscode.Uri, format: TimelineFormat): Promise<vscode.Uri | undefined> {
    const name = nameOf(key);
    const text = await this.text(key, format);
    if (text === undefined) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Lease Lens knows nothing of {0}: it was deleted before it was seen, or its context is not watched. Nothing was exported.',
          name,
        ),
      );
      return undefined;
    }
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    } catch (error) {
      const message = vscode.l10n.t(
        'Could not export the timeline of {0} to {1}: {2}. Choose another place.',
        name,
        target.fsPath,
        error instanceof Error ? error.message : String(error),
      );
      this.log.warn(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
    this.log.info(`exported the timeline of ${name} (${format}) to ${target.fsPath}`);
    const open = vscode.l10n.t('Open');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Exported the timeline of {0}.', name), open)
      .then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('vscode.open', target);
      });
    return target;
  }

  /** Copy as Markdown. */
  async copyMarkdown(key: LockKey): Promise<boolean> {
    const text = await this.text(key, 'markdown');
    if (text === undefined) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Lease Lens knows nothing of {0}: nothing was copied.', nameOf(key)),
      );
      return false;
    }
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the timeline of {0} as Markdown', nameOf(key)), 4000);
    return true;
  }
}

function nameOf(key: LockKey): string {
  const parts = parseLockKey(key);
  return parts === undefined ? key : lockName(parts);
}
