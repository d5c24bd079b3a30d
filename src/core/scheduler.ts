// Time and timers come in from outside, so that core stays pure and tests run on a fake clock.

/** Milliseconds since the epoch, on the caller's clock (Date.now in the extension). */
export type Clock = () => number;

/**
 * setTimeout-like. `{ setTimeout, clearTimeout }` of Node or the browser fits as it is; tests pass
 * a fake that runs callbacks when they advance a fake clock.
 */
export interface Scheduler {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Disposable {
  dispose(): void;
}
