import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LeaseLensApi } from '../../src/extension';
import { spawnJsonLines, type JsonLineProcess } from '../support/processes';
import type { TestCluster } from '../support/testCluster';
import { toolBinary } from '../support/toolPaths';
import { connectSuite, until, type ShownNode } from './leaseLensHarness';
import { missingPart } from '../support/missingPart';

/** The children of a context's item, as the view lists them. */
async function contextChildren(api: LeaseLensApi, context: string): Promise<ShownNode[] | undefined> {
  const roots = ((await api.tree.getChildren()) ?? []) as unknown as ShownNode[];
  const node = roots.find((n) => n.type === 'context' && n.context === context);
  if (node === undefined) return undefined;
  return ((await api.tree.getChildren(node as never)) ?? []) as unknown as ShownNode[];
}

const labelOf = (n: ShownNode): string => (typeof n.label === 'string' ? n.label : (n.label?.label ?? ''));

describe('Leader Elections view: states explained as items, and folded groups', function () {
  this.timeout(120_000);
  let api: LeaseLensApi;
  let c: TestCluster;

  before(async function () {
    ({ api, c } = await connectSuite(this, () => vscode.commands.executeCommand('leaseLens.locks.focus')));
  });

  after(async function () {
    if (c === undefined) return;
    // Leave the selection as the other files expect it.
    const both = [c.info.contexts.admin, c.info.contexts.readonly];
    await vscode.commands.executeCommand('leaseLens.selectContext', both);
    await vscode.workspace
      .getConfiguration('leaseLens')
      .update('showNodeHeartbeats', undefined, vscode.ConfigurationTarget.Global);
  });

  it('explains a context that is not in the kubeconfig, with Retry and Select Context', async () => {
    await vscode.commands.executeCommand('leaseLens.selectContext', [c.info.contexts.admin, 'no-such-context']);
    const children = await until('the missing context is explained', 15_000, async () => {
      const kids = await contextChildren(api, 'no-such-context');
      return kids?.some((k) => k.type === 'message') ? kids : undefined;
    });
    const [problem, select] = children as [
      ShownNode & { command?: vscode.Command },
      ShownNode & { command?: vscode.Command },
    ];
    assert.equal(labelOf(problem), 'Cannot use context no-such-context');
    assert.match(String(problem.description), /context no-such-context is not in the kubeconfig .* — Retry$/);
    assert.equal(problem.command?.command, 'leaseLens.refresh');
    assert.equal(select.command?.command, 'leaseLens.selectContext');
  });

  it('explains an unreachable server with a Retry action, instead of going silent', async function () {
    const unreachable = process.env['LEASE_LENS_TEST_UNREACHABLE_CONTEXT'];
    if (!unreachable)
      missingPart(
        this,
        'LEASE_LENS_TEST_UNREACHABLE_CONTEXT',
        'run this suite with npm run test:extension, which sets it',
      );
    await vscode.commands.executeCommand('leaseLens.selectContext', [c.info.contexts.admin, unreachable]);
    const message = await until('the unreachable server is explained', 30_000, async () => {
      const kids = await contextChildren(api, unreachable);
      return kids?.find((k) => k.type === 'message' && labelOf(k).startsWith('Cannot reach')) as
        (ShownNode & { command?: vscode.Command }) | undefined;
    });
    assert.equal(labelOf(message), 'Cannot reach https://127.0.0.1:1');
    assert.match(String(message.description), /— Retry$/);
    assert.equal(message.command?.command, 'leaseLens.refresh');
    const roots = ((await api.tree.getChildren()) ?? []) as unknown as ShownNode[];
    const ctx = roots.find((n) => n.type === 'context' && n.context === unreachable)!;
    assert.match(String(ctx.description), /^disconnected · https:\/\/127\.0\.0\.1:1$/);
  });

  it('says a rejected token is rejected credentials (401), not missing permissions, next to a working context', async function () {
    const rejected = process.env['LEASE_LENS_TEST_REJECTED_CONTEXT'];
    if (!rejected)
      missingPart(
        this,
        'LEASE_LENS_TEST_REJECTED_CONTEXT',
        'run this suite with npm run test:extension, which sets it',
      );
    await vscode.commands.executeCommand('leaseLens.selectContext', [c.info.contexts.admin, rejected]);
    const message = await until('the rejected credentials are explained', 30_000, async () => {
      const kids = await contextChildren(api, rejected);
      return kids?.find((k) => k.type === 'message' && labelOf(k).startsWith('Credentials rejected')) as
        (ShownNode & { command?: vscode.Command }) | undefined;
    });
    assert.equal(labelOf(message), `Credentials rejected by ${c.info.server}`);
    assert.match(
      String(message.description),
      new RegExp(
        `^The API server rejected the credentials of context ${rejected} \\(401 Unauthorized\\): the token may have expired or been revoked\\. Fix the kubeconfig or log in again; Lease Lens reconnects when the file changes\\. — Retry$`,
      ),
    );
    assert.equal(message.command?.command, 'leaseLens.refresh');
    const kids = (await contextChildren(api, rejected)) ?? [];
    assert.ok(
      !kids.some((k) =>
        /Not allowed|Configure namespaces|Watching only/.test(`${labelOf(k)} ${String(k.description ?? '')}`),
      ),
      'no RBAC advice, no namespace fallback',
    );
    const roots = ((await api.tree.getChildren()) ?? []) as unknown as ShownNode[];
    assert.match(
      String(roots.find((n) => n.type === 'context' && n.context === rejected)?.description),
      /^credentials rejected · /,
    );
    assert.equal(api.monitor?.statusOf(c.info.contexts.admin)?.state, 'connected', 'the other context is untouched');
  });

  it('folds node heartbeats into one "Node heartbeats (N, K stale)" item, hidden until the setting shows it', async () => {
    await vscode.commands.executeCommand('leaseLens.selectContext', [c.info.contexts.admin]);
    let beats: JsonLineProcess | undefined;
    try {
      // Five real heartbeat writers; the last two stop renewing at once (dead nodes), and a 3 s
      // lease makes them stale quickly.
      beats = spawnJsonLines(toolBinary('heartbeats'), [
        '--kubeconfig',
        c.info.kubeconfig,
        '--context',
        c.info.contexts.admin,
        '--prefix',
        'hb-node-',
        '--count',
        '5',
        '--stale',
        '2',
        '--interval',
        '1s',
        '--lease-duration',
        '3',
      ]);
      await beats.waitFor((l) => l.event === 'ready', 30_000, 'heartbeats ready');
      await until('the store has the heartbeats', 15_000, () =>
        [...(api.monitor?.store.locks() ?? [])].filter((l) => l.view.role === 'nodeHeartbeat').length >= 5
          ? true
          : undefined,
      );
      const hidden = (await contextChildren(api, c.info.contexts.admin)) ?? [];
      assert.ok(!hidden.some((n) => n.type === 'group' && n.ref?.kind === 'heartbeats'), 'hidden by default');
      assert.ok(
        !hidden.some((n) => n.type === 'group' && n.ref?.namespace === 'kube-node-lease'),
        'not listed as a namespace either',
      );

      await vscode.workspace
        .getConfiguration('leaseLens')
        .update('showNodeHeartbeats', true, vscode.ConfigurationTarget.Global);
      const group = await until('the folded group with two stale', 20_000, async () => {
        const kids = (await contextChildren(api, c.info.contexts.admin)) ?? [];
        const g = kids.find((n) => n.type === 'group' && n.ref?.kind === 'heartbeats');
        return g !== undefined && labelOf(g) === 'Node heartbeats (5, 2 stale)' ? g : undefined;
      });
      const members = ((await api.tree.getChildren(group as never)) ?? []) as unknown as ShownNode[];
      assert.deepEqual(
        members.map(labelOf),
        ['hb-node-0003', 'hb-node-0004', 'hb-node-0000', 'hb-node-0001', 'hb-node-0002'],
        'the stale nodes first (what an operator opens the group for), then the rest, each by name',
      );
    } finally {
      await beats?.stop();
    }
  });
});
