import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Credential plugins for tests: small shell scripts that speak the real ExecCredential protocol
 * (client.authentication.k8s.io/v1) the way `aws eks get-token` or `kubelogin` do, handing out real
 * ServiceAccount tokens that the test writes to a file. Each run appends a line to a runs file, and
 * what the plugin was given (KUBERNETES_EXEC_INFO, whether stdin was open) is written down, so a
 * test can count runs and check the protocol. Every process a plugin starts carries a marker in its
 * command line, so a test can tell whether any is left.
 */
export interface PluginFiles {
  readonly dir: string;
  /** The token the plugin hands out (write a new one to rotate). */
  readonly tokenFile: string;
  /** One line per run. */
  readonly runsFile: string;
  /** KUBERNETES_EXEC_INFO of the last run. */
  readonly infoFile: string;
  /** "closed" or "open" per run: whether stdin gave end-of-file at once. */
  readonly stdinFile: string;
  /** A number in the command line of every process the plugins start. */
  readonly marker: string;
}

/** Plugin files in a folder of their own under `parent` (a process is theirs if it names that folder). */
export function pluginFiles(parent: string): PluginFiles {
  const dir = join(parent, 'plugins');
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    tokenFile: join(dir, 'plugin-token'),
    runsFile: join(dir, 'plugin-runs'),
    infoFile: join(dir, 'plugin-exec-info'),
    stdinFile: join(dir, 'plugin-stdin'),
    marker: String(700000 + Math.floor(Math.random() * 99999)),
  };
}

export type PluginBehaviour =
  /** Prints the token, valid for `expiresInSeconds` (no expirationTimestamp when undefined). */
  | { readonly kind: 'token'; readonly expiresInSeconds?: number }
  /** Fails like an expired SSO session: a timestamped multi-line stderr, exit 255. */
  | { readonly kind: 'fail' }
  /** Never answers: prints a device-code prompt and waits, with a child process, for ever. */
  | { readonly kind: 'hang' };

/** Writes (or rewrites: a plugin can change behaviour mid-test) an executable plugin script. */
export function writePlugin(files: PluginFiles, name: string, behaviour: PluginBehaviour): string {
  const path = join(files.dir, name);
  const common = [
    '#!/bin/sh',
    `echo "run $$" >> '${files.runsFile}'`,
    `printf '%s' "$KUBERNETES_EXEC_INFO" > '${files.infoFile}'`,
    // With stdin closed (kubectl's non-interactive run) read gets end-of-file at once; with an open
    // pipe it would wait for ever: the test would then see the plugin time out.
    `if IFS= read -r _line; then echo open >> '${files.stdinFile}'; else echo closed >> '${files.stdinFile}'; fi`,
  ];
  let body: string[];
  switch (behaviour.kind) {
    case 'token':
      body = [
        `token=$(cat '${files.tokenFile}')`,
        behaviour.expiresInSeconds === undefined
          ? `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$token"`
          : `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$token" "$(date -u -d '+${behaviour.expiresInSeconds} seconds' +%Y-%m-%dT%H:%M:%SZ)"`,
      ];
      break;
    case 'fail':
      body = [
        `echo "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ) ERROR Token has expired and refresh failed" >&2`,
        `echo "$(date -u +%H:%M:%S.%N) run 'aws sso login' to sign in again" >&2`,
        'exit 255',
      ];
      break;
    case 'hang':
      body = [
        `echo "To sign in, open https://microsoft.com/devicelogin and enter the code LEASELENS" >&2`,
        `sleep ${files.marker} &`,
        'wait',
      ];
      break;
  }
  writeFileSync(path, [...common, ...body, ''].join('\n'));
  chmodSync(path, 0o755);
  return path;
}

/** How many times the plugins ran. */
export function pluginRuns(files: PluginFiles): number {
  if (!existsSync(files.runsFile)) return 0;
  return readFileSync(files.runsFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('run ')).length;
}

/** The live processes started by these plugins: the scripts (by directory) and their children (by marker). */
export function pluginProcesses(files: PluginFiles): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue; // Exited meanwhile.
    }
    if (cmdline === '') continue; // A zombie: already dead.
    if (cmdline.includes(files.dir) || cmdline.includes(`sleep ${files.marker}`)) found.push(`${pid}: ${cmdline}`);
  }
  return found;
}

/** A kubeconfig `user` section running `command` as an exec plugin. */
export function execUser(
  command: string,
  extra: {
    args?: string[];
    installHint?: string;
    interactiveMode?: string;
    env?: { name: string; value: string }[];
  } = {},
): Record<string, unknown> {
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command,
      args: extra.args ?? [],
      env: extra.env ?? [],
      interactiveMode: extra.interactiveMode ?? 'IfAvailable',
      ...(extra.installHint ? { installHint: extra.installHint } : {}),
    },
  };
}
