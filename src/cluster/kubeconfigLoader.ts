import * as l10n from '@vscode/l10n';
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ExecConfig } from './execCredentials';
import { userExtras, type UserExtras } from './kubeconfigUser';

/** One context of the user's kubeconfig, ready to talk to its cluster. */
export interface KubeContext {
  readonly name: string;
  readonly cluster: string;
  readonly server: string;
  readonly user: string;
  /** The context's own namespace (kubeconfig `namespace`), used as a fallback when lists are forbidden. */
  readonly namespace: string | undefined;
  /** A KubeConfig whose current context is this one: exec, OIDC and certificate auth included. */
  readonly kubeConfig: KubeConfig;
  /** The user's `tokenFile` (absolute), which client-node does not read. */
  readonly tokenFile?: string;
  /** The user's exec credential plugin, parsed (the command made absolute when it is a path). */
  readonly exec?: ExecConfig;
  /** Changes whenever anything the connection is built from changes (cluster, user, context). */
  readonly fingerprint?: string;
}

/** A kubeconfig file or context that could not be used, and why. The other contexts keep working. */
export interface KubeconfigProblem {
  readonly file?: string;
  readonly context?: string;
  readonly message: string;
}

export interface LoadedKubeconfig {
  readonly contexts: readonly KubeContext[];
  readonly currentContext: string | undefined;
  /** The files the contexts came from (watch them to reload). */
  readonly files: readonly string[];
  readonly problems: readonly KubeconfigProblem[];
}

export interface KubeconfigSource {
  /** An explicit kubeconfig path (the machine-scoped setting); empty means the default rules. */
  readonly path?: string;
  /** Environment to read KUBECONFIG and HOME from (defaults to process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/** One kubeconfig file, parsed: client-node's view and what client-node drops (tokenFile, typed exec). */
export interface ParsedKubeconfigFile {
  readonly config: KubeConfig;
  readonly users: ReadonlyMap<string, UserExtras>;
}

/** The last version of a kubeconfig file that parsed, and when it was read. */
export interface GoodKubeconfigFile extends ParsedKubeconfigFile {
  readonly readAt: number;
}

/**
 * Remembers, per file, the last version that parsed. A file that is half-written by an editor,
 * replaced by garbage or briefly missing then keeps its contexts (and their watches and locks)
 * instead of emptying the view; the problem says which version is still in use.
 */
export class LastGoodKubeconfigs {
  private readonly files = new Map<string, GoodKubeconfigFile>();
  constructor(private readonly clock: () => number = Date.now) {}
  remember(file: string, parsed: ParsedKubeconfigFile): void {
    this.files.set(file, { ...parsed, readAt: this.clock() });
  }
  get(file: string): GoodKubeconfigFile | undefined {
    return this.files.get(file);
  }
}

/**
 * The files that kubectl's default loading rules would read: every entry of KUBECONFIG, or
 * ~/.kube/config. An explicit path replaces them.
 */
export function kubeconfigFiles(source: KubeconfigSource = {}): string[] {
  if (source.path) return [source.path];
  const env = source.env ?? process.env;
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p.length > 0);
  if (fromEnv.length > 0) return [...new Set(fromEnv)];
  return [join(env.HOME ?? homedir(), '.kube', 'config')];
}

/**
 * Loads every context, file by file, so one broken file only costs its own contexts.
 * Merging follows kubectl: the first file to define a cluster, user, context or the current
 * context wins (client-node's loadFromDefault lets later files win and throws on duplicates).
 */
