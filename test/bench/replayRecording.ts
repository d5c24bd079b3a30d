// Recording what the real API server sends Lease Lens, for the replay run of `npm run bench --
// --scale`: a plain-HTTP proxy in front of the real API server through which the real pipeline
// (benchConsumer.js ours) lists and watches, saving every GET's response as received (discovery,
// the lists of Leases, ConfigMaps, Endpoints and LeaseCandidates, the LeaderElection Events, and the
// watch streams line by line). replayServer.ts serves it back at 65,000 Leases.

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { join } from 'node:path';

/** One recorded GET. Bodies live in files beside recording.json. */
export interface RecordedResponse {
  readonly path: string;
  /** The query as sent, e.g. `watch=1&resourceVersion=123…`. */
  readonly query: string;
  readonly accept: string;
  readonly status: number;
  readonly contentType: string;
  readonly watch: boolean;
  readonly file: string;
}

export interface Recording {
  readonly recordedAt: string;
  readonly server: string;
  readonly responses: readonly RecordedResponse[];
}

export interface RecordingProxy {
  readonly port: number;
  /** Ends the open watches and writes recording.json. */
  save(): Recording;
  close(): void;
}

/** A proxy to `target` (https, trusting `caFile`) that records into `dir` (emptied first). */
export async function startRecordingProxy(target: string, caFile: string, dir: string): Promise<RecordingProxy> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bodies'), { recursive: true });
  const ca = readFileSync(caFile);
  const responses: RecordedResponse[] = [];
  const open = new Set<{ flush(): void }>();
  const sockets = new Set<import('node:net').Socket>();
  const agent = new https.Agent({ keepAlive: true, ca });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    // Recorded uncompressed: the replay server compresses what the API server would.
    const headers = { ...req.headers, host: new URL(target).host };
    delete headers['accept-encoding'];
    const upstream = https.request(
      new URL(url.pathname + url.search, target),
      { method: req.method, headers, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        const chunks: Buffer[] = [];
        const n = responses.length;
        const file = `${n}.body`;
        const record: RecordedResponse = {
          path: url.pathname,
          query: url.searchParams.toString(),
          accept: String(req.headers.accept ?? ''),
          status: up.statusCode ?? 0,
          contentType: String(up.headers['content-type'] ?? ''),
          watch: url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true',
          file,
        };
        if (req.method === 'GET') responses.push(record);
        const entry = {
          flush: () => {
            if (req.method === 'GET') writeFileSync(join(dir, 'bodies', file), Buffer.concat(chunks));
          },
        };
        open.add(entry);
        up.on('data', (c: Buffer) => {
          chunks.push(c);
          res.write(c);
        });
        up.on('end', () => {
          entry.flush();
          open.delete(entry);
          res.end();
        });
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(upstream);
    res.on('close', () => upstream.destroy());
  });
  server.on('connection', (s) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as import('node:net').AddressInfo).port,
    save: () => {
      for (const e of open) e.flush();
      const recording: Recording = { recordedAt: new Date().toISOString(), server: target, responses };
      writeFileSync(join(dir, 'recording.json'), JSON.stringify(recording, null, 2));
      return recording;
    },
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
      agent.destroy();
    },
  };
}

/** Keeps the recorded server's certificate and key, so the replay serves TLS the clients trust. */
export function keepServingCertificate(testenvDir: string, dir: string): void {
  copyFileSync(join(testenvDir, 'certs', 'apiserver.crt'), join(dir, 'apiserver.crt'));
  copyFileSync(join(testenvDir, 'certs', 'apiserver.key'), join(dir, 'apiserver.key'));
}

export function readRecording(dir: string): Recording {
  return JSON.parse(readFileSync(join(dir, 'recording.json'), 'utf8')) as Recording;
}
