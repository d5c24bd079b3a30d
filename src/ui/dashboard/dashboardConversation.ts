// What the dashboard host says to its page and how it answers, without VS Code: the panel
// (dashboardPanel.ts) supplies `post` and passes every received value to `receive`. Kept apart so
// that the rules below are unit-tested in plain Node.
//
// The page is not trusted. Every value it sends is parsed (webviewMessages.ts); a key must name a
// lock the source has; a write goes only through DashboardSource.release / takeOver (which ask the
// operator first), one at a time whatever the page sends. Anything else is logged, rate-limited,
// and dropped.
//
// Towards the page: a snapshot when it says 'ready' (it may be reloaded at any time: after a hide,
// a move, a reload), then diffs batched by DiffBatcher, and the detail of the selected lock
// whenever it changes.

import * as l10n from '@vscode/l10n';
import type { DashboardViewState, HostMessage, LockActionType, LockRow, WebviewMessage } from '../../protocol';
import { PROTOCOL_VERSION } from '../../protocol';
import type { DashboardSource, DashboardWriteOutcome } from './dashboardSource';
import { DiffBatcher, type BatchClock, type DiffBatch } from './diffBatcher';
import { describeRejectedMessage, parseWebviewMessage } from './webviewMessages';

/** Where the dashboard writes what it ignored; a LogOutputChannel fits. */
export interface DashboardLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface DashboardConversationOptions {
  readonly source: DashboardSource;
  readonly post: (message: HostMessage) => void;
  readonly log: DashboardLog;
  /** The selection the page starts with (restored or asked for by the command). */
  readonly selected: string | null;
  /** Called with each view state the page reports (to remember it for the next panel). */
  readonly onViewState?: (state: DashboardViewState) => void;
  /**
   * After a write the page asked for has been answered (VS Code's modal took the focus): gives the
   * page the keyboard back, so a keyboard user continues where they were.
   */
  readonly afterWrite?: () => void;
  readonly flushIntervalMs?: number;
  readonly clock?: BatchClock;
  /** For the rejection log's one-minute window; default Date.now. */
  readonly now?: () => number;
}

const MAX_WRITE_MESSAGE_LENGTH = 2000;

export class DashboardConversation {
  private readonly batcher: DiffBatcher;
  private readonly subscription: { dispose(): void };
  private readonly rejections: RejectionLog;
  /** Whether the page has said 'ready' since it was (re)loaded: before that, messages are lost. */
  private ready = false;
  /** The lock whose detail the page shows, as far as the host knows. */
  private selected: string | null;
  /** A write waiting for the operator or the cluster. */
  private writing: string | undefined;
  /** A lock action (an export's save dialog…) waiting for the operator. */
  private acting = false;
  /** The host asked for the attention filter before the page was ready: sent with the snapshot. */
  private attentionWanted = false;
  private disposed = false;

