import type { KubeTransport } from './kubeHttp';

/**
 * Reads Events with reason LeaderElection ("<id> became leader", "<id> stopped leading"): the
 * history of each lock from before the watch started (src/core parses them). One list for the
 * whole cluster, or one per namespace where the cluster-wide list is forbidden.
 */
export async function readLeaderEvents(transport: KubeTransport, namespaces?: readonly string[]): Promise<unknown[]> {
  const paths = namespaces
    ? namespaces.map((ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/events`)
    : ['/api/v1/events'];
  const out: unknown[] = [];
  for (const path of paths) {
    const list = (await transport.json(
      path,
      { query: { fieldSelector: 'reason=LeaderElection', limit: 2000 }, timeoutMs: 30_000 },
      'events',
    )) as { items?: unknown[] };
    for (const e of list.items ?? []) out.push(e);
  }
  return out;
}
