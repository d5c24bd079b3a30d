import { spawnJsonLines, type JsonLineProcess } from './processes';
import { toolBinary } from './toolPaths';

export interface HeartbeatsOptions {
  readonly kubeconfig: string;
  readonly context?: string;
  /** How many node Leases (kube-node-lease/<prefix><n>), each renewed once per `interval`. */
  readonly count: number;
  /** How many of them (the last ones) are never renewed after they are created. */
  readonly stale?: number;
  /** Go duration; 10s (the kubelet's) by default. */
  readonly interval?: string;
  /** leaseDurationSeconds written into each Lease; 40 (the kubelet's) by default. */
  readonly leaseDurationSeconds?: number;
  readonly prefix?: string;
  readonly workers?: number;
  /** Go duration between stats lines; none by default. */
  readonly report?: string;
  /** Delete the Leases on stop (a test sharing the API server leaves nothing behind). */
  readonly cleanup?: boolean;
}

/** The node heartbeats of a large cluster, written by tools/heartbeats against a real API server. */
export class Heartbeats {
  private constructor(readonly process: JsonLineProcess) {}

  static start(options: HeartbeatsOptions): Heartbeats {
    const args = ['--kubeconfig', options.kubeconfig, '--count', String(options.count)];
    if (options.context !== undefined) args.push('--context', options.context);
    if (options.stale !== undefined) args.push('--stale', String(options.stale));
    if (options.interval !== undefined) args.push('--interval', options.interval);
    if (options.leaseDurationSeconds !== undefined) args.push('--lease-duration', String(options.leaseDurationSeconds));
    if (options.prefix !== undefined) args.push('--prefix', options.prefix);
    if (options.workers !== undefined) args.push('--workers', String(options.workers));
    if (options.report !== undefined) args.push('--report', options.report);
    if (options.cleanup === true) args.push('--cleanup');
    return new Heartbeats(spawnJsonLines(toolBinary('heartbeats'), args));
  }

  /** Resolves once every Lease exists (the tool's "ready" line). */
  async ready(timeoutMs: number): Promise<{ readonly createMs: number }> {
    const line = await this.process.waitFor((l) => l.event === 'ready', timeoutMs, 'the heartbeats to be created');
    return { createMs: Number(line.createMs) };
  }

  /** Renewals written so far, by the latest stats line (needs `report`). */
  renewals(): number {
    const stats = [...this.process.lines].reverse().find((l) => l.event === 'stats');
    return Number(stats?.renewals ?? 0);
  }

  /** Stops renewing (and with `cleanup`, deletes the Leases); resolves when the tool has exited. */
  async stop(): Promise<void> {
    await this.process.stop('SIGTERM');
  }
}
