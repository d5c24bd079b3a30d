import assert from 'node:assert/strict';
import { KubeHttpError, KubeTransport } from '../../src/cluster/kubeHttp';
import { ElectorPool } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';

const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

interface LeaseLike {
  metadata: { name: string; namespace: string; resourceVersion: string; annotations?: Record<string, string> };
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; leaseTransitions?: number };
}

async function getLease(t: KubeTransport, ns: string, name: string): Promise<LeaseLike> {
  return (await t.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`)) as LeaseLike;
}

describe('the real test cluster (tools/kube-testenv)', function () {
  this.timeout(120_000);

  describe('API semantics the extension relies on', () => {
    it('lets the admin create a Lease and rejects an update carrying a stale resourceVersion with 409 Conflict', async () => {
      const c = cluster();
      const ns = await c.createNamespace('conflict');
      const admin = c.adminTransport();
      const created = (await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
        method: 'POST',
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: 'lock' },
          spec: { holderIdentity: 'a', leaseDurationSeconds: 15 },
        },
      })) as LeaseLike;
      const stale = structuredClone(created);
      created.spec = { ...created.spec, holderIdentity: 'b' };
      await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/lock`, { method: 'PUT', body: created });
      stale.spec = { ...stale.spec, holderIdentity: 'c' };
      await assert.rejects(
        admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/lock`, { method: 'PUT', body: stale }),
        (err: unknown) => err instanceof KubeHttpError && err.status === 409 && err.reason === 'Conflict',
      );
      assert.equal((await getLease(admin, ns, 'lock')).spec?.holderIdentity, 'b', 'the newer write survives');
    });

    it('gives the read-only user 403 on update while it can still list and watch', async () => {
      const c = cluster();
      const ns = await c.createNamespace('readonly');
      const admin = c.adminTransport();
      await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
        method: 'POST',
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: 'lock' },
          spec: { holderIdentity: 'a' },
        },
      });
      const ro = new KubeTransport(c.readonly);
      const lease = await getLease(ro, ns, 'lock');
      lease.spec = { holderIdentity: 'intruder' };
      await assert.rejects(
        ro.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/lock`, { method: 'PUT', body: lease }),
        (err: unknown) => err instanceof KubeHttpError && err.status === 403,
      );
      const list = (await ro.json('/apis/coordination.k8s.io/v1/leases')) as { items: LeaseLike[] };
      assert.ok(
        list.items.some((l) => l.metadata.namespace === ns && l.metadata.name === 'lock'),
        'read-only user lists Leases cluster-wide',
      );
      for (const path of ['/api/v1/configmaps', '/api/v1/endpoints']) await ro.json(path, { query: { limit: 1 } });
      const lines: string[] = [];
      const abort = new AbortController();
      const { ended } = await ro.stream(
        `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`,
        { query: { watch: 1, timeoutSeconds: 2 }, signal: abort.signal },
        (l) => lines.push(l),
      );
      await ended;
      assert.ok(
        lines.some((l) => l.includes('"ADDED"') && l.includes('"lock"')),
        'read-only user can watch Leases',
      );
      await assert.rejects(
        ro.json(`/api/v1/namespaces/${ns}/secrets`),
        (err: unknown) => err instanceof KubeHttpError && err.status === 403,
        'and nothing else',
      );
    });
  });

  describe('real client-go electors (tools/elector)', () => {
    const pool = new ElectorPool();
    afterEach(() => pool.stopAll());

    it('elects exactly one of three candidates, and a crashed leader is replaced within lease duration + retry period', async () => {
      const c = cluster();
      const ns = await c.createNamespace('electors');
      const electors = ['cand-a', 'cand-b', 'cand-c'].map((identity) =>
        pool.start({
          kubeconfig: c.info.kubeconfig,
          context: c.info.contexts.admin,
          namespace: ns,
          name: 'lock',
          identity,
          leaseDuration: '4s',
          renewDeadline: '3s',
          retryPeriod: '1s',
        }),
      );
      const leader = await Promise.any(electors.map(async (e) => (await e.waitLeading(30_000), e)));
      await new Promise((r) => setTimeout(r, 2500));
      assert.deepEqual(
        electors.filter((e) => e.leading).map((e) => e.identity),
        [leader.identity],
        'exactly one leads',
      );
      assert.equal(
        (await getLease(c.adminTransport(), ns, 'lock')).spec?.holderIdentity,
        leader.identity,
        'the Lease names the leader',
      );

      const crashedAt = Date.now();
      await leader.kill();
      const rest = electors.filter((e) => e !== leader);
      const next = await Promise.any(rest.map(async (e) => (await e.waitLeading(20_000), e)));
      const handover = Date.now() - crashedAt;
      // Lease duration 4 s + retry period 1 s, plus client-go's jitter (up to 1.2 × retry period) and process scheduling.
      assert.ok(handover < 4000 + 1000 + 1200 + 1500, `handover took ${handover} ms`);
      const lease = await getLease(c.adminTransport(), ns, 'lock');
      assert.equal(lease.spec?.holderIdentity, next.identity);
      assert.ok((lease.spec?.leaseTransitions ?? 0) >= 1, 'the takeover counted a transition');
    });

    it('hands leadership over at once when the leader stops with ReleaseOnCancel', async () => {
      const c = cluster();
      const ns = await c.createNamespace('release');
      const opts = {
        kubeconfig: c.info.kubeconfig,
        context: c.info.contexts.admin,
        namespace: ns,
        name: 'lock',
        leaseDuration: '15s',
        renewDeadline: '10s',
        retryPeriod: '1s',
        releaseOnCancel: true,
      };
      const first = pool.start({ ...opts, identity: 'first' });
      await first.waitLeading(30_000);
      const second = pool.start({ ...opts, identity: 'second' });
      await second.process.waitFor((l) => l.event === 'started' || l.event === 'new-leader', 15_000, 'second to start');
      const stoppedAt = Date.now();
      await first.stop();
      await second.waitLeading(10_000);
      // Far sooner than the 15 s lease duration a crash would cost.
      assert.ok(Date.now() - stoppedAt < 5000, `handover took ${Date.now() - stoppedAt} ms`);
    });
  });

  describe('legacy electors (tools/legacy-elector, client-go 1.23)', () => {
    const pool = new ElectorPool();
    afterEach(() => pool.stopAll());

    for (const [lockType, path] of [
      ['configmaps', 'configmaps'],
      ['endpoints', 'endpoints'],
    ] as const) {
      it(`writes the leader record into the ${lockType} annotation`, async () => {
        const c = cluster();
        const ns = await c.createNamespace(`legacy-${lockType}`);
        const e = pool.start({
          kubeconfig: c.info.kubeconfig,
          context: c.info.contexts.admin,
          namespace: ns,
          name: 'legacy-lock',
          identity: `legacy-${lockType}`,
          legacyLockType: lockType,
        });
        await e.waitLeading(30_000);
        const obj = await until('annotation written', 10_000, async () => {
          const o = (await c.adminTransport().json(`/api/v1/namespaces/${ns}/${path}/legacy-lock`)) as LeaseLike;
          return o.metadata.annotations?.[LEADER_ANNOTATION] ? o : undefined;
        });
        const record = JSON.parse(obj.metadata.annotations![LEADER_ANNOTATION]!) as {
          holderIdentity?: string;
          leaseDurationSeconds?: number;
          renewTime?: string;
        };
        assert.equal(record.holderIdentity, `legacy-${lockType}`);
        assert.equal(typeof record.leaseDurationSeconds, 'number');
        assert.ok(record.renewTime && !Number.isNaN(Date.parse(record.renewTime)));
      });
    }
  });
});
