import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

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
export function loadKubeconfig(source: KubeconfigSource = {}): LoadedKubeconfig {
  const files = kubeconfigFiles(source);
  const problems: KubeconfigProblem[] = [];
  const merged = new KubeConfig();
  let currentContext: string | undefined;

  for (const file of files) {
    if (!existsSync(file)) {
      // A missing default file simply means "no cluster configured"; a missing explicit one is a mistake.
      if (source.path || files.length > 1) problems.push({ file, message: `kubeconfig file ${file} does not exist` });
      continue;
    }
    const one = new KubeConfig();
    try {
      one.loadFromFile(file);
    } catch (err) {
      problems.push({ file, message: `kubeconfig file ${file} could not be read: ${errorText(err)}. Fix the file; contexts from other files keep working.` });
      continue;
    }
    for (const c of one.getClusters()) if (!merged.getCluster(c.name)) merged.addCluster(c);
    for (const u of one.getUsers()) if (!merged.getUser(u.name)) merged.addUser(u);
    for (const c of one.getContexts()) if (!merged.getContextObject(c.name)) merged.addContext(c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }

  const contexts: KubeContext[] = [];
  for (const ctx of merged.getContexts()) {
    const cluster = merged.getCluster(ctx.cluster);
    if (!cluster) {
      problems.push({ context: ctx.name, message: `context ${ctx.name} names cluster "${ctx.cluster}", which no kubeconfig file defines` });
      continue;
    }
    if (ctx.user && !merged.getUser(ctx.user)) {
      problems.push({ context: ctx.name, message: `context ${ctx.name} names user "${ctx.user}", which no kubeconfig file defines` });
      continue;
    }
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [cluster],
      users: ctx.user ? [merged.getUser(ctx.user)] : [],
      contexts: [ctx],
      currentContext: ctx.name,
    });
    contexts.push({ name: ctx.name, cluster: cluster.name, server: cluster.server, user: ctx.user, namespace: ctx.namespace, kubeConfig });
  }
  if (currentContext && !contexts.some((c) => c.name === currentContext)) currentContext = contexts[0]?.name;
  return { contexts, currentContext: currentContext ?? contexts[0]?.name, files, problems };
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
