// What every integration test that runs its own LockMonitor sets up: a scratch folder for its
// kubeconfig, and the monitor disposed after each test whatever happened (a monitor left running
// keeps watching and retrying into the next test).

import type { LockMonitor } from '../../src/cluster/lockMonitor';
import { scratchDir } from './testCluster';

export interface MonitorFixture {
  /** This test's scratch folder. */
  readonly dir: string;
  /** The test's monitor; disposed after the test. */
  monitor: LockMonitor | undefined;
}

export interface MonitorFixtureHooks {
  /** Runs after each test before the monitor is disposed (thaw a relay so the dispose can finish). */
  readonly beforeDispose?: () => Promise<void> | void;
  /** Runs after each test once the monitor is disposed (stop servers, close relays). */
  readonly afterDispose?: () => Promise<void> | void;
}

/** Registers beforeEach/afterEach in the calling `describe`. */
export function monitorFixture(name: string, hooks: MonitorFixtureHooks = {}): MonitorFixture {
  let dir: { path: string; remove(): void } | undefined;
  const fixture = {
    monitor: undefined as LockMonitor | undefined,
    get dir(): string {
      if (dir === undefined) throw new Error('the scratch folder exists only inside a test');
      return dir.path;
    },
  };
  beforeEach(() => {
    dir = scratchDir(name);
  });
  afterEach(async () => {
    await hooks.beforeDispose?.();
    await fixture.monitor?.dispose();
    fixture.monitor = undefined;
    await hooks.afterDispose?.();
    dir?.remove();
    dir = undefined;
  });
  return fixture;
}
