// The page's strings in the display language: the host puts the l10n bundle VS Code loaded into
// the HTML (src/ui/dashboard/dashboardHtml.ts, meta `lease-lens-l10n`; empty for English) and this
// module gives it to the page's own @vscode/l10n. main.ts imports it first, so that it runs before
// any control is built; every module words its text with `l10n.t` when it draws, never at load.

import * as l10n from '@vscode/l10n';

function readBundle(): Record<string, string> {
  const raw = document.querySelector('meta[name="lease-lens-l10n"]')?.getAttribute('content') ?? '';
  try {
    const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
    const bundle: Record<string, string> = {};
    if (typeof parsed === 'object' && parsed !== null)
      for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') bundle[key] = value;
    return bundle;
  } catch {
    return {}; // English, rather than no page
  }
}

l10n.config({ contents: readBundle() });
