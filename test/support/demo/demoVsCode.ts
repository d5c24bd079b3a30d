import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { remoteUri, startVsCodeServer, type VsCodeServer } from '../vscodeServer';

/**
 * Opens VS Code on the demo: VS Code desktop where there is one (`code` on PATH and a display),
 * otherwise the VS Code server (from code-server's npm package) on loopback, whose URL the demo
 * prints. Either way Lease Lens runs as the extension under development from the repository
 * (dist/, built by the demo), the kubeconfig comes from settings and KUBECONFIG, and the
 * samples/ folder is the workspace.
 */

export interface DemoVsCodeOptions {
  readonly repoRoot: string;
  readonly workspace: string;
  readonly kubeconfig: string;
  /** Where desktop VS Code keeps the demo's own profile. */
  readonly desktopProfile: string;
}

/** Settings of the demo's VS Code: the cluster, and the node heartbeats and API servers folded in. */
export function demoUserSettings(): Record<string, unknown> {
  return {
    'leaseLens.showNodeHeartbeats': true,
    'leaseLens.showApiServerLeases': true,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
  };
}

export interface OpenedVsCode {
  readonly kind: 'server' | 'desktop';
  /** What to open or look at, for the banner. */
  readonly where: string;
  readonly server?: VsCodeServer;
  stop(): Promise<void>;
}

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

export function desktopAvailable(): boolean {
  return Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']) && findOnPath('code') !== undefined;
}

export async function openVsCodeServer(o: DemoVsCodeOptions): Promise<OpenedVsCode> {
  const server = await startVsCodeServer({
    machineSettings: { 'leaseLens.kubeconfigPath': o.kubeconfig },
    userSettings: demoUserSettings(),
    env: { KUBECONFIG: o.kubeconfig },
  });
  const url = server.workbenchUrl(o.workspace, [
    ['extensionDevelopmentPath', remoteUri(o.repoRoot)],
    ['skipWelcome', 'true'],
  ]);
  return { kind: 'server', where: url, server, stop: () => server.stop() };
}

/**
 * VS Code desktop with its own profile (user data folder), so it is a separate instance that the
 * demo can stop, and the user's own windows are left alone. The `code` launcher detaches the
 * window from the demo, so it is found again by that profile folder on its command line.
 */
export async function openVsCodeDesktop(o: DemoVsCodeOptions): Promise<OpenedVsCode> {
  const code = findOnPath('code');
  if (!code) throw new Error('`code` is not on PATH');
  const settingsFile = join(o.desktopProfile, 'User', 'settings.json');
  mkdirSync(join(o.desktopProfile, 'User'), { recursive: true });
  writeFileSync(
    settingsFile,
    `${JSON.stringify({ ...demoUserSettings(), 'leaseLens.kubeconfigPath': o.kubeconfig }, null, 2)}\n`,
  );
  const child = spawn(
    code,
    ['--new-window', '--user-data-dir', o.desktopProfile, `--extensionDevelopmentPath=${o.repoRoot}`, o.workspace],
    {
      stdio: 'ignore',
      detached: true,
      env: { ...process.env, KUBECONFIG: o.kubeconfig },
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    setTimeout(resolve, 5_000).unref();
  });
  return {
    kind: 'desktop',
    where: `VS Code desktop (profile ${o.desktopProfile})`,
    async stop() {
      for (const pid of processesMentioning(o.desktopProfile)) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // gone
        }
      }
      await new Promise((r) => setTimeout(r, 1_500));
      for (const pid of processesMentioning(o.desktopProfile)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    },
  };
}

/** Processes whose command line contains this text (our own profile folder: nobody else's). */
function processesMentioning(text: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}
