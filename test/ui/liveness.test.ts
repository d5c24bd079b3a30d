import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { lockKey, LEADER_ANNOTATION } from '../../src/core';
import { cluster } from '../support/integrationHooks';
import { hoverInFile, runCommand, screenshot, webviewFrame } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import {
  answerDialog,
  lockRow,
  modalDialog,
  pickRow,
  rowDescription,
  runCommandWithPick,
  treeTooltip,
  type LeaseObject,
} from './uiSteps';

const HOUR = 3_600_000;
/** A client-go identity (`<pod>_<uuid>`) of a pod that died hours ago. */
const DEAD = 'dead-ctrl-5d8f7b9c6-qw4zt_1b6e0c1e-8f0d-4a55-9d7e-3c2b1a0f9e84';
const DEAD_SHORT = 'dead-ctrl-5d8f7b9c6-qw4zt_1b6e…9e84';

function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Liveness, tried as a new user would: a lock whose holder died hours ago is flagged from the first
 * draw, on every surface, with the same words; a holder of the wrong type is an unreadable holder
 * everywhere and never "safe"; and the user's expiring threshold is the one the dashboard uses too.
 * Real VS Code, real API server; the locks are written as a dead holder or a hand edit leaves them.
 */
describe('Liveness on every surface, in a real VS Code against a real cluster', function () {
  this.timeout(300_000);
  let ns = '';

  const suite = workbenchSuite(async () => {
    const c = cluster();
    ns = await c.createNamespace('ui-live');
    const admin = c.adminTransport();
    const now = Date.now();
    // Renewed 3 h ago, a 1 h lease, no elector: client-go's rule would count it held for the
    // first hour we watch it.
    const deadLease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'dead-leader', namespace: ns },
      spec: {
        holderIdentity: DEAD,
        leaseDurationSeconds: 3600,
        acquireTime: microTime(now - 26 * HOUR),
        renewTime: microTime(now - 3 * HOUR),
        leaseTransitions: 4,
      },
    };
    await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, { method: 'POST', body: deadLease });
    // A holderIdentity written as a number (a hand edit): client-go cannot read the record.
    const numeric = JSON.stringify({
      holderIdentity: 42,
      leaseDurationSeconds: 15,
      renewTime: new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'),
      leaderTransitions: 3,
    });
    await admin.json(`/api/v1/namespaces/${ns}/configmaps`, {
      method: 'POST',
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'numeric-holder', namespace: ns, annotations: { [LEADER_ANNOTATION]: numeric } },
      },
    });
    // A lock renewed once while we watch, then silent for 2 minutes of its lease.
    await admin.json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
      method: 'POST',
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'slow-renewer', namespace: ns },
        spec: { holderIdentity: 'slow-1', leaseDurationSeconds: 120, renewTime: microTime(now), leaseTransitions: 0 },
      },
    });
    return clusterWorkbench(c, {
      userSettings: { 'leaseLens.expiringThreshold': 0.2 },
      viewport: { width: 1600, height: 900 },
      files: {
        'dead-leader-lease.yaml': [
          'apiVersion: coordination.k8s.io/v1',
          'kind: Lease',
          'metadata:',
          '  name: dead-leader',
          `  namespace: ${ns}`,
          'spec:',
          `  holderIdentity: ${DEAD}`,
          '  leaseDurationSeconds: 3600',
          '',
        ].join('\n'),
        'numeric-holder-configmap.yaml': [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata:',
          '  name: numeric-holder',
          `  namespace: ${ns}`,
          '  annotations:',
          `    ${LEADER_ANNOTATION}: '${numeric}'`,
          '',
        ].join('\n'),
      },
    });
  });

  afterEach(async () => {
    // Leave no dialog, pick or hover open for the next test.
    await suite.page.keyboard.press('Escape').catch(() => undefined);
  });

  function page(): Page {
    return suite.page;
  }

  /** The dashboard, filtered to this test's namespace; returns the row of `key`. */
  async function dashboardRow(key: string) {
    await runCommand(page(), 'Lease Lens: Open Dashboard');
    const frame = webviewFrame(page());
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await frame.locator('#filter-text input').fill(ns);
    const row = frame.locator(`.lock-row[data-key="${key}"]`);
    await row.waitFor({ timeout: 30_000 });
    return { frame, row };
  }

  it('a Lease renewed 3 h ago with a 1 h lease and no elector: probably stopped on the first draw, in the tree, the dashboard and the hover', async () => {
    const c = cluster();
    const row = await lockRow(page(), ns, 'dead-leader');
    // Read at once: the first draw must already say it, not after an hour of watching.
    const first = await rowDescription(row);
    assert.match(
      first,
      new RegExp(
        `^${DEAD_SHORT} · probably stopped: expired 2h( \\d+m)? ago by its record · renewed 3h( \\d+m)? ago · 4 transitions$`,
      ),
    );
    assert.equal(await row.locator('.codicon-debug-stop').count(), 1, 'the probably-stopped look');
    assert.equal(await row.locator('.codicon-pass-filled').count(), 0, 'never the green check');
    const tip = await treeTooltip(page(), row, /probably stopped/);
    assert.match(
      tip,
      /probably stopped: no renewal seen; by its record it expired 2h( \d+m)? ago — client-go's rule still counts it held until \d\d:\d\d, 1h after we first saw it\./,
    );
    assert.ok(tip.includes(`Holder: ${DEAD}`), 'the tooltip has the identity whole');
    console.log(`      screenshot: ${await screenshot(page(), 'liveness-tree')}`);

    const { row: dash } = await dashboardRow(lockKey(c.info.contexts.admin, 'Lease', ns, 'dead-leader'));
    assert.equal(await dash.getAttribute('data-health'), 'probablyStopped');
    assert.match(
      (await dash.locator('.health-text').textContent()) ?? '',
      /^probably stopped: expired 2h( \d+m)? ago by its record$/,
    );
    assert.equal(await dash.locator('.cell-holder').textContent(), DEAD_SHORT);
    assert.equal(await dash.locator('.cell-holder').getAttribute('title'), DEAD);
    assert.match((await dash.locator('.cell-age').textContent()) ?? '', /^first seen [\dhms ]+ \/ 1h$/);
    assert.match((await dash.locator('.cell-renewed').textContent()) ?? '', /^3h( \d+m)? ago$/);
    console.log(`      screenshot: ${await screenshot(page(), 'liveness-dashboard')}`);

    const hover = await hoverInFile(page(), 'dead-leader-lease.yaml', 'dead-ctrl-5d8f7b9c6', /Live in context/);
    assert.match(hover, new RegExp(`Live in context ${c.info.contexts.admin}: ${DEAD}`));
    assert.match(hover, /probably stopped: no renewal seen; by its record it expired 2h( \d+m)? ago/);
    await page().keyboard.press('Escape');

    // The Release dialog: the same verdict, called safe only because no renewal was seen, and how sure.
    await runCommandWithPick(page(), 'Lease Lens: Release Lease', 'Release Lease');
    await pickRow(page(), `${ns}/dead-leader`);
    const release = await modalDialog(page());
    assert.match(release.detail, /^Probably stopped: no renewal seen; by its record it expired 2h( \d+m)? ago/);
    assert.match(
      release.detail,
      /Releasing is safe if dead-ctrl-\S+ has stopped, which is what the evidence says: no renewal was seen\./,
    );
    assert.match(release.detail, /How sure: (fairly|less) sure\./);
    await answerDialog(release, 'Cancel');
  });

  it('a ConfigMap lock whose holderIdentity is a number: "unreadable holder" everywhere, never vacant, and no "safe" in the dialogs', async () => {
    const c = cluster();
    const row = await lockRow(page(), ns, 'numeric-holder (ConfigMap)');
    assert.match(await rowDescription(row), /^unreadable holder · renewed (just now|\d+s ago) · 3 transitions$/);
    assert.equal(await row.locator('.codicon-bracket-error').count(), 1, 'the unreadable look, not the problem one');
    const tip = await treeTooltip(page(), row, /unreadable holder/);
    assert.match(tip, /Holder: unreadable holder/);
    assert.match(tip, /unreadable holder: holderIdentity is a number \(42\), expected a string/);
    assert.doesNotMatch(tip, /vacant/i);

    const { row: dash } = await dashboardRow(lockKey(c.info.contexts.admin, 'ConfigMap', ns, 'numeric-holder'));
    assert.equal(await dash.getAttribute('data-health'), 'unreadable');
    assert.equal(await dash.locator('.health-text').textContent(), 'unreadable holder');
    assert.equal(await dash.locator('.cell-holder').textContent(), '(unreadable holder)');

    const hover = await hoverInFile(page(), 'numeric-holder-configmap.yaml', 'numeric-holder', /Live in context/);
    assert.match(hover, /Holder: unreadable holder/);
    assert.match(hover, new RegExp(`Live in context ${c.info.contexts.admin}: unreadable holder`));
    assert.doesNotMatch(hover, /vacant/i);
    await page().keyboard.press('Escape');

    await runCommandWithPick(page(), 'Lease Lens: Release Lease', 'Release Lease');
    await pickRow(page(), `${ns}/numeric-holder`);
    const release = await modalDialog(page());
    assert.match(release.message, new RegExp(`^Release ConfigMap ${ns}/numeric-holder, with an unreadable holder\\?$`));
    assert.doesNotMatch(`${release.message}\n${release.detail}`, /safe|vacant|nobody holds/i, release.detail);
    assert.match(
      release.detail,
      /The unreadable holderIdentity is replaced by an empty one \(the annotation is rewritten\)/,
    );
    console.log(`      screenshot: ${await screenshot(page(), 'liveness-release-unreadable')}`);
    await answerDialog(release, 'Cancel');

    await runCommandWithPick(page(), 'Lease Lens: Take Over Lease', 'Take Over Lease');
    await pickRow(page(), `${ns}/numeric-holder`);
    await page()
      .locator('.quick-input-widget .quick-input-title', { hasText: 'Take over ConfigMap' })
      .waitFor({ timeout: 15_000 });
    // The suggested identity (the setting's default) is the first row.
    await page().locator('.quick-input-widget .monaco-list-row', { hasText: 'lease-lens-' }).first().click();
    const takeOver = await modalDialog(page());
    assert.match(takeOver.message, /It has an unreadable holder\.$/);
    assert.doesNotMatch(`${takeOver.message}\n${takeOver.detail}`, /safe|vacant|nobody holds/i, takeOver.detail);
    await answerDialog(takeOver, 'Cancel');
  });

  it('leaseLens.expiringThreshold 0.2: the tree and the dashboard agree on expiring, and an open lock pick keeps up', async () => {
    const c = cluster();
    const admin = c.adminTransport();
    const path = `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/slow-renewer`;
    // One renewal while we watch: the lock is seen renewing, then silent.
    const lease = (await admin.json(path)) as LeaseObject & { spec: Record<string, unknown> };
    await admin.json(path, {
      method: 'PUT',
      body: { ...lease, spec: { ...lease.spec, renewTime: microTime(Date.now()) } },
    });
    const row = await lockRow(page(), ns, 'slow-renewer');
    // 20 % of 120 s after the renewal; with the default (50 %) it would still be renewing for a minute.
    let text = '';
    for (let i = 0; i < 120 && !text.startsWith('slow-1 · expiring'); i++) {
      text = await rowDescription(row);
      if (!text.startsWith('slow-1 · expiring')) await page().waitForTimeout(500);
    }
    assert.match(text, /^slow-1 · expiring: [\dms ]+ left · renewed [\dms ]+ ago · 0 transitions$/);
    const tip = await treeTooltip(page(), row, /expiring/);
    assert.match(tip, /expiring: no change seen for \d+s of its 2m lease \(past 20 %\)/);
    const { row: dash } = await dashboardRow(lockKey(c.info.contexts.admin, 'Lease', ns, 'slow-renewer'));
    await dash.and(webviewFrame(page()).locator('[data-health="expiring"]')).waitFor({ timeout: 10_000 });
    assert.match((await dash.locator('.health-text').textContent()) ?? '', /^expiring: [\dms ]+ left$/);
    assert.match(
      (await dash.locator('.cell-health').getAttribute('title')) ?? '',
      /expiring: no change seen for \d+s of its 2m lease \(past 20 %\)/,
      'the dashboard judges with the user’s threshold, as the tree does',
    );

    // The palette's lock pick keeps its rows current while it is open: the age counts up.
    await runCommandWithPick(page(), 'Lease Lens: Release Lease', 'Release Lease');
    const widget = page().locator('.quick-input-widget');
    await widget.locator('.quick-input-box input').fill(`${ns}/slow-renewer`);
    const pickRowText = widget.locator('.monaco-list-row', { hasText: 'slow-renewer' }).first();
    const before = ((await pickRowText.textContent({ timeout: 15_000 })) ?? '').trim();
    assert.match(before, /slow-1 · expiring: [\dms ]+ left · renewed [\dms ]+ ago/);
    await page().waitForFunction(
      ([el, text]) => ((el as { textContent: string | null } | null)?.textContent ?? '').trim() !== text,
      [await pickRowText.elementHandle(), before] as const,
      { timeout: 10_000 },
    );
    await page().keyboard.press('Escape');
  });
});
