// One real workbench for a UI test suite (a `describe`): opened before its tests, a screenshot
// and the page's errors printed for every failed test, closed after. Every UI suite opens its
// workbench this way so that a failure always leaves the same evidence.

import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestCluster } from './testCluster';
import { openWorkbench, screenshot, type Workbench, type WorkbenchOptions } from './workbench';

export interface WorkbenchSuite {
  /** The open workbench; fails the test when it did not open. */
  readonly wb: Workbench;
  /** Its first window. */
  readonly page: Page;
  /** Closes the workbench and opens another (a different theme, say) for the rest of the suite. */
  reopen(options: WorkbenchOptions): Promise<Workbench>;
}

export interface WorkbenchSuiteOptions {
  /** Every window to photograph when a test fails (default: the first window). */
  readonly windows?: () => readonly Page[];
  /** Runs after the workbench closed (stop relays, remove temp files). */
  readonly after?: () => Promise<void> | void;
}

/** Registers before/afterEach/after hooks in the calling `describe`. */
export function workbenchSuite(
  options: (this: Mocha.Context) => WorkbenchOptions | Promise<WorkbenchOptions>,
  suiteOptions: WorkbenchSuiteOptions = {},
): WorkbenchSuite {
  let current: Workbench | undefined;

  before(async function () {
    current = await openWorkbench(await options.call(this));
    console.log(`      (workbench ready in ${current.readyMs} ms, server in ${current.server.readyMs} ms)`);
  });

  afterEach(async function () {
    if (current === undefined) return;
    await recordFailure(this.currentTest, suiteOptions.windows?.() ?? [current.page], current.pageErrors);
  });

  after(async () => {
    await current?.close();
    current = undefined;
    await suiteOptions.after?.();
  });

  return {
    get wb(): Workbench {
      assert.ok(current, 'the workbench did not open');
      return current;
    },
    get page(): Page {
      assert.ok(current, 'the workbench did not open');
      return current.page;
    },
    async reopen(next: WorkbenchOptions): Promise<Workbench> {
      await current?.close();
      current = undefined;
      current = await openWorkbench(next);
      return current;
    },
  };
}

/** The workbench options of a suite watching the test cluster's admin context. */
export function clusterWorkbench(
  c: TestCluster,
  extra: Omit<WorkbenchOptions, 'settings' | 'env'> & { readonly userSettings?: Record<string, unknown> } = {},
): WorkbenchOptions {
  return {
    viewport: { width: 1500, height: 900 },
    ...extra,
    settings: { 'leaseLens.kubeconfigPath': c.info.kubeconfig },
    userSettings: { 'leaseLens.contexts': [c.info.contexts.admin], ...extra.userSettings },
    env: { KUBECONFIG: c.info.kubeconfig },
  };
}

/** For a failed test: a screenshot of every page, and the last lines of what went wrong around it. */
export async function recordFailure(
  test: Mocha.Test | undefined,
  pages: readonly Page[],
  log: readonly string[] = [],
): Promise<void> {
  if (test?.state !== 'failed') return;
  for (const [i, p] of pages.entries()) {
    const name = `failed-${test.title.replace(/\W+/g, '-')}${pages.length > 1 ? `-window-${i + 1}` : ''}`;
    const file = await screenshot(p, name).catch(() => undefined);
    if (file) console.log(`      screenshot: ${file}`);
  }
  if (log.length) console.log(`      log:\n        ${log.slice(-15).join('\n        ')}`);
}
