import assert from 'node:assert/strict';
import { lockKey, type LockKey, type LockKind } from '../../src/core';
import { LockMonitor } from '../../src/cluster/lockMonitor';
import { LEADER_ANNOTATION } from '../../src/cluster/lockWriter';
import { LockConflictError, MultiLockPartialWriteError } from '../../src/cluster/writeErrors';
import { AdmissionWebhook } from '../support/admissionWebhook';
import { ElectorPool } from '../support/electors';
import { createStaticMultiLock, setLeaseHolder } from '../support/lockObjects';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';

interface Record_ {
  holderIdentity?: string;
  leaderTransitions?: number;
  leaseTransitions?: number;
}
interface Obj {
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
  spec?: Record_;
}

/**
 * A client-go MultiLock (configmapsleases / endpointsleases, client-go 1.23) is one election held
 * in two objects. Lease Lens writes both halves as client-go does: the ConfigMap or Endpoints
 * first, then the Lease, each conflict-checked against what the user saw.
 */
describe('MultiLock writes against the real API server and real client-go 1.23 MultiLock electors', function () {
  this.timeout(120_000);
  const pool = new ElectorPool();
  const monitors: LockMonitor[] = [];
  const hooks: AdmissionWebhook[] = [];
  afterEach(async () => {
    await pool.stopAll();
    await Promise.all(hooks.splice(0).map((h) => h.dispose()));
    await Promise.all(monitors.splice(0).map((m) => m.dispose()));
  });

  function monitor(): LockMonitor {
    const m = new LockMonitor({
      kubeconfig: { path: cluster().info.kubeconfig },
      contexts: [cluster().info.contexts.admin],
      watchKubeconfig: false,
      readEvents: false,
    });
    monitors.push(m);
    m.start();
    return m;
  }

  const ctx = () => cluster().info.contexts.admin;
  const key = (kind: LockKind, ns: string, name: string): LockKey => lockKey(ctx(), kind, ns, name);
  const legacyPath = (kind: 'ConfigMap' | 'Endpoints', ns: string, name: string) =>
    `/api/v1/namespaces/${ns}/${kind === 'ConfigMap' ? 'configmaps' : 'endpoints'}/${name}`;
  const leasePath = (ns: string, name: string) => `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`;
  const read = async (path: string) => (await cluster().adminTransport().json(path)) as Obj;
  const annotated = (o: Obj) => JSON.parse(o.metadata.annotations?.[LEADER_ANNOTATION] ?? '{}') as Record_;

  /** Both halves as the API server has them now. */
  async function bothHalves(kind: 'ConfigMap' | 'Endpoints', ns: string, name: string) {
    const [primary, lease] = await Promise.all([read(legacyPath(kind, ns, name)), read(leasePath(ns, name))]);
    return { primary, lease, primaryRecord: annotated(primary), leaseSpec: lease.spec ?? {} };
  }

  /** A MultiLock whose holder crashed (60 s lease) and a live standby, seen by the monitor. */
  async function stuckMultiLock(prefix: string, lockType: 'configmapsleases' | 'endpointsleases') {
    const c = cluster();
    const ns = await c.createNamespace(prefix);
    const m = monitor();
    const opts = {
      kubeconfig: c.info.kubeconfig,
      context: ctx(),
      namespace: ns,
      name: 'migrating',
      leaseDuration: '60s',
      renewDeadline: '40s',
      retryPeriod: '1s',
      legacyLockType: lockType,
    };
    const dead = pool.start({ ...opts, identity: 'dead-leader' });
    await dead.waitLeading(30_000);
    await dead.kill();
    const standby = pool.start({ ...opts, identity: 'standby' });
    await standby.process.waitFor((l) => l.event === 'started', 15_000, 'standby started');
    const primaryKind = lockType === 'configmapsleases' ? 'ConfigMap' : 'Endpoints';
    const primaryKey = key(primaryKind, ns, 'migrating');
    const leaseKey = key('Lease', ns, 'migrating');
    const pair = await until('the monitor pairs both halves, held by the dead leader', 15_000, () => {
      const p = m.multiLockOf(leaseKey);
      return p?.agreement === 'agree' && p.holder === 'dead-leader' ? p : undefined;
    });
    return { ns, m, standby, primaryKind, primaryKey, leaseKey, pair } as const;
  }

  it('releases both halves of a configmapsleases MultiLock whose holder died: a real standby acquires both, and they agree', async () => {
    const { ns, m, standby, primaryKey, leaseKey, pair } = await stuckMultiLock('ml-release', 'configmapsleases');
    const outcome = await m.release(primaryKey, pair.primary.resourceVersion!, {
      partnerResourceVersion: pair.secondary.resourceVersion!,
    });
    assert.deepEqual(
      outcome.halves?.map((h) => h.kind),
      ['ConfigMap', 'Lease'],
      'the ConfigMap is written first, then the Lease',
    );
    assert.equal(outcome.record.holderIdentity, '');
    await standby.waitLeading(15_000);
    const after = await until('the store shows both halves held by the standby, agreeing', 15_000, () => {
      const p = m.multiLockOf(leaseKey);
      return p?.agreement === 'agree' && p.holder === 'standby' ? p : undefined;
    });
    assert.equal(after.primary.holder, 'standby');
    assert.equal(after.secondary.holder, 'standby');
    const api = await bothHalves('ConfigMap', ns, 'migrating');
    assert.equal(api.primaryRecord.holderIdentity, 'standby');
    assert.equal(api.leaseSpec.holderIdentity, 'standby');
    assert.equal(api.primaryRecord.leaderTransitions, api.leaseSpec.leaseTransitions, 'the same record in both');
  });

  it('takes over both halves of an endpointsleases MultiLock from its Lease half: both name the new holder', async () => {
    const { ns, m, standby, leaseKey, pair } = await stuckMultiLock('ml-takeover', 'endpointsleases');
    const before = await bothHalves('Endpoints', ns, 'migrating');
    const outcome = await m.takeOver(leaseKey, 'lease-lens-operator', pair.secondary.resourceVersion!, {
      partnerResourceVersion: pair.primary.resourceVersion!,
    });
    assert.deepEqual(
      outcome.halves?.map((h) => h.kind),
      ['Endpoints', 'Lease'],
    );
    const api = await bothHalves('Endpoints', ns, 'migrating');
    assert.equal(api.primaryRecord.holderIdentity, 'lease-lens-operator');
    assert.equal(api.leaseSpec.holderIdentity, 'lease-lens-operator');
    assert.equal(api.primaryRecord.leaderTransitions, (before.primaryRecord.leaderTransitions ?? 0) + 1);
    assert.equal(api.leaseSpec.leaseTransitions, api.primaryRecord.leaderTransitions);
    await until('the store shows both halves agreeing on the new holder', 15_000, () => {
      const p = m.multiLockOf(leaseKey);
      return p?.agreement === 'agree' && p.holder === 'lease-lens-operator' ? true : undefined;
    });
    // The standby reads the new record and waits out its 60 s lease: it does not lead.
    await standby.process.waitFor(
      (l) => l.event === 'new-leader' && l.leader === 'lease-lens-operator',
      15_000,
      'the standby sees the new holder',
    );
    assert.equal(standby.leading, false);
  });

  it('refuses to write one half alone: without the resourceVersion of the other half, nothing is written', async () => {
    const c = cluster();
    const ns = await c.createNamespace('ml-alone');
    await createStaticMultiLock(c, ns, 'pair', 'holder-a');
    const m = monitor();
    const pair = await until('paired', 15_000, () => m.multiLockOf(key('ConfigMap', ns, 'pair')));
    await assert.rejects(m.release(key('ConfigMap', ns, 'pair'), pair.primary.resourceVersion!), (err: Error) => {
      assert.match(err.message, /one half of a MultiLock with Lease .*\/pair: both are written/);
      return true;
    });
    const api = await bothHalves('ConfigMap', ns, 'pair');
    assert.equal(api.primary.metadata.resourceVersion, pair.primary.resourceVersion);
    assert.equal(api.lease.metadata.resourceVersion, pair.secondary.resourceVersion);
  });

  it('writes neither half when the Lease changed after it was seen, and names the Lease as the one that changed', async () => {
    const c = cluster();
    const ns = await c.createNamespace('ml-stale');
    await createStaticMultiLock(c, ns, 'pair', 'holder-a');
    const m = monitor();
    const pair = await until('paired', 15_000, () => m.multiLockOf(key('Lease', ns, 'pair')));
    await setLeaseHolder(c, ns, 'pair', 'holder-b');
    await assert.rejects(
      m.release(key('ConfigMap', ns, 'pair'), pair.primary.resourceVersion!, {
        partnerResourceVersion: pair.secondary.resourceVersion!,
      }),
      (err: unknown) => {
        assert.ok(err instanceof LockConflictError, String(err));
        assert.equal(err.kind, 'Lease');
        assert.equal((err.current as Obj).spec?.holderIdentity, 'holder-b');
        assert.equal(err.partner?.kind, 'ConfigMap');
        return true;
      },
    );
    const api = await bothHalves('ConfigMap', ns, 'pair');
    assert.equal(api.primary.metadata.resourceVersion, pair.primary.resourceVersion, 'the ConfigMap is untouched');
    assert.equal(api.primaryRecord.holderIdentity, 'holder-a');
  });

  it('stops when the Lease is written between the two halves (409), says the ConfigMap was written and the Lease not, and finishes on request', async () => {
    const c = cluster();
    const ns = await c.createNamespace('ml-partial');
    await createStaticMultiLock(c, ns, 'pair', 'holder-a');
    const m = monitor();
    const pair = await until('paired', 15_000, () => m.multiLockOf(key('ConfigMap', ns, 'pair')));
    // A renewing elector, in effect: while the API server admits our ConfigMap write, the Lease
    // is renewed by someone else, so our Lease write, checked against what was seen, gets 409.
    let interfered = false;
    hooks.push(
      await AdmissionWebhook.start(c, ns, async (request) => {
        const holder = (JSON.parse(request.object?.metadata?.annotations?.[LEADER_ANNOTATION] ?? '{}') as Record_)
          .holderIdentity;
        if (request.name !== 'pair' || holder !== '' || interfered) return;
        interfered = true;
        await setLeaseHolder(c, ns, 'pair', 'renewer');
      }),
    );
    const error = await m
      .release(key('ConfigMap', ns, 'pair'), pair.primary.resourceVersion!, {
        partnerResourceVersion: pair.secondary.resourceVersion!,
      })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    assert.ok(interfered, 'the webhook renewed the Lease during the ConfigMap write');
    assert.ok(error instanceof MultiLockPartialWriteError, `a partial write, got ${String(error)}`);
    assert.equal(error.written.kind, 'ConfigMap');
    assert.equal(error.notWritten.kind, 'Lease');
    assert.match(error.message, /^ConfigMap .*\/pair was written, but Lease .*\/pair was not: /);
    assert.ok(error.failure instanceof LockConflictError);
    const current = error.failure.current as Obj;
    assert.equal(current.spec?.holderIdentity, 'renewer');
    let api = await bothHalves('ConfigMap', ns, 'pair');
    assert.equal(api.primaryRecord.holderIdentity, '', 'the ConfigMap was released');
    assert.equal(api.leaseSpec.holderIdentity, 'renewer', 'the Lease was not');
    await until('the store shows the halves disagreeing', 15_000, () =>
      m.multiLockOf(key('Lease', ns, 'pair'))?.agreement === 'disagree' ? true : undefined,
    );

    // Finish: the ConfigMap's record into the Lease, checked against the Lease as shown now.
    const finished = await m.finishMultiLock(key('ConfigMap', ns, 'pair'), current.metadata.resourceVersion);
    assert.equal(finished.record.holderIdentity, '');
    api = await bothHalves('ConfigMap', ns, 'pair');
    assert.equal(api.leaseSpec.holderIdentity, '');
    assert.equal(api.leaseSpec.leaseTransitions, api.primaryRecord.leaderTransitions);
    await until('the store shows the halves agreeing again', 15_000, () =>
      m.multiLockOf(key('Lease', ns, 'pair'))?.agreement === 'agree' ? true : undefined,
    );
  });
});
