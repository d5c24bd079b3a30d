import assert from 'node:assert/strict';
import { lockKey } from '../../src/core';
import { LockMonitor, type WriteOutcome } from '../../src/cluster/lockMonitor';
import { LockConflictError } from '../../src/cluster/writeErrors';
import { ElectorPool, type Elector } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';

interface LeaseSpec {
  holderIdentity?: string;
  strategy?: string;
  preferredHolder?: string;
  leaseDurationSeconds?: number;
}

/**
 * Coordinated leader election with the real kube-apiserver's election controller and real client-go
 * candidates (tools/elector --coordinated). The controller names the holder: what a release and a
 * takeover of ours lead to, and that our writes keep the Lease coordinated (strategy kept,
 * preferredHolder never written). Timings are in the README; nothing here asserts them.
 */
describe('Release and take over a coordinated Lease: the real election controller and real candidates', function () {
  this.timeout(150_000);
  const pool = new ElectorPool();
  const monitors: LockMonitor[] = [];
  afterEach(async () => {
    await pool.stopAll();
    await Promise.all(monitors.splice(0).map((m) => m.dispose()));
  });

  /** Three candidates; `pick` (oldest emulation version) is the one the controller names. */
  async function election(prefix: string) {
    const c = cluster();
    const ns = await c.createNamespace(prefix);
    const m = new LockMonitor({
      kubeconfig: { path: c.info.kubeconfig },
      contexts: [c.info.contexts.admin],
      watchKubeconfig: false,
      readEvents: false,
    });
    monitors.push(m);
    m.start();
    const start = (identity: string, emulationVersion: string, binaryVersion: string): Elector =>
      pool.start({
        kubeconfig: c.info.kubeconfig,
        context: c.info.contexts.admin,
        namespace: ns,
        name: 'coordinated',
        identity,
        leaseDuration: '4s',
        renewDeadline: '3s',
        retryPeriod: '1s',
        coordinated: { emulationVersion, binaryVersion },
      });
    const pick = start('cand-old', '1.36.0', '1.36.4');
    const next = start('cand-next', '1.37.0', '1.37.2');
    const last = start('cand-last', '1.37.0', '1.37.3');
    await pick.waitLeading(60_000);
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'coordinated');
    await until('the monitor sees the pick holding it, with its three candidates', 20_000, () => {
      const s = m.store.snapshot(key);
      return s?.lock.view.holder === 'cand-old' && s.candidates.length === 3 ? true : undefined;
    });
    const path = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/coordinated`;
    const spec = async () => ((await c.adminTransport().json(path)) as { spec: LeaseSpec }).spec;
    /**
     * The holder renews every second, so a write can lose a race with a renewal: a conflict to
     * show the operator, who confirms again with what is shown now (never retried blindly).
     */
    const asOperator = async (write: (seenRv: string) => Promise<WriteOutcome>): Promise<WriteOutcome> => {
      for (let attempt = 1; ; attempt++) {
        const seen = await until('the store has the Lease', 10_000, () => m.store.get(key)?.view);
        try {
          return await write(seen.resourceVersion!);
        } catch (err) {
          if (!(err instanceof LockConflictError) || attempt === 10) throw err;
          await until('the store shows what changed', 10_000, () =>
            m.store.get(key)?.view.resourceVersion !== seen.resourceVersion ? true : undefined,
          );
        }
      }
    };
    return { m, key, pick, next, last, spec, asOperator };
  }

  it('a release of a live holder: the write keeps the strategy, the controller names the same holder again, which never stops leading', async () => {
    const { m, key, pick, spec, asOperator } = await election('cle-release');
    assert.equal(m.store.get(key)!.view.record?.strategy, 'OldestEmulationVersion');
    const outcome = await asOperator((rv) => m.release(key, rv));
    const stored = (outcome.stored as { spec: LeaseSpec }).spec;
    assert.equal(stored.holderIdentity, '');
    assert.equal(stored.strategy, 'OldestEmulationVersion', 'the written Lease is still coordinated');
    assert.equal(stored.preferredHolder, undefined);
    const after = await until('the controller names a holder again', 30_000, async () => {
      const s = await spec();
      return s.holderIdentity ? s : undefined;
    });
    assert.equal(after.holderIdentity, 'cand-old');
    assert.equal(after.strategy, 'OldestEmulationVersion');
    await until('the store shows the holder again', 15_000, () =>
      m.store.get(key)?.view.holder === 'cand-old' ? true : undefined,
    );
    assert.equal(pick.leading, true, 'the holder kept leading');
    assert.equal(pick.process.lines.filter((l) => l.event === 'stopped-leading').length, 0);
  });

  it('a release of a dead holder: the controller passes it over and the next candidate leads', async () => {
    const { m, key, pick, next, spec, asOperator } = await election('cle-dead');
    await pick.kill();
    await asOperator((rv) => m.release(key, rv));
    await next.waitLeading(60_000);
    assert.equal((await spec()).holderIdentity, 'cand-next');
    await until('the store shows the next candidate', 15_000, () =>
      m.store.get(key)?.view.holder === 'cand-next' ? true : undefined,
    );
  });

  it('a takeover for an outsider: the controller marks its pick preferred at once, and gives the Lease back to it when the written lease runs out', async () => {
    const { m, key, pick, spec, asOperator } = await election('cle-takeover');
    const outcome = await asOperator((rv) => m.takeOver(key, 'lease-lens-operator', rv));
    const stored = (outcome.stored as { spec: LeaseSpec }).spec;
    assert.equal(stored.holderIdentity, 'lease-lens-operator');
    assert.equal(stored.strategy, 'OldestEmulationVersion');
    assert.equal(stored.preferredHolder, undefined, 'we never name a preferredHolder');
    const marked = await until('the controller marks its pick as preferredHolder', 30_000, async () => {
      const s = await spec();
      return s.preferredHolder !== undefined ? s : undefined;
    });
    assert.equal(marked.preferredHolder, 'cand-old');
    assert.equal(marked.holderIdentity, 'lease-lens-operator');
    await pick.waitStoppedLeading(30_000);
    await until('the controller gives the Lease back to its pick', 60_000, async () =>
      (await spec()).holderIdentity === 'cand-old' ? true : undefined,
    );
    await until('the pick leads again', 30_000, () => (pick.leading ? true : undefined));
  });
});
