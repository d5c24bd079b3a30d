import * as l10n from '@vscode/l10n';
import { KubeHttpError, type KubeTransport } from './kubeHttp';

/**
 * Where a lock's holder runs, as found in the cluster right now, and how it was found. Every
 * answer says what was looked at: a holder identity is a hostname (`<hostname>_<uuid>` for
 * client-go components), and a hostname names a pod only by convention, so nothing here is
 * stated as more than what was seen.
 */
export type HolderResolution =
  | {
      readonly kind: 'pod';
      /** podName: a pod named like the hostname (Deployments, StatefulSets: hostname = pod name).
       *  hostNetwork: a host-network pod of the lock's component on the node the hostname names
       *  (static and mirror pods such as kubeadm's kube-scheduler-<node>). */
      readonly how: 'podName' | 'hostNetwork';
      readonly hostname: string;
      readonly name: string;
      readonly namespace: string;
      readonly uid: string | undefined;
      readonly phase: string;
      readonly ready: boolean;
      readonly node: string | undefined;
      /** Ready condition of the pod's node; undefined when unknown (not readable, no condition). */
      readonly nodeReady: boolean | undefined;
      readonly restarts: number;
      readonly deleting: boolean;
      readonly mirror: boolean;
      /** Other pods that also matched (same name in other namespaces, several component pods). */
      readonly others: readonly string[];
      /** What could not be checked (RBAC), as phrases. */
      readonly unchecked: readonly string[];
    }
  | {
      readonly kind: 'node';
      /** heartbeat: the lock is the node's own heartbeat Lease. hostname: a node named like the
       *  hostname, with no pod of the component found on it. */
      readonly how: 'heartbeat' | 'hostname';
      readonly hostname: string;
      readonly name: string;
      readonly ready: boolean | undefined;
      /** Host-network pods on the node that are not the lock's component (names). */
      readonly hostNetworkPods: readonly string[];
      readonly unchecked: readonly string[];
    }
  | {
      /** A pod seen before with this identity's hostname no longer exists. */
      readonly kind: 'gone';
      readonly hostname: string;
      readonly looked: string;
      readonly seenAt: number;
      readonly message: string;
    }
  | {
      /** Nothing in the cluster matches: what was looked for. */
      readonly kind: 'notFound';
      readonly hostname: string;
      readonly looked: readonly string[];
      readonly unchecked: readonly string[];
      readonly message: string;
    }
  | { readonly kind: 'unresolved'; readonly message: string };

/** A pod found earlier for the same holder: only then can a pod be called gone. */
export interface SeenPod {
  readonly hostname: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  readonly at: number;
}

/**
 * client-go identities of real components are `<hostname>_<uuid>`; others are often the hostname
 * alone. This takes the part before the last "_" when what follows is a UUID.
 */
export function hostnameFromIdentity(identity: string): string {
  const m = /^(.*)_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(identity);
  return m?.[1] ?? identity;
}

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

interface ResolveOptions {
  readonly holder: string;
  readonly lockNamespace: string;
  /** The lock's name: the component whose static pod to look for (kube-scheduler…). */
  readonly lockName: string;
  readonly isNodeHeartbeat: boolean;
  /** The pod found for this holder before, if any. */
  readonly previous?: SeenPod;
  readonly now?: number;
}

/**
 * Resolves on demand (a few GETs and field-selected lists, never a pod watch), trying what is true
 * in real clusters, in order:
 *  1. a pod named like the hostname, in the lock's namespace, then in any namespace;
 *  2. a host-network pod of the lock's component on the node the hostname names (static pods:
 *     their hostname is the node's; kubeadm's mirror pods are `<component>-<node>` in kube-system
 *     with the label component=<component>);
 *  3. the node itself (node heartbeats go straight here).
 * A found pod comes with its node's readiness. Nothing found says what was looked for; "gone" only
 * when a pod seen earlier for the same holder (`previous`) no longer exists.
 */
