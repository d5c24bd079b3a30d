import * as assert from 'node:assert/strict';
import { getL10nJson } from '@vscode/l10n-dev';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The English l10n bundle is what translators start from and what a translation's keys must
// match: every message the code asks for must be in it, under the exact key the code looks up.
const root = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

const files = [...sources(join(root, 'src')), ...sources(join(root, 'webview'))];
const readJson = (rel: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(root, rel), 'utf8')) as Record<string, unknown>;

describe('localisation: the English bundles', () => {
  it('l10n/bundle.l10n.json holds every l10n.t / vscode.l10n.t message of src/ and webview/, and nothing else', async () => {
    const exported = await getL10nJson(files.map((f) => ({ contents: readFileSync(f, 'utf8'), extension: '.ts' })));
    const bundle = readJson('l10n/bundle.l10n.json');
    const missing = Object.keys(exported).filter((k) => !(k in bundle));
    const stale = Object.keys(bundle).filter((k) => !(k in exported));
    assert.deepEqual(missing, [], 'messages the code asks for but the bundle lacks: run `node scripts/l10n.mjs`');
    assert.deepEqual(stale, [], 'messages in the bundle that no code asks for: run `node scripts/l10n.mjs`');
    assert.ok(Object.keys(bundle).length > 300, `a bundle of the whole extension (${Object.keys(bundle).length})`);
  });

  it('asks for every message with a literal, so the export sees it (no l10n.t(variable))', () => {
    const dynamic: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bl10n\.t\(\s*([^\s])/g)) {
        if (!["'", '"', '`', '{'].includes(m[1] ?? '')) {
          const line = text.slice(0, m.index).split('\n').length;
          dynamic.push(`${relative(root, f)}:${line}`);
        }
      }
      // A template literal with substitutions would be a different key every time.
      for (const m of text.matchAll(/\bl10n\.t\(\s*`[^`]*\$\{/g)) {
        dynamic.push(`${relative(root, f)}:${text.slice(0, m.index).split('\n').length} (template substitution)`);
      }
    }
    assert.deepEqual(dynamic, []);
  });

  it('numbers the placeholders of every message {0}, {1}… without a gap, so a translation can reorder them', () => {
    const bundle = readJson('l10n/bundle.l10n.json');
    const bad = Object.keys(bundle).filter((message) => {
      const used = new Set([...message.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])));
      return [...used].some((n) => n >= used.size);
    });
    assert.deepEqual(bad, []);
  });

  it('package.json takes every title, description and walkthrough text from package.nls.json', () => {
    const manifest = readFileSync(join(root, 'package.json'), 'utf8');
    const nls = readJson('package.nls.json');
    const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] ?? '');
    assert.deepEqual(
      keys.filter((k) => !(k in nls)),
      [],
      'placeholders without an English text',
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !keys.includes(k)),
      [],
      'English texts no placeholder uses',
    );
    const pkg = JSON.parse(manifest) as {
      contributes: Record<string, unknown>;
    };
    // Every user-visible field of the contributions is a placeholder (names of the product aside).
    const literal: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value === 'string') {
        if (
          /\.(title|name|description|markdownDescription|contents)$|\.enumDescriptions\[\d+\]$/.test(path) &&
          !/^%.+%$/.test(value)
        )
          if (value !== 'Lease Lens') literal.push(`${path}: ${value}`);
        return;
      }
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
      else if (typeof value === 'object' && value !== null)
        for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
    };
    visit(pkg.contributes, 'contributes');
    assert.deepEqual(literal, []);
  });
});
