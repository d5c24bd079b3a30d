import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (tests run from out/test/…, sources live in test/…). */
export const repoRoot = resolve(__dirname, '..', '..', '..');

/** A binary built by scripts/build-tools.sh, or a clear failure saying how to get it. */
export function toolBinary(name: string): string {
  const path = join(repoRoot, '.build', 'bin', name);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: the Go test tools are not built. Run \`bash scripts/build-tools.sh\` (npm test and npm run test:integration do it for you).`,
    );
  }
  return path;
}
