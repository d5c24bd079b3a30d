import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockKey } from '../../src/core';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { monitorFixture } from '../support/monitorFixture';
import { kubeconfigProblemMessage } from '../../src/ui/tree/contextMessages';
import { cluster } from '../support/integrationHooks';
import { kubeconfigText, onCluster, putLease, replaceFile, type ContextSpec } from '../support/kubeconfigFiles';
import { until } from '../support/until';

/** The kubeconfig file changing under a running t.monitor (watchKubeconfig on): garbage, deletion, a context removed. */
describe('kubeconfig faults while watching', function () {
  this.timeout(120_000);

  const t = monitorFixture('kcfaults');

  function adminContext(name: string): ContextSpec {
    const c = cluster();
    const token = c.admin.kubeConfig.getCurrentUser()?.token;
    if (!token) throw new Error('the test cluster admin has no token');
    return onCluster(c, name, token);
  }

  function start(file: string, contexts: string[], logs: string[]): LockMonitor {
    const m = new LockMonitor({
      kubeconfig: { path: file },
      contexts,
      readEvents: false,
      legacyLocks: false,
      watch: { backoffInitialMs: 200, backoffMaxMs: 1000 },
      log: (l) => logs.push(l),
    });
    m.start();
    return m;
  }

  const problemsOf = (m: LockMonitor) => m.kubeconfig.problems.filter((p) => p.context === undefined);

  it('keeps watching the last good version while the file is garbage (binary, broken YAML, empty, deleted), and says so', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('garbage');
    await putLease(admin, ns, 'held', 'holder-0');
    const file = join(t.dir, 'config');
    const good = kubeconfigText([adminContext('main')]);
    writeFileSync(file, good);
    const logs: string[] = [];
    t.monitor = start(file, ['main'], logs);
    const key = lockKey('main', 'Lease', ns, 'held');
    await until('lock seen', 30_000, () => t.monitor!.store.get(key));
    const watchingLines = () => logs.filter((l) => l.startsWith('main: watching')).length;

    const garbage: [string, () => void, RegExp][] = [
      [
        'binary junk',
        () => replaceFile(file, Buffer.concat([randomBytes(200), Buffer.from([0])])),
        /is not valid \(.+\): still using the version read at \d\d:\d\d:\d\d until it is fixed$/,
      ],
      [
        'broken YAML',
        () => replaceFile(file, good.slice(0, Math.floor(good.length / 2)).replace(/"/g, '') + '\n  contexts: [ {'),
        /is not valid \(.+\): still using the version read at \d\d:\d\d:\d\d until it is fixed$/,
      ],
      [
        'an empty file',
        () => replaceFile(file, ''),
        /is not valid \(the file is empty\): still using the version read at \d\d:\d\d:\d\d until it is fixed$/,
      ],
      [
        'the file deleted',
        () => renameSync(file, `${file}.away`),
        /does not exist any more: still using the version read at \d\d:\d\d:\d\d until it is fixed$/,
      ],
    ];
    let holder = 0;
    for (const [what, spoil, expected] of garbage) {
      spoil();
      const [problem] = await until(`${what}: problem reported`, 20_000, () =>
        problemsOf(t.monitor!).length > 0 ? problemsOf(t.monitor!) : undefined,
      );
      assert.ok(problem!.message.startsWith(`kubeconfig ${file} `), problem!.message);
      assert.match(problem!.message, expected, what);
      assert.equal(
        kubeconfigProblemMessage(problem!, false).label,
        'Kubeconfig problem',
        'shown where the tree shows kubeconfig problems',
      );
      assert.ok(
        !problem!.message.includes(adminContext('x').token!.slice(0, 16)),
        'the problem does not quote the token',
      );
      // Still live: a change made in the cluster now reaches the store.
      holder++;
      await putLease(admin, ns, 'held', `holder-${holder}`);
      await until(`${what}: the change is seen while the file is broken`, 20_000, () =>
        t.monitor!.store.get(key)?.view.holder === `holder-${holder}` ? true : undefined,
      );
      assert.equal(t.monitor.statusOf('main')?.state, 'connected');
      assert.equal(t.monitor.store.health(key)?.status, 'fresh');
      assert.equal(watchingLines(), 1, 'the context was not restarted');
      // Fixed: the problem goes away.
      if (what === 'the file deleted') renameSync(`${file}.away`, file);
      else replaceFile(file, good);
      await until(`${what}: fixed, the problem is gone`, 20_000, () =>
        problemsOf(t.monitor!).length === 0 ? true : undefined,
      );
    }
    holder++;
    await putLease(admin, ns, 'held', `holder-${holder}`);
    await until('watching normally after the fixes', 20_000, () =>
      t.monitor!.store.get(key)?.view.holder === `holder-${holder}` ? true : undefined,
    );
    assert.equal(watchingLines(), 1);
  });

  it('a file that was never valid is reported, with no contexts invented', async () => {
    const file = join(t.dir, 'config');
    writeFileSync(file, 'clusters: [ {');
    const logs: string[] = [];
    t.monitor = start(file, ['main'], logs);
    assert.equal(t.monitor.kubeconfig.contexts.length, 0);
    assert.match(
      problemsOf(t.monitor)[0]?.message ?? '',
      /could not be read: .+\. Fix the file; contexts from other files keep working\.$/,
    );
    assert.equal(t.monitor.statusOf('main')?.state, 'error');
  });

  it('a context removed from the file stops being watched and says so; the others are untouched; putting it back resumes', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('removed');
    await putLease(admin, ns, 'held', 'holder-0');
    const file = join(t.dir, 'config');
    const both = kubeconfigText([adminContext('alpha'), adminContext('beta')]);
    writeFileSync(file, both);
    const logs: string[] = [];
    t.monitor = start(file, ['alpha', 'beta'], logs);
    const a = lockKey('alpha', 'Lease', ns, 'held');
    const b = lockKey('beta', 'Lease', ns, 'held');
    await until('both contexts see the lock', 30_000, () =>
      t.monitor!.store.get(a) && t.monitor!.store.get(b) ? true : undefined,
    );

    replaceFile(file, kubeconfigText([adminContext('alpha')]));
    await until("beta's locks leave the store", 20_000, () =>
      t.monitor!.store.get(b) === undefined ? true : undefined,
    );
    const beta = t.monitor.statusOf('beta');
    assert.equal(beta?.state, 'error');
    assert.equal(
      beta?.message,
      `context beta is no longer in the kubeconfig (${file}): its locks are not watched until it is back`,
    );
    assert.deepEqual(t.monitor.watchedContexts(), ['alpha']);

    await putLease(admin, ns, 'held', 'holder-1');
    await until('alpha keeps working', 20_000, () =>
      t.monitor!.store.get(a)?.view.holder === 'holder-1' ? true : undefined,
    );
    assert.equal(t.monitor.statusOf('alpha')?.state, 'connected');
    assert.equal(logs.filter((l) => l.startsWith('alpha: watching')).length, 1, 'alpha was not restarted');

    replaceFile(file, both);
    await until('beta is watched again and sees the current holder', 30_000, () =>
      t.monitor!.store.get(b)?.view.holder === 'holder-1' && t.monitor!.statusOf('beta')?.state === 'connected'
        ? true
        : undefined,
    );
    assert.equal(logs.filter((l) => l.startsWith('alpha: watching')).length, 1, 'alpha still not restarted');
  });
});
