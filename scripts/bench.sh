#!/usr/bin/env bash
# npm run bench [-- --quick] [-- --json FILE]: the store micro-benchmark, then Lease Lens's
# pipeline against the real API server beside kubectl and a plain informer. Prints figures and
# ratios; asserts nothing.
# npm run bench -- --views [--views-leases N] [--views-rate R] [--views-seconds S] [--json FILE]:
# the tree and the dashboard at 65,000 node heartbeats, in the real VS Code (test/bench/viewsBench.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh node go
node scripts/build.mjs --production >/dev/null
# --views: the tree and the dashboard at 65,000 node heartbeats in the real VS Code (viewsBench.ts).
if [[ " $* " == *" --views "* ]]; then
  bash scripts/ensure-deps.sh go vscode
  echo "━━━ views benchmark (real VS Code, real kube-apiserver) ━━━"
  exec node out/test/bench/viewsBench.js "$@"
fi
echo "━━━ store micro-benchmark (src/core, fake clock) ━━━"
node out/test/bench/storeBench.js 5
echo
echo "━━━ cluster benchmark (real kube-apiserver) ━━━"
node out/test/bench/clusterBench.js "$@"
