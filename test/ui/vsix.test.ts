import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { cluster } from '../support/integrationHooks';
import { runExtensionSuite } from '../support/runExtensionTests';
import {
  launchChromium,
  makeTempDir,
  removeTempDir,
  repoRoot,
  startVsCodeServer,
  vscodeServerDir,
  type VsCodeServer,
} from '../support/vscodeServer';
import { collapseOtherViews, openView, screenshot, viewPane, waitForTreeItem } from '../support/workbench';
import { openVsxIssues, type PackagedManifest } from '../support/openVsxRules';
import { recordFailure } from '../support/workbenchSuite';

const run = promisify(execFile);

/**
 * The packaged extension: `vsce package` builds a .vsix from the repository as .vscodeignore
 * trims it, the VS Code server's own CLI installs it, and a workbench opened WITHOUT
 * extensionDevelopmentPath loads it from the extensions folder and shows the stage's real cluster.
 * This catches what development mode hides: a file the bundle needs that the package leaves out,
 * a dependency that is not bundled, a manifest vsce rejects.
 *
 * It packages the bundles the stage built (dist/, not minified); `npm run package` packages the
 * minified ones. Set LEASE_LENS_VSIX to test a .vsix built elsewhere (e.g. by `npm run package`).
 */
describe('the packaged .vsix installed into a real VS Code', function () {
  this.timeout(180_000);
  let temp = '';
  let vsix = '';
  let server: VsCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  before(async function () {
    temp = makeTempDir('lease-lens-vsix-');
    vsix = process.env['LEASE_LENS_VSIX'] ?? join(temp, 'lease-lens.vsix');
    if (!process.env['LEASE_LENS_VSIX']) {
      const started = Date.now();
      // The project's own packaging (scripts/package.sh: the package README, the icon, and a
      // failure on any vsce warning), over the bundles this stage built.
      await run('bash', [join(repoRoot, 'scripts', 'package.sh'), '--no-build', '--out', vsix], { cwd: repoRoot });
      console.log(`      (vsce package: ${Math.round(statSync(vsix).size / 1024)} KiB in ${Date.now() - started} ms)`);
    }
  });

  afterEach(async function () {
    await recordFailure(this.currentTest, page ? [page] : [], server?.output ?? []);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (temp) removeTempDir(temp);
  });

  it('holds what runs, and nothing else', async () => {
    const files = zipEntries(readFileSync(vsix))
      .map((e) => e.name)
      .filter((f) => f.startsWith('extension/'))
      .map((f) => f.slice('extension/'.length))
      .sort();
    for (const needed of [
      'package.json',
      'package.nls.json',
      'l10n/bundle.l10n.json',
      'dist/extension.js',
      'dist/webview/dashboard.js',
      'dist/icon.png',
      'readme.md',
      'changelog.md',
      'LICENSE.txt',
    ]) {
      assert.ok(files.includes(needed), `${needed} is in the package: ${files.join(', ')}`);
    }
    const unexpected = files.filter(
      (f) =>
        !/^(package\.json|package\.nls\.json|l10n\/bundle\.l10n\.json|readme\.md|changelog\.md|LICENSE\.txt|dist\/extension\.js|dist\/icon\.png|dist\/webview\/[^/]+\.js|media\/.+)$/.test(
          f,
        ),
    );
    assert.deepEqual(unexpected, [], 'no sources, source maps, tests, node_modules, tools or pseudo-locale bundles');
    assert.ok(statSync(vsix).size < 2 * 1024 * 1024, `the package stays small (${statSync(vsix).size} bytes)`);
  });

  it('is ready for a marketplace: a 128×128 icon, a gallery banner, a README with nothing the page cannot show, and Open VSX rules met', () => {
    const entries = zipEntries(readFileSync(vsix));
    const entry = (name: string) => entries.find((e) => e.name === name);
    const icon = entry('extension/dist/icon.png')?.read();
    assert.ok(icon, 'the icon is in the package');
    assert.equal(icon.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], 'a 128×128 PNG');
    const manifest = String(entry('extension.vsixmanifest')?.read());
    assert.match(
      manifest,
      /Type="Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/dist\/icon\.png"/,
    );
    assert.match(manifest, /Microsoft\.VisualStudio\.Services\.Branding\.Color" Value="#[0-9a-fA-F]{6}"/);
    const readme = String(entry('extension/readme.md')?.read());
    assert.match(readme, /^# Lease Lens/);
    assert.doesNotMatch(readme, /!\[[^\]]*\]\((?!https:)/, 'no image the extension page could not load');
    assert.doesNotMatch(
      readme,
      /\]\((?![a-z]+:|#)[^)]+\)/,
      'no link into the repository, which the page cannot resolve',
    );
    assert.match(readme, /The Leader Elections view/, 'the screenshots keep their captions');
    const packaged = JSON.parse(String(entry('extension/package.json')?.read())) as PackagedManifest;
    assert.deepEqual(
      openVsxIssues(
        packaged,
        entries.map((e) => e.name),
      ),
      [],
      "Open VSX's publishing rules",
    );
    // The same rules refuse what they should: a bad name and a control character in the description.
    assert.equal(openVsxIssues({ ...packaged, name: 'lease lens', description: 'a\u0007b' }, []).length, 3);
  });

  it('installs with the VS Code server CLI (--install-extension)', async () => {
    server = await startVsCodeServer({
      machineSettings: { 'leaseLens.kubeconfigPath': cluster().info.kubeconfig },
      userSettings: { 'leaseLens.contexts': [cluster().info.contexts.admin] },
      env: { KUBECONFIG: cluster().info.kubeconfig },
    });
    const extensions = join(server.dataDir, 'extensions');
    const { stdout } = await run(
      process.execPath,
      [
        join(vscodeServerDir(), 'out', 'server-main.js'),
        '--install-extension',
        vsix,
        '--extensions-dir',
        extensions,
        '--server-data-dir',
        join(server.dataDir, 'server'),
        '--user-data-dir',
        server.userDataDir,
        '--accept-server-license-terms',
      ],
      { env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
    );
    assert.match(stdout, /was successfully installed/);
    const manifest = join(
      extensions,
      `lease-lens.lease-lens-${(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}`,
      'package.json',
    );
    assert.ok(existsSync(manifest), `installed into ${extensions}: ${readdirSync(extensions).join(', ')}`);
  });

  it('activates from the extensions folder, without extensionDevelopmentPath, and shows the real cluster', async () => {
    assert.ok(server, 'the server did not start');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const workspace = join(temp, 'workspace');
    await run('mkdir', ['-p', workspace]);
    // No extensionDevelopmentPath: the only Lease Lens is the installed one.
    await page.goto(server.workbenchUrl(workspace, [['skipWelcome', 'true']]), {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    await viewPane(page, 'Leader Elections').locator('.pane-header').waitFor({ timeout: 60_000 });
    const pane = await openView(page, 'Leader Elections');
    await collapseOtherViews(page, 'Leader Elections');
    await waitForTreeItem(pane, cluster().info.contexts.admin, 60_000);
    // The API server's own coordinated election controller holds this Lease in every kube-testenv.
    const ns = await waitForTreeItem(pane, 'kube-system', 30_000);
    if ((await ns.getAttribute('aria-expanded')) === 'false') await ns.locator('.monaco-tl-twistie').click();
    await waitForTreeItem(pane, 'leader-election-controller', 30_000);
    console.log(`      screenshot: ${await screenshot(page, 'vsix-installed')}`);

    // The extension host's log says it activated the (installed) extension.
    const logs = findFiles(server.dataDir, (f) => f.endsWith('.log') && /exthost/i.test(f));
    const text = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.match(
      text,
      /ExtensionService#_doActivateExtension lease-lens\.lease-lens\b/,
      `the extension host activated lease-lens.lease-lens (${logs.join(', ') || `no log found; ${findFiles(server.dataDir, (f) => f.endsWith('.log')).join(', ')}`})`,
    );
    // A development extension would make this an "[Extension Development Host]" window.
    assert.doesNotMatch(await page.title(), /Extension Development Host/);
  });

  it('hands other extensions no exports: no prompts to replace, no writes to call', async () => {
    assert.ok(server, 'the server did not start');
    // Another extension, in the same server beside the installed Lease Lens: a development
    // extension whose extension-tests entry activates Lease Lens and reports what it got. Lease
    // Lens itself is not under development there, so it runs in ExtensionMode.Production.
    const probe = join(temp, 'exports-probe');
    mkdirSync(probe, { recursive: true });
    writeFileSync(
      join(probe, 'package.json'),
      JSON.stringify({
        name: 'exports-probe',
        publisher: 'lease-lens-test',
        version: '0.0.1',
        engines: { vscode: '^1.100.0' },
      }),
    );
    copyFileSync(join(repoRoot, 'out', 'test', 'ui', 'probe', 'exportsProbe.js'), join(probe, 'probe.js'));
    const lines: string[] = [];
    const result = await runExtensionSuite({
      server,
      extensionDevelopmentPath: probe,
      testsPath: join(probe, 'probe.js'),
      timeoutMs: 120_000,
      out: (line) => lines.push(line),
    });
    assert.equal(result.exitCode, 0, `the probe ran: ${result.error ?? ''}\n${lines.slice(-15).join('\n')}`);
    const report = lines.find((l) => l.startsWith('LEASE_LENS_PROBE '));
    assert.ok(report, `the probe reported: ${lines.slice(-15).join('\n')}`);
    const seen = JSON.parse(report.slice('LEASE_LENS_PROBE '.length)) as {
      extensionPath: string;
      active: boolean;
      type: string;
      keys: string[];
      exportsProperty: string;
    };
    assert.ok(
      seen.extensionPath.startsWith(join(server.dataDir, 'extensions')),
      `the probe saw the installed Lease Lens, not a development copy: ${seen.extensionPath}`,
    );
    assert.equal(seen.active, true, 'Lease Lens activated for the probe');
    assert.deepEqual(seen.keys, [], 'no property is exported (prompts, writes, monitor…)');
    assert.equal(seen.type, 'undefined', 'activate() resolves to nothing');
    assert.equal(seen.exportsProperty, 'undefined');
  });
});

/** The names in a zip file's central directory (a .vsix is a zip; unzip is not on every machine). */
interface ZipEntry {
  readonly name: string;
  /** The entry's bytes, inflated. */
  read(): Buffer;
}

function zipEntries(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'the .vsix is a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      read: () => {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(start, start + size);
        return method === 8 ? inflateRawSync(data) : Buffer.from(data);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findFiles(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (keep(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}
