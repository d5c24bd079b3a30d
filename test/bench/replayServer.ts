// The replay run's API server: serves back what the real API server sent Lease Lens in a recorded
// 10,000-Lease run (replayRecording.ts), with the Leases renamed to reach the target count, over
// HTTPS with the recorded server's own certificate. Lists come whole (as from the watch cache);
// on {type:'go', rate, seconds} the Lease watch streams renewals, round-robin over every Lease, at
// that rate, and every event's resourceVersion, Lease and the moment it was written to the socket
// go to the orchestrator ('writes'), so latency is measured from delivery. Everything else
// recorded (discovery, ConfigMaps, Endpoints, LeaseCandidates, Events) is served as recorded, and
// their watches stay open and quiet. Its own process: its CPU is not the pipeline's.
// Usage: node replayServer.js '{"dir": "…", "heartbeats": 65000, "elections": 300}'

import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip, type Gzip } from 'node:zlib';
import type { ChildMessage, ParentMessage } from './benchProtocol';
import { readRecording, type RecordedResponse } from './replayRecording';

interface ReplayConfig {
  readonly dir: string;
  readonly heartbeats: number;
  readonly elections: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ReplayConfig;
const send = (m: ChildMessage) => process.send?.(m);
// The orchestrator is gone (killed, crashed): nobody will read what this process measures.
process.on('disconnect', () => process.exit(0));

const LEASES_PATH = '/apis/coordination.k8s.io/v1/leases';
/** The list's resourceVersion; items are older, watch events newer. */
const LIST_RV = 50_000_000;

/** A JSON text with holes: literal parts and, between them, the names of the values to fill in. */
class Template {
  private readonly parts: string[];

  constructor(object: unknown) {
    this.parts = JSON.stringify(object).split(/@@(\w+)@@/);
  }

  fill(values: Readonly<Record<string, string>>): string {
    let out = '';
    for (let i = 0; i < this.parts.length; i++) out += i % 2 === 0 ? this.parts[i] : (values[this.parts[i]!] ?? '');
    return out;
  }
}

interface LeaseJson {
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string };
  spec: { holderIdentity?: string; renewTime?: string };
}

/** Puts the holes into a recorded Lease (a copy). */
function holes(lease: LeaseJson, election: boolean): LeaseJson {
  const copy = JSON.parse(JSON.stringify(lease)) as LeaseJson;
  const recordedName = copy.metadata.name;
  copy.metadata.name = '@@name@@';
  copy.metadata.uid = '@@uid@@';
  copy.metadata.resourceVersion = '@@rv@@';
  if (election) {
    copy.metadata.namespace = '@@namespace@@';
    const holder = copy.spec.holderIdentity ?? '';
    copy.spec.holderIdentity = holder.startsWith(recordedName)
      ? `@@name@@${holder.slice(recordedName.length)}`
      : holder;
  } else {
    copy.spec.holderIdentity = '@@name@@';
  }
  copy.spec.renewTime = '@@renewTime@@';
  return copy;
}

const micro = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

