// The dashboard page's HTML: an empty shell, a strict Content-Security-Policy and one script.
//
// Everything visible is built by webview/main.ts with DOM APIs (strings from the cluster go in as
// text, never markup). The policy allows only our own bundle (by nonce), styles from the extension
// or by nonce (the page's own styles are constructable stylesheets, which CSP does not restrict),
// images and fonts from the extension, and nothing remote. No inline script, no style attribute.
// Keep this file free of `vscode` so that tests can check the policy in plain Node.

import * as l10n from '@vscode/l10n';
import type { DashboardViewState } from '../../protocol';

export interface DashboardHtmlInput {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(dist/webview/dashboard.js)`, as a string. */
  readonly scriptUri: string;
  readonly nonce: string;
  /** Used by the page when the webview has no state of its own (a panel opened afresh). */
  readonly initialState?: DashboardViewState;
  /**
   * The display language's l10n bundle (`vscode.l10n.bundle`; empty for English), for the page's
   * own @vscode/l10n: in the HTML rather than in a message because the page builds its controls
   * as its script starts, before any message could arrive.
   */
  readonly l10nBundle?: Readonly<Record<string, string>>;
  /** `vscode.env.language`, for the page's `lang` (default `en`). */
  readonly language?: string;
}

/** The panel's title (and the page's). */
export function dashboardTitle(): string {
  return l10n.t('Lease Lens Dashboard');
}

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
  const bundle = JSON.stringify(input.l10nBundle ?? {});
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(input.language ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="lease-lens-initial-state" content="${escapeAttribute(state)}">
<meta name="lease-lens-l10n" content="${escapeAttribute(bundle)}">
<title>${escapeText(dashboardTitle())}</title>
</head>
<body>
<div id="app" class="app" aria-busy="true"><p class="loading">${escapeText(l10n.t('Loading locks…'))}</p></div>
<script nonce="${escapeAttribute(input.nonce)}" src="${escapeAttribute(input.scriptUri)}"></script>
</body>
</html>
`;
}

/** Escapes text for an element's content (a translation is not markup). */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
