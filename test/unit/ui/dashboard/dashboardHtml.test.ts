import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, dashboardHtml, escapeAttribute } from '../../../../src/ui/dashboard/dashboardHtml';
import { createNonce } from '../../../../src/ui/dashboard/nonce';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const SCRIPT = 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/dashboard.js';

describe('dashboard HTML', () => {
  it('has exactly the policy: nothing by default, our script by nonce, no remote content', () => {
    assert.equal(
      contentSecurityPolicy(CSP_SOURCE, 'N0nce'),
      `default-src 'none'; script-src 'nonce-N0nce'; style-src ${CSP_SOURCE} 'nonce-N0nce'; img-src ${CSP_SOURCE} data:; font-src ${CSP_SOURCE};`,
    );
  });

  it('loads one script, with the nonce, and has no inline script, style attribute or handler', () => {
    const html = dashboardHtml({ cspSource: CSP_SOURCE, scriptUri: SCRIPT, nonce: 'abc123' });
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="abc123" src="${SCRIPT}">`]);
    assert.doesNotMatch(html, /\sstyle=/i);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /<style/i);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;nonce-abc123&#39;;/,
    );
  });

  it('embeds the initial state as an escaped attribute, so no state can break out into markup', () => {
    const html = dashboardHtml({
      cspSource: CSP_SOURCE,
      scriptUri: SCRIPT,
      nonce: 'n',
      initialState: {
        filter: '"><script>alert(1)</script>',
        selected: null,
        sort: { column: 'name', descending: false },
      },
    });
    assert.doesNotMatch(html, /<script>alert/);
    const content = /<meta name="lease-lens-initial-state" content="([^"]*)">/.exec(html)?.[1];
    assert.ok(content !== undefined);
    const decoded = content
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), {
      filter: '"><script>alert(1)</script>',
      selected: null,
      sort: { column: 'name', descending: false },
    });
  });

  it('escapes every character that matters in an attribute', () => {
    assert.equal(escapeAttribute(`&"'<>`), '&amp;&quot;&#39;&lt;&gt;');
  });

  it('makes a fresh, valid nonce every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    assert.equal(nonces.size, 100);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
  });
});
