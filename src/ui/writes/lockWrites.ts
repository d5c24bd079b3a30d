// The one way Lease Lens writes a lock, for the commands, the hover's links and the dashboard
// alike: check RBAC, ask (modal) with what the write risks given the state the operator sees,
// write conflict-checked against exactly the resourceVersion that question showed, and on a
// conflict show what changed and ask again with the new state — never retry blindly.

import * as vscode from 'vscode';
import { parseLockView, type LockKey, type LockView } from '../../core';
import type { LockMonitor } from '../../cluster/lockMonitor';
import { LockConflictError, LockGoneError, LockPermissionError } from '../../cluster/writeErrors';
import type { DashboardWriteOutcome } from '../dashboard/dashboardSource';
import type { MonitorHost } from '../shared/monitorHost';
import { defaultTakeoverIdentity, readSettings } from '../shared/settings';
import {
  doneMessage,
  goneMessage,
  lockName,
  notAllowedMessage,
  releaseConfirmation,
  takeOverConfirmation,
  type ConfirmRequest,
  type SeenLock,
  type WriteAction,
} from './writeConfirmation';
import { modalPrompts, type IdentityRequest, type WritePrompts } from './writePrompts';
import type { WritePermissions } from './writePermissions';

export interface WriteResult extends DashboardWriteOutcome {
  /** The operator said no (or closed a prompt): nothing was written. */
  readonly cancelled: boolean;
}

export interface WriteOptions {
  /** Show the outcome as a notification (commands do; the dashboard shows it itself). */
  readonly notify?: boolean;
  /** Take over for this identity without asking for one (tests, other extensions). */
  readonly identity?: string;
}

export class LockWrites {
  /** Replaceable: the extension-host tests answer the questions through it. */
  prompts: WritePrompts;
  private readonly running = new Set<LockKey>();

  constructor(
    private readonly host: MonitorHost,
    private readonly permissions: WritePermissions,
    private readonly log: vscode.LogOutputChannel,
    prompts: WritePrompts = modalPrompts,
  ) {
    this.prompts = { ...prompts };
  }

  release(key: LockKey, options: WriteOptions = {}): Promise<WriteResult> {
    return this.once(key, () => this.write('release', key, options));
  }

  takeOver(key: LockKey, options: WriteOptions = {}): Promise<WriteResult> {
    return this.once(key, () => this.write('takeOver', key, options));
  }

  private async once(key: LockKey, run: () => Promise<WriteResult>): Promise<WriteResult> {
    if (this.running.has(key))
      return {
        ok: false,
        cancelled: true,
        message: 'A release or takeover of this lock is already waiting for an answer.',
      };
    this.running.add(key);
    try {
      return await run();
    } finally {
      this.running.delete(key);
    }
  }

  private async write(action: WriteAction, key: LockKey, options: WriteOptions): Promise<WriteResult> {
    const notify = options.notify === true;
    const monitor = this.host.start('command');
    const before = monitor.store.get(key);
    if (before === undefined)
      return this.fail(
        `Lease Lens does not know the lock ${key}: it was deleted, or its context is not watched.`,
        notify,
      );
    const view = before.view;

    // Do not ask a question whose answer cannot be carried out.
    const allowed = await this.permissions.check(key);
    if (allowed === false) return this.fail(notAllowedMessage(action, view), notify);

    let newHolder: string | undefined;
    if (action === 'takeOver') {
      newHolder = options.identity ?? (await this.prompts.holderIdentity(identityRequest(key, monitor, view)));
      newHolder = newHolder?.trim();
      if (!newHolder) return cancelled();
    }

    // The question shows the state as it is now, and the write is checked against exactly it.
    const now = Date.now();
    const s = monitor.store.snapshot(key, now);
    if (s === undefined) return this.fail(goneMessage(view), notify);
    let seenRv = s.lock.view.resourceVersion;
    if (seenRv === undefined)
      return this.fail(
        `${lockName(view)} has no resourceVersion, so a write could not be conflict-checked: nothing was written.`,
        notify,
      );
    const seen: SeenLock = { view: s.lock.view, health: s.health, disconnected: s.connection.status === 'stale' };
    let shown = s.lock.view;
    let request: ConfirmRequest =
      action === 'release'
        ? releaseConfirmation(key, seen, seenRv, now)
        : takeOverConfirmation(key, seen, newHolder!, seenRv, now);

    for (;;) {
      if (!(await this.prompts.confirm(request))) return cancelled();
      const current = this.host.monitor ?? monitor;
      try {
        this.log.info(
          `${action === 'release' ? 'releasing' : `taking over for ${newHolder}`}: ${lockName(view)} in context ${view.context}, resourceVersion ${seenRv}`,
        );
        if (action === 'release') await current.release(key, seenRv);
        else await current.takeOver(key, newHolder!, seenRv);
        const message = doneMessage(action, shown, newHolder);
        this.log.info(message);
        if (notify) void vscode.window.showInformationMessage(message);
        return { ok: true, cancelled: false, message };
      } catch (error) {
        if (error instanceof LockConflictError) {
          const changed =
            error.current === undefined
              ? undefined
              : parseLockView(error.current, { context: view.context, kind: view.kind });
          if (changed === undefined || changed.resourceVersion === undefined)
            return this.fail(goneMessage(view), notify);
          this.log.info(
            `conflict: ${lockName(view)} is now at resourceVersion ${changed.resourceVersion} (held by ${changed.holder ?? 'nobody'}), not ${seenRv}: nothing written, asking again`,
          );
          seenRv = changed.resourceVersion;
          shown = changed;
          const again: SeenLock = { view: changed, health: undefined, disconnected: false };
          request =
            action === 'release'
              ? releaseConfirmation(key, again, seenRv, Date.now(), true)
              : takeOverConfirmation(key, again, newHolder!, seenRv, Date.now(), true);
          continue;
        }
        if (error instanceof LockPermissionError)
          return this.fail(notAllowedMessage(action, view, error.verb, error.resource), notify);
        if (error instanceof LockGoneError) return this.fail(goneMessage(view), notify);
        return this.fail(
          `Could not ${action === 'release' ? 'release' : 'take over'} ${lockName(view)}: ${error instanceof Error ? error.message : String(error)}`,
          notify,
        );
      }
    }

    function cancelled(): WriteResult {
      return { ok: false, cancelled: true, message: 'Cancelled: nothing was written.' };
    }
  }

  private fail(message: string, notify: boolean): WriteResult {
    this.log.warn(message);
    if (notify) void vscode.window.showErrorMessage(message);
    return { ok: false, cancelled: false, message };
  }
}

function identityRequest(key: LockKey, monitor: LockMonitor, view: LockView): IdentityRequest {
  const s = monitor.store.snapshot(key);
  const recent: string[] = [];
  for (const c of [...(s?.lock.history.changes() ?? [])].reverse()) {
    for (const h of [c.holder, c.previousHolder])
      if (h !== undefined && h !== '' && !recent.includes(h)) recent.push(h);
  }
  return {
    key,
    lockName: lockName(view),
    currentHolder: view.holder,
    defaultIdentity: defaultTakeoverIdentity(readSettings()),
    candidates: (s?.candidates ?? []).map((c) => c.name),
    recentHolders: recent,
  };
}
