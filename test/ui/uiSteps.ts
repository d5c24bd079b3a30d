// Steps the race and security UI tests share: palette commands that open their own quick pick,
// the modal dialog's text and buttons, the Leader Elections tree, and the Lease in the API server.

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { TestCluster } from '../support/testCluster';
import { collapseOtherViews, openView, waitForTreeItem } from '../support/workbench';

/** Runs a palette command that opens its own quick pick, and returns once that pick shows `title`. */
export async function runCommandWithPick(page: Page, label: string, title: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  await page.keyboard.press('F1');
  await input.fill(`>${label}`);
  // The row with exactly this label: Enter would run the first fuzzy match ("Lease Lens: Watch
  // Lock" also matches "Lease Lens: Show Watched Locks", which may be listed first).
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = widget.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) });
  await row.first().waitFor({ timeout: 30_000 });
  await row.first().click();
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
}

/** Types into the open quick pick and clicks the row whose label contains `label`. */
export async function pickRow(page: Page, label: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-box input').fill(label);
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) })
    .first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

export interface ShownDialog {
  readonly box: Locator;
  readonly message: string;
  readonly detail: string;
}

/** Waits for the modal dialog of this window and reads it. */
export async function modalDialog(page: Page, timeoutMs = 15_000): Promise<ShownDialog> {
  const box = page.locator('.monaco-dialog-box');
  await box.waitFor({ timeout: timeoutMs });
  const message = ((await box.locator('.dialog-message-text').textContent()) ?? '').trim();
  const detail = ((await box.locator('.dialog-message-detail').textContent()) ?? '').trim();
  return { box, message, detail };
}

/** Clicks a button of the open modal dialog and waits for it to close. */
export async function answerDialog(dialog: ShownDialog, button: string): Promise<void> {
  await dialog.box.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${button}$`) }).click();
  await dialog.box.waitFor({ state: 'detached', timeout: 10_000 });
}

/** The resourceVersion a confirmation says its write is checked against. */
export function dialogResourceVersion(dialog: ShownDialog): string {
  const m = /resourceVersion (\d+):/.exec(dialog.detail);
  assert.ok(m, `the dialog names the resourceVersion it was asked at: ${dialog.detail}`);
  return m[1]!;
}

/** Opens the Leader Elections view, expands the namespace and returns the lock's row. */
export async function lockRow(page: Page, namespace: string, name: string): Promise<Locator> {
  const pane = await openView(page, 'Leader Elections');
  await collapseOtherViews(page, 'Leader Elections');
  const nsRow = await waitForTreeItem(pane, namespace, 30_000);
  if ((await nsRow.getAttribute('aria-expanded')) === 'false') await nsRow.locator('.monaco-tl-twistie').click();
  return waitForTreeItem(pane, name, 15_000);
}

/** Hovers a tree item until its tooltip matches `expect`; returns the tooltip's text. */
export async function treeTooltip(page: Page, row: Locator, expect: RegExp): Promise<string> {
  const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').last();
  let last = '';
  for (let attempt = 0; attempt < 8; attempt++) {
    const box = await row.locator('.label-name').boundingBox();
    assert.ok(box, 'the tree item is on screen');
    // A tooltip opens on the mouse arriving over the row: come from above each time.
    await page.mouse.move(box.x + box.width / 2, box.y - 40);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 6 });
    try {
      await hover.filter({ hasText: expect }).waitFor({ timeout: 2_000 });
      return (await hover.innerText()).trim();
    } catch {
      last = (await hover.innerText({ timeout: 100 }).catch(() => '')).trim();
    }
  }
  throw new Error(`no tooltip matching ${String(expect)} on the tree item (last hover: ${JSON.stringify(last)})`);
}

export async function rowDescription(row: Locator): Promise<string> {
  return ((await row.locator('.label-description').first().textContent()) ?? '').trim();
}

export interface LeaseObject {
  readonly metadata: { readonly resourceVersion: string };
  readonly spec?: {
    holderIdentity?: string;
    leaseTransitions?: number;
    renewTime?: string;
    acquireTime?: string;
    leaseDurationSeconds?: number;
  };
}

/**
 * Creates a Lease held by `holder` that nobody renews: by default renewed a moment ago with a
 * one-hour lease; `renewedAgoMs` dates its record back (a holder that died that long ago).
 */
export async function createIdleLease(
  c: TestCluster,
  namespace: string,
  name: string,
  holder: string,
  renewedAgoMs = 0,
): Promise<LeaseObject> {
  const now = new Date(Date.now() - renewedAgoMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  return (await c.adminTransport().json(`/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`, {
    method: 'POST',
    body: {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: 3600,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: 0,
      },
    },
  })) as LeaseObject;
}

export async function readLease(c: TestCluster, namespace: string, name: string): Promise<LeaseObject> {
  return (await c
    .adminTransport()
    .json(`/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}`)) as LeaseObject;
}

/** Pids of the extension hosts a VS Code server started (its process group: the server's pid). */
export function extensionHostPids(serverPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      // pid (comm) state ppid pgrp …: comm may hold spaces, so split after the last ')'.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== serverPid) continue;
      const cmdline = readFileSync(join('/proc', entry, 'cmdline'), 'utf8');
      if (cmdline.includes('--type=extensionHost')) pids.push(Number(entry));
    } catch {
      // the process ended while being read
    }
  }
  return pids;
}

/** Every file under `dir` whose name ends with `suffix` (recursively). */
export function filesUnder(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, suffix));
    else if (entry.name.endsWith(suffix)) out.push(path);
  }
  return out;
}
