import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lockKey } from '../../src/core';
import type { LeaseLensApi } from '../../src/extension';
import type { WriteResult } from '../../src/ui/writes/lockWrites';
import type { ConfirmRequest } from '../../src/ui/writes/writeConfirmation';
import type { WritePrompts } from '../../src/ui/writes/writePrompts';
import { AdmissionWebhook } from '../support/admissionWebhook';
import { ElectorPool } from '../support/electors';
import { createStaticMultiLock, LEADER_ANNOTATION, setLeaseHolder } from '../support/lockObjects';
import type { TestCluster } from '../support/testCluster';
import { connectSuite, iconId, treeLock, until } from './leaseLensHarness';

/**
 * Writes that act on a whole election, through the commands in the real VS Code: both halves of a
 * MultiLock (real client-go 1.23 MultiLock electors), and a coordinated Lease whose holder the real
 * API server's election controller names (real client-go coordinated candidates).
 */
describe('Writes of a whole election through the commands: MultiLocks and coordinated Leases', function () {
  this.timeout(150_000);
  const pool = new ElectorPool();
  const hooks: AdmissionWebhook[] = [];
  let api: LeaseLensApi;
  let c: TestCluster;
  let original: WritePrompts;

  before(async function () {
    ({ api, c } = await connectSuite(this, (a) => (original = { ...a.prompts })));
  });

  afterEach(async () => {
    if (api !== undefined) Object.assign(api.prompts, original);
    await pool.stopAll();
    await Promise.all(hooks.splice(0).map((h) => h.dispose()));
  });

  const admin = () => c.info.contexts.admin;
  const legacyOptions = (ns: string, lockType: 'configmapsleases' | 'endpointsleases') => ({
    kubeconfig: c.info.kubeconfig,
    context: admin(),
    namespace: ns,
    name: 'migrating',
    leaseDuration: '60s',
    renewDeadline: '40s',
    retryPeriod: '1s',
    legacyLockType: lockType,
  });

  /** A MultiLock whose holder crashed, a live standby, and the tree showing both halves. */
  async function stuckMultiLock(prefix: string, lockType: 'configmapsleases' | 'endpointsleases') {
    const ns = await c.createNamespace(prefix);
    const dead = pool.start({ ...legacyOptions(ns, lockType), identity: 'dead-leader' });
    await dead.waitLeading(30_000);
    await dead.kill();
    const standby = pool.start({ ...legacyOptions(ns, lockType), identity: 'standby' });
    await standby.process.waitFor((l) => l.event === 'started', 15_000, 'standby started');
    const primaryKind = lockType === 'configmapsleases' ? 'ConfigMap' : 'Endpoints';
    const leaseKey = lockKey(admin(), 'Lease', ns, 'migrating');
    await until('both halves are paired, held by the dead leader', 15_000, () => {
      const m = api.monitor?.multiLockOf(leaseKey);
      return m?.agreement === 'agree' && m.holder === 'dead-leader' ? true : undefined;
    });
    const primaryItem = await until('the primary in the tree', 15_000, () =>
      treeLock(api, admin(), ns, `migrating (${primaryKind})`),
    );
    return { ns, standby, primaryKind, leaseKey, primaryItem };
  }

  /** Both tree items of the MultiLock, once both name `holder` and neither is drawn as a problem. */
  function treeAgrees(ns: string, primaryKind: string, holder: string) {
    return until(`the tree shows both halves held by ${holder}, agreeing`, 20_000, async () => {
      const items = await Promise.all([
        treeLock(api, admin(), ns, `migrating (${primaryKind})`),
        treeLock(api, admin(), ns, 'migrating'),
      ]);
      const ok = items.every(
        (i) => i !== undefined && String(i.description).startsWith(`${holder} · `) && iconId(i) !== 'issues',
      );
      return ok ? items : undefined;
    });
  }

  it('releases both halves of a MultiLock from its ConfigMap item: the dialog names both, a real standby acquires both, and the tree shows them agreeing', async () => {
    const { ns, standby, primaryItem } = await stuckMultiLock('ext-ml-release', 'configmapsleases');
    const asked: ConfirmRequest[] = [];
    api.prompts.confirm = async (request) => {
      asked.push(request);
      return true;
    };
    const result = await vscode.commands.executeCommand<WriteResult>('leaseLens.releaseLease', primaryItem);
    assert.equal(result.ok, true, result.message);
    assert.equal(
      result.message,
      `Released the MultiLock ConfigMap ${ns}/migrating + Lease ${ns}/migrating (it was held by dead-leader).`,
    );
    assert.equal(asked.length, 1);
    const q = asked[0]!;
    assert.match(q.message, new RegExp(`^Release the MultiLock ConfigMap ${ns}/migrating \\+ Lease ${ns}/migrating, `));
    assert.match(q.detail, /the ConfigMap first, then the Lease, each only if unchanged since shown/);
    assert.ok(q.partnerResourceVersion, 'the question carries the resourceVersion of the Lease too');
    await standby.waitLeading(15_000);
    await treeAgrees(ns, 'ConfigMap', 'standby');
  });

  it('takes over both halves of a MultiLock from its Lease item: both name the new holder', async () => {
    const { ns, leaseKey } = await stuckMultiLock('ext-ml-takeover', 'endpointsleases');
    api.prompts.holderIdentity = async () => 'lease-lens-test';
    api.prompts.confirm = async () => true;
    const result = await vscode.commands.executeCommand<WriteResult>('leaseLens.takeOverLease', leaseKey);
    assert.equal(result.ok, true, result.message);
    assert.match(result.message, /^Both halves of the MultiLock Endpoints .* now name lease-lens-test/);
    await treeAgrees(ns, 'Endpoints', 'lease-lens-test');
    const [endpoints, lease] = await Promise.all([
      c.adminTransport().json(`/api/v1/namespaces/${ns}/endpoints/migrating`),
      c.adminTransport().json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/migrating`),
    ]);
    const annotated = JSON.parse(
      (endpoints as { metadata: { annotations: Record<string, string> } }).metadata.annotations[LEADER_ANNOTATION]!,
    ) as { holderIdentity: string };
    assert.equal(annotated.holderIdentity, 'lease-lens-test');
    assert.equal((lease as { spec: { holderIdentity: string } }).spec.holderIdentity, 'lease-lens-test');
  });

  it('says which half was written when the Lease changes between the two writes, and finishes on request', async () => {
    const ns = await c.createNamespace('ext-ml-partial');
    await createStaticMultiLock(c, ns, 'pair', 'holder-a');
    const cmKey = lockKey(admin(), 'ConfigMap', ns, 'pair');
    await until('paired', 15_000, () => api.monitor?.multiLockOf(cmKey));
    let interfered = false;
    hooks.push(
      await AdmissionWebhook.start(c, ns, async (request) => {
        const record = JSON.parse(request.object?.metadata?.annotations?.[LEADER_ANNOTATION] ?? '{}') as {
          holderIdentity?: string;
        };
        if (request.name !== 'pair' || record.holderIdentity !== '' || interfered) return;
        interfered = true;
        await setLeaseHolder(c, ns, 'pair', 'renewer');
      }),
    );
    const asked: ConfirmRequest[] = [];
    api.prompts.confirm = async (request) => {
      asked.push(request);
      return true;
    };
    const result = await vscode.commands.executeCommand<WriteResult>('leaseLens.releaseLease', cmKey);
    assert.ok(interfered, 'the Lease was renewed while the ConfigMap was being written');
    assert.equal(result.ok, true, result.message);
    assert.equal(asked.length, 2, 'the release, then the offer to finish');
    const finish = asked[1]!;
    assert.equal(finish.finish, true);
    assert.equal(finish.button, 'Finish');
    assert.match(
      finish.message,
      new RegExp(
        `^ConfigMap ${ns}/pair was released, but Lease ${ns}/pair was not: it changed after you read it and is now held by renewer`,
      ),
    );
    assert.match(
      result.message,
      new RegExp(`^Finished: Lease ${ns}/pair now holds the record of ConfigMap ${ns}/pair too`),
    );
    await until('the store shows both halves vacant and agreeing', 15_000, () => {
      const m = api.monitor?.multiLockOf(cmKey);
      return m?.agreement === 'agree' && m.primary.holder === undefined ? true : undefined;
    });
  });

  it('a release of a coordinated Lease: the dialog says the election controller names its pick again, and it does', async () => {
    const ns = await c.createNamespace('ext-cle');
    const start = (identity: string, emulationVersion: string, binaryVersion: string) =>
      pool.start({
        kubeconfig: c.info.kubeconfig,
        context: admin(),
        namespace: ns,
        name: 'coordinated',
        identity,
        leaseDuration: '4s',
        renewDeadline: '3s',
        retryPeriod: '1s',
        coordinated: { emulationVersion, binaryVersion },
      });
    const pick = start('cand-old', '1.36.0', '1.36.4');
    start('cand-new', '1.37.0', '1.37.2');
    await pick.waitLeading(60_000);
    const key = lockKey(admin(), 'Lease', ns, 'coordinated');
    await until('the store shows the pick and both candidates', 20_000, () => {
      const s = api.monitor?.store.snapshot(key);
      return s?.lock.view.holder === 'cand-old' && s.candidates.length === 2 ? true : undefined;
    });
    const asked: ConfirmRequest[] = [];
    // The holder renews every second: a conflict is asked again with the new state, as an operator would be.
    api.prompts.confirm = async (request) => {
      asked.push(request);
      return asked.length <= 10;
    };
    const result = await vscode.commands.executeCommand<WriteResult>('leaseLens.releaseLease', key);
    assert.equal(result.ok, true, result.message);
    const q = asked[0]!;
    assert.equal(q.coordinated, true);
    assert.match(q.detail, /This Lease is coordinated \(strategy OldestEmulationVersion\)/);
    assert.match(q.detail, /it picks cand-old \(1\.36\.0 \/ 1\.36\.4\), the current holder, if that answers its ping/);
    assert.match(q.detail, /names a holder again at once/);
    await until('the controller names its pick again, and the tree shows it', 30_000, async () => {
      const item = await treeLock(api, admin(), ns, 'coordinated');
      return item !== undefined && String(item.description).startsWith('cand-old · ') ? true : undefined;
    });
    assert.equal(pick.leading, true, 'the pick kept leading');
  });
});
