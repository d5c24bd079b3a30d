#!/usr/bin/env bash
# npm run demo [-- --check | --server | --desktop]
# The main job: a real kube-apiserver with the cluster's own kube-scheduler and
# kube-controller-manager, real client-go electors playing out the elections an operator meets,
# and VS Code with Lease Lens on it. Ctrl-C stops everything it started.
#   --check    the same, then headless Chromium checks the tree and the dashboard against the API
#              server, writes demo-output/tree.png, dashboard.png, hover.png,
#              attention.png and payment-gateway-timeline.md, prints one line, stops, exits
#              0 (non-zero with the reason when anything is missing)
#   --server   the VS Code server on loopback (the URL is printed) even where `code` exists
#   --desktop  VS Code desktop (`code --extensionDevelopmentPath`), which needs a display
# Installs or builds what is missing first (npm dependencies, Go tools, the control plane, the VS
# Code server and Chromium); everything is cached, so later runs start in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
bash scripts/ensure-deps.sh node go vscode
bash scripts/build-tools.sh controlplane
node scripts/build.mjs >/dev/null
echo "demo: dependencies and builds checked in $(( $(date +%s) - t0 )) s"
exec node out/test/support/demo/runDemo.js "$@"
