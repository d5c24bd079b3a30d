#!/usr/bin/env bash
# Installs what a stage needs, once; set-up that is already done is skipped in about a second.
#   node    npm dependencies (npm ci when node_modules is missing or older than package-lock.json)
#   go      the Go tools under tools/ (real kube-apiserver, electors) into .build/bin
#   vscode  Debian's chromium and ripgrep, and the VS Code server from code-server
#   proxy   Debian's tinyproxy (a real HTTP proxy for the proxy tests)
set -euo pipefail
cd "$(dirname "$0")/.."
for what in "$@"; do
  case "$what" in
    node)
      if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "› installing npm dependencies (npm ci)…"
        npm ci --no-audit --no-fund --loglevel=error
      fi ;;
    go)
      bash scripts/build-tools.sh ;;
    vscode)
      bash scripts/install-vscode-server.sh ;;
    proxy)
      [ -x /usr/bin/tinyproxy ] || bash scripts/apt-install.sh tinyproxy
      [ -x /usr/bin/tinyproxy ] || { echo "ensure-deps: /usr/bin/tinyproxy is still missing after apt-get" >&2; exit 1; } ;;
    *) echo "ensure-deps: unknown part $what" >&2; exit 2 ;;
  esac
done
