// The extension's settings, read in one place and typed. Scopes (package.json) keep a workspace
// from pointing the extension at code: the kubeconfig path is machine-scoped (a kubeconfig can run
// exec plugins), and the contexts and namespaces are restricted in untrusted workspaces.

import { userInfo } from 'node:os';
import * as vscode from 'vscode';
import { DEFAULT_EXPIRING_SHARE } from '../../core';

export const SECTION = 'leaseLens';

export interface LeaseLensSettings {
  readonly kubeconfigPath: string;
  readonly contexts: readonly string[];
  readonly fallbackNamespaces: readonly string[];
  readonly showNodeHeartbeats: boolean;
  readonly showApiServerLeases: boolean;
  readonly expiringThreshold: number;
  readonly defaultTakeoverIdentity: string;
}

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
  };
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
