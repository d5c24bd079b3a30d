import assert from 'node:assert/strict';
import { lockKey, parseLock, type LockKey, type LockView } from '../../src/core';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { LEADER_ANNOTATION } from '../../src/cluster/lockWriter';
import { LockConflictError, LockPermissionError } from '../../src/cluster/writeErrors';
import { ElectorPool } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';

interface LeaseLike {
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
  spec?: { holderIdentity?: string; leaseTransitions?: number; leaseDurationSeconds?: number };
  data?: Record<string, string>;
}

describe('LockMonitor: live locks and conflict-checked writes against the real API server', function () {
  this.timeout(120_000);
  const pool = new ElectorPool();
  const monitors: LockMonitor[] = [];
  afterEach(async () => {
    await pool.stopAll();
    await Promise.all(monitors.splice(0).map((m) => m.dispose()));
  });

  function monitor(context = cluster().info.contexts.admin): LockMonitor {
    const m = new LockMonitor({
      kubeconfig: { path: cluster().info.kubeconfig },
      contexts: [context],
      watchKubeconfig: false,
      readEvents: false,
    });
    monitors.push(m);
    m.start();
    return m;
  }

  const view = (m: LockMonitor, key: LockKey): LockView | undefined => m.store.get(key)?.view;

  async function createLease(ns: string, name: string, holder: string, leaseDurationSeconds = 30): Promise<void> {
    const now = new Date().toISOString().replace('Z', '000Z');
    await cluster()
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
        method: 'POST',
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name },
          spec: { holderIdentity: holder, leaseDurationSeconds, acquireTime: now, renewTime: now, leaseTransitions: 3 },
        },
      });
  }

  it('releases a lock whose holder crashed, and a real standby takes over within about one retry period', async () => {
    const c = cluster();
    const ns = await c.createNamespace('mon-release');
    const m = monitor();
    const opts = {
      kubeconfig: c.info.kubeconfig,
      context: c.info.contexts.admin,
      namespace: ns,
      name: 'stuck',
      leaseDuration: '60s',
      renewDeadline: '40s',
      retryPeriod: '1s',
    };
    const dead = pool.start({ ...opts, identity: 'dead-leader' });
    await dead.waitLeading(30_000);
    await dead.kill();
    const standby = pool.start({ ...opts, identity: 'standby' });
    await standby.process.waitFor((l) => l.event === 'started' || l.event === 'new-leader', 15_000, 'standby started');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'stuck');
    const seen = await until('the store holds the stuck lock', 10_000, () =>
      view(m, key)?.holder === 'dead-leader' ? view(m, key) : undefined,
    );

    const releasedAt = Date.now();
    const outcome = await m.release(key, seen.resourceVersion!);
    assert.equal(outcome.record.holderIdentity, '');
    assert.equal(outcome.record.leaseDurationSeconds, 1);
    await standby.waitLeading(10_000);
    // One retry period (1 s) plus client-go's jitter (up to 1.2 × retry period) and scheduling.
    assert.ok(
      Date.now() - releasedAt < 1000 + 1200 + 1000,
      `standby led ${Date.now() - releasedAt} ms after the release, instead of waiting out the 60 s lease`,
    );
    await until('the store shows the standby as holder', 5_000, () =>
      view(m, key)?.holder === 'standby' ? true : undefined,
    );
  });

  it('takes over to a real candidate: that candidate leads and the displaced leader stops leading', async () => {
    const c = cluster();
    const ns = await c.createNamespace('mon-takeover');
    const m = monitor();
    const opts = {
      kubeconfig: c.info.kubeconfig,
      context: c.info.contexts.admin,
      namespace: ns,
      name: 'lock',
      leaseDuration: '8s',
      renewDeadline: '6s',
      retryPeriod: '1s',
    };
    const a = pool.start({ ...opts, identity: 'cand-a' });
    await a.waitLeading(30_000);
    const b = pool.start({ ...opts, identity: 'cand-b' });
    await b.process.waitFor((l) => l.event === 'started' || l.event === 'new-leader', 15_000, 'cand-b started');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'lock');
    // The leader renews every second: a write may lose a race with a renewal, which is a conflict to show, not to retry blindly.
    let outcome;
    for (let attempt = 0; attempt < 5 && !outcome; attempt++) {
      const seen = await until('lock seen', 10_000, () => view(m, key));
      try {
        outcome = await m.takeOver(key, 'cand-b', seen.resourceVersion!);
      } catch (err) {
        if (!(err instanceof LockConflictError)) throw err;
      }
    }
    assert.ok(outcome, 'the takeover went through within five operator attempts');
    assert.equal(outcome.record.holderIdentity, 'cand-b');
    await b.waitLeading(15_000);
    await a.waitStoppedLeading(15_000);
    await until('the store shows cand-b', 5_000, () => (view(m, key)?.holder === 'cand-b' ? true : undefined));
  });

  it('lets exactly one of two concurrent takeovers win; the other gets a conflict naming the winner', async () => {
    const c = cluster();
    const ns = await c.createNamespace('mon-race');
    await createLease(ns, 'contested', 'old-holder');
    const m1 = monitor();
    const m2 = monitor();
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'contested');
    const seen1 = await until('window 1 sees the lock', 10_000, () => view(m1, key));
    const seen2 = await until('window 2 sees the lock', 10_000, () => view(m2, key));
    assert.equal(seen1.resourceVersion, seen2.resourceVersion);
    const results = await Promise.allSettled([
      m1.takeOver(key, 'operator-1', seen1.resourceVersion!),
      m2.takeOver(key, 'operator-2', seen2.resourceVersion!),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1, 'exactly one takeover succeeds');
    assert.equal(lost.length, 1);
    const err = lost[0]!.reason as unknown;
    assert.ok(err instanceof LockConflictError, `the loser gets a typed conflict, got ${String(err)}`);
    const winner = results[0]!.status === 'fulfilled' ? 'operator-1' : 'operator-2';
    const current = parseLock(err.current, { context: c.info.contexts.admin });
    assert.equal(
      current.type === 'lock' ? current.lock.holder : undefined,
      winner,
      'the conflict carries the winner as the current holder',
    );
    const lease = (await c
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/contested`)) as LeaseLike;
    assert.equal(lease.spec?.holderIdentity, winner);
    assert.equal(lease.spec?.leaseTransitions, 4, 'one transition, not two');
  });

  it('refuses a stale view: a write carrying an old resourceVersion changes nothing', async () => {
    const c = cluster();
    const ns = await c.createNamespace('mon-stale');
    await createLease(ns, 'lock', 'holder-1');
    const m = monitor();
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'lock');
    const seen = await until('lock seen', 10_000, () => view(m, key));
    const admin = c.adminTransport();
    const lease = (await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/lock`)) as LeaseLike;
    lease.spec = { ...lease.spec, holderIdentity: 'holder-2' };
    await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/lock`, { method: 'PUT', body: lease });
    await assert.rejects(m.release(key, seen.resourceVersion!), (err: unknown) => err instanceof LockConflictError);
    const after = (await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/lock`)) as LeaseLike;
    assert.equal(after.spec?.holderIdentity, 'holder-2', 'the newer holder was not clobbered');
  });

  it('tells the read-only user beforehand that release is not allowed, and the write is refused with a typed permission error', async () => {
    const c = cluster();
    const ns = await c.createNamespace('mon-ro');
    await createLease(ns, 'lock', 'someone');
    const ro = monitor(c.info.contexts.readonly);
    const admin = monitor();
    const roKey = lockKey(c.info.contexts.readonly, 'Lease', ns, 'lock');
    const adminKey = lockKey(c.info.contexts.admin, 'Lease', ns, 'lock');
    const seen = await until('read-only user sees the lock', 10_000, () => view(ro, roKey));
    await until('admin sees the lock', 10_000, () => view(admin, adminKey));
    assert.equal((await ro.permissions(roKey)).canWrite, false);
    assert.equal((await admin.permissions(adminKey)).canWrite, true);
    await assert.rejects(
      ro.release(roKey, seen.resourceVersion!),
      (err: unknown) =>
        err instanceof LockPermissionError &&
        err.verb === 'update' &&
        err.resource === 'leases' &&
        err.namespace === ns,
    );
  });

  it('releases a legacy ConfigMap lock by patching only its annotation: data and other annotations stay', async () => {
    const c = cluster();
    const ns = await c.createNamespace('mon-cm');
    const record = JSON.stringify({
      holderIdentity: 'legacy-holder',
      leaseDurationSeconds: 15,
      acquireTime: '2026-01-01T00:00:00Z',
      renewTime: '2026-01-01T00:00:10Z',
      leaderTransitions: 2,
    });
    await c.adminTransport().json(`/api/v1/namespaces/${ns}/configmaps`, {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'legacy', annotations: { [LEADER_ANNOTATION]: record, 'example.com/keep': 'me' } },
        data: { config: 'keep-this' },
      },
    });
    const m = monitor();
    const key = lockKey(c.info.contexts.admin, 'ConfigMap', ns, 'legacy');
    const seen = await until('ConfigMap lock seen', 10_000, () => view(m, key));
    assert.equal(seen.holder, 'legacy-holder');
    await m.release(key, seen.resourceVersion!);
    const cm = (await c.adminTransport().json(`/api/v1/namespaces/${ns}/configmaps/legacy`)) as LeaseLike;
    const written = JSON.parse(cm.metadata.annotations![LEADER_ANNOTATION]!) as {
      holderIdentity: string;
      leaderTransitions: number;
      leaseDurationSeconds: number;
    };
    assert.deepEqual([written.holderIdentity, written.leaderTransitions, written.leaseDurationSeconds], ['', 2, 1]);
    assert.equal(cm.metadata.annotations!['example.com/keep'], 'me');
    assert.deepEqual(cm.data, { config: 'keep-this' });
    await until('the store shows the lock vacant', 5_000, () =>
      view(m, key)?.holder === undefined && view(m, key)?.record?.holderIdentity === '' ? true : undefined,
    );
  });

  it('previews a write with a server-side dry run that stores nothing', async () => {
    const c = cluster();
    const ns = await c.createNamespace('mon-dry');
    await createLease(ns, 'lock', 'keeper');
    const m = monitor();
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'lock');
    const seen = await until('lock seen', 10_000, () => view(m, key));
    const outcome = await m.release(key, seen.resourceVersion!, { dryRun: true });
    assert.equal((outcome.stored as LeaseLike).spec?.holderIdentity, '');
    const lease = (await c
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/lock`)) as LeaseLike;
    assert.equal(lease.spec?.holderIdentity, 'keeper');
  });

  it('never puts a token in its log or in the errors it throws', async () => {
    const c = cluster();
    const info = c.info as typeof c.info & { adminToken?: string; readonlyToken?: string };
    const tokens = [info.adminToken, info.readonlyToken].filter(
      (t): t is string => typeof t === 'string' && t.length > 0,
    );
    assert.equal(tokens.length, 2, 'kube-testenv reports both tokens');
    const ns = await c.createNamespace('mon-tokens');
    await createLease(ns, 'lock', 'someone');
    const logs: string[] = [];
    const errors: string[] = [];
    const make = (context: string) => {
      const m = new LockMonitor({
        kubeconfig: { path: c.info.kubeconfig },
        contexts: [context],
        watchKubeconfig: false,
        log: (line) => logs.push(line),
      });
      monitors.push(m);
      m.start();
      return m;
    };
    const admin = make(c.info.contexts.admin);
    const ro = make(c.info.contexts.readonly);
    const adminKey = lockKey(c.info.contexts.admin, 'Lease', ns, 'lock');
    const roKey = lockKey(c.info.contexts.readonly, 'Lease', ns, 'lock');
    const seen = await until('admin sees the lock', 10_000, () => view(admin, adminKey));
    const roSeen = await until('read-only sees the lock', 10_000, () => view(ro, roKey));
    // A write, a conflict, a refusal and a missing lock: every path that logs or throws.
    await admin.takeOver(adminKey, 'me', seen.resourceVersion!);
    await admin
      .release(adminKey, seen.resourceVersion!)
      .catch((e: unknown) => errors.push(String(e), JSON.stringify(e)));
    await ro.release(roKey, roSeen.resourceVersion!).catch((e: unknown) => errors.push(String(e), JSON.stringify(e)));
    await c.adminTransport().json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/lock`, { method: 'DELETE' });
    await admin
      .release(adminKey, seen.resourceVersion!)
      .catch((e: unknown) => errors.push(String(e), JSON.stringify(e)));
    assert.ok(errors.length >= 4 && logs.length > 0);
    for (const token of tokens) {
      assert.ok(!logs.some((l) => l.includes(token)), 'no token in the log');
      assert.ok(!errors.some((e) => e.includes(token)), 'no token in an error');
    }
  });
});
