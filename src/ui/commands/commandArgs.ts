// What a lock command was invoked with: a tree item (context menu, inline action), a lock key (the
// hover's command links, the status bar, tests, other extensions), or nothing (the palette, which
// then asks). Anything else is ignored rather than trusted. Free of `vscode`.

import { parseLockKey, type LockKey } from '../../core';

/** The lock key an argument names, or undefined when it names none. */
export function lockKeyArgument(arg: unknown): LockKey | undefined {
  if (typeof arg === 'string') return parseLockKey(arg) === undefined ? undefined : arg;
  if (typeof arg === 'object' && arg !== null && 'lockKey' in arg) {
    const key = (arg as { lockKey: unknown }).lockKey;
    return typeof key === 'string' && parseLockKey(key) !== undefined ? key : undefined;
  }
  return undefined;
}
