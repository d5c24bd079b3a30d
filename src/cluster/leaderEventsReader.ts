import type { KubeTransport } from './kubeHttp';

/** A LeaderElection Event as the history needs it. */
export interface LeaderEventRecord {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly message: string;
  /** Milliseconds since the epoch (lastTimestamp, eventTime or creation time, whichever is set). */
  readonly time: number;
}

/**
 * Reads Events with reason LeaderElection ("<id> became leader", "<id> stopped leading"): the
 * history of each lock from before the watch started. One list for the whole cluster, or one per
 * namespace where the cluster-wide list is forbidden.
 */
export async function readLeaderEvents(transport: KubeTransport, namespaces?: readonly string[]): Promise<LeaderEventRecord[]> {
  const paths = namespaces ? namespaces.map((ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/events`) : ['/api/v1/events'];
  const out: LeaderEventRecord[] = [];
  for (const path of paths) {
    const list = (await transport.json(path, { query: { fieldSelector: 'reason=LeaderElection', limit: 2000 }, timeoutMs: 30_000 }, 'events')) as { items?: EventLike[] };
    for (const e of list.items ?? []) {
      const involved = e.involvedObject ?? e.regarding;
      const message = e.message ?? e.note;
      const when = Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '');
      if (!involved?.name || !involved.namespace || typeof message !== 'string' || Number.isNaN(when)) continue;
      out.push({ namespace: involved.namespace, kind: involved.kind ?? '', name: involved.name, message, time: when });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

interface EventLike {
  metadata?: { creationTimestamp?: string };
  involvedObject?: { kind?: string; namespace?: string; name?: string };
  regarding?: { kind?: string; namespace?: string; name?: string };
  message?: string;
  note?: string;
  lastTimestamp?: string;
  eventTime?: string;
}
