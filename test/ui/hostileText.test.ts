import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { displayText, shortIdentity } from '../../src/core';
import { HOSTILE_HOLDERS } from '../fixtures/hostile/holders';
import { cluster } from '../support/integrationHooks';
import { collapseOtherViews, runCommand, screenshot, webviewFrame } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import { createIdleLease, lockRow } from './uiSteps';

/** The little of the page's DOM this test reads (the project has no DOM lib). */
interface PageGlobals {
  document: {
    querySelectorAll(s: string): ArrayLike<{
      outerHTML: string;
      textContent: string | null;
      getAttribute(n: string): string | null;
      getAttributeNames(): string[];
    }>;
  };
  __pwned?: boolean;
}

/**
 * Hostile holder identities in the real cluster, seen in the real VS Code: the dashboard webview
 * shows them as text (no element from a holder, no script run), and a tree tooltip shows a
 * Markdown link from a holder as text, not as a command link.
 */
describe('Hostile holder identities in the real VS Code (dashboard webview and tree tooltip)', function () {
  this.timeout(240_000);
  let ns = '';
  // The script-shaped holders set a flag if they ever ran; the others are as in the corpus.
  const holders = [
    ...HOSTILE_HOLDERS.map((h) => ({ id: h.id, holder: h.holder })),
    { id: 'img-flag', holder: '<img src=x onerror="globalThis.__pwned=true">' },
    { id: 'svg-flag', holder: '<svg onload="globalThis.__pwned=true"></svg>' },
  ];

  const suite = workbenchSuite(async () => {
    const c = cluster();
    ns = await c.createNamespace('ui-hostile');
    for (const { id, holder } of holders) await createIdleLease(c, ns, `h-${id}`, holder);
    return clusterWorkbench(c);
  });

  const page = (): Page => suite.page;

  it('the dashboard shows every holder as text: no element or script from a holder', async () => {
    await runCommand(page(), 'Lease Lens: Open Dashboard');
    const frame = webviewFrame(page());
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    // Only this namespace's locks, so all of them are on screen.
    const filter = frame.locator('#filter-text input');
    await filter.fill(ns);
    await frame.locator('.lock-row', { hasText: 'h-md-command' }).first().waitFor({ timeout: 30_000 });
    const seen = await frame.locator('html').evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const cells = Array.from(g.document.querySelectorAll('.lock-row'), (r) => r.textContent ?? '');
      return {
        rows: cells,
        imgs: g.document.querySelectorAll('img').length,
        svgs: Array.from(g.document.querySelectorAll('svg')).filter((s) => s.getAttribute('onload') !== null).length,
        scripts: g.document.querySelectorAll('script').length,
        // An attribute named on… anywhere (a holder shown in a title attribute is only text).
        handlers: Array.from(g.document.querySelectorAll('*')).filter((e) =>
          e.getAttributeNames().some((n) => n.toLowerCase().startsWith('on')),
        ).length,
        pwned: g.__pwned === true,
      };
    });
    console.log(`      screenshot: ${await screenshot(page(), 'hostile-dashboard')}`);
    assert.equal(seen.pwned, false, 'no holder ran as script');
    assert.equal(seen.imgs, 0, 'no <img> from a holder');
    assert.equal(seen.svgs, 0, 'no <svg onload> from a holder');
    assert.equal(seen.handlers, 0, 'no element with an inline event handler');
    assert.ok(seen.scripts <= 2, `only VS Code's and the page's scripts (${seen.scripts})`);
    for (const { id, holder } of holders) {
      const row = seen.rows.find((r) => r.includes(`h-${id}`));
      assert.ok(row, `a row for h-${id}`);
      // The cell shows displayText's form (the row's text joins its cells, so compare a prefix).
      assert.ok(row.includes(shortIdentity(displayText(holder)).slice(0, 60)), `h-${id}: ${row.slice(0, 200)}`);
    }
  });

  it('a tree tooltip shows a holder written as a Markdown command link as text, with no command link', async () => {
    const row = await lockRow(page(), ns, 'h-md-command');
    await collapseOtherViews(page(), 'Leader Elections');
    // A tooltip opens on the mouse arriving over the row: come from elsewhere, and again if it did not open.
    const hover = page().locator('.monaco-hover:not(.hidden) .hover-contents').last();
    for (let attempt = 1; ; attempt++) {
      await page().mouse.move(0, 0);
      await row.hover();
      const shown = await hover.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (attempt === 3) throw new Error('the tree tooltip did not open after three hovers');
    }
    await hover.getByText('[x](command:leaseLens.releaseLease)').first().waitFor({ timeout: 10_000 });
    const links = await hover
      .locator('a')
      .evaluateAll((as) => as.map((a) => `${a.getAttribute('href') ?? ''} ${a.getAttribute('data-href') ?? ''}`));
    console.log(`      screenshot: ${await screenshot(page(), 'hostile-tree-tooltip')}`);
    assert.deepEqual(
      links.filter((l) => /command:/.test(l)),
      [],
      `no command link in the tooltip: ${links.join(', ')}`,
    );
  });
});
