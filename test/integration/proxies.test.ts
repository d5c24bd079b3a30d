import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKubeconfig } from '../../src/cluster/kubeconfigLoader';
import { KubeTransport } from '../../src/cluster/kubeHttp';
import { LockMonitor, type LockMonitorOptions } from '../../src/cluster/lockMonitor';
import type { ProxySettings } from '../../src/cluster/proxySelection';
import { lockKey } from '../../src/core';
import { contextStatusMessages } from '../../src/ui/tree/contextMessages';
import { TcpRelay } from '../support/tcpRelay';
import { cluster } from '../support/integrationHooks';
import { kubeconfigText, onCluster, putLease, type ContextSpec } from '../support/kubeconfigFiles';
import { machineAddress } from '../support/machineAddress';
import { scratchDir } from '../support/testCluster';
import { Tinyproxy } from '../support/tinyproxy';
import { until } from '../support/until';

/**
 * Proxies as kubectl uses them, through a real HTTP proxy (Debian's tinyproxy, which logs every
 * CONNECT): the kubeconfig's proxy-url (with proxy authentication), HTTPS_PROXY and NO_PROXY, VS
 * Code's http.proxy, a proxy stopped mid-watch and one that cannot reach the server.
 */
describe('proxies', function () {
  this.timeout(120_000);
  const WATCH = { watchTimeoutSeconds: 2, silenceGraceMs: 5000, backoffInitialMs: 100, backoffMaxMs: 500 };
  let dir: { path: string; remove(): void };
  let proxy: Tinyproxy | undefined;
  let relay: TcpRelay | undefined;
  const monitors: LockMonitor[] = [];
  const transports: KubeTransport[] = [];

  beforeEach(() => {
    dir = scratchDir('proxy');
  });
  afterEach(async () => {
    for (const m of monitors.splice(0)) await m.dispose();
    for (const t of transports.splice(0)) await t.dispose();
    await proxy?.stop();
    proxy = undefined;
    await relay?.close();
    relay = undefined;
    dir.remove();
  });

  const apiPort = () => new URL(cluster().info.server).port;
  const adminToken = () => cluster().admin.kubeConfig.getCurrentUser()!.token!;

  function writeConfig(name: string, specs: ContextSpec[]): string {
    const file = join(dir.path, name);
    writeFileSync(file, kubeconfigText(specs));
    return file;
  }

  function startMonitor(file: string, context: string, options: Partial<LockMonitorOptions> = {}): LockMonitor {
    const logs: string[] = [];
    const m = new LockMonitor({
      kubeconfig: { path: file },
      contexts: [context],
      readEvents: false,
      watch: WATCH,
      log: (l) => logs.push(l),
      ...options,
    });
    Object.assign(m, { logs });
    monitors.push(m);
    m.start();
    return m;
  }
  const logsOf = (m: LockMonitor) => (m as unknown as { logs: string[] }).logs;
  const connected = (m: LockMonitor, context: string, what: string) =>
    until(what, 60_000, () => (m.statusOf(context)?.state === 'connected' ? m.statusOf(context) : undefined));

  /** The server under this machine's name (not loopback), with the certificate's name for TLS. */
  async function byMachineName(name: string): Promise<ContextSpec & { host: string }> {
    const c = cluster();
    relay = await TcpRelay.start('127.0.0.1', Number(apiPort()), '0.0.0.0');
    const host = await machineAddress();
    return {
      ...onCluster(c, name, adminToken()),
      server: `https://${host}:${relay.port}`,
      // The API server's certificate names "kubernetes", not this machine.
      cluster: { 'tls-server-name': 'kubernetes' },
      host: `${host}:${relay.port}`,
    };
  }

  it('proxy-url with proxy authentication: watches go through it, one keep-alive connection for many requests, no password shown', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('proxy');
    await putLease(admin, ns, 'held', 'holder-1');
    proxy = await Tinyproxy.start(dir.path, { basicAuth: { user: 'lens', password: 's3cret-proxy-pw' } });
    const file = writeConfig('config', [
      { ...onCluster(c, 'viaproxy', adminToken()), cluster: { 'proxy-url': proxy.url } },
    ]);
    const m = startMonitor(file, 'viaproxy');
    const status = await connected(m, 'viaproxy', 'connected through the proxy');
    await until('the lock is seen', 20_000, () => m.store.get(lockKey('viaproxy', 'Lease', ns, 'held')));
    assert.ok(proxy.connects().includes(`127.0.0.1:${apiPort()}`), `CONNECTs: ${proxy.connects().join(', ')}`);
    assert.equal(status!.route, `through the proxy ${proxy.shown} (the kubeconfig's proxy-url)`);
    const said = [...logsOf(m), JSON.stringify(m.statusesAll())].join('\n');
    assert.ok(said.includes(`through the proxy ${proxy.shown}`), 'the log says which proxy is used');
    assert.ok(!said.includes('s3cret-proxy-pw'), 'the proxy password is never shown');

    // Twenty requests one after the other: one tunnel, kept alive (client-node opened one per request).
    const t = new KubeTransport(loadKubeconfig({ path: file }).contexts[0]!);
    transports.push(t);
    const before = proxy.connects().length;
    for (let i = 0; i < 20; i++) await t.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/held`);
    assert.equal(proxy.connects().length - before, 1, 'one CONNECT for twenty requests');
  });

  it('the proxy stopped mid-watch: "Cannot reach the proxy …", retried until it is back, changes made meanwhile seen', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('proxy');
    await putLease(admin, ns, 'held', 'holder-1');
    proxy = await Tinyproxy.start(dir.path);
    const file = writeConfig('config', [
      { ...onCluster(c, 'viaproxy', adminToken()), cluster: { 'proxy-url': proxy.url } },
    ]);
    const m = startMonitor(file, 'viaproxy');
    const key = lockKey('viaproxy', 'Lease', ns, 'held');
    await connected(m, 'viaproxy', 'connected through the proxy');
    await until('the lock is seen', 20_000, () => m.store.get(key));

    await proxy.stop();
    const down = await until('the context names the proxy', 30_000, () =>
      m.statusOf('viaproxy')?.state === 'disconnected' && m.statusOf('viaproxy')?.problem?.kind === 'proxy'
        ? m.statusOf('viaproxy')
        : undefined,
    );
    assert.deepEqual(down!.problem, {
      kind: 'proxy',
      proxy: proxy.shown,
      source: 'proxy-url',
      stage: 'unreachable',
      detail: 'it refused the connection (is it running?)',
    });
    const [row] = contextStatusMessages('viaproxy', down);
    assert.equal(row!.label, `Cannot reach the proxy ${proxy.shown}`);
    assert.equal(m.store.health(key)?.unknownReason, 'stale', 'the lock is kept, marked stale');

    await putLease(admin, ns, 'held', 'holder-2');
    await proxy.restart();
    await connected(m, 'viaproxy', 'reconnected once the proxy is back');
    await until('the change made while the proxy was down is seen', 20_000, () =>
      m.store.get(key)?.view.holder === 'holder-2' ? true : undefined,
    );
  });

  it("HTTPS_PROXY is used, NO_PROXY bypasses it, loopback never goes through it, and VS Code's http.proxy wins over HTTPS_PROXY", async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const ns = await c.createNamespace('proxy');
    await putLease(admin, ns, 'held', 'holder-1');
    proxy = await Tinyproxy.start(dir.path);
    const spec = await byMachineName('byname');
    const file = writeConfig('config', [spec]);
    const env = (extra: Record<string, string>): ProxySettings => ({ env: { HTTPS_PROXY: proxy!.url, ...extra } });

    const viaEnv = startMonitor(file, 'byname', { proxy: env({}) });
    const s1 = await connected(viaEnv, 'byname', 'connected through HTTPS_PROXY');
    assert.equal(s1!.route, `through the proxy ${proxy.shown} (the HTTPS_PROXY environment variable)`);
    assert.ok(
      proxy.connects().includes(spec.host),
      `tinyproxy was asked for ${spec.host}: ${proxy.connects().join(', ')}`,
    );

    await viaEnv.dispose();
    const hostOnly = spec.host.split(':')[0]!;
    const countBefore = proxy.connects().length;
    const bypass = startMonitor(file, 'byname', { proxy: env({ NO_PROXY: `other.example,${hostOnly}` }) });
    const s2 = await connected(bypass, 'byname', 'connected directly because of NO_PROXY');
    assert.equal(proxy.connects().length, countBefore, 'nothing went through the proxy');
    assert.equal(s2!.route, `directly (NO_PROXY names ${hostOnly.toLowerCase()})`);
    await until('the bypassing monitor sees the lock', 20_000, () =>
      bypass.store.get(lockKey('byname', 'Lease', ns, 'held')),
    );

    const loopbackFile = writeConfig('loopback', [onCluster(c, 'loop', adminToken())]);
    const loop = startMonitor(loopbackFile, 'loop', { proxy: { env: { HTTPS_PROXY: 'http://127.0.0.1:1' } } });
    const s3 = await connected(loop, 'loop', 'loopback connects directly despite a dead HTTPS_PROXY');
    assert.match(s3!.route ?? '', /^directly \(127\.0\.0\.1 is a loopback address, never proxied\)$/);

    const vs = startMonitor(file, 'byname', {
      proxy: { env: { HTTPS_PROXY: 'http://127.0.0.1:1' }, vscode: { url: proxy.url, noProxy: [] } },
    });
    const s4 = await connected(vs, 'byname', "connected through VS Code's http.proxy");
    assert.equal(s4!.route, `through the proxy ${proxy.shown} (VS Code's http.proxy setting)`);
    assert.ok(proxy.connects().length > countBefore, 'through tinyproxy, not the dead HTTPS_PROXY');
    assert.deepEqual(
      proxy.connects().slice(countBefore),
      proxy
        .connects()
        .slice(countBefore)
        .map(() => spec.host),
      'only the VS Code-proxied monitor used tinyproxy after the first one stopped',
    );
  });

  it('a proxy that cannot reach the server: the proxy is named, with its answer', async () => {
    proxy = await Tinyproxy.start(dir.path);
    const file = writeConfig('config', [
      { name: 'nowhere', server: 'https://127.0.0.1:1', token: 'x', cluster: { 'proxy-url': proxy.url } },
    ]);
    const m = startMonitor(file, 'nowhere');
    const status = await until('the context names the proxy and its answer', 30_000, () =>
      m.statusOf('nowhere')?.problem?.kind === 'proxy' ? m.statusOf('nowhere') : undefined,
    );
    assert.equal(status!.problem?.kind === 'proxy' && status!.problem.stage, 'refused');
    assert.match(
      status!.problem?.kind === 'proxy' ? status!.problem.detail : '',
      /^it answered CONNECT 127\.0\.0\.1:1 with 500 /,
    );
    assert.equal(
      contextStatusMessages('nowhere', status)[0]!.label,
      `The proxy ${proxy.shown} did not connect to https://127.0.0.1:1`,
    );
  });
});
