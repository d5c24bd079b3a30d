import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { lockKey } from '../../src/core';
import { cluster } from '../support/integrationHooks';
import { kubeconfigText, onCluster, putLease } from '../support/kubeconfigFiles';
import { monitorFixture } from '../support/monitorFixture';
import { until } from '../support/until';

/** Refresh re-lists every watch; the view must not flash "disconnected" while it does. */
describe('Refresh', function () {
  this.timeout(60_000);
  const t = monitorFixture('refresh');

  it('re-lists without a moment of "disconnected", and sees what changed', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('refresh');
    await putLease(admin, ns, 'held', 'holder-1');
    const file = join(t.dir, 'config');
    writeFileSync(file, kubeconfigText([onCluster(c, 'r', c.admin.kubeConfig.getCurrentUser()!.token!)]));
    const monitor = new LockMonitor({ kubeconfig: { path: file }, contexts: ['r'], readEvents: false });
    t.monitor = monitor;
    const states: string[] = [];
    monitor.onDidChangeStatus(() => states.push(monitor.statusOf('r')?.state ?? 'none'));
    monitor.start();
    const key = lockKey('r', 'Lease', ns, 'held');
    await until('connected, the lock seen', 30_000, () =>
      monitor.statusOf('r')?.state === 'connected' ? monitor.store.get(key) : undefined,
    );
    const before = states.length;
    for (let i = 0; i < 3; i++) monitor.refresh();
    await putLease(admin, ns, 'held', 'holder-2');
    await until('the change is seen after Refresh', 20_000, () =>
      monitor.store.get(key)?.view.holder === 'holder-2' ? true : undefined,
    );
    assert.deepEqual(
      states.slice(before).filter((s) => s !== 'connected'),
      [],
      'no other state while re-listing',
    );
    assert.equal(monitor.store.health(key)?.status, 'fresh');
  });
});
