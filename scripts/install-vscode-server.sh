#!/usr/bin/env bash
# Installs what the extension-host and UI tests need to run a real VS Code without VS Code desktop:
#   - Debian's chromium (opens the web workbench) and ripgrep (VS Code's search binary), via apt;
#   - the VS Code server bundled in the npm package code-server (only its lib/vscode), into a cache
#     folder outside the clone keyed by version, so every clone on the machine shares it.
# Idempotent: when everything is in place it returns in about a second. A marker file is written
# only at the very end, so an interrupted install is redone from scratch on the next run.
#
#   LEASE_LENS_CACHE   cache root (default ~/.cache/lease-lens)
#   CODE_SERVER_VERSION  code-server release whose VS Code to use (default 4.100.3 = VS Code 1.100.3;
#                      the newest that runs on Node 20)
# Prints the server folder on its last line ("vscode server: <dir>").
set -euo pipefail

version="${CODE_SERVER_VERSION:-4.100.3}"
cache="${LEASE_LENS_CACHE:-$HOME/.cache/lease-lens}"
dest="$cache/vscode-server-$version"
marker="$dest/.installed"
started=$(date +%s)

elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

# 1. Debian packages. Only when something is missing: apt-get update alone takes several seconds.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ ${#missing[@]} -eq 0 ] || bash "$(dirname "$0")/apt-install.sh" "${missing[@]}"
[ -x /usr/bin/chromium ] || { echo "install-vscode-server: /usr/bin/chromium is still missing after apt-get" >&2; exit 1; }
rg_path="$(command -v rg)" || { echo "install-vscode-server: rg is still missing after apt-get" >&2; exit 1; }

# 2. The VS Code server from code-server's npm package.
if [ -f "$marker" ] && [ -f "$dest/lib/vscode/out/server-main.js" ]; then
  echo "vscode server: $dest/lib/vscode (already installed; checked in $(elapsed "$started"))"
  exit 0
fi

mkdir -p "$cache"
# Two clones on one machine may install at once: one installs, the other waits and then skips.
exec 9>"$cache/.vscode-server-$version.lock"
flock 9
if [ -f "$marker" ] && [ -f "$dest/lib/vscode/out/server-main.js" ]; then
  echo "vscode server: $dest/lib/vscode (installed meanwhile by another run)"
  exit 0
fi

echo "› installing the VS Code server of code-server@$version into $dest (once per machine, about a minute)…"
# Whatever is there without the marker is an interrupted install (or a stale work folder): redo it.
rm -rf "$dest" "$cache/.vscode-server-$version."*/
work="$(mktemp -d "$cache/.vscode-server-$version.XXXXXX")"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

t=$(date +%s)
tarball="$(cd "$work" && npm pack --silent "code-server@$version" | tail -n 1)"
tar -xzf "$work/$tarball" -C "$work" package/lib/vscode
rm -f "$work/$tarball"
echo "  npm pack + extract lib/vscode: $(elapsed "$t")"

vscode="$work/package/lib/vscode"
t=$(date +%s)
# --ignore-scripts: the postinstall scripts download prebuilt binaries from GitHub (ripgrep) or
# build addons the server does not need (kerberos, argon2).
(cd "$vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
echo "  npm install --omit=dev --ignore-scripts: $(elapsed "$t")"

t=$(date +%s)
# The native addons the server loads, built against the installed Node's headers.
(cd "$vscode" && npm_config_nodedir=/usr npm_config_yes=true npm rebuild --loglevel=error @vscode/spdlog native-watchdog node-pty >/dev/null)
for addon in @vscode/spdlog native-watchdog node-pty; do
  if ! find "$vscode/node_modules/$addon/build" -name '*.node' 2>/dev/null | grep -q .; then
    echo "install-vscode-server: the native addon $addon did not build (is a C++ toolchain installed? apt-get install build-essential python3)" >&2
    exit 1
  fi
done
echo "  npm rebuild native addons: $(elapsed "$t")"

# VS Code's search runs @vscode/ripgrep/bin/rg; its postinstall would download it from GitHub.
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
cp "$rg_path" "$vscode/node_modules/@vscode/ripgrep/bin/rg"

# Publish atomically: move into place, then write the marker last.
mkdir -p "$dest/lib"
mv "$vscode" "$dest/lib/vscode"
printf 'code-server %s\ninstalled %s\n' "$version" "$(date -u +%FT%TZ)" >"$marker"
echo "vscode server: $dest/lib/vscode (installed in $(elapsed "$started"), $(du -sh "$dest" | cut -f1))"
