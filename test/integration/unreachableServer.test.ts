import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { lockKey } from '../../src/core';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { monitorFixture } from '../support/monitorFixture';
import { contextStatusMessages } from '../../src/ui/tree/contextMessages';
import { cluster } from '../support/integrationHooks';
import { kubeconfigText, onCluster, putLease } from '../support/kubeconfigFiles';
import { until } from '../support/until';

/**
 * One kubeconfig, three contexts: the real cluster, a refused port, and a black hole (a local TCP
 * listener that accepts connections and never sends a byte: the network fault of a server that is
 * hung or a firewall that drops replies, not a fake API server). Requests are time-bounded, so the
 * dead contexts end up disconnected with a reason instead of "connecting…" for ever, and the live
 * one never waits on them.
 */
describe('an unreachable server among reachable ones', function () {
  this.timeout(120_000);
  let blackHole: Server | undefined;
  const held: Socket[] = [];

  const t = monitorFixture('unreachable', {
    afterDispose: async () => {
      for (const s of held.splice(0)) s.destroy();
      await new Promise<void>((resolve) => (blackHole ? blackHole.close(() => resolve()) : resolve()));
      blackHole = undefined;
    },
  });

  it('the reachable context is live and writable while the refused and black-holed ones say why they are disconnected', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('reach');
    await putLease(admin, ns, 'held', 'holder-1');
    blackHole = createServer((socket) => {
      held.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blackHole!.listen(0, '127.0.0.1', resolve));
    const holePort = (blackHole.address() as { port: number }).port;
    const token = c.admin.kubeConfig.getCurrentUser()!.token!;
    const file = join(t.dir, 'config');
    writeFileSync(
      file,
      kubeconfigText([
        onCluster(c, 'live', token),
        { name: 'refused', server: 'https://127.0.0.1:1', token },
        { name: 'blackhole', server: `https://127.0.0.1:${holePort}`, token },
      ]),
    );
    t.monitor = new LockMonitor({
      kubeconfig: { path: file },
      contexts: ['live', 'refused', 'blackhole'],
      watchKubeconfig: false,
      readEvents: false,
      watch: {
        requestTimeoutMs: 3000,
        watchTimeoutSeconds: 5,
        silenceGraceMs: 2000,
        backoffInitialMs: 200,
        backoffMaxMs: 2000,
      },
    });
    t.monitor.start();
    const key = lockKey('live', 'Lease', ns, 'held');

    await until('the live context connects', 30_000, () =>
      t.monitor!.statusOf('live')?.state === 'connected' && t.monitor!.store.get(key) ? true : undefined,
    );
    assert.equal(t.monitor.store.health(key)?.status, 'fresh');
    assert.ok(held.length > 0, 'the black hole has accepted connections (it is being tried)');

    const refused = await until('the refused context is disconnected', 30_000, () =>
      t.monitor!.statusOf('refused')?.state === 'disconnected' ? t.monitor!.statusOf('refused') : undefined,
    );
    assert.equal(refused?.message, 'the API server of context refused (https://127.0.0.1:1) refused the connection');
    assert.equal(contextStatusMessages('refused', refused)[0]?.label, 'Cannot reach https://127.0.0.1:1');

    const hole = await until('the black-holed context is disconnected, not connecting for ever', 30_000, () =>
      t.monitor!.statusOf('blackhole')?.state === 'disconnected' ? t.monitor!.statusOf('blackhole') : undefined,
    );
    assert.equal(
      hole?.message,
      `the API server of context blackhole (https://127.0.0.1:${holePort}) did not answer within 3000 ms`,
    );

    // Writable while the others are down: a release goes through, and the watch shows it.
    const view = t.monitor.store.get(key)!.view;
    await t.monitor.release(key, view.resourceVersion!);
    const stored = (await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/held`)) as {
      spec?: { holderIdentity?: string };
    };
    assert.equal(stored.spec?.holderIdentity ?? '', '', 'released in the API server');
    await until('the release is seen by the watch', 20_000, () =>
      t.monitor!.store.get(key)?.view.holder === undefined &&
      t.monitor!.store.get(key)?.view.resourceVersion !== view.resourceVersion
        ? true
        : undefined,
    );
    assert.equal(t.monitor.statusOf('live')?.state, 'connected');
    assert.equal(t.monitor.statusOf('blackhole')?.state, 'disconnected');
    assert.equal(t.monitor.statusOf('refused')?.state, 'disconnected');
  });
});
