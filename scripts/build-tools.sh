#!/usr/bin/env bash
# Builds the Go test and demo tools under tools/ into .build/bin:
#   kube-testenv    a real kube-apiserver (k8s.io/kubernetes v1.37.2) with embedded etcd
#   elector         a client-go v0.37.2 leader election candidate (Lease lock)
#   heartbeats      node heartbeat Leases in kube-node-lease, like a large cluster's kubelets
#   legacy-elector  a client-go v0.23.17 candidate (ConfigMap/Endpoints locks and MultiLocks)
# and, only when asked (`build-tools.sh controlplane`; the demo asks, the test stages do not):
#   controlplane    the real kube-scheduler and kube-controller-manager (same k8s.io/kubernetes)
#   kubectl         kubectl v1.37.2 from the same module, the benchmark's baseline (`npm run bench` asks)
# Arguments: `test` (the default: the four above), `controlplane`, `kubectl`, or several.
# Go caches by content: the first build compiles kube-apiserver (about 9 minutes on two cores),
# later builds with nothing changed take a few seconds. See tools/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# Go's own installer puts it in /usr/local/go, which a non-login shell may not have on PATH.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<'MSG'
build-tools: `go` is not on PATH. The test tools (a real kube-apiserver and client-go electors)
need Go 1.26 or newer: install it from your distribution or the Go project's installer (put
/usr/local/go/bin on PATH), then run this script again.
MSG
  exit 127
fi

out="$PWD/.build/bin"
mkdir -p "$out"
export CGO_ENABLED=0
# Without the version, the server reports v0.0.0-master+$Format:%H$ and kubectl cannot parse it.
version_flags="-X k8s.io/component-base/version.gitVersion=v1.37.2 -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=37 -X k8s.io/component-base/version.gitTreeState=clean"
flags=(-trimpath -buildvcs=false)

took() {
  local ms=$(( ($(date +%s%N) - $1) / 1000000 ))
  printf '%d.%01d s' $((ms / 1000)) $(((ms % 1000) / 100))
}

build_test_tools() {
  if [ ! -x "$out/kube-testenv" ]; then
    echo "build-tools: first build of kube-apiserver from source: about 9 minutes on two cores (later builds take seconds)…"
  fi
  local start; start=$(date +%s%N)
  (cd tools && go build "${flags[@]}" -ldflags "-s -w $version_flags" -o "$out/" ./kube-testenv ./elector ./heartbeats)
  (cd tools/legacy-elector && go build "${flags[@]}" -ldflags "-s -w" -o "$out/legacy-elector" .)
  echo "build-tools: kube-testenv, elector, heartbeats, legacy-elector in .build/bin ($(took "$start"))"
}

build_controlplane() {
  if [ ! -x "$out/controlplane" ]; then
    echo "build-tools: first build of kube-scheduler and kube-controller-manager from source: about 4 minutes on two cores once kube-apiserver is built (later builds take seconds)…"
  fi
  local start; start=$(date +%s%N)
  (cd tools && go build "${flags[@]}" -ldflags "-s -w $version_flags" -o "$out/" ./controlplane)
  echo "build-tools: controlplane (kube-scheduler, kube-controller-manager) in .build/bin ($(took "$start"))"
}

build_kubectl() {
  if [ ! -x "$out/kubectl" ]; then
    echo "build-tools: first build of kubectl v1.37.2 from source: under a minute once kube-apiserver is built, about 5 minutes from nothing…"
  fi
  local start; start=$(date +%s%N)
  (cd tools && go build "${flags[@]}" -ldflags "-s -w $version_flags" -o "$out/" ./kubectl)
  echo "build-tools: kubectl v1.37.2 in .build/bin ($(took "$start"))"
}

[ $# -gt 0 ] || set -- test
for what in "$@"; do
  case "$what" in
    test) build_test_tools ;;
    controlplane) build_controlplane ;;
    kubectl) build_kubectl ;;
    *) echo "build-tools: unknown part $what (test, controlplane, kubectl)" >&2; exit 2 ;;
  esac
done
