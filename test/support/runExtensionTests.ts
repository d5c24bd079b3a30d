import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  remoteUri,
  repoRoot,
  startVsCodeServer,
  type Settings,
  type VsCodeServer,
  writeEmptyKubeconfig,
  makeTempDir,
  removeTempDir,
} from './vscodeServer';

/**
 * Runs an extension-host test suite (the `run()` contract of @vscode/test-electron) inside a real
 * VS Code: the VS Code server from code-server, its web workbench opened in Debian's Chromium.
 *
 * The suite's console output arrives through `codeAutomationLog` and its exit code through
 * `codeAutomationExit`; the extension host itself exits 0 even when tests fail, so that call is the
 * only reliable result.
 *
 * As a program (`node out/test/support/runExtensionTests.js`): runs out/test/extension/index.js and
 * exits with the suite's code. Environment:
 *   LEASE_LENS_SUITE_TIMEOUT_MS   give up after this long without a result (default 600000)
 *   LEASE_LENS_EXTENSION_TESTS    another compiled run() entry point (path)
 *   LEASE_LENS_VSCODE_VERBOSE=1   also print the server's own output and the workbench's chatter
 * Arguments: --grep <pattern> runs only the tests whose full title matches.
 */

export interface ExtensionSuiteOptions {
  /**
   * Machine settings for the run (`leaseLens.kubeconfigPath` and friends). They also reach the
   * suite as JSON in the environment variable LEASE_LENS_TEST_MACHINE_SETTINGS, so it can check
   * that they arrived.
   */
  readonly settings?: Settings;
  /** Extra environment for the server process and so for the extension host running the suite. */
  readonly env?: Readonly<Record<string, string>>;
  /** The folder the workbench opens; a fresh empty temp folder (removed afterwards) when omitted. */
  readonly workspace?: string;
  /** Absolute path of the compiled run() entry point; default out/test/extension/index.js. */
  readonly testsPath?: string;
  /** The extension under development; default the repository root. */
  readonly extensionDevelopmentPath?: string;
  /** Give up after this long without a result; default LEASE_LENS_SUITE_TIMEOUT_MS or 10 minutes. */
  readonly timeoutMs?: number;
  /** Where a failed run's screenshot goes; default test-output/extension-<suite>-failure.png. */
  readonly failureScreenshot?: string;
  /** Receives the suite's output lines; default stdout (and stderr for errors). */
  readonly out?: (line: string, isError: boolean) => void;
  /**
   * Run in this server (with what is installed in it) instead of a fresh one; it is left running.
   * `settings` and `env` are then ignored: they are the server's own.
   */
  readonly server?: VsCodeServer;
}

export interface ExtensionSuiteResult {
  /** The suite's exit code: 0 when every test passed. A harness failure is 1 with `error` set. */
  readonly exitCode: number;
  /** Why the harness itself failed (timeout, server or browser trouble, missing files). */
  readonly error?: string;
  readonly serverReadyMs: number;
  readonly totalMs: number;
}

const defaultTimeoutMs = 10 * 60_000;

/**
 * The workbench's own start-up chatter, which arrives through codeAutomationLog like the suite's
 * output. Dropped unless LEASE_LENS_VSCODE_VERBOSE=1; anything else (errors included) is kept.
 */