export async function resolveHolder(transport: KubeTransport, options: ResolveOptions): Promise<HolderResolution> {
  const { holder, lockNamespace, lockName, isNodeHeartbeat } = options;
  if (!holder) return { kind: 'unresolved', message: l10n.t('the lock has no holder') };
  const hostname = isNodeHeartbeat ? holder : hostnameFromIdentity(holder);
  if (!DNS_NAME.test(hostname))
    return { kind: 'unresolved', message: l10n.t('"{0}" is not a name a pod or node can have', hostname) };
  const ask = new Asker(transport);
  try {
    if (isNodeHeartbeat) {
      const node = await ask.get<NodeLike>(`/api/v1/nodes/${encodeURIComponent(hostname)}`, l10n.t('nodes'));
      if (node !== undefined)
        return {
          kind: 'node',
          how: 'heartbeat',
          hostname,
          name: hostname,
          ready: nodeReady(node),
          hostNetworkPods: [],
          unchecked: ask.unchecked,
        };
      return notFound(hostname, [l10n.t('a node named {0}', hostname)], ask.unchecked, () =>
        l10n.t('no node named {0} in this cluster', hostname),
      );
    }

    // 1. A pod named like the hostname.
    const inNamespace = await ask.get<PodLike>(
      `/api/v1/namespaces/${encodeURIComponent(lockNamespace)}/pods/${encodeURIComponent(hostname)}`,
      l10n.t('pods in {0}', lockNamespace),
    );
    const named =
      inNamespace !== undefined
        ? [inNamespace]
        : await ask.list<PodLike>(`/api/v1/pods`, `metadata.name=${hostname}`, l10n.t('pods in all namespaces'));
    if (named.length > 0) return podResolution('podName', hostname, named[0]!, named.slice(1), ask);

    // 2. A host-network pod of the component on the node named by the hostname.
    const onNode = (
      await ask.list<PodLike>(`/api/v1/pods`, `spec.nodeName=${hostname}`, l10n.t('pods in all namespaces'))
    ).filter((p) => p.spec?.hostNetwork === true);
    const component = onNode.filter((p) => isComponentPod(p, lockName, hostname));
    if (component.length > 0) return podResolution('hostNetwork', hostname, component[0]!, component.slice(1), ask);

    // The pod found for this holder before is not there any more: that, and only that, is gone.
    const previous = options.previous;
    if (previous !== undefined && previous.hostname === hostname && !ask.uncheckedAny) {
      const looked = l10n.t('pod {0}/{1}', previous.namespace, previous.name);
      return {
        kind: 'gone',
        hostname,
        looked,
        seenAt: previous.at,
        message: l10n.t('{0}, found for this holder earlier, no longer exists', looked),
      };
    }

    // 3. The node itself.
    const node = await ask.get<NodeLike>(`/api/v1/nodes/${encodeURIComponent(hostname)}`, l10n.t('nodes'));
    if (node !== undefined)
      return {
        kind: 'node',
        how: 'hostname',
        hostname,
        name: hostname,
        ready: nodeReady(node),
        hostNetworkPods: onNode.map(podName),
        unchecked: ask.unchecked,
      };
    if (ask.checked === 0)
      return {
        kind: 'unresolved',
        message: l10n.t('could not look for {0}: {1}', hostname, ask.unchecked.join(', ')),
      };
    return notFound(
      hostname,
      [
        l10n.t('a pod named {0}', hostname),
        l10n.t('a host-network {0} pod on a node named {1}', lockName, hostname),
        l10n.t('a node named {0}', hostname),
      ],
      ask.unchecked,
      () =>
        l10n.t(
          'no pod named {0}, a host-network {1} pod on a node named {0} or a node named {0} in this cluster',
          hostname,
          lockName,
        ),
    );
  } catch (err) {
    return { kind: 'unresolved', message: err instanceof Error ? err.message : String(err) };
  }
}

/** The pod a resolution found, to remember for a later `previous`. */
export function seenPodOf(r: HolderResolution, at: number): SeenPod | undefined {
  return r.kind === 'pod' ? { hostname: r.hostname, namespace: r.namespace, name: r.name, uid: r.uid, at } : undefined;
}

/**
 * A host-network pod is the component's when it is named `<component>-<node>` (kubeadm's static
 * pods, as mirror pods) or labelled with the component's name (component=, k8s-app=, app=,
 * app.kubernetes.io/name=).
 */
