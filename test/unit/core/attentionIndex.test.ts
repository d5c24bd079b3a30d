// The attention count kept incrementally from the store's change batches and due rechecks must be
// exactly what judging every lock afresh gives — after any sequence of watch events, connection
// changes and time passing — while a batch of node heartbeats costs no verdict at all.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttentionIndex, lockAttention, LockStore, type LockStoreChange } from '../../../src/core';
import { FakeTime } from '../../fixtures/fakeTime';
import { nodeLease } from '../../fixtures/locks';

const CTX = 'prod';
const OTHER = 'staging/eu';

function micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function lease(
  name: string,
  rv: number,
  spec: { holder?: string | undefined; renewTime?: number; lease?: number; transitions?: number },
): unknown {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'apps', uid: `uid-${name}`, resourceVersion: String(rv) },
    spec: {
      ...(spec.holder === undefined ? {} : { holderIdentity: spec.holder }),
      leaseDurationSeconds: spec.lease ?? 15,
      ...(spec.renewTime === undefined ? {} : { renewTime: micro(spec.renewTime) }),
      leaseTransitions: spec.transitions ?? 0,
    },
  };
}

function setup() {
  const time = new FakeTime();
  const store = new LockStore({ clock: time.clock, scheduler: time });
  const index = new AttentionIndex();
  index.rebuild(store, time.now());
  store.subscribe((c: LockStoreChange) => index.apply(c, time.now()));
  return { time, store, index };
}

/** What judging every lock afresh says. */
function fullScan(store: LockStore, now: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const lock of store.locks()) {
    const e = store.evidence(lock.view.key, now);
    const r = e === undefined ? undefined : lockAttention(e, now, store.thresholds, lock.view.role);
    if (r !== undefined) out.set(lock.view.key, r);
  }
  return out;
}

function indexed(index: AttentionIndex): Map<string, string> {
  return new Map(index.entries().map((e) => [e.key, e.reason]));
}

type Step =
  | { op: 'add'; lock: number; ctx: number; renewAgo: number; holder: number; lease: number }
  | { op: 'renew'; lock: number; ctx: number; skew: number }
  | { op: 'takeOver'; lock: number; ctx: number; holder: number }
  | { op: 'release'; lock: number; ctx: number }
  | { op: 'delete'; lock: number; ctx: number }
  | { op: 'connection'; ctx: number; stale: boolean }
  | { op: 'heartbeat'; node: number; renewAgo: number }
  | { op: 'wait'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('add' as const),
    lock: fc.nat(5),
    ctx: fc.nat(1),
    // Mostly around the lease, where the context's clock offset decides the verdict.
    renewAgo: fc.oneof(fc.integer({ min: -20_000, max: 90_000 }), fc.integer({ min: 0, max: 3_600_000 })),
    holder: fc.nat(3),
    lease: fc.constantFrom(4, 15, 60),
  }),
  fc.record({
    op: fc.constant('renew' as const),
    lock: fc.nat(5),
    ctx: fc.nat(1),
    skew: fc.integer({ min: -40_000, max: 40_000 }),
  }),
  fc.record({ op: fc.constant('takeOver' as const), lock: fc.nat(5), ctx: fc.nat(1), holder: fc.nat(3) }),
  fc.record({ op: fc.constant('release' as const), lock: fc.nat(5), ctx: fc.nat(1) }),
  fc.record({ op: fc.constant('delete' as const), lock: fc.nat(5), ctx: fc.nat(1) }),
  fc.record({ op: fc.constant('connection' as const), ctx: fc.nat(1), stale: fc.boolean() }),
  fc.record({ op: fc.constant('heartbeat' as const), node: fc.nat(3), renewAgo: fc.integer({ min: 0, max: 120_000 }) }),
  fc.record({
    op: fc.constant('wait' as const),
    ms: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 90_000 })),
  }),
);

