// Snapshots of real LockStores for the tests of src/ui's pure helpers: what the views show is
// computed by core from watch events, so the tests feed the store events rather than hand-make
// snapshots.

import { LockStore, type LockSnapshot } from '../../../src/core';
import { FakeTime } from '../../fixtures/fakeTime';

export const CTX = 'kind-lease-lens';
/** Two seconds after the fixtures' renewTime (2026-11-23T20:10:11.123456Z). */
export const START = Date.parse('2026-11-23T20:10:13.123Z');

export interface StoreSetup {
  readonly time: FakeTime;
  readonly store: LockStore;
  /** Applies an object as ADDED (or MODIFIED when it is known) and returns its snapshot now. */
  put(object: unknown, context?: string): LockSnapshot;
  snapshot(key: string): LockSnapshot;
}

export function storeSetup(start = START): StoreSetup {
  const time = new FakeTime(start);
  const store = new LockStore({ clock: time.clock, scheduler: time });
  const snapshot = (key: string): LockSnapshot => {
    const s = store.snapshot(key, time.now());
    if (s === undefined) throw new Error(`no lock ${key} in the store`);
    return s;
  };
  return {
    time,
    store,
    put(object, context = CTX) {
      const key = store.apply(context, 'ADDED', object);
      if (key === undefined) throw new Error('not a lock');
      return snapshot(key);
    },
    snapshot,
  };
}
