// The benchmark's processes as the orchestrator sees them: measured parties (benchConsumer.js),
// the writer (renewWriter.js), kubectl, and the byte-counting relay every client connects through,
// so that all of them reach the API server the same way.

import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TcpRelay } from '../support/tcpRelay';
import { repoRoot } from '../support/toolPaths';
import type { ChildMessage, ParentMessage, Party, SightingPairs, WriteTriples } from './benchProtocol';
import { revision } from './benchProtocol';
import { red } from './benchReport';

export interface Relay {
  readonly port: number;
  bytes(): number;
  close(): void;
}

/**
 * A TCP relay in front of the API server that counts the bytes flowing to the client (TLS
 * included): the tests' TcpRelay. Every party, kubectl too, connects through one, so none has a
 * shorter path.
 */
export async function byteCountingRelay(target: URL): Promise<Relay> {
  const relay = await TcpRelay.to(target);
  return { port: relay.port, bytes: () => relay.bytesToClient, close: () => void relay.close() };
}

/** A copy of the kubeconfig whose server is the relay. */
export function kubeconfigVia(original: string, server: string, port: number, name: string): string {
  const text = readFileSync(original, 'utf8').split(server).join(`https://127.0.0.1:${port}`);
  const path = join(tmpdir(), `lease-lens-bench-${process.pid}-${name}.kubeconfig`);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

type Synced = Extract<ChildMessage, { type: 'synced' }>;
type Stats = Extract<ChildMessage, { type: 'stats' }>;
type Done = Extract<ChildMessage, { type: 'done' }>;

/** What a party saw, kept as it arrived. */
export class Sightings {
  readonly batches: SightingPairs[] = [];
  /** The highest resourceVersion seen so far. */
  last = -Infinity;

  add(pairs: SightingPairs): void {
    this.batches.push(pairs);
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i]! > this.last) this.last = pairs[i]!;
  }
}

export interface ChildParty {
  readonly child: ChildProcess;
  readonly seen: Map<Party, Sightings>;
  readonly synced: Promise<Synced>;
  readonly writes: WriteTriples[];
  stats(): Promise<Stats>;
  /** The next 'done' of the writer. */
  done(): Promise<Done>;
  /** The next message of this type. */
  next<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>>;
  send(m: ParentMessage): void;
  stop(): void;
}

/** A benchmark child process (out/test/bench/<script>), talking structured-clone IPC. */
export function startChild(script: string, argv: string[], execArgv: string[] = []): ChildParty {
  // LEASE_LENS_BENCH_EXEC_ARGV="--cpu-prof --cpu-prof-dir=D" (say) profiles the measured parties.
  const extra = script === 'benchConsumer.js' ? (process.env.LEASE_LENS_BENCH_EXEC_ARGV ?? '').split(' ') : [];
  const child = fork(join(repoRoot, 'out', 'test', 'bench', script), argv, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    execArgv: [...execArgv, ...extra.filter((a) => a !== '')],
  });
  const seen = new Map<Party, Sightings>();
  const writes: WriteTriples[] = [];
  let resolveSynced: (m: Synced) => void = () => undefined;
  let rejectSynced: (e: Error) => void = () => undefined;
  let statsWaiter: ((m: Stats) => void) | undefined;
  let doneWaiter: ((m: Done) => void) | undefined;
  const waiters = new Set<{ type: string; resolve: (m: ChildMessage) => void }>();
  const synced = new Promise<Synced>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  synced.catch(() => undefined);
  const party: ChildParty = {
    child,
    seen,
    synced,
    writes,
    send: (m) => {
      if (child.connected) child.send(m);
    },
    stats: () =>
      new Promise((resolve) => {
        statsWaiter = resolve;
        party.send({ type: 'stats' });
      }),
    done: () => new Promise((resolve) => (doneWaiter = resolve)),
    next: <T extends ChildMessage['type']>(type: T) =>
      new Promise<Extract<ChildMessage, { type: T }>>((resolve) => {
        waiters.add({ type, resolve: resolve as (m: ChildMessage) => void });
      }),
    stop: () => {
      party.send({ type: 'stop' });
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    },
  };
  child.on('message', (m: ChildMessage) => {
    for (const w of [...waiters])
      if (w.type === m.type) {
        waiters.delete(w);
        w.resolve(m);
      }
    switch (m.type) {
      case 'synced':
        resolveSynced(m);
        break;
      case 'seen': {
        let s = seen.get(m.party);
        if (s === undefined) seen.set(m.party, (s = new Sightings()));
        s.add(m.pairs);
        break;
      }
      case 'stats':
        statsWaiter?.(m);
        break;
      case 'writes':
        writes.push(m.triples);
        break;
      case 'done':
        doneWaiter?.(m);
        break;
      case 'error':
        console.error(`  ${script} ${argv[0]?.slice(0, 40) ?? ''}: ${m.message}`);
        rejectSynced(new Error(m.message));
        break;
      case 'created':
      case 'listening':
      case 'snapshotWritten':
      case 'sample':
        break;
    }
  });
  child.on('exit', (code) => rejectSynced(new Error(`${script} exited with ${code} before it synced`)));
  return party;
}

