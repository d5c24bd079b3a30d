// The benchmark's load: creates Leases (mostly node heartbeats in kube-node-lease, some election
// locks) and ConfigMaps, then renews Leases at a fixed rate the way kubelets and electors do, and
// reports each write's response time with the resourceVersion it produced. Its own process, with
// a keep-alive connection pool, so the load costs the measured parties nothing.
// Usage: node renewWriter.js <kubeconfig> <context> <leases> <renewalsPerSecond> <seconds> <configMaps> <configMapKiB> <annotatedConfigMaps>

import { randomBytes } from 'node:crypto';
import * as https from 'node:https';
import { loadKubeconfig } from '../../src/cluster/kubeconfigLoader';
import type { ChildMessage, ParentMessage, Sighting } from './benchProtocol';

const [
  kubeconfig = '',
  contextName = '',
  leasesArg = '1000',
  rateArg = '50',
  secondsArg = '20',
  cmArg = '0',
  cmKiBArg = '100',
  annotatedArg = '0',
] = process.argv.slice(2);
const leases = Number(leasesArg);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const configMaps = Number(cmArg);
const annotated = Number(annotatedArg);
const send = (m: ChildMessage) => process.send?.(m);
const ELECTIONS = Math.max(1, Math.min(50, Math.ceil(leases / 100)));

interface Target {
  ns: string;
  name: string;
}

async function main(): Promise<void> {
  const ctx = loadKubeconfig({ path: kubeconfig }).contexts.find((c) => c.name === contextName);
  if (!ctx) throw new Error(`no context ${contextName}`);
  const base: https.RequestOptions = {};
  await ctx.kubeConfig.applyToHTTPSOptions(base);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca: base.ca, cert: base.cert, key: base.key });
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
  const namespaces = ['kube-node-lease', ...Array.from({ length: ELECTIONS }, (_, i) => `bench-team-${i}`)];
  await pool(namespaces, 8, async (ns) => {
    await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  const targets: Target[] = [];
  for (let i = 0; i < leases; i++) {
    targets.push(
      i < Math.min(ELECTIONS, leases / 100)
        ? { ns: `bench-team-${i}`, name: `controller-${i}` }
        : { ns: 'kube-node-lease', name: `node-${String(i).padStart(5, '0')}` },
    );
  }
  await pool(targets, 32, async (t) => {
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
  const blob = () => randomBytes((Number(cmKiBArg) * 1024 * 3) / 4).toString('base64');
  const cms = Array.from({ length: configMaps + annotated }, (_, i) => i);
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
  send({ type: 'created', count: leases + configMaps + annotated, ms: Date.now() - started });

  await new Promise<void>((resolve) => process.on('message', (m: ParentMessage) => m.type === 'go' && resolve()));

  // Renew round-robin at `rate` per second, in 20 ms ticks; each response's resourceVersion is
  // what the consumers will report seeing.
  let writes = 0;
  let errors = 0;
  let cursor = 0;
  let pending: Sighting[] = [];
  const flush = setInterval(() => {
    if (pending.length) send({ type: 'seen', batch: pending });
    pending = [];
  }, 100);
  const t0 = Date.now();
  const inflight = new Set<Promise<void>>();
  while (Date.now() - t0 < seconds * 1000) {
    const due = Math.floor(((Date.now() - t0) / 1000) * rate);
    while (writes + errors + inflight.size < due) {
      const t = targets[cursor++ % targets.length]!;
      const p = call(
        'PATCH',
        `/apis/coordination.k8s.io/v1/namespaces/${t.ns}/leases/${t.name}`,
        { spec: { renewTime: micro(Date.now()) } },
        'application/merge-patch+json',
      )
        .then((r) => {
          const at = Date.now();
          const rv = r.json.metadata?.resourceVersion;
          if (r.status === 200 && rv) {
            writes++;
            pending.push([`${t.ns}/${t.name}`, rv, at]);
          } else errors++;
        })
        .catch(() => {
          errors++;
        })
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.all(inflight);
  clearInterval(flush);
  if (pending.length) send({ type: 'seen', batch: pending });
  send({ type: 'done', writes, errors });
  agent.destroy();
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
