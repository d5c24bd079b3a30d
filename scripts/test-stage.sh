#!/usr/bin/env bash
# Runs one test stage: unit | integration | extension | ui | desktop.
# Builds first (esbuild, well under a second), then runs the stage's mocha suite.
set -euo pipefail
cd "$(dirname "$0")/.."
stage="${1:?usage: test-stage.sh unit|integration|extension|ui|desktop}"
shift || true
bash scripts/ensure-deps.sh node
node scripts/build.mjs >/dev/null
mocha=(node node_modules/mocha/bin/mocha.js --color=false)
# Stages on real parts run a failed test once more and say so (FLAKY lines, counted by
# run-all-tests.mjs); LEASE_LENS_RETRIES=0 turns that off to chase a flake.
retry=(--retries "${LEASE_LENS_RETRIES:-1}" --reporter out/test/support/retryReporter.js)
case "$stage" in
  unit)
    exec "${mocha[@]}" --timeout 20000 'out/test/unit/**/*.test.js' "$@" ;;
  integration)
    bash scripts/ensure-deps.sh go proxy
    exec "${mocha[@]}" --timeout 120000 "${retry[@]}" --require out/test/support/integrationHooks.js 'out/test/integration/**/*.test.js' "$@" ;;
  extension)
    bash scripts/ensure-deps.sh go vscode
    exec node out/test/support/runClusterExtensionTests.js "$@" ;;
  ui)
    bash scripts/ensure-deps.sh go vscode proxy
    exec "${mocha[@]}" --timeout 180000 "${retry[@]}" --require out/test/support/integrationHooks.js 'out/test/ui/**/*.test.js' "$@" ;;
  desktop)
    bash scripts/ensure-deps.sh go
    exec node out/test/support/runDesktopTests.js "$@" ;;
  *) echo "unknown stage: $stage" >&2; exit 2 ;;
esac
