import { renameSync, writeFileSync } from 'node:fs';
import type { KubeTransport } from '../../src/cluster/kubeHttp';
import type { TestCluster } from './testCluster';

/** One context of a kubeconfig a test writes: a server (with its CA, or none) and a bearer token. */
export interface ContextSpec {
  readonly name: string;
  readonly server: string;
  readonly caData?: string;
  readonly token?: string;
  /** The whole `user` section instead of `{ token }` (exec plugins, tokenFile). */
  readonly user?: Readonly<Record<string, unknown>>;
  /** More fields of the `cluster` section (proxy-url, tls-server-name). */
  readonly cluster?: Readonly<Record<string, unknown>>;
  /** The user's name, when several contexts share one user. */
  readonly userName?: string;
  readonly namespace?: string;
}

/** A context on the test cluster's server and CA, with another token. */
export function onCluster(c: TestCluster, name: string, token: string): ContextSpec {
  const cl = c.admin.kubeConfig.getCurrentCluster();
  if (!cl) throw new Error('the test cluster kubeconfig has no cluster');
  return { name, server: cl.server, caData: cl.caData, token };
}

/** The kubeconfig text for these contexts (JSON, which is YAML). */
export function kubeconfigText(contexts: readonly ContextSpec[], current = contexts[0]?.name): string {
  return JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': current,
      clusters: contexts.map((c) => ({
        name: `${c.name}-cluster`,
        cluster: {
          server: c.server,
          ...(c.caData ? { 'certificate-authority-data': c.caData } : { 'insecure-skip-tls-verify': true }),
          ...c.cluster,
        },
      })),
      users: [
        ...new Map(
          contexts.map((c) => [
            c.userName ?? `${c.name}-user`,
            { name: c.userName ?? `${c.name}-user`, user: c.user ?? { token: c.token } },
          ]),
        ).values(),
      ],
      contexts: contexts.map((c) => ({
        name: c.name,
        context: {
          cluster: `${c.name}-cluster`,
          user: c.userName ?? `${c.name}-user`,
          ...(c.namespace ? { namespace: c.namespace } : {}),
        },
      })),
    },
    null,
    2,
  );
}

/** Replaces a file the way editors and kubectl do: write a sibling, rename over. */
export function replaceFile(path: string, content: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/**
 * A ServiceAccount in `namespace` allowed to read what Lease Lens reads, and a token for it from the
 * TokenRequest API: a real credential that stops working when the ServiceAccount is deleted.
 */
export async function readerServiceAccountToken(
  admin: KubeTransport,
  namespace: string,
  name: string,
): Promise<string> {
  await admin.json(`/api/v1/namespaces/${namespace}/serviceaccounts`, {
    method: 'POST',
    body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
  });
  const role = `lease-lens-reader-${namespace}-${name}`;
  await admin.json('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    method: 'POST',
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: role },
      rules: [
        {
          apiGroups: ['coordination.k8s.io'],
          resources: ['leases', 'leasecandidates'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: [''],
          resources: ['configmaps', 'endpoints', 'events', 'namespaces', 'pods'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    },
  });
  await admin.json('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    method: 'POST',
    body: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: role },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  });
  const req = (await admin.json(`/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
    method: 'POST',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  })) as { status?: { token?: string } };
  if (!req.status?.token) throw new Error(`TokenRequest for ${namespace}/${name} returned no token`);
  return req.status.token;
}

/** Creates (or replaces the spec of) a Lease with a long duration, so it stays fresh during a test. */
export async function putLease(admin: KubeTransport, ns: string, name: string, holder: string): Promise<void> {
  const path = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;
  const spec = {
    holderIdentity: holder,
    leaseDurationSeconds: 3600,
    renewTime: new Date().toISOString().replace('Z', '000Z'),
  };
  const res = await admin.send(`${path}/${name}`);
  if (res.status === 404) {
    await admin.json(path, {
      method: 'POST',
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec },
    });
    return;
  }
  const current = JSON.parse(res.text) as { metadata: unknown };
  await admin.json(`${path}/${name}`, {
    method: 'PUT',
    body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: current.metadata, spec },
  });
}

/** The user the API server authenticates this transport's requests as (a SelfSubjectReview). */
export { whoAmI } from '../../src/cluster/selfSubject';
