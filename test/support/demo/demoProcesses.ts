import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { waitForJsonLine } from '../jsonLineWait';

/**
 * The demo's processes. Each runs in its own process group (detached), so that a terminal's
 * Ctrl-C reaches only the demo, which then stops them in order (electors before the API server,
 * so nothing logs a storm of connection errors) and checks that none is left. Their output goes to
 * one log file per process under the demo's log folder; JSON lines on stdout are also parsed.
 */

export interface DemoProcess {
  readonly name: string;
  readonly command: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logFile: string;
  /** JSON lines printed on stdout so far (the last 200). */
  readonly lines: Record<string, unknown>[];
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
  readonly running: boolean;
  /** Resolves with the first JSON line (seen or future) that matches; rejects on exit or timeout. */
  waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Record<string, unknown>>;
  /** Calls listener with every later log line (stdout or stderr) that matches. */
  onText(match: RegExp, listener: (line: string) => void): void;
  signal(signal: NodeJS.Signals): void;
}

export interface SpawnOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** Stop order: lower stops first (electors 0, control plane 1, the API server 2). */
  readonly stopRank?: number;
}

export class ProcessSet {
  private readonly all = new Map<number, { proc: DemoProcess; rank: number; command: string }>();
  private readonly logs: WriteStream[] = [];
  private stopping = false;

  constructor(readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Process groups of everything started here that still runs (for the pid file). */
  groups(): PidEntry[] {
    return [...this.all.values()].filter((p) => p.proc.running).map((p) => ({ pid: p.proc.pid, marker: p.command }));
  }

  spawn(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): DemoProcess {
    if (this.stopping) throw new Error(`not starting ${name}: the demo is stopping`);
    const logFile = join(this.logDir, `${name}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    this.logs.push(log);
    log.write(`# ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, ...options.env },
    });
    const lines: Record<string, unknown>[] = [];
    const textListeners: { match: RegExp; listener: (line: string) => void }[] = [];
    const waiters = new Set<() => void>();
    let running = child.pid !== undefined;
    const exited = new Promise<number | string>((resolve) => {
      child.on('exit', (code, signal) => {
        running = false;
        log.write(`# ${new Date().toISOString()} exited ${code ?? signal}\n`);
        resolve(code ?? signal ?? 'unknown');
        for (const w of waiters) w();
      });
      child.on('error', (err) => {
        running = false;
        log.write(`# could not start: ${err.message}\n`);
        resolve(`could not start: ${err.message}`);
        for (const w of waiters) w();
      });
    });
    const onLine = (line: string, stdout: boolean) => {
      log.write(`${line}\n`);
      for (const t of textListeners) if (t.match.test(line)) t.listener(line);
      if (!stdout || !line.startsWith('{')) return;
      try {
        const parsed = JSON.parse(line) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
          lines.push(parsed as Record<string, unknown>);
          if (lines.length > 200) lines.splice(0, lines.length - 200);
          for (const w of waiters) w();
        }
      } catch {
        // not JSON: logged above
      }
    };
    createInterface({ input: child.stdout! }).on('line', (l) => onLine(l, true));
    createInterface({ input: child.stderr! }).on('line', (l) => onLine(l, false));

    const proc: DemoProcess = {
      name,
      command,
      child,
      pid: child.pid ?? -1,
      logFile,
      lines,
      exited,
      get running() {
        return running;
      },
      waitFor(match, timeoutMs, what) {
        // Lines may have been trimmed to the last 200: that only re-checks old lines.
        return waitForJsonLine({
          lines,
          waiters,
          running: () => running,
          match,
          timeoutMs,
          exitedFirst: () => new Error(`${what}: ${name} exited first (log: ${logFile})\n${tail(logFile, 12)}`),
          notSeen: () =>
            new Error(
              `${what}: not seen within ${Math.round(timeoutMs / 1000)} s (log: ${logFile})\n${tail(logFile, 12)}`,
            ),
        });
      },
      onText(match, listener) {
        textListeners.push({ match, listener });
      },
      signal(signal) {
        if (!running || child.pid === undefined) return;
        try {
          process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      },
    };
    this.all.set(proc.pid, { proc, rank: options.stopRank ?? 0, command });
    void exited.then(() => this.all.delete(proc.pid));
    return proc;
  }