/** Waits for the writer's 'created' (or its error). */
export function created(writer: ChildParty): Promise<Extract<ChildMessage, { type: 'created' }>> {
  return new Promise((resolve, reject) => {
    writer.child.on('message', (m: ChildMessage) =>
      m.type === 'created' ? resolve(m) : m.type === 'error' ? reject(new Error(m.message)) : undefined,
    );
    writer.child.on('exit', (code) => reject(new Error(`the writer exited with ${code}`)));
  });
}

/** kubectl v1.37.2 from tools/ (scripts/build-tools.sh kubectl). */
export function kubectlBinary(): string {
  const path = join(repoRoot, '.build', 'bin', 'kubectl');
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: the benchmark compares with kubectl v1.37.2 built from tools/kubectl. Run \`bash scripts/build-tools.sh test kubectl\` (npm run bench does it for you).`,
    );
  return path;
}

export interface KubectlParty {
  readonly seen: Sightings;
  lines(): number;
  /** CPU seconds and peak RSS of the kubectl process, from /proc (Linux). */
  usage(): { cpuMs: number; rssBytes: number };
  stop(): void;
}

/** kubectl get leases -A -w, timing each line it prints (the baseline every operator knows). */
export function startKubectl(kubeconfig: string, context: string): KubectlParty {
  const child = spawn(
    kubectlBinary(),
    [
      '--kubeconfig',
      kubeconfig,
      '--context',
      context,
      'get',
      'leases',
      '-A',
      '-w',
      '--no-headers',
      '-o',
      'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,RV:.metadata.resourceVersion',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const seen = new Sightings();
  let pending: number[] = [];
  let lines = 0;
  const flush = () => {
    if (pending.length > 0) seen.add(Float64Array.from(pending));
    pending = [];
  };
  const timer = setInterval(flush, 100);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const at = Date.now();
    lines++;
    const rv = revision(line.trim().split(/\s+/)[2]);
    if (!Number.isNaN(rv)) pending.push(rv, at);
  });
  let stderr = '';
  let stopping = false;
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  child.on('exit', (code) => {
    if (!stopping) console.error(red(`  kubectl exited with ${code} while watching: ${stderr.trim()}`));
  });
  return {
    seen,
    lines: () => {
      flush();
      return lines;
    },
    usage: () => procUsage(child.pid),
    stop: () => {
      stopping = true;
      clearInterval(timer);
      flush();
      child.kill('SIGTERM');
    },
  };
}

/** CPU time and peak RSS of a process from /proc, for parties that are not Node (kubectl). */
export function procUsage(pid: number | undefined): { cpuMs: number; rssBytes: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { cpuMs: (ticks * 1000) / 100, rssBytes: Number(hwm?.[1] ?? 0) * 1024 };
  } catch {
    return { cpuMs: NaN, rssBytes: NaN };
  }
}
