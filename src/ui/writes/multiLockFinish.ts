// What the operator is told when a MultiLock write stopped between its halves (the ConfigMap or
// Endpoints written, the Lease not), and the question that offers to finish: the primary's record
// written into the Lease too, so the halves agree again. Free of `vscode`.

import { displayText, UNKNOWN_LEADER, type LockKey, type LockView } from '../../core';
import {
  LockConflictError,
  LockGoneError,
  LockPermissionError,
  type MultiLockPartialWriteError,
} from '../../cluster/writeErrors';
import { holderPhrase, lockName, type ConfirmRequest, type WriteAction } from './writeConfirmation';

function did(action: WriteAction, newHolder: string | undefined): string {
  return action === 'release' ? 'released' : `taken over for ${displayText(newHolder ?? '?')}`;
}

function why(failure: Error): string {
  if (failure instanceof LockConflictError) return 'it changed after you read it';
  if (failure instanceof LockPermissionError)
    return `you may not ${failure.verb} ${failure.resource} in namespace ${failure.namespace} (ask a cluster admin for that permission, then write again)`;
  if (failure instanceof LockGoneError) return 'it no longer exists';
  return failure.message;
}

const DISAGREE = `The halves may now disagree: client-go candidates then read the holder as ${UNKNOWN_LEADER} until both are written again.`;

/** "ConfigMap ns/x was released, but Lease ns/x was not: <why>. The halves may now disagree…" */
export function partialMessage(
  action: WriteAction,
  error: MultiLockPartialWriteError,
  failure: Error,
  newHolder: string | undefined,
): string {
  return `${lockName(error.written)} was ${did(action, newHolder)}, but ${lockName(error.notWritten)} was not: ${why(failure)}. ${DISAGREE}`;
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
  const record = action === 'release' ? 'nobody holds it' : `${displayText(newHolder ?? '?')} holds it`;
  return {
    action,
    key,
    seenResourceVersion: lease.resourceVersion ?? '',
    message: `${lockName(error.written)} was ${did(action, newHolder)}, but ${lockName(lease)} was not: it changed after you read it and is now ${holderPhrase(lease, now)}. Finish by writing the Lease too?`,
    detail: [
      DISAGREE,
      `Finish writes the record ${lockName(error.written)} holds now (${record}) into ${lockName(lease)}, checked against its resourceVersion ${lease.resourceVersion ?? '?'}: if it changes again first, nothing is written and you are asked again. Cancel leaves the halves as they are.`,
      `Someone wrote the Lease meanwhile, probably a running holder renewing it: finishing takes it from them, as the write you confirmed would have.`,
    ].join('\n\n'),
    button: 'Finish',
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
  return `Finished: ${lockName(error.notWritten)} now holds the record of ${lockName(error.written)} too, so both halves say ${action === 'release' ? 'that nobody holds the lock' : `${displayText(newHolder ?? '?')} holds it`}.`;
}
