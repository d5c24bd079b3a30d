import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';

/**
 * A real VS Code for tests on machines without VS Code desktop: the VS Code server that the npm
 * package code-server bundles (installed by scripts/install-vscode-server.sh), opened in Debian's
 * Chromium. See docs/architecture.md#the-real-vs-code for why each step is done the way it is.
 */

/** The code-server release whose VS Code the tests run: 4.100.3 bundles VS Code 1.100.3. */
export const codeServerVersion = process.env['CODE_SERVER_VERSION'] ?? '4.100.3';

const installHint =
  'Run `bash scripts/install-vscode-server.sh` (npm test and npm run test:extension / test:ui do it for you).';

/** The repository root: the nearest folder above this bundle whose package.json is Lease Lens's. */
export const repoRoot: string = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (parsed.name === 'lease-lens') return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no Lease Lens package.json above ${from}`);
  }
}

/** The installed server's lib/vscode folder, or a clear failure saying how to install it. */
export function vscodeServerDir(): string {
  const override = process.env['LEASE_LENS_VSCODE_SERVER'];
  if (override) {
    if (!existsSync(join(override, 'out', 'server-main.js'))) {
      throw new Error(`LEASE_LENS_VSCODE_SERVER=${override} has no out/server-main.js.`);
    }
    return override;
  }
  const root = join(
    process.env['LEASE_LENS_CACHE'] ?? join(homedir(), '.cache', 'lease-lens'),
    `vscode-server-${codeServerVersion}`,
  );
  // The marker is written last by the installer: without it the folder may be half installed.
  if (!existsSync(join(root, '.installed')) || !existsSync(join(root, 'lib', 'vscode', 'out', 'server-main.js'))) {
    throw new Error(
      `The VS Code server (code-server ${codeServerVersion}) is not installed in ${root}. ${installHint}`,
    );
  }
  return join(root, 'lib', 'vscode');
}

export const chromiumPath = '/usr/bin/chromium';

/**
 * Debian's Chromium driven by playwright-core. Never a browser download: when Chromium is missing
 * the failure says how to install it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing. ${installHint}`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** Settings as they appear in a settings.json file. */
export type Settings = Readonly<Record<string, unknown>>;

/**
 * Settings every test server starts with (User scope): nothing that opens on its own, asks for
 * trust, or calls out to the network, so screenshots and timings only show the extension.
 */
const quietUserSettings: Settings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
};

export interface VsCodeServerOptions {
  /**
   * Written to `<user-data-dir>/Machine/settings.json`. Machine-scoped settings such as
   * `leaseLens.kubeconfigPath` must go here: the remote setup ignores them in User settings.
   * Machine settings also win over User settings of every other scope.
   */
  readonly machineSettings?: Settings;
  /** Added to (and overriding) the quiet defaults in `<user-data-dir>/User/settings.json`. */
  readonly userSettings?: Settings;
  /** Extra environment for the server process; the extension host inherits it (and only it). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Workspace trust on: no --disable-workspace-trust, `security.workspace.trust.enabled` true and
   * no start-up prompt, so a folder opens untrusted (Restricted Mode) until the user trusts it.
   */
  readonly workspaceTrust?: boolean;
  /** How long to wait for "Extension host agent listening on <port>". */
  readonly readyTimeoutMs?: number;
  /**
   * The workbench's display language (e.g. `qps-ploc`), with a language pack registered for it
   * (registerLanguagePack) and passed as `--locale`: code-server 4.100.3's server takes the locale
   * from `--locale`, else from `argv.json` — and when that file is missing (as here) it answers
   * "en" without ever reading the browser's `vscode.nls.locale` cookie or Accept-Language.
   */
  readonly locale?: string;
}

export interface VsCodeServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The server's own temp folder (user, extensions, server data), removed by stop(). */
  readonly dataDir: string;
  readonly userDataDir: string;
  /** Milliseconds from spawn to "listening". */
  readonly readyMs: number;
  /** Resolves (with "exited (<code>)") when the server process ends, for whatever reason. */
  readonly exited: Promise<string>;
  /** The last lines the server printed (stdout and stderr), for failure messages. */
  readonly output: readonly string[];
  /** The workbench URL opening `folder` (absolute path on this machine) with the given payload. */
  workbenchUrl(folder: string | undefined, payload?: readonly (readonly [string, string])[]): string;
  /** Replaces the Machine settings; picked up at the next page load. */
  writeMachineSettings(settings: Settings): void;
  /** Kills the server's process group and removes its temp folders. Safe to call twice. */
  stop(): Promise<void>;
}

/** Servers still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
/** Temp folders to remove if the test process exits before its own clean-up ran. */
const leftovers = new Set<string>();
let exitHooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
    for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
  });
  // Interrupted (Ctrl-C, a CI time limit): still run the clean-up above.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(130));
  }
}

/**
 * Makes a temp folder that is removed when the test process exits, however it exits; remove it
 * earlier with removeTempDir.
 */
export function makeTempDir(prefix: string): string {
  hookExit();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  leftovers.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  leftovers.delete(dir);
}

