// What the tree says about a context that is not simply connected, and about kubeconfig problems:
// pure, so the wording of every state is unit-tested without VS Code. locksTreeProvider turns each
// message into a MessageNode and its action into a command.
import type { ContextStatus } from '../../cluster/lockMonitor';
import type { KubeconfigProblem } from '../../cluster/kubeconfigLoader';

export type MessageAction = 'retry' | 'selectContext' | 'configureNamespaces' | 'openKubeconfig' | 'openSettings';

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
