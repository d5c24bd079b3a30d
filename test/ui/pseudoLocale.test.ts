import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { cluster } from '../support/integrationHooks';
import { PSEUDO_LOCALE, pseudo, writePseudoLocalisedExtension } from '../support/pseudoLocale';
import { makeTempDir } from '../support/vscodeServer';
import {
  collapseOtherViews,
  openView,
  readHover,
  runCommand,
  screenshot,
  viewTitle,
  waitForTreeItem,
  webviewFrame,
  widenSideBar,
} from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import { until } from '../support/until';
import { answerDialog, createIdleLease, modalDialog, pickRow, runCommandWithPick, treeTooltip } from './uiSteps';

/**
 * Localisation, proved with a pseudo locale: Lease Lens runs in a workbench whose display language
 * is qps-ploc, with bundles generated from the English ones (every letter accented), against the
 * real test cluster. Whatever Lease Lens itself says must then contain no plain English word: the
 * only ASCII words left on its surfaces may be the cluster's own (names, namespaces, holders,
 * context, kinds, record field names) and VS Code's own (the dialog's Cancel). A string that skipped
 * the bundles shows up here as English.
 */
describe('Localisation: every Lease Lens string on screen comes from the l10n bundles (pseudo locale)', function () {
  this.timeout(180_000);
  let ns = '';
  const name = 'pseudo-lock';
  const holder = 'pseudo-holder_0123';
  const stoppedName = 'pseudo-stopped';
  const stoppedHolder = 'pseudo-gone_4567';
  const nextHolder = 'pseudo-next_89ab';
  const suite = workbenchSuite(async function () {
    this.timeout(120_000);
    ns = await cluster().createNamespace('ui-l10n');
    // Renewed just now by its record, never seen renewing: the state with the most words.
    const now = new Date().toISOString().replace('Z', '000Z');
    await cluster()
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, {
        method: 'POST',
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name },
          spec: {
            holderIdentity: holder,
            leaseDurationSeconds: 3600,
            acquireTime: now,
            renewTime: now,
            leaseTransitions: 3,
          },
        },
      });
    return {
      ...clusterWorkbench(cluster()),
      locale: PSEUDO_LOCALE,
      extensionDevelopmentPath: writePseudoLocalisedExtension(makeTempDir('lease-lens-pseudo-')),
      readyView: pseudo('Leader Elections'),
    };
  });
  const page = (): Page => suite.page;

  /** Strings that are the cluster's, not Lease Lens's: they stay as the cluster has them. */
  let clusterStrings: string[] = [];
  /**
   * Reads them from the cluster again: the names of every namespace and lock object (other tests of
   * the run leave theirs, and the attention item lists them all) and their holders.
   */
  async function readClusterStrings(): Promise<void> {
    type Items = { items: { metadata: { name: string }; spec?: { holderIdentity?: string } }[] };
    const read = async (path: string): Promise<Items['items']> =>
      ((await cluster().adminTransport().json(path)) as Items).items;
    const objects = [
      ...(await read('/api/v1/namespaces')),
      ...(await read('/apis/coordination.k8s.io/v1/leases')),
      ...(await read('/api/v1/configmaps')),
      ...(await read('/api/v1/endpoints')),
    ];
    clusterStrings = [
      cluster().info.contexts.admin,
      cluster().info.server,
      ns,
      name,
      holder,
      stoppedName,
      stoppedHolder,
      nextHolder,
      ...objects.map((o) => o.metadata.name),
      ...objects.flatMap((o) => (o.spec?.holderIdentity ? [o.spec.holderIdentity] : [])),
    ]
      .filter((x) => x !== '')
      .sort((a, b) => b.length - a.length);
  }
  before(readClusterStrings);

  // Kubernetes' own names (kinds, a record's field names in the detail's record table) and the
  // product's name, which no language translates.
  const kubernetesWords =
    'Lease ConfigMap Endpoints MultiLock holderIdentity leaseDurationSeconds acquireTime renewTime leaseTransitions leaderTransitions strategy preferredHolder resourceVersion Lens';

  /** The plain English words of `texts` once the cluster's own strings are taken out. */
  function english(texts: readonly string[], vscodeWords: readonly string[] = []): string[] {
    const allowed = new Set([...kubernetesWords.split(' '), ...vscodeWords].map((w) => w.toLowerCase()));
    const left = new Set<string>();
    for (let t of texts) {
      for (const c of clusterStrings) t = t.split(c).join(' ');
      for (const w of t.match(/[A-Za-z]{2,}/g) ?? []) if (!allowed.has(w.toLowerCase())) left.add(w);
    }
    return [...left];
  }

  /** Visible text and the text a user gets from titles, labels and placeholders, under `root`. */
  async function surfaceTexts(root: Locator): Promise<string[]> {
    return root.evaluateAll((els) =>
      els.flatMap((el) => {
        const out = [(el as { innerText?: string }).innerText ?? ''];
        for (const e of [el, ...el.querySelectorAll('*')])
          for (const a of ['title', 'aria-label', 'placeholder'])
            if (e.getAttribute(a)) out.push(e.getAttribute(a) ?? '');
        return out;
      }),
    );
  }

  it('shows the view, its context, namespace and lock rows, and the lock tooltip in the pseudo locale', async () => {
    const pane = await openView(page(), pseudo('Leader Elections'));
    await collapseOtherViews(page(), pseudo('Leader Elections'));
    await widenSideBar(page(), 700);
    assert.equal(await viewTitle(pane), pseudo('Leader Elections'), 'the manifest (package.nls) is localised');
    const nsRow = await waitForTreeItem(pane, ns, 60_000);
    if ((await nsRow.getAttribute('aria-expanded')) === 'false') await nsRow.locator('.monaco-tl-twistie').click();
    const row = await waitForTreeItem(pane, name, 30_000);
    const rows = await surfaceTexts(pane.locator('.pane-body .monaco-list-row'));
    assert.ok(
      rows.some((t) => t.includes(holder)),
      `the lock row shows its holder: ${rows.join(' | ')}`,
    );
    // The tooltip waits for the holder's pod lookup and opens only on the mouse arriving: hover
    // again until it shows the lock's holder (a loaded machine can take several tries).
    const tooltip = await until('the lock tooltip opens', 60_000, () => treeTooltip(page(), row, new RegExp(holder)));
    console.log(`      screenshot: ${await screenshot(page(), 'pseudo-locale-tree')}`);
    assert.deepEqual(english([...rows, tooltip]), [], `English left in: ${[...rows, tooltip].join('\n')}`);
    await page().mouse.move(0, 0);
  });

  /** A palette command of Lease Lens that asks for a lock: run it on this test's lock. */
  async function runOnLock(command: string): Promise<void> {
    await runCommandWithPick(page(), `Lease Lens: ${pseudo(command)}`, pseudo(command));
    await pickRow(page(), `${ns}/${name}`);
  }

  it("lists the lock's context menu in the pseudo locale", async () => {
    const pane = await openView(page(), pseudo('Leader Elections'));
    const row = await waitForTreeItem(pane, name, 30_000);
    const menu = page().locator('.context-view .monaco-menu');
    // The first right-click can land while the tree redraws the row: ask again until the menu shows.
    await until('the context menu opens', 30_000, async () => {
      if (!(await menu.isVisible())) await row.click({ button: 'right' });
      return (await menu.locator('.action-label', { hasText: pseudo('Release Lease') }).count()) > 0 ? true : undefined;
    });
    const items = await menu.locator('.action-label').allInnerTexts();
    await page().keyboard.press('Escape');
    await until('the context menu closes', 15_000, async () => ((await menu.isVisible()) ? undefined : true));
    assert.ok(items.includes(pseudo('Watch Lock')), `the menu offers Watch Lock: ${items.join(' | ')}`);
    assert.deepEqual(english(items), [], `English left in the context menu: ${items.join('\n')}`);
  });

  it('asks before a release in the pseudo locale (Cancel: nothing is written)', async () => {
    await runOnLock('Release Lease');
    const dialog = await modalDialog(page(), 30_000);
    const texts = await surfaceTexts(dialog.box);
    console.log(`      screenshot: ${await screenshot(page(), 'pseudo-locale-release')}`);
    assert.ok(dialog.message.includes(name), `the question names the lock: ${dialog.message}`);
    // Cancel, the icon's "Warning" and "Close Dialog" are VS Code's own, in VS Code's language (English: the
    // test's language pack has no translations of VS Code itself).
    assert.deepEqual(
      english(texts, ['Cancel', 'Warning', 'Close', 'Dialog']),
      [],
      `English left in the dialog: ${texts.join('\n')}`,
    );
    await answerDialog(dialog, 'Cancel');
    const lease = (await cluster()
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`)) as { spec: { holderIdentity?: string } };
    assert.equal(lease.spec.holderIdentity, holder, 'Cancel wrote nothing');
  });

  it('pins the lock to the status bar in the pseudo locale', async () => {
    await runOnLock('Pin to Status Bar');
    const item = page().locator('.statusbar-item', { hasText: name }).first();
    await item.waitFor({ timeout: 30_000 });
    const texts = await surfaceTexts(item);
    const tooltip = await readHover(page(), item);
    await page().mouse.move(0, 0);
    assert.ok(tooltip.includes(holder), `the tooltip is the pinned lock's: ${tooltip}`);
    assert.deepEqual(
      english([...texts, tooltip]),
      [],
      `English left in the status bar item: ${[...texts, tooltip].join('\n')}`,
    );
  });

  it('counts a probably-stopped lock in the attention item, and lists it in its tooltip, in the pseudo locale', async () => {
    // A holder that died three hours ago, with a one-hour lease: probably stopped on the first draw.
    await createIdleLease(cluster(), ns, stoppedName, stoppedHolder, 3 * 3_600_000);
    const count = new RegExp(
      [pseudo('1 lock needs attention'), pseudo('{0} locks need attention')]
        .map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\{0\\}', '\\d+'))
        .join('|'),
    );
    const item = page().locator('.statusbar-item', { hasText: count }).first();
    await item.waitFor({ timeout: 30_000 });
    const texts = await surfaceTexts(item);
    let tooltip = '';
    await until('the tooltip lists the stopped lock', 30_000, async () => {
      tooltip = await readHover(page(), item);
      await page().mouse.move(0, 0);
      return tooltip.includes(stoppedName) ? true : undefined;
    });
    console.log(`      screenshot: ${await screenshot(page(), 'pseudo-locale-attention')}`);
    await readClusterStrings();
    assert.deepEqual(
      english([...texts, tooltip]),
      [],
      `English left in the attention item: ${[...texts, tooltip].join('\n')}`,
    );
  });

  it('shows the dashboard — headers, filters, rows, detail, lock actions, chart tables, leadership announcement — in the pseudo locale', async () => {
    await runCommand(page(), `Lease Lens: ${pseudo('Open Dashboard')}`);
    const frame: FrameLocator = webviewFrame(page());
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    const tab = (await page().locator('.tab .label-name').allTextContents()).join(' ');
    await frame.locator('#filter-text').click();
    await page().keyboard.type(name);
    const lockRow = frame.locator(`.lock-row[data-key*="${name}"]`).first();
    // A click while the filtered list is still being redrawn can miss: click again until the
    // detail opens (or is loading), then wait for it.
    const detail = frame.locator('#lock-detail');
    await until('the lock detail opens', 30_000, async () => {
      if (
        (await detail.count()) === 0 ||
        !['loading', 'ready'].includes((await detail.getAttribute('data-state')) ?? '')
      )
        await lockRow.click({ timeout: 5_000 });
      return ['loading', 'ready'].includes((await detail.getAttribute('data-state', { timeout: 1_000 })) ?? '')
        ? true
        : undefined;
    });
    await frame.locator('#lock-detail[data-state="ready"]').waitFor({ timeout: 30_000 });
    // The charts' figures as tables (folded: opened, so that their text is on screen).
    for (const summary of await frame.locator('details.chart-data > summary').all()) await summary.click();
    // Watch: the button turns to Unwatch and the status bar says what watching does.
    await frame.locator('#watch-button').click();
    await frame.locator('#watch-button[data-watched="true"]').waitFor({ timeout: 30_000 });
    const watching = page()
      .locator('.statusbar-item', { hasText: `${ns}/${name}` })
      .first();
    await watching.waitFor({ timeout: 30_000 });
    const watchingText = (await watching.innerText()).trim();
    // The lock changes hands while its detail is open: the page says so to assistive technology.
    const lease = (await cluster()
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`)) as {
      metadata: unknown;
      spec: Record<string, unknown>;
    };
    await cluster()
      .adminTransport()
      .json(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}`, {
        method: 'PUT',
        body: { ...lease, spec: { ...lease.spec, holderIdentity: nextHolder } },
      });
    const announcement = await until('the leadership change is announced', 30_000, async () => {
      const text = ((await frame.locator('#leadership-announcer').textContent()) ?? '').trim();
      return text === '' ? undefined : text;
    });
    assert.ok(announcement.includes(nextHolder), `the announcement names the new holder: ${announcement}`);
    // The filter's own options: the State filter lists every state word (and "needs attention").
    const options = await frame.locator('vscode-option').allTextContents();
    const texts = await surfaceTexts(frame.locator('body'));
    console.log(`      screenshot: ${await screenshot(page(), 'pseudo-locale-dashboard')}`);
    await readClusterStrings();
    assert.ok(texts.join('\n').includes(nextHolder), 'the detail shows the holder');
    const all = [tab, ...options, ...texts, watchingText, announcement];
    assert.deepEqual(english(all), [], `English left in the dashboard: ${all.join('\n')}`);
  });
});
