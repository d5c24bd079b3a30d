import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lockKey } from '../../src/core';
import type { LeaseLensApi } from '../../src/extension';
import type { WriteResult } from '../../src/ui/writes/lockWrites';
import type { WritePrompts } from '../../src/ui/writes/writePrompts';
import { ElectorPool } from '../support/electors';
import type { TestCluster } from '../support/testCluster';
import { connectSuite, until } from './leaseLensHarness';

/**
 * Who wrote it: a Release and a Take Over done from Lease Lens are kept with the user the real
 * API server names in a SelfSubjectReview, the holders before and after and the resourceVersions,
 * and show up in the lock's exported timeline.
 */
describe('Who wrote it: releases and takeovers from Lease Lens are kept with their user', function () {
  this.timeout(120_000);
  const pool = new ElectorPool();
  let api: LeaseLensApi;
  let c: TestCluster;
  let original: WritePrompts;

  before(async function () {
    ({ api, c } = await connectSuite(this, (a) => (original = { ...a.prompts })));
  });

  afterEach(async () => {
    if (api !== undefined) Object.assign(api.prompts, original);
    await pool.stopAll();
  });

  it('a release of a dead holder’s lock, then a takeover: each kept with the SelfSubjectReview user, and in the timeline', async () => {
    const ns = await c.createNamespace('who-wrote');
    const key = lockKey(c.info.contexts.admin, 'Lease', ns, 'billing');
    const crashed = pool.start({
      kubeconfig: c.info.kubeconfig,
      context: c.info.contexts.admin,
      namespace: ns,
      name: 'billing',
      identity: 'billing-crashed',
      leaseDuration: '60s',
      renewDeadline: '40s',
      retryPeriod: '1s',
    });
    await crashed.waitLeading(30_000);
    await crashed.kill();
    await until('the store shows the crashed holder', 15_000, () =>
      api.monitor?.store.get(key)?.view.holder === 'billing-crashed' ? true : undefined,
    );
    const seenRv = api.monitor!.store.get(key)!.view.resourceVersion;
    api.prompts.confirm = async () => true;
    const released = await vscode.commands.executeCommand<WriteResult>('leaseLens.releaseLease', key);
    assert.equal(released.ok, true, released.message);
    // The takeover is asked about the lock as the store shows it: released (else it would be a
    // conflict, kept as one, and asked again).
    await until('the store sees the release', 15_000, () =>
      api.monitor?.store.get(key)?.view.holder === undefined ? true : undefined,
    );
    const took = await api.writes.takeOver(key, { identity: 'lease-lens-oncall' });
    assert.equal(took.ok, true, took.message);

    const writes = await until('both writes are kept', 10_000, () => {
      const w = api.history.entry(key)?.writes ?? [];
      return w.length === 2 ? w : undefined;
    });
    const [release, takeOver] = writes;
    assert.deepEqual(
      { ...release, at: 0, writtenResourceVersion: typeof release?.writtenResourceVersion },
      {
        at: 0,
        action: 'release',
        user: 'testenv-admin',
        userSource: 'SelfSubjectReview',
        before: 'billing-crashed',
        after: '',
        resourceVersion: seenRv,
        writtenResourceVersion: 'string',
        outcome: 'written',
      },
    );
    assert.equal(takeOver?.action, 'takeOver');
    assert.equal(takeOver?.before, '', 'it was vacant after the release');
    assert.equal(takeOver?.after, 'lease-lens-oncall');
    assert.equal(takeOver?.resourceVersion, release?.writtenResourceVersion, 'checked against what the release wrote');

    const md = await api.exporter.text(key, 'markdown');
    assert.ok(md !== undefined);
    const rows = md
      .split('\n')
      .filter((l) => /\| (Release|Take Over) \| testenv\\-admin \(SelfSubjectReview\) \|/.test(l));
    assert.equal(rows.length, 2, md);
    assert.match(rows[0]!, /\| billing\\-crashed \| \*\(nobody\)\* \| \d+ → \d+ \| written \|$/);
    assert.match(rows[1]!, /\| \*\(nobody\)\* \| lease\\-lens\\-oncall \| \d+ → \d+ \| written \|$/);
  });
});
