import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { leadershipChanges, lockKey, stopGraceMs } from '../../src/core';
import type { LeaseLensApi } from '../../src/extension';
import type { ShownAlert } from '../../src/ui/alerts/watchedLockAlerts';
import { ElectorPool, fastElection, type Elector, type ElectorOptions } from '../support/electors';
import type { TestCluster } from '../support/testCluster';
import { connectSuite, treeLock, until } from './leaseLensHarness';

/**
 * Alerts on watched locks, in the real VS Code with real client-go electors: a failover is one
 * notification (with the actions it offers), a crash loop one "flapping" notification however
 * many leaders it goes through. What was shown is read from the extension's record of the
 * notifications it raised (`alerts.shown`); the toasts themselves are checked in test/ui.
 */
describe('Alerts on watched locks, against real client-go electors', function () {
  this.timeout(240_000);
  const pool = new ElectorPool();
  let api: LeaseLensApi;
  let c: TestCluster;

  before(async function () {
    ({ api, c } = await connectSuite(this, () => vscode.commands.executeCommand('leaseLens.locks.focus')));
  });

  afterEach(async () => {
    await pool.stopAll();
  });

  const options = (namespace: string, name: string, identity: string, extra: Partial<ElectorOptions> = {}) =>
    fastElection(c, namespace, name, identity, extra);

  const shownFor = (key: string): ShownAlert[] => api.alerts.shown.filter((s) => s.key === key);

  it('a failover of a watched lock: exactly one notification, the leader change, with Open Dashboard and Resolve Holder', async () => {
    const ns = await c.createNamespace('alert-failover');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'payments');
    const first = pool.start(options(ns, 'payments', 'payments-a'));
    await first.waitLeading(30_000);
    const standby = pool.start(options(ns, 'payments', 'payments-b'));
    await standby.process.waitFor((l) => l.event === 'started', 15_000, 'the standby started');
    assert.equal(await vscode.commands.executeCommand('leaseLens.watchLock', key), true);
    assert.ok(api.watched.has(key));
    // The tree item's menus now offer Unwatch Lock instead of Watch Lock.
    const item = await until('the tree item says it is watched', 20_000, async () => {
      const n = await treeLock(api, c.info.contexts.admin, ns, 'payments');
      return n?.contextValue?.endsWith(';watched') === true ? n : undefined;
    });
    const menus = (
      vscode.extensions.getExtension('lease-lens.lease-lens')!.packageJSON as {
        contributes: { menus: Record<string, { command: string; when: string }[]> };
      }
    ).contributes.menus['view/item/context']!;
    const offered = menus
      .filter((m) => {
        const re = /viewItem =~ \/(.*)\/$/.exec(m.when);
        return re !== null && new RegExp(re[1]!).test(item.contextValue ?? '');
      })
      .map((m) => m.command);
    assert.ok(offered.includes('leaseLens.unwatchLock') && !offered.includes('leaseLens.watchLock'), offered.join());
    assert.ok(offered.includes('leaseLens.exportTimeline') && offered.includes('leaseLens.copyTimelineMarkdown'));
    // Seen renewing before it dies: the alert is about a leader we watched live.
    await until('the watched lock is seen renewing', 20_000, () =>
      api.monitor?.store.snapshot(key)?.state.kind === 'renewing' ? true : undefined,
    );

    await first.kill();
    await standby.waitLeading(30_000);
    const tookOverAt = await until('the store sees the standby take over', 20_000, () =>
      api.monitor?.store.get(key)?.view.holder === 'payments-b' ? Date.now() : undefined,
    );
    // Long enough for a stop to have been told, had the failover not answered it.
    await until('a grace period after the takeover, the new leader renewing', 30_000, () =>
      Date.now() - tookOverAt > stopGraceMs(4000) + 2000 && api.monitor?.store.snapshot(key)?.state.kind === 'renewing'
        ? true
        : undefined,
    );

    const shown = shownFor(key);
    assert.equal(shown.length, 1, JSON.stringify(shown, null, 2));
    const [alert] = shown;
    assert.deepEqual(alert?.kinds, ['leaderChanged']);
    assert.equal(alert?.severity, 'information');
    assert.match(
      alert?.message ?? '',
      // How long after the stop is said when the store saw the old leader's lease run out before the
      // new holder's record arrived; with a 4 s lease the standby can be quicker than that.
      new RegExp(
        `^Lease Lens: Lease ${ns}/payments: payments-b took over from payments-a(, \\d+m?s after payments-a stopped renewing)?\\.$`,
      ),
    );
    // Release Lease is offered only when the confirmation would call it safe: not for a live leader.
    assert.deepEqual(alert?.actions, ['Open Dashboard', 'Resolve Holder']);
    await vscode.commands.executeCommand('leaseLens.unwatchLock', key);
    assert.equal(api.watched.has(key), false);
  });

  it('a watched leader that dies with no standby: one "stopped" notification, offering Release Lease (it expired: safe); then the newcomer is one leader change', async () => {
    const ns = await c.createNamespace('alert-stopped');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'ledger');
    const only = pool.start(options(ns, 'ledger', 'ledger-a'));
    await only.waitLeading(30_000);
    assert.equal(await vscode.commands.executeCommand('leaseLens.watchLock', key), true);
    await until('the watched lock is seen renewing', 20_000, () =>
      api.monitor?.store.snapshot(key)?.state.kind === 'renewing' ? true : undefined,
    );
    await only.kill();
    // Its lease (4 s) runs out, then the grace period for a standby (5 s) passes with none.
    const stopped = await until('the "stopped" notification', 30_000, () =>
      shownFor(key).find((s) => s.kinds.includes('stopped')),
    );
    assert.equal(stopped.severity, 'warning');
    assert.match(
      stopped.message,
      new RegExp(
        `^Lease Lens: Lease ${ns}/ledger: ledger-a stopped renewing: the lease expired \\(\\d+s ago\\), and no standby has taken over\\.$`,
      ),
    );
    assert.deepEqual(stopped.actions, ['Open Dashboard', 'Resolve Holder', 'Release Lease']);

    // A new candidate takes the expired lock: told as the leader change that answers the stop.
    const next = pool.start(options(ns, 'ledger', 'ledger-b'));
    await next.waitLeading(30_000);
    const changed = await until('the leader change', 20_000, () =>
      shownFor(key).find((s) => s.kinds.includes('leaderChanged')),
    );
    assert.match(changed.message, /ledger-b took over from ledger-a, \d+s after ledger-a stopped renewing\.$/);
    assert.deepEqual(
      shownFor(key).flatMap((s) => s.kinds),
      ['stopped', 'leaderChanged'],
    );
    await vscode.commands.executeCommand('leaseLens.unwatchLock', key);
  });

  it('a crash-looping election (tools/elector --crash-after): one "flapping" notification, not one per change', async () => {
    const ns = await c.createNamespace('alert-flapping');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'cart');
    // A Deployment in a crash loop: each leader exits 1 s after winning and its pod comes back
    // with a new identity; two candidates at a time.
    let generation = 0;
    let stopping = false;
    const candidate = (): Elector => {
      const e = pool.start(
        options(ns, 'cart', `cart-${generation++}`, {
          leaseDuration: '2s',
          renewDeadline: '1500ms',
          retryPeriod: '500ms',
          crashAfter: '1s',
        }),
      );
      e.process.child.once('exit', () => {
        if (!stopping) candidate();
      });
      return e;
    };
    candidate();
    candidate();
    await until('the lock exists', 30_000, () => (api.monitor?.store.get(key) !== undefined ? true : undefined));
    assert.equal(await vscode.commands.executeCommand('leaseLens.watchLock', key), true);
    await until('the election is flapping', 120_000, () =>
      api.monitor?.store.snapshot(key)?.evidence.flapping !== null ? true : undefined,
    );
    // Several more leaders after it started flapping.
    const changesAtFlap = leadershipChanges(api.monitor!.store.get(key)!.history).length;
    await until('four more leader changes', 90_000, () =>
      leadershipChanges(api.monitor!.store.get(key)!.history).length >= changesAtFlap + 4 ? true : undefined,
    );
    stopping = true;

    const shown = shownFor(key);
    const kinds = shown.flatMap((s) => s.kinds);
    assert.equal(kinds.filter((k) => k === 'flapping').length, 1, JSON.stringify(shown, null, 2));
    // Before it counted as flapping, its first changes were leader changes: one a minute at most.
    assert.ok(kinds.filter((k) => k === 'leaderChanged').length <= 2, JSON.stringify(kinds));
    const flapping = shown.find((s) => s.kinds.includes('flapping'));
    assert.equal(flapping?.severity, 'warning');
    assert.match(
      flapping?.message ?? '',
      new RegExp(`^Lease Lens: Lease ${ns}/cart: the election is flapping: \\d+ leaders in 10 minutes`),
    );
    assert.ok(flapping?.actions.includes('Open Dashboard'));
    await vscode.commands.executeCommand('leaseLens.unwatchLock', key);
  });
});
