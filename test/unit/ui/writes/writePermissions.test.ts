import assert from 'node:assert/strict';
import type { LockPermissions } from '../../../../src/cluster/permissions';
import { WritePermissions, type PermissionScope } from '../../../../src/ui/writes/writePermissions';

const A = 'ctx/Lease/ns-a/one';
const A2 = 'ctx/Lease/ns-a/two';
const B = 'ctx/Lease/ns-b/one';

describe('Write permissions as the views need them', () => {
  it('asks once per context, kind and namespace, answers synchronously once known, and notifies', async () => {
    const asked: string[] = [];
    const perms = new WritePermissions(async (key) => {
      asked.push(key);
      return { update: key.includes('ns-a'), patch: false, canWrite: key.includes('ns-a') } satisfies LockPermissions;
    });
    const heard: [PermissionScope, boolean][] = [];
    perms.onDidChange((scope, canWrite) => heard.push([scope, canWrite]));
    assert.equal(perms.canWrite(A), undefined, 'not known yet');
    assert.equal(perms.canWrite(A2), undefined);
    assert.equal(await perms.check(A2), true);
    assert.deepEqual(asked, [A], 'one question for the namespace');
    assert.equal(perms.canWrite(A), true);
    assert.equal(await perms.check(B), false);
    assert.deepEqual(heard, [
      [{ context: 'ctx', kind: 'Lease', namespace: 'ns-a' }, true],
      [{ context: 'ctx', kind: 'Lease', namespace: 'ns-b' }, false],
    ]);
  });

  it('forgets answers on clear, and remembers nothing when the question fails', async () => {
    let calls = 0;
    const perms = new WritePermissions(() => {
      calls++;
      if (calls === 1) throw new Error('the lock is no longer known');
      return Promise.resolve({ update: true, patch: true, canWrite: true });
    });
    assert.equal(await perms.check(A), undefined);
    assert.equal(await perms.check(A), true);
    perms.clear();
    assert.equal(perms.canWrite(A), undefined);
  });
});
