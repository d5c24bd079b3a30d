import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lockKey } from '../../src/core';
import type { LeaseLensApi } from '../../src/extension';
import { ElectorPool } from '../support/electors';
import type { TestCluster } from '../support/testCluster';
import { iconColor, iconId, connectSuite, treeLock, until, type ShownNode } from './leaseLensHarness';

describe('Leader Elections view against a real API server and real client-go electors', function () {
  this.timeout(120_000);
  const pool = new ElectorPool();
  let api: LeaseLensApi;
  let c: TestCluster;

  before(async function () {
    ({ api, c } = await connectSuite(this, () => vscode.commands.executeCommand('leaseLens.locks.focus')));
  });

  afterEach(async () => {
    await pool.stopAll();
  });

  const electorOptions = (namespace: string, name: string) => ({
    kubeconfig: c.info.kubeconfig,
    context: c.info.contexts.admin,
    namespace,
    name,
    leaseDuration: '4s',
    renewDeadline: '3s',
    retryPeriod: '1s',
  });

  it('shows the real leader of a lock, and the new one when leadership moves', async () => {
    const ns = await c.createNamespace('tree');
    const alpha = pool.start({ ...electorOptions(ns, 'demo'), identity: 'alpha' });
    await alpha.waitLeading(30_000);
    const item = await until('the tree shows demo held by alpha', 20_000, async () => {
      const n = await treeLock(api, c.info.contexts.admin, ns, 'demo');
      // Green only once a renewal was seen (it renews every second).
      return n !== undefined && String(n.description).startsWith('alpha · renewing · renewed') ? n : undefined;
    });
    assert.match(String(item.description), /^alpha · renewing · renewed (just now|\ds ago) · 0 transitions$/);
    assert.equal(iconId(item), 'pass-filled');
    assert.equal(iconColor(item), 'charts.green');

    // Redraws arrive for this item alone, not as whole-tree refreshes.
    const fired: (readonly unknown[] | undefined)[] = [];
    const listening = api.tree.onDidChangeTreeData((e) =>
      fired.push(e === undefined || e === null ? undefined : Array.isArray(e) ? e : [e]),
    );
    try {
      const beta = pool.start({ ...electorOptions(ns, 'demo'), identity: 'beta' });
      await beta.process.waitFor((l) => l.event === 'started', 15_000, 'beta started');
      await alpha.kill();
      await beta.waitLeading(30_000);
      // The same item object, updated in place by the store's change batch.
      await until('the item shows beta as holder', 15_000, () =>
        String(item.description).startsWith('beta · ') ? true : undefined,
      );
      assert.match(String(item.description), /· 1 transition$/);
      assert.ok(
        fired.some((e) => e?.includes(item)),
        'the lock item was redrawn on its own',
      );
      assert.ok(!fired.includes(undefined), 'no whole-tree refresh for a change of holder');
    } finally {
      listening.dispose();
    }
  });

  it('keeps renew ages live: the one-second tick redraws only the items whose text changed', async () => {
    const ns = await c.createNamespace('tick');
    const elector = pool.start({
      ...electorOptions(ns, 'ticking'),
      identity: 'steady',
      leaseDuration: '30s',
      renewDeadline: '20s',
      retryPeriod: '10s',
    });
    await elector.waitLeading(30_000);
    const item = await until('the tree shows the lock', 20_000, () =>
      treeLock(api, c.info.contexts.admin, ns, 'ticking'),
    );
    const fired: (readonly unknown[] | undefined)[] = [];
    const listening = api.tree.onDidChangeTreeData((e) =>
      fired.push(e === undefined || e === null ? undefined : Array.isArray(e) ? e : [e]),
    );
    try {
      // Renewals come every 10 s: between them only the tick can change "renewed Ns ago".
      const first = String(item.description);
      await until('the age moved on', 5_000, () => (String(item.description) !== first ? true : undefined));
      assert.match(
        String(item.description),
        /^steady · (renewing|not seen renewing yet) · renewed \ds ago · 0 transitions$/,
      );
      assert.ok(
        fired.some((e) => e?.includes(item)),
        'the item was redrawn',
      );
      assert.ok(!fired.includes(undefined), 'no whole-tree refresh');
    } finally {
      listening.dispose();
    }
  });

  it('offers Release and Take Over on the admin context only: the read-only context has no writable contextValue', async () => {
    const ns = await c.createNamespace('rbac');
    const holder = pool.start({ ...electorOptions(ns, 'guarded'), identity: 'guard' });
    await holder.waitLeading(30_000);
    const admin = await until('admin item writable', 20_000, async () => {
      const n = await treeLock(api, c.info.contexts.admin, ns, 'guarded');
      return n?.contextValue?.includes('writable') ? n : undefined;
    });
    const readonly = await until('read-only item seen with its RBAC answer', 20_000, async () => {
      const n = await treeLock(api, c.info.contexts.readonly, ns, 'guarded');
      if (n?.lockKey === undefined) return undefined;
      return (await api.permissions.check(n.lockKey)) === false &&
        (await treeLock(api, c.info.contexts.readonly, ns, 'guarded'))?.contextValue === 'lock;held'
        ? n
        : undefined;
    });
    assert.equal(admin.contextValue, 'lock;held;writable');
    // The menus' own `when` clauses, read from package.json, applied to both items.
    const menus = (
      vscode.extensions.getExtension('lease-lens.lease-lens')!.packageJSON as {
        contributes: { menus: Record<string, { command: string; when: string }[]> };
      }
    ).contributes.menus['view/item/context']!;
    const offered = (n: ShownNode) =>
      menus
        .filter((m) => {
          const re = /viewItem =~ \/(.*)\/$/.exec(m.when);
          return re !== null && new RegExp(re[1]!).test(n.contextValue ?? '');
        })
        .map((m) => m.command);
    assert.ok(offered(admin).includes('leaseLens.releaseLease') && offered(admin).includes('leaseLens.takeOverLease'));
    assert.ok(
      !offered(readonly).includes('leaseLens.releaseLease'),
      `read-only offers ${offered(readonly).join(', ')}`,
    );
    assert.ok(!offered(readonly).includes('leaseLens.takeOverLease'));
    assert.ok(offered(readonly).includes('leaseLens.showLiveYaml'), 'reading is still offered');
  });

  it('pins a lock to the status bar and follows it live', async () => {
    const ns = await c.createNamespace('pin');
    const one = pool.start({ ...electorOptions(ns, 'pinned'), identity: 'first' });
    await one.waitLeading(30_000);
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'pinned');
    await until('the store has the lock', 15_000, () => api.monitor?.store.get(key));
    await vscode.commands.executeCommand('leaseLens.pinToStatusBar', key);
    try {
      // The tree's words: the holder and its state (green once a renewal was seen; it renews every second).
      await until('status bar shows first, renewing', 10_000, () =>
        api.statusBar.item.text === '$(pass-filled) pinned: first · renewing' ? true : undefined,
      );
      assert.deepEqual(api.statusBar.item.command, {
        title: 'Open Dashboard',
        command: 'leaseLens.openDashboard',
        arguments: [key],
      });
      const two = pool.start({ ...electorOptions(ns, 'pinned'), identity: 'second' });
      await two.process.waitFor((l) => l.event === 'started', 15_000, 'second started');
      await one.kill();
      await until('status bar shows second', 30_000, () =>
        /pinned: second · \w/.test(api.statusBar.item.text) ? true : undefined,
      );
    } finally {
      await vscode.commands.executeCommand('leaseLens.unpinStatusBar');
    }
  });

  it('shows the live object as read-only YAML', async () => {
    const ns = await c.createNamespace('yaml');
    const e = pool.start({ ...electorOptions(ns, 'shown'), identity: 'yaml-holder' });
    await e.waitLeading(30_000);
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'shown');
    await until('the store has the lock', 15_000, () => api.monitor?.store.get(key));
    await vscode.commands.executeCommand('leaseLens.showLiveYaml', key);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'leaselens');
    assert.equal(editor?.document.languageId, 'yaml');
    const text = editor?.document.getText() ?? '';
    assert.match(text, /^kind: Lease$/m);
    assert.match(text, /^ {2}holderIdentity: yaml-holder$/m);
    assert.doesNotMatch(text, /managedFields/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('feeds the dashboard rows with health, kind and write permission', async () => {
    const ns = await c.createNamespace('dash');
    const e = pool.start({ ...electorOptions(ns, 'charted'), identity: 'dash-holder' });
    await e.waitLeading(30_000);
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'charted');
    const row = await until('a writable row seen renewing', 20_000, async () => {
      await api.permissions.check(key);
      const r = api.dashboardSource.row(key);
      return r?.holder === 'dash-holder' && r.canWrite === true && r.health === 'renewing' ? r : undefined;
    });
    assert.equal(row.evidence.changeSeen, true);
    assert.equal(row.evidence.holder, 'held');
    assert.deepEqual(api.dashboardSource.thresholds(), api.monitor?.store.thresholds);
    assert.equal(row.kind, 'Lease');
    assert.ok(api.dashboardSource.contexts().some((x) => x.name === c.info.contexts.admin && x.state === 'connected'));
    const detail = api.dashboardSource.detail(key);
    assert.equal(detail?.record['holderIdentity'], 'dash-holder');
    await vscode.commands.executeCommand('leaseLens.openDashboard', key);
    assert.equal(api.dashboard.isOpen, true);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
