import * as l10n from '@vscode/l10n';
import * as http from 'node:http';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ConnectionAgents } from './connectionAgents';
import { ConnectionError, connectionError, type ViaProxy } from './connectionErrors';
import { ContextCredentials, type UsedCredential } from './contextCredentials';
import { ExecAuthenticators } from './execCredentials';
import type { KubeContext } from './kubeconfigLoader';
import { chooseProxy, type ProxyRoute, type ProxySettings } from './proxySelection';

/**
 * HTTP to one context's API server: the kubeconfig's credentials (contextCredentials.ts: tokens,
 * token files, exec plugins, client certificates; legacy auth providers through client-node) on
 * every request, one keep-alive agent per context (connectionAgents.ts), the proxy chosen as kubectl
 * chooses it (proxySelection.ts), and errors that name the hop that failed (connectionErrors.ts). Lists and watches go through here rather
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
  /**
   * Ask for a gzip-compressed answer. The API server compresses large responses (a list of 10,000
   * Leases shrinks from 6.4 MB to 0.5 MB, as kubectl and client-go receive it); only `chunks`
   * decompresses, so only it asks.
   */
  readonly compressed?: boolean;
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

export interface TransportOptions {
  /** VS Code's proxy setting and the environment to read HTTPS_PROXY / NO_PROXY from. */
  readonly proxy?: ProxySettings;
  /** Exec plugin authenticators shared across contexts (a LockMonitor's); otherwise the transport's own. */
  readonly execs?: ExecAuthenticators;
  /** Kill an exec plugin after this long (when the transport has its own authenticators). */
  readonly execTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

export class KubeTransport {
  readonly credentials: ContextCredentials;
  readonly connections: ConnectionAgents;
  private readonly ownExecs: ExecAuthenticators | undefined;
  private readonly via: ViaProxy | undefined;

  constructor(
    readonly context: KubeContext,
    readonly meter: ByteMeter = new ByteMeter(),
    options: TransportOptions = {},
  ) {
    if (!options.execs) this.ownExecs = new ExecAuthenticators({ timeoutMs: options.execTimeoutMs, log: options.log });
    this.credentials = new ContextCredentials(context, options.execs ?? this.ownExecs!, options.log);
    const cluster = context.kubeConfig.getCurrentCluster();
    const route = chooseProxy(context.server, cluster?.proxyUrl || undefined, options.proxy);
    this.connections = new ConnectionAgents(new URL(context.server), route);
    this.via = route.kind === 'proxy' ? { proxy: route.shown, source: route.source } : undefined;
  }

  /** How requests reach the API server: directly or through which proxy, and why. */
  get route(): ProxyRoute {
    return this.connections.route;
  }

  /** Closes the connections and releases (or, when its own, stops) the exec plugin. */
  async dispose(): Promise<void> {
    this.connections.dispose();
    await this.credentials.dispose();
    await this.ownExecs?.dispose();
  }

