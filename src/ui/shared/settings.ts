// The extension's settings, read in one place and typed. Scopes (package.json) keep a workspace
// from pointing the extension at code: the kubeconfig path is machine-scoped (a kubeconfig can run
// exec plugins), and the contexts and namespaces are restricted in untrusted workspaces.

import { homedir, userInfo } from 'node:os';
import * as vscode from 'vscode';
import type { VsCodeProxySetting } from '../../cluster/proxySelection';
import { DEFAULT_EXPIRING_SHARE, LOCK_ALERT_KINDS, type LockAlertKind } from '../../core';

export const SECTION = 'leaseLens';

export interface LeaseLensSettings {
  readonly kubeconfigPath: string;
  readonly contexts: readonly string[];
  readonly fallbackNamespaces: readonly string[];
  readonly showNodeHeartbeats: boolean;
  readonly showApiServerLeases: boolean;
  readonly expiringThreshold: number;
  readonly defaultTakeoverIdentity: string;
  /** How long a credential plugin may take before it is stopped. */
  readonly execTimeoutSeconds: number;
  /** Show the status bar item counting the locks needing attention. */
  readonly attentionStatusBar: boolean;
  /** Which alerts on watched locks become notifications. */
  readonly alerts: readonly LockAlertKind[];
}

export const DEFAULT_EXEC_TIMEOUT_SECONDS = 30;

export function readSettings(): LeaseLensSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const threshold = c.get<number>('expiringThreshold', DEFAULT_EXPIRING_SHARE);
  return {
    kubeconfigPath: c.get<string>('kubeconfigPath', '').trim(),
    contexts: strings(c.get<unknown>('contexts')),
    fallbackNamespaces: strings(c.get<unknown>('fallbackNamespaces')),
    showNodeHeartbeats: c.get<boolean>('showNodeHeartbeats', false) === true,
    showApiServerLeases: c.get<boolean>('showApiServerLeases', false) === true,
    expiringThreshold:
      typeof threshold === 'number' && threshold > 0 && threshold <= 1 ? threshold : DEFAULT_EXPIRING_SHARE,
    defaultTakeoverIdentity: c.get<string>('defaultTakeoverIdentity', '').trim(),
    execTimeoutSeconds: execTimeout(c.get<unknown>('execTimeoutSeconds')),
    attentionStatusBar: c.get<boolean>('attentionStatusBar', true) !== false,
    alerts: alertKinds(c.get<unknown>('alerts')),
  };
}

/** The alert kinds chosen; a value that is not a list means the default (all). */
function alertKinds(value: unknown): LockAlertKind[] {
  if (!Array.isArray(value)) return [...LOCK_ALERT_KINDS];
  return LOCK_ALERT_KINDS.filter((k) => value.includes(k));
}

function execTimeout(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1
    ? Math.min(600, value)
    : DEFAULT_EXEC_TIMEOUT_SECONDS;
}

/** VS Code's own proxy settings that Lease Lens follows (where the kubeconfig names no proxy-url). */
export const PROXY_SETTINGS = ['http.proxy', 'http.noProxy', 'http.proxyAuthorization', 'http.proxySupport'] as const;

/**
 * VS Code's http.proxy (with http.noProxy and http.proxyAuthorization), or undefined when it is
 * not set or proxy support for extensions is off (http.proxySupport: "off").
 */
export function readProxySetting(): VsCodeProxySetting | undefined {
  const http = vscode.workspace.getConfiguration('http');
  if (http.get<string>('proxySupport') === 'off') return undefined;
  const url = http.get<string>('proxy', '');
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  const authorization = http.get<unknown>('proxyAuthorization');
  return {
    url: url.trim(),
    noProxy: strings(http.get<unknown>('noProxy')),
    authorization: typeof authorization === 'string' && authorization !== '' ? authorization : undefined,
  };
}

/** Where the kubeconfig comes from, in the order Lease Lens looks. */
export type KubeconfigSourceKind = 'leaseLens' | 'kubernetesExtension' | 'default';

export interface KubeconfigChoice {
  /** The file to read; undefined: the default loading rules (`KUBECONFIG`, then `~/.kube/config`). */
  readonly path: string | undefined;
  readonly source: KubeconfigSourceKind;
  /** For the view and the log: which source is in use, in a few words. */
  readonly label: string;
}

/** The Kubernetes extension's settings object and its kubeconfig key (ms-kubernetes-tools.vscode-kubernetes-tools). */
export const KUBERNETES_EXTENSION_SECTION = 'vs-kubernetes';
export const KUBERNETES_EXTENSION_KUBECONFIG = 'vs-kubernetes.kubeconfig';

/**
 * The kubeconfig to use: `leaseLens.kubeconfigPath`; else the VS Code Kubernetes extension's
 * kubeconfig setting, so its users need not set it twice; else the default loading rules. Both
 * settings are read only where a workspace cannot write them (a kubeconfig can run programs
 * through exec plugins): ours is machine-scoped, and of the Kubernetes extension's only the
 * user/machine value counts — a workspace value is ignored.
 */
export function kubeconfigChoice(settings: LeaseLensSettings): KubeconfigChoice {
  if (settings.kubeconfigPath !== '') {
    return {
      path: settings.kubeconfigPath,
      source: 'leaseLens',
      label: 'kubeconfig from the leaseLens.kubeconfigPath setting',
    };
  }
  const fromKubernetes = kubernetesExtensionKubeconfig();
  if (fromKubernetes !== undefined) {
    return {
      path: fromKubernetes,
      source: 'kubernetesExtension',
      label: "kubeconfig from the Kubernetes extension's setting (vs-kubernetes.kubeconfig)",
    };
  }
  return { path: undefined, source: 'default', label: 'default kubeconfig (KUBECONFIG, then ~/.kube/config)' };
}

function kubernetesExtensionKubeconfig(): string | undefined {
  const inspected = vscode.workspace.getConfiguration().inspect<unknown>(KUBERNETES_EXTENSION_SECTION);
  const user = inspected?.globalValue;
  if (typeof user !== 'object' || user === null || Array.isArray(user)) return undefined;
  const path = (user as Record<string, unknown>)[KUBERNETES_EXTENSION_KUBECONFIG];
  if (typeof path !== 'string' || path.trim() === '') return undefined;
  // The Kubernetes extension writes paths as the user typed them; `~` is the home directory.
  return path.trim().replace(/^~(?=$|[\\/])/, homedir());
}

/** The identity a takeover suggests first: the setting, or `lease-lens-<user name>`. */
export function defaultTakeoverIdentity(settings: LeaseLensSettings): string {
  if (settings.defaultTakeoverIdentity !== '') return settings.defaultTakeoverIdentity;
  let user = 'operator';
  try {
    user = userInfo().username || user;
  } catch {
    // No user name on this machine (some containers): keep the generic one.
  }
  return `lease-lens-${user.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}`;
}

/** Whether a configuration change touches one of these settings. */
export function affects(e: vscode.ConfigurationChangeEvent, ...names: (keyof LeaseLensSettings)[]): boolean {
  return names.some((n) => e.affectsConfiguration(`${SECTION}.${n}`));
}

/**
 * Writes the watched contexts where they are set: the workspace when the workspace sets them
 * (otherwise its value would hide the change), the user settings otherwise.
 */
export async function saveContexts(contexts: readonly string[]): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const inspected = c.inspect<string[]>('contexts');
  const target =
    inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await c.update('contexts', [...contexts], target);
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim())
    : [];
}
