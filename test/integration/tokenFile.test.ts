import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKubeconfig } from '../../src/cluster/kubeconfigLoader';
import { KubeTransport } from '../../src/cluster/kubeHttp';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { lockKey } from '../../src/core';
import { cluster } from '../support/integrationHooks';
import {
  kubeconfigText,
  onCluster,
  putLease,
  readerServiceAccountToken,
  replaceFile,
  whoAmI,
} from '../support/kubeconfigFiles';
import { monitorFixture } from '../support/monitorFixture';
import { until } from '../support/until';

/**
 * A kubeconfig user with `tokenFile` (kubectl's field, which client-node 1.4 ignores: its requests
 * went out anonymous and the view blamed RBAC), holding real ServiceAccount tokens that are rotated
 * mid-run, the old one revoked, as a projected volume or a CI secret does.
 */
describe('tokenFile', function () {
  this.timeout(120_000);
  let transport: KubeTransport | undefined;
  const fixture = monitorFixture('tokenfile', {
    afterDispose: async () => {
      await transport?.dispose();
      transport = undefined;
    },
  });

  it('is read (relative to the kubeconfig, trailing newline trimmed), and a rotated token is used at once, the old one revoked', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('tokenfile');
    await putLease(admin, ns, 'held', 'holder-1');
    mkdirSync(join(fixture.dir, 'secrets'));
    const tokenPath = join(fixture.dir, 'secrets', 'token');
    writeFileSync(tokenPath, `${await readerServiceAccountToken(admin, ns, 'rotating-1')}\n`);
    const file = join(fixture.dir, 'config');
    writeFileSync(
      file,
      kubeconfigText([{ ...onCluster(c, 'tf', ''), token: undefined, user: { tokenFile: 'secrets/token' } }]),
    );
    const states: string[] = [];
    const monitor = new LockMonitor({
      kubeconfig: { path: file },
      contexts: ['tf'],
      readEvents: false,
      watch: { watchTimeoutSeconds: 1, silenceGraceMs: 5000, backoffInitialMs: 100, backoffMaxMs: 500 },
    });
    monitor.onDidChangeStatus(() => states.push(monitor.statusOf('tf')?.state ?? 'none'));
    fixture.monitor = monitor;
    monitor.start();
    const key = lockKey('tf', 'Lease', ns, 'held');
    await until('connected with the token file, the lock seen', 30_000, () =>
      monitor.statusOf('tf')?.state === 'connected' ? monitor.store.get(key) : undefined,
    );
    assert.equal(monitor.statusOf('tf')?.namespaces, 'all', 'not anonymous: no fallback to namespaces');
    // Who the API server says the requests come from (SelfSubjectReview), through the same code.
    transport = new KubeTransport(loadKubeconfig({ path: file }).contexts[0]!);
    assert.equal(await whoAmI(transport), `system:serviceaccount:${ns}:rotating-1`);

    // Rotation as a projected volume does it (a new file renamed over), then the old token revoked.
    replaceFile(tokenPath, `${await readerServiceAccountToken(admin, ns, 'rotating-2')}\n`);
    assert.equal(await whoAmI(transport), `system:serviceaccount:${ns}:rotating-2`, 'the next request uses it');
    await admin.json(`/api/v1/namespaces/${ns}/serviceaccounts/rotating-1`, { method: 'DELETE' });
    const afterRotation = states.length;
    monitor.refresh(); // Every watch requests again now.
    await putLease(admin, ns, 'held', 'holder-2');
    await until('a change after the rotation is seen', 30_000, () =>
      monitor.store.get(key)?.view.holder === 'holder-2' ? true : undefined,
    );

    // Rotation in place (the file rewritten, white space around the token).
    writeFileSync(tokenPath, `  ${await readerServiceAccountToken(admin, ns, 'rotating-3')}\n\n`);
    assert.equal(await whoAmI(transport), `system:serviceaccount:${ns}:rotating-3`);
    await admin.json(`/api/v1/namespaces/${ns}/serviceaccounts/rotating-2`, { method: 'DELETE' });
    monitor.refresh();
    await putLease(admin, ns, 'held', 'holder-3');
    await until('a change after the second rotation is seen', 30_000, () =>
      monitor.store.get(key)?.view.holder === 'holder-3' ? true : undefined,
    );
    await until('connected', 30_000, () => (monitor.statusOf('tf')?.state === 'connected' ? true : undefined));
    assert.deepEqual(
      states.slice(afterRotation).filter((s) => s !== 'connected' && s !== 'connecting'),
      [],
      'no request went out with a revoked token',
    );
    assert.ok(!states.includes('forbidden'), `never blamed on RBAC: ${states.join(', ')}`);
  });

  it('a missing token file is named, keeps retrying, and connects once the file appears', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('tokenfile');
    const tokenPath = join(fixture.dir, 'token');
    const file = join(fixture.dir, 'config');
    writeFileSync(
      file,
      kubeconfigText([{ ...onCluster(c, 'tf', ''), token: undefined, user: { tokenFile: tokenPath } }]),
    );
    const monitor = new LockMonitor({
      kubeconfig: { path: file },
      contexts: ['tf'],
      readEvents: false,
      watch: { watchTimeoutSeconds: 1, silenceGraceMs: 5000, backoffInitialMs: 100, backoffMaxMs: 500 },
    });
    fixture.monitor = monitor;
    monitor.start();
    const status = await until('the context names the missing file', 30_000, () =>
      monitor.statusOf('tf')?.state === 'disconnected' ? monitor.statusOf('tf') : undefined,
    );
    assert.deepEqual(status!.problem, { kind: 'tokenFile', path: tokenPath, detail: 'does not exist' });
    writeFileSync(tokenPath, await readerServiceAccountToken(admin, ns, 'late'));
    await until('connected once the file is there', 30_000, () =>
      monitor.statusOf('tf')?.state === 'connected' ? true : undefined,
    );
  });
});
