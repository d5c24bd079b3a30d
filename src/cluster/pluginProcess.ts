import { spawn, type ChildProcess } from 'node:child_process';

/**
 * One run of a credential plugin, in its own process group so that killing it (timeout,
 * dispose) also kills what it started: `aws` runs Python, `gke-gcloud-auth-plugin` runs
 * `gcloud`, login helpers start browsers and local servers. Stdin is closed, as kubectl leaves it
 * for a non-interactive run; stdout and stderr are captured (bounded).
 */

const MAX_STDOUT = 1024 * 1024;
const MAX_STDERR = 64 * 1024;
/** After the plugin exits, how long a child still holding its stdout may delay the result. */
const CLOSE_GRACE_MS = 1000;

export interface PluginExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class PluginProcess {
  /** Settles once the plugin has exited: with its output, or rejects when it could not start. */
  readonly exited: Promise<PluginExit>;
  private readonly child: ChildProcess;
  private done = false;

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, [...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A new process group (POSIX) so the whole tree can be killed; no console window (Windows).
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const child = this.child;
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (d: string) => {
      if (stdout.length < MAX_STDOUT) stdout += d;
    });
    child.stderr?.on('data', (d: string) => {
      if (stderr.length < MAX_STDERR) stderr += d;
    });
    this.exited = new Promise<PluginExit>((resolve, reject) => {
      let graceTimer: NodeJS.Timeout | undefined;
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.done) return;
        this.done = true;
        clearTimeout(graceTimer);
        child.stdout?.destroy();
        child.stderr?.destroy();
        resolve({ code, signal, stdout, stderr });
      };
      child.once('error', (err) => {
        if (this.done) return;
        this.done = true;
        reject(err);
      });
      // 'close' waits for stdout and stderr to end; a background child that inherited them could
      // hold them open for ever, so an exit is final after a short grace.
      child.once('exit', (code, signal) => {
        graceTimer = setTimeout(() => finish(code, signal), CLOSE_GRACE_MS);
      });
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => finish(code, signal));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Kills the plugin and everything in its process group. Safe to call more than once. */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    if (process.platform === 'win32') {
      // taskkill /T walks the tree; kill() alone would leave the children running.
      const killer = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      killer.on('error', () => this.child.kill('SIGKILL'));
      return;
    }
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is gone already (the plugin and its children exited).
    }
  }
}
