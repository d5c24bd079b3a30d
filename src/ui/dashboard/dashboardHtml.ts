// The dashboard page's HTML: an empty shell, a strict Content-Security-Policy and one script.
//
// Everything visible is built by webview/main.ts with DOM APIs (strings from the cluster go in as
// text, never markup). The policy allows only our own bundle (by nonce), styles from the extension
// or by nonce (the page's own styles are constructable stylesheets, which CSP does not restrict),
// images and fonts from the extension, and nothing remote. No inline script, no style attribute.
// Keep this file free of `vscode` so that tests can check the policy in plain Node.

import type { DashboardViewState } from '../../protocol';

export interface DashboardHtmlInput {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(dist/webview/dashboard.js)`, as a string. */
  readonly scriptUri: string;
  readonly nonce: string;
  /** Used by the page when the webview has no state of its own (a panel opened afresh). */
  readonly initialState?: DashboardViewState;
}

export const DASHBOARD_TITLE = 'Lease Lens Dashboard';

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return (
    [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${cspSource} 'nonce-${nonce}'`,
      `img-src ${cspSource} data:`,
      `font-src ${cspSource}`,
    ].join('; ') + ';'
  );
}

export function dashboardHtml(input: DashboardHtmlInput): string {
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  const state = input.initialState === undefined ? '' : JSON.stringify(input.initialState);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="lease-lens-initial-state" content="${escapeAttribute(state)}">
<title>${DASHBOARD_TITLE}</title>
</head>
<body>
<div id="app" class="app" aria-busy="true"><p class="loading">Loading locks…</p></div>
<script nonce="${escapeAttribute(input.nonce)}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>
`;
}

/** Escapes a value for a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
