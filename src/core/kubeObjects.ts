// The shapes of the Kubernetes objects core reads and writes, as the API's JSON has them. Every
// field is optional because input is untrusted: parsers take `unknown` and check each field, and
// these interfaces describe what mutations produce and what tests and callers build.
// Times are strings here; typed clients that turn them into Dates are accepted by the parsers.

export interface KubeObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  [field: string]: unknown;
}

export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number | null;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number | null;
  strategy?: string | null;
  preferredHolder?: string | null;
}

export interface LeaseObject extends KubeObject {
  spec?: LeaseSpec;
}

export interface ConfigMapObject extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export interface EndpointsObject extends KubeObject {
  subsets?: unknown[];
}

export interface LeaseCandidateSpec {
  leaseName?: string;
  binaryVersion?: string;
  emulationVersion?: string;
  strategy?: string;
  pingTime?: string | null;
  renewTime?: string | null;
}

export interface LeaseCandidateObject extends KubeObject {
  spec?: LeaseCandidateSpec;
}

export interface EventObject extends KubeObject {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
}

/** The annotation that holds the record on ConfigMap and Endpoints locks. */
export const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/** The label the API server puts on its identity Leases. */
export const APISERVER_IDENTITY_LABEL = 'apiserver.kubernetes.io/identity';

/** The namespace of node heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
