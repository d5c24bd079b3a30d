#!/usr/bin/env bash
# npm run package [-- vsce package options, e.g. --out DIR/]
# Builds lease-lens-<version>.vsix with @vscode/vsce from the minified bundles. Everything the
# extension runs is bundled (dist/extension.js with @kubernetes/client-node inside, and
# dist/webview/dashboard.js), so the package carries no node_modules; .vscodeignore keeps it to
# the bundles, media/, README, CHANGELOG and LICENSE. Prints its size and contents.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh node
node scripts/build.mjs --production
version=$(node -p "require('./package.json').version")
out="lease-lens-$version.vsix"
args=("$@")
# An --out given by the caller wins (vsce takes the last one).
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    -o | --out) out="${args[$((i + 1))]:-$out}" ;;
    --out=*) out="${args[$i]#--out=}" ;;
  esac
done
case "$out" in */) out="${out%/}/lease-lens-$version.vsix" ;; esac
# --no-dependencies: nothing from node_modules is needed at run time (see above).
# --allow-missing-repository: the project has no public repository URL yet.
# --no-rewrite-relative-links: without a repository URL vsce cannot turn the README's relative
# links into absolute ones (and refuses to package). VS Code's extension page shows only https:
# images, so until package.json names a repository the screenshots show there as their alt text.
node_modules/.bin/vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links --out "$out" "${args[@]}"
bytes=$(stat -c %s "$out")
printf 'packaged %s: %d KiB (%d bytes), holding:\n' "$out" $((bytes / 1024)) "$bytes"
# What .vscodeignore lets in, by vsce's own rules (unzip is not on every machine).
node_modules/.bin/vsce ls --no-dependencies | while IFS= read -r f; do
  [ -f "$f" ] && printf '  %9d  %s\n' "$(stat -c %s "$f")" "$f"
done
