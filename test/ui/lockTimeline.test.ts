import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ElectorPool, fastElection } from '../support/electors';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';
import { answerSaveDialog, savedFile, screenshot } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import { filesUnder, lockRow, pickRow, readLease, rowDescription, runCommandWithPick } from './uiSteps';

/**
 * The timeline outlives the window: what Lease Lens saw is kept in its global storage and, after a
 * window reload, shown again beside the cluster's LeaderElection Events; a corrupt history file
 * is ignored with a log line and the timeline still has the Events. Checked through what a user
 * gets: the exported timeline (Export Lock Timeline, the real save dialog) and the output channel.
 */
describe('The lock timeline outlives the window, in a real VS Code against real electors', function () {
  this.timeout(420_000);
  const pool = new ElectorPool();
  const suite = workbenchSuite(() => clusterWorkbench(cluster()), { after: () => pool.stopAll() });
  const page = (): Page => suite.page;
  let ns = '';

  /** The history file of the admin context, once written. */
  function historyFile(): string | undefined {
    return filesUnder(suite.wb.server.dataDir, '.json').find((f) => f.includes('/lease-lens.lease-lens/history/'));
  }

  function outputChannelText(): string {
    return filesUnder(suite.wb.server.dataDir, 'Lease Lens.log')
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  /** Export Lock Timeline from the palette, through the save dialog; returns the file's text. */
  async function exportTimeline(name: string): Promise<string> {
    const workspace = suite.wb.workspace;
    const target = join(workspace, `${name}-${Date.now()}.md`);
    const started = Date.now() - 1000;
    await runCommandWithPick(page(), 'Lease Lens: Export Lock Timeline', 'Export Lock Timeline');
    await pickRow(page(), `${ns}/payments`);
    await answerSaveDialog(page(), 'Export the timeline', target);
    const saved = (): string | undefined => savedFile(target, workspace, /-timeline-[\d-]+\.md$/, started);
    // Complete: its last section is there (the file is created before it is written).
    const file = await until('the exported file', 30_000, () => {
      const f = saved();
      return f !== undefined && readFileSync(f, 'utf8').includes('## Release and Take Over') ? f : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; the workspace holds ${readdirSync(workspace).join(', ')}`);
    });
    return readFileSync(file, 'utf8');
  }

  /** The holder-change rows of an exported timeline: [from, to, seen by]. */
  function changes(md: string): string[][] {
    const section = md.slice(md.indexOf('## Holder changes'), md.indexOf('## Renew intervals'));
    return section
      .split('\n')
      .filter((l) => /^\| \d+ \|/.test(l))
      .map((l) => {
        const cells = l.split(' | ').map((c) => c.replace(/^\| |\|$/g, '').trim());
        return [cells[3]!, cells[4]!, cells[6]!.replace(/ \|$/, '')];
      });
  }

  it('a failover seen, a hand-written holder kept in storage: after a reload the export has both, with the Events, in order', async () => {
    const c = cluster();
    ns = await c.createNamespace('ui-timeline');
    const options = (identity: string) => fastElection(c, ns, 'payments', identity);
    const first = pool.start(options('payments-a'));
    await first.waitLeading(30_000);
    const standby = pool.start(options('payments-b'));
    const row = await lockRow(page(), ns, 'payments');
    await until('the tree shows the first leader renewing', 30_000, async () =>
      /^payments-a · renewing/.test(await rowDescription(row)) ? true : undefined,
    );
    // Failover: the leader dies, the standby takes over (it records a "became leader" Event).
    await first.kill();
    await standby.waitLeading(30_000);
    await until('the tree shows the standby', 30_000, async () =>
      (await rowDescription(row)).startsWith('payments-b') ? true : undefined,
    );
    // Then the standby dies too and an operator writes a holder by hand: no Event tells of that
    // change, so after a reload only Lease Lens's own history can.
    await standby.kill();
    const lease = (await readLease(c, ns, 'payments')) as { metadata: unknown; spec: Record<string, unknown> };
    await c.adminTransport().json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/payments`, {
      method: 'PUT',
      body: {
        ...lease,
        spec: {
          ...lease.spec,
          holderIdentity: 'manual-takeover',
          renewTime: new Date().toISOString().replace('Z', '000Z'),
        },
      },
    });
    await until('the tree shows the hand-written holder', 30_000, async () =>
      (await rowDescription(row)).startsWith('manual-takeover') ? true : undefined,
    );
    // Lease Lens started watching when the view was shown, after the first leader won: that
    // one is known from its Event, the rest from the watch.
    const before = await exportTimeline('before-reload');
    assert.deepEqual(
      changes(before),
      [
        ['*(nobody)*', 'payments\\-a', 'Event'],
        ['payments\\-a', 'payments\\-b', 'watch'],
        ['payments\\-b', 'manual\\-takeover', 'watch'],
      ],
      before,
    );

    // Written debounced: wait for the file to hold the hand-written change, then reload.
    await until('the history file keeps the hand-written holder', 60_000, () => {
      const f = historyFile();
      return f !== undefined && readFileSync(f, 'utf8').includes('manual-takeover') ? true : undefined;
    });
    await suite.wb.reload();
    await lockRow(page(), ns, 'payments');
    const after = await exportTimeline('after-reload');
    console.log(
      `      exported after the reload:\n${after
        .split('\n')
        .map((l) => `        ${l}`)
        .join('\n')}`,
    );
    // The same, in the same order, each once: the first leader from its Event again, the failover
    // and the hand-written change from storage (this window never saw them happen; no Event
    // tells of the hand-written one).
    assert.deepEqual(changes(after), changes(before), after);
    assert.match(
      outputChannelText(),
      /history of context testenv-admin: \d+ kept holder changes added to the timeline/,
    );
    console.log(`      screenshot: ${await screenshot(page(), 'timeline-after-reload')}`);
  });

  it('a corrupt history file: ignored with a log line, never a crash; the timeline still has the Events', async () => {
    const file = historyFile();
    assert.ok(file, 'the history file of the previous test');
    writeFileSync(file, '{"format":"lease-lens.history","version":1,"context":"testenv-admin","locks":[{"key":');
    await suite.wb.reload();
    const row = await lockRow(page(), ns, 'payments');
    assert.match(await rowDescription(row), /^manual-takeover/);
    await until('the log says the file was ignored, and why', 30_000, () =>
      /history of context testenv-admin: ignored .*history\/[0-9a-f]+\.json: it is not JSON/.test(outputChannelText())
        ? true
        : undefined,
    );
    const md = await exportTimeline('after-corruption');
    const rows = changes(md);
    // The Events are still there; what only the broken file knew is not.
    assert.deepEqual(rows.map(([, to]) => to).slice(0, 2), ['payments\\-a', 'payments\\-b'], md);
    assert.ok(!rows.some(([, to]) => to === 'manual\\-takeover'), md);
    // The next save replaces the broken file with a good one.
    await until('the history file is readable again', 60_000, () => {
      try {
        JSON.parse(readFileSync(file, 'utf8'));
        return true;
      } catch {
        return undefined;
      }
    });
  });
});
