// The benchmark's load: creates Leases (mostly node heartbeats in kube-node-lease, some election
// locks) and ConfigMaps, then renews Leases at a fixed rate the way kubelets and electors do, and
// reports each write's response time with the resourceVersion it produced. Its own process, with
// a keep-alive connection pool, so the load costs the measured parties nothing.
// Usage: node renewWriter.js '<WriterConfig as JSON>'; then on each {type:'go', rate, seconds} it
// renews for that long at that rate and answers {type:'done'}; {type:'stop'} ends it.

import { randomBytes } from 'node:crypto';
import * as https from 'node:https';
import { loadKubeconfig } from '../../src/cluster/kubeconfigLoader';
import type { ChildMessage, ParentMessage } from './benchProtocol';

export interface WriterConfig {
  readonly kubeconfig: string;
  readonly context: string;
  /** Leases in all (node heartbeats plus `elections` election locks). */
  readonly leases: number;
  /** Election locks among them, spread over up to 50 namespaces (default: 1 in 100, at most 50). */
  readonly elections?: number;
  readonly configMaps?: number;
  readonly configMapKiB?: number;
  readonly annotatedConfigMaps?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WriterConfig;
const send = (m: ChildMessage) => process.send?.(m);
// The orchestrator is gone (killed, crashed): nobody will read what this process measures.
process.on('disconnect', () => process.exit(0));

const ELECTIONS = Math.min(
  config.leases,
  config.elections ?? Math.max(1, Math.min(50, Math.ceil(config.leases / 100))),
);
const NAMESPACES = Math.max(1, Math.min(50, ELECTIONS));
/** More writes waiting than this and the server is not keeping up: later ones are not sent. */
const MAX_IN_FLIGHT = 512;

interface Target {
  ns: string;
  name: string;
}

async function main(): Promise<void> {
  const ctx = loadKubeconfig({ path: config.kubeconfig }).contexts.find((c) => c.name === config.context);
  if (!ctx) throw new Error(`no context ${config.context} in ${config.kubeconfig}`);
  const base: https.RequestOptions = {};
  await ctx.kubeConfig.applyToHTTPSOptions(base);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 128, ca: base.ca, cert: base.cert, key: base.key });
  const headers = {
    ...(base.headers as Record<string, string>),
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };

  function call(
    method: string,
    path: string,
    body: unknown,
    contentType?: string,
  ): Promise<{ status: number; json: { metadata?: { resourceVersion?: string } } }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(ctx!.server + path),
        { method, agent, headers: contentType ? { ...headers, 'Content-Type': contentType } : headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            try {
              resolve({
                status: res.statusCode ?? 0,
                json: JSON.parse(text) as { metadata?: { resourceVersion?: string } },
              });
            } catch {
              resolve({ status: res.statusCode ?? 0, json: {} });
            }
          });
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  async function pool<T>(items: readonly T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < items.length) await fn(items[next++]!);
      }),
    );
  }

  const micro = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
  const started = Date.now();
  const namespaces = ['kube-node-lease', ...Array.from({ length: NAMESPACES }, (_, i) => `bench-team-${i}`)];
  await pool(namespaces, 8, async (ns) => {
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  const targets: Target[] = [];
  for (let i = 0; i < config.leases; i++) {
    targets.push(
      i < ELECTIONS
        ? { ns: `bench-team-${i % NAMESPACES}`, name: `controller-${i}` }
        : { ns: 'kube-node-lease', name: `node-${String(i).padStart(5, '0')}` },
    );
  }
  await pool(targets, 64, async (t) => {
    const now = Date.now();
    const holder = t.ns === 'kube-node-lease' ? t.name : `${t.name}-pod-0_6f1c2d3e-0000-4000-8000-000000000000`;
    const r = await call('POST', `/apis/coordination.k8s.io/v1/namespaces/${t.ns}/leases`, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: t.name },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: t.ns === 'kube-node-lease' ? 40 : 15,
        acquireTime: micro(now),
        renewTime: micro(now),
        leaseTransitions: 0,
      },
    });
    if (r.status >= 300 && r.status !== 409) throw new Error(`creating lease ${t.ns}/${t.name}: HTTP ${r.status}`);
  });
  // Random, so that the API server's gzip cannot shrink it to nothing: real data is not a run of one byte.
  const blob = () => randomBytes(((config.configMapKiB ?? 100) * 1024 * 3) / 4).toString('base64');
  const configMaps = config.configMaps ?? 0;
  const cms = Array.from({ length: configMaps + (config.annotatedConfigMaps ?? 0) }, (_, i) => i);
  await pool(cms, 16, async (i) => {
    const isLock = i >= configMaps;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const annotations = isLock
      ? {
          'control-plane.alpha.kubernetes.io/leader': JSON.stringify({
            holderIdentity: `legacy-${i}`,
            leaseDurationSeconds: 15,
            acquireTime: now,
            renewTime: now,
            leaderTransitions: 0,
          }),
        }
      : undefined;
    const r = await call('POST', `/api/v1/namespaces/bench-team-0/configmaps`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: isLock ? `legacy-lock-${i}` : `data-${i}`, annotations },
      data: isLock ? {} : { blob: blob() },
    });
    if (r.status >= 300 && r.status !== 409) throw new Error(`creating configmap ${i}: HTTP ${r.status}`);
  });
  send({ type: 'created', count: targets.length + cms.length, ms: Date.now() - started });

  // Renew round-robin at `rate` per second, in 10 ms ticks; each response's resourceVersion is
  // what the consumers will report seeing.
  let cursor = 0;
  let triples = new Float64Array(3 * 4096);
  let length = 0;
  const flushWrites = () => {
    if (length > 0) send({ type: 'writes', triples: triples.slice(0, length) });
    length = 0;
  };
  const record = (rv: number, lock: number, at: number) => {
    if (length + 3 > triples.length) {
      const bigger = new Float64Array(triples.length * 2);
      bigger.set(triples);
      triples = bigger;
    }
    triples[length++] = rv;
    triples[length++] = lock;
    triples[length++] = at;
  };
  const flush = setInterval(flushWrites, 100);

  async function renew(rate: number, seconds: number): Promise<void> {
    let writes = 0;
    let errors = 0;
    let behind = 0;
    const roundTrips: number[] = [];
    const t0 = Date.now();
    const inflight = new Set<Promise<void>>();
    let issued = 0;
    while (Date.now() - t0 < seconds * 1000) {
      const due = Math.floor(((Date.now() - t0) / 1000) * rate);
      while (issued < due) {
        issued++;
        if (inflight.size >= MAX_IN_FLIGHT) {
          behind++;
          continue;
        }
        const lock = cursor++ % targets.length;
        const t = targets[lock]!;
        const sentAt = Date.now();
        const p = call(
          'PATCH',
          `/apis/coordination.k8s.io/v1/namespaces/${t.ns}/leases/${t.name}`,
          { spec: { renewTime: micro(Date.now()) } },
          'application/merge-patch+json',
        )
          .then((r) => {
            const at = Date.now();
            const rv = Number(r.json.metadata?.resourceVersion);
            roundTrips.push(at - sentAt);
            if (r.status === 200 && Number.isFinite(rv)) {
              writes++;
              record(rv, lock, at);
            } else errors++;
          })
          .catch(() => {
            errors++;
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(inflight);
    flushWrites();
    roundTrips.sort((a, b) => a - b);
    const p99Ms = roundTrips[Math.max(0, Math.ceil(roundTrips.length * 0.99) - 1)] ?? NaN;
    send({ type: 'done', writes, errors, behind, p99Ms });
  }

  process.on('message', (m: ParentMessage) => {
    if (m.type === 'go') void renew(m.rate ?? 0, m.seconds ?? 0);
    else if (m.type === 'stop') {
      clearInterval(flush);
      agent.destroy();
      process.exit(0);
    }
  });
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
