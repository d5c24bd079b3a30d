// The detail's lock actions besides writing: Watch / Unwatch (alerts on the lock), Export… (the
// host asks where, Markdown or JSON) and Copy as Markdown. Each only asks the host, which runs the
// same command as the tree's; whether the lock is watched comes back in its detail.
//
// Hooks for UI tests: #watch-button[data-watched], #export-button, #copy-timeline-button.

import * as l10n from '@vscode/l10n';
import type { LockActionType, LockDetail } from '../src/protocol';
import { h, setAttr, setText } from './dom';

export class LockActions {
  readonly element: HTMLElement;
  private readonly watch: HTMLElement & { disabled: boolean };
  private key: string | null = null;
  private watched = false;

  constructor(private readonly post: (type: LockActionType, key: string) => void) {
    this.watch = h('vscode-button', { id: 'watch-button', attrs: { secondary: '' }, text: l10n.t('Watch') });
    const exportButton = h('vscode-button', {
      id: 'export-button',
      attrs: { secondary: '', title: l10n.t('Export this lock’s timeline as Markdown or JSON (asks where)') },
      text: l10n.t('Export…'),
    });
    const copy = h('vscode-button', {
      id: 'copy-timeline-button',
      attrs: { secondary: '', title: l10n.t('Copy this lock’s timeline as Markdown, for a postmortem') },
      text: l10n.t('Copy as Markdown'),
    });
    this.watch.addEventListener('click', () => this.send(this.watched ? 'unwatchLock' : 'watchLock'));
    exportButton.addEventListener('click', () => this.send('exportTimeline'));
    copy.addEventListener('click', () => this.send('copyTimeline'));
    this.element = h('div', { className: 'detail-actions lock-actions' }, [this.watch, exportButton, copy]);
  }

  show(detail: LockDetail): void {
    this.key = detail.row.key;
    this.watched = detail.watched === true;
    setText(this.watch, this.watched ? l10n.t('Unwatch') : l10n.t('Watch'));
    this.watch.dataset.watched = String(this.watched);
    setAttr(
      this.watch,
      'title',
      this.watched
        ? l10n.t('Stop the alerts on this lock')
        : l10n.t('Alert me when its leader changes, it flaps, stops or recovers (leaseLens.alerts)'),
    );
  }

  private send(type: LockActionType): void {
    if (this.key !== null) this.post(type, this.key);
  }
}
