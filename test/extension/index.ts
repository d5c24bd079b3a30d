import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { retryLine } from '../support/retryLine';

/**
 * The extension-host suite's entry point: the `run()` contract of @vscode/test-electron, used both
 * by the VS Code server harness (runExtensionTests) and by desktop VS Code (runDesktopTests).
 *
 * The spec reporter writes with console.log; in the extension host that is forwarded to the
 * workbench (codeAutomationLog under the server harness, the terminal on desktop), so mocha's
 * closing "N passing / N failing" lines reach the test runner that counts them.
 */
export function run(): Promise<void> {
  // A failed test runs once more and says so (as the integration and UI stages do with
  // test/support/retryReporter.ts): real parts on a two-core machine, never a hidden flake.
  const retries = Number(process.env['LEASE_LENS_RETRIES'] ?? 1);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', retries });
  // Set by the runners from their --grep argument.
  const grep = process.env['LEASE_LENS_TEST_GREP'];
  if (grep) mocha.grep(grep);
  // This bundle sits in out/test/extension beside the compiled test files.
  const files = (readdirSync(__dirname, { recursive: true }) as string[]).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files under ${__dirname}`));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) =>
        failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve(),
      );
      runner.on(Mocha.Runner.constants.EVENT_TEST_RETRY, (test: Mocha.Test, err: unknown) =>
        console.log(retryLine(test, err)),
      );
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
