import assert from 'node:assert/strict';
import { lockKeyArgument } from '../../../../src/ui/commands/commandArgs';

describe('What a lock command was invoked with', () => {
  it('takes a lock key, or an item carrying one', () => {
    assert.equal(
      lockKeyArgument('arn:aws:eks:eu-west-1:1:cluster/prod/Lease/kube-system/x'),
      'arn:aws:eks:eu-west-1:1:cluster/prod/Lease/kube-system/x',
    );
    assert.equal(lockKeyArgument({ lockKey: 'c/ConfigMap/ns/x' }), 'c/ConfigMap/ns/x');
  });

  it('ignores anything else', () => {
    for (const arg of [
      undefined,
      null,
      42,
      'not a key',
      'c/Pod/ns/x',
      { lockKey: 7 },
      { key: 'c/Lease/ns/x' },
      ['c/Lease/ns/x'],
    ]) {
      assert.equal(lockKeyArgument(arg), undefined, JSON.stringify(arg));
    }
  });
});
