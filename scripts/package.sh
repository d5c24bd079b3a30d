#!/usr/bin/env bash
# npm run package [-- [--no-build] vsce package options, e.g. --out DIR/]
# Builds lease-lens-<version>.vsix with @vscode/vsce from the minified bundles. Everything the
# extension runs is bundled (dist/extension.js with @kubernetes/client-node inside, and
# dist/webview/dashboard.js), so the package carries no node_modules; .vscodeignore keeps it to
# the bundles, media/, README, CHANGELOG and LICENSE. Prints its size and contents.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh node
# --no-build: package the bundles as they are (the .vsix test packages what its stage built).
if [ "${1:-}" = "--no-build" ]; then
  shift
  node scripts/render-icon.mjs >/dev/null
else
  node scripts/build.mjs --production
fi
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
# --readme-path: the packaged README (scripts/package-readme.mjs) has no screenshots and no
# relative links, which an extension page without a repository URL could not show.
readme=$(node scripts/package-readme.mjs)
node_modules/.bin/vsce package --no-dependencies --allow-missing-repository --readme-path "$readme" --out "$out" "${args[@]}" 2>&1 | tee .build/package/vsce.log
if grep -qi 'warning' .build/package/vsce.log; then
  echo "package: vsce printed a warning (above): fix it rather than ship it" >&2
  exit 1
fi
bytes=$(stat -c %s "$out")
printf 'packaged %s: %d KiB (%d bytes), holding:\n' "$out" $((bytes / 1024)) "$bytes"
# What .vscodeignore lets in, by vsce's own rules (unzip is not on every machine).
node_modules/.bin/vsce ls --no-dependencies --readme-path "$readme" | while IFS= read -r f; do
  [ -f "$f" ] || f="$readme"
  [ -f "$f" ] && printf '  %9d  %s\n' "$(stat -c %s "$f")" "$f"
done
