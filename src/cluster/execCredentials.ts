import * as l10n from '@vscode/l10n';
import { basename, isAbsolute } from 'node:path';
import { CredentialError, type CredentialProblem, type TerminalCommand } from './credentialErrors';
import { firstMeaningfulLine, shownCommandLine, suggestedCommand } from './pluginOutput';
import { PluginProcess, type PluginExit } from './pluginProcess';

/**
 * Exec credential plugins (`aws eks get-token`, `gke-gcloud-auth-plugin`, `kubelogin`…), run the
 * way kubectl runs them (client-go `plugin/pkg/client/auth/exec`):
 *  1. One run at a time per plugin configuration, shared by every request (and every context
 *     with the same user) that needs a credential meanwhile.
 *  2. The credential is kept until its `expirationTimestamp`, or for the life of the process
 *     when it has none.
 *  3. A 401 with a credential drops it, so the next request runs the plugin again. Unlike
 *     kubectl, which exits, Lease Lens keeps watching: if the credential from that re-run is
 *     rejected too, it stops asking the plugin and waits for the user.
 *  4. The plugin gets `KUBERNETES_EXEC_INFO` (`spec.interactive: false`, the cluster when
 *     `provideClusterInfo`) and no stdin. `interactiveMode: Always` needs a terminal, which the
 *     extension host does not have: such a plugin is not started; the user is told what to run.
 *     `IfAvailable` (the default of v1beta1) and `Never` run non-interactively, as kubectl runs
 *     them without a terminal.
 *  5. Beyond the timeout (a setting, default 30 s) the plugin and its process group are killed.
 *  6. A failure that only the user can fix (a sign-in, an install, a hung or interactive plugin,
 *     bad output) is remembered: requests fail with it at once, without running the plugin again,
 *     until reset() (Retry, Refresh, a kubeconfig change).
 */

