import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { openTunnel } from './proxyTunnel';
import type { ProxyRoute } from './proxySelection';

/** What the TLS connection to the API server is made with. */
export interface TlsMaterial {
  readonly ca?: Buffer;
  readonly cert?: Buffer | string;
  readonly key?: Buffer | string;
  readonly rejectUnauthorized: boolean;
  /** The kubeconfig's tls-server-name. */
  readonly servername?: string;
}

/** How long connecting to a proxy, and its answer to CONNECT, may take (Go's dialer: 30 s). */
const PROXY_CONNECT_TIMEOUT_MS = 30_000;

/**
 * One keep-alive agent per context (client-node makes a new agent, so a new connection and TLS
 * handshake, and through a proxy a new CONNECT, for every request). The agent is kept while the
 * TLS material stays the same; when a client certificate, key or CA changes (a rotated file, a
 * new certificate from a plugin) new requests get a new agent and the old one's connections close,
 * as client-go closes its connections when an exec plugin rotates the certificate: idle ones at
 * once, busy ones (a watch) when their request ends, so a rotation does not cut a watch.
 */
export class ConnectionAgents {
  private current: { fingerprint: string; agent: http.Agent } | undefined;

  constructor(
    private readonly server: URL,
    readonly route: ProxyRoute,
  ) {}

  agentFor(material: TlsMaterial): http.Agent {
    const fingerprint = fingerprintOf(material);
    if (this.current?.fingerprint === fingerprint) return this.current.agent;
    if (this.current) retire(this.current.agent);
    const agent = this.server.protocol === 'http:' ? this.httpAgent() : this.httpsAgent(material);
    this.current = { fingerprint, agent };
    return agent;
  }

  dispose(): void {
    this.current?.agent.destroy();
    this.current = undefined;
  }

  private httpsAgent(material: TlsMaterial): https.Agent {
    const route = this.route;
    const options: https.AgentOptions = {
      keepAlive: true,
      ca: material.ca,
      cert: material.cert,
      key: material.key,
      rejectUnauthorized: material.rejectUnauthorized,
      servername: material.servername,
    };
    if (route.kind !== 'proxy') return new https.Agent(options);
    return new (class extends https.Agent {
      override createConnection(
        opts: https.RequestOptions,
        callback?: (err: Error | null, stream: Duplex) => void,
      ): Duplex | null | undefined {
        openTunnel(route.url, route.authorization, String(opts.host ?? ''), Number(opts.port), PROXY_CONNECT_TIMEOUT_MS)
          .then((socket) => {
            // TLS to the API server inside the tunnel: the agent's CA, certificate and server name.
            const secure = tls.connect({ ...(opts as tls.ConnectionOptions), socket });
            callback?.(null, secure);
          })
          .catch((err: Error) => callback?.(err, undefined as unknown as Duplex));
        return undefined;
      }
    })(options);
  }

  private httpAgent(): http.Agent {
    const route = this.route;
    if (route.kind !== 'proxy') return new http.Agent({ keepAlive: true });
    return new (class extends http.Agent {
      override createConnection(
        opts: http.ClientRequestArgs,
        callback?: (err: Error | null, stream: Duplex) => void,
      ): Duplex | null | undefined {
        openTunnel(route.url, route.authorization, String(opts.host ?? ''), Number(opts.port), PROXY_CONNECT_TIMEOUT_MS)
          .then((socket) => callback?.(null, socket))
          .catch((err: Error) => callback?.(err, undefined as unknown as Duplex));
        return undefined;
      }
    })({ keepAlive: true });
  }
}

/** Closes an agent's idle connections now and every other one as soon as its request ends. */
function retire(agent: http.Agent): void {
  // Node's agent destroys a socket freed by a request when keepAlive is off.
  Object.assign(agent, { keepAlive: false });
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}

function fingerprintOf(m: TlsMaterial): string {
  const h = createHash('sha256');
  for (const part of [m.ca, m.cert, m.key]) {
    h.update(part === undefined ? '-' : `${part.length}:`);
    if (part !== undefined) h.update(part);
  }
  h.update(`${m.rejectUnauthorized}:${m.servername ?? ''}`);
  return h.digest('hex');
}
