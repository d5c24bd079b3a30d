import assert from 'node:assert/strict';
import { describeResolution, lockTooltipMarkdown } from '../../../../src/ui/shared/lockTooltip';
import { leaseCandidate, schedulerLease } from '../../../fixtures/locks';
import { storeSetup } from '../uiFixtures';

describe("A lock's tooltip", () => {
  it('tells the full record, the lease duration and what we observed', () => {
    const { put, time } = storeSetup();
    const md = lockTooltipMarkdown(put(schedulerLease({ holderIdentity: 'node-a' })), time.now());
    assert.match(md, /^\*\*Lease\*\* `kube-system\/kube-scheduler` in context `kind-lease-lens`/);
    assert.match(md, /- Holder: `node-a`/);
    assert.match(md, /- Renewed: `2026-11-23T20:10:11\.123456Z`/);
    assert.match(md, /- Lease duration: 15s/);
    assert.match(md, /- Transitions: 2/);
    assert.match(md, /- Observed: first seen just now/);
    assert.match(md, /- resourceVersion: `1042`/);
    assert.match(md, /Where the holder runs: \*not looked up\*/);
  });

  it('warns about clock skew and lists LeaseCandidates', () => {
    const { put, time, store, snapshot } = storeSetup();
    put(schedulerLease({ renewTime: '2026-11-23T20:11:13.123000Z' }));
    store.applyCandidate('kind-lease-lens', 'ADDED', leaseCandidate('cp-2'));
    const md = lockTooltipMarkdown(snapshot('kind-lease-lens/Lease/kube-system/kube-scheduler'), time.now());
    assert.match(md, /⚠ Clock skew\\: renewTime is 1m ahead of this machine/);
    assert.match(md, /LeaseCandidates \(1\):\n- `cp-2` 1\\\.37\\\.2 \\\/ 1\\\.37/);
  });

  it('tells where the holder runs once resolved', () => {
    const { put, time } = storeSetup();
    const s = put(schedulerLease());
    const md = lockTooltipMarkdown(s, time.now(), {
      state: 'done',
      resolution: {
        kind: 'pod',
        name: 'cp-1',
        namespace: 'kube-system',
        phase: 'Running',
        ready: true,
        node: 'n1',
        restarts: 2,
        deleting: false,
      },
    });
    assert.match(
      md,
      /Where the holder runs: pod kube\\-system\\\/cp\\-1 is Running and ready on node n1\\, 2 restarts/,
    );
    assert.equal(
      describeResolution({ kind: 'gone', looked: 'pod ns/x', message: '' }),
      'pod ns/x does not exist: the holder is gone',
    );
    assert.equal(
      describeResolution({
        kind: 'pod',
        name: 'x',
        namespace: 'ns',
        phase: 'Running',
        ready: false,
        node: undefined,
        restarts: 0,
        deleting: false,
      }),
      'pod ns/x is Running, not ready',
    );
  });
});
