#!/usr/bin/env bash
# Starts a real kube-apiserver with etcd on loopback (tools/kube-testenv) in the foreground, for
# poking at by hand or pointing the extension at. Ctrl-C stops it. Extra arguments go to
# kube-testenv (e.g. --port 6443; after `--`, kube-apiserver flags).
# A fresh cluster each run, in .build/testenv (kubeconfig, log, etcd data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-tools.sh

dir="$PWD/.build/testenv"
if [ -f "$dir/kube-testenv.pid" ] && kill -0 "$(cat "$dir/kube-testenv.pid")" 2>/dev/null; then
  echo "testenv: already running (pid $(cat "$dir/kube-testenv.pid")); export KUBECONFIG=$dir/kubeconfig" >&2
  exit 1
fi
rm -rf "$dir"
echo "testenv: starting kube-apiserver and etcd (log: $dir/kube-testenv.log)…"

announce() {
  local line server
  while IFS= read -r line; do
    case "$line" in
      '{"kubeconfig":'*)
        server=$(printf '%s' "$line" | sed -n 's/.*"server":"\([^"]*\)".*/\1/p')
        printf '%s\n' "$line"
        cat <<MSG

testenv: ready at $server
  kubeconfig: $dir/kubeconfig  (contexts testenv-admin, testenv-readonly)
  export KUBECONFIG=$dir/kubeconfig
  kubectl --context testenv-readonly get leases -A
Ctrl-C stops it.
MSG
        ;;
      *) printf '%s\n' "$line" ;;
    esac
  done
}

exec .build/bin/kube-testenv --dir "$dir" "$@" > >(announce)
