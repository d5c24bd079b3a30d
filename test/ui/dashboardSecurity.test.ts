import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { lockKey } from '../../src/core';
import { cluster } from '../support/integrationHooks';
import { until } from '../support/until';
import { runCommand, screenshot, webviewFrame } from '../support/workbench';
import { clusterWorkbench, workbenchSuite } from '../support/workbenchSuite';
import { answerDialog, createIdleLease, filesUnder, modalDialog, readLease } from './uiSteps';

/** kube-testenv's ready line carries the tokens of its two users (TestClusterInfo leaves them out). */
interface Tokens {
  readonly adminToken?: unknown;
  readonly readonlyToken?: unknown;
}

/** The little of the page's DOM these tests use (the project has no DOM lib). */
interface PageGlobals {
  document: {
    documentElement: { outerHTML: string };
    querySelector(s: string): { content?: string } | null;
    querySelectorAll(s: string): ArrayLike<{ nonce?: string; src?: string; outerHTML: string }>;
    createElement(tag: string): { textContent: string; setAttribute(n: string, v: string): void };
    body: { appendChild(el: unknown): void };
    addEventListener(type: string, fn: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  addEventListener(type: string, fn: (e: { data: unknown }) => void): void;
  __leaseLensSeen?: string[];
  __leaseLensViolations?: string[];
  __inlineScriptRan?: boolean;
  __vscode_post_message__?: (channel: string, data: unknown) => void;
}

/**
 * The dashboard's security in the real VS Code: the policy its page really runs under, that nothing
 * the page posts writes without the operator's modal confirmation, and that the cluster's tokens
 * reach neither the page nor the log.
 */
describe('The dashboard webview is untrusted: CSP, forged messages, no tokens', function () {
  this.timeout(240_000);
  const suite = workbenchSuite(() => clusterWorkbench(cluster()));

  const page = (): Page => suite.page;

  /** The webview host document (VS Code's pre/index.html): where the page's acquireVsCodeApi posts. */
  async function outerFrame(): Promise<Frame> {
    const handle = await page().locator('iframe.webview.ready:visible').first().elementHandle();
    const frame = await handle?.contentFrame();
    assert.ok(frame, 'the dashboard webview host frame');
    return frame;
  }

  /** The text of Lease Lens's output channel as the server wrote it to disk (what the Output view shows). */
  function outputChannelText(): string {
    const { wb } = suite;
    const files = filesUnder(wb.server.dataDir, 'Lease Lens.log');
    assert.ok(files.length > 0, `the server wrote Lease Lens's output channel under ${wb.server.dataDir}`);
    return files.map((f) => readFileSync(f, 'utf8')).join('\n');
  }

  let ns = '';
  let key = '';
  let tokens: string[] = [];

  it('runs the page under a strict CSP with a nonce on every script, and the browser enforces it', async () => {
    const c = cluster();
    const info = c.info as unknown as Tokens;
    tokens = [info.adminToken, info.readonlyToken].filter((t): t is string => typeof t === 'string' && t.length >= 16);
    assert.equal(tokens.length, 2, "kube-testenv reports both users' tokens");
    ns = await c.createNamespace('ui-dash-sec');
    await createIdleLease(c, ns, 'guarded', 'hung-holder-7');
    key = lockKey(c.info.contexts.admin, 'Lease', ns, 'guarded');

    await runCommand(page(), 'Lease Lens: Open Dashboard');
    const frame = webviewFrame(page());
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await frame.locator(`.lock-row[data-key="${key}"]`).waitFor({ timeout: 30_000 });

    const { csp, scripts } = await frame.locator('html').evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const meta = g.document.querySelector('meta[http-equiv="Content-Security-Policy"]');
      const all = Array.from(g.document.querySelectorAll('script'));
      return {
        csp: meta?.content ?? '',
        scripts: all.map((s) => ({ nonce: s.nonce ?? '', src: s.src ?? '', html: s.outerHTML.slice(0, 120) })),
      };
    });
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d !== '')
        .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1)] as const),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"], csp);
    const scriptSrc = directives.get('script-src') ?? [];
    const nonces = scriptSrc.filter((s) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(s));
    assert.equal(nonces.length, 1, `script-src allows scripts by one nonce: ${csp}`);
    assert.deepEqual(
      scriptSrc,
      nonces,
      `script-src allows nothing but the nonce (no 'unsafe-inline', 'unsafe-eval', host or scheme): ${csp}`,
    );
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), csp);
    const nonce = nonces[0]!.slice("'nonce-".length, -1);
    // VS Code itself puts one script into every webview (acquireVsCodeApi, id _vscodeApiScript,
    // inserted before the page's policy): every other script is the page's and needs the nonce.
    const own = scripts.filter((s) => !s.html.startsWith('<script id="_vscodeApiScript">'));
    assert.equal(scripts.length - own.length, 1, 'VS Code injected its API script once');
    assert.ok(own.length >= 1, 'the page has its script');
    for (const s of own) assert.equal(s.nonce, nonce, `every script of the page carries the policy's nonce: ${s.html}`);
    assert.ok(
      own.every((s) => s.src.endsWith('/dist/webview/dashboard.js')),
      `the page's only script is the bundled one: ${own.map((s) => s.src).join(', ')}`,
    );

    // The policy is in force: an injected inline script does not run, and the browser reports why.
    const ran = await frame.locator('html').evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      g.__leaseLensViolations = [];
      g.document.addEventListener('securitypolicyviolation', (e) => g.__leaseLensViolations!.push(e.violatedDirective));
      const s = g.document.createElement('script');
      s.textContent = 'globalThis.__inlineScriptRan = true;';
      g.document.body.appendChild(s);
      return g.__inlineScriptRan === true;
    });
    assert.equal(ran, false, 'an inline script without the nonce did not run');
    const violations = await until('the browser reports the blocked script', 10_000, async () => {
      const v = await frame
        .locator('html')
        .evaluate(() => (globalThis as unknown as PageGlobals).__leaseLensViolations ?? []);
      return v.length > 0 ? v : undefined;
    });
    assert.ok(
      violations.some((d) => d.startsWith('script-src')),
      `blocked by script-src: ${violations.join(', ')}`,
    );
  });

  it("asks in a modal for the page's own Release button, ignores forged messages, and writes nothing when dismissed", async () => {
    assert.ok(key, 'the first test created the lock');
    const c = cluster();
    const before = await readLease(c, ns, 'guarded');
    const frame = webviewFrame(page());
    const outer = await outerFrame();
    const logBefore = outputChannelText()
      .split('\n')
      .filter((l) => l.includes('dashboard: ignored')).length;

    // Messages the page's script could post through acquireVsCodeApi().postMessage, on the same
    // channel (the host frame's __vscode_post_message__('onmessage', …)); none is a well-formed
    // message about an existing lock.
    const forged = await outer.evaluate(
      ({ realKey }) => {
        const post = (globalThis as unknown as PageGlobals).__vscode_post_message__;
        if (typeof post !== 'function') return -1;
        const messages: unknown[] = [
          'releaseLock',
          null,
          [{ type: 'releaseLock', key: realKey }],
          { type: 'releaseLock' },
          { type: 'releaseLock', key: 42 },
          { type: 'releaseLock', lockKey: realKey },
          { type: 'ReleaseLock', key: realKey },
          { type: 'releaseLock', key: realKey, confirmed: true },
          JSON.parse(`{"__proto__": {"type": "releaseLock", "key": ${JSON.stringify(realKey)}}}`),
          { type: 'takeOverLock', key: `${realKey.split('/').slice(0, -1).join('/')}/does-not-exist` },
        ];
        for (const message of messages) post('onmessage', { message });
        return messages.length;
      },
      { realKey: key },
    );
    assert.equal(forged, 10, "the webview host frame exposes the page's message channel");
    // A well-formed selection after them: once its detail shows, the host has handled all of the above.
    await outer.evaluate(
      ({ realKey }) =>
        (globalThis as unknown as PageGlobals).__vscode_post_message__!('onmessage', {
          message: { type: 'selectLock', key: realKey },
        }),
      { realKey: key },
    );
    await frame.locator('#lock-detail[data-state="ready"]').waitFor({ timeout: 15_000 });
    await frame.locator('#detail-holder', { hasText: 'hung-holder-7' }).waitFor({ timeout: 15_000 });
    assert.equal(await page().locator('.monaco-dialog-box').count(), 0, 'no forged message opened a confirmation');
    const logged = await until('the host logs each forged message as ignored', 15_000, () => {
      const n =
        outputChannelText()
          .split('\n')
          .filter((l) => l.includes('dashboard: ignored')).length - logBefore;
      return n >= forged ? n : undefined;
    });
    assert.equal(logged, forged);
    assert.equal(
      (await readLease(c, ns, 'guarded')).metadata.resourceVersion,
      before.metadata.resourceVersion,
      'nothing was written',
    );

    // The page's own button: the host asks the operator first, in the workbench, modally.
    await frame.locator('#release-button').click();
    const dialog = await modalDialog(page());
    assert.match(
      dialog.message,
      new RegExp(`^Release Lease ${ns}/guarded, held by hung-holder-7 \\(renewed (just now|\\d+s ago)\\)\\?$`),
    );
    console.log(`      screenshot: ${await screenshot(page(), 'dashboard-release-asks')}`);
    await answerDialog(dialog, 'Cancel');
    await frame.locator('#write-result', { hasText: 'Cancelled: nothing was written.' }).waitFor({ timeout: 10_000 });
    const after = await readLease(c, ns, 'guarded');
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, 'dismissed: the Lease is unchanged');
    assert.equal(after.spec?.holderIdentity, 'hung-holder-7');
  });

  it('keeps the cluster tokens out of the page (DOM and every message it receives) and out of the log', async () => {
    assert.equal(tokens.length, 2, 'the first test read the tokens');
    const frame = webviewFrame(page());
    // Record what the host posts from now on, then make it post: a snapshot (reload), a detail.
    await frame.locator('html').evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      g.__leaseLensSeen = [];
      g.addEventListener('message', (e) => g.__leaseLensSeen!.push(JSON.stringify(e.data)));
    });
    await frame.locator('.lock-row', { hasText: 'guarded' }).first().click();
    await frame.locator('#detail-holder', { hasText: 'hung-holder-7' }).waitFor({ timeout: 15_000 });
    const seen = await until('the host posted to the page', 15_000, async () => {
      const s = await frame
        .locator('html')
        .evaluate(() => (globalThis as unknown as PageGlobals).__leaseLensSeen ?? []);
      return s.some((m) => m.includes('hung-holder-7')) ? s : undefined;
    });
    const dom = await frame
      .locator('html')
      .evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.outerHTML);
    const log = outputChannelText();
    assert.ok(
      dom.includes('hung-holder-7') && log.includes('connected'),
      'the page and the log were read after the cluster was shown',
    );
    for (const [i, token] of tokens.entries()) {
      const who = i === 0 ? 'admin' : 'read-only';
      assert.ok(!dom.includes(token), `the ${who} token is not in the page's DOM`);
      assert.ok(!seen.some((m) => m.includes(token)), `the ${who} token is in no message to the page`);
      assert.ok(!log.includes(token), `the ${who} token is not in the Lease Lens log`);
    }
  });
});