  /** One request; resolves with any status, rejects only when no response arrived. */
  async send(path: string, req: KubeRequest = {}, purpose = 'request'): Promise<KubeResponse> {
    const { options, used } = await this.prepare(path, req);
    return new Promise<KubeResponse>((resolve, reject) => {
      // http.ClientRequest rather than https.request: inside VS Code, https.request is patched to
      // apply VS Code's proxy settings and replaces the agent; the route is chosen here instead.
      const request = new http.ClientRequest(options, (res) => {
        this.feedback(res.statusCode, used);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          this.meter.add(purpose, c.length);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      request.on('error', (err) => reject(this.connectionError(err)));
      giveUpAfter(request, req.timeoutMs);
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
    return this.open(path, req, purpose, (res) => ({
      ended: new Promise<void>((resolveEnd, rejectEnd) => {
        const lines = createInterface({ input: res, crlfDelay: Infinity });
        lines.on('line', onLine);
        // readline re-emits its input's errors (an aborted response): handled here, not thrown.
        lines.on('error', rejectEnd);
        res.on('error', rejectEnd);
        res.on('aborted', () => rejectEnd(new Error(l10n.t('the watch connection was cut'))));
        lines.on('close', () => resolveEnd());
      }),
    }));
  }

  /**
   * A GET whose 200 body is handed over chunk by chunk as it arrives (a large list, split into
   * items by the caller without ever holding it whole); another status becomes a KubeHttpError.
   * Resolves when the body has ended.
   */
  async chunks(path: string, req: KubeRequest, onChunk: (chunk: Buffer) => void, purpose = 'request'): Promise<void> {
    const body = await this.open(path, { ...req, compressed: true }, purpose, (res) => ({
      ended: new Promise<void>((resolve, reject) => {
        // The meter has counted the bytes as they came over the wire; the caller gets them inflated.
        const encoding = res.headers['content-encoding'];
        if (encoding !== undefined && encoding !== 'gzip' && encoding !== 'identity') {
          res.destroy();
          reject(
            new Error(
              l10n.t('the answer to {0} came with a content encoding Lease Lens cannot read ({1})', path, encoding),
            ),
          );
          return;
        }
        const inflated = encoding === 'gzip' ? res.pipe(createGunzip()) : res;
        inflated.on('data', onChunk);
        inflated.on('error', reject);
        res.on('error', reject);
        res.on('aborted', () => reject(new Error(l10n.t('the answer to {0} was cut', path))));
        inflated.on('end', () => resolve());
      }),
    }));
    await body.ended;
  }

  /**
   * Sends a GET; once the response has started with 200, `start` attaches its listeners (at
   * once, before any of the body can flow past them) and open resolves with what it returns.
   */
  private async open<T>(
    path: string,
    req: KubeRequest,
    purpose: string,
    start: (res: http.IncomingMessage) => T,
  ): Promise<T> {
    const { options, used } = await this.prepare(path, req);
    return new Promise((resolveStart, rejectStart) => {
      const request = new http.ClientRequest(options, (res) => {
        this.feedback(res.statusCode, used);
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
        resolveStart(start(res));
      });
      request.on('error', (err) => rejectStart(this.connectionError(err)));
      giveUpAfter(request, req.timeoutMs);
      request.end();
    });
  }

  private feedback(status: number | undefined, used: UsedCredential): void {
    if (status === 401) this.credentials.rejected(used);
    else if (status !== undefined && status < 500) this.credentials.accepted(used);
  }

  private connectionError(err: Error): Error {
    return connectionError(this.context.name, this.context.server, err, this.via);
  }

  private async prepare(
    path: string,
    req: KubeRequest,
  ): Promise<{ options: http.ClientRequestArgs; used: UsedCredential }> {
    const route = this.connections.route;
    if (route.kind === 'invalid')
      throw new ConnectionError(
        { kind: 'proxy', proxy: '', source: route.source, stage: 'invalid', detail: route.message },
        `context ${this.context.name} cannot connect: ${route.message}`,
      );
    const url = new URL(this.context.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const credentials = await this.credentials.forRequest(req.signal);
    const headers: http.OutgoingHttpHeaders = { ...credentials.headers, Accept: req.accept ?? ACCEPT_JSON };
    if (req.body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    if (req.compressed === true) headers['Accept-Encoding'] = 'gzip';
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const options: http.ClientRequestArgs = {
      protocol: url.protocol,
      hostname,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: req.method ?? 'GET',
      headers,
      agent: this.connections.agentFor(credentials.tls),
    };
    if (req.signal) options.signal = req.signal;
    return { options, used: credentials.used };
  }
}

/** Destroys a request that has been silent for `timeoutMs` (its error then says so). */
function giveUpAfter(request: http.ClientRequest, timeoutMs: number | undefined): void {
  if (!timeoutMs) return;
  request.setTimeout(timeoutMs, () =>
    request.destroy(
      Object.assign(new Error(l10n.t('no answer within {0} ms', timeoutMs)), { code: 'ETIMEDOUT', timeoutMs }),
    ),
  );
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
