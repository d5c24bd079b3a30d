import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig, type KubeContext } from '../../src/cluster/kubeconfigLoader';
import { KubeTransport } from '../../src/cluster/kubeHttp';
import { spawnJsonLines, type JsonLineProcess } from './processes';
import { toolBinary } from './toolPaths';

/** What kube-testenv prints once /readyz is ok. */
export interface TestClusterInfo {
  readonly kubeconfig: string;
  readonly server: string;
  readonly contexts: { readonly admin: string; readonly readonly: string };
  readonly etcd?: string;
  readonly dataDir?: string;
  /** kube-testenv's directory: certs/apiserver.crt and .key serve 127.0.0.1, signed by `ca`. */
  readonly dir?: string;
  readonly ca?: string;
}

export interface StartOptions {
  /** Reuse an etcd data dir (to restart the API server over the same data). */
  readonly etcdData?: string;
  /** A fixed secure port (so a restarted server keeps its URL). */
  readonly port?: number;
  readonly dir?: string;
  /** Extra kube-apiserver flags (after `--`, so they override kube-testenv's own). */
  readonly apiServerArgs?: readonly string[];
}

/** A real kube-apiserver with etcd, from tools/kube-testenv, and the project's own clients for it. */
export class TestCluster {
  private constructor(
    readonly info: TestClusterInfo,
    /** The kube-testenv process, when this TestCluster started it (not when it attached to one). */
    readonly process: JsonLineProcess | undefined,
    readonly admin: KubeContext,
    readonly readonly: KubeContext,
  ) {}

  static async start(options: StartOptions = {}): Promise<TestCluster> {
    const args: string[] = [];
    if (options.dir) args.push('--dir', options.dir);
    if (options.etcdData) args.push('--etcd-data', options.etcdData);
    if (options.port) args.push('--port', String(options.port));
    if (options.apiServerArgs?.length) args.push('--', ...options.apiServerArgs);
    const proc = spawnJsonLines(toolBinary('kube-testenv'), args);
    const line = await proc.waitFor((l) => typeof l.kubeconfig === 'string', 180_000, 'kube-testenv ready line');
    return TestCluster.attach(line as unknown as TestClusterInfo, proc);
  }

  /** Clients for a cluster that is already running (started by the global fixture, say). */
  static attach(info: TestClusterInfo, proc?: JsonLineProcess): TestCluster {
    const loaded = loadKubeconfig({ path: info.kubeconfig });
    const admin = loaded.contexts.find((c) => c.name === info.contexts.admin);
    const ro = loaded.contexts.find((c) => c.name === info.contexts.readonly);
    if (!admin || !ro)
      throw new Error(
        `kube-testenv's kubeconfig ${info.kubeconfig} lacks its contexts: ${JSON.stringify(loaded.problems)}`,
      );
    return new TestCluster(info, proc, admin, ro);
  }

  adminTransport(): KubeTransport {
    return new KubeTransport(this.admin);
  }

  /** A fresh namespace per test: without a controller manager, deleted namespaces never go away. */
  async createNamespace(prefix: string): Promise<string> {
    const name = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`
      .toLowerCase()
      .slice(0, 63);
    await this.adminTransport().json('/api/v1/namespaces', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    });
    return name;
  }

  async stop(): Promise<void> {
    await this.process?.stop('SIGTERM');
  }
}

/** A scratch directory removed at the end of the run. */
export function scratchDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `lease-lens-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
