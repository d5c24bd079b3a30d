import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockKey } from '../../src/core';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { monitorFixture } from '../support/monitorFixture';
import { contextStatusMessages } from '../../src/ui/tree/contextMessages';
import { TcpRelay } from '../support/tcpRelay';
import { cluster } from '../support/integrationHooks';
import { kubeconfigText, onCluster, putLease } from '../support/kubeconfigFiles';
import { until } from '../support/until';

/**
 * The connection to a real API server stalls (a relay in front of it holds every byte back, as a
 * hung load balancer or a dead network path would): the open watches go silent, no request gets an
 * answer. The monitor must notice (silence beyond the watch timeout plus grace), show the context
 * stale with the reason, keep retrying with bounded requests, and catch up once the path thaws.
 */
describe('a watch that goes silent', function () {
  this.timeout(120_000);
  let relay: TcpRelay | undefined;

  const t = monitorFixture('silent', {
    beforeDispose: () => relay?.thaw(),
    afterDispose: async () => {
      await relay?.close();
      relay = undefined;
    },
  });

  it('marks the context stale with the "silent" reason, then reconnects and catches up with changes made while frozen and after', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('silent');
    await putLease(admin, ns, 'held', 'holder-0');
    const real = new URL(c.info.server);
    relay = await TcpRelay.start(real.hostname, Number(real.port));
    const spec = onCluster(c, 'relayed', c.admin.kubeConfig.getCurrentUser()!.token!);
    const file = join(t.dir, 'config');
    writeFileSync(file, kubeconfigText([{ ...spec, server: `https://127.0.0.1:${relay.port}` }]));

    const messages: string[] = [];
    const logs: string[] = [];
    t.monitor = new LockMonitor({
      kubeconfig: { path: file },
      contexts: ['relayed'],
      watchKubeconfig: false,
      readEvents: false,
      legacyLocks: false,
      log: (l) => logs.push(l),
      watch: {
        watchTimeoutSeconds: 3,
        silenceGraceMs: 2000,
        requestTimeoutMs: 3000,
        backoffInitialMs: 200,
        backoffMaxMs: 1000,
      },
    });
    t.monitor.onDidChangeStatus(() => {
      const m = t.monitor!.statusOf('relayed')?.message;
      if (m && messages.at(-1) !== m) messages.push(m);
    });
    t.monitor.start();
    const key = lockKey('relayed', 'Lease', ns, 'held');
    await until('connected through the relay', 30_000, () =>
      t.monitor!.statusOf('relayed')?.state === 'connected' && t.monitor!.store.get(key) ? true : undefined,
    );

    relay.freeze();
    await putLease(admin, ns, 'held', 'holder-1'); // made while the path is frozen
    await until('the context is marked stale', 30_000, () =>
      t.monitor!.store.connection('relayed').status === 'stale' ? true : undefined,
    );
    const status = t.monitor.statusOf('relayed');
    assert.equal(status?.state, 'disconnected');
    assert.ok(
      // Leases and LeaseCandidates are both watched: whichever falls silent first is named.
      messages.some((m) =>
        /^the watch on (leases|leasecandidates) was silent for 5 s \(no event, no bookmark\)$/.test(m),
      ),
      `the silence was the reason given: ${messages.join(' | ')}`,
    );
    assert.equal(contextStatusMessages('relayed', status)[0]?.label, `Cannot reach https://127.0.0.1:${relay.port}`);
    assert.equal(t.monitor.store.health(key)?.status, 'unknown', 'stale, claiming nothing');
    assert.equal(t.monitor.store.get(key)?.view.holder, 'holder-0', 'the last seen lock is kept');
    // Requests made while frozen are bounded: the reconnecting watch is given up again, not left hanging.
    await until('a reconnect made while frozen is given up too', 30_000, () =>
      logs.filter((l) => /leases: the watch on leases was silent for 5 s .*retrying/.test(l)).length >= 2
        ? true
        : undefined,
    );

    relay.thaw();
    await putLease(admin, ns, 'after', 'holder-2'); // made after resuming
    await until('connected again', 30_000, () =>
      t.monitor!.statusOf('relayed')?.state === 'connected' ? true : undefined,
    );
    await until('the change made while frozen is seen', 20_000, () =>
      t.monitor!.store.get(key)?.view.holder === 'holder-1' ? true : undefined,
    );
    await until('the lock created after resuming is seen', 20_000, () =>
      t.monitor!.store.get(lockKey('relayed', 'Lease', ns, 'after')),
    );
    assert.equal(t.monitor.store.health(key)?.status, 'fresh');
  });
});
