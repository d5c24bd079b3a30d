import { CredentialError, type CredentialProblem } from './credentialErrors';
import type { ProxySource } from './proxySelection';

/**
 * Which hop of the way to the API server failed, as typed values: the proxy, TLS, or the server
 * (a credential plugin or file is a CredentialError). The views word each one differently ("Cannot
 * reach the proxy …" says where to look; "Cannot reach <server>" would send the user to the wrong
 * place).
 */
export type NetworkProblem =
  | {
      readonly kind: 'proxy';
      /** The proxy without its credentials. */
      readonly proxy: string;
      readonly source: ProxySource;
      /**
       * 'unreachable': no connection to the proxy; 'refused': it answered CONNECT with an error;
       * 'invalid': the setting is not a proxy URL Lease Lens can use.
       */
      readonly stage: 'unreachable' | 'refused' | 'invalid';
      readonly detail: string;
    }
  | { readonly kind: 'tls'; readonly detail: string }
  | { readonly kind: 'server'; readonly detail: string };

export type ConnectionProblem = CredentialProblem | NetworkProblem;

export class ConnectionError extends Error {
  constructor(
    readonly problem: NetworkProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/** An error on the way to a proxy or from it, before TLS to the API server begins. */
export class ProxyHopError extends Error {
  constructor(
    readonly stage: 'unreachable' | 'refused',
    readonly detail: string,
    readonly code?: string,
  ) {
    super(detail);
    this.name = 'ProxyHopError';
  }
}

/** The typed problem behind an error from a request, if it is one of ours. */
export function problemOf(err: unknown): ConnectionProblem | undefined {
  if (err instanceof CredentialError || err instanceof ConnectionError) return err.problem;
  return undefined;
}

/** Whether retrying on a timer is pointless until the user acts (sign-in, install, terminal). */
export function needsUser(err: unknown): err is CredentialError {
  return err instanceof CredentialError && err.needsUser;
}

const TLS_CODES: Readonly<Record<string, string>> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is not signed by the kubeconfig's certificate authority",
  UNABLE_TO_GET_ISSUER_CERT: "the server's certificate is not signed by the kubeconfig's certificate authority",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's certificate is not signed by the kubeconfig's certificate authority",
  SELF_SIGNED_CERT_IN_CHAIN:
    "the server's certificate chain ends in a certificate authority the kubeconfig does not trust",
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server presents a self-signed certificate the kubeconfig does not trust',
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet (check the clock)",
  ERR_TLS_CERT_ALTNAME_INVALID:
    "the server's certificate is not for this host name (set tls-server-name in the kubeconfig)",
  CERT_REVOKED: "the server's certificate was revoked",
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on this port (an http:// server, or the wrong port)',
};

/** Names the hop of a failed request (before any response arrived). */
export function connectionError(contextName: string, server: string, err: Error, via?: ViaProxy): Error {
  if (err.name === 'AbortError') return err;
  if (err instanceof ConnectionError || err instanceof CredentialError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (err instanceof ProxyHopError && via) {
    const message =
      err.stage === 'unreachable'
        ? `cannot reach the proxy ${via.proxy} (${sourceWord(via.source)}): ${err.detail}`
        : `the proxy ${via.proxy} (${sourceWord(via.source)}) did not connect to ${server}: ${err.detail}`;
    return new ConnectionError(
      { kind: 'proxy', proxy: via.proxy, source: via.source, stage: err.stage, detail: err.detail },
      message,
    );
  }
  const tls = TLS_CODES[code] ?? (code.startsWith('ERR_SSL_') || code === 'EPROTO' ? err.message : undefined);
  if (tls !== undefined) {
    const detail = `${tls} (${code})`;
    return new ConnectionError(
      { kind: 'tls', detail },
      `TLS with the API server of context ${contextName} (${server}) failed: ${detail}`,
    );
  }
  const timeoutMs = (err as { timeoutMs?: unknown }).timeoutMs;
  const inTime = typeof timeoutMs === 'number' ? `did not answer within ${timeoutMs} ms` : 'did not answer in time';
  const what =
    code === 'ECONNREFUSED'
      ? 'refused the connection'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'has a host name that does not resolve'
        : code === 'ETIMEDOUT'
          ? inTime
          : code === 'ECONNRESET'
            ? 'closed the connection'
            : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
              ? 'is on a network this machine cannot reach'
              : `could not be reached (${err.message})`;
  const through = via ? ` through the proxy ${via.proxy}` : '';
  return new ConnectionError(
    { kind: 'server', detail: what + through },
    `the API server of context ${contextName} (${server}) ${what}${through}`,
  );
}

export interface ViaProxy {
  readonly proxy: string;
  readonly source: ProxySource;
}

function sourceWord(source: ProxySource): string {
  return source === 'proxy-url' ? 'proxy-url' : source;
}
