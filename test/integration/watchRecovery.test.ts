import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lockKey } from '../../src/core';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { monitorFixture } from '../support/monitorFixture';
import { TestCluster } from '../support/testCluster';
import { toolBinary } from '../support/toolPaths';
import { until } from '../support/until';

/**
 * These tests stop and restart their own API server (a second kube-testenv process over the same
 * directory, etcd data and port), so they do not disturb the shared cluster of the other tests.
 */
describe('watch recovery against a real API server that goes away and comes back', function () {
  this.timeout(180_000);
  let server: TestCluster | undefined;

  const t = monitorFixture('restart', {
    afterDispose: async () => {
      await server?.stop();
      server = undefined;
    },
  });

  async function lease(c: TestCluster, ns: string, name: string, holder: string): Promise<void> {
    await c.adminTransport().json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
      method: 'POST',
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name },
        spec: { holderIdentity: holder, leaseDurationSeconds: 3600 },
      },
    });
  }

  it('marks a context stale while its API server is down, then fresh again, with changes made meanwhile', async () => {
    server = await TestCluster.start({ dir: t.dir });
    const port = new URL(server.info.server).port;
    const ns = await server.createNamespace('restart');
    await lease(server, ns, 'before', 'holder-1');
    t.monitor = new LockMonitor({
      kubeconfig: { path: server.info.kubeconfig },
      contexts: [server.info.contexts.admin],
      watchKubeconfig: false,
      readEvents: false,
      watch: { backoffInitialMs: 200, backoffMaxMs: 1000 },
    });
    t.monitor.start();
    const ctx = server.info.contexts.admin;
    const before = lockKey(ctx, 'Lease', ns, 'before');
    await until('lock seen', 20_000, () => t.monitor!.store.get(before));
    assert.equal(t.monitor.store.connection(ctx).status, 'connected');
    assert.equal(t.monitor.store.health(before)?.status, 'fresh');

    await server.stop();
    await until('context marked stale', 20_000, () =>
      t.monitor!.store.connection(ctx).status === 'stale' ? true : undefined,
    );
    const whileDown = t.monitor.store.health(before);
    assert.equal(whileDown?.status, 'unknown', 'health claims nothing while disconnected');
    assert.equal(whileDown?.unknownReason, 'stale');
    assert.equal(t.monitor.statusOf(ctx)?.state, 'disconnected');

    // The same data, the same port, the same credentials: what a restarted control plane looks like.
    server = await TestCluster.start({ dir: t.dir, port: Number(port) });
    const after = lockKey(ctx, 'Lease', ns, 'after');
    await lease(server, ns, 'after', 'holder-2');
    await until('connected again', 60_000, () =>
      t.monitor!.store.connection(ctx).status === 'connected' ? true : undefined,
    );
    await until('the lock created after the restart appears', 20_000, () => t.monitor!.store.get(after));
    assert.equal(t.monitor.store.health(before)?.status, 'fresh');
  });

  it('resumes after a restart without missing an update and a delete made while it was away', async () => {
    server = await TestCluster.start({ dir: t.dir });
    const port = Number(new URL(server.info.server).port);
    const ns = await server.createNamespace('away');
    await lease(server, ns, 'updated', 'holder-1');
    await lease(server, ns, 'deleted', 'holder-1');
    await lease(server, ns, 'untouched', 'holder-1');
    const logs: string[] = [];
    t.monitor = new LockMonitor({
      kubeconfig: { path: server.info.kubeconfig },
      contexts: [server.info.contexts.admin],
      watchKubeconfig: false,
      readEvents: false,
      legacyLocks: false,
      watch: { backoffInitialMs: 200, backoffMaxMs: 1000 },
      log: (m) => logs.push(m),
    });
    t.monitor.start();
    const ctx = server.info.contexts.admin;
    const updated = lockKey(ctx, 'Lease', ns, 'updated');
    const deleted = lockKey(ctx, 'Lease', ns, 'deleted');
    await until('locks seen', 20_000, () => t.monitor!.store.get(deleted));

    // While the monitor's server is down, the same data changes through a server on another port
    // (no compaction: the resumed watch replays the changes rather than getting 410).
    await server.stop();
    await until('context marked stale', 20_000, () =>
      t.monitor!.store.connection(ctx).status === 'stale' ? true : undefined,
    );
    const elsewhere = await TestCluster.start({ dir: t.dir });
    const path = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;
    const current = (await elsewhere.adminTransport().json(`${path}/updated`)) as {
      metadata: unknown;
      spec: Record<string, unknown>;
    };
    await elsewhere.adminTransport().json(`${path}/updated`, {
      method: 'PUT',
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: current.metadata,
        spec: { ...current.spec, holderIdentity: 'holder-2' },
      },
    });
    await elsewhere.adminTransport().json(`${path}/deleted`, { method: 'DELETE' });
    await elsewhere.stop();
    assert.equal(t.monitor.store.get(updated)?.view.holder, 'holder-1', 'nothing seen while away');
    assert.ok(t.monitor.store.get(deleted), 'nothing removed while away');

    server = await TestCluster.start({ dir: t.dir, port });
    await until('connected again', 60_000, () =>
      t.monitor!.store.connection(ctx).status === 'connected' ? true : undefined,
    );
    await until('the update made while away is seen', 20_000, () =>
      t.monitor!.store.get(updated)?.view.holder === 'holder-2' ? true : undefined,
    );
    await until('the delete made while away is seen', 20_000, () =>
      t.monitor!.store.get(deleted) === undefined ? true : undefined,
    );
    assert.ok(t.monitor.store.get(lockKey(ctx, 'Lease', ns, 'untouched')), 'the untouched lock stays');
  });

  it('re-lists after 410 Gone when etcd was compacted past the watch, removing what was deleted meanwhile', async () => {
    server = await TestCluster.start({ dir: t.dir });
    const port = Number(new URL(server.info.server).port);
    const ns = await server.createNamespace('gone');
    await lease(server, ns, 'survivor', 'a');
    await lease(server, ns, 'doomed', 'b');
    const logs: string[] = [];
    t.monitor = new LockMonitor({
      kubeconfig: { path: server.info.kubeconfig },
      contexts: [server.info.contexts.admin],
      watchKubeconfig: false,
      readEvents: false,
      legacyLocks: false,
      watch: { backoffInitialMs: 200, backoffMaxMs: 1000 },
      log: (m) => logs.push(m),
    });
    t.monitor.start();
    const ctx = server.info.contexts.admin;
    const doomed = lockKey(ctx, 'Lease', ns, 'doomed');
    await until('locks seen', 20_000, () => t.monitor!.store.get(doomed));

    // Take the API server away; change things on a server over the same data but on another
    // port (the monitor cannot see it), compact etcd past the watch's resourceVersion, then bring
    // the server back where the monitor looks: its resumed watch gets 410 Gone.
    await server.stop();
    const elsewhere = await TestCluster.start({ dir: t.dir });
    await elsewhere
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/doomed`, { method: 'DELETE' });
    for (let i = 0; i < 5; i++) await lease(elsewhere, ns, `churn-${i}`, 'c');
    execFileSync(toolBinary('kube-testenv'), ['compact', '--etcd', elsewhere.info.etcd!], { stdio: 'pipe' });
    await elsewhere.stop();
    server = await TestCluster.start({ dir: t.dir, port });

    await until('the deleted lock disappears after the re-list', 60_000, () =>
      t.monitor!.store.get(doomed) === undefined ? true : undefined,
    );
    assert.ok(t.monitor.store.get(lockKey(ctx, 'Lease', ns, 'survivor')), 'the lock that still exists stays');
    assert.ok(t.monitor.store.get(lockKey(ctx, 'Lease', ns, 'churn-4')));
    assert.ok(
      logs.some((l) => /410|too old|listing again/.test(l)),
      `a re-list after 410 was logged: ${logs.slice(-8).join(' | ')}`,
    );
  });
});
