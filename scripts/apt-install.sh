#!/usr/bin/env bash
# Installs Debian packages with apt-get, as root or through passwordless sudo; used by the set-up
# scripts for what the tests need from Debian (chromium, ripgrep, tinyproxy).
#   apt-install.sh PACKAGE…
set -euo pipefail
[ $# -gt 0 ] || exit 0
started=$(date +%s)
echo "› installing $* with apt-get (once per machine)…"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
    echo "apt-install: $* missing and not root; install them with apt-get (Debian packages $*)" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq </dev/null
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" </dev/null >/dev/null
echo "  apt-get install $*: $(( $(date +%s) - started )) s"
