import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LockMonitor, type ContextStatus } from '../../src/cluster/lockMonitor';
import { displayText, lockKey } from '../../src/core';
import { contextStatusMessages } from '../../src/ui/tree/contextMessages';
import {
  execUser,
  pluginFiles,
  pluginProcesses,
  pluginRuns,
  writePlugin,
  type PluginFiles,
} from '../support/execPlugins';
import { cluster } from '../support/integrationHooks';
import {
  kubeconfigText,
  onCluster,
  putLease,
  readerServiceAccountToken,
  replaceFile,
} from '../support/kubeconfigFiles';
import { monitorFixture } from '../support/monitorFixture';
import { until } from '../support/until';

/**
 * Exec credential plugins against the real API server: shell scripts speaking the real
 * ExecCredential protocol and handing out real ServiceAccount tokens (TokenRequest), revoked by
 * deleting their ServiceAccount. Short watches (1 s) make the monitor ask for credentials often.
 */
describe('exec credential plugins', function () {
  this.timeout(120_000);
  const WATCH = { watchTimeoutSeconds: 1, silenceGraceMs: 5000, backoffInitialMs: 100, backoffMaxMs: 300 };
  let files: PluginFiles;
  const fixture = monitorFixture('exec', {
    afterDispose: () => assert.deepEqual(pluginProcesses(files), [], 'no plugin process is left after dispose'),
  });
  beforeEach(() => {
    files = pluginFiles(fixture.dir);
  });

  /** A kubeconfig whose contexts all use one exec user; starts a monitor on it. */
  function start(
    user: Record<string, unknown>,
    contexts: string[] = ['exec'],
    options: { execTimeoutMs?: number } = {},
  ): LockMonitor {
    const c = cluster();
    const file = join(fixture.dir, 'config');
    writeFileSync(
      file,
      kubeconfigText(contexts.map((name) => ({ ...onCluster(c, name, ''), token: undefined, user, userName: 'sso' }))),
    );
    const monitor = new LockMonitor({
      kubeconfig: { path: file },
      contexts,
      readEvents: false,
      watch: WATCH,
      execTimeoutMs: options.execTimeoutMs,
    });
    fixture.monitor = monitor;
    monitor.start();
    return monitor;
  }

  const statusOf = (name = 'exec'): ContextStatus | undefined => fixture.monitor?.statusOf(name);
  const until401Free = (what: string) =>
    until(what, 60_000, () => (statusOf()?.state === 'connected' ? statusOf() : undefined));

  /** Retries would happen within this time if the monitor retried on its own (backoff ≤ 300 ms). */
  const during = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('an expiring token: one run shared by all requests, again only after it expired; KUBERNETES_EXEC_INFO and closed stdin as kubectl', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('exec');
    await putLease(admin, ns, 'held', 'holder-1');
    writeFileSync(files.tokenFile, await readerServiceAccountToken(admin, ns, 'exec-a'));
    const plugin = writePlugin(files, 'token-plugin', { kind: 'token', expiresInSeconds: 3 });
    const started = Date.now();
    start(execUser(plugin));
    await until401Free('connected with the plugin token');
    await until('the lock is seen', 20_000, () => fixture.monitor!.store.get(lockKey('exec', 'Lease', ns, 'held')));
    assert.deepEqual(JSON.parse(readFileSync(files.infoFile, 'utf8')), {
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: { interactive: false },
    });
    const runsAtStart = pluginRuns(files);
    await until('the plugin ran again after its token expired, twice', 30_000, () =>
      pluginRuns(files) >= runsAtStart + 2 ? true : undefined,
    );
    const elapsed = Date.now() - started;
    // Four watches ask for a credential about every second; each token lives 2–3 s (whole seconds).
    assert.ok(
      pluginRuns(files) <= Math.ceil(elapsed / 2000) + 2,
      `${pluginRuns(files)} runs in ${elapsed} ms: one per expiry, not one per request`,
    );
    assert.ok(
      readFileSync(files.stdinFile, 'utf8')
        .trim()
        .split('\n')
        .every((l) => l === 'closed'),
      'stdin is closed for every run',
    );
    assert.equal(statusOf()?.state, 'connected');
  });

  it('no expirationTimestamp: one run for the life of the monitor, shared by two contexts of the same user, across Refresh', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('exec');
    await putLease(admin, ns, 'held', 'holder-1');
    writeFileSync(files.tokenFile, await readerServiceAccountToken(admin, ns, 'exec-b'));
    start(execUser(writePlugin(files, 'token-plugin', { kind: 'token' })), ['one', 'two']);
    await until('both contexts connect', 60_000, () =>
      fixture.monitor!.statusOf('one')?.state === 'connected' && fixture.monitor!.statusOf('two')?.state === 'connected'
        ? true
        : undefined,
    );
    await putLease(admin, ns, 'held', 'holder-2');
    await until('a change is seen after several watch cycles', 20_000, () =>
      fixture.monitor!.store.get(lockKey('two', 'Lease', ns, 'held'))?.view.holder === 'holder-2' ? true : undefined,
    );
    fixture.monitor!.refresh();
    await putLease(admin, ns, 'held', 'holder-3');
    await until('a change is seen after Refresh', 20_000, () =>
      fixture.monitor!.store.get(lockKey('one', 'Lease', ns, 'held'))?.view.holder === 'holder-3' ? true : undefined,
    );
    await during(2500); // Two more watch cycles (1 s each) of every watch of both contexts.
    assert.equal(pluginRuns(files), 1, 'the plugin ran once');
  });

  it('a credential that arrives already expired (a clock ahead of the issuer) does not make every request run the plugin', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('exec');
    writeFileSync(files.tokenFile, await readerServiceAccountToken(admin, ns, 'exec-skew'));
    start(execUser(writePlugin(files, 'token-plugin', { kind: 'token', expiresInSeconds: -3600 })));
    await until401Free('connected with a token that says it expired an hour ago');
    await during(3000); // Three watch cycles of four watches.
    assert.equal(pluginRuns(files), 1);
  });

  it('a plugin that fails (expired sign-in): "Sign-in needed", its first meaningful line, no retry storm; Retry runs it once more', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('exec');
    writeFileSync(files.tokenFile, await readerServiceAccountToken(admin, ns, 'exec-c'));
    const plugin = writePlugin(files, 'aws', { kind: 'fail' });
    start(execUser(plugin));
    const status = await until('the context waits for a sign-in', 30_000, () =>
      statusOf()?.state === 'credentials' ? statusOf() : undefined,
    );
    assert.deepEqual(status!.problem, {
      kind: 'signIn',
      plugin: 'aws',
      detail: 'Token has expired and refresh failed',
      exitCode: 255,
    });
    const [row] = contextStatusMessages('exec', status);
    assert.equal(row!.label, 'Sign-in needed for exec: aws says: Token has expired and refresh failed');
    assert.equal(row!.action, 'retry');
    await during(3000);
    assert.equal(pluginRuns(files), 1, 'not run again on its own (four watches, 300 ms backoff)');
    assert.equal(statusOf()?.message, status!.message, 'the status did not change with the timestamps');

    fixture.monitor!.refresh();
    await until('Retry ran the plugin once more', 20_000, () => (pluginRuns(files) === 2 ? true : undefined));
    await until('it waits again', 20_000, () => (statusOf()?.state === 'credentials' ? true : undefined));
    await during(1000);
    assert.equal(pluginRuns(files), 2, 'one run for every request Retry restarted');

    writePlugin(files, 'aws', { kind: 'token' }); // The user signed in.
    fixture.monitor!.refresh();
    await until401Free('connected after signing in and Retry');
    assert.equal(pluginRuns(files), 3);
  });

  it('after a failed sign-in, a change of the kubeconfig file is a reason to try again', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('exec');
    writeFileSync(files.tokenFile, await readerServiceAccountToken(admin, ns, 'exec-kc'));
    start(execUser(writePlugin(files, 'aws', { kind: 'fail' })));
    await until('the context waits for a sign-in', 30_000, () =>
      statusOf()?.state === 'credentials' ? true : undefined,
    );
    writePlugin(files, 'aws', { kind: 'token' }); // Signed in, and then…
    const file = join(fixture.dir, 'config');
    replaceFile(file, `${readFileSync(file, 'utf8')}\n`); // …the kubeconfig was written (aws eks update-kubeconfig).
    await until401Free('connected after the kubeconfig changed, without Retry');
    assert.equal(pluginRuns(files), 2);
  });

  it('a plugin that never answers is killed with its children after the timeout, and the context says so', async () => {
    const plugin = writePlugin(files, 'kubelogin', { kind: 'hang' });
    start(execUser(plugin, { args: ['get-token', '--login', 'devicecode'] }), ['exec'], { execTimeoutMs: 1500 });
    await until('the plugin runs', 20_000, () => (pluginProcesses(files).length >= 2 ? true : undefined));
    const status = await until('the context says the plugin did not answer', 30_000, () =>
      statusOf()?.state === 'credentials' ? statusOf() : undefined,
    );
    assert.equal(status!.problem?.kind, 'pluginTimeout');
    const rows = contextStatusMessages('exec', status);
    assert.deepEqual(
      rows.map((r) => [r.label, r.action]),
      [
        ['The credential plugin kubelogin did not answer within 2 s', 'retry'],
        [`Run ${plugin} get-token --login devicecode in a terminal`, 'runInTerminal'],
      ],
    );
    await until('the plugin and its child are gone', 10_000, () =>
      pluginProcesses(files).length === 0 ? true : undefined,
    );
    await during(2000);
    assert.equal(pluginRuns(files), 1, 'not started again until Retry');
  });

  it('dispose() ends at once while a plugin hangs, and leaves no plugin process', async () => {
    writePlugin(files, 'kubelogin', { kind: 'hang' });
    start(execUser(join(files.dir, 'kubelogin')), ['exec'], { execTimeoutMs: 60_000 });
    await until('the plugin and its child run', 20_000, () => (pluginProcesses(files).length >= 2 ? true : undefined));
    const m = fixture.monitor!;
    fixture.monitor = undefined;
    await m.dispose();
    await until('no plugin process is left', 5_000, () => (pluginProcesses(files).length === 0 ? true : undefined));
  });

  it('a missing plugin: not found on PATH, with the PATH and the installHint, not retried', async () => {
    start(
      execUser('lease-lens-no-such-plugin', {
        installHint: 'Install lease-lens-no-such-plugin with `apt install it`.',
      }),
    );
    const status = await until('the context says the plugin is missing', 30_000, () =>
      statusOf()?.state === 'credentials' ? statusOf() : undefined,
    );
    assert.deepEqual(status!.problem, {
      kind: 'pluginMissing',
      plugin: 'lease-lens-no-such-plugin',
      command: 'lease-lens-no-such-plugin',
      path: process.env.PATH,
      installHint: 'Install lease-lens-no-such-plugin with `apt install it`.',
    });
    const [row] = contextStatusMessages('exec', status);
    assert.equal(row!.label, 'The credential plugin lease-lens-no-such-plugin was not found on PATH');
    assert.equal(
      row!.description,
      // The PATH as every text from outside is shown: cut by displayText when long (npm's own PATH is).
      `Install lease-lens-no-such-plugin with \`apt install it\`. · PATH: ${displayText(process.env.PATH ?? '')} — Retry`,
    );
  });

  it('interactiveMode: Always is not started blind: the context says what to run in a terminal', async () => {
    const plugin = writePlugin(files, 'kubelogin', { kind: 'token' });
    start(execUser(plugin, { interactiveMode: 'Always', args: ['get-token'] }));
    const status = await until('the context asks for a terminal', 30_000, () =>
      statusOf()?.state === 'credentials' ? statusOf() : undefined,
    );
    assert.equal(status!.problem?.kind, 'interactive');
    const rows = contextStatusMessages('exec', status);
    assert.equal(rows[0]!.label, 'exec needs a terminal to sign in: kubelogin is interactive');
    assert.equal(rows[1]!.label, `Run ${plugin} get-token in a terminal`);
    assert.equal(rows[1]!.action, 'runInTerminal');
    assert.equal(pluginRuns(files), 0, 'never started');
  });

  it('a 401 runs the plugin again, and its new token is used', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('exec');
    await putLease(admin, ns, 'held', 'holder-1');
    writeFileSync(files.tokenFile, await readerServiceAccountToken(admin, ns, 'exec-old'));
    start(execUser(writePlugin(files, 'token-plugin', { kind: 'token' })));
    await until401Free('connected with the first token');
    assert.equal(pluginRuns(files), 1);

    // The plugin would now hand out a new token (a new SSO session); the old one is revoked.
    writeFileSync(files.tokenFile, await readerServiceAccountToken(admin, ns, 'exec-new'));
    await admin.json(`/api/v1/namespaces/${ns}/serviceaccounts/exec-old`, { method: 'DELETE' });
    await until('the plugin ran again after a 401', 30_000, () => (pluginRuns(files) >= 2 ? true : undefined));
    await putLease(admin, ns, 'held', 'holder-2');
    await until('a change after the revocation is seen with the new token', 30_000, () =>
      fixture.monitor!.store.get(lockKey('exec', 'Lease', ns, 'held'))?.view.holder === 'holder-2' ? true : undefined,
    );
    // Watches that got the 401 reconnect after their backoff (≤ 300 ms), with the new token.
    await until401Free('every watch reconnected');
    assert.equal(pluginRuns(files), 2, 'one re-run for the 401, shared by the requests that got it');
  });

  it('a fresh token rejected again: stops asking the plugin and says the credentials were rejected', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('exec');
    writeFileSync(files.tokenFile, await readerServiceAccountToken(admin, ns, 'exec-revoked'));
    start(execUser(writePlugin(files, 'token-plugin', { kind: 'token' })));
    await until401Free('connected');
    await admin.json(`/api/v1/namespaces/${ns}/serviceaccounts/exec-revoked`, { method: 'DELETE' });
    const status = await until('the context says the plugin credential was rejected', 30_000, () =>
      statusOf()?.state === 'credentials' ? statusOf() : undefined,
    );
    assert.deepEqual(status!.problem, { kind: 'pluginRejected', plugin: 'token-plugin' });
    assert.equal(contextStatusMessages('exec', status)[0]!.label, `Credentials rejected by ${status!.server}`);
    await during(2000);
    assert.equal(pluginRuns(files), 2, 'the first run and one re-run, then nothing until Retry');
  });
});
