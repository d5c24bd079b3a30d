import { basename } from 'node:path';
import { runExtensionSuite } from './runExtensionTests';
import { TestCluster } from './testCluster';

/**
 * The extension-host suite against a real cluster: starts one kube-testenv (a real kube-apiserver
 * with etcd) for the whole run, points the extension at it through the Machine setting
 * `leaseLens.kubeconfigPath` (machine-scoped settings are only honoured there, see
 * shared/vscode-server.md), and hands the cluster to the tests through the environment of the VS
 * Code server — the only way variables reach the extension host. The tests attach to it with
 * integrationHooks.cluster() and start real client-go electors themselves.
 *
 * As a program (`npm run test:extension`): exits with the suite's code. Arguments: --grep <pattern>.
 * The suite's other options (timeouts, verbose output) are runExtensionTests's.
 */
export async function runClusterExtensionSuite(grep?: string): Promise<number> {
  const t0 = Date.now();
  let cluster: TestCluster | undefined;
  try {
    cluster = await TestCluster.start();
    console.log(`real kube-apiserver ready at ${cluster.info.server} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const result = await runExtensionSuite({
      settings: { 'leaseLens.kubeconfigPath': cluster.info.kubeconfig },
      env: {
        // Also for the electors the tests start, and so no developer kubeconfig is ever read.
        KUBECONFIG: cluster.info.kubeconfig,
        LEASE_LENS_TEST_CLUSTER: JSON.stringify(cluster.info),
        ...(grep ? { LEASE_LENS_TEST_GREP: grep } : {}),
      },
    });
    return result.exitCode;
  } catch (err) {
    console.error(`extension tests: could not start the test cluster: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await cluster?.stop();
  }
}

if (basename(process.argv[1] ?? '') === 'runClusterExtensionTests.js') {
  const grepAt = process.argv.indexOf('--grep');
  void runClusterExtensionSuite(grepAt > 0 ? process.argv[grepAt + 1] : undefined).then((code) => {
    process.exitCode = code;
  });
}
