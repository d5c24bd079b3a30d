import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lockKey } from '../../src/core';
import type { LeaseLensApi } from '../../src/extension';
import type { WriteResult } from '../../src/ui/writes/lockWrites';
import type { ConfirmRequest } from '../../src/ui/writes/writeConfirmation';
import type { IdentityRequest, WritePrompts } from '../../src/ui/writes/writePrompts';
import { ElectorPool } from '../support/electors';
import type { TestCluster } from '../support/testCluster';
import { connectSuite, treeLock, until } from './leaseLensHarness';

describe('Release and Take Over through the commands, against real electors', function () {
  this.timeout(120_000);
  const pool = new ElectorPool();
  let api: LeaseLensApi;
  let c: TestCluster;
  let original: WritePrompts;

  before(async function () {
    ({ api, c } = await connectSuite(this, (a) => (original = { ...a.prompts })));
  });

  afterEach(async () => {
    // Modal dialogs cannot be clicked from the extension host: each test answers them itself.
    if (api !== undefined) Object.assign(api.prompts, original);
    await pool.stopAll();
  });

  const electorOptions = (
    namespace: string,
    name: string,
    lease = { leaseDuration: '4s', renewDeadline: '3s', retryPeriod: '1s' },
  ) => ({
    kubeconfig: c.info.kubeconfig,
    context: c.info.contexts.admin,
    namespace,
    name,
    ...lease,
  });
  const slowLease = { leaseDuration: '60s', renewDeadline: '40s', retryPeriod: '1s' };

  /** A lock whose holder crashed (60 s lease, so candidates would wait a minute) and a live standby. */
  async function stuckLock(prefix: string) {
    const ns = await c.createNamespace(prefix);
    const crashed = pool.start({ ...electorOptions(ns, 'stuck', slowLease), identity: 'crashed' });
    await crashed.waitLeading(30_000);
    await crashed.kill();
    const standby = pool.start({ ...electorOptions(ns, 'stuck', slowLease), identity: 'standby' });
    await standby.process.waitFor((l) => l.event === 'started', 15_000, 'standby started');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'stuck');
    await until('the store shows the crashed holder', 15_000, () =>
      api.monitor?.store.get(key)?.view.holder === 'crashed' ? true : undefined,
    );
    return { ns, key, standby };
  }

  it('releases a stuck lock from the command after a modal confirmation, and the real standby takes over at once', async () => {
    const { ns, key, standby } = await stuckLock('release');
    const asked: ConfirmRequest[] = [];
    api.prompts.confirm = async (request) => {
      asked.push(request);
      return true;
    };
    const seenRv = api.monitor?.store.get(key)?.view.resourceVersion;
    // From the tree item, as its context menu passes it.
    const item = await until('the tree item', 15_000, () => treeLock(api, c.info.contexts.admin, ns, 'stuck'));
    const releasedAt = Date.now();
    const result = await vscode.commands.executeCommand<WriteResult>('leaseLens.releaseLease', item);
    assert.equal(result.ok, true, result.message);
    assert.equal(result.message, `Released Lease ${ns}/stuck (it was held by crashed).`);
    assert.equal(asked.length, 1);
    const q = asked[0]!;
    assert.match(
      q.message,
      new RegExp(`^Release Lease ${ns}/stuck, held by crashed \\(renewed (just now|\\d+s ago)\\)\\?$`),
    );
    assert.equal(q.seenResourceVersion, seenRv, 'the write is checked against the version the dialog showed');
    // By client-go's rule the 60 s lease is still held, and its record has not run out: the dialog must say what that risks.
    assert.equal(q.risky, true);
    assert.match(q.detail, /no fencing/);
    await standby.waitLeading(10_000);
    assert.ok(Date.now() - releasedAt < 10_000, 'the standby did not wait out the 60 s lease');
    await until('the tree shows the standby', 10_000, () =>
      String(item.description).startsWith('standby · ') ? true : undefined,
    );
  });

  it('shows what changed when a real elector renews between the dialog and the answer, and asks again with the new state', async () => {
    const ns = await c.createNamespace('conflict');
    const renewer = pool.start({ ...electorOptions(ns, 'busy'), identity: 'renewer' });
    await renewer.waitLeading(30_000);
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'busy');
    await until('the store shows renewer', 15_000, () =>
      api.monitor?.store.get(key)?.view.holder === 'renewer' ? true : undefined,
    );
    const transitionsBefore = api.monitor?.store.get(key)?.view.record?.leaderTransitions;
    const asked: ConfirmRequest[] = [];
    api.prompts.confirm = async (request) => {
      asked.push(request);
      if (asked.length > 1) return false;
      // The operator reads the dialog; meanwhile the holder renews (every second).
      await until('a renewal after the dialog opened', 10_000, () =>
        api.monitor?.store.get(key)?.view.resourceVersion !== request.seenResourceVersion ? true : undefined,
      );
      return true;
    };
    const result = await vscode.commands.executeCommand<WriteResult>('leaseLens.releaseLease', key);
    assert.equal(result.cancelled, true, result.message);
    assert.equal(asked.length, 2, 'asked again after the conflict, never retried blindly');
    const again = asked[1]!;
    assert.equal(again.retry, true);
    assert.match(
      again.message,
      new RegExp(
        `^Lease ${ns}/busy changed while you were releasing it: now held by renewer, renewed (just now|\\ds ago)\\. Release again\\?$`,
      ),
    );
    assert.notEqual(
      again.seenResourceVersion,
      asked[0]!.seenResourceVersion,
      'the new question carries the new resourceVersion',
    );
    assert.match(again.detail, /Someone is writing it/);
    assert.ok(renewer.leading, 'nothing was written: the holder still leads');
    assert.equal(api.monitor?.store.get(key)?.view.record?.leaderTransitions, transitionsBefore);
    // In the API server: still the elector's, renewals going on past the version the retry showed.
    const leasePath = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/busy`;
    type Lease = {
      metadata: { resourceVersion: string };
      spec: { holderIdentity?: string; renewTime?: string; leaseTransitions?: number };
    };
    const shownRv = Number(again.seenResourceVersion);
    const renewed = await until('the elector renews again', 10_000, async () => {
      const lease = (await c.adminTransport().json(leasePath)) as Lease;
      return Number(lease.metadata.resourceVersion) > shownRv ? lease : undefined;
    });
    assert.equal(renewed.spec.holderIdentity, 'renewer', 'the holder in the API server is unchanged');
    assert.equal(renewed.spec.leaseTransitions ?? 0, transitionsBefore ?? 0, 'no transition was written');
    // The elector's own log: it led once and never stopped leading (no release slipped in between renewals).
    const events = renewer.process.lines.map((l) => l.event);
    assert.equal(events.filter((e) => e === 'leading').length, 1, `the elector acquired once: ${events.join(', ')}`);
    assert.equal(
      events.filter((e) => e === 'stopped-leading').length,
      0,
      `the elector never lost leadership: ${events.join(', ')}`,
    );
    const leaders = renewer.process.lines.filter((l) => l.event === 'new-leader').map((l) => String(l.leader));
    assert.deepEqual(
      [...new Set(leaders)],
      ['renewer'],
      'the elector never saw another leader (not even an empty one)',
    );
  });

  it('takes a lock over for the identity the operator picks, offering the default and recent holders', async () => {
    const { key } = await stuckLock('takeover');
    const identities: IdentityRequest[] = [];
    const asked: ConfirmRequest[] = [];
    api.prompts.holderIdentity = async (request) => {
      identities.push(request);
      return 'lease-lens-test';
    };
    api.prompts.confirm = async (request) => {
      asked.push(request);
      return true;
    };
    const result = await vscode.commands.executeCommand<WriteResult>('leaseLens.takeOverLease', key);
    assert.equal(result.ok, true, result.message);
    assert.equal(identities.length, 1);
    assert.match(identities[0]!.defaultIdentity, /^lease-lens-/);
    assert.ok(identities[0]!.recentHolders.includes('crashed'));
    assert.equal(asked[0]!.newHolder, 'lease-lens-test');
    assert.match(asked[0]!.message, /^Take over Lease .*\/stuck for lease-lens-test\? It is held by crashed/);
    const view = await until('the store shows the new holder', 10_000, () => {
      const v = api.monitor?.store.get(key)?.view;
      return v?.holder === 'lease-lens-test' ? v : undefined;
    });
    assert.equal(view.record?.leaderTransitions, 1);
  });

  it('does not ask, and names the missing permission, where RBAC forbids the write', async () => {
    const ns = await c.createNamespace('forbidden');
    const holder = pool.start({ ...electorOptions(ns, 'locked'), identity: 'keeper' });
    await holder.waitLeading(30_000);
    const key = lockKey(c.info.contexts.readonly, 'Lease', ns, 'locked');
    await until('the read-only context sees the lock', 15_000, () => api.monitor?.store.get(key));
    let asked = 0;
    api.prompts.confirm = async () => {
      asked++;
      return true;
    };
    const result = await vscode.commands.executeCommand<WriteResult>('leaseLens.releaseLease', key);
    assert.equal(result.ok, false);
    assert.equal(asked, 0);
    assert.equal(
      result.message,
      `You may not release Lease ${ns}/locked: the user of context ${c.info.contexts.readonly} lacks "update" on leases (coordination.k8s.io) in namespace ${ns}. Ask a cluster admin for that permission, or use a context that has it.`,
    );
  });

  it('releases from the dashboard through the same confirmation', async () => {
    const { key, standby } = await stuckLock('dashboard');
    const asked: ConfirmRequest[] = [];
    api.prompts.confirm = async (request) => {
      asked.push(request);
      return true;
    };
    const outcome = await api.dashboardSource.release(key);
    assert.equal(outcome.ok, true, outcome.message);
    assert.equal(asked.length, 1);
    assert.equal(asked[0]!.action, 'release');
    await standby.waitLeading(10_000);
  });
});
