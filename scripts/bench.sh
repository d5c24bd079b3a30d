#!/usr/bin/env bash
# npm run bench [-- --quick] [-- --json FILE]: the store micro-benchmark, then Lease Lens's
# pipeline against the real API server beside kubectl and a plain informer. Prints figures and
# ratios; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh node go
node scripts/build.mjs --production >/dev/null
echo "━━━ store micro-benchmark (src/core, fake clock) ━━━"
node out/test/bench/storeBench.js 5
echo "━━━ attention count (src/core, fake clock) ━━━"
node out/test/bench/attentionBench.js 10
echo
echo "━━━ cluster benchmark (real kube-apiserver) ━━━"
node out/test/bench/clusterBench.js "$@"
