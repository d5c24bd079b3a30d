#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, then runs
# lint, typecheck, unit, integration, extension host (real VS Code) and UI (playwright) in that
# order, and ends with one summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh node || { echo "npm dependencies could not be installed"; echo "0 passed, 1 failed"; exit 1; }
exec node scripts/run-all-tests.mjs "$@"
