// Shared by the extension-host tests that run against the real cluster: the extension's API, the
// cluster the runner started (runClusterExtensionTests), and polling with a deadline instead of
// fixed sleeps.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LeaseLensApi } from '../../src/extension';
import type { TestCluster } from '../support/testCluster';
import { cluster } from '../support/integrationHooks';
import { missingPart } from '../support/missingPart';
import { until } from '../support/until';

export const extensionId = 'lease-lens.lease-lens';

export async function leaseLensApi(): Promise<LeaseLensApi> {
  const ext = vscode.extensions.getExtension<LeaseLensApi | undefined>(extensionId);
  assert.ok(ext, `${extensionId} is not installed in this extension host`);
  const api = await ext.activate();
  assert.ok(
    api,
    `${extensionId} handed out no test hooks: it does so only in ExtensionMode.Test, when VS Code runs it as the extension under development with an extensionTestsPath`,
  );
  return api;
}

export { until };

/** The shared cluster, or undefined when the suite runs without one (the desktop runner). */
export function testCluster(): TestCluster | undefined {
  return process.env['LEASE_LENS_TEST_CLUSTER'] ? cluster() : undefined;
}

/**
 * A suite's before hook: fails where there is no cluster (skips under the desktop runner), else
 * returns the extension's API and the cluster, with both of its contexts watched and connected.
 * `beforeWatch` runs between activation and watching (focus the view, save prompts).
 */
export async function connectSuite(
  suite: Mocha.Context,
  beforeWatch?: (api: LeaseLensApi) => unknown,
): Promise<{ api: LeaseLensApi; c: TestCluster }> {
  const c = testCluster();
  if (c === undefined)
    missingPart(
      suite,
      'The test cluster (LEASE_LENS_TEST_CLUSTER)',
      'run this suite with npm run test:extension, which starts one',
    );
  const api = await leaseLensApi();
  await beforeWatch?.(api);
  await watchBothContexts(api, c);
  return { api, c };
}

let watching: Promise<void> | undefined;

/**
 * Makes the extension watch both of the cluster's contexts (admin and read-only) through the
 * Select Context command's setting, and waits until both are connected. Once per run.
 */
export function watchBothContexts(api: LeaseLensApi, c: TestCluster): Promise<void> {
  watching ??= (async () => {
    const wanted = [c.info.contexts.admin, c.info.contexts.readonly];
    await vscode.commands.executeCommand('leaseLens.selectContext', wanted);
    api.host.start('command');
    await until('both contexts connected', 30_000, () => {
      const statuses = api.monitor?.statusesAll() ?? [];
      return wanted.every((n) => statuses.some((s) => s.name === n && s.state === 'connected')) ? true : undefined;
    });
  })();
  return watching;
}

/** Tree items are the provider's own objects; these are the fields the tests read. */
export interface ShownNode {
  readonly type: 'context' | 'group' | 'lock' | 'message';
  readonly label?: string | vscode.TreeItemLabel;
  readonly description?: string | boolean;
  readonly contextValue?: string;
  readonly iconPath?: unknown;
  readonly lockKey?: string;
  readonly context?: string;
  readonly ref?: { readonly namespace: string; readonly kind: string };
}

function shown(value: unknown): ShownNode {
  return value as ShownNode;
}

/** Walks the tree as VS Code does (root → context → namespace) and returns the lock's item. */
export async function treeLock(
  api: LeaseLensApi,
  context: string,
  namespace: string,
  label: string,
): Promise<ShownNode | undefined> {
  const roots = (await api.tree.getChildren()) ?? [];
  const ctx = roots.map(shown).find((n) => n.type === 'context' && n.context === context);
  if (ctx === undefined) return undefined;
  const groups = ((await api.tree.getChildren(ctx as never)) ?? []).map(shown);
  const ns = groups.find((n) => n.type === 'group' && n.ref?.kind === 'namespace' && n.ref.namespace === namespace);
  if (ns === undefined) return undefined;
  const locks = ((await api.tree.getChildren(ns as never)) ?? []).map(shown);
  return locks.find((n) => n.type === 'lock' && n.label === label);
}

export function iconId(node: ShownNode): string | undefined {
  const icon = node.iconPath;
  return icon instanceof vscode.ThemeIcon ? icon.id : undefined;
}

export function iconColor(node: ShownNode): string | undefined {
  const icon = node.iconPath;
  return icon instanceof vscode.ThemeIcon ? icon.color?.id : undefined;
}
