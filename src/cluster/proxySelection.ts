import * as l10n from '@vscode/l10n';
import { isIP } from 'node:net';

/**
 * Which proxy, if any, a context's requests go through. Pure: the environment and VS Code's
 * settings are passed in.
 *
 * The order, and why:
 *  1. The cluster's `proxy-url` in the kubeconfig: kubectl always uses it, for every host.
 *  2. VS Code's `http.proxy` setting (with `http.noProxy`), when Lease Lens runs in VS Code and it
 *     is set: VS Code's own rule is that the setting wins over the environment.
 *  3. `HTTPS_PROXY` / `https_proxy` (`HTTP_PROXY` for an `http://` server) with `NO_PROXY`, exactly
 *     as kubectl reads them (Go's `golang.org/x/net/http/httpproxy`): `localhost` and loopback
 *     addresses are never proxied, NO_PROXY entries are IPs, CIDRs, or domains matching themselves
 *     and their subdomains (`.example.com` only subdomains), optionally with a port, and `*`.
 * A proxy URL without a scheme is read as `http://`, as Go does.
 */

export type ProxySource = 'proxy-url' | 'http.proxy' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy';

export interface VsCodeProxySetting {
  /** `http.proxy`. */
  readonly url: string;
  /** `http.noProxy`; when empty, NO_PROXY from the environment applies (as in VS Code). */
  readonly noProxy: readonly string[];
  /** `http.proxyAuthorization`: the Proxy-Authorization header value, if set. */
  readonly authorization?: string;
}

export interface ProxySettings {
  /** VS Code's proxy setting, when running in VS Code with `http.proxy` set and proxy support on. */
  readonly vscode?: VsCodeProxySetting;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (default: the process environment). */
  readonly env?: NodeJS.ProcessEnv;
}

export type ProxyRoute =
  | {
      readonly kind: 'direct';
      /** Why no proxy: for the log and the context's tooltip. */
      readonly why: string;
    }
  | {
      readonly kind: 'proxy';
      /** The proxy, credentials included (never shown: see `shown`). */
      readonly url: URL;
      /** The proxy as it may be shown: scheme, host and port, no user name or password. */
      readonly shown: string;
      readonly source: ProxySource;
      /** A Proxy-Authorization header value (VS Code's http.proxyAuthorization). */
      readonly authorization?: string;
    }
  | {
      readonly kind: 'invalid';
      readonly source: ProxySource;
      readonly message: string;
    };

const SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);

/** The route to `server` (the kubeconfig's server URL). */
export function chooseProxy(server: string, proxyUrl: string | undefined, settings: ProxySettings = {}): ProxyRoute {
  if (proxyUrl) return parsedRoute(proxyUrl, 'proxy-url');
  let target: URL;
  try {
    target = new URL(server);
  } catch {
    return { kind: 'direct', why: 'the server URL does not parse' };
  }
  const env = settings.env ?? process.env;
  const vs = settings.vscode;
  if (vs && vs.url.trim() !== '') {
    const noProxy = vs.noProxy.length > 0 ? vs.noProxy.join(',') : envAny(env, 'NO_PROXY', 'no_proxy')[1];
    const bypass = bypassReason(target, noProxy);
    if (bypass) return { kind: 'direct', why: bypass };
    const route = parsedRoute(vs.url.trim(), 'http.proxy');
    return route.kind === 'proxy' && vs.authorization ? { ...route, authorization: vs.authorization } : route;
  }
  const [source, value] =
    target.protocol === 'https:'
      ? envAny(env, 'HTTPS_PROXY', 'https_proxy')
      : target.protocol === 'http:'
        ? envAny(env, 'HTTP_PROXY', 'http_proxy')
        : [undefined, ''];
  if (!source || !value) return { kind: 'direct', why: 'no proxy is configured' };
  const bypass = bypassReason(target, envAny(env, 'NO_PROXY', 'no_proxy')[1]);
  if (bypass) return { kind: 'direct', why: bypass };
  return parsedRoute(value, source);
}

/** One line for the log and the tooltip: "through the proxy http://p:3128 (HTTPS_PROXY)". */
export function describeRoute(route: ProxyRoute): string {
  switch (route.kind) {
    case 'direct':
      return `directly (${route.why})`;
    case 'proxy':
      return `through the proxy ${route.shown} (${sourceText(route.source)})`;
    case 'invalid':
      return `not at all: ${route.message}`;
  }
}

export function sourceText(source: ProxySource): string {
  return source === 'proxy-url'
    ? l10n.t("the kubeconfig's proxy-url")
    : source === 'http.proxy'
      ? l10n.t("VS Code's http.proxy setting")
      : l10n.t('the {0} environment variable', source);
}

/** The proxy URL without user name and password. */
export function shownProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function parsedRoute(value: string, source: ProxySource): ProxyRoute {
  const url = parseProxyUrl(value);
  if (!url)
    return {
      kind: 'invalid',
      source,
      message: l10n.t(
        'the proxy in {0} is not a valid URL (http://, https:// or socks5://host:port)',
        sourceText(source),
      ),
    };
  if (!SCHEMES.has(url.protocol))
    return {
      kind: 'invalid',
      source,
      message: l10n.t(
        'the proxy in {0} uses {1}://, which is not supported (http, https or socks5)',
        sourceText(source),
        url.protocol.replace(/:$/, ''),
      ),
    };
  return { kind: 'proxy', url, shown: shownProxy(url), source };
}

