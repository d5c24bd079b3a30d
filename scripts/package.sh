#!/usr/bin/env bash
# Builds lease-lens-<version>.vsix with @vscode/vsce from the minified bundles. Everything the
# extension runs is bundled, so the package carries no node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh node
node scripts/build.mjs --production
npx vsce package --no-dependencies --allow-missing-repository --skip-license=false "$@"
ls -l ./*.vsix | awk '{ printf "packaged %s: %.0f KiB\n", $9, $5 / 1024 }'