export function loadKubeconfig(source: KubeconfigSource = {}, lastGood?: LastGoodKubeconfigs): LoadedKubeconfig {
  const files = kubeconfigFiles(source);
  const problems: KubeconfigProblem[] = [];
  const merged = new KubeConfig();
  const extras = new Map<string, UserExtras>();
  let currentContext: string | undefined;

  for (const file of files) {
    const previous = lastGood?.get(file);
    /** The file went missing or bad: keep the version read before, and say so (`reason`: why it is not valid). */
    const keepPrevious = (reason?: string): ParsedKubeconfigFile | undefined => {
      if (!previous) return undefined;
      const at = clockTime(previous.readAt);
      problems.push({
        file,
        message:
          reason === undefined
            ? l10n.t(
                'kubeconfig {0} does not exist any more: still using the version read at {1} until it is fixed',
                file,
                at,
              )
            : l10n.t(
                'kubeconfig {0} is not valid ({1}): still using the version read at {2} until it is fixed',
                file,
                reason,
                at,
              ),
      });
      return previous;
    };
    let parsed: ParsedKubeconfigFile | undefined;
    if (!existsSync(file)) {
      parsed = keepPrevious();
      // A missing default file simply means "no cluster configured"; a missing explicit one is a mistake.
      if (!parsed && (source.path || files.length > 1))
        problems.push({ file, message: l10n.t('kubeconfig file {0} does not exist', file) });
      if (!parsed) continue;
    } else {
      try {
        parsed = parseKubeconfigFile(file);
        lastGood?.remember(file, parsed);
      } catch (err) {
        const reason = firstLine(errorText(err));
        parsed = keepPrevious(reason);
        if (!parsed) {
          problems.push({
            file,
            message: l10n.t(
              'kubeconfig file {0} could not be read: {1}. Fix the file; contexts from other files keep working.',
              file,
              reason,
            ),
          });
          continue;
        }
      }
    }
    const one = parsed.config;
    for (const c of one.getClusters()) if (!merged.getCluster(c.name)) merged.addCluster(c);
    for (const u of one.getUsers())
      if (!merged.getUser(u.name)) {
        merged.addUser(u);
        const extra = parsed.users.get(u.name);
        if (extra) extras.set(u.name, extra);
      }
    for (const c of one.getContexts()) if (!merged.getContextObject(c.name)) merged.addContext(c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }

  const contexts: KubeContext[] = [];
  for (const ctx of merged.getContexts()) {
    const cluster = merged.getCluster(ctx.cluster);
    if (!cluster) {
      problems.push({
        context: ctx.name,
        message: l10n.t('context {0} names cluster "{1}", which no kubeconfig file defines', ctx.name, ctx.cluster),
      });
      continue;
    }
    if (ctx.user && !merged.getUser(ctx.user)) {
      problems.push({
        context: ctx.name,
        message: l10n.t('context {0} names user "{1}", which no kubeconfig file defines', ctx.name, ctx.user),
      });
      continue;
    }
    const extra = ctx.user ? extras.get(ctx.user) : undefined;
    if (typeof extra?.exec === 'string') {
      problems.push({
        context: ctx.name,
        message: l10n.t('context {0}: {1}. Fix the kubeconfig.', ctx.name, extra.exec),
      });
      continue;
    }
    const user = ctx.user ? merged.getUser(ctx.user) : null;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [cluster],
      users: user ? [user] : [],
      contexts: [ctx],
      currentContext: ctx.name,
    });
    contexts.push({
      name: ctx.name,
      cluster: cluster.name,
      server: cluster.server,
      user: ctx.user,
      namespace: ctx.namespace,
      kubeConfig,
      tokenFile: extra?.tokenFile,
      exec: extra?.exec,
      fingerprint: JSON.stringify([cluster, user, ctx, extra ?? null]),
    });
  }
  if (currentContext && !contexts.some((c) => c.name === currentContext)) currentContext = contexts[0]?.name;
  return { contexts, currentContext: currentContext ?? contexts[0]?.name, files, problems };
}

function parseKubeconfigFile(file: string): ParsedKubeconfigFile {
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') throw new Error(l10n.t('the file is empty'));
  // client-node reads a file holding only a word or a list as a kubeconfig with nothing in it: the
  // contexts would vanish without a word. A kubeconfig is a mapping.
  const top: unknown = parseYaml(text, { uniqueKeys: false });
  if (top === null || typeof top !== 'object' || Array.isArray(top)) {
    throw new Error(
      Array.isArray(top)
        ? l10n.t('it is not a kubeconfig: its top level is a list, not a mapping')
        : top === null
          ? l10n.t('it is not a kubeconfig: its top level is empty, not a mapping')
          : l10n.t('it is not a kubeconfig: its top level is a {0}, not a mapping', typeof top),
    );
  }
  const one = new KubeConfig();
  one.loadFromString(text);
  // As loadFromFile does: certificate and key paths are relative to the file.
  one.makePathsAbsolute(dirname(file));
  return { config: one, users: userExtras(top, dirname(file)) };
}

/**
 * Only the first line of a parser's message: YAML errors go on to quote the lines around the
 * error, and in a kubeconfig those can hold a token or a client key.
 */
function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function clockTime(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