  /**
   * Stops everything: SIGTERM by rank (each rank gets up to `graceMs` to exit), then SIGKILL to
   * whatever is left. Safe to call twice.
   */
  async stopAll(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    const ranks = [...new Set([...this.all.values()].map((p) => p.rank))].sort((a, b) => a - b);
    for (const rank of ranks) {
      const group = [...this.all.values()].filter((p) => p.rank === rank).map((p) => p.proc);
      for (const p of group) p.signal('SIGTERM');
      await Promise.race([Promise.all(group.map((p) => p.exited)), delay(graceMs)]);
      for (const p of group) p.signal('SIGKILL');
      await Promise.race([Promise.all(group.map((p) => p.exited)), delay(2_000)]);
    }
    await Promise.all(this.logs.map((l) => new Promise<void>((resolve) => l.end(resolve))));
  }

  /** Last resort when the demo's own process is exiting: SIGKILL every group, synchronously. */
  killAllNow(): void {
    this.stopping = true;
    for (const { proc } of this.all.values()) proc.signal('SIGKILL');
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function tail(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-n)
      .map((l) => `    ${l}`)
      .join('\n');
  } catch {
    return '';
  }
}

interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly comm: string;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may contain spaces: parse from the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    if (fields[0] === 'Z') return undefined;
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), comm };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/**
 * Every live process below `root` (children, grandchildren…, including detached ones), plus every
 * process in one of their process groups (a child re-parented to init when its parent died still
 * belongs to its group).
 */
export function descendants(root: number = process.pid): ProcInfo[] {
  const procs = allProcesses();
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const found = new Map<number, ProcInfo>();
  const walk = (pid: number) => {
    for (const c of byParent.get(pid) ?? []) {
      if (found.has(c.pid)) continue;
      found.set(c.pid, c);
      walk(c.pid);
    }
  };
  walk(root);
  const groups = new Set([...found.values()].map((p) => p.pgid).filter((g) => g !== readProc(root)?.pgid));
  for (const p of procs) if (groups.has(p.pgid) && p.pid !== root) found.set(p.pid, p);
  return [...found.values()];
}

/** Of these processes, the ones still alive (same pid, not a zombie). */
export function stillRunning(procs: readonly ProcInfo[]): ProcInfo[] {
  return procs.filter((p) => {
    const now = readProc(p.pid);
    return now !== undefined && now.comm === p.comm && now.pgid === p.pgid;
  });
}

/** Proportional set size (shared pages split between their users), in bytes; RSS where PSS is unreadable. */
export function memoryOf(procs: readonly ProcInfo[]): { bytes: number; byName: Map<string, number> } {
  let bytes = 0;
  const byName = new Map<string, number>();
  for (const p of procs) {
    let kb = 0;
    try {
      const rollup = readFileSync(`/proc/${p.pid}/smaps_rollup`, 'utf8');
      kb = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {
      try {
        kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        kb = 0;
      }
    }
    bytes += kb * 1024;
    byName.set(p.comm, (byName.get(p.comm) ?? 0) + kb * 1024);
  }
  return { bytes, byName };
}

/** A process group the demo started, and a string its command line contains (a pid may be reused). */
export interface PidEntry {
  readonly pid: number;
  readonly marker: string;
}

/**
 * A pid file naming the process groups of a running demo. A demo that was SIGKILLed (and so could
 * not stop its children) leaves it behind; the next demo stops those groups first, after checking
 * that each still runs what the demo started.
 */
/** The pid of a demo that still runs from this clone (its pid file names it), if any. */
export function runningDemo(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  try {
    const demo = (JSON.parse(readFileSync(pidFile, 'utf8')) as { demo?: number }).demo;
    if (demo === undefined || demo === process.pid) return undefined;
    return readFileSync(`/proc/${demo}/cmdline`, 'utf8').includes('runDemo') ? demo : undefined;
  } catch {
    return undefined;
  }
}

export function killLeftovers(pidFile: string): number {
  if (!existsSync(pidFile)) return 0;
  let entries: PidEntry[] = [];
  try {
    entries = (JSON.parse(readFileSync(pidFile, 'utf8')) as { groups?: PidEntry[] }).groups ?? [];
  } catch {
    entries = [];
  }
  let killed = 0;
  for (const { pid, marker } of entries) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (!cmdline.includes(marker)) continue;
    try {
      process.kill(-pid, 'SIGKILL');
      killed++;
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

export function writePidFile(pidFile: string, groups: readonly PidEntry[]): void {
  writeFileSync(pidFile, `${JSON.stringify({ demo: process.pid, groups })}\n`);
}
