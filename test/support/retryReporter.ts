// mocha's spec reporter, plus one line for every test that failed and is run once more
// (`--retries 1` in the integration and UI stages). Those stages drive real API servers, real
// electors and a real workbench on a two-core machine; a test that fails on a busy moment and
// passes on its second run is reported as FLAKY with its first error, never hidden, and
// scripts/run-all-tests.mjs counts these lines in its summary.
import Mocha from 'mocha';
import { retryLine } from './retryLine';

const { EVENT_TEST_RETRY } = Mocha.Runner.constants;

class SpecWithRetries extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.on(EVENT_TEST_RETRY, (test: Mocha.Test, err: unknown) => {
      console.log(retryLine(test, err));
    });
  }
}

// mocha loads a reporter given by path with require(): the module itself must be the class.
module.exports = SpecWithRetries;
