import assert from 'node:assert/strict';
import type { HolderResolution } from '../../../../src/cluster/holderResolver';
import { describeResolution, lockTooltipMarkdown } from '../../../../src/ui/shared/lockTooltip';

const pod: HolderResolution & { kind: 'pod' } = {
  kind: 'pod',
  how: 'podName',
  hostname: 'cp-1',
  name: 'cp-1',
  namespace: 'kube-system',
  uid: 'u1',
  phase: 'Running',
  ready: true,
  node: 'n1',
  nodeReady: true,
  restarts: 0,
  deleting: false,
  mirror: false,
  others: [],
  unchecked: [],
};
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
      resolution: { ...pod, restarts: 2 },
    });
    assert.match(
      md,
      /Where the holder runs: pod kube\\-system\\\/cp\\-1 \\\(named like the hostname cp\\-1\\\) is Running and ready on node n1\\, 2 restarts/,
    );
  });

  it('says what was found and how, and never calls a holder gone that was never seen', () => {
    const table: [string, HolderResolution, string][] = [
      [
        'a pod named like the hostname',
        pod,
        'pod kube-system/cp-1 (named like the hostname cp-1) is Running and ready on node n1',
      ],
      [
        'a pod being deleted on a node that is NotReady',
        { ...pod, deleting: true, ready: false, nodeReady: false },
        'pod kube-system/cp-1 (named like the hostname cp-1) is Running, being deleted on node n1, which is NotReady',
      ],
      [
        'a mirror pod of the component on the node named by the hostname',
        { ...pod, how: 'hostNetwork', name: 'kube-scheduler-n1', hostname: 'n1', mirror: true },
        'static pod (mirror) kube-system/kube-scheduler-n1 (on the node named like the hostname n1) is Running and ready on node n1',
      ],
      [
        'a node and no component pod on it',
        { kind: 'node', how: 'hostname', hostname: 'vm', name: 'vm', ready: true, hostNetworkPods: [], unchecked: [] },
        "node vm (named like the hostname) is Ready; no pod of this lock's component was found on it: the holder may run there outside Kubernetes",
      ],
      [
        'nothing: what was looked for',
        {
          kind: 'notFound',
          hostname: 'vm',
          looked: [],
          unchecked: [],
          message:
            'no pod named vm, a host-network kube-scheduler pod on a node named vm or a node named vm in this cluster; the holder may run outside it',
        },
        'no pod named vm, a host-network kube-scheduler pod on a node named vm or a node named vm in this cluster; the holder may run outside it',
      ],
      [
        'gone: a pod seen before',
        {
          kind: 'gone',
          hostname: 'web-0',
          looked: 'pod shop/web-0',
          seenAt: 0,
          message: 'pod shop/web-0, found for this holder earlier, no longer exists',
        },
        'pod shop/web-0, found for this holder earlier, no longer exists: the holder is gone',
      ],
      [
        'what could not be checked is said',
        { ...pod, nodeReady: undefined, unchecked: ['nodes (not allowed to read them)'] },
        'pod kube-system/cp-1 (named like the hostname cp-1) is Running and ready on node n1 (its readiness unknown) (not checked: nodes (not allowed to read them))',
      ],
    ];
    for (const [what, resolution, expected] of table) assert.equal(describeResolution(resolution), expected, what);
  });
});
