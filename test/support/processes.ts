import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitForJsonLine } from './jsonLineWait';

/**
 * Child processes started by tests (the API server, electors). Every one is killed when the test
 * process exits, however it exits, so a failing test never leaves a cluster behind.
 */
const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const p of live) {
      try {
        p.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

export interface JsonLineProcess {
  readonly child: ChildProcess;
  /** Every JSON line printed on stdout so far, in order. */
  readonly lines: Record<string, unknown>[];
  /** Non-JSON stdout and all stderr, for failure messages. */
  readonly text: string[];
  /** Resolves with the first line (already seen or future) that matches, or rejects after timeoutMs. */
  waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function spawnJsonLines(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): JsonLineProcess {
  hookExit();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  live.add(child);
  const lines: Record<string, unknown>[] = [];
  const text: string[] = [];
  const waiters = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      live.delete(child);
      resolve(code);
      for (const w of waiters) w();
    });
    child.on('error', (err) => {
      text.push(`could not start ${command}: ${err.message}`);
      live.delete(child);
      resolve(null);
      for (const w of waiters) w();
    });
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const parsed = JSON.parse(line) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        lines.push(parsed as Record<string, unknown>);
      else text.push(line);
    } catch {
      text.push(line);
    }
    for (const w of waiters) w();
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    text.push(line);
    if (text.length > 400) text.splice(0, text.length - 400);
  });

  const proc: JsonLineProcess = {
    child,
    lines,
    text,
    exited,
    waitFor(match, timeoutMs, what) {
      return waitForJsonLine({
        lines,
        waiters,
        running: () => child.exitCode === null && child.signalCode === null && live.has(child),
        match,
        timeoutMs,
        exitedFirst: () =>
          new Error(
            `${what}: ${command} exited (${child.exitCode ?? child.signalCode}) first. Last output:\n${text.slice(-15).join('\n')}`,
          ),
        notSeen: () =>
          new Error(
            `${what}: not seen within ${timeoutMs} ms. Last output of ${command}:\n${text.slice(-15).join('\n')}\nJSON lines: ${JSON.stringify(lines.slice(-5))}`,
          ),
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  return proc;
}
