import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { lockKey, type LockKey } from '../../src/core';
import { seenPodOf, type HolderResolution } from '../../src/cluster/holderResolver';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { describeResolution } from '../../src/ui/shared/lockTooltip';
import { ElectorPool } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';

/**
 * Where a holder runs, resolved against the real API server. Without kubelets, pods and nodes are
 * written as plain objects (status included) the way a kubelet would report them: a Deployment's
 * pod, a kubeadm-style mirror pod of kube-scheduler on its node, a bare node; and a real client-go
 * elector with a `<hostname>_<uuid>` identity running outside the cluster, as the demo's real
 * kube-scheduler does.
 */
describe('Holder resolution against the real API server', function () {
  this.timeout(120_000);
  const pool = new ElectorPool();
  const monitors: LockMonitor[] = [];
  const cleanup: string[] = [];
  afterEach(async () => {
    await pool.stopAll();
    await Promise.all(monitors.splice(0).map((m) => m.dispose()));
    // Pods bound to nodes no kubelet runs on would stay Terminating: delete them at once.
    for (const path of cleanup.splice(0).reverse())
      await admin()
        .json(path, { method: 'DELETE', query: { gracePeriodSeconds: 0 } })
        .catch(() => undefined);
  });

  const admin = () => cluster().adminTransport();
  const suffix = () => Math.random().toString(36).slice(2, 8);

  function monitor(context = cluster().info.contexts.admin): LockMonitor {
    const m = new LockMonitor({
      kubeconfig: { path: cluster().info.kubeconfig },
      contexts: [context],
      watchKubeconfig: false,
      readEvents: false,
      legacyLocks: false,
    });
    monitors.push(m);
    m.start();
    return m;
  }

  async function lease(ns: string, name: string, holder: string): Promise<void> {
    await admin().json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
      method: 'POST',
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name },
        spec: {
          holderIdentity: holder,
          leaseDurationSeconds: 15,
          renewTime: new Date().toISOString().replace('Z', '000Z'),
        },
      },
    });
  }

  async function node(name: string, ready: boolean): Promise<void> {
    await admin().json('/api/v1/nodes', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } },
    });
    cleanup.push(`/api/v1/nodes/${name}`);
    await setNodeReady(name, ready);
  }

  async function setNodeReady(name: string, ready: boolean): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await admin().json(`/api/v1/nodes/${name}/status`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: ready ? 'True' : 'False',
              reason: ready ? 'KubeletReady' : 'KubeletNotReady',
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
          ],
        },
      },
    });
  }

  /** A pod bound to `nodeName`, reported Running and ready, as its kubelet would. */
  async function pod(
    ns: string,
    name: string,
    nodeName: string,
    extra: { hostNetwork?: boolean; labels?: Record<string, string>; annotations?: Record<string, string> } = {},
  ): Promise<void> {
    // No controller manager creates namespaces' default ServiceAccounts: the pod names none it needs.
    await admin()
      .json(`/api/v1/namespaces/${ns}/serviceaccounts`, {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
      })
      .catch(() => undefined);
    await admin().json(`/api/v1/namespaces/${ns}/pods`, {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: extra.labels, annotations: extra.annotations },
        spec: {
          nodeName,
          hostNetwork: extra.hostNetwork,
          automountServiceAccountToken: false,
          containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }],
        },
      },
    });
    cleanup.push(`/api/v1/namespaces/${ns}/pods/${name}`);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await admin().json(`/api/v1/namespaces/${ns}/pods/${name}/status`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: {
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
          containerStatuses: [
            {
              name: 'main',
              image: 'registry.k8s.io/pause:3.10',
              imageID: '',
              ready: true,
              restartCount: 1,
              started: true,
              state: { running: { startedAt: now } },
            },
          ],
        },
      },
    });
  }

  async function resolve(m: LockMonitor, key: LockKey, previous?: HolderResolution): Promise<HolderResolution> {
    await until('the lock is seen', 15_000, () => m.store.get(key));
    return m.resolveHolder(key, previous === undefined ? undefined : seenPodOf(previous, Date.now()));
  }

  it("finds a Deployment's pod named like the identity's hostname, with its state and its node's", async () => {
    const c = cluster();
    const ns = await c.createNamespace('resolve-pod');
    const nodeName = `worker-${suffix()}`;
    await node(nodeName, true);
    await pod(ns, 'checkout-7d9f8b6c5-x2kqp', nodeName, { labels: { app: 'checkout' } });
    await lease(ns, 'checkout-operator', `checkout-7d9f8b6c5-x2kqp_${randomUUID()}`);
    const m = monitor();
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'checkout-operator');
    const r = await resolve(m, key);
    assert.equal(r.kind, 'pod', describeResolution(r));
    assert.equal(
      describeResolution(r),
      `pod ${ns}/checkout-7d9f8b6c5-x2kqp (named like the hostname checkout-7d9f8b6c5-x2kqp) is Running and ready on node ${nodeName}, 1 restart`,
    );

    // The pod goes away: now, and only now, the holder is gone.
    await admin().json(`/api/v1/namespaces/${ns}/pods/checkout-7d9f8b6c5-x2kqp`, {
      method: 'DELETE',
      query: { gracePeriodSeconds: 0 },
    });
    await until('the pod is deleted', 15_000, async () =>
      (
        (await admin().json(`/api/v1/namespaces/${ns}/pods`, {
          query: { fieldSelector: 'metadata.name=checkout-7d9f8b6c5-x2kqp' },
        })) as {
          items: unknown[];
        }
      ).items.length === 0
        ? true
        : undefined,
    );
    const gone = await resolve(m, key, r);
    assert.equal(gone.kind, 'gone');
    assert.equal(
      describeResolution(gone),
      `pod ${ns}/checkout-7d9f8b6c5-x2kqp, found for this holder earlier, no longer exists: the holder is gone`,
    );
  });

  it("finds kube-scheduler's mirror pod on the node named by the hostname (kubeadm static pod), and says when the node is NotReady or the pod is being deleted", async () => {
    const c = cluster();
    const ns = await c.createNamespace('resolve-mirror');
    const nodeName = `cp-${suffix()}`;
    await node(nodeName, true);
    // Another host-network pod on the same node, not the component's.
    await pod('kube-system', `kube-proxy-${suffix()}`, nodeName, {
      hostNetwork: true,
      labels: { 'k8s-app': 'kube-proxy' },
    });
    await pod('kube-system', `kube-scheduler-${nodeName}`, nodeName, {
      hostNetwork: true,
      labels: { component: 'kube-scheduler', tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.mirror': 'c0ffee', 'kubernetes.io/config.source': 'file' },
    });
    await lease(ns, 'kube-scheduler', `${nodeName}_${randomUUID()}`);
    const m = monitor();
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'kube-scheduler');
    const r = await resolve(m, key);
    assert.equal(
      describeResolution(r),
      `static pod (mirror) kube-system/kube-scheduler-${nodeName} (on the node named like the hostname ${nodeName}) is Running and ready on node ${nodeName}, 1 restart`,
    );

    await setNodeReady(nodeName, false);
    assert.match(describeResolution(await resolve(m, key)), new RegExp(`on node ${nodeName}, which is NotReady`));

    // Deleted with a grace period and no kubelet to confirm: it stays, being deleted.
    await admin().json(`/api/v1/namespaces/kube-system/pods/kube-scheduler-${nodeName}`, { method: 'DELETE' });
    assert.match(describeResolution(await resolve(m, key)), /is Running, being deleted on node/);
  });

  it('finds the node when no pod of the component runs on it, and says the holder may run there outside Kubernetes', async () => {
    const c = cluster();
    const ns = await c.createNamespace('resolve-node');
    const nodeName = `vm-${suffix()}`;
    await node(nodeName, true);
    await lease(ns, 'kube-controller-manager', `${nodeName}_${randomUUID()}`);
    const m = monitor();
    const r = await resolve(m, lockKey(c.info.contexts.admin, 'Lease', ns, 'kube-controller-manager'));
    assert.equal(
      describeResolution(r),
      `node ${nodeName} (named like the hostname) is Ready; no pod of this lock's component was found on it: the holder may run there outside Kubernetes`,
    );
  });

  it('says what it looked for, not "gone", for a real elector running outside the cluster (identity <hostname>_<uuid>)', async () => {
    const c = cluster();
    const ns = await c.createNamespace('resolve-outside');
    // What the demo's real kube-scheduler writes: this machine's hostname (a DNS name on any real host).
    const machine = hostname().toLowerCase();
    const host = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(machine) ? machine : 'build-host';
    const elector = pool.start({
      kubeconfig: c.info.kubeconfig,
      context: c.info.contexts.admin,
      namespace: ns,
      name: 'kube-scheduler',
      identity: `${host}_${randomUUID()}`,
    });
    await elector.waitLeading(30_000);
    const m = monitor();
    const r = await resolve(m, lockKey(c.info.contexts.admin, 'Lease', ns, 'kube-scheduler'));
    assert.equal(r.kind, 'notFound', describeResolution(r));
    assert.equal(
      describeResolution(r),
      `no pod named ${host}, a host-network kube-scheduler pod on a node named ${host} or a node named ${host} in this cluster; the holder may run outside it`,
    );
  });

  it('says it could not look when the user may read neither pods nor nodes', async () => {
    const c = cluster();
    const ns = await c.createNamespace('resolve-ro');
    await lease(ns, 'lock', `web-0_${randomUUID()}`);
    const m = monitor(c.info.contexts.readonly);
    const r = await resolve(m, lockKey(c.info.contexts.readonly, 'Lease', ns, 'lock'));
    assert.equal(r.kind, 'unresolved');
    assert.match(
      describeResolution(r),
      /^not resolved: could not look for web-0: pods in resolve-ro.* \(not allowed to read them\)/,
    );
    assert.doesNotMatch(describeResolution(r), /gone/);
  });
});
