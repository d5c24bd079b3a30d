import * as l10n from '@vscode/l10n';
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

/** Why TLS failed, by Node's error code, in the display language. */
function tlsReason(code: string): string | undefined {
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return l10n.t("the server's certificate is not signed by the kubeconfig's certificate authority");
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return l10n.t("the server's certificate chain ends in a certificate authority the kubeconfig does not trust");
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return l10n.t('the server presents a self-signed certificate the kubeconfig does not trust');
    case 'CERT_HAS_EXPIRED':
      return l10n.t("the server's certificate has expired");
    case 'CERT_NOT_YET_VALID':
      return l10n.t("the server's certificate is not valid yet (check the clock)");
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return l10n.t("the server's certificate is not for this host name (set tls-server-name in the kubeconfig)");
    case 'CERT_REVOKED':
      return l10n.t("the server's certificate was revoked");
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return l10n.t('the server does not speak TLS on this port (an http:// server, or the wrong port)');
    default:
      return undefined;
  }
}

/** What the API server did, by Node's error code: a predicate of "the API server of context …". */
function serverFailure(code: string, err: Error): string {
  const timeoutMs = (err as { timeoutMs?: unknown }).timeoutMs;
  switch (code) {
    case 'ECONNREFUSED':
      return l10n.t('refused the connection');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return l10n.t('has a host name that does not resolve');
    case 'ETIMEDOUT':
      return typeof timeoutMs === 'number'
        ? l10n.t('did not answer within {0} ms', timeoutMs)
        : l10n.t('did not answer in time');
    case 'ECONNRESET':
      return l10n.t('closed the connection');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return l10n.t('is on a network this machine cannot reach');
    default:
      return l10n.t('could not be reached ({0})', err.message);
  }
}

/** Names the hop of a failed request (before any response arrived). */
export function connectionError(contextName: string, server: string, err: Error, via?: ViaProxy): Error {
  if (err.name === 'AbortError') return err;
  if (err instanceof ConnectionError || err instanceof CredentialError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (err instanceof ProxyHopError && via) {
    const message =
      err.stage === 'unreachable'
        ? l10n.t('cannot reach the proxy {0} ({1}): {2}', via.proxy, sourceWord(via.source), err.detail)
        : l10n.t(
            'the proxy {0} ({1}) did not connect to {2}: {3}',
            via.proxy,
            sourceWord(via.source),
            server,
            err.detail,
          );
    return new ConnectionError(
      { kind: 'proxy', proxy: via.proxy, source: via.source, stage: err.stage, detail: err.detail },
      message,
    );
  }
  const tls = tlsReason(code) ?? (code.startsWith('ERR_SSL_') || code === 'EPROTO' ? err.message : undefined);
  if (tls !== undefined) {
    const detail = `${tls} (${code})`;
    return new ConnectionError(
      { kind: 'tls', detail },
      l10n.t('TLS with the API server of context {0} ({1}) failed: {2}', contextName, server, detail),
    );
  }
  const what = serverFailure(code, err);
  const detail = via ? l10n.t('{0} through the proxy {1}', what, via.proxy) : what;
  return new ConnectionError(
    { kind: 'server', detail },
    l10n.t('the API server of context {0} ({1}) {2}', contextName, server, detail),
  );
}

export interface ViaProxy {
  readonly proxy: string;
  readonly source: ProxySource;
}

function sourceWord(source: ProxySource): string {
  return source === 'proxy-url' ? 'proxy-url' : source;
}
