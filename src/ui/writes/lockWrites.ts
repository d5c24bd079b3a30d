// The one way Lease Lens writes a lock, for the commands, the hover's links and the dashboard
// alike: check RBAC, ask (modal) with what the write risks given the state the operator sees,
// write conflict-checked against exactly the resourceVersion that question showed, and on a
// conflict show what changed and ask again with the new state — never retry blindly. Every write
// it carries out (or that fails after the operator said yes) is told to onDidWrite with who did it
// (SelfSubjectReview), and logged: the timeline and the output channel keep who wrote what.

import * as vscode from 'vscode';
import {
  holderEvidence,
  pairMultiLock,
  parseLockView,
  type JournalWrite,
  type LockKey,
  type LockView,
} from '../../core';
import type { LockMonitor } from '../../cluster/lockMonitor';
import {
  LockConflictError,
  LockGoneError,
  LockPermissionError,
  MultiLockPartialWriteError,
} from '../../cluster/writeErrors';
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
import { finishQuestion, finishedMessage, partialMessage } from './multiLockFinish';
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

/** A write done from Lease Lens, for the timeline and the log. */
export interface WriteRecord {
  readonly key: LockKey;
  readonly context: string;
  readonly write: JournalWrite;
}

export class LockWrites implements vscode.Disposable {
  /** Replaceable: the extension-host tests answer the questions through it. */
  prompts: WritePrompts;
  private readonly running = new Set<LockKey>();
  private readonly written = new vscode.EventEmitter<WriteRecord>();
  /** A release or takeover was written, refused by a conflict, or failed after the operator said yes. */
  readonly onDidWrite = this.written.event;

  constructor(
    private readonly host: MonitorHost,
    private readonly permissions: WritePermissions,
    private readonly log: vscode.LogOutputChannel,
    prompts: WritePrompts = modalPrompts,
  ) {
    this.prompts = { ...prompts };
  }

  dispose(): void {
    this.written.dispose();
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
        message: vscode.l10n.t('A release or takeover of this lock is already waiting for an answer.'),
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
        vscode.l10n.t('Lease Lens does not know the lock {0}: it was deleted, or its context is not watched.', key),
        notify,
      );
    const view = before.view;