export const EXEC_INFO_ENV = 'KUBERNETES_EXEC_INFO';
const API_VERSIONS = new Set(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']);

export type InteractiveMode = 'Never' | 'IfAvailable' | 'Always';

/** A kubeconfig user's `exec` section, parsed. */
export interface ExecConfig {
  readonly apiVersion: string;
  /** Absolute, or a bare name looked up on PATH (kubeconfig-relative paths are resolved on load). */
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly installHint: string | undefined;
  readonly interactiveMode: InteractiveMode | undefined;
  readonly provideClusterInfo: boolean;
}

/** What `provideClusterInfo` hands the plugin (ExecCredential spec.cluster). */
export interface ExecClusterInfo {
  readonly server: string;
  readonly 'tls-server-name'?: string;
  readonly 'insecure-skip-tls-verify'?: boolean;
  readonly 'certificate-authority-data'?: string;
  readonly 'proxy-url'?: string;
  readonly config?: unknown;
}

/** A credential a plugin returned. */
export interface ExecCredential {
  readonly token: string | undefined;
  readonly clientCertificateData: string | undefined;
  readonly clientKeyData: string | undefined;
  /** Epoch ms; undefined = valid for as long as the process lives. */
  readonly expiresAt: number | undefined;
  /** This credential came from a run made because the previous one was rejected (401). */
  readonly afterRejection: boolean;
}

export interface ExecOptions {
  /** Kill the plugin after this long (the leaseLens.execTimeoutSeconds setting; default 30 s). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /** The environment the plugin inherits (default: the process environment). */
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (message: string) => void;
}

export const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
/** How long a credential that arrives already expired (clock skew) is used before the next run. */
const EXPIRED_ON_ARRIVAL_MS = 60_000;

export class ExecAuthenticator {
  /** How many times the plugin was started (tests and the log). */
  runs = 0;
  readonly plugin: string;
  private cached: ExecCredential | undefined;
  private inflight: Promise<ExecCredential> | undefined;
  private failure: CredentialError | undefined;
  private running: PluginProcess | undefined;
  private nextIsAfterRejection = false;
  private readonly acceptedOnce = new WeakSet<ExecCredential>();
  private disposed = false;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    readonly config: ExecConfig,
    private readonly cluster: ExecClusterInfo | undefined,
    private readonly options: ExecOptions = {},
  ) {
    this.plugin = basename(config.command);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** A valid credential: the cached one, the run in progress, or a new run. */
  async get(signal?: AbortSignal): Promise<ExecCredential> {
    if (this.disposed) throw new Error(l10n.t('the credential plugin {0} was stopped', this.plugin));
    if (this.failure) throw this.failure;
    const c = this.cached;
    if (c && (c.expiresAt === undefined || this.now() < c.expiresAt)) return c;
    this.inflight ??= this.run().finally(() => (this.inflight = undefined));
    return abortable(this.inflight, signal);
  }

  /** The API server answered 401 to a request made with `credential`. */
  rejected(credential: ExecCredential): void {
    if (credential !== this.cached) return; // Already replaced.
    this.cached = undefined;
    if (credential.afterRejection && !this.acceptedOnce.has(credential)) {
      this.failure = new CredentialError(
        { kind: 'pluginRejected', plugin: this.plugin },
        l10n.t(
          'the API server rejected the credential from the plugin {0} (401 Unauthorized), also after running it again',
          this.plugin,
        ),
      );
      this.options.log?.(`${this.plugin}: a fresh credential was rejected too; not running it again until Retry`);
      return;
    }
    this.nextIsAfterRejection = true;
    this.options.log?.(`${this.plugin}: its credential was rejected (401); it runs again for the next request`);
  }

  /** The API server accepted `credential`: a later rejection is worth one more run again. */
  accepted(credential: ExecCredential): void {
    this.acceptedOnce.add(credential);
  }

  /** Forget a failure that waited for the user (Retry, Refresh, a kubeconfig change). */
  reset(): void {
    this.failure = undefined;
    this.nextIsAfterRejection = false;
  }

  /** The failure requests get without a run, if any. */
  get waitingFailure(): CredentialError | undefined {
    return this.failure;
  }

  /** Kills a run in progress and waits for it to end. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const p = this.running;
    p?.kill();
    await p?.exited.catch(() => undefined);
  }

  /** What to run in a terminal to sign in with this plugin interactively. */
  terminalCommand(): TerminalCommand {
    const env: Record<string, string> = {};
    for (const e of this.config.env) env[e.name] = e.value;
    env[EXEC_INFO_ENV] = this.execInfo(true);
    return {
      command: this.config.command,
      args: this.config.args,
      env,
      shown: shownCommandLine(this.config.command, this.config.args),
    };
  }

  private execInfo(interactive: boolean): string {
    const spec: { interactive: boolean; cluster?: ExecClusterInfo } = { interactive };
    if (this.config.provideClusterInfo && this.cluster) spec.cluster = this.cluster;
    return JSON.stringify({ kind: 'ExecCredential', apiVersion: this.config.apiVersion, spec });
  }

  private fail(problem: CredentialProblem, message: string): never {
    const err = new CredentialError(problem, message);
    this.failure = err;
    throw err;
  }

  private async run(): Promise<ExecCredential> {
    const config = this.config;
    if (!API_VERSIONS.has(config.apiVersion))
      this.fail(
        {
          kind: 'pluginInvalid',
          plugin: this.plugin,
          detail: l10n.t(
            'the kubeconfig asks for apiVersion "{0}"; kubectl supports client.authentication.k8s.io/v1 and v1beta1',
            config.apiVersion,
          ),
        },
        l10n.t('the exec section of the kubeconfig names an unsupported apiVersion "{0}"', config.apiVersion),
      );
    if (config.interactiveMode === 'Always')
      this.fail(
        { kind: 'interactive', plugin: this.plugin, terminal: this.terminalCommand() },
        l10n.t('the credential plugin {0} needs a terminal (interactiveMode: Always)', this.plugin),
      );

    const base = this.options.env ?? process.env;
    const env: NodeJS.ProcessEnv = { ...base };
    for (const e of config.env) env[e.name] = e.value;
    env[EXEC_INFO_ENV] = this.execInfo(false);
    const afterRejection = this.nextIsAfterRejection;
    this.nextIsAfterRejection = false;

    this.runs++;
    const started = this.now();
    const proc = new PluginProcess(config.command, config.args, env);
    this.running = proc;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill();
    }, this.timeoutMs);
    let exit: PluginExit;
    try {
      exit = await proc.exited;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        const path = env.PATH ?? env.Path ?? '';
        this.fail(
          {
            kind: 'pluginMissing',
            plugin: this.plugin,
            command: config.command,
            path,
            installHint: config.installHint?.trim() || undefined,
          },
          isAbsolute(config.command)
            ? l10n.t('the credential plugin {0} does not exist', config.command)
            : l10n.t('the credential plugin {0} was not found on PATH', this.plugin),
        );
      }
      this.fail(
        {
          kind: 'pluginInvalid',
          plugin: this.plugin,
          detail: l10n.t('it could not be started ({0})', code ?? String(err)),
        },
        l10n.t('the credential plugin {0} could not be started ({1})', this.plugin, code ?? String(err)),
      );
    } finally {
      clearTimeout(timer);
      if (this.running === proc) this.running = undefined;
    }
    const took = this.now() - started;
    if (this.disposed) throw new Error(l10n.t('the credential plugin {0} was stopped', this.plugin));
    if (timedOut)
      this.fail(
        {
          kind: 'pluginTimeout',
          plugin: this.plugin,
          seconds: Math.round(this.timeoutMs / 1000),
          terminal: this.terminalCommand(),
        },
        l10n.t(
          'the credential plugin {0} did not answer within {1} s and was stopped',
          this.plugin,
          Math.round(this.timeoutMs / 1000),
        ),
      );
    if (exit.code !== 0) {
      const said = firstMeaningfulLine(exit.stderr);
      const how =
        exit.code === null
          ? l10n.t('was killed ({0})', exit.signal ?? 'signal')
          : l10n.t('exited with code {0}', exit.code);
      this.options.log?.(`${this.plugin}: ${how} after ${took} ms${said ? `: ${said}` : ''}`);
      const suggestion = suggestedCommand(exit.stderr);
      this.fail(
        {
          kind: 'signIn',
          plugin: this.plugin,
          detail: said || how,
          exitCode: exit.code,
          ...(suggestion ? { suggestion } : {}),
        },
        l10n.t('the credential plugin {0} failed: {1}', this.plugin, said || how),
      );
    }
    let credential = this.parse(exit.stdout, afterRejection);
    if (credential.expiresAt !== undefined && credential.expiresAt <= this.now()) {
      // Expired on arrival: this machine's clock is ahead of the issuer's. Re-running the plugin for
      // every request would not help; use it for a while and let the API server judge it.
      this.options.log?.(
        `${this.plugin}: its credential expired at ${new Date(credential.expiresAt).toISOString()}, before it arrived (is this machine's clock ahead?); using it for ${EXPIRED_ON_ARRIVAL_MS / 1000} s`,
      );
      credential = { ...credential, expiresAt: this.now() + EXPIRED_ON_ARRIVAL_MS };
    }
    this.options.log?.(
      `${this.plugin}: credential obtained in ${took} ms, ${credential.expiresAt === undefined ? 'without expiry (kept while Lease Lens runs)' : `valid until ${new Date(credential.expiresAt).toISOString()}`}`,
    );
    this.cached = credential;
    return credential;
  }

  /** Checks the ExecCredential as client-go does; the message never quotes the output (a token). */
  private parse(stdout: string, afterRejection: boolean): ExecCredential {
    const invalid = (detail: string): never =>
      this.fail(
        { kind: 'pluginInvalid', plugin: this.plugin, detail },
        l10n.t('the credential plugin {0} printed no usable ExecCredential: {1}', this.plugin, detail),
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(stdout);
    } catch {
      return invalid(stdout.trim() === '' ? l10n.t('it printed nothing') : l10n.t('its output is not JSON'));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return invalid(l10n.t('its output is not a JSON object'));
    const obj = parsed as { kind?: unknown; apiVersion?: unknown; status?: unknown };
    if (obj.kind !== 'ExecCredential')
      return invalid(l10n.t('its kind is {0}, not "ExecCredential"', JSON.stringify(obj.kind)));
    if (obj.apiVersion !== this.config.apiVersion)
      return invalid(
        l10n.t(
          'it answered with apiVersion {0}, the kubeconfig asks for {1}',
          JSON.stringify(obj.apiVersion),
          this.config.apiVersion,
        ),
      );
    const status = obj.status;
    if (typeof status !== 'object' || status === null) return invalid(l10n.t('it returned no status'));
    const s = status as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const token = text(s.token);
    const cert = text(s.clientCertificateData);
    const key = text(s.clientKeyData);
    if (!token && !cert && !key) return invalid(l10n.t('it returned neither a token nor a certificate and key'));
    if (!cert !== !key) return invalid(l10n.t('it returned a client certificate or key, not both'));
    let expiresAt: number | undefined;
    if (s.expirationTimestamp !== undefined && s.expirationTimestamp !== null) {
      expiresAt = typeof s.expirationTimestamp === 'string' ? Date.parse(s.expirationTimestamp) : NaN;
      if (Number.isNaN(expiresAt)) return invalid(l10n.t('its expirationTimestamp is not an RFC 3339 time'));
    }
    return { token, clientCertificateData: cert, clientKeyData: key, expiresAt, afterRejection };
  }
}

