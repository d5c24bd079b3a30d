// A test whose real part is missing must not pass by skipping. Under `npm test` (and CI) it fails
// with what is missing and how to get it; only the desktop runner (`npm run test:desktop`, which
// sets LEASE_LENS_ALLOW_SKIP=1 because it has no cluster wired in) may skip.

export const ALLOW_SKIP_ENV = 'LEASE_LENS_ALLOW_SKIP';

/** Skips (desktop runner) or fails with `what` and `howToGet`. Never returns. */
export function missingPart(test: Mocha.Context, what: string, howToGet: string): never {
  if (process.env[ALLOW_SKIP_ENV] === '1') test.skip();
  throw new Error(`${what} is missing: ${howToGet}`);
}