    // Do not ask a question whose answer cannot be carried out: for a MultiLock, on either half.
    const allowed = await this.permissions.check(key);
    if (allowed === false) return this.fail(notAllowedMessage(action, view), notify);
    const pair = monitor.store.snapshot(key)?.multiLock;
    const partner = pair === undefined ? undefined : view.kind === 'Lease' ? pair.primary : pair.secondary;
    if (partner !== undefined && (await this.permissions.check(partner.key)) === false)
      return this.fail(
        vscode.l10n.t(
          '{0} ({1} is one half of a MultiLock: both are written.)',
          notAllowedMessage(action, partner),
          lockName(view),
        ),
        notify,
      );

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
        vscode.l10n.t(
          '{0} has no resourceVersion, so a write could not be conflict-checked: nothing was written.',
          lockName(view),
        ),
        notify,
      );
    const seen: SeenLock = {
      view: s.lock.view,
      health: s.health,
      state: s.state,
      disconnected: s.connection.status === 'stale',
      multiLock: s.multiLock,
      candidates: s.candidates,
    };
    let shown = s.lock.view;
    let shownPair = seen.multiLock;
    let request: ConfirmRequest =
      action === 'release'
        ? releaseConfirmation(key, seen, seenRv, now)
        : takeOverConfirmation(key, seen, newHolder!, seenRv, now);

    for (;;) {
      if (!(await this.prompts.confirm(request))) return cancelled();
      const current = this.host.monitor ?? monitor;
      const options = { partnerResourceVersion: request.partnerResourceVersion };
      // Who is writing, asked alongside the write (once per context): for the record, not a gate.
      const user = current.userOf(key);
      const record = async (
        outcome: JournalWrite['outcome'],
        written: string | null,
        detail?: string,
      ): Promise<void> => {
        const who = await user;
        const write: JournalWrite = {
          at: Date.now(),
          action,
          user: who.user,
          userSource: who.source,
          before: holderOf(shown),
          after: action === 'release' ? '' : newHolder!,
          resourceVersion: seenRv!,
          writtenResourceVersion: written,
          outcome,
          ...(detail === undefined ? {} : { detail }),
        };
        this.log.info(writeLogLine(key, view, write));
        this.written.fire({ key, context: view.context, write });
      };
      try {
        this.log.info(
          `${action === 'release' ? 'releasing' : `taking over for ${newHolder}`}: ${lockName(view)} in context ${view.context}, resourceVersion ${seenRv}${options.partnerResourceVersion === undefined ? '' : ` (MultiLock: the other half at ${options.partnerResourceVersion})`}`,
        );
        const outcome =
          action === 'release'
            ? await current.release(key, seenRv, options)
            : await current.takeOver(key, newHolder!, seenRv, options);
        const message = doneMessage(action, shown, newHolder, shownPair);
        this.log.info(message);
        await record('written', resourceVersionOf(outcome.stored));
        if (notify) void vscode.window.showInformationMessage(message);
        return { ok: true, cancelled: false, message };
      } catch (error) {
        if (error instanceof MultiLockPartialWriteError) {
          await record('partial', resourceVersionOf(error.written.stored), error.message);
          return this.finish(action, key, view, error, newHolder, notify);
        }
        if (error instanceof LockConflictError) {
          const changed = changedViews(error, view.context);
          const mine = changed.find((c) => c.kind === view.kind);
          await record(
            'conflict',
            null,
            `changed before the write: now at resourceVersion ${mine?.resourceVersion ?? '?'}, held by ${mine?.holder ?? 'nobody'}; nothing written`,
          );
          if (mine === undefined || mine.resourceVersion === undefined) return this.fail(goneMessage(view), notify);
          const other = changed.find((c) => c.kind !== view.kind);
          this.log.info(
            `conflict: ${error.kind} ${error.namespace}/${error.lockName} is now at resourceVersion ${changed[0]?.resourceVersion ?? '?'} (held by ${changed[0]?.holder ?? 'nobody'}): nothing written, asking again`,
          );
          seenRv = mine.resourceVersion;
          shown = mine;
          shownPair = other === undefined ? undefined : pairMultiLock(mine, other);
          const again: SeenLock = {
            view: mine,
            health: undefined,
            disconnected: false,
            multiLock: shownPair,
            candidates: seen.candidates,
          };
          request =
            action === 'release'
              ? releaseConfirmation(key, again, seenRv, Date.now(), true)
              : takeOverConfirmation(key, again, newHolder!, seenRv, Date.now(), true);
          continue;
        }
        await record('failed', null, error instanceof Error ? error.message : String(error));
        if (error instanceof LockPermissionError)
          return this.fail(notAllowedMessage(action, view, error.verb, error.resource), notify);
        if (error instanceof LockGoneError) return this.fail(goneMessage(view), notify);
        return this.fail(
          action === 'release'
            ? vscode.l10n.t('Could not release {0}: {1}', lockName(view), errorText(error))
            : vscode.l10n.t('Could not take over {0}: {1}', lockName(view), errorText(error)),
          notify,
        );
      }
    }

    function cancelled(): WriteResult {
      return { ok: false, cancelled: true, message: vscode.l10n.t('Cancelled: nothing was written.') };
    }
  }

  /**
   * A MultiLock write stopped after its primary: say which half was written and which not, and
   * offer to finish (the primary's record into the Lease, checked against the Lease as shown now),
   * asking again after each conflict, never retrying on its own.
   */
  private async finish(
    action: WriteAction,
    key: LockKey,
    view: LockView,
    error: MultiLockPartialWriteError,
    newHolder: string | undefined,
    notify: boolean,
  ): Promise<WriteResult> {
    this.log.warn(error.message);
    let failure: Error = error.failure;
    for (;;) {
      const lease =
        failure instanceof LockConflictError && failure.current !== undefined
          ? parseLockView(failure.current, { context: view.context, kind: 'Lease' })
          : undefined;
      if (lease?.resourceVersion === undefined)
        return this.fail(partialMessage(action, error, failure, newHolder), notify);
      const request = finishQuestion(action, key, error, lease, newHolder, Date.now());
      if (!(await this.prompts.confirm(request)))
        return { ok: false, cancelled: true, message: partialMessage(action, error, failure, newHolder) };
      const monitor = this.host.monitor;
      if (monitor === undefined)
        return this.fail(vscode.l10n.t('Lease Lens is not connected: nothing more was written.'), notify);
      try {
        this.log.info(
          `finishing: writing the ${error.written.kind}'s record into ${lockName(lease)}, resourceVersion ${lease.resourceVersion}`,
        );
        const done = await monitor.finishMultiLock(key, lease.resourceVersion);
        const message = finishedMessage(action, error, newHolder);
        this.log.info(message);
        const who = await monitor.userOf(key);
        const write: JournalWrite = {
          at: Date.now(),
          action,
          user: who.user,
          userSource: who.source,
          before: holderOf(lease),
          after: action === 'release' ? '' : (newHolder ?? ''),
          resourceVersion: lease.resourceVersion,
          writtenResourceVersion: resourceVersionOf(done.stored),
          outcome: 'written',
          detail: `finished the MultiLock: ${lockName(lease)} written after ${error.written.kind} ${error.written.namespace}/${error.written.name}`,
        };
        this.log.info(writeLogLine(key, view, write));
        this.written.fire({ key, context: view.context, write });
        if (notify) void vscode.window.showInformationMessage(message);
        return { ok: true, cancelled: false, message };
      } catch (next) {
        if (next instanceof LockConflictError && next.kind === 'Lease') {
          failure = next;
          continue;
        }
        return this.fail(
          vscode.l10n.t(
            'Could not finish {0}: {1}. {2}',
            lockName(lease),
            errorText(next),
            partialMessage(action, error, failure, newHolder),
          ),
          notify,
        );
      }
    }
  }

  private fail(message: string, notify: boolean): WriteResult {
    this.log.warn(message);
    if (notify) void vscode.window.showErrorMessage(message);
    return { ok: false, cancelled: false, message };
  }
}

