// Alerts on watched locks, with a fake clock: what a failover, a dead leader, a crash loop and a
// lost connection each tell the operator — and, through the gate, how often.

import assert from 'node:assert/strict';
import {
  AlertGate,
  LOCK_ALERT_KINDS,
  stopGraceMs,
  WatchedLockTracker,
  type AlertEvent,
  type AlertObservation,
  type LockAlert,
} from '../../../src/core';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const S = 1000;
const KEY = 'prod/Lease/shop/payment-gateway';

function seen(overrides: Partial<AlertObservation> = {}): AlertObservation {
  return {
    key: KEY,
    context: 'prod',
    holder: 'pod-a',
    attention: undefined,
    renewing: true,
    stale: false,
    leaseDurationMs: 15 * S,
    ...overrides,
  };
}

/** Runs observations (ms after T0) and ticks every second in between; returns every alert. */
function play(steps: readonly [number, Partial<AlertObservation>][], until?: number): LockAlert[] {
  const tracker = new WatchedLockTracker();
  const out: LockAlert[] = [];
  let t = T0;
  for (const [at, o] of steps) {
    for (; t < T0 + at; t += S) out.push(...tracker.tick(t));
    t = T0 + at;
    out.push(...tracker.observe(seen(o), t));
  }
  for (; t <= T0 + (until ?? 0); t += S) out.push(...tracker.tick(t));
  return out;
}

const kinds = (alerts: readonly AlertEvent[]) => alerts.map((a) => a.kind);

describe('WatchedLockTracker: what happened to a watched lock', () => {
  it('a failover is one alert: the leader change, saying the old leader had stopped renewing', () => {
    const alerts = play(
      [
        [0, {}],
        // The holder dies: our takeover clock runs out a lease after its last renewal…
        [15 * S, { attention: 'expired', renewing: false }],
        // …and a standby, counting from when it saw that renewal, takes over 4 s later.
        [19 * S, { holder: 'pod-b', renewing: true }],
      ],
      60 * S,
    );
    assert.deepEqual(kinds(alerts), ['leaderChanged']);
    assert.equal(alerts[0]?.previousHolder, 'pod-a');
    assert.equal(alerts[0]?.holder, 'pod-b');
    assert.equal(alerts[0]?.afterStopMs, 4 * S);
  });

  it('a leader that dies with no standby: "stopped" once its grace period is over, then "recovered" when it renews again', () => {
    const alerts = play(
      [
        [0, {}],
        [15 * S, { attention: 'expired', renewing: false }],
        [40 * S, { attention: 'expired', renewing: false }],
        [120 * S, { renewing: true }],
      ],
      130 * S,
    );
    assert.deepEqual(kinds(alerts), ['stopped', 'recovered']);
    assert.equal(alerts[0]?.at, T0 + 15 * S + stopGraceMs(15 * S));
    assert.equal(alerts[0]?.stopped, 'expired');
    assert.equal(alerts[1]?.recoveredFrom, 'stopped');
  });

  it('a stop told, then a new leader: the leader change answers it (no separate recovery)', () => {
    const alerts = play(
      [
        [0, {}],
        [15 * S, { attention: 'expired', renewing: false }],
        [300 * S, { holder: 'pod-c', renewing: true }],
      ],
      310 * S,
    );
    assert.deepEqual(kinds(alerts), ['stopped', 'leaderChanged']);
    assert.equal(alerts[1]?.afterStopMs, 285 * S);
  });

  it('a renewal within the grace period: nothing at all (a late renewal is not an incident)', () => {
    assert.deepEqual(
      kinds(
        play(
          [
            [0, {}],
            [15 * S, { attention: 'expired', renewing: false }],
            [17 * S, { renewing: true }],
          ],
          60 * S,
        ),
      ),
      [],
    );
  });

  it('the grace period: 0.6 of the lease, 5 s at least, 30 s at most', () => {
    assert.equal(stopGraceMs(4 * S), 5 * S);
    assert.equal(stopGraceMs(15 * S), 9 * S);
    assert.equal(stopGraceMs(3600 * S), 30 * S);
    assert.equal(stopGraceMs(null), 5 * S);
  });

  it('a crash loop: one "flapping" alert, the leader changes after it folded into it, then "recovered"', () => {
    const steps: [number, Partial<AlertObservation>][] = [[0, {}]];
    const holders = ['pod-b', 'pod-c', 'pod-d', 'pod-e', 'pod-f', 'pod-g', 'pod-h'];
    holders.forEach((holder, i) =>
      steps.push([(i + 1) * 8 * S, { holder, attention: i >= 3 ? 'flapping' : undefined, leaders: i + 1 }]),
    );
    steps.push([700 * S, { holder: 'pod-h', attention: undefined, renewing: true }]);
    const alerts = play(steps, 710 * S);
    // The change that makes it flap comes with the flapping alert and is folded into it.
    assert.deepEqual(kinds(alerts), [
      'leaderChanged',
      'leaderChanged',
      'leaderChanged',
      'leaderChanged',
      'flapping',
      'leaderChanged',
      'leaderChanged',
      'leaderChanged',
      'recovered',
    ]);
    assert.equal(alerts.filter((a) => a.kind === 'leaderChanged' && a.duringFlapping === true).length, 4);
    assert.equal(alerts[4]?.leaders, 4);
    assert.equal(alerts[8]?.recoveredFrom, 'flapping');
  });

  it('what a lock is like when first seen is not news; a release and the same holder back is no change', () => {
    assert.deepEqual(
      kinds(
        play(
          [
            [0, { attention: 'probablyStopped', renewing: false }],
            [5 * S, { holder: '', attention: undefined, renewing: false }],
            [7 * S, { holder: 'pod-a', renewing: true }],
          ],
          60 * S,
        ),
      ),
      [],
    );
  });

  it('nothing is said about a lock while its context is disconnected; one alert for the context instead', () => {
    const tracker = new WatchedLockTracker();
    assert.deepEqual(tracker.connection('prod', false, 3, T0), [], 'the first report is not news');
    tracker.observe(seen(), T0);
    tracker.observe(seen({ attention: 'expired', renewing: false }), T0 + 15 * S);
    const lost = tracker.connection('prod', true, 3, T0 + 16 * S, 'watch failed: connection refused');
    assert.deepEqual(kinds(lost), ['disconnected']);
    assert.equal(lost[0]?.watched, 3);
    assert.deepEqual(tracker.observe(seen({ stale: true, attention: undefined }), T0 + 17 * S), []);
    assert.deepEqual(tracker.tick(T0 + 60 * S), [], 'the pending stop is moot while disconnected');
    assert.deepEqual(kinds(tracker.connection('prod', false, 3, T0 + 90 * S)), ['reconnected']);
  });
});

