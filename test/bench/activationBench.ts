// Activation in the real VS Code (the server bundled in code-server), against the real API
// server: the time activate() takes, and from activation to the first tree data. Used by
// clusterBench; runs the activation "suite" through the same harness as the extension tests.
import { join } from 'node:path';
import { runExtensionSuite } from '../support/runExtensionTests';
import { TestCluster } from '../support/testCluster';
import { repoRoot } from '../support/toolPaths';

export interface ActivationFigures {
  readonly activation_ms: number;
  readonly first_tree_ms: number;
}

export async function measureActivation(): Promise<ActivationFigures> {
  const cluster = await TestCluster.start();
  try {
    let figures: ActivationFigures | undefined;
    const result = await runExtensionSuite({
      settings: { 'leaseLens.kubeconfigPath': cluster.info.kubeconfig },
      env: { KUBECONFIG: cluster.info.kubeconfig },
      testsPath: join(repoRoot, 'out', 'test', 'bench', 'activation', 'index.js'),
      out: (line) => {
        const m = /LEASE_LENS_BENCH (\{.*\})/.exec(line);
        if (m?.[1]) {
          const parsed = JSON.parse(m[1]) as { activation_ms: number; first_tree_ms: number | null };
          figures = { activation_ms: parsed.activation_ms, first_tree_ms: parsed.first_tree_ms ?? NaN };
        }
      },
    });
    if (result.exitCode !== 0 || !figures)
      throw new Error(`the activation run failed (exit ${result.exitCode}${result.error ? `: ${result.error}` : ''})`);
    return figures;
  } finally {
    await cluster.stop();
  }
}
