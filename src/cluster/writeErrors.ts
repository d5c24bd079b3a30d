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
    super(`${kind} ${namespace}/${lockName} changed after you read it, so nothing was written`);
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
      `${written.kind} ${written.namespace}/${written.name} was written, but ${notWritten.kind} ${notWritten.namespace}/${notWritten.name} was not: ${failure.message}`,
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
    super(`you are not allowed to ${verb} ${resource} in namespace ${namespace}`);
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
    super(`${kind} ${namespace}/${lockName} no longer exists`);
  }
}