describe('AlertGate: how often the operator hears of it', () => {
  const all = new Set(LOCK_ALERT_KINDS);
  const change = (key: string, at: number, context = 'prod'): LockAlert => ({
    kind: 'leaderChanged',
    key,
    context,
    at,
    holder: 'b',
    previousHolder: 'a',
  });

  it('one notification per lock per kind per minute; the rest is kept with why', () => {
    const gate = new AlertGate(all);
    assert.equal(gate.admit([change(KEY, T0)], T0).deliveries.length, 1);
    const again = gate.admit([change(KEY, T0 + 30 * S)], T0 + 30 * S);
    assert.equal(again.deliveries.length, 0);
    assert.deepEqual(
      again.suppressed.map((s) => s.why),
      ['rateLimited'],
    );
    const stopped: LockAlert = { ...change(KEY, T0 + 31 * S), kind: 'stopped', stopped: 'expired' };
    assert.equal(gate.admit([stopped], T0 + 31 * S).deliveries.length, 1, 'another kind is told');
    assert.equal(gate.admit([change(KEY, T0 + 60 * S)], T0 + 60 * S).deliveries.length, 1, 'a minute later');
  });

  it('three or more of one kind from one context at once: one summary; fewer, one each', () => {
    const gate = new AlertGate(all);
    const events = ['a', 'b', 'c', 'd'].map((n) => change(`prod/Lease/shop/${n}`, T0));
    const r = gate.admit([...events, change('staging/Lease/shop/x', T0, 'staging')], T0);
    assert.deepEqual(
      r.deliveries.map((d) =>
        d.type === 'summary' ? `summary ${d.context} ${d.events.length}` : `single ${d.event.context}`,
      ),
      ['summary prod 4', 'single staging'],
    );
    // The locks of the summary count as told, and so does the summary.
    const next = gate.admit(
      ['a', 'b', 'e'].map((n) => change(`prod/Lease/shop/${n}`, T0 + 10 * S)),
      T0 + 10 * S,
    );
    assert.deepEqual(
      next.deliveries.map((d) => d.type),
      ['single'],
    );
    assert.equal(next.suppressed.length, 2);
  });

  it('kinds the operator turned off are not shown, and say so', () => {
    const gate = new AlertGate(new Set(['stopped'] as const));
    const r = gate.admit([change(KEY, T0)], T0);
    assert.deepEqual(r.deliveries, []);
    assert.deepEqual(
      r.suppressed.map((s) => s.why),
      ['disabled'],
    );
  });

  it('a flapping election’s leader changes are folded into its flapping alert', () => {
    const gate = new AlertGate(all);
    const r = gate.admit([{ ...change(KEY, T0), duringFlapping: true }], T0);
    assert.deepEqual(
      r.suppressed.map((s) => s.why),
      ['folded'],
    );
  });

  it('context alerts follow the stopped and recovered settings, and are rate-limited per context', () => {
    const gate = new AlertGate(new Set(['recovered'] as const));
    const lost: AlertEvent = { kind: 'disconnected', context: 'prod', at: T0, watched: 4 };
    const back: AlertEvent = { kind: 'reconnected', context: 'prod', at: T0, watched: 4 };
    const r = gate.admit([lost, back], T0);
    assert.deepEqual(
      r.deliveries.map((d) => d.type === 'single' && d.event.kind),
      ['reconnected'],
    );
    assert.equal(gate.admit([back], T0 + 5 * S).deliveries.length, 0);
  });
});
