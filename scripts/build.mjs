// Builds the two bundles (extension host, webview) and the test bundles with esbuild.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renderIcon } from './render-icon.mjs';
import { writeEnglishBundle } from './l10n.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = new URL('..', import.meta.url).pathname;

/** Every file under dir (relative to root) whose name passes keep. */
function filesUnder(dir, keep) {
  const out = [];
  const walk = (d) => {
    let names;
    try {
      names = readdirSync(join(root, d));
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      if (statSync(join(root, p)).isDirectory()) walk(p);
      else if (keep(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const common = { absWorkingDir: root, bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022' };

// The extension host: CommonJS for VS Code's loader. @kubernetes/client-node is ESM-only and is
// bundled in, so the extension never depends on the host Node's require(esm).
const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  metafile: true,
};

// The dashboard page: a browser bundle, no Node built-ins.
const webview = {
  ...common,
  entryPoints: { dashboard: 'webview/main.ts' },
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  minify: production,
  loader: { '.css': 'text' },
};

// Tests: one bundle per test file plus the harness entry points. Test tools stay external
// (resolved from node_modules), and so does @kubernetes/client-node: Node 20.19+ loads it with
// require(esm), and bundling it into every test file took 13 s instead of 1 s. The extension
// bundle above keeps it bundled, so the shipped extension never relies on require(esm).
const benchConsumer = join('test', 'bench', 'benchConsumer.ts');
const testEntries = [
  ...filesUnder(
    'test',
    (p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.startsWith(join('test', 'fixtures')) && p !== benchConsumer,
  ),
];
const tests = {
  ...common,
  entryPoints: testEntries,
  outdir: 'out',
  outbase: '.',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: [
    'vscode',
    'mocha',
    'playwright-core',
    '@vscode/test-electron',
    'fast-check',
    'esbuild',
    '@kubernetes/client-node',
    // Loads its tree-sitter grammars (.wasm) from beside its own files.
    '@vscode/l10n-dev',
  ],
};

// The benchmark's measured process is built like the extension (client-node bundled in,
// minified), so its memory and start-up are the extension's, not those of require(esm) loading
// client-node's hundreds of separate modules (about 45 MB more RSS).
const benchParty = {
  ...common,
  entryPoints: [benchConsumer],
  outfile: join('out', 'test', 'bench', 'benchConsumer.js'),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
};

const configs = [extension, webview, tests, benchParty];

if (watch) {
  renderIcon(root);
  await writeEnglishBundle(root);
  for (const c of configs) {
    const ctx = await esbuild.context(c);
    await ctx.watch();
  }
  console.log('watching src/, webview/ and test/ for changes…');
} else {
  const started = Date.now();
  renderIcon(root);
  // The English l10n bundle from the sources (scripts/l10n.mjs): always what this build's code asks for.
  const messages = await writeEnglishBundle(root);
  const [ext, , testBuild, benchBuild] = await Promise.all(configs.map((c) => esbuild.build({ ...c, metafile: true })));
  // Remove bundles of test files that no longer exist (pruning instead of wiping out/ first, so a
  // build never pulls files from under a test run that is reading them).
  const fresh = new Set(
    [...Object.keys(testBuild.metafile.outputs), ...Object.keys(benchBuild.metafile.outputs)].map((o) => join(root, o)),
  );
  for (const f of filesUnder('out', () => true)) if (!fresh.has(join(root, f))) rmSync(join(root, f), { force: true });
  const bytes = Object.values(ext.metafile.outputs).find((o) => o.entryPoint === 'src/extension.ts')?.bytes ?? 0;
  console.log(
    `built dist/extension.js (${(bytes / 1024).toFixed(0)} KiB${production ? ', minified' : ''}), dist/webview, dist/icon.png, l10n/bundle.l10n.json (${messages} messages), ${testEntries.length} test bundles in ${Date.now() - started} ms`,
  );
}