function main(): void {
  const recording = readRecording(config.dir);
  const body = (r: RecordedResponse) => readFileSync(join(config.dir, 'bodies', r.file));
  const leaseList = recording.responses.find((r) => r.path === LEASES_PATH && !r.watch && r.status === 200);
  const leaseWatch = recording.responses.find((r) => r.path === LEASES_PATH && r.watch && r.status === 200);
  if (leaseList === undefined || leaseWatch === undefined)
    throw new Error(`the recording in ${config.dir} has no list and watch of Leases`);

  const list = JSON.parse(body(leaseList).toString('utf8')) as {
    items: LeaseJson[];
    metadata: { resourceVersion?: string };
  };
  const isHeartbeat = (l: LeaseJson) => l.metadata.namespace === 'kube-node-lease';
  const isElection = (l: LeaseJson) => l.metadata.namespace.startsWith('bench-team-');
  const listTemplates = {
    heartbeat: list.items.filter(isHeartbeat).map((l) => new Template(holes(l, false))),
    election: list.items.filter(isElection).map((l) => new Template(holes(l, true))),
  };
  // The cluster's own Leases (kube-system) are served as recorded.
  const others = list.items.filter((l) => !isHeartbeat(l) && !isElection(l)).map((l) => JSON.stringify(l));
  const events = body(leaseWatch)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { type: string; object: LeaseJson })
    .filter((e) => e.type === 'MODIFIED');
  const eventTemplate = (e: { type: string; object: LeaseJson }, election: boolean) =>
    new Template({ type: e.type, object: holes(e.object, election) });
  const eventTemplates = {
    heartbeat: events.filter((e) => isHeartbeat(e.object)).map((e) => eventTemplate(e, false)),
    election: events.filter((e) => isElection(e.object)).map((e) => eventTemplate(e, true)),
  };
  for (const [what, t] of Object.entries({ ...listTemplates, ...eventTemplates }))
    if (t.length === 0) throw new Error(`the recording in ${config.dir} has no ${what} Lease to copy`);

  // Lease j: elections first, then heartbeats, as the writer numbers them.
  const total = config.elections + config.heartbeats;
  const values: { name: string; namespace: string; uid: string }[] = [];
  for (let j = 0; j < total; j++) {
    const election = j < config.elections;
    const name = election ? `controller-${j}` : `node-${String(j).padStart(5, '0')}`;
    const namespace = election ? `bench-team-${j % 50}` : 'kube-node-lease';
    values.push({ name, namespace, uid: `6f1c2d3e-0000-4000-8000-${j.toString(16).padStart(12, '0')}` });
  }
  const templateOf = (set: { heartbeat: Template[]; election: Template[] }, j: number) => {
    const pool = j < config.elections ? set.election : set.heartbeat;
    return pool[j % pool.length]!;
  };

  const started = Date.now();
  const listItem = (j: number) =>
    templateOf(listTemplates, j).fill({
      ...values[j]!,
      rv: String(1_000_000 + j),
      // Renewed within the last ten seconds, as a live cluster's heartbeats are.
      renewTime: micro(started - (j % 10_000)),
    });
  const listHead = `{"kind":"LeaseList","apiVersion":"coordination.k8s.io/v1","metadata":{"resourceVersion":"${LIST_RV}"},"items":[`;

  const leaseWatchers = new Set<ServerResponse>();
  const quietWatchers = new Set<ServerResponse>();

  async function serveLeaseList(res: ServerResponse, gzip: boolean): Promise<void> {
    // As kube-apiserver does for answers over 128 KiB when asked (at gzip level 1).
    res.writeHead(200, { 'Content-Type': 'application/json', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    const out: Writable = gzip ? createGzip({ level: 1 }) : res;
    if (gzip) (out as Gzip).pipe(res);
    const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
    await write(listHead);
    let first = true;
    let chunk: string[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      await write((first ? '' : ',') + chunk.join(','));
      first = false;
      chunk = [];
    };
    for (let j = 0; j < total; j++) {
      chunk.push(listItem(j));
      if (chunk.length === 500) await flush();
    }
    chunk.push(...others);
    await flush();
    out.end(']}');
  }

  const recorded = (path: string, watch: boolean, accept: string) =>
    recording.responses.find(
      (r) => r.path === path && r.watch === watch && (r.accept === accept || !r.accept || !accept),
    ) ?? recording.responses.find((r) => r.path === path && r.watch === watch);

  const server = https.createServer(
    { cert: readFileSync(join(config.dir, 'apiserver.crt')), key: readFileSync(join(config.dir, 'apiserver.key')) },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://replay');
      const watch = url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true';
      if (url.pathname === LEASES_PATH) {
        if (!watch) {
          void serveLeaseList(res, /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        leaseWatchers.add(res);
        res.on('close', () => leaseWatchers.delete(res));
        return;
      }
      const r = recorded(url.pathname, watch, String(req.headers.accept ?? ''));
      if (r === undefined) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
        return;
      }
      if (watch) {
        // The recorded stream's events happened in the recorded cluster; the replay's other kinds stay quiet.
        res.writeHead(200, { 'Content-Type': r.contentType });
        res.flushHeaders();
        quietWatchers.add(res);
        res.on('close', () => quietWatchers.delete(res));
        return;
      }
      res.writeHead(r.status, { 'Content-Type': r.contentType });
      res.end(body(r));
    },
  );
  server.on('secureConnection', (s) => s.setNoDelay(true));

  let rv = LIST_RV;
  let cursor = 0;
  let triples = new Float64Array(3 * 8192);
  let length = 0;
  const flushWrites = () => {
    if (length > 0) send({ type: 'writes', triples: triples.slice(0, length) });
    length = 0;
  };
  setInterval(flushWrites, 100);

  async function renew(rate: number, seconds: number): Promise<void> {
    // Events sent before the pipeline's watch is connected would reach nobody.
    for (let waited = 0; leaseWatchers.size === 0 && waited < 60_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    let sent = 0;
    let behind = 0;
    while (Date.now() - t0 < seconds * 1000) {
      const due = Math.floor(((Date.now() - t0) / 1000) * rate);
      if (due > sent) {
        const lines: string[] = [];
        const now = Date.now();
        const renewTime = micro(now);
        const firstTriple = length;
        for (; sent < due; sent++) {
          const j = cursor++ % total;
          rv++;
          lines.push(templateOf(eventTemplates, j).fill({ ...values[j]!, rv: String(rv), renewTime }));
          if (length + 3 > triples.length) {
            const bigger = new Float64Array(triples.length * 2);
            bigger.set(triples);
            triples = bigger;
          }
          triples[length++] = rv;
          triples[length++] = j;
          triples[length++] = 0;
        }
        const text = lines.join('\n') + '\n';
        for (const w of leaseWatchers) w.write(text);
        // Delivery: the moment the events are handed to the socket.
        const at = Date.now();
        for (let i = firstTriple + 2; i < length; i += 3) triples[i] = at;
        // More than a second's worth waiting in this process: the pipeline is not reading.
        for (const w of leaseWatchers) if (w.writableLength > 4 * 2 ** 20) behind++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    flushWrites();
    send({ type: 'done', writes: sent, errors: 0, behind });
  }

  process.on('message', (m: ParentMessage) => {
    if (m.type === 'go') void renew(m.rate ?? 0, m.seconds ?? 0);
    else if (m.type === 'stop') {
      for (const w of [...leaseWatchers, ...quietWatchers]) w.destroy();
      server.close();
      process.exit(0);
    }
  });

  server.listen(0, '127.0.0.1', () => {
    const port = (server.address() as import('node:net').AddressInfo).port;
    const listBytes = listHead.length + total * (listItem(0).length + 1);
    send({ type: 'listening', port, objects: total + others.length, listBytes });
  });
}

try {
  main();
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
