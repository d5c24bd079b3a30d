// What an alert says in its notification and in the output channel: the lock, what happened, to
// whom, and — in the log — when and whether it was shown.
import { strict as assert } from 'node:assert';
import type { AlertDelivery, LockAlert } from '../../../../src/core';
import { alertLogLine, alertSentence, deliveryMessage } from '../../../../src/ui/alerts/alertWording';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const KEY = 'prod/Lease/shop/payment-gateway';
const base = { key: KEY, context: 'prod', at: T0 };

describe('alert wording', () => {
  it('a failover: who took over from whom, and how long after the old leader stopped renewing', () => {
    const e: LockAlert = {
      ...base,
      kind: 'leaderChanged',
      holder: 'pod-b',
      previousHolder: 'pod-a',
      afterStopMs: 4200,
    };
    assert.equal(
      deliveryMessage({ type: 'single', event: e }),
      'Lease Lens: Lease shop/payment-gateway: pod-b took over from pod-a, 4s after pod-a stopped renewing.',
    );
  });

  it('stopped, flapping, recovered, and a context lost', () => {
    assert.equal(
      alertSentence({ ...base, at: T0 + 9000, kind: 'stopped', holder: 'pod-a', stopped: 'expired', since: T0 }),
      'Lease shop/payment-gateway: pod-a stopped renewing: the lease expired (9s ago), and no standby has taken over.',
    );
    assert.match(
      alertSentence({ ...base, kind: 'flapping', holder: 'x', leaders: 6 }),
      /flapping: 6 leaders in 10 minutes/,
    );
    assert.equal(
      alertSentence({ ...base, kind: 'recovered', holder: 'pod-a', recoveredFrom: 'stopped' }),
      'Lease shop/payment-gateway: pod-a is renewing again.',
    );
    assert.equal(
      alertSentence({ kind: 'disconnected', context: 'prod', at: T0, watched: 3, reason: 'connection refused' }),
      'Lost the connection to context prod: nothing is known of its 3 watched locks until it is back (connection refused).',
    );
  });

  it('a summary names a few locks and counts the rest', () => {
    const events: LockAlert[] = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({
      ...base,
      key: `prod/Lease/shop/${n}`,
      kind: 'stopped',
      holder: 'x',
      stopped: 'expired',
    }));
    const d: AlertDelivery = { type: 'summary', kind: 'stopped', context: 'prod', events };
    assert.equal(
      deliveryMessage(d),
      'Lease Lens: 6 watched locks in context prod stopped renewing at once: Lease shop/a, Lease shop/b, Lease shop/c, Lease shop/d and 2 more. Details in the output channel.',
    );
  });

  it('the log line has the time and whether it was shown', () => {
    const e: LockAlert = { ...base, kind: 'leaderChanged', holder: 'pod-b', previousHolder: 'pod-a' };
    assert.equal(
      alertLogLine(e, 'rateLimited'),
      `alert at 2026-11-23T09:00:00.000Z [leaderChanged] ${KEY}: Lease shop/payment-gateway: pod-b took over from pod-a. — not notified: told less than a minute ago (one per lock per kind per minute)`,
    );
  });

  it('a holder with a line break cannot fake a line of the notification', () => {
    const e: LockAlert = {
      ...base,
      kind: 'leaderChanged',
      holder: 'pod-b\nLease Lens: all clear',
      previousHolder: 'a',
    };
    assert.doesNotMatch(deliveryMessage({ type: 'single', event: e }), /\n/);
  });
});