/** As Go's parseProxy: a value without a scheme (or that does not parse) is tried as http://value. */
function parseProxyUrl(value: string): URL | undefined {
  const attempt = (v: string): URL | undefined => {
    try {
      const u = new URL(v);
      return u.host === '' ? undefined : u;
    } catch {
      return undefined;
    }
  };
  const direct = attempt(value);
  if (direct && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return direct;
  return attempt(`http://${value}`) ?? direct;
}

function envAny<N extends string>(env: NodeJS.ProcessEnv, upper: N, lower: N): [N | undefined, string] {
  const u = env[upper];
  if (u) return [upper, u];
  const l = env[lower];
  if (l) return [lower, l];
  return [undefined, ''];
}

/**
 * Why `target` bypasses the proxy (Go's httpproxy useProxy), or undefined when it does not.
 * Exported for the table-driven tests.
 */
export function bypassReason(target: URL, noProxy: string): string | undefined {
  const host = unbracket(target.hostname.toLowerCase());
  const port = target.port || (target.protocol === 'https:' ? '443' : target.protocol === 'http:' ? '80' : '');
  if (host === 'localhost') return 'localhost is never proxied';
  const ip = isIP(host) ? host : undefined;
  if (ip && isLoopback(ip)) return `${host} is a loopback address, never proxied`;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return 'NO_PROXY is *';
    const cidr = parseCidr(entry);
    if (cidr) {
      if (ip && cidrContains(cidr, ip)) return `NO_PROXY names ${entry}`;
      continue;
    }
    let entryHost = entry;
    let entryPort = '';
    const hp = splitHostPort(entry);
    if (hp) {
      if (hp.host === '') continue;
      entryHost = hp.host;
      entryPort = hp.port;
    }
    if (isIP(entryHost)) {
      if (ip && sameIp(entryHost, ip) && (entryPort === '' || entryPort === port)) return `NO_PROXY names ${entry}`;
      continue;
    }
    if (entryHost === '') continue;
    if (entryHost.startsWith('*.')) entryHost = entryHost.slice(1);
    const matchHost = !entryHost.startsWith('.');
    if (matchHost) entryHost = `.${entryHost}`;
    if (
      (host.endsWith(entryHost) || (matchHost && host === entryHost.slice(1))) &&
      (entryPort === '' || entryPort === port)
    )
      return `NO_PROXY names ${entry}`;
  }
  return undefined;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Go's net.SplitHostPort for the forms NO_PROXY uses: host:port, [v6]:port. */
function splitHostPort(entry: string): { host: string; port: string } | undefined {
  if (entry.startsWith('[')) {
    const m = /^\[([^\]]*)\]:([0-9a-z]*)$/.exec(entry);
    return m ? { host: m[1]!, port: m[2]! } : undefined;
  }
  const colons = entry.split(':').length - 1;
  if (colons !== 1) return undefined;
  const [host, port] = entry.split(':') as [string, string];
  return { host, port };
}

function isLoopback(ip: string): boolean {
  if (isIP(ip) === 4) return ip.startsWith('127.');
  const bytes = ipv6Bytes(ip);
  if (!bytes) return false;
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return true;
  // IPv4-mapped ::ffff:127.x.y.z
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff && bytes[12] === 127;
}

function sameIp(a: string, b: string): boolean {
  const x = v4Form(ipBytes(a));
  const y = v4Form(ipBytes(b));
  return x !== undefined && y !== undefined && x.length === y.length && x.every((v, i) => v === y[i]);
}

interface Cidr {
  readonly bytes: number[];
  readonly bits: number;
}

function parseCidr(entry: string): Cidr | undefined {
  const slash = entry.indexOf('/');
  if (slash < 0) return undefined;
  const addr = entry.slice(0, slash);
  const bitsText = entry.slice(slash + 1);
  if (!/^\d+$/.test(bitsText)) return undefined;
  const bytes = ipBytes(addr);
  const bits = Number(bitsText);
  if (!bytes || bits > bytes.length * 8) return undefined;
  return { bytes, bits };
}

function cidrContains(cidr: Cidr, ip: string): boolean {
  let bytes = ipBytes(ip);
  if (!bytes) return false;
  // Go compares an IPv4 address with an IPv4 network in 4-byte form, whatever way it was written.
  if (cidr.bytes.length === 4 && bytes.length === 16 && isV4Mapped(bytes)) bytes = bytes.slice(12);
  if (cidr.bytes.length !== bytes.length) return false;
  for (let bit = 0; bit < cidr.bits; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((cidr.bytes[i]! & mask) !== (bytes[i]! & mask)) return false;
  }
  return true;
}

function v4Form(b: number[] | undefined): number[] | undefined {
  return b && b.length === 16 && isV4Mapped(b) ? b.slice(12) : b;
}

function isV4Mapped(b: number[]): boolean {
  return b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}

function ipBytes(ip: string): number[] | undefined {
  const v = isIP(ip);
  if (v === 4) return ip.split('.').map(Number);
  if (v === 6) return ipv6Bytes(ip);
  return undefined;
}

function ipv6Bytes(ip: string): number[] | undefined {
  if (isIP(ip) !== 6) return undefined;
  let text = ip;
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    tail.push(...v4[1]!.split('.').map(Number));
    text = text.slice(0, -v4[1]!.length) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parts = (s: string) => (s === '' ? [] : s.split(':').map((h) => parseInt(h, 16)));
  const left = parts(head);
  const right = rest === undefined ? [] : parts(rest);
  const zeros = 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(Math.max(0, zeros)).fill(0), ...right];
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}
