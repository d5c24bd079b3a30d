import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockKey } from '../../src/core';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { monitorFixture } from '../support/monitorFixture';
import { contextStatusMessages } from '../../src/ui/tree/contextMessages';
import { cluster } from '../support/integrationHooks';
import {
  kubeconfigText,
  onCluster,
  putLease,
  readerServiceAccountToken,
  replaceFile,
} from '../support/kubeconfigFiles';
import { until } from '../support/until';

/**
 * A ServiceAccount token (TokenRequest API) revoked mid-session by deleting its ServiceAccount: the
 * API server answers 401 to every new request. Short watches make the monitor re-request often.
 */
describe('a token revoked mid-session (401 Unauthorized)', function () {
  this.timeout(120_000);

  const t = monitorFixture('token');

  it('says the credentials were rejected (not "forbidden"), keeps the locks stale, and reconnects when the kubeconfig is fixed', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('token');
    await putLease(admin, ns, 'held', 'holder-1');
    const firstToken = await readerServiceAccountToken(admin, ns, 'lens-a');
    const file = join(t.dir, 'config');
    writeFileSync(file, kubeconfigText([onCluster(c, 'lens', firstToken)]));

    const logs: string[] = [];
    t.monitor = new LockMonitor({
      kubeconfig: { path: file },
      contexts: ['lens'],
      readEvents: false,
      watch: { watchTimeoutSeconds: 2, silenceGraceMs: 5000, backoffInitialMs: 200, backoffMaxMs: 1000 },
      log: (m) => logs.push(m),
    });
    t.monitor.start();
    const key = lockKey('lens', 'Lease', ns, 'held');
    await until('the lock is seen with the first token', 30_000, () =>
      t.monitor!.statusOf('lens')?.state === 'connected' ? t.monitor!.store.get(key) : undefined,
    );
    assert.equal(t.monitor.store.health(key)?.status, 'fresh');

    await admin.json(`/api/v1/namespaces/${ns}/serviceaccounts/lens-a`, { method: 'DELETE' });
    const status = await until('the context reports rejected credentials', 60_000, () =>
      t.monitor!.statusOf('lens')?.state === 'unauthorized' ? t.monitor!.statusOf('lens') : undefined,
    );
    assert.match(
      status!.message ?? '',
      /^The API server rejected the credentials of context lens \(401 Unauthorized\): the token may have expired or been revoked\. Fix the kubeconfig or log in again; Lease Lens reconnects when the file changes\.$/,
    );
    assert.equal(
      status!.namespaces,
      'all',
      'a 401 is not treated as "forbidden": no fallback to per-namespace watching',
    );
    const [row] = contextStatusMessages('lens', status);
    assert.equal(row?.label, `Credentials rejected by ${status!.server}`);
    assert.ok(row?.description?.startsWith('The API server rejected the credentials of context lens'));
    assert.ok(
      !contextStatusMessages('lens', status).some((m) =>
        /Not allowed|Configure namespaces/.test(`${m.label} ${m.description ?? ''}`),
      ),
      'no misleading RBAC advice',
    );
    // Nothing is removed: the lock stays, marked stale, claiming nothing about its holder.
    assert.equal(t.monitor.store.get(key)?.view.holder, 'holder-1');
    assert.equal(t.monitor.store.health(key)?.status, 'unknown');
    assert.equal(t.monitor.store.health(key)?.unknownReason, 'stale');

    // A change made while the credentials are rejected, then the kubeconfig fixed with a new token.
    await putLease(admin, ns, 'held', 'holder-2');
    const secondToken = await readerServiceAccountToken(admin, ns, 'lens-b');
    replaceFile(file, kubeconfigText([onCluster(c, 'lens', secondToken)]));
    await until('reconnected after the kubeconfig was fixed', 60_000, () =>
      t.monitor!.statusOf('lens')?.state === 'connected' ? true : undefined,
    );
    await until('the change made meanwhile is seen', 20_000, () =>
      t.monitor!.store.get(key)?.view.holder === 'holder-2' ? true : undefined,
    );
    assert.equal(t.monitor.store.health(key)?.status, 'fresh');

    const said = [...logs, ...t.monitor!.statusesAll().map((s) => s.message ?? ''), status!.message ?? ''].join('\n');
    assert.ok(
      logs.some((l) => /401 Unauthorized/.test(l)),
      'the 401 was logged',
    );
    for (const token of [firstToken, secondToken]) {
      assert.ok(!said.includes(token), 'no token in the log or the status messages');
      assert.ok(!said.includes(token.slice(-24)), 'not even part of one');
    }
  });
});
