import { isAbsolute, join, sep } from 'node:path';
import type { ExecConfig, InteractiveMode } from './execCredentials';

/**
 * The parts of a kubeconfig `users[].user` that @kubernetes/client-node 1.4 drops or does not
 * type, read from the file's own YAML: `tokenFile`, and `exec` as a typed value. Paths are made
 * absolute against the kubeconfig's directory as kubectl does (`tokenFile` always; the exec
 * command only when it contains a path separator, otherwise it is looked up on PATH).
 */
export interface UserExtras {
  readonly tokenFile: string | undefined;
  /** The exec section, parsed; a string says why it cannot be used. */
  readonly exec: ExecConfig | string | undefined;
}

/** Extras per user name, from a parsed kubeconfig document (first definition of a name wins). */
export function userExtras(top: unknown, dir: string): Map<string, UserExtras> {
  const out = new Map<string, UserExtras>();
  const users = (top as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return out;
  for (const entry of users) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, user } = entry as { name?: unknown; user?: unknown };
    if (typeof name !== 'string' || out.has(name) || typeof user !== 'object' || user === null) continue;
    const u = user as { tokenFile?: unknown; exec?: unknown };
    const tokenFile =
      typeof u.tokenFile === 'string' && u.tokenFile.trim() !== '' ? absolute(u.tokenFile.trim(), dir) : undefined;
    const exec = u.exec === undefined || u.exec === null ? undefined : parseExec(u.exec, name, dir);
    out.set(name, { tokenFile, exec });
  }
  return out;
}

function parseExec(raw: unknown, user: string, dir: string): ExecConfig | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return `the exec section of user ${user} is not a mapping`;
  const e = raw as Record<string, unknown>;
  const command = typeof e.command === 'string' ? e.command.trim() : '';
  if (command === '') return `the exec section of user ${user} names no command`;
  const apiVersion = typeof e.apiVersion === 'string' ? e.apiVersion.trim() : '';
  if (apiVersion === '') return `the exec section of user ${user} names no apiVersion`;
  const args = Array.isArray(e.args) ? e.args.map((a) => (typeof a === 'string' ? a : String(a))) : [];
  const env: { name: string; value: string }[] = [];
  if (Array.isArray(e.env)) {
    for (const v of e.env) {
      const { name, value } = (v ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name !== 'string' || name === '')
        return `the exec section of user ${user} has an env entry without a name`;
      env.push({ name, value: value === undefined || value === null ? '' : String(value) });
    }
  }
  const mode = e.interactiveMode;
  let interactiveMode: InteractiveMode | undefined;
  if (mode === 'Never' || mode === 'IfAvailable' || mode === 'Always') interactiveMode = mode;
  else if (mode !== undefined && mode !== null && mode !== '')
    return `the exec section of user ${user} has an unknown interactiveMode ${JSON.stringify(mode)} (Never, IfAvailable or Always)`;
  return {
    apiVersion,
    command: command.includes('/') || command.includes(sep) ? absolute(command, dir) : command,
    args,
    env,
    installHint: typeof e.installHint === 'string' ? e.installHint : undefined,
    interactiveMode,
    provideClusterInfo: e.provideClusterInfo === true,
  };
}

function absolute(path: string, dir: string): string {
  return isAbsolute(path) ? path : join(dir, path);
}
