// Lock objects the tests write to the real API server directly, as a client-go elector would
// leave them: a MultiLock's two halves, and a Lease renewed by someone else.
import type { TestCluster } from './testCluster';

export const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/** A MultiLock as a client-go 1.23 elector leaves it: one record in a ConfigMap's annotation and in the Lease. */
export async function createStaticMultiLock(c: TestCluster, ns: string, name: string, holder: string): Promise<void> {
  const t = c.adminTransport();
  // An hour old, so the record itself says it ran out; the seconds form client-go 1.23 writes.
  const seconds = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const record = {
    holderIdentity: holder,
    leaseDurationSeconds: 15,
    acquireTime: seconds,
    renewTime: seconds,
    leaderTransitions: 2,
  };
  await t.json(`/api/v1/namespaces/${ns}/configmaps`, {
    method: 'POST',
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, annotations: { [LEADER_ANNOTATION]: JSON.stringify(record) } },
    },
  });
  const micro = seconds.replace('Z', '.000000Z');
  await t.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
    method: 'POST',
    body: {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: 15,
        acquireTime: micro,
        renewTime: micro,
        leaseTransitions: 2,
      },
    },
  });
}

/** Someone else writes the Lease: `holder` renews it now (an update at the resourceVersion read). */
export async function setLeaseHolder(c: TestCluster, ns: string, name: string, holder: string): Promise<void> {
  const t = c.adminTransport();
  const path = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`;
  const lease = (await t.json(path)) as { metadata: unknown; spec: Record<string, unknown> };
  await t.json(path, {
    method: 'PUT',
    body: {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: lease.metadata,
      spec: { ...lease.spec, holderIdentity: holder, renewTime: new Date().toISOString().replace('Z', '000Z') },
    },
  });
}
