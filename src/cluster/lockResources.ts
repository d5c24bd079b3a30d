/** Where each kind of lock lives in the API, for reads, watches and writes. */
import type { LockKind } from '../core';
export type { LockKind };

export interface LockResource {
  readonly kind: LockKind;
  readonly group: string;
  readonly apiPath: string;
  readonly resource: string;
}

export const LOCK_RESOURCES: Readonly<Record<LockKind, LockResource>> = {
  Lease: { kind: 'Lease', group: 'coordination.k8s.io', apiPath: '/apis/coordination.k8s.io/v1', resource: 'leases' },
  ConfigMap: { kind: 'ConfigMap', group: '', apiPath: '/api/v1', resource: 'configmaps' },
  Endpoints: { kind: 'Endpoints', group: '', apiPath: '/api/v1', resource: 'endpoints' },
};

export function objectPath(kind: LockKind, namespace: string, name: string): string {
  const r = LOCK_RESOURCES[kind];
  return `${r.apiPath}/namespaces/${encodeURIComponent(namespace)}/${r.resource}/${encodeURIComponent(name)}`;
}
