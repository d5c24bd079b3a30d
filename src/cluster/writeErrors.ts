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
  ) {
    super(`${kind} ${namespace}/${lockName} changed after you read it, so nothing was written`);
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
