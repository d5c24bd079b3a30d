import { TestCluster, type TestClusterInfo } from './testCluster';

/**
 * Mocha global fixtures for the integration stage: one real API server for the whole run,
 * stopped at the end whether the tests passed or not (processes.ts also kills it on exit).
 * Each test file is its own bundle, so the running cluster is handed over through the
 * environment, and cluster() builds that file's own clients for it.
 */
const ENV = 'LEASE_LENS_TEST_CLUSTER';
let started: TestCluster | undefined;
let attached: TestCluster | undefined;

export function cluster(): TestCluster {
  const raw = process.env[ENV];
  if (!raw)
    throw new Error(
      'the shared test cluster is not running: run the integration tests with --require out/test/support/integrationHooks.js (npm run test:integration)',
    );
  attached ??= TestCluster.attach(JSON.parse(raw) as TestClusterInfo);
  return attached;
}

export async function mochaGlobalSetup(): Promise<void> {
  const t0 = Date.now();
  started = await TestCluster.start();
  process.env[ENV] = JSON.stringify(started.info);
  console.log(`real kube-apiserver ready at ${started.info.server} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await started?.stop();
  started = undefined;
  delete process.env[ENV];
}
