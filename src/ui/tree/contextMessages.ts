// What the tree says about a context that is not simply connected, and about kubeconfig problems:
// pure, so the wording of every state is unit-tested without VS Code. locksTreeProvider turns each
// message into a MessageNode and its action into a command.
import type { ConnectionProblem } from '../../cluster/connectionErrors';
import type { ContextStatus } from '../../cluster/lockMonitor';
import type { KubeconfigProblem } from '../../cluster/kubeconfigLoader';
import { sourceText } from '../../cluster/proxySelection';
import { displayText } from '../../core';
import * as l10n from '@vscode/l10n';

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

/** A row's description with its action: "… — Retry". */
const retry = (what: string) => l10n.t('{0} — Retry', what);
/** A tooltip's paragraphs. */
const paragraphs = (...parts: string[]) => parts.filter((p) => p !== '').join('\n\n');
const stale = () => l10n.t('The locks below show what was last seen (stale).');
const waits = () =>
  l10n.t(
    'Lease Lens does not run the plugin again on its own (each run could prompt or cost a login): click Retry, Refresh, or change the kubeconfig.',
  );

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
          label: l10n.t('Cannot use context {0}', context),
          description: retry(status.message ?? l10n.t('unknown error')),
          icon: 'error',
          color: 'charts.red',
          action: 'retry',
        },
        {
          key: 'select',
          label: l10n.t('Select other contexts…'),
          icon: 'server-environment',
          action: 'selectContext',
        },
      ];
    case 'disconnected':
      return [
        {
          key: 'unreachable',
          label: l10n.t('Cannot reach {0}', status.server ?? context),
          description: retry(status.message ?? ''),
          tooltip: paragraphs(
            status.message ?? '',
            l10n.t(
              'The locks below show what was last seen (stale). Click to retry now; Lease Lens also retries on its own.',
            ),
          ),
          icon: 'debug-disconnect',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'unauthorized':
      return [
        {
          key: 'unauthorized',
          label: l10n.t('Credentials rejected by {0}', status.server ?? context),
          description: retry(status.message ?? ''),
          tooltip: paragraphs(
            status.message ?? '',
            l10n.t(
              'The locks below show what was last seen (stale). Lease Lens reconnects when the kubeconfig file changes; click to retry now.',
            ),
          ),
          icon: 'key',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'forbidden':
      return [
        {
          key: 'forbidden',
          label: l10n.t('Not allowed to list locks'),
          description: l10n.t('{0} — Configure namespaces', status.message ?? ''),
          tooltip: paragraphs(
            status.message ?? '',
            l10n.t('Set leaseLens.fallbackNamespaces to the namespaces you may read.'),
          ),
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
              label: l10n.t('Watching only {0}', status.namespaces.join(', ')),
              description: l10n.t('listing all namespaces is forbidden — Configure'),
              icon: 'info',
              action: 'configureNamespaces',
            },
          ];
    default:
      return [];
  }
}

/** The word the context's row shows for its state (varies with what went wrong). */
export function contextStateWord(status: ContextStatus | undefined, fallback: string): string {
  if (status?.state !== 'credentials' || !status.problem) return fallback;
  switch (status.problem.kind) {
    case 'signIn':
      return l10n.t('sign-in needed');
    case 'pluginMissing':
      return l10n.t('credential plugin missing');
    case 'pluginTimeout':
      return l10n.t('credential plugin did not answer');
    case 'interactive':
      return l10n.t('needs a terminal to sign in');
    case 'pluginRejected':
      return l10n.t('credentials rejected');
    default:
      return l10n.t('no credentials');
  }
}

/** The rows for a typed problem: each cause worded for what the user has to do. */
export function problemMessages(context: string, server: string, problem: ConnectionProblem): StatusMessage[] {
  const t = (text: string) => displayText(text);
  switch (problem.kind) {
    case 'signIn': {
      const says = t(l10n.t('{0} says: {1}', problem.plugin, problem.detail));
      const label = l10n.t('Sign-in needed for {0}: {1}', context, says);
      return [
        {
          key: 'signin',
          label,
          description: problem.suggestion ? l10n.t('run {0}, then Retry', t(problem.suggestion)) : l10n.t('Retry'),
          tooltip: paragraphs(
            label,
            `${
              problem.suggestion
                ? l10n.t('The plugin says to run: {0}, then click Retry.', t(problem.suggestion))
                : l10n.t(
                    'Sign in with the tool the plugin belongs to (for example aws sso login, gcloud auth login, az login, oc login), then click Retry.',
                  )
            } ${waits()}`,
            stale(),
          ),
          icon: 'key',
          color: 'charts.yellow',
          action: 'retry',
        },
      ];
    }
    case 'pluginMissing': {
      const hint = problem.installHint ? t(problem.installHint) : '';
      const path = t(problem.path || l10n.t('(empty)'));
      const absolute = problem.command.includes('/') || problem.command.includes('\\');
      const label = absolute
        ? l10n.t('The credential plugin {0} does not exist', t(problem.command))
        : l10n.t('The credential plugin {0} was not found on PATH', t(problem.plugin));
      // The install hint first: the PATH is long and the row is cut at the view's edge.
      const where = absolute ? '' : l10n.t('PATH: {0}', path);
      const first = absolute ? l10n.t('{0}.', label) : l10n.t('{0} ({1}).', label, path);
      return [
        {
          key: 'plugin-missing',
          label,
          description: retry([hint, where].filter((x) => x !== '').join(' · ')),
          tooltip: paragraphs(
            hint ? `${first} ${hint}` : first,
            l10n.t(
              "VS Code gives extensions the PATH it was started with: started from a desktop launcher rather than a shell, it can lack directories your shell adds (/usr/local/bin, ~/.local/bin, Homebrew, gcloud's bin). Install the plugin, or put its absolute path in the kubeconfig's exec command, or start VS Code from a shell; then click Retry.",
            ),
            stale(),
          ),
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
          label: l10n.t('The credential plugin {0} did not answer within {1} s', t(problem.plugin), problem.seconds),
          description: l10n.t('it was stopped — Retry'),
          tooltip: paragraphs(
            `${l10n.t(
              'The credential plugin {0} did not answer within {1} s, so Lease Lens stopped it. It may be waiting for a sign-in in a browser or at a prompt: run it in a terminal to see what it asks. If it is only slow, raise leaseLens.execTimeoutSeconds.',
              t(problem.plugin),
              problem.seconds,
            )} ${waits()}`,
            stale(),
          ),
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
          label: l10n.t('{0} needs a terminal to sign in: {1} is interactive', context, t(problem.plugin)),
          description: 'interactiveMode: Always',
          tooltip: paragraphs(
            l10n.t(
              "The kubeconfig says the credential plugin {0} always needs a terminal (interactiveMode: Always), and VS Code's extension host has none, so Lease Lens does not start it. Run it in a terminal to sign in, then click Retry.",
              t(problem.plugin),
            ),
            stale(),
          ),
          icon: 'terminal',
          color: 'charts.yellow',
        },
        terminalRow(problem.terminal.shown),
      ];
    case 'pluginInvalid':
      return [
        {
          key: 'plugin-invalid',
          label: l10n.t('The credential plugin {0} gave no usable credential', t(problem.plugin)),
          description: retry(t(problem.detail)),
          tooltip: paragraphs(
            `${l10n.t(
              "The credential plugin {0} gave no usable credential: {1}. Check the exec section of the kubeconfig and the plugin's version, then click Retry.",
              t(problem.plugin),
              t(problem.detail),
            )} ${waits()}`,
            stale(),
          ),
          icon: 'error',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'pluginRejected':
      return [
        {
          key: 'plugin-rejected',
          label: l10n.t('Credentials rejected by {0}', server),
          description: l10n.t(
            'the credential from {0} was rejected (401), also after running it again — Retry',
            t(problem.plugin),
          ),
          tooltip: paragraphs(
            `${l10n.t(
              'The API server rejected (401 Unauthorized) the credential the plugin {0} gave, and the one it gave when run again. Sign in again or check which identity the plugin uses, then click Retry.',
              t(problem.plugin),
            )} ${waits()}`,
            stale(),
          ),
          icon: 'key',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'tokenFile':
      return [
        {
          key: 'token-file',
          label: l10n.t('The token file {0} {1}', t(problem.path), t(problem.detail)),
          description: l10n.t('Lease Lens reads it again when it changes — Retry'),
          tooltip: paragraphs(
            l10n.t(
              "The kubeconfig's tokenFile {0} {1}. Lease Lens keeps trying and reads the file again as soon as it is there.",
              t(problem.path),
              t(problem.detail),
            ),
            stale(),
          ),
          icon: 'key',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'credentialFile':
      return [
        {
          key: 'credential-file',
          label: l10n.t('The {0} file {1} {2}', problem.what, t(problem.path), t(problem.detail)),
          description: l10n.t('Retry'),
          tooltip: paragraphs(
            l10n.t(
              "The kubeconfig's {0} file {1} {2}. Lease Lens keeps trying and reads the file again when it changes.",
              problem.what,
              t(problem.path),
              t(problem.detail),
            ),
            stale(),
          ),
          icon: 'key',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'proxy': {
      const from = sourceText(problem.source);
      const label =
        problem.stage === 'invalid'
          ? l10n.t('The proxy in {0} cannot be used', from)
          : problem.stage === 'unreachable'
            ? l10n.t('Cannot reach the proxy {0}', t(problem.proxy))
            : l10n.t('The proxy {0} did not connect to {1}', t(problem.proxy), server);
      return [
        {
          key: 'proxy',
          label,
          description: retry(t(problem.detail)),
          tooltip: paragraphs(
            l10n.t('{0}: {1}.', label, t(problem.detail)),
            l10n.t(
              'The proxy comes from {0}. Check that it runs and that this machine may use it, or change {0}. Lease Lens keeps retrying.',
              from,
            ),
            stale(),
          ),
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
          label: l10n.t('TLS with {0} failed', server),
          description: retry(t(problem.detail)),
          tooltip: paragraphs(
            l10n.t('TLS with {0} failed: {1}.', server, t(problem.detail)),
            l10n.t(
              "Check the kubeconfig's certificate-authority, tls-server-name and server. Lease Lens keeps retrying.",
            ),
            stale(),
          ),
          icon: 'shield',
          color: 'charts.red',
          action: 'retry',
        },
      ];
    case 'server':
      return [
        {
          key: 'unreachable',
          label: l10n.t('Cannot reach {0}', server),
          description: retry(t(problem.detail)),
          tooltip: paragraphs(
            l10n.t('Cannot reach {0}: {1}.', server, t(problem.detail)),
            l10n.t(
              'The locks below show what was last seen (stale). Click to retry now; Lease Lens also retries on its own.',
            ),
          ),
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
    label: l10n.t('Run {0} in a terminal', command),
    description: l10n.t('Open Terminal'),
    tooltip: l10n.t(
      "Opens a terminal running {0} (with the kubeconfig's exec environment and KUBERNETES_EXEC_INFO saying it may prompt), so you can answer its sign-in. Lease Lens retries when it exits successfully.",
      command,
    ),
    icon: 'terminal',
    action: 'runInTerminal',
  };
}

/** A kubeconfig problem not tied to one context (a file missing, unreadable, or kept from before). */
export function kubeconfigProblemMessage(problem: KubeconfigProblem, fileExists: boolean): StatusMessage {
  return {
    key: 'kubeconfig',
    label: l10n.t('Kubeconfig problem'),
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
      return l10n.t('kubeconfig: Lease Lens setting');
    case 'kubernetesExtension':
      return l10n.t('kubeconfig: Kubernetes extension');
    case 'default':
      return l10n.t('kubeconfig: default');
    default:
      return undefined;
  }
}
