import * as l10n from '@vscode/l10n';
import type { LockKind } from './lockResources';

/** Someone else wrote the lock after we read it (409). `current` is the object as it is now. */
export class LockConflictError extends Error {
  override readonly name = 'LockConflictError';
  constructor(
    readonly kind: LockKind,
    readonly namespace: string,
    readonly lockName: string,
    /** The object as re-read after the conflict, or undefined when it has since been deleted. */
    readonly current: unknown,
    /** For a MultiLock: its other half as read just before, so a new question can show both. */
    readonly partner?: { readonly kind: LockKind; readonly current: unknown },
  ) {
    super(l10n.t('{0} {1}/{2} changed after you read it, so nothing was written', kind, namespace, lockName));
  }
}

/** One half of a MultiLock, by kind and name. */
export interface LockHalf {
  readonly kind: LockKind;
  readonly namespace: string;
  readonly name: string;
}

/**
 * A MultiLock write that stopped between its halves: the primary (ConfigMap or Endpoints) was
 * written, the secondary Lease was not, so the halves may now disagree (client-go candidates then
 * read the holder as leaderelection.k8s.io/unknown). `failure` says why the Lease was not written;
 * after a conflict it carries the Lease as it is now, to offer finishing against it.
 */
export class MultiLockPartialWriteError extends Error {
  override readonly name = 'MultiLockPartialWriteError';
  constructor(
    readonly written: LockHalf & { readonly stored: unknown },
    readonly notWritten: LockHalf,
    readonly failure: Error,
  ) {
    super(
      l10n.t(
        '{0} was written, but {1} was not: {2}',
        `${written.kind} ${written.namespace}/${written.name}`,
        `${notWritten.kind} ${notWritten.namespace}/${notWritten.name}`,
        failure.message,
      ),
    );
  }
}

/** RBAC refused the write (403). */
export class LockPermissionError extends Error {
  override readonly name = 'LockPermissionError';
  constructor(
    readonly verb: string,
    readonly resource: string,
    readonly namespace: string,
    readonly serverMessage: string,
  ) {
    super(l10n.t('you are not allowed to {0} {1} in namespace {2}', verb, resource, namespace));
  }
}

/** The lock no longer exists (404). */
export class LockGoneError extends Error {
  override readonly name = 'LockGoneError';
  constructor(
    readonly kind: LockKind,
    readonly namespace: string,
    readonly lockName: string,
  ) {
    super(l10n.t('{0} {1}/{2} no longer exists', kind, namespace, lockName));
  }
}
