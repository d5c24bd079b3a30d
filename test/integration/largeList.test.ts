import assert from 'node:assert/strict';
import { ByteMeter, KubeTransport } from '../../src/cluster/kubeHttp';
import { ListWatch } from '../../src/cluster/listWatch';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';

/**
 * A list large enough for the API server to compress (it gzips answers over 128 KiB), read the
 * way Lease Lens reads 65,000 node heartbeats: asked for gzip, inflated and split into items as it
 * arrives, then watched from the list's resourceVersion.
 */
describe('a large list against the real API server', function () {
  this.timeout(120_000);
  const COUNT = 600;
  let watch: ListWatch | undefined;
  afterEach(async () => {
    await watch?.dispose();
    watch = undefined;
  });

  it('arrives whole, compressed on the wire, without managedFields, and the watch goes on from it', async () => {
    const c = cluster();
    const ns = await c.createNamespace('large-list');
    const admin = c.adminTransport();
    const names = Array.from({ length: COUNT }, (_, i) => `node-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(
        names.slice(i, i + 25).map((name) =>
          admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
            method: 'POST',
            body: {
              apiVersion: 'coordination.k8s.io/v1',
              kind: 'Lease',
              metadata: { name },
              spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: '2026-12-02T10:00:00.000000Z' },
            },
          }),
        ),
      );
    }
    // What the same list weighs uncompressed (send() does not ask for gzip).
    const plain = await admin.send(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
      query: { resourceVersion: '0' },
    });
    assert.equal(plain.status, 200);

    const meter = new ByteMeter();
    const transport = new KubeTransport(c.admin, meter);
    let listed: unknown[] = [];
    const events: unknown[] = [];
    watch = new ListWatch(
      transport,
      { apiPath: '/apis/coordination.k8s.io/v1', resource: 'leases', kind: 'Lease', namespace: ns },
      {
        replace: (items) => (listed = [...items]),
        event: (_type, object) => events.push(object),
        state: () => undefined,
      },
    );
    watch.start();
    await until('the list', 30_000, () => (listed.length > 0 ? listed : undefined));
    const names2 = listed.map((o) => (o as { metadata: { name: string } }).metadata.name).sort();
    assert.deepEqual(names2, names);
    assert.ok(
      listed.every((o) => !('managedFields' in (o as { metadata: object }).metadata)),
      'managedFields are dropped',
    );
    const wire = meter.get('list leases');
    assert.ok(
      wire < plain.text.length / 3,
      `the list came compressed: ${wire} bytes on the wire for ${plain.text.length} bytes of JSON`,
    );

    await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
      method: 'POST',
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'after' }, spec: {} },
    });
    await until('the watch sees a Lease created after the list', 30_000, () =>
      events.find((o) => (o as { metadata: { name: string } }).metadata.name === 'after'),
    );
    await transport.dispose();
  });
});
