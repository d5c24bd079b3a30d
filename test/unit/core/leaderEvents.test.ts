import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { leaderEventLockKey, parseLeaderEvent, parseLeaderEventMessage } from '../../../src/core';
import { leaderEvent } from '../../fixtures/locks';

describe('parseLeaderEventMessage', () => {
  const cases: [unknown, ReturnType<typeof parseLeaderEventMessage>][] = [
    [
      'cp-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c became leader',
      { identity: 'cp-1_4e1f0c3a-7b9d-4a2e-8c6f-0d1e2f3a4b5c', transition: 'became' },
    ],
    ['cp-1_4e1f stopped leading', { identity: 'cp-1_4e1f', transition: 'stopped' }],
    ['my host_1 became leader', { identity: 'my host_1', transition: 'became' }],
    ['became leader', undefined],
    [' became leader', undefined],
    ['cp-1 became leader again', undefined],
    ['Successfully acquired lease kube-system/kube-scheduler', undefined],
    ['', undefined],
    [42, undefined],
    [undefined, undefined],
  ];
  for (const [message, expected] of cases) {
    it(`${JSON.stringify(message)} → ${expected === undefined ? 'not a leader event' : `${expected.identity} ${expected.transition}`}`, () => {
      assert.deepEqual(parseLeaderEventMessage(message), expected);
    });
  }
});

describe('parseLeaderEvent', () => {
  it('reads a core/v1 Event as client-go records it', () => {
    const e = parseLeaderEvent(leaderEvent('cp-1_abc became leader', '2026-11-23T20:00:05Z'));
    assert.deepEqual(e, {
      identity: 'cp-1_abc',
      transition: 'became',
      at: Date.parse('2026-11-23T20:00:05Z'),
      subject: { kind: 'Lease', name: 'kube-scheduler', namespace: 'kube-system', uid: 'x' },
    });
    assert.equal(e === undefined ? undefined : leaderEventLockKey('ctx', e), 'ctx/Lease/kube-system/kube-scheduler');
  });

  it('reads an events.k8s.io/v1 Event (regarding, note, eventTime)', () => {
    const e = parseLeaderEvent({
      reason: 'LeaderElection',
      note: 'b stopped leading',
      regarding: { kind: 'ConfigMap', name: 'legacy', namespace: 'kube-system' },
      eventTime: '2026-11-23T20:00:05.123456Z',
    });
    assert.equal(e?.transition, 'stopped');
    assert.equal(e?.at, Date.parse('2026-11-23T20:00:05.123Z'));
    assert.equal(e === undefined ? undefined : leaderEventLockKey('ctx', e), 'ctx/ConfigMap/kube-system/legacy');
  });

  it('reads an event already flattened by the cluster layer', () => {
    const e = parseLeaderEvent({
      namespace: 'kube-system',
      kind: 'Lease',
      name: 'kube-scheduler',
      message: 'a became leader',
      time: 1000,
    });
    assert.deepEqual(e, {
      identity: 'a',
      transition: 'became',
      at: 1000,
      subject: { kind: 'Lease', name: 'kube-scheduler', namespace: 'kube-system', uid: undefined },
    });
  });

  it('ignores other reasons, other messages, and non-objects', () => {
    assert.equal(
      parseLeaderEvent({ ...leaderEvent('a became leader', '2026-11-23T20:00:05Z'), reason: 'Scheduled' }),
      undefined,
    );
    assert.equal(parseLeaderEvent(leaderEvent('lease acquired', '2026-11-23T20:00:05Z')), undefined);
    assert.equal(parseLeaderEvent('a became leader'), undefined);
  });

  it('keeps an event whose time cannot be read, without a time', () => {
    const e = parseLeaderEvent({ ...leaderEvent('a became leader', 'soon'), metadata: {} });
    assert.equal(e?.identity, 'a');
    assert.equal(e?.at, undefined);
  });

  it('has no lock key for an event about something else', () => {
    const e = parseLeaderEvent(leaderEvent('a became leader', '2026-11-23T20:00:05Z', { kind: 'Pod', name: 'p' }));
    assert.equal(e === undefined ? 'no event' : leaderEventLockKey('ctx', e), undefined);
  });
});