  constructor(private readonly options: DashboardConversationOptions) {
    this.selected = options.selected;
    this.rejections = new RejectionLog(options.log, options.now ?? Date.now);
    this.batcher = new DiffBatcher((batch) => this.sendDiff(batch), {
      ...(options.flushIntervalMs === undefined ? {} : { intervalMs: options.flushIntervalMs }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.subscription = options.source.onDidChange((change) => {
      if (this.ready) this.batcher.add(change);
    });
  }

  /** The page is gone (hidden, moved, reloading): nothing is sent until it says 'ready' again. */
  pageGone(): void {
    this.ready = false;
    this.batcher.clear();
  }

  /** The host selects a lock (the command was run for a tree item). */
  select(key: string): void {
    if (this.options.source.row(key) === undefined) return;
    this.selected = key;
    // The page adopts a detail it did not ask for as the host's selection.
    if (this.ready) this.sendDetail(key);
  }

  /** Whatever the page posted. */
  receive(raw: unknown): void {
    if (this.disposed) return;
    const message = parseWebviewMessage(raw);
    if (message === undefined) {
      this.rejections.note(`ignored a malformed message from the dashboard webview: ${describeRejectedMessage(raw)}`);
      return;
    }
    this.handle(message);
  }

  dispose(): void {
    this.disposed = true;
    this.ready = false;
    this.batcher.dispose();
    this.subscription.dispose();
  }

  private handle(message: WebviewMessage): void {
    const source = this.options.source;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.batcher.clear();
        this.post({
          type: 'snapshot',
          version: PROTOCOL_VERSION,
          now: source.now(),
          rows: source.rows(),
          contexts: source.contexts(),
          thresholds: source.thresholds(),
        });
        if (this.selected !== null && source.row(this.selected) === undefined) this.selected = null;
        if (this.selected !== null) this.sendDetail(this.selected);
        if (this.attentionWanted) {
          this.attentionWanted = false;
          this.post({ type: 'showAttention' });
        }
        return;
      case 'selectLock':
        if (!this.knows(message.key, message.type)) return;
        this.selected = message.key;
        this.sendDetail(message.key);
        return;
      case 'releaseLock':
      case 'takeOverLock':
        void this.write(message.type, message.key);
        return;
      case 'watchLock':
      case 'unwatchLock':
      case 'exportTimeline':
      case 'copyTimeline':
        void this.act(message.type, message.key);
        return;
      case 'saveState': {
        const wanted = message.state.selected;
        const selected = wanted !== null && source.row(wanted) !== undefined ? wanted : null;
        this.selected = selected;
        this.options.onViewState?.({ ...message.state, selected });
        return;
      }
    }
  }

  /** Whether `key` names a lock the source has; logs the refusal when not. */
  private knows(key: string, what: string): boolean {
    if (this.options.source.row(key) !== undefined) return true;
    this.rejections.note(
      `ignored ${what} from the dashboard webview for a lock that does not exist (a key of ${key.length} characters)`,
    );
    return false;
  }

  private async write(type: 'releaseLock' | 'takeOverLock', key: string): Promise<void> {
    if (!this.knows(key, type)) {
      this.post({ type: 'writeResult', key, ok: false, message: l10n.t('This lock no longer exists.') });
      return;
    }
    if (this.writing !== undefined) {
      this.post({
        type: 'writeResult',
        key,
        ok: false,
        message: l10n.t('Another release or take over is waiting for an answer: finish it first.'),
      });
      return;
    }
    this.writing = key;
    let outcome: DashboardWriteOutcome;
    try {
      // The only way the dashboard writes: the source asks the operator (modal) first.
      outcome =
        type === 'releaseLock' ? await this.options.source.release(key) : await this.options.source.takeOver(key);
    } catch (error) {
      outcome = { ok: false, message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.writing = undefined;
    }
    this.post({
      type: 'writeResult',
      key,
      ok: outcome.ok,
      message: String(outcome.message).slice(0, MAX_WRITE_MESSAGE_LENGTH),
    });
    this.options.afterWrite?.();
  }

  /** One at a time, for a lock that exists: a page cannot queue up dialogs or flood the clipboard. */
  private async act(type: LockActionType, key: string): Promise<void> {
    const action = this.options.source.lockAction;
    if (action === undefined || !this.knows(key, type)) return;
    if (this.acting) {
      this.rejections.note(`ignored ${type} from the dashboard webview while another lock action is waiting`);
      return;
    }
    this.acting = true;
    try {
      await action.call(this.options.source, type, key);
    } catch (error) {
      this.options.log.warn(`dashboard: ${type} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.acting = false;
    }
  }

  /** The page is to show only the locks needing attention (after 'ready', whenever it reloads). */
  showAttention(): void {
    if (this.ready) this.post({ type: 'showAttention' });
    else this.attentionWanted = true;
  }

  private sendDiff(batch: DiffBatch): void {
    if (!this.ready) return;
    const source = this.options.source;
    const upserts: LockRow[] = [];
    const removed = [...batch.removed];
    for (const key of batch.changed) {
      const row = source.row(key);
      if (row === undefined) removed.push(key);
      else upserts.push(row);
    }
    this.post(
      batch.contextsChanged
        ? {
            type: 'diff',
            now: source.now(),
            upserts,
            removed,
            contexts: source.contexts(),
            thresholds: source.thresholds(),
          }
        : { type: 'diff', now: source.now(), upserts, removed, thresholds: source.thresholds() },
    );
    const selected = this.selected;
    if (selected !== null && (batch.changed.includes(selected) || batch.removed.includes(selected)))
      this.sendDetail(selected, true);
  }

  private sendDetail(key: string, update = false): void {
    const detail = this.options.source.detail(key) ?? null;
    this.post(update ? { type: 'detail', key, detail, update } : { type: 'detail', key, detail });
  }

  private post(message: HostMessage): void {
    if (!this.disposed) this.options.post(message);
  }
}

/**
 * Logs ignored messages without letting a page that floods them flood the log: ten a minute,
 * then one line saying how many more were dropped.
 */
class RejectionLog {
  private windowStart = Number.NEGATIVE_INFINITY;
  private inWindow = 0;
  private suppressed = 0;

  constructor(
    private readonly log: DashboardLog,
    private readonly now: () => number,
  ) {}

  note(message: string): void {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      if (this.suppressed > 0)
        this.log.warn(`dashboard: ${this.suppressed} more ignored webview messages were not logged`);
      this.windowStart = now;
      this.inWindow = 0;
      this.suppressed = 0;
    }
    if (this.inWindow < 10) {
      this.inWindow++;
      this.log.warn(`dashboard: ${message}`);
    } else {
      this.suppressed++;
    }
  }
}