/** Waits for `p`, or rejects as soon as `signal` aborts (the shared run goes on for the others). */
function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * The authenticators of one LockMonitor, shared by configuration (as client-go's cache is keyed
 * by the exec config and cluster): two contexts with the same user share one plugin run and one
 * cached credential, and a kubeconfig reload that leaves the user alone keeps its credential.
 */
export class ExecAuthenticators {
  private readonly byKey = new Map<string, { authenticator: ExecAuthenticator; users: number }>();
  private readonly stopping = new Set<Promise<void>>();
  private disposed = false;

  constructor(private readonly options: ExecOptions = {}) {}

  acquire(config: ExecConfig, cluster: ExecClusterInfo | undefined): ExecAuthenticator {
    if (this.disposed) throw new Error(l10n.t('the credential plugins were stopped'));
    const key = JSON.stringify([config, config.provideClusterInfo ? cluster : undefined]);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { authenticator: new ExecAuthenticator(config, cluster, this.options), users: 0 };
      this.byKey.set(key, entry);
    }
    entry.users++;
    return entry.authenticator;
  }

  /** One user fewer; the last one stops the plugin (resolves once a run in progress has ended). */
  release(authenticator: ExecAuthenticator): Promise<void> {
    for (const [key, entry] of this.byKey) {
      if (entry.authenticator !== authenticator) continue;
      if (--entry.users > 0) return Promise.resolve();
      this.byKey.delete(key);
      const stopped = authenticator.dispose();
      this.stopping.add(stopped);
      void stopped.finally(() => this.stopping.delete(stopped));
      return stopped;
    }
    return Promise.resolve();
  }

  /** Retry / Refresh: every failure that waited for the user is forgotten. */
  resetAll(): void {
    for (const { authenticator } of this.byKey.values()) authenticator.reset();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.byKey.values()].map((e) => e.authenticator);
    this.byKey.clear();
    await Promise.all([...all.map((a) => a.dispose()), ...this.stopping]);
  }
}
