import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LeaseLensApi } from '../../src/extension';
import { ElectorPool } from '../support/electors';
import type { TestCluster } from '../support/testCluster';
import { connectSuite, until } from './leaseLensHarness';

function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Rendered text: Markdown backslash escapes removed. */
function plain(md: string): string {
  return md.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('Hover on a Lease in a workspace YAML file', function () {
  this.timeout(120_000);
  const pool = new ElectorPool();
  let api: LeaseLensApi;
  let c: TestCluster;

  before(async function () {
    ({ api, c } = await connectSuite(this));
  });

  after(async () => {
    await pool.stopAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the record from the file and the live holder, with trusted links to act on it', async () => {
    const ns = await c.createNamespace('hover');
    const holder = pool.start({
      kubeconfig: c.info.kubeconfig,
      context: c.info.contexts.admin,
      namespace: ns,
      name: 'hovered',
      identity: 'live-holder',
      leaseDuration: '4s',
      renewDeadline: '3s',
      retryPeriod: '1s',
    });
    await holder.waitLeading(30_000);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the suite runs with a workspace folder');
    const file = join(folder.uri.fsPath, `leases-${ns}.yaml`);
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: unrelated',
      '---',
      'apiVersion: coordination.k8s.io/v1',
      'kind: Lease',
      'metadata:',
      '  name: hovered',
      `  namespace: ${ns}`,
      'spec:',
      '  holderIdentity: stale-holder',
      '  leaseDurationSeconds: 4',
      '  renewTime: "2026-01-01T00:00:00.000000Z"',
      '  leaseTransitions: 0',
      '---',
      'kind: Lease',
      'metadata: {name: [broken',
      '',
    ].join('\n');
    writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(doc.languageId, 'yaml');
    const onHolder = doc.positionAt(text.indexOf('stale-holder') + 2);

    const md = await until('the hover shows the live holder', 20_000, async () => {
      const t = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, onHolder),
      );
      return t.includes('`live-holder`') ? t : undefined;
    });
    const shown = plain(md);
    assert.match(shown, new RegExp(`\\*\\*Lease\\*\\* \`${ns}/hovered\` — leader election record in this file`));
    assert.match(shown, /Holder: `stale-holder`/);
    assert.ok(shown.includes(`**Live** in context \`${c.info.contexts.admin}\`: \`live-holder\``), shown);
    assert.match(shown, /The file is out of date: the cluster has holder live-holder \(file: stale-holder\)/);
    assert.match(md, /\[Release…\]\(command:leaseLens\.releaseLease\?/);
    assert.match(md, /\[Open in Dashboard\]\(command:leaseLens\.openDashboard\?/);

    // Nowhere else: not on an unrelated ConfigMap, not on other fields, not in the broken document.
    for (const needle of ['unrelated', 'leaseDurationSeconds', '[broken']) {
      const t = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          doc.positionAt(text.indexOf(needle) + 1),
        ),
      );
      assert.ok(!t.includes('leader election record'), `no lock hover on ${needle}: ${t}`);
    }
  });

  it('shows the live state of the same lock in the read-only context too, without write links there', async () => {
    const ns = await c.createNamespace('hover-ro');
    const holder = pool.start({
      kubeconfig: c.info.kubeconfig,
      context: c.info.contexts.admin,
      namespace: ns,
      name: 'both',
      identity: 'holder-2',
      leaseDuration: '4s',
      renewDeadline: '3s',
      retryPeriod: '1s',
    });
    await holder.waitLeading(30_000);
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: `kind: Lease\nmetadata:\n  name: both\n  namespace: ${ns}\nspec:\n  holderIdentity: holder-2\n`,
    });
    const at = doc.positionAt(doc.getText().indexOf('name: both') + 7);
    const md = await until('both contexts have answered', 20_000, async () => {
      const t = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at),
      );
      return t.includes(c.info.contexts.readonly) && t.includes('does not allow writing') ? t : undefined;
    });
    assert.equal((md.match(/command:leaseLens\.releaseLease/g) ?? []).length, 1, 'one release link: the admin context');
    void api;
  });
});
