import { spawnJsonLines, type JsonLineProcess } from './processes';
import { toolBinary } from './toolPaths';

export interface ElectorOptions {
  readonly kubeconfig: string;
  readonly context?: string;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  /** Go durations, e.g. "4s". */
  readonly leaseDuration?: string;
  readonly renewDeadline?: string;
  readonly retryPeriod?: string;
  readonly releaseOnCancel?: boolean;
  /** Exit without releasing after leading this long (Go duration). */
  readonly crashAfter?: string;
  /** A legacy lock from client-go 1.23: configmaps, endpoints, configmapsleases, endpointsleases. */
  readonly legacyLockType?: 'configmaps' | 'endpoints' | 'configmapsleases' | 'endpointsleases';
  /** Coordinated leader election: a LeaseCandidate with these versions; the API server picks the holder. */
  readonly coordinated?: { readonly emulationVersion: string; readonly binaryVersion: string };
}

/**
 * A fast election on a test cluster's admin context: a 4 s lease, 3 s renew deadline and 1 s retry
 * period, so failovers happen within seconds.
 */
export function fastElection(
  cluster: { readonly info: { readonly kubeconfig: string; readonly contexts: { readonly admin: string } } },
  namespace: string,
  name: string,
  identity: string,
  extra: Partial<ElectorOptions> = {},
): ElectorOptions {
  return {
    kubeconfig: cluster.info.kubeconfig,
    context: cluster.info.contexts.admin,
    namespace,
    name,
    identity,
    leaseDuration: '4s',
    renewDeadline: '3s',
    retryPeriod: '1s',
    ...extra,
  };
}

/** A real client-go leader election candidate (tools/elector, or tools/legacy-elector). */
export class Elector {
  private constructor(
    readonly options: ElectorOptions,
    readonly process: JsonLineProcess,
  ) {}

  static start(options: ElectorOptions): Elector {
    const args = [
      '--kubeconfig',
      options.kubeconfig,
      '--namespace',
      options.namespace,
      '--name',
      options.name,
      '--identity',
      options.identity,
      '--lease-duration',
      options.leaseDuration ?? '4s',
      '--renew-deadline',
      options.renewDeadline ?? '3s',
      '--retry-period',
      options.retryPeriod ?? '1s',
    ];
    if (options.context) args.push('--context', options.context);
    if (options.releaseOnCancel) args.push('--release-on-cancel');
    if (options.crashAfter) args.push('--crash-after', options.crashAfter);
    if (options.legacyLockType) args.push('--lock-type', options.legacyLockType);
    if (options.coordinated)
      args.push(
        '--coordinated',
        '--emulation-version',
        options.coordinated.emulationVersion,
        '--binary-version',
        options.coordinated.binaryVersion,
      );
    const binary = toolBinary(options.legacyLockType ? 'legacy-elector' : 'elector');
    return new Elector(options, spawnJsonLines(binary, args));
  }

  get identity(): string {
    return this.options.identity;
  }

  /** True once this candidate has logged that it leads and has not logged that it stopped. */
  get leading(): boolean {
    let leading = false;
    for (const l of this.process.lines) {
      if (l.event === 'leading') leading = true;
      if (l.event === 'stopped-leading') leading = false;
    }
    return leading && this.process.child.exitCode === null && this.process.child.signalCode === null;
  }

  waitLeading(timeoutMs: number): Promise<Record<string, unknown>> {
    return this.process.waitFor((l) => l.event === 'leading', timeoutMs, `${this.identity} to lead`);
  }

  waitStoppedLeading(timeoutMs: number): Promise<Record<string, unknown>> {
    return this.process.waitFor((l) => l.event === 'stopped-leading', timeoutMs, `${this.identity} to stop leading`);
  }

  /** Graceful stop (SIGTERM): releases the lock when started with releaseOnCancel. */
  stop(): Promise<number | null> {
    return this.process.stop('SIGTERM');
  }

  /** Dies without releasing (SIGKILL), like a crashed or partitioned leader. */
  kill(): Promise<number | null> {
    return this.process.stop('SIGKILL');
  }
}

/** Tracks electors started by a test so that afterEach can stop them all, even after a failure. */
export class ElectorPool {
  private readonly all: Elector[] = [];
  start(options: ElectorOptions): Elector {
    const e = Elector.start(options);
    this.all.push(e);
    return e;
  }
  async stopAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((e) => e.kill()));
  }
}
