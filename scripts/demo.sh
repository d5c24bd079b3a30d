#!/usr/bin/env bash
# The main job: a real API server with real electors and the extension open in VS Code.
# This first version builds everything and starts the real cluster; the full scene (control plane,
# scripted elections, the workbench) comes with the demo issue.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh node go
node scripts/build.mjs
echo "Lease Lens is built (dist/). The scripted demo scene and the VS Code workbench are not wired yet;"
echo "starting the real test cluster instead (Ctrl-C stops it)."
exec bash scripts/testenv.sh
