import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockKey } from '../../src/core';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { setLeaseHolder } from '../support/lockObjects';
import { monitorFixture } from '../support/monitorFixture';
import { TestCluster } from '../support/testCluster';
import { toolBinary } from '../support/toolPaths';
import { until } from '../support/until';

/**
 * These tests stop and restart their own API server (a second kube-testenv process over the same
 * directory, etcd data and port), so they do not disturb the shared cluster of the other tests.
 */
/**
 * A monitor of the server's admin context that retries fast (200 ms to 1 s), reads no Events and no
 * legacy locks, and logs into `logs`: what each restart and restore test watches with.
 */
function recoveringMonitor(server: TestCluster, logs: string[]): LockMonitor {
  return new LockMonitor({
    kubeconfig: { path: server.info.kubeconfig },
    contexts: [server.info.contexts.admin],
    watchKubeconfig: false,
    readEvents: false,
    legacyLocks: false,
    watch: { backoffInitialMs: 200, backoffMaxMs: 1000 },
    log: (m) => logs.push(m),
  });
}

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
    t.monitor = recoveringMonitor(server, logs);
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

  it('re-lists after 410 Gone from the last resourceVersion it saw (NotOlderThan), never going back, removing what was deleted meanwhile', async () => {
    const audit = auditArgs(t.dir);
    server = await TestCluster.start({ dir: t.dir, apiServerArgs: audit.args });
    const port = Number(new URL(server.info.server).port);
    const ns = await server.createNamespace('gone');
    await lease(server, ns, 'survivor', 'a');
    await lease(server, ns, 'doomed', 'b');
    const logs: string[] = [];
    t.monitor = recoveringMonitor(server, logs);
    const ctx = server.info.contexts.admin;
    const survivor = lockKey(ctx, 'Lease', ns, 'survivor');
    const doomed = lockKey(ctx, 'Lease', ns, 'doomed');
    // Every state of `survivor` the store ever shows, in order.
    const shown: { rv: number; holder: string | undefined }[] = [];
    const unsubscribe = t.monitor.store.subscribe(() => {
      const v = t.monitor?.store.get(survivor)?.view;
      if (v?.resourceVersion !== undefined && shown.at(-1)?.rv !== Number(v.resourceVersion))
        shown.push({ rv: Number(v.resourceVersion), holder: v.holder });
    });
    t.monitor.start();
    await until('locks seen', 20_000, () => t.monitor!.store.get(doomed));
    await setLeaseHolder(server, ns, 'survivor', 'a2');
    const seenBefore = await until('the update is seen', 20_000, () => {
      const v = t.monitor!.store.get(survivor)?.view;
      return v?.holder === 'a2' ? Number(v.resourceVersion) : undefined;
    });

    // Take the API server away; change things on a server over the same data but on another
    // port (the t.monitor cannot see it), compact etcd past the watch's resourceVersion, then bring
    // the server back where the t.monitor looks: its resumed watch gets 410 Gone.
    await server.stop();
    const elsewhere = await TestCluster.start({ dir: t.dir });
    await elsewhere
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/doomed`, { method: 'DELETE' });
    await setLeaseHolder(elsewhere, ns, 'survivor', 'c');
    for (let i = 0; i < 5; i++) await lease(elsewhere, ns, `churn-${i}`, 'c');
    execFileSync(toolBinary('kube-testenv'), ['compact', '--etcd', elsewhere.info.etcd!], { stdio: 'pipe' });
    await elsewhere.stop();
    server = await TestCluster.start({ dir: t.dir, port, apiServerArgs: audit.args });

    await until('the deleted lock disappears after the re-list', 60_000, () =>
      t.monitor!.store.get(doomed) === undefined ? true : undefined,
    );
    unsubscribe.dispose();
    assert.ok(t.monitor.store.get(lockKey(ctx, 'Lease', ns, 'churn-4')));
    assert.equal(t.monitor.store.get(survivor)?.view.holder, 'c', 'the change made while away is shown');
    assert.ok(
      logs.some((l) => /410|too old|listing again/.test(l)),
      `a re-list after 410 was logged: ${logs.slice(-8).join(' | ')}`,
    );
    // What the API server was asked (its audit log): the first list from its watch cache
    // (resourceVersion=0), the re-list from what had been seen, never older.
    const lists = audit.leaseLists();
    assert.match(lists[0] ?? '', /[?&]resourceVersion=0(&|$)/, `the first list: ${lists.join(' | ')}`);
    const relists = lists.slice(1);
    assert.ok(relists.length > 0, `the API server was asked to re-list: ${lists.join(' | ')}`);
    for (const uri of relists) {
      const query = new URL(uri, 'https://x').searchParams;
      assert.equal(query.get('resourceVersionMatch'), 'NotOlderThan', `a re-list never older than seen: ${uri}`);
      assert.ok(Number(query.get('resourceVersion')) >= seenBefore, `from at least ${seenBefore}: ${uri}`);
    }
    // No state goes backwards: every resourceVersion the store showed is newer than the one before.
    for (let i = 1; i < shown.length; i++)
      assert.ok(shown[i]!.rv > shown[i - 1]!.rv, `shown in order: ${JSON.stringify(shown)}`);
    assert.deepEqual(
      shown.map((s) => s.holder).filter((h, i, all) => h !== all[i - 1]),
      ['a', 'a2', 'c'],
    );
  });

  it('on Refresh, reads the latest state (a consistent read) when the server is behind what it saw: etcd restored from an older backup', async () => {
    const audit = auditArgs(t.dir);
    server = await TestCluster.start({ dir: t.dir, apiServerArgs: audit.args });
    const port = Number(new URL(server.info.server).port);
    const dataDir = server.info.dataDir!;
    const ns = await server.createNamespace('restored');
    await lease(server, ns, 'kept', 'a');
    // A backup of etcd, taken with the server stopped.
    await server.stop();
    const backup = `${t.dir}/etcd-backup`;
    cpSync(dataDir, backup, { recursive: true });
    server = await TestCluster.start({ dir: t.dir, port, apiServerArgs: audit.args });

    const logs: string[] = [];
    t.monitor = recoveringMonitor(server, logs);
    t.monitor.start();
    const ctx = server.info.contexts.admin;
    // Writes after the backup, enough that the restored cluster stays behind what the t.monitor saw
    // while it reconnects (the API server's own Leases renew every 2 s there too).
    await lease(server, ns, 'lost', 'b');
    for (let i = 0; i < 40; i++) await setLeaseHolder(server, ns, 'lost', `b-${i}`);
    await until('the t.monitor saw the writes made after the backup', 20_000, () =>
      t.monitor!.store.get(lockKey(ctx, 'Lease', ns, 'lost'))?.view.holder === 'b-39' ? true : undefined,
    );

    // Restore: the same certificates, tokens and port, over the backup's older data.
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    cpSync(backup, dataDir, { recursive: true });
    server = await TestCluster.start({ dir: t.dir, port, apiServerArgs: audit.args });
    // The resumed watch asks for a resourceVersion the restored etcd has not reached: the server
    // holds it open and sends nothing (client-go's reflector sees the same). Refresh re-lists.
    await until('connected again', 60_000, () =>
      t.monitor!.store.connection(ctx).status === 'connected' ? true : undefined,
    );
    const listsBefore = audit.leaseLists().length;
    t.monitor.refresh();
    await until('the lock the restored cluster lacks disappears', 60_000, () =>
      t.monitor!.store.get(lockKey(ctx, 'Lease', ns, 'lost')) === undefined ? true : undefined,
    );
    assert.equal(t.monitor.store.get(lockKey(ctx, 'Lease', ns, 'kept'))?.view.holder, 'a');
    assert.ok(
      logs.some((l) => /reading the latest state instead/.test(l)),
      `the fallback was logged: ${logs.slice(-8).join(' | ')}`,
    );
    // The Refresh first asked for nothing older than what it had seen (the server, behind, said
    // "too large resource version"), then read the latest state (no resourceVersion).
    const lists = audit.leaseLists().slice(listsBefore);
    const query = (uri: string) => new URL(uri, 'https://x').searchParams;
    assert.equal(query(lists[0] ?? '').get('resourceVersionMatch'), 'NotOlderThan', lists.join(' | '));
    assert.ok(
      lists.slice(1).some((uri) => !query(uri).has('resourceVersion')),
      `then a consistent read: ${lists.join(' | ')}`,
    );
  });
});

/**
 * kube-apiserver flags that write an audit log of every list of Leases (the request URI shows
 * what was asked), and a reader for it. The same file across restarts of the server.
 */
function auditArgs(dir: string): { args: string[]; leaseLists(): string[] } {
  const policy = join(dir, 'audit-policy.yaml');
  const log = join(dir, 'audit.log');
  writeFileSync(
    policy,
    [
      'apiVersion: audit.k8s.io/v1',
      'kind: Policy',
      'omitStages: ["RequestReceived"]',
      'rules:',
      '- level: Metadata',
      '  verbs: ["list"]',
      '  resources: [{ group: coordination.k8s.io, resources: ["leases"] }]',
      '- level: None',
      '',
    ].join('\n'),
  );
  return {
    args: [`--audit-policy-file=${policy}`, `--audit-log-path=${log}`],
    leaseLists: () =>
      (existsSync(log) ? readFileSync(log, 'utf8') : '')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { requestURI: string; stage: string; user?: { username?: string } })
        // The monitor's own cluster-wide list, once per request.
        .filter(
          (e) => e.stage === 'ResponseComplete' && e.requestURI.startsWith('/apis/coordination.k8s.io/v1/leases?'),
        )
        .map((e) => e.requestURI),
  };
}
