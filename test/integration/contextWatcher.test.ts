import assert from 'node:assert/strict';
import { ContextWatcher } from '../../src/cluster/contextWatcher';
import { ByteMeter } from '../../src/cluster/kubeHttp';
import { LEADER_ANNOTATION } from '../../src/cluster/lockWriter';
import { ElectorPool } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { RecordingSink } from '../support/recordingSink';

interface Obj {
  kind?: string;
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: { holderIdentity?: string };
  data?: unknown;
}

describe('ContextWatcher against the real API server', function () {
  this.timeout(90_000);
  const pool = new ElectorPool();
  const watchers: ContextWatcher[] = [];
  afterEach(async () => {
    await pool.stopAll();
    await Promise.all(watchers.splice(0).map((w) => w.dispose()));
  });

  function watch(sink: RecordingSink, meter?: ByteMeter, context = cluster().admin): ContextWatcher {
    const w = new ContextWatcher(context, sink, { meter, readEvents: false });
    watchers.push(w);
    void w.start();
    return w;
  }

  it('names the real leader of three electors within one retry period of its election', async () => {
    const c = cluster();
    const ns = await c.createNamespace('watch-electors');
    const sink = new RecordingSink();
    watch(sink);
    await sink.until('connected', 30_000, () => (sink.lastConnection?.state === 'connected' ? true : undefined));
    const electors = ['w-a', 'w-b', 'w-c'].map((identity) =>
      pool.start({
        kubeconfig: c.info.kubeconfig,
        context: c.info.contexts.admin,
        namespace: ns,
        name: 'lock',
        identity,
      }),
    );
    const leader = await Promise.any(electors.map(async (e) => (await e.waitLeading(30_000), e)));
    const ledAt = Date.now();
    await sink.until('the watched Lease names the leader', 10_000, () =>
      (sink.objects.get(RecordingSink.key('Lease', ns, 'lock')) as Obj | undefined)?.spec?.holderIdentity ===
      leader.identity
        ? true
        : undefined,
    );
    assert.ok(
      Date.now() - ledAt <= 1000 + 500,
      `the watch saw the leader ${Date.now() - ledAt} ms after it logged leading`,
    );

    await leader.kill();
    const next = await Promise.any(
      electors.filter((e) => e !== leader).map(async (e) => (await e.waitLeading(20_000), e)),
    );
    await sink.until('the watched Lease follows the failover', 5_000, () =>
      (sink.objects.get(RecordingSink.key('Lease', ns, 'lock')) as Obj | undefined)?.spec?.holderIdentity ===
      next.identity
        ? true
        : undefined,
    );
  });

  it('sees legacy ConfigMap and Endpoints locks with their leader records', async () => {
    const c = cluster();
    const ns = await c.createNamespace('watch-legacy');
    const sink = new RecordingSink();
    watch(sink);
    for (const lockType of ['configmaps', 'endpoints'] as const) {
      pool.start({
        kubeconfig: c.info.kubeconfig,
        context: c.info.contexts.admin,
        namespace: ns,
        name: `legacy-${lockType}`,
        identity: `holder-${lockType}`,
        legacyLockType: lockType,
      });
    }
    for (const [kind, lockType] of [
      ['ConfigMap', 'configmaps'],
      ['Endpoints', 'endpoints'],
    ] as const) {
      const obj = await sink.until(`${kind} lock seen`, 30_000, () => {
        const o = sink.objects.get(RecordingSink.key(kind, ns, `legacy-${lockType}`)) as Obj | undefined;
        return o?.metadata?.annotations?.[LEADER_ANNOTATION] ? o : undefined;
      });
      const record = JSON.parse(obj.metadata!.annotations![LEADER_ANNOTATION]!) as { holderIdentity?: string };
      assert.equal(record.holderIdentity, `holder-${lockType}`);
    }
  });

  it('never downloads ConfigMap data: lists and watches them as metadata only', async () => {
    const c = cluster();
    const ns = await c.createNamespace('watch-bigcm');
    const sink = new RecordingSink();
    const meter = new ByteMeter();
    watch(sink, meter);
    await sink.until('connected', 30_000, () => (sink.lastConnection?.state === 'connected' ? true : undefined));
    const admin = c.adminTransport();
    const sizes = { small: 1024, big: 1024 * 1024 - 4096 };
    for (const [name, size] of Object.entries(sizes)) {
      await admin.json(`/api/v1/namespaces/${ns}/configmaps`, {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { blob: 'x'.repeat(size) } },
      });
    }
    for (const name of Object.keys(sizes)) {
      const o = await sink.until(
        `${name} ConfigMap event`,
        15_000,
        () => sink.objects.get(RecordingSink.key('ConfigMap', ns, name)) as Obj | undefined,
      );
      // The request form: the server answered as PartialObjectMetadata, which has no data at all.
      assert.equal(o.kind, 'PartialObjectMetadata');
      assert.equal(o.data, undefined);
    }
    const cmBytes = meter.get('list configmaps') + meter.get('watch configmaps');
    assert.ok(
      cmBytes < 64 * 1024,
      `received ${cmBytes} bytes for ConfigMaps though ${sizes.big + sizes.small} bytes of data were written`,
    );
  });

  it('lets the read-only user watch every kind of lock', async () => {
    const c = cluster();
    const ns = await c.createNamespace('watch-ro');
    await c.adminTransport().json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
      method: 'POST',
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'ro-lock' },
        spec: { holderIdentity: 'someone', leaseDurationSeconds: 15 },
      },
    });
    const sink = new RecordingSink();
    watch(sink, undefined, c.readonly);
    const connected = await sink.until('read-only connected', 30_000, () =>
      sink.lastConnection?.state === 'connected' ? sink.lastConnection : undefined,
    );
    assert.deepEqual(connected, { state: 'connected', namespaces: 'all' });
    assert.ok(sink.objects.has(RecordingSink.key('Lease', ns, 'ro-lock')));
  });
});
