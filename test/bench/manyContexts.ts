// Many clusters at once: several real kube-testenv API servers on this machine, several kubeconfig
// contexts on each (20 in all), every context watched by one Lease Lens pipeline while each server's
// Leases renew. A second pipeline watching one context runs beside it under the same load, so the
// cost of a context is the difference, divided by the contexts added.

import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { TestCluster } from '../support/testCluster';
import { created, startChild, type ChildParty } from './benchParties';
import { table } from './benchReport';
import { round } from './leaseScene';

export interface ManyContextsFigures {
  many_servers: number;
  many_contexts: number;
  many_leases_per_server: number;
  many_renewals_per_s: number;
  many_locks: number;
  many_sync_s: number;
  many_cpu_core_share: number;
  many_cpu_core_share_per_context: number;
  many_peak_rss_mb: number;
  many_rss_mb: number;
  many_heap_mb: number;
  many_single_context_rss_mb: number;
  many_single_context_cpu_core_share: number;
  many_rss_mb_per_context: number;
  many_load_average: number;
}

interface KubeconfigYaml {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
}

/** One kubeconfig with `perServer` contexts on each server's admin user. */
function combinedKubeconfig(clusters: readonly TestCluster[], perServer: number): { path: string; contexts: string[] } {
  const out: KubeconfigYaml = { clusters: [], users: [], contexts: [] };
  const contexts: string[] = [];
  clusters.forEach((c, i) => {
    const k = parse(readFileSync(c.info.kubeconfig, 'utf8')) as KubeconfigYaml;
    const admin = k.contexts.find((x) => x.name === c.info.contexts.admin)!;
    const cluster = k.clusters.find((x) => x.name === admin.context.cluster)!;
    const user = k.users.find((x) => x.name === admin.context.user)!;
    out.clusters.push({ name: `server-${i}`, cluster: cluster.cluster });
    out.users.push({ name: `server-${i}-admin`, user: user.user });
    for (let j = 0; j < perServer; j++) {
      const name = `server-${i}-context-${j}`;
      out.contexts.push({ name, context: { cluster: `server-${i}`, user: `server-${i}-admin` } });
      contexts.push(name);
    }
  });
  const path = join(tmpdir(), `lease-lens-bench-${process.pid}-many.kubeconfig`);
  writeFileSync(path, stringify({ apiVersion: 'v1', kind: 'Config', ...out, 'current-context': contexts[0] }), {
    mode: 0o600,
  });
  return { path, contexts };
}

export async function runManyContexts(o: {
  servers: number;
  contextsPerServer: number;
  leasesPerServer: number;
  rate: number;
  seconds: number;
  log: (l: string) => void;
}): Promise<ManyContextsFigures> {
  const clusters: TestCluster[] = [];
  const children: ChildParty[] = [];
  try {
    for (let i = 0; i < o.servers; i++) clusters.push(await TestCluster.start());
    const writers = clusters.map((c) => {
      const w = startChild('renewWriter.js', [
        JSON.stringify({ kubeconfig: c.info.kubeconfig, context: c.info.contexts.admin, leases: o.leasesPerServer }),
      ]);
      children.push(w);
      return w;
    });
    await Promise.all(writers.map(created));
    o.log(`  ${o.servers} API servers, ${o.leasesPerServer} Leases each`);
    const { path, contexts } = combinedKubeconfig(clusters, o.contextsPerServer);
    const many = startChild('benchConsumer.js', ['ours', path, contexts.join(',')]);
    const one = startChild('benchConsumer.js', ['ours', path, contexts[0]!]);
    children.push(many, one);
    const [synced] = await Promise.all([many.synced, one.synced]);
    o.log(`  ${contexts.length} contexts synced in ${(synced.ms / 1000).toFixed(2)} s (${synced.objects} locks)`);
    await new Promise((r) => setTimeout(r, 2000));
    for (const p of [many, one]) p.send({ type: 'resetStats' });
    const start = Date.now();
    await Promise.all(
      writers.map((w) => {
        const done = w.done();
        w.send({ type: 'go', rate: o.rate, seconds: o.seconds });
        return done;
      }),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const wall = Date.now() - start;
    const [m, s] = await Promise.all([many.stats(), one.stats()]);
    const cpu = (x: { cpuUserMs: number; cpuSystemMs: number }) => (x.cpuUserMs + x.cpuSystemMs) / wall;
    const mb = (b: number) => round(b / 2 ** 20, 0);
    const f: ManyContextsFigures = {
      many_servers: o.servers,
      many_contexts: contexts.length,
      many_leases_per_server: o.leasesPerServer,
      many_renewals_per_s: o.rate * o.servers,
      many_locks: synced.objects,
      many_sync_s: round(synced.ms / 1000, 2),
      many_cpu_core_share: round(cpu(m), 3),
      many_cpu_core_share_per_context: round(cpu(m) / contexts.length, 4),
      many_peak_rss_mb: mb(m.maxRssBytes),
      many_rss_mb: mb(m.rssBytes),
      many_heap_mb: mb(m.heapUsedBytes),
      many_single_context_rss_mb: mb(s.rssBytes),
      many_single_context_cpu_core_share: round(cpu(s), 3),
      many_rss_mb_per_context: round((m.rssBytes - s.rssBytes) / (contexts.length - 1) / 2 ** 20, 1),
      many_load_average: round(loadavg()[0]!, 2),
    };
    o.log(
      `\n${contexts.length} contexts on ${o.servers} real API servers (${o.leasesPerServer} Leases and ${o.rate} renewals/s on each; every context of a server sees its renewals)`,
    );
    o.log(
      table(
        [
          'contexts',
          'locks',
          'sync s',
          'CPU',
          'CPU/context',
          'RSS MB',
          'peak RSS',
          'RSS/context',
          '1-context RSS',
          'load',
        ],
        [
          [
            f.many_contexts,
            f.many_locks,
            f.many_sync_s,
            `${(f.many_cpu_core_share * 100).toFixed(1)} %`,
            `${(f.many_cpu_core_share_per_context * 100).toFixed(2)} %`,
            f.many_rss_mb,
            f.many_peak_rss_mb,
            f.many_rss_mb_per_context,
            f.many_single_context_rss_mb,
            f.many_load_average,
          ],
        ],
      ),
    );
    return f;
  } finally {
    for (const c of children) c.stop();
    for (const c of clusters) await c.stop();
  }
}
