// What the operator is told when a MultiLock write stopped between its halves (the ConfigMap or
// Endpoints written, the Lease not), and the question that offers to finish: the primary's record
// written into the Lease too, so the halves agree again. Free of `vscode`.

import * as l10n from '@vscode/l10n';
import { displayText, UNKNOWN_LEADER, type LockKey, type LockView } from '../../core';
import {
  LockConflictError,
  LockGoneError,
  LockPermissionError,
  type MultiLockPartialWriteError,
} from '../../cluster/writeErrors';
import { holderPhrase, lockName, type ConfirmRequest, type WriteAction } from './writeConfirmation';

/** "<written> was released, but <not written> was not" */
function halfWritten(action: WriteAction, newHolder: string | undefined, written: string, notWritten: string): string {
  return action === 'release'
    ? l10n.t('{0} was released, but {1} was not', written, notWritten)
    : l10n.t('{0} was taken over for {1}, but {2} was not', written, displayText(newHolder ?? '?'), notWritten);
}

function why(failure: Error): string {
  if (failure instanceof LockConflictError) return l10n.t('it changed after you read it');
  if (failure instanceof LockPermissionError)
    return l10n.t(
      'you may not {0} {1} in namespace {2} (ask a cluster admin for that permission, then write again)',
      failure.verb,
      failure.resource,
      failure.namespace,
    );
  if (failure instanceof LockGoneError) return l10n.t('it no longer exists');
  return failure.message;
}

const disagree = () =>
  l10n.t(
    'The halves may now disagree: client-go candidates then read the holder as {0} until both are written again.',
    UNKNOWN_LEADER,
  );

/** "ConfigMap ns/x was released, but Lease ns/x was not: <why>. The halves may now disagree…" */
export function partialMessage(
  action: WriteAction,
  error: MultiLockPartialWriteError,
  failure: Error,
  newHolder: string | undefined,
): string {
  return l10n.t(
    '{0}: {1}. {2}',
    halfWritten(action, newHolder, lockName(error.written), lockName(error.notWritten)),
    why(failure),
    disagree(),
  );
}

/** The question after a conflict on the Lease: write the primary's record into it, as it is now? */
export function finishQuestion(
  action: WriteAction,
  key: LockKey,
  error: MultiLockPartialWriteError,
  lease: LockView,
  newHolder: string | undefined,
  now: number,
): ConfirmRequest {
  const record =
    action === 'release' ? l10n.t('nobody holds it') : l10n.t('{0} holds it', displayText(newHolder ?? '?'));
  return {
    action,
    key,
    seenResourceVersion: lease.resourceVersion ?? '',
    message: l10n.t(
      '{0}: it changed after you read it and is now {1}. Finish by writing the Lease too?',
      halfWritten(action, newHolder, lockName(error.written), lockName(lease)),
      holderPhrase(lease, now),
    ),
    detail: [
      disagree(),
      l10n.t(
        'Finish writes the record {0} holds now ({1}) into {2}, checked against its resourceVersion {3}: if it changes again first, nothing is written and you are asked again. Cancel leaves the halves as they are.',
        lockName(error.written),
        record,
        lockName(lease),
        lease.resourceVersion ?? '?',
      ),
      l10n.t(
        'Someone wrote the Lease meanwhile, probably a running holder renewing it: finishing takes it from them, as the write you confirmed would have.',
      ),
    ].join('\n\n'),
    button: l10n.t('Finish'),
    risky: true,
    retry: true,
    finish: true,
    ...(newHolder === undefined ? {} : { newHolder }),
  };
}

export function finishedMessage(
  action: WriteAction,
  error: MultiLockPartialWriteError,
  newHolder: string | undefined,
): string {
  return action === 'release'
    ? l10n.t(
        'Finished: {0} now holds the record of {1} too, so both halves say that nobody holds the lock.',
        lockName(error.notWritten),
        lockName(error.written),
      )
    : l10n.t(
        'Finished: {0} now holds the record of {1} too, so both halves say {2} holds it.',
        lockName(error.notWritten),
        lockName(error.written),
        displayText(newHolder ?? '?'),
      );
}
