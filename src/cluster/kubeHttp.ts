import * as http from 'node:http';
import * as https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeContext } from './kubeconfigLoader';

/**
 * HTTP to one context's API server, with the kubeconfig's auth (certificates, tokens, exec and OIDC
 * plugins through client-node) applied to every request. Lists and watches go through here rather
 * than client-node's Watch because they need their own Accept header (metadata-only
 * PartialObjectMetadata) and byte accounting; writes because ConfigMap and Endpoints locks are
 * written as conflict-checked merge patches of one annotation.
 */

export const ACCEPT_JSON = 'application/json';
export const ACCEPT_METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
export const ACCEPT_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

export interface KubeRequest {
  readonly method?: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly accept?: string;
  readonly contentType?: string;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Gives up on a request that has not completed in this time (not used for watches). */
  readonly timeoutMs?: number;
}

export interface KubeResponse {
  readonly status: number;
  readonly text: string;
}

/** A status other than 2xx, with the API server's own Status message when it sent one. */
export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly body: string,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

/** Counts the bytes a context receives, per purpose (for the benchmark and the output channel). */
export class ByteMeter {
  private readonly counts = new Map<string, number>();
  add(purpose: string, bytes: number): void {
    this.counts.set(purpose, (this.counts.get(purpose) ?? 0) + bytes);
  }
  get(purpose: string): number {
    return this.counts.get(purpose) ?? 0;
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
}

export class KubeTransport {
  constructor(
    readonly context: KubeContext,
    readonly meter: ByteMeter = new ByteMeter(),
  ) {}

  /** One request; resolves with any status, rejects only when no response arrived. */
  async send(path: string, req: KubeRequest = {}, purpose = 'request'): Promise<KubeResponse> {
    const { options, url } = await this.prepare(path, req);
    return new Promise<KubeResponse>((resolve, reject) => {
      const client = url.protocol === 'http:' ? http : https;
      const request = client.request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          this.meter.add(purpose, c.length);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      request.on('error', (err) => reject(connectionError(this.context, err)));
      if (req.timeoutMs) {
        const ms = req.timeoutMs;
        request.setTimeout(ms, () =>
          request.destroy(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT', timeoutMs: ms })),
        );
      }
      if (req.body !== undefined) request.write(JSON.stringify(req.body));
      request.end();
    });
  }

  /** A request whose 2xx JSON body is returned; anything else becomes a KubeHttpError. */
  async json(path: string, req: KubeRequest = {}, purpose = 'request'): Promise<unknown> {
    const res = await this.send(path, req, purpose);
    if (res.status < 200 || res.status >= 300) throw statusError(res);
    try {
      return JSON.parse(res.text) as unknown;
    } catch {
      throw new KubeHttpError(
        res.status,
        'BadResponse',
        `the API server answered ${path} with something that is not JSON`,
        res.text.slice(0, 500),
      );
    }
  }

  /**
   * A streaming GET (a watch): every line is handed to onLine as it arrives. Resolves once the
   * response has started with 200 and returns a promise that settles when the stream ends;
   * a non-200 answer rejects with a KubeHttpError.
   */
  async stream(
    path: string,
    req: KubeRequest,
    onLine: (line: string) => void,
    purpose = 'watch',
  ): Promise<{ ended: Promise<void> }> {
    const { options, url } = await this.prepare(path, req);
    return new Promise((resolveStart, rejectStart) => {
      const client = url.protocol === 'http:' ? http : https;
      const request = client.request(url, options, (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            rejectStart(statusError({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })),
          );
          res.on('error', rejectStart);
          return;
        }
        res.on('data', (c: Buffer) => this.meter.add(purpose, c.length));
        const ended = new Promise<void>((resolveEnd, rejectEnd) => {
          const lines = createInterface({ input: res, crlfDelay: Infinity });
          lines.on('line', onLine);
          // readline re-emits its input's errors (an aborted response): handled here, not thrown.
          lines.on('error', rejectEnd);
          res.on('error', rejectEnd);
          res.on('aborted', () => rejectEnd(new Error('the watch connection was cut')));
          lines.on('close', () => resolveEnd());
        });
        resolveStart({ ended });
      });
      request.on('error', (err) => rejectStart(connectionError(this.context, err)));
      request.end();
    });
  }

  private async prepare(path: string, req: KubeRequest): Promise<{ options: https.RequestOptions; url: URL }> {
    const url = new URL(this.context.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const options: https.RequestOptions = { method: req.method ?? 'GET', headers: {} };
    await this.context.kubeConfig.applyToHTTPSOptions(options);
    const applied = (
      options.headers && !Array.isArray(options.headers) ? options.headers : {}
    ) as http.OutgoingHttpHeaders;
    const headers: http.OutgoingHttpHeaders = { ...applied, Accept: req.accept ?? ACCEPT_JSON };
    if (req.body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    options.headers = headers;
    if (req.signal) options.signal = req.signal;
    return { options, url };
  }
}

/** Turns a non-2xx response into an error with the server's Status message. */
export function statusError(res: KubeResponse): KubeHttpError {
  let reason = '';
  let message = `HTTP ${res.status}`;
  try {
    const status = JSON.parse(res.text) as { reason?: unknown; message?: unknown };
    if (typeof status.reason === 'string') reason = status.reason;
    if (typeof status.message === 'string') message = status.message;
  } catch {
    // Not a Status object (a proxy's HTML page, say): keep the HTTP code.
  }
  if (!reason)
    reason =
      res.status === 401
        ? 'Unauthorized'
        : res.status === 403
          ? 'Forbidden'
          : res.status === 404
            ? 'NotFound'
            : res.status === 409
              ? 'Conflict'
              : res.status === 410
                ? 'Expired'
                : '';
  return new KubeHttpError(res.status, reason, message, res.text.slice(0, 2000));
}

function connectionError(ctx: KubeContext, err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (err.name === 'AbortError') return err;
  const timeoutMs = (err as { timeoutMs?: unknown }).timeoutMs;
  const inTime = typeof timeoutMs === 'number' ? `did not answer within ${timeoutMs} ms` : 'did not answer in time';
  const what =
    code === 'ECONNREFUSED'
      ? 'refused the connection'
      : code === 'ENOTFOUND'
        ? 'has a host name that does not resolve'
        : code === 'ETIMEDOUT'
          ? inTime
          : `could not be reached (${err.message})`;
  const e = new Error(`the API server of context ${ctx.name} (${ctx.server}) ${what}`);
  e.name = 'ConnectionError';
  return e;
}
