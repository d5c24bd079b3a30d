// What the tree says about a context that is not simply connected, and about kubeconfig problems:
// pure, so the wording of every state is unit-tested without VS Code. locksTreeProvider turns each
// message into a MessageNode and its action into a command.
import type { ConnectionProblem } from '../../cluster/connectionErrors';
import type { ContextStatus } from '../../cluster/lockMonitor';
import type { KubeconfigProblem } from '../../cluster/kubeconfigLoader';
import { sourceText } from '../../cluster/proxySelection';
import { displayText } from '../../core';

export type MessageAction =
  | 'retry'
  | 'selectContext'
  | 'configureNamespaces'
  | 'openKubeconfig'
  | 'openSettings'
  /** Opens a terminal running the context's credential plugin (interactive sign-in). */
  | 'runInTerminal';

export interface StatusMessage {
  /** Unique within the context (the tree node id is `<context>:<key>`). */
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: string;
  readonly color?: string;
  readonly action?: MessageAction;
}

/** The message rows above a context's locks for its status (none when connected to all namespaces). */
export function contextStatusMessages(context: string, status: ContextStatus | undefined): StatusMessage[] {
  // A plain server failure keeps the full message ("the API server of context … refused the connection").
  if (
    status?.problem &&
    status.problem.kind !== 'server' &&
    (status.state === 'credentials' || status.state === 'disconnected')
  )
    return problemMessages(context, status.server ?? context, status.problem);
  switch (status?.state) {
    case 'error':
      return [
        {
          key: 'error',
          label: `Cannot use context ${context}`,
          description: `${status.message ?? 'unknown error'} — Retry`,
          icon: 'error',
          color: 'charts.red',
          action: 'retry',
        },
        { key: 'select', label: 'Select other contexts…', icon: 'server-environment', action: 'selectContext' },
      ];
    case 'disconnected':
      return [
        {
          key: 'unreachable',
          label: `Cannot reach ${status.server ?? context}`,
          description: `${status.message ?? ''} — Retry`,
          tooltip: `${status.message ?? ''}\n\nThe locks below show what was last seen (stale). Click to retry now; Lease Lens also retries on its own.`,
          icon: 'debug-disconnect',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'unauthorized':
      return [
        {
          key: 'unauthorized',
          label: `Credentials rejected by ${status.server ?? context}`,
          description: `${status.message ?? ''} — Retry`,
          tooltip: `${status.message ?? ''}\n\nThe locks below show what was last seen (stale). Lease Lens reconnects when the kubeconfig file changes; click to retry now.`,
          icon: 'key',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'forbidden':
      return [
        {
          key: 'forbidden',
          label: 'Not allowed to list locks',
          description: `${status.message ?? ''} — Configure namespaces`,
          tooltip: `${status.message ?? ''}\n\nSet leaseLens.fallbackNamespaces to the namespaces you may read.`,
          icon: 'lock',
          color: 'charts.yellow',
          action: 'configureNamespaces',
        },
      ];
    case 'connected':
      return status.namespaces === 'all'
        ? []
        : [
            {
              key: 'namespaces',
              label: `Watching only ${status.namespaces.join(', ')}`,
              description: 'listing all namespaces is forbidden — Configure',
              icon: 'info',
              action: 'configureNamespaces',
            },
          ];
    default:
      return [];
  }
}

const STALE = 'The locks below show what was last seen (stale).';
const WAITS =
  'Lease Lens does not run the plugin again on its own (each run could prompt or cost a login): click Retry, Refresh, or change the kubeconfig.';

/** The word the context's row shows for its state (varies with what went wrong). */
export function contextStateWord(status: ContextStatus | undefined, fallback: string): string {
  if (status?.state !== 'credentials' || !status.problem) return fallback;
  switch (status.problem.kind) {
    case 'signIn':
      return 'sign-in needed';
    case 'pluginMissing':
      return 'credential plugin missing';
    case 'pluginTimeout':
      return 'credential plugin did not answer';
    case 'interactive':
      return 'needs a terminal to sign in';
    case 'pluginRejected':
      return 'credentials rejected';
    default:
      return 'no credentials';
  }
}

/** The rows for a typed problem: each cause worded for what the user has to do. */
export function problemMessages(context: string, server: string, problem: ConnectionProblem): StatusMessage[] {
  const t = (text: string) => displayText(text);
  switch (problem.kind) {
    case 'signIn': {
      const says = t(`${problem.plugin} says: ${problem.detail}`);
      return [
        {
          key: 'signin',
          label: `Sign-in needed for ${context}: ${says}`,
          description: problem.suggestion ? `run ${t(problem.suggestion)}, then Retry` : 'Retry',
          tooltip: `Sign-in needed for ${context}: ${says}\n\n${problem.suggestion ? `The plugin says to run: ${t(problem.suggestion)}` : 'Sign in with the tool the plugin belongs to (for example aws sso login, gcloud auth login, az login, oc login)'}, then click Retry. ${WAITS}\n\n${STALE}`,
          icon: 'key',
          color: 'charts.yellow',
          action: 'retry',
        },
      ];
    }
    case 'pluginMissing': {
      const hint = problem.installHint ? t(problem.installHint) : '';
      const path = t(problem.path || '(empty)');
      const absolute = problem.command.includes('/') || problem.command.includes('\\');
      const label = absolute
        ? `The credential plugin ${t(problem.command)} does not exist`
        : `The credential plugin ${t(problem.plugin)} was not found on PATH`;
      // The install hint first: the PATH is long and the row is cut at the view's edge.
      const where = absolute ? '' : `PATH: ${path}`;
      return [
        {
          key: 'plugin-missing',
          label,
          description: `${[hint, where].filter((x) => x !== '').join(' · ')} — Retry`,
          tooltip: `${label}${absolute ? '' : ` (${path})`}.${hint ? ` ${hint}` : ''}\n\nVS Code gives extensions the PATH it was started with: started from a desktop launcher rather than a shell, it can lack directories your shell adds (/usr/local/bin, ~/.local/bin, Homebrew, gcloud's bin). Install the plugin, or put its absolute path in the kubeconfig's exec command, or start VS Code from a shell; then click Retry.\n\n${STALE}`,
          icon: 'tools',
          color: 'charts.yellow',
          action: 'retry',
        },
      ];
    }
    case 'pluginTimeout':
      return [
        {
          key: 'plugin-timeout',
          label: `The credential plugin ${t(problem.plugin)} did not answer within ${problem.seconds} s`,
          description: 'it was stopped — Retry',
          tooltip: `The credential plugin ${t(problem.plugin)} did not answer within ${problem.seconds} s, so Lease Lens stopped it. It may be waiting for a sign-in in a browser or at a prompt: run it in a terminal to see what it asks. If it is only slow, raise leaseLens.execTimeoutSeconds. ${WAITS}\n\n${STALE}`,
          icon: 'watch',
          color: 'charts.yellow',
          action: 'retry',
        },
        terminalRow(problem.terminal.shown),
      ];
    case 'interactive':
      return [
        {
          key: 'interactive',
          label: `${context} needs a terminal to sign in: ${t(problem.plugin)} is interactive`,
          description: 'interactiveMode: Always',
          tooltip: `The kubeconfig says the credential plugin ${t(problem.plugin)} always needs a terminal (interactiveMode: Always), and VS Code's extension host has none, so Lease Lens does not start it. Run it in a terminal to sign in, then click Retry.\n\n${STALE}`,
          icon: 'terminal',
          color: 'charts.yellow',
        },
        terminalRow(problem.terminal.shown),
      ];
    case 'pluginInvalid':
      return [
        {
          key: 'plugin-invalid',
          label: `The credential plugin ${t(problem.plugin)} gave no usable credential`,
          description: `${t(problem.detail)} — Retry`,
          tooltip: `The credential plugin ${t(problem.plugin)} gave no usable credential: ${t(problem.detail)}. Check the exec section of the kubeconfig and the plugin's version, then click Retry. ${WAITS}\n\n${STALE}`,
          icon: 'error',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'pluginRejected':
      return [
        {
          key: 'plugin-rejected',
          label: `Credentials rejected by ${server}`,
          description: `the credential from ${t(problem.plugin)} was rejected (401), also after running it again — Retry`,
          tooltip: `The API server rejected (401 Unauthorized) the credential the plugin ${t(problem.plugin)} gave, and the one it gave when run again. Sign in again or check which identity the plugin uses, then click Retry. ${WAITS}\n\n${STALE}`,
          icon: 'key',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'tokenFile':
      return [
        {
          key: 'token-file',
          label: `The token file ${t(problem.path)} ${t(problem.detail)}`,
          description: 'Lease Lens reads it again when it changes — Retry',
          tooltip: `The kubeconfig's tokenFile ${t(problem.path)} ${t(problem.detail)}. Lease Lens keeps trying and reads the file again as soon as it is there.\n\n${STALE}`,
          icon: 'key',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'credentialFile':
      return [
        {
          key: 'credential-file',
          label: `The ${problem.what} file ${t(problem.path)} ${t(problem.detail)}`,
          description: 'Retry',
          tooltip: `The kubeconfig's ${problem.what} file ${t(problem.path)} ${t(problem.detail)}. Lease Lens keeps trying and reads the file again when it changes.\n\n${STALE}`,
          icon: 'key',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'proxy': {
      const from = sourceText(problem.source);
      const label =
        problem.stage === 'invalid'
          ? `The proxy in ${from} cannot be used`
          : problem.stage === 'unreachable'
            ? `Cannot reach the proxy ${t(problem.proxy)}`
            : `The proxy ${t(problem.proxy)} did not connect to ${server}`;
      return [
        {
          key: 'proxy',
          label,
          description: `${t(problem.detail)} — Retry`,
          tooltip: `${label}: ${t(problem.detail)}.\n\nThe proxy comes from ${from}. Check that it runs and that this machine may use it, or change ${from}. Lease Lens keeps retrying.\n\n${STALE}`,
          icon: 'debug-disconnect',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    }
    case 'tls':
      return [
        {
          key: 'tls',
          label: `TLS with ${server} failed`,
          description: `${t(problem.detail)} — Retry`,
          tooltip: `TLS with ${server} failed: ${t(problem.detail)}.\n\nCheck the kubeconfig's certificate-authority, tls-server-name and server. Lease Lens keeps retrying.\n\n${STALE}`,
          icon: 'shield',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'server':
      return [
        {
          key: 'unreachable',
          label: `Cannot reach ${server}`,
          description: `${t(problem.detail)} — Retry`,
          tooltip: `Cannot reach ${server}: ${t(problem.detail)}.\n\n${STALE} Click to retry now; Lease Lens also retries on its own.`,
          icon: 'debug-disconnect',
          color: 'charts.red',
          action: 'retry',
        },
      ];
  }
}

function terminalRow(shown: string): StatusMessage {
  const command = displayText(shown);
  return {
    key: 'terminal',
    label: `Run ${command} in a terminal`,
    description: 'Open Terminal',
    tooltip: `Opens a terminal running ${command} (with the kubeconfig's exec environment and KUBERNETES_EXEC_INFO saying it may prompt), so you can answer its sign-in. Lease Lens retries when it exits successfully.`,
    icon: 'terminal',
    action: 'runInTerminal',
  };
}

/** A kubeconfig problem not tied to one context (a file missing, unreadable, or kept from before). */
export function kubeconfigProblemMessage(problem: KubeconfigProblem, fileExists: boolean): StatusMessage {
  return {
    key: 'kubeconfig',
    label: 'Kubeconfig problem',
    description: problem.message,
    tooltip: problem.message,
    icon: 'warning',
    color: 'charts.yellow',
    action: problem.file !== undefined && fileExists ? 'openKubeconfig' : 'openSettings',
  };
}

/** The view's description: which kubeconfig is in use (nothing before the first connection). */
export function kubeconfigSourceDescription(
  source: 'leaseLens' | 'kubernetesExtension' | 'default' | undefined,
): string | undefined {
  switch (source) {
    case 'leaseLens':
      return 'kubeconfig: Lease Lens setting';
    case 'kubernetesExtension':
      return 'kubeconfig: Kubernetes extension';
    case 'default':
      return 'kubeconfig: default';
    default:
      return undefined;
  }
}
