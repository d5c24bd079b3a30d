import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { displayText, lockKey, shortIdentity } from '../../src/core';
import type { LeaseLensApi } from '../../src/extension';
import { HOSTILE_HOLDERS } from '../fixtures/hostile/holders';
import type { TestCluster } from '../support/testCluster';
import { connectSuite, treeLock, until, type ShownNode } from './leaseLensHarness';

// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Markdown that would be live in VS Code: a link or autolink whose target is not escaped, an image, HTML. */
function liveMarkdown(md: string): string[] {
  const found: string[] = [];
  for (const m of md.matchAll(
    /(?<!\\)\]\((?!\s)[^)]*\)|(?<!\\)<(command|https?):[^>]*>|(?<!\\)<(img|script|iframe|svg)\b/gi,
  ))
    found.push(m[0]);
  return found;
}

/** Strips code spans, whose content Markdown shows literally. */
function outsideCode(md: string): string {
  return md.replace(/(`+)[\s\S]*?\1/g, '');
}

function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('Hostile holder identities in the real cluster: tree, tooltip, hover and dashboard rows stay inert', function () {
  this.timeout(180_000);
  let api: LeaseLensApi;
  let c: TestCluster;
  let ns: string;
  const accepted: { id: string; holder: string }[] = [];
  const rejected: string[] = [];

  before(async function () {
    ({ api, c } = await connectSuite(this));
    ns = await c.createNamespace('hostile');
    const now = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    for (const { id, holder } of HOSTILE_HOLDERS) {
      try {
        await c.adminTransport().json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
          method: 'POST',
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name: `h-${id}` },
            spec: { holderIdentity: holder, leaseDurationSeconds: 3600, renewTime: now, acquireTime: now },
          },
        });
        accepted.push({ id, holder });
      } catch (err) {
        rejected.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    console.log(
      `      the API server accepted ${accepted.length} of ${HOSTILE_HOLDERS.length} hostile holders${rejected.length ? `; rejected: ${rejected.join('; ')}` : ''}`,
    );
    await until('every accepted hostile Lease is in the tree', 30_000, async () => {
      for (const { id } of accepted)
        if ((await treeLock(api, c.info.contexts.admin, ns, `h-${id}`)) === undefined) return undefined;
      return true;
    });
  });

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('the API server stores every one of them as written (so the views must cope)', () => {
    assert.deepEqual(rejected, []);
    for (const { id, holder } of accepted) {
      assert.equal(
        api.monitor?.store.get(lockKey(c.info.contexts.admin, 'Lease', ns, `h-${id}`))?.view.holder,
        holder,
        id,
      );
    }
  });

  it('tree items: the description shows the holder visibly and bounded; the tooltip (resolved as on hover) has no live link', async () => {
    for (const { id, holder } of accepted) {
      const node = (await treeLock(api, c.info.contexts.admin, ns, `h-${id}`)) as ShownNode & vscode.TreeItem;
      const description = String(node.description);
      // Rows shorten long identities in the middle; the tooltip has them whole.
      assert.ok(description.startsWith(shortIdentity(displayText(holder))), `${id}: ${description}`);
      assert.doesNotMatch(description, RAW, id);
      assert.ok(!description.includes('\n') && description.length < 400, id);
      const item = api.tree.getTreeItem(node as never);
      const resolved = await api.tree.resolveTreeItem!(item, node as never, new vscode.CancellationTokenSource().token);
      const tooltip = resolved?.tooltip;
      assert.ok(tooltip instanceof vscode.MarkdownString, `${id}: a Markdown tooltip`);
      assert.equal(tooltip.isTrusted, false, `${id}: the tooltip trusts no command`);
      assert.ok(!tooltip.supportHtml, `${id}: no HTML`);
      assert.deepEqual(liveMarkdown(outsideCode(tooltip.value)), [], `${id}: ${tooltip.value}`);
      assert.doesNotMatch(tooltip.value, RAW, id);
      assert.ok(tooltip.value.length < 5_000, `${id}: ${tooltip.value.length} characters`);
    }
  });

  it('the YAML hover on each holder: only Lease Lens links, the holder shown as code, nothing raw', async () => {
    const manifests = accepted.map(({ id, holder }) =>
      stringify(
        {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: `h-${id}`, namespace: ns },
          spec: { holderIdentity: holder, leaseDurationSeconds: 3600 },
        },
        { lineWidth: 0 },
      ),
    );
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: manifests.join('---\n') });
    await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    let from = 0;
    for (const { id } of accepted) {
      const at = text.indexOf('holderIdentity:', text.indexOf(`name: h-${id}\n`, from));
      from = at;
      const md = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          doc.positionAt(at + 2),
        ),
      );
      assert.match(md, new RegExp(`leader election record in this file`), `${id}: the hover answers`);
      const links = [...outsideCode(md).matchAll(/\]\((command:[^)?]*)/g)].map((m) => m[1]);
      assert.ok(
        links.every((l) => /^command:leaseLens\./.test(l!)),
        `${id}: ${links.join(', ')}`,
      );
      assert.deepEqual(
        liveMarkdown(outsideCode(md)).filter((l) => !/^\]\(command:leaseLens\./.test(l)),
        [],
        `${id}: ${md}`,
      );
      assert.doesNotMatch(md, RAW, id);
      assert.ok(md.length < 8_000, `${id}: ${md.length} characters`);
    }
  });

  it('a YAML file too large to parse answers a hover on a lock line with the reason, and one full of aliases answers nothing', async () => {
    const one = (i: number) =>
      `apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: big-${i}\n  namespace: ns\nspec:\n  holderIdentity: node-${i}\n  leaseDurationSeconds: 15\n`;
    const big = Array.from({ length: 20_000 }, (_, i) => one(i)).join('---\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: big });
    const md = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(6, 4),
      ),
    );
    assert.match(
      md,
      /Lease Lens does not look for leader election locks in this file: it is 3\.\d MB, more than the 2\.0 MB it reads for hovers\./,
    );
    const laughs = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map((l, i) => `${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ];
    const bomb = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: `apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: laughs\n  labels:\n${laughs.map((l) => `    ${l}`).join('\n')}\nspec:\n  holderIdentity: node-a\n`,
    });
    const line = bomb.lineCount - 1;
    assert.equal(
      hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          bomb.uri,
          new vscode.Position(line, 4),
        ),
      ),
      '',
    );
    // The extension still answers on a normal file afterwards.
    const ok = await vscode.workspace.openTextDocument({ language: 'yaml', content: one(1) });
    assert.match(
      hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          ok.uri,
          new vscode.Position(6, 4),
        ),
      ),
      /leader election record in this file/,
    );
  });

  it('the dashboard rows carry each holder as displayText made it', () => {
    const rows = api.dashboardSource.rows();
    for (const { id, holder } of accepted) {
      const row = rows.find((r) => r.key === lockKey(c.info.contexts.admin, 'Lease', ns, `h-${id}`));
      assert.ok(row, id);
      assert.equal(row.holder, displayText(holder), id);
    }
  });
});