/**
 * Makes `locale` a language the server can serve, without a language pack extension (which only
 * the marketplace has). The web workbench's display language is not simply the locale it is
 * asked for: the server serves core translations for it only when
 * `<user-data-dir>/languagepacks.json` lists a pack for it, and the page's language is the one of
 * those translations; otherwise the page runs in English, tells the extension host "en", and no
 * extension's
 * `package.nls.<locale>.json` or `l10n/bundle.l10n.<locale>.json` is ever read. This writes that
 * list with one pack whose core translations are empty (VS Code's own UI stays English, so only
 * the extensions' own bundles change what is shown) — what installing a language pack extension
 * writes there (NativeLanguagePackService, vs/platform/languagePacks/node/languagePacks.ts).
 */
export function registerLanguagePack(userDataDir: string, locale: string): void {
  const translations = join(userDataDir, 'language-pack', locale, 'main.i18n.json');
  writeJson(translations, { version: '1.0.0', contents: {} });
  writeJson(join(userDataDir, 'languagepacks.json'), {
    [locale]: {
      hash: `lease-lens-test-${locale}`,
      label: locale,
      extensions: [{ extensionIdentifier: { id: `lease-lens-test.language-pack-${locale}` }, version: '1.0.0' }],
      translations: { vscode: translations },
    },
  });
}

/** A vscode-remote URI for an absolute path on this machine (as the workbench's payload wants it). */
export function remoteUri(absPath: string): string {
  return `vscode-remote://remote${absPath}`;
}

/**
 * Starts a fresh VS Code server on 127.0.0.1 with a free port and its own temp data folders.
 * One per test run: every page load leaves a file watcher behind on a server, so never share one.
 */
export async function startVsCodeServer(options: VsCodeServerOptions = {}): Promise<VsCodeServer> {
  const serverDir = vscodeServerDir();
  const dataDir = makeTempDir('lease-lens-vscode-');
  const userDataDir = join(dataDir, 'user');
  const machineSettingsFile = join(userDataDir, 'Machine', 'settings.json');
  const trust: Settings = options.workspaceTrust
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.emptyWindow': false,
      }
    : {};
  writeJson(join(userDataDir, 'User', 'settings.json'), { ...quietUserSettings, ...trust, ...options.userSettings });
  writeJson(machineSettingsFile, options.machineSettings ?? {});
  if (options.locale !== undefined) registerLanguagePack(userDataDir, options.locale);
  mkdirSync(join(dataDir, 'extensions'), { recursive: true });
  mkdirSync(join(dataDir, 'server'), { recursive: true });

  // Variables of a VS Code this might run inside (an integrated terminal) would confuse the server.
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  }
  Object.assign(env, { EXTENSIONS_GALLERY: '{}' }, options.env);

  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      join(serverDir, 'out', 'server-main.js'),
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--server-data-dir',
      join(dataDir, 'server'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      join(dataDir, 'extensions'),
      ...(options.locale !== undefined ? ['--locale', options.locale] : []),
    ],
    // Its own process group, so stop() ends the file watchers and extension hosts it starts too.
    { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true },
  );
  running.add(child);
  const output: string[] = [];
  const verbose = process.env['LEASE_LENS_VSCODE_VERBOSE'] === '1';
  const remember = (line: string) => {
    output.push(line);
    if (output.length > 200) output.splice(0, output.length - 200);
    if (verbose) process.stderr.write(`[vscode-server] ${line}\n`);
  };
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(`exited (${code ?? signal})`);
    });
    child.on('error', (err) => {
      running.delete(child);
      resolve(`could not start: ${err.message}`);
    });
  });
  createInterface({ input: child.stderr! }).on('line', remember);

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`did not print "Extension host agent listening on <port>" within ${readyTimeoutMs} ms`),
      readyTimeoutMs,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`The VS Code server in ${serverDir} ${why}. Its last output:\n${output.slice(-20).join('\n')}`));
    };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line);
      const m = /Extension host agent listening on (\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then(fail);
  }).catch(async (err: unknown) => {
    killGroup(child, 'SIGKILL');
    await exited;
    removeTempDir(dataDir);
    throw err;
  });
  const readyMs = Date.now() - started;

  let stopped: Promise<void> | undefined;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    pid: child.pid!,
    dataDir,
    userDataDir,
    readyMs,
    output,
    exited,
    workbenchUrl(folder, payload) {
      const query: string[] = [];
      if (folder !== undefined) query.push(`folder=${encodeURIComponent(folder)}`);
      if (payload && payload.length > 0) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${url}/${query.length ? `?${query.join('&')}` : ''}`;
    },
    writeMachineSettings(settings) {
      writeJson(machineSettingsFile, settings);
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          killGroup(child, 'SIGTERM');
          const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        // Children that ignored SIGTERM (file watchers, extension hosts) go with the group.
        killGroup(child, 'SIGKILL');
        removeTempDir(dataDir);
      })();
      return stopped;
    },
  };
}

/**
 * Writes a kubeconfig with no clusters and no contexts into `dir` and returns its path. Suites
 * that run without a cluster point both `leaseLens.kubeconfigPath` (Machine settings) and
 * KUBECONFIG at it, so they never see the developer's own ~/.kube/config.
 */
export function writeEmptyKubeconfig(dir: string): string {
  const file = join(dir, 'kubeconfig-empty.yaml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
  return file;
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