const workbenchNoise = [
  /^Resolving connection token /,
  /^Resolved connection token /,
  /^Creating a socket \(/,
  /^Creation of workbench contribution /,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore: /,
  /^\[Service Worker\] registration .*404/,
];

/** Runs the suite once against a fresh server; never throws, always cleans up. */
export async function runExtensionSuite(options: ExtensionSuiteOptions = {}): Promise<ExtensionSuiteResult> {
  const started = Date.now();
  const out =
    options.out ?? ((line: string, isError: boolean) => (isError ? process.stderr : process.stdout).write(`${line}\n`));
  const testsPath = resolve(options.testsPath ?? join(repoRoot, 'out', 'test', 'extension', 'index.js'));
  const extensionPath = resolve(options.extensionDevelopmentPath ?? repoRoot);
  const timeoutMs = options.timeoutMs ?? (Number(process.env['LEASE_LENS_SUITE_TIMEOUT_MS']) || defaultTimeoutMs);
  const verbose = process.env['LEASE_LENS_VSCODE_VERBOSE'] === '1';
  const screenshot =
    options.failureScreenshot ?? join(repoRoot, 'test-output', `extension-${basename(testsPath, '.js')}-failure.png`);

  let workspace = options.workspace;
  let ownWorkspace: string | undefined;
  let server: VsCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let serverReadyMs = 0;
  const timers: NodeJS.Timeout[] = [];

  const finish = async (exitCode: number, error?: string): Promise<ExtensionSuiteResult> => {
    for (const t of timers) clearTimeout(t);
    if (exitCode !== 0 && page) {
      try {
        mkdirSync(resolve(screenshot, '..'), { recursive: true });
        await page.screenshot({ path: screenshot, timeout: 10_000 });
        out(`screenshot of the workbench: ${screenshot}`, true);
      } catch (err) {
        out(`(no screenshot: ${(err as Error).message.split('\n')[0]})`, true);
      }
    }
    await browser?.close().catch(() => undefined);
    if (options.server === undefined) await server?.stop();
    if (ownWorkspace) removeTempDir(ownWorkspace);
    if (error) out(`extension tests: ${error}`, true);
    return { exitCode, error, serverReadyMs, totalMs: Date.now() - started };
  };

  try {
    // A missing file would only show as a generic exit 1 from inside the workbench: say which.
    if (!existsSync(testsPath))
      return await finish(1, `${testsPath} does not exist (run \`node scripts/build.mjs\` first).`);
    if (!existsSync(join(extensionPath, 'package.json')))
      return await finish(1, `${extensionPath} has no package.json.`);
    if (!workspace) {
      ownWorkspace = makeTempDir('lease-lens-workspace-');
      writeFileSync(join(ownWorkspace, 'README.md'), '# Lease Lens test workspace\n');
      workspace = ownWorkspace;
    }

    const settings = options.settings ?? {};
    server =
      options.server ??
      (await startVsCodeServer({
        machineSettings: settings,
        env: { ...options.env, LEASE_LENS_TEST_MACHINE_SETTINGS: JSON.stringify(settings) },
      }));
    serverReadyMs = server.readyMs;
    out(`VS Code server ready on ${server.url} in ${server.readyMs} ms`, false);

    const browserStarted = Date.now();
    browser = await launchChromium();
    page = await browser.newPage();
    out(`Chromium started in ${Date.now() - browserStarted} ms`, false);

    type Outcome = { code: number; error?: string };
    let settle: (outcome: Outcome) => void = () => undefined;
    const result = new Promise<Outcome>((resolveResult) => {
      settle = resolveResult;
    });
    // Both functions must exist before the workbench loads: it looks for them once, at start.
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      const parts = Array.isArray(args) ? (args as unknown[]) : [args];
      const line = format(...parts);
      if (verbose || !workbenchNoise.some((re) => re.test(line))) out(line, type === 'error');
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      settle({ code: typeof code === 'number' ? code : 1 });
    });
    timers.push(
      setTimeout(
        () =>
          settle({
            code: 1,
            error: `no result from the extension tests within ${timeoutMs / 1000} s (the workbench never called codeAutomationExit). Set LEASE_LENS_SUITE_TIMEOUT_MS to wait longer.`,
          }),
        timeoutMs,
      ),
    );
    page.on('crash', () => settle({ code: 1, error: 'the workbench page crashed.' }));
    browser.on('disconnected', () => settle({ code: 1, error: 'Chromium exited before the tests finished.' }));
    void server.exited.then((why) =>
      settle({
        code: 1,
        error: `the VS Code server ${why} before the tests finished. Its last output:\n${server?.output.slice(-20).join('\n')}`,
      }),
    );

    const url = server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', remoteUri(extensionPath)],
      ['extensionTestsPath', remoteUri(testsPath)],
      ['skipWelcome', 'true'],
    ]);
    const loadStarted = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    out(
      `workbench page loaded in ${Date.now() - loadStarted} ms; waiting for the extension host to run the suite…`,
      false,
    );
    const { code, error } = await result;
    out(
      `extension tests finished with exit code ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      code !== 0,
    );
    return await finish(code, error);
  } catch (err) {
    return finish(1, err instanceof Error ? err.message : String(err));
  }
}

// Bundled into other runners this module must not run itself: only as its own program.
if (basename(process.argv[1] ?? '') === 'runExtensionTests.js') {
  // The default suite runs without a cluster and must not see the developer's own: an empty
  // kubeconfig, both as the machine setting and as KUBECONFIG.
  const home = makeTempDir('lease-lens-kube-');
  const kubeconfig = writeEmptyKubeconfig(home);
  const testsPath = process.env['LEASE_LENS_EXTENSION_TESTS'];
  // `npm run test:extension -- --grep <pattern>` runs only the matching tests.
  const grepAt = process.argv.indexOf('--grep');
  const grep = grepAt > 0 ? process.argv[grepAt + 1] : undefined;
  void runExtensionSuite({
    settings: { 'leaseLens.kubeconfigPath': kubeconfig },
    env: { KUBECONFIG: kubeconfig, ...(grep ? { LEASE_LENS_TEST_GREP: grep } : {}) },
    ...(testsPath ? { testsPath } : {}),
  }).then((r) => {
    removeTempDir(home);
    process.exitCode = r.exitCode;
  });
}
