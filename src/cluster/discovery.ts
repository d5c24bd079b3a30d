import type { KubeTransport } from './kubeHttp';

/**
 * Finds the API version that serves LeaseCandidates (coordinated leader election, KEP-4355), if
 * any: v1 where it has graduated, else v1beta1, else v1alpha2/v1alpha1. Clusters that do not serve
 * it get no LeaseCandidate watch and no message about it.
 */
export async function leaseCandidateApiPath(transport: KubeTransport): Promise<string | undefined> {
  let group: { versions?: { groupVersion?: string; version?: string }[] };
  try {
    group = (await transport.json('/apis/coordination.k8s.io', { timeoutMs: 15_000 }, 'discovery')) as typeof group;
  } catch {
    return undefined;
  }
  const served = new Set(
    (group.versions ?? []).map((v) => v.version).filter((v): v is string => typeof v === 'string'),
  );
  for (const version of ['v1', 'v1beta1', 'v1alpha2', 'v1alpha1']) {
    if (!served.has(version)) continue;
    try {
      const list = (await transport.json(
        `/apis/coordination.k8s.io/${version}`,
        { timeoutMs: 15_000 },
        'discovery',
      )) as { resources?: { name?: string }[] };
      if ((list.resources ?? []).some((r) => r.name === 'leasecandidates'))
        return `/apis/coordination.k8s.io/${version}`;
    } catch {
      // A version that cannot be read is treated as not serving it.
    }
  }
  return undefined;
}
