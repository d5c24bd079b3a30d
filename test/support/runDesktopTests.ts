import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { repoRoot, writeEmptyKubeconfig } from './vscodeServer';

/**
 * The extension-host suite (out/test/extension/index.js) in VS Code desktop through
 * @vscode/test-electron, for machines that can download VS Code (a developer's own). Not part of
 * `npm test`: CI cannot download VS Code and runs the same suite in the VS Code server instead
 * (npm run test:extension).
 *
 *   LEASE_LENS_VSCODE_EXECUTABLE  an installed VS Code to use instead of downloading one
 *   LEASE_LENS_VSCODE_VERSION     the version to download (default: stable)
 * Arguments: --grep <pattern> runs only the tests whose full title matches.
 */
async function main(): Promise<number> {
  const temp = mkdtempSync(join(tmpdir(), 'lease-lens-desktop-'));
  try {
    const workspace = join(temp, 'workspace');
    const userData = join(temp, 'user-data');
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'README.md'), '# Lease Lens test workspace\n');
    // The same isolation as the server harness. On desktop, machine-scoped settings live in the
    // User settings file.
    const kubeconfig = writeEmptyKubeconfig(temp);
    const settings = { 'leaseLens.kubeconfigPath': kubeconfig };
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(
      join(userData, 'User', 'settings.json'),
      JSON.stringify({ ...settings, 'security.workspace.trust.enabled': false }, null, 2),
    );

    const executable = process.env['LEASE_LENS_VSCODE_EXECUTABLE'];
    const version = process.env['LEASE_LENS_VSCODE_VERSION'];
    const grepAt = process.argv.indexOf('--grep');
    const grep = grepAt > 0 ? process.argv[grepAt + 1] : undefined;
    return await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'extension', 'index.js'),
      extensionTestsEnv: {
        KUBECONFIG: kubeconfig,
        LEASE_LENS_TEST_MACHINE_SETTINGS: JSON.stringify(settings),
        // No cluster is wired into VS Code desktop here: the suites that need one skip (and say so).
        LEASE_LENS_ALLOW_SKIP: '1',
        ...(grep ? { LEASE_LENS_TEST_GREP: grep } : {}),
      },
      launchArgs: [
        workspace,
        '--user-data-dir',
        userData,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
      ...(executable ? { vscodeExecutablePath: executable } : {}),
      ...(version ? { version } : {}),
      timeout: 30_000,
    });
  } catch (err) {
    // The suite ran and failed: mocha has printed why.
    if (err instanceof TestRunFailedError) return err.code ?? 1;
    const message = err instanceof Error ? err.message : String(err);
    if (
      !process.env['LEASE_LENS_VSCODE_EXECUTABLE'] &&
      /download|fetch|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|getaddrinfo|socket|network|certificate/i.test(message)
    ) {
      console.error(
        `desktop tests: could not download VS Code desktop (${message.split('\n')[0]}).\n` +
          'This runner needs a machine that can download VS Code, or an installed one in LEASE_LENS_VSCODE_EXECUTABLE.\n' +
          'Without one, run the same suite in the VS Code server: npm run test:extension (part of npm test).',
      );
    } else {
      console.error(`desktop tests: ${message}`);
    }
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