describe('AttentionIndex: the count across contexts, kept incrementally', () => {
  it('always equals judging every lock afresh (any watch events, disconnections and time passing)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const { time, store, index } = setup();
        const rv = new Map<string, number>();
        const state = new Map<string, { holder: string | undefined; lease: number; renewTime: number }>();
        const nextRv = (key: string) => {
          const n = (rv.get(key) ?? 0) + 1;
          rv.set(key, n);
          return n;
        };
        for (const s of steps) {
          const ctx = 'ctx' in s ? [CTX, OTHER][s.ctx]! : CTX;
          const name = 'lock' in s ? `lock-${s.lock}` : '';
          const key = `${ctx}/${name}`;
          const now = time.now();
          switch (s.op) {
            case 'add': {
              const v = { holder: `h-${s.holder}`, lease: s.lease, renewTime: now - s.renewAgo };
              state.set(key, v);
              store.apply(ctx, 'ADDED', lease(name, nextRv(key), { ...v, holder: v.holder }));
              break;
            }
            case 'renew': {
              const v = state.get(key);
              if (v === undefined) break;
              v.renewTime = now + s.skew;
              store.apply(ctx, 'MODIFIED', lease(name, nextRv(key), { ...v }));
              break;
            }
            case 'takeOver': {
              const v = state.get(key);
              if (v === undefined) break;
              v.holder = `h-${s.holder}`;
              v.renewTime = now;
              store.apply(ctx, 'MODIFIED', lease(name, nextRv(key), { ...v }));
              break;
            }
            case 'release': {
              const v = state.get(key);
              if (v === undefined) break;
              v.holder = undefined;
              v.renewTime = now;
              v.lease = 1;
              store.apply(ctx, 'MODIFIED', lease(name, nextRv(key), { ...v }));
              break;
            }
            case 'delete':
              if (!state.delete(key)) break;
              store.apply(ctx, 'DELETED', lease(name, nextRv(key), {}));
              break;
            case 'connection':
              store.setConnection(ctx, s.stale ? { status: 'stale', reason: 'watch failed' } : { status: 'connected' });
              break;
            case 'heartbeat':
              store.apply(
                CTX,
                'MODIFIED',
                nodeLease(`node-${s.node}`, micro(now - s.renewAgo), String(nextRv(`n${s.node}`))),
              );
              break;
            case 'wait':
              time.advance(s.ms);
              break;
          }
          store.flush();
          index.tick(time.now());
          assert.deepEqual(indexed(index), fullScan(store, time.now()), `after ${JSON.stringify(s)}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a batch of 65,000 node heartbeat renewals costs no verdict (and elections are judged one by one)', () => {
    const { time, store, index } = setup();
    store.apply(CTX, 'ADDED', lease('controller', 1, { holder: 'a', renewTime: time.now() }));
    // Seen renewing: its verdict does not hang on the context's clock offset, which the
    // heartbeats' renewals move.
    time.advance(1_000);
    store.apply(CTX, 'MODIFIED', lease('controller', 2, { holder: 'a', renewTime: time.now() }));
    for (let n = 0; n < 65_000; n++) store.apply(CTX, 'ADDED', nodeLease(`node-${n}`, micro(time.now()), '1'));
    store.flush();
    const before = index.evaluations;
    time.advance(10_000);
    for (let n = 0; n < 65_000; n++) store.apply(CTX, 'MODIFIED', nodeLease(`node-${n}`, micro(time.now()), '2'));
    store.flush();
    index.tick(time.now());
    assert.equal(index.evaluations - before, 0, 'no heartbeat is judged');
    assert.equal(index.queued, 1, 'only the election waits for a recheck');
    // The election's lease runs out with no renewal: found by its recheck, not by a scan.
    time.advance(5_000);
    index.tick(time.now());
    assert.equal(index.reason(`${CTX}/Lease/apps/controller`), 'expired');
    assert.equal(index.evaluations - before, 1);
  });
});
