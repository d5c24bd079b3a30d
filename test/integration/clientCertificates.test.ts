import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKubeconfig } from '../../src/cluster/kubeconfigLoader';
import { KubeTransport } from '../../src/cluster/kubeHttp';
import { replaceFile, whoAmI } from '../support/kubeconfigFiles';
import { missingPart } from '../support/missingPart';
import { scratchDir, TestCluster } from '../support/testCluster';

const OPENSSL = '/usr/bin/openssl';

/**
 * Client certificates from files (kubeconfig client-certificate / client-key), renewed on disk as
 * cert-manager or a rotation script does: the next request authenticates with the new one (client
 * -node read them once per request but made a new connection each time; Lease Lens keeps its
 * connections alive, so it must notice the change and close them). A second real API server, with
 * a client CA of the test's own, made with openssl.
 */
describe('client certificate files', function () {
  this.timeout(180_000);
  let dir: { path: string; remove(): void };
  let server: TestCluster | undefined;
  let transport: KubeTransport | undefined;

  beforeEach(() => {
    dir = scratchDir('certs');
  });
  afterEach(async () => {
    await transport?.dispose();
    transport = undefined;
    await server?.stop();
    server = undefined;
    dir.remove();
  });

  it('are read again when they change: the next request is made as the new certificate', async function () {
    if (!existsSync(OPENSSL)) missingPart(this, OPENSSL, "install Debian's openssl (apt-get install openssl)");
    const ssl = (...args: string[]) => execFileSync(OPENSSL, args, { cwd: dir.path, stdio: 'pipe' });
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '1',
      '-subj',
      '/CN=lease-lens-test-client-ca',
    );
    for (const user of ['cert-user-1', 'cert-user-2']) {
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${user}.key`,
        '-out',
        `${user}.csr`,
        '-subj',
        `/CN=${user}`,
      );
      ssl(
        'x509',
        '-req',
        '-in',
        `${user}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${user}.crt`,
        '-days',
        '1',
      );
    }
    server = await TestCluster.start({ apiServerArgs: [`--client-ca-file=${join(dir.path, 'ca.crt')}`] });
    const cl = server.admin.kubeConfig.getCurrentCluster()!;
    const crt = join(dir.path, 'client.crt');
    const key = join(dir.path, 'client.key');
    replaceFile(crt, readFileSync(join(dir.path, 'cert-user-1.crt')));
    replaceFile(key, readFileSync(join(dir.path, 'cert-user-1.key')));
    const file = join(dir.path, 'config');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'certs',
        clusters: [{ name: 'c', cluster: { server: cl.server, 'certificate-authority-data': cl.caData } }],
        users: [{ name: 'u', user: { 'client-certificate': 'client.crt', 'client-key': 'client.key' } }],
        contexts: [{ name: 'certs', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    transport = new KubeTransport(loadKubeconfig({ path: file }).contexts[0]!);
    assert.equal(await whoAmI(transport), 'cert-user-1');
    assert.equal(await whoAmI(transport), 'cert-user-1', 'the same connection, kept alive');

    replaceFile(crt, readFileSync(join(dir.path, 'cert-user-2.crt')));
    replaceFile(key, readFileSync(join(dir.path, 'cert-user-2.key')));
    assert.equal(await whoAmI(transport), 'cert-user-2', 'the renewed certificate is used at once');
  });
});
