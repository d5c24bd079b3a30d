import assert from 'node:assert/strict';
import { lockKey } from '../../../../src/core';
import { leaseHoverMarkdown } from '../../../../src/ui/hover/leaseHoverText';
import { findYamlLocks } from '../../../../src/ui/hover/yamlLocks';
import { schedulerLease } from '../../../fixtures/locks';
import { CTX, storeSetup } from '../uiFixtures';

function fileLease(holder: string, renewTime = '2026-11-23T20:10:11.123456Z'): string {
  return `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  holderIdentity: ${JSON.stringify(holder)}
  leaseDurationSeconds: 15
  renewTime: "${renewTime}"
  leaseTransitions: 2
`;
}

const KEY = lockKey(CTX, 'Lease', 'kube-system', 'kube-scheduler');

/** The text as rendered: backslash escapes removed. */
function plain(md: string): string {
  return md.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('The hover of a lock in a YAML file', () => {
  it('names clock skew in the file and in the live lock, never "renewed in 52m"', () => {
    const { put, time } = storeSetup();
    const ahead = '2026-11-23T21:03:00.000000Z';
    const s = put(schedulerLease({ holderIdentity: 'node-a', renewTime: ahead }));
    const lock = findYamlLocks(fileLease('node-a', ahead))[0]!;
    const md = plain(
      leaseHoverMarkdown({
        lock,
        now: time.now(),
        live: [{ key: KEY, snapshot: s, writable: true }],
        availability: 'watched',
        contexts: [CTX],
      }),
    );
    assert.match(
      md,
      /renewTime: `2026-11-23T21:03:00\.000000Z` \(in 52m 46s: ahead of this machine's clock, clock skew\)/,
    );
    assert.match(md, /renewTime 52m 46s ahead/);
    assert.match(md, /⚠ Clock skew: renewTime is 52m 46s ahead of this machine's clock/);
  });

  it('shows the record from the file with its renew age computed now', () => {
    const lock = findYamlLocks(fileLease('node-a'))[0]!;
    const md = leaseHoverMarkdown({
      lock,
      now: Date.parse('2026-11-23T20:10:21.200Z'),
      live: [],
      availability: 'untrusted',
      contexts: [],
    });
    assert.match(md, /\*\*Lease\*\* `kube-system\/kube-scheduler`/);
    assert.match(md, /Holder: `node-a`/);
    assert.match(md, /renewTime: `2026-11-23T20:10:11\.123456Z` \(10s ago\)/);
    assert.match(md, /not shown in an untrusted workspace/);
    assert.doesNotMatch(md, /command:/, 'no actions without live state');
  });

  it('shows the live state, whether the file is out of date, and links to act on it', () => {
    const { put, time } = storeSetup();
    put(schedulerLease({ holderIdentity: 'node-b' }));
    const s = put(schedulerLease({ holderIdentity: 'node-b' }));
    const lock = findYamlLocks(fileLease('node-a'))[0]!;
    const md = leaseHoverMarkdown({
      lock,
      now: time.now(),
      live: [{ key: KEY, snapshot: s, writable: true }],
      availability: 'watched',
      contexts: [CTX],
    });
    assert.match(
      plain(md),
      /\*\*Live\*\* in context `kind-lease-lens`: `node-b` — renewed 2s ago, 2 transitions; not seen renewing yet: first seen just now and no change since; by its record it renewed 2s ago, within its 15s lease/,
    );
    assert.match(plain(md), /The file is out of date: the cluster has holder node-b \(file: node-a\)\./);
    const args = encodeURIComponent(JSON.stringify([KEY]));
    assert.ok(md.includes(`(command:leaseLens.releaseLease?${args} `), md);
    assert.ok(md.includes(`(command:leaseLens.takeOverLease?${args} `), md);
    assert.ok(md.includes(`(command:leaseLens.openDashboard?${args})`), md);
  });

  it('says when the file matches, and offers no writes where RBAC forbids them', () => {
    const { put, time } = storeSetup();
    const s = put(schedulerLease({ holderIdentity: 'node-a', leaseTransitions: 2 }));
    const text = fileLease('node-a').replace(
      'leaseTransitions: 2',
      'leaseTransitions: 2\n  acquireTime: "2026-11-23T20:00:05.000000Z"',
    );
    const lock = findYamlLocks(text)[0]!;
    const md = leaseHoverMarkdown({
      lock,
      now: time.now(),
      live: [{ key: KEY, snapshot: s, writable: false }],
      availability: 'watched',
      contexts: [CTX],
    });
    assert.match(plain(md), /The file matches the live record\./);
    assert.doesNotMatch(md, /releaseLease|takeOverLease/);
    assert.match(plain(md), /Your RBAC in context kind-lease-lens does not allow writing this lock\./);
  });

  it('never lets a holder identity from the file or the cluster become a link', () => {
    const evil = '[pwn](command:leaseLens.releaseLease?%5B%22x%22%5D)';
    const { put, time } = storeSetup();
    const s = put(schedulerLease({ holderIdentity: `${evil}\`\`` }));
    const lock = findYamlLocks(fileLease(evil))[0]!;
    const md = leaseHoverMarkdown({
      lock,
      now: time.now(),
      live: [{ key: KEY, snapshot: s, writable: false }],
      availability: 'watched',
      contexts: [CTX],
    });
    // Every occurrence sits inside a code span or is backslash-escaped.
    assert.ok(md.includes(`Holder: \`${evil}\``), md);
    assert.ok(md.includes(`\`\`\`${evil}\`\`\`\`\``) || md.includes(`\`\`\` ${evil}\`\` \`\`\``), md);
    assert.ok(!md.includes(`holder ${evil}`), 'the out-of-date sentence escapes it');
  });

  it('says which contexts were looked in when none has the lock', () => {
    const lock = findYamlLocks(fileLease('node-a').replace('  namespace: kube-system\n', ''))[0]!;
    const md = leaseHoverMarkdown({ lock, now: 0, live: [], availability: 'watched', contexts: ['a', 'b'] });
    assert.match(md, /`default\/kube-scheduler`/, 'no namespace in the file means default');
    assert.match(plain(md), /no Lease default\/kube-scheduler in contexts a, b\./);
  });
});
