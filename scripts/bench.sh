#!/usr/bin/env bash
# npm run bench [-- --quick | --scale | --soak [--soak-minutes N]] [-- --json FILE]: the store
# micro-benchmark, then Lease Lens's pipeline against the real API server beside kubectl v1.37.2
# (built from tools/kubectl) and a plain informer. Prints figures and ratios; fails when a party
# missed a write. Builds what it needs first (the Go tools, kubectl, for --soak the control plane).
# npm run bench -- --views [--views-leases N] [--views-rate R] [--views-seconds S] [--json FILE]:
# the tree and the dashboard at 65,000 node heartbeats, in the real VS Code (test/bench/viewsBench.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh node
parts=(test kubectl)
for a in "$@"; do
  case "$a" in
    --soak) parts+=(controlplane) ;;
    --soak-minutes|--parts|--json|--heap-snapshots|--quick|--scale|--reuse-recording|--views|--views-leases|--views-rate|--views-seconds|[!-]*) ;;
    *) echo "bench: unknown argument $a (--quick, --scale [--parts real,replay,many], --soak [--soak-minutes N], --views [--views-leases N --views-rate R --views-seconds S], --json FILE)" >&2; exit 2 ;;
  esac
done
if ! bash scripts/build-tools.sh "${parts[@]}"; then
  echo "bench: the Go tools (kube-apiserver, kubectl v1.37.2${parts[2]:+, the control plane}) could not be built; see the messages above. The benchmark needs them: it measures against a real API server and compares with kubectl of the server's own version." >&2
  exit 1
fi
if [ ! -x .build/bin/kubectl ]; then
  echo "bench: .build/bin/kubectl is missing after the build: run \`bash scripts/build-tools.sh kubectl\` and read its errors." >&2
  exit 1
fi
node scripts/build.mjs --production >/dev/null
# --views: the tree and the dashboard at 65,000 node heartbeats in the real VS Code (viewsBench.ts).
if [[ " $* " == *" --views "* ]]; then
  bash scripts/ensure-deps.sh vscode
  echo "━━━ views benchmark (real VS Code, real kube-apiserver) ━━━"
  exec node out/test/bench/viewsBench.js "$@"
fi
if [[ " $* " != *" --scale "* && " $* " != *" --soak "* ]]; then
  echo "━━━ store micro-benchmark (src/core, fake clock) ━━━"
  node out/test/bench/storeBench.js 5
  echo "━━━ attention count (src/core, fake clock) ━━━"
  node out/test/bench/attentionBench.js 10
  echo
fi
echo "━━━ cluster benchmark (real kube-apiserver) ━━━"
node out/test/bench/clusterBench.js "$@"
