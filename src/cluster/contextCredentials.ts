import * as l10n from '@vscode/l10n';
import type { Cluster, User } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import type { TlsMaterial } from './connectionAgents';
import { CredentialError } from './credentialErrors';
import {
  ExecAuthenticators,
  type ExecAuthenticator,
  type ExecClusterInfo,
  type ExecCredential,
} from './execCredentials';
import type { KubeContext } from './kubeconfigLoader';
import { RereadFile } from './rereadFile';
import { fileErrorText, TokenFile } from './tokenFile';

/** What one request is sent with, and what to report back when the server answers. */
export interface RequestCredentials {
  readonly headers: OutgoingHttpHeaders;
  readonly tls: TlsMaterial;
  /** The credential the Authorization header came from (for 401 feedback). */
  readonly used: UsedCredential;
}

export type UsedCredential =
  | { readonly kind: 'exec'; readonly credential: ExecCredential }
  | { readonly kind: 'tokenFile' }
  | { readonly kind: 'other' };

/**
 * The credentials of one context, for every kubeconfig `user` form, with kubectl's precedence:
 * a `tokenFile` (read again when it changes and after a 401) or `token`, else `username` and
 * `password`, else an exec plugin (not used when the user also has a token, basic auth or a client
 * certificate, as in client-go), else a legacy `auth-provider` (OIDC, Azure, GCP) through
 * client-node. Client certificate, key and CA files are read again when they change.
 */
export class ContextCredentials {
  private readonly tokenFile: TokenFile | undefined;
  private readonly exec: ExecAuthenticator | undefined;
  private readonly files = new Map<string, RereadFile>();
  private readonly cluster: Cluster | null;
  private readonly user: User | null;

  constructor(
    private readonly context: KubeContext,
    private readonly execs: ExecAuthenticators,
    private readonly log?: (message: string) => void,
  ) {
    this.cluster = context.kubeConfig.getCurrentCluster();
    this.user = context.kubeConfig.getCurrentUser();
    const u = this.user;
    if (context.tokenFile) this.tokenFile = new TokenFile(context.tokenFile, log);
    const hasOther = !!u?.token || !!context.tokenFile || !!u?.username || !!u?.certFile || !!u?.certData;
    if (context.exec && !hasOther) this.exec = execs.acquire(context.exec, this.execClusterInfo());
  }

  /** The exec authenticator of this context, if it uses a plugin. */
  get plugin(): ExecAuthenticator | undefined {
    return this.exec;
  }

  async forRequest(signal?: AbortSignal): Promise<RequestCredentials> {
    const headers: OutgoingHttpHeaders = {};
    const u = this.user;
    const c = this.cluster;
    let used: UsedCredential = { kind: 'other' };
    let cert: Buffer | string | undefined = await this.fileOrData(
      u?.certFile,
      u?.certData,
      l10n.t('client certificate'),
    );
    let key: Buffer | string | undefined = await this.fileOrData(u?.keyFile, u?.keyData, l10n.t('client key'));
    if (this.tokenFile) {
      headers.Authorization = `Bearer ${await this.tokenFile.token()}`;
      used = { kind: 'tokenFile' };
    } else if (u?.token) {
      headers.Authorization = `Bearer ${u.token.trim()}`;
    } else if (u?.username) {
      headers.Authorization = `Basic ${Buffer.from(`${u.username}:${u.password ?? ''}`).toString('base64')}`;
    } else if (this.exec) {
      const credential = await this.exec.get(signal);
      if (credential.token) headers.Authorization = `Bearer ${credential.token}`;
      if (credential.clientCertificateData && credential.clientKeyData) {
        cert = credential.clientCertificateData;
        key = credential.clientKeyData;
      }
      used = { kind: 'exec', credential };
    } else if (u?.authProvider) {
      // Legacy auth providers (OIDC refresh, Azure, GCP): client-node's implementation.
      const opts: { headers?: OutgoingHttpHeaders } = { headers: {} };
      await this.context.kubeConfig.applyToHTTPSOptions(opts);
      const auth = opts.headers?.Authorization ?? opts.headers?.authorization;
      if (auth !== undefined) headers.Authorization = auth;
    }
    if (u?.impersonateUser) headers['Impersonate-User'] = u.impersonateUser;
    const ca = await this.fileOrData(c?.caFile, c?.caData, l10n.t('certificate authority'));
    return {
      headers,
      tls: {
        ca,
        cert,
        key,
        rejectUnauthorized: !c?.skipTLSVerify,
        servername: c?.tlsServerName || undefined,
      },
      used,
    };
  }

  /** The server answered 401 to a request sent with `used`. */
  rejected(used: UsedCredential): void {
    if (used.kind === 'exec') this.exec?.rejected(used.credential);
    else if (used.kind === 'tokenFile') this.tokenFile?.rejected();
  }

  /** The server accepted a request sent with `used`. */
  accepted(used: UsedCredential): void {
    if (used.kind === 'exec') this.exec?.accepted(used.credential);
  }

  /** Releases the plugin; resolves once a run it had to stop has ended. */
  async dispose(): Promise<void> {
    if (this.exec) await this.execs.release(this.exec);
  }

  private async fileOrData(
    file: string | undefined,
    data: string | undefined,
    what: string,
  ): Promise<Buffer | undefined> {
    if (file) {
      let f = this.files.get(file);
      if (!f) this.files.set(file, (f = new RereadFile(file)));
      const first = f.lastData === undefined;
      try {
        const { data: contents, changed } = await f.read();
        if (changed && !first) this.log?.(`${what} ${file} changed: using the new one`);
        return contents;
      } catch (err) {
        if (f.lastData) return f.lastData;
        const detail = fileErrorText(err);
        throw new CredentialError(
          { kind: 'credentialFile', path: file, what, detail },
          l10n.t('the {0} file {1} of the kubeconfig {2}', what, file, detail),
        );
      }
    }
    return data ? Buffer.from(data, 'base64') : undefined;
  }

  private execClusterInfo(): ExecClusterInfo | undefined {
    const c = this.cluster;
    if (!c || !this.context.exec?.provideClusterInfo) return undefined;
    let caData: string | undefined = c.caData;
    if (!caData && c.caFile) {
      try {
        caData = readFileSync(c.caFile).toString('base64');
      } catch {
        caData = undefined;
      }
    }
    return {
      server: c.server,
      ...(c.tlsServerName ? { 'tls-server-name': c.tlsServerName } : {}),
      ...(c.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
      ...(caData ? { 'certificate-authority-data': caData } : {}),
      ...(c.proxyUrl ? { 'proxy-url': c.proxyUrl } : {}),
    };
  }
}
