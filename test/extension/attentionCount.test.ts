import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lockKey } from '../../src/core';
import type { LeaseLensApi } from '../../src/extension';
import type { TestCluster } from '../support/testCluster';
import { connectSuite, until, type ShownNode } from './leaseLensHarness';

const HOUR = 3_600_000;

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * The attention count in the real VS Code against the real API server: the status bar item's text,
 * the view's badge and the tree's "only locks needing attention" filter follow a lock whose holder
 * died hours ago (probably stopped from the first draw), and follow it back when it renews.
 */
describe('Locks needing attention: the status bar item, the badge and the tree filter', function () {
  this.timeout(120_000);
  let api: LeaseLensApi;
  let c: TestCluster;

  before(async function () {
    ({ api, c } = await connectSuite(this, () => vscode.commands.executeCommand('leaseLens.locks.focus')));
  });

  after(async () => {
    await api?.attentionView.setOnly(false);
  });

  const count = (): number => api.attention.count;
  const itemCount = (): number => {
    const m = /^\$\(warning\) (\d+) locks? needs? attention$/.exec(api.attentionBar.item.text);
    return m === null ? 0 : Number(m[1]);
  };

  async function lease(ns: string, name: string, holder: string, renewTime: number, durationSeconds: number) {
    const path = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;
    const admin = c.adminTransport();
    const existing = (await admin.send(`${path}/${name}`)).status === 200;
    const spec = { holderIdentity: holder, leaseDurationSeconds: durationSeconds, renewTime: microTime(renewTime) };
    if (!existing) {
      await admin.json(path, {
        method: 'POST',
        body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec },
      });
      return;
    }
    const current = (await admin.json(`${path}/${name}`)) as { metadata: unknown };
    await admin.json(`${path}/${name}`, {
      method: 'PUT',
      body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: current.metadata, spec },
    });
  }

  it('counts a lock probably stopped from the first draw, in the status bar and the badge, and uncounts it when it renews', async () => {
    const ns = await c.createNamespace('attention');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'reconciler');
    // Both watched contexts (admin and read-only) see it: one lock per context, counted in each.
    const readonly = lockKey(c.info.contexts.readonly, 'Lease', ns, 'reconciler');
    await until('the count has settled', 30_000, () => (itemCount() === count() ? true : undefined));
    const before = count();
    // Renewed 3 h ago with a 1 h lease, and nobody renews it.
    await lease(ns, 'reconciler', 'reconciler-7c9f_1', Date.now() - 3 * HOUR, 3600);
    await until('the lock counts in both contexts', 20_000, () =>
      api.attention.has(key) && api.attention.has(readonly) ? true : undefined,
    );
    assert.equal(api.attention.entries().find((e) => e.key === key)?.reason, 'probablyStopped');
    assert.equal(count(), before + 2);
    await until('the status bar item says so', 10_000, () => (itemCount() === before + 2 ? true : undefined));
    assert.equal(api.attentionBar.item.text, `$(warning) ${before + 2} locks need attention`);
    assert.equal(
      (api.attentionBar.item.backgroundColor as vscode.ThemeColor | undefined)?.id,
      'statusBarItem.warningBackground',
    );
    assert.equal(api.treeView.badge?.value, before + 2, 'the view’s badge shows the same count');
    const tooltip = api.attentionBar.item.tooltip as vscode.MarkdownString;
    assert.match(
      tooltip.value,
      new RegExp(`Lease ${ns.replace(/-/g, '\\\\-')}\\\\/reconciler \\(.*\\) — probably stopped`),
    );

    // The holder is back: it renews, and we see it.
    await lease(ns, 'reconciler', 'reconciler-7c9f_1', Date.now(), 3600);
    await until('the lock no longer counts', 20_000, () =>
      !api.attention.has(key) && !api.attention.has(readonly) ? true : undefined,
    );
    await until('the status bar item follows', 10_000, () => (itemCount() === before ? true : undefined));
    assert.equal(api.treeView.badge?.value, before === 0 ? undefined : before);
  });

  it('"Show only locks needing attention" lists just them, and follows the count', async () => {
    const ns = await c.createNamespace('attention-only');
    const dead = lockKey(c.info.contexts.admin, 'Lease', ns, 'dead');
    await lease(ns, 'dead', 'dead-1', Date.now() - 3 * HOUR, 3600);
    await lease(ns, 'alive', 'alive-1', Date.now(), 3600);
    await until('the dead lock counts', 20_000, () => (api.attention.has(dead) ? true : undefined));

    await vscode.commands.executeCommand('leaseLens.showAttentionOnly');
    assert.equal(api.attentionView.attentionOnly, true);
    const listed = async (): Promise<string[] | undefined> => {
      const roots = ((await api.tree.getChildren()) ?? []) as unknown as ShownNode[];
      const ctx = roots.find((n) => n.type === 'context' && n.context === c.info.contexts.admin);
      if (ctx === undefined) return undefined;
      const groups = ((await api.tree.getChildren(ctx as never)) ?? []) as unknown as ShownNode[];
      const group = groups.find((g) => g.type === 'group' && g.ref?.namespace === ns);
      if (group === undefined) return [];
      const locks = ((await api.tree.getChildren(group as never)) ?? []) as unknown as ShownNode[];
      return locks.map((l) => String(l.label));
    };
    assert.deepEqual(await listed(), ['dead']);
    assert.match(api.treeView.message ?? '', /^Showing only locks needing attention \(\d+\)\.$/);

    // It renews: the namespace leaves the filtered view.
    await lease(ns, 'dead', 'dead-1', Date.now(), 3600);
    await until('the renewed lock leaves the filtered view', 20_000, async () =>
      (await listed())?.length === 0 ? true : undefined,
    );
    await vscode.commands.executeCommand('leaseLens.showAllLocks');
    assert.deepEqual((await listed())?.sort(), ['alive', 'dead']);
    assert.equal(api.treeView.message, undefined);
  });
});
