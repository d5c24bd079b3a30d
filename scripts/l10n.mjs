// The English l10n bundle, exported from the sources: every `vscode.l10n.t(…)` (host) and
// `l10n.t(…)` (@vscode/l10n: src/core, pure src/ui modules, webview/) call's message becomes a key
// of l10n/bundle.l10n.json, the file translators start from (a translation is
// l10n/bundle.l10n.<locale>.json with the same keys). scripts/build.mjs calls writeEnglishBundle on
// every build, so the bundle always matches the code it ships with; the file is committed so that a
// change of wording shows in review. test/unit/l10nBundle.test.ts checks it is current.
//
// Usage: node scripts/l10n.mjs            writes l10n/bundle.l10n.json
//        node scripts/l10n.mjs --check    exits 1 when it is not current
import { getL10nJson } from '@vscode/l10n-dev';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const defaultRoot = new URL('..', import.meta.url).pathname;

/** The folders whose TypeScript is exported: everything that can put text on the screen. */
export const sourceFolders = ['src', 'webview'];

/** Every .ts file under the source folders (relative to root), sorted. */
export function l10nSourceFiles(root = defaultRoot) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const p = join(dir, name);
      if (statSync(join(root, p)).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const dir of sourceFolders) if (existsSync(join(root, dir))) walk(dir);
  return out;
}

/** The English bundle as the sources define it, keys sorted (a stable file). */
export async function englishBundle(root = defaultRoot) {
  const files = l10nSourceFiles(root).map((f) => ({ contents: readFileSync(join(root, f), 'utf8'), extension: '.ts' }));
  const exported = await getL10nJson(files);
  const sorted = {};
  for (const key of Object.keys(exported).sort()) sorted[key] = exported[key];
  return sorted;
}

/** The bundle's file text: what Prettier would write for it. */
export function bundleText(bundle) {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

export const bundlePath = (root = defaultRoot) => join(root, 'l10n', 'bundle.l10n.json');

/** Writes l10n/bundle.l10n.json when it changed; returns the number of messages. */
export async function writeEnglishBundle(root = defaultRoot) {
  const bundle = await englishBundle(root);
  const text = bundleText(bundle);
  const file = bundlePath(root);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (current !== text) {
    mkdirSync(join(root, 'l10n'), { recursive: true });
    writeFileSync(file, text);
  }
  return Object.keys(bundle).length;
}

if (process.argv[1] && relative(process.argv[1], new URL(import.meta.url).pathname) === '') {
  if (process.argv.includes('--check')) {
    const expected = bundleText(await englishBundle());
    const file = bundlePath();
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== expected) {
      console.error('l10n/bundle.l10n.json is not current: run `node scripts/l10n.mjs` (or `npm run build`)');
      process.exit(1);
    }
    console.log('l10n/bundle.l10n.json is current');
  } else {
    const n = await writeEnglishBundle();
    console.log(`l10n/bundle.l10n.json: ${n} messages`);
  }
}
