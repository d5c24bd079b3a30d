import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runExtensionSuite } from './runExtensionTests';
import { TestCluster } from './testCluster';
import { makeTempDir, removeTempDir } from './vscodeServer';

/** A context in the extension's kubeconfig whose server refuses connections (loopback port 1). */
export const UNREACHABLE_CONTEXT = 'testenv-unreachable';
/** A context on the real cluster whose token the API server rejects (401), like a revoked one. */
export const REJECTED_CONTEXT = 'testenv-rejected';

/**
 * The cluster's kubeconfig plus one context that cannot be reached, so tests can select it and see
 * how the view explains an unreachable server. Electors keep using the cluster's own file.
 */
function kubeconfigWithUnreachable(source: string, dir: string): string {
  const config = parse(readFileSync(source, 'utf8')) as {
    clusters?: unknown[];
    contexts?: unknown[];
    users?: unknown[];
  };
  config.clusters = [
    ...(config.clusters ?? []),
    { name: 'unreachable', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } },
  ];
  config.users = [...(config.users ?? []), { name: 'unreachable', user: { token: 'not-a-real-token' } }];
  config.contexts = [
    ...(config.contexts ?? []),
    { name: UNREACHABLE_CONTEXT, context: { cluster: 'unreachable', user: 'unreachable' } },
  ];
  // The real cluster (the first one the file defines), with a token it has never issued.
  const real = (config.clusters as { name: string }[])[0]!.name;
  config.users = [...config.users, { name: 'rejected', user: { token: 'expired-or-revoked-token' } }];
  config.contexts = [...config.contexts, { name: REJECTED_CONTEXT, context: { cluster: real, user: 'rejected' } }];
  const file = join(dir, 'kubeconfig.yaml');
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/**
 * The extension-host suite against a real cluster: starts one kube-testenv (a real kube-apiserver
 * with etcd) for the whole run, points the extension at it through the Machine setting
 * `leaseLens.kubeconfigPath` (machine-scoped settings are only honoured there, see
 * docs/architecture.md, "The real VS Code"; the file also has one unreachable context), and hands
 * the cluster to the tests through the environment of the VS Code server — the only way variables reach the
 * extension host. The tests attach to it with integrationHooks.cluster() and start real client-go
 * electors themselves.
 *
 * As a program (`npm run test:extension`): exits with the suite's code. Arguments: --grep <pattern>.
 * The suite's other options (timeouts, verbose output) are runExtensionTests's.
 */
export async function runClusterExtensionSuite(grep?: string): Promise<number> {
  const t0 = Date.now();
  let cluster: TestCluster | undefined;
  const dir = makeTempDir('lease-lens-ext-kube-');
  try {
    cluster = await TestCluster.start();
    console.log(`real kube-apiserver ready at ${cluster.info.server} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const result = await runExtensionSuite({
      settings: { 'leaseLens.kubeconfigPath': kubeconfigWithUnreachable(cluster.info.kubeconfig, dir) },
      env: {
        LEASE_LENS_TEST_UNREACHABLE_CONTEXT: UNREACHABLE_CONTEXT,
        LEASE_LENS_TEST_REJECTED_CONTEXT: REJECTED_CONTEXT,
        // Also for the electors the tests start, and so no developer kubeconfig is ever read.
        KUBECONFIG: cluster.info.kubeconfig,
        LEASE_LENS_TEST_CLUSTER: JSON.stringify(cluster.info),
        ...(grep ? { LEASE_LENS_TEST_GREP: grep } : {}),
      },
    });
    return result.exitCode;
  } catch (err) {
    console.error(
      `extension tests: could not start the test cluster: ${err instanceof Error ? err.message : String(err)}`,
    );
    return 1;
  } finally {
    await cluster?.stop();
    removeTempDir(dir);
  }
}

if (basename(process.argv[1] ?? '') === 'runClusterExtensionTests.js') {
  const grepAt = process.argv.indexOf('--grep');
  void runClusterExtensionSuite(grepAt > 0 ? process.argv[grepAt + 1] : undefined).then((code) => {
    process.exitCode = code;
  });
}
