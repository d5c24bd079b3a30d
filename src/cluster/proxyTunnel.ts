import * as http from 'node:http';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { SocksClient } from 'socks';
import { ProxyHopError } from './connectionErrors';

/**
 * A TCP tunnel to host:port through a proxy: HTTP CONNECT to an http:// or https:// proxy, or
 * SOCKS5. Every failure before the tunnel is open is a ProxyHopError, so the error can name the
 * proxy rather than the API server: 'unreachable' (no connection to the proxy, or it never
 * answered) or 'refused' (it answered CONNECT with an error, e.g. 403, 407 or 502).
 */
export async function openTunnel(
  proxy: URL,
  authorization: string | undefined,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<Duplex> {
  if (proxy.protocol === 'socks5:' || proxy.protocol === 'socks5h:') return socksTunnel(proxy, host, port, timeoutMs);
  return connectTunnel(proxy, authorization, host, port, timeoutMs);
}

function connectTunnel(
  proxy: URL,
  authorization: string | undefined,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<Duplex> {
  const proxyHost = unbracket(proxy.hostname);
  const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const headers: http.OutgoingHttpHeaders = { Host: target };
  const auth = authorization ?? basicAuth(proxy);
  if (auth) headers['Proxy-Authorization'] = auth;
  return new Promise<Duplex>((resolve, reject) => {
    let settled = false;
    const fail = (err: ProxyHopError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    // http.ClientRequest rather than http.request: inside VS Code, http.request is patched to apply
    // VS Code's own proxy settings, and this request already is the one to the proxy.
    const req = new http.ClientRequest(
      {
        method: 'CONNECT',
        path: target,
        headers,
        host: proxyHost,
        port: proxyPort,
        createConnection: () =>
          proxy.protocol === 'https:'
            ? tls.connect({ host: proxyHost, port: proxyPort, servername: net.isIP(proxyHost) ? undefined : proxyHost })
            : net.connect({ host: proxyHost, port: proxyPort }),
      },
      // A 'response' (rather than 'connect') only comes when the proxy does not speak CONNECT.
      (res) => {
        res.resume();
        fail(
          new ProxyHopError(
            'refused',
            `it answered CONNECT with ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}`.trim(),
          ),
        );
      },
    );
    const timer = setTimeout(
      () =>
        fail(
          new ProxyHopError('unreachable', `it did not answer within ${Math.round(timeoutMs / 1000)} s`, 'ETIMEDOUT'),
        ),
      timeoutMs,
    );
    req.once('connect', (res: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      if (settled) {
        socket.destroy();
        return;
      }
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(
          new ProxyHopError(
            'refused',
            `it answered CONNECT ${target} with ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}`.trim(),
          ),
        );
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once('error', (err: NodeJS.ErrnoException) => fail(unreachable(err)));
    req.end();
  });
}

async function socksTunnel(proxy: URL, host: string, port: number, timeoutMs: number): Promise<Duplex> {
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: {
        host: unbracket(proxy.hostname),
        port: Number(proxy.port) || 1080,
        type: 5,
        userId: proxy.username ? decodeURIComponent(proxy.username) : undefined,
        password: proxy.password ? decodeURIComponent(proxy.password) : undefined,
      },
      command: 'connect',
      destination: { host, port },
      timeout: timeoutMs,
    });
    return socket;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code) throw unreachable(e);
    // The socks client's own errors: the proxy answered, but not with a tunnel.
    throw new ProxyHopError('refused', e.message || String(err));
  }
}

function unreachable(err: NodeJS.ErrnoException): ProxyHopError {
  const code = err.code;
  const detail =
    code === 'ECONNREFUSED'
      ? 'it refused the connection (is it running?)'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'its host name does not resolve'
        : code === 'ETIMEDOUT'
          ? 'it did not answer in time'
          : code === 'ECONNRESET'
            ? 'it closed the connection'
            : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
              ? 'it is on a network this machine cannot reach'
              : err.message;
  return new ProxyHopError('unreachable', detail, code);
}

function basicAuth(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
