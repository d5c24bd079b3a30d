import { KubeHttpError, type KubeTransport } from './kubeHttp';

/** What a lock's holder identity names, as found in the cluster right now. */
export type HolderResolution =
  | {
      readonly kind: 'pod';
      readonly name: string;
      readonly namespace: string;
      readonly phase: string;
      readonly ready: boolean;
      readonly node: string | undefined;
      readonly restarts: number;
      readonly deleting: boolean;
    }
  | { readonly kind: 'node'; readonly name: string; readonly ready: boolean | undefined }
  | { readonly kind: 'gone'; readonly looked: string; readonly message: string }
  | { readonly kind: 'unresolved'; readonly message: string };

/**
 * client-go identities are usually the pod's hostname, often followed by "_" and a UUID
 * (`<hostname>_<uuid>`, as kube-scheduler and kube-controller-manager write them). This takes the
 * part before the last "_" when what follows looks like a UUID.
 */
export function podNameFromIdentity(identity: string): string {
  const m = /^(.*)_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.exec(identity);
  return m?.[1] ?? identity;
}

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Resolves on demand (one GET, never a cluster-wide pod watch) a holder identity to the Pod it
 * names in the lock's namespace, or for node heartbeats to the Node.
 */
export async function resolveHolder(
  transport: KubeTransport,
  holder: string,
  lockNamespace: string,
  isNodeHeartbeat: boolean,
): Promise<HolderResolution> {
  if (!holder) return { kind: 'unresolved', message: 'the lock has no holder' };
  const name = isNodeHeartbeat ? holder : podNameFromIdentity(holder);
  if (!DNS_NAME.test(name)) return { kind: 'unresolved', message: `"${name}" is not a pod or node name` };
  try {
    if (isNodeHeartbeat) {
      const node = (await transport.json(
        `/api/v1/nodes/${encodeURIComponent(name)}`,
        { timeoutMs: 15_000 },
        'resolve holder',
      )) as NodeLike;
      const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
      return { kind: 'node', name, ready: ready ? ready.status === 'True' : undefined };
    }
    const pod = (await transport.json(
      `/api/v1/namespaces/${encodeURIComponent(lockNamespace)}/pods/${encodeURIComponent(name)}`,
      { timeoutMs: 15_000 },
      'resolve holder',
    )) as PodLike;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const restarts = (pod.status?.containerStatuses ?? []).reduce(
      (n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0),
      0,
    );
    return {
      kind: 'pod',
      name,
      namespace: lockNamespace,
      phase: pod.status?.phase ?? 'Unknown',
      ready,
      node: pod.spec?.nodeName,
      restarts,
      deleting: Boolean(pod.metadata?.deletionTimestamp),
    };
  } catch (err) {
    if (err instanceof KubeHttpError && err.status === 404) {
      const looked = isNodeHeartbeat ? `node ${name}` : `pod ${lockNamespace}/${name}`;
      return { kind: 'gone', looked, message: `${looked} does not exist: the holder is gone` };
    }
    if (err instanceof KubeHttpError && err.status === 403) {
      return {
        kind: 'unresolved',
        message: `not allowed to read ${isNodeHeartbeat ? 'nodes' : `pods in ${lockNamespace}`}: ${err.message}`,
      };
    }
    return { kind: 'unresolved', message: err instanceof Error ? err.message : String(err) };
  }
}

interface Condition {
  type?: string;
  status?: string;
}
interface NodeLike {
  status?: { conditions?: Condition[] };
}
interface PodLike {
  metadata?: { deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: Condition[]; containerStatuses?: { restartCount?: number }[] };
}
