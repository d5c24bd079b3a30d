/**
 * Waits for the first JSON line (already printed or still to come) of a child process that
 * matches, the one loop behind processes.ts and demo/demoProcesses.ts. `waiters` is the set the
 * process calls on every new line and on exit; the messages say what went wrong in the caller's
 * words (with its own log or output tail).
 */
export function waitForJsonLine(options: {
  readonly lines: readonly Record<string, unknown>[];
  readonly waiters: Set<() => void>;
  readonly running: () => boolean;
  readonly match: (line: Record<string, unknown>) => boolean;
  readonly timeoutMs: number;
  readonly exitedFirst: () => Error;
  readonly notSeen: () => Error;
}): Promise<Record<string, unknown>> {
  const { lines, waiters, running, match, timeoutMs, exitedFirst, notSeen } = options;
  return new Promise((resolve, reject) => {
    let seen = 0;
    const check = () => {
      for (; seen < lines.length; seen++) {
        const l = lines[seen]!;
        if (match(l)) {
          done();
          resolve(l);
          return;
        }
      }
      if (!running()) {
        done();
        reject(exitedFirst());
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(notSeen());
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      waiters.delete(check);
    };
    waiters.add(check);
    check();
  });
}