export function isComponentPod(pod: PodLike, component: string, node: string): boolean {
  if (pod.metadata?.name === `${component}-${node}`) return true;
  const labels = pod.metadata?.labels ?? {};
  return ['component', 'k8s-app', 'app', 'app.kubernetes.io/name'].some((l) => labels[l] === component);
}

async function podResolution(
  how: 'podName' | 'hostNetwork',
  hostname: string,
  pod: PodLike,
  others: readonly PodLike[],
  ask: Asker,
): Promise<HolderResolution> {
  const nodeName = pod.spec?.nodeName;
  const node =
    nodeName === undefined
      ? undefined
      : await ask.get<NodeLike>(`/api/v1/nodes/${encodeURIComponent(nodeName)}`, l10n.t('nodes'));
  const restarts = (pod.status?.containerStatuses ?? []).reduce(
    (n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0),
    0,
  );
  return {
    kind: 'pod',
    how,
    hostname,
    name: pod.metadata?.name ?? hostname,
    namespace: pod.metadata?.namespace ?? '',
    uid: pod.metadata?.uid,
    phase: pod.status?.phase ?? 'Unknown',
    ready: pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
    node: nodeName,
    nodeReady: node === undefined ? undefined : nodeReady(node),
    restarts,
    deleting: Boolean(pod.metadata?.deletionTimestamp),
    mirror: pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined,
    others: others.map(podName),
    unchecked: ask.unchecked,
  };
}

function notFound(
  hostname: string,
  looked: readonly string[],
  unchecked: readonly string[],
  none: () => string,
): HolderResolution {
  return {
    kind: 'notFound',
    hostname,
    looked,
    unchecked,
    message:
      unchecked.length > 0
        ? l10n.t('{0} (not checked: {1}); the holder may run outside it', none(), unchecked.join(', '))
        : l10n.t('{0}; the holder may run outside it', none()),
  };
}

function nodeReady(node: NodeLike): boolean | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  return ready === undefined ? undefined : ready.status === 'True';
}

function podName(p: PodLike): string {
  return `${p.metadata?.namespace ?? '?'}/${p.metadata?.name ?? '?'}`;
}

/** GETs and lists where 404 means "not there" and 403 means "could not check" (remembered). */
class Asker {
  readonly unchecked: string[] = [];
  /** Questions answered (found or not found), as opposed to refused. */
  checked = 0;
  constructor(private readonly transport: KubeTransport) {}

  get uncheckedAny(): boolean {
    return this.unchecked.length > 0;
  }

  async get<T>(path: string, what: string): Promise<T | undefined> {
    try {
      const found = (await this.transport.json(path, { timeoutMs: 15_000 }, 'resolve holder')) as T;
      this.checked++;
      return found;
    } catch (err) {
      if (err instanceof KubeHttpError && err.status === 404) {
        this.checked++;
        return undefined;
      }
      if (err instanceof KubeHttpError && err.status === 403) {
        this.forbidden(what);
        return undefined;
      }
      throw err;
    }
  }

  async list<T>(path: string, fieldSelector: string, what: string): Promise<T[]> {
    try {
      const list = (await this.transport.json(
        path,
        { query: { fieldSelector, limit: 50 }, timeoutMs: 15_000 },
        'resolve holder',
      )) as { items?: T[] };
      this.checked++;
      return list.items ?? [];
    } catch (err) {
      if (err instanceof KubeHttpError && err.status === 403) {
        this.forbidden(what);
        return [];
      }
      throw err;
    }
  }

  private forbidden(what: string): void {
    const phrase = l10n.t('{0} (not allowed to read them)', what);
    if (!this.unchecked.includes(phrase)) this.unchecked.push(phrase);
  }
}

interface Condition {
  type?: string;
  status?: string;
}
interface NodeLike {
  status?: { conditions?: Condition[] };
}
export interface PodLike {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: { nodeName?: string; hostNetwork?: boolean };
  status?: { phase?: string; conditions?: Condition[]; containerStatuses?: { restartCount?: number }[] };
}
