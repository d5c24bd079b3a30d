import type Mocha from 'mocha';

/**
 * The line printed for a test that failed and is run once more (the integration, UI and
 * extension-host stages): scripts/run-all-tests.mjs finds these lines by their "↻ FLAKY" start.
 */
export function retryLine(test: Mocha.Test, err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const first = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return `      ↻ FLAKY (failed once, run again): ${test.fullTitle()} — ${first}`;
}