/** The holder as the timeline keeps it: '' vacant, null when it cannot be read. */
function holderOf(view: LockView): string | null {
  const held = holderEvidence(view);
  return held === 'held' ? (view.holder ?? '') : held === 'vacant' ? '' : null;
}

function resourceVersionOf(object: unknown): string | null {
  const rv = (object as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
  return typeof rv === 'string' ? rv : null;
}

/** One line of the output channel per write: context, lock, holders, versions, and who. */
export function writeLogLine(
  key: LockKey,
  view: Pick<LockView, 'kind' | 'namespace' | 'name' | 'context'>,
  w: JournalWrite,
): string {
  const holder = (h: string | null) => (h === null ? '(unreadable)' : h === '' ? '(nobody)' : h);
  const who = w.user === null ? `unknown user (${w.userSource})` : `${w.user} (${w.userSource})`;
  return `write: ${w.action === 'release' ? 'Release' : 'Take Over'} of ${lockName(view)} in context ${view.context} by ${who}: holder ${holder(w.before)} → ${holder(w.after)}, resourceVersion ${w.resourceVersion} → ${w.writtenResourceVersion ?? '(none)'}, ${w.outcome}${w.detail === undefined ? '' : ` (${w.detail})`} [${key}]`;
}

/** The objects a conflict carries (the one that changed, and a MultiLock's other half), as views. */
function changedViews(error: LockConflictError, context: string): LockView[] {
  const out: LockView[] = [];
  for (const [kind, current] of [
    [error.kind, error.current],
    [error.partner?.kind, error.partner?.current],
  ] as const) {
    if (kind === undefined || current === undefined) continue;
    const v = parseLockView(current, { context, kind });
    if (v !== undefined) out.push(v);
  }
  return out;
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
