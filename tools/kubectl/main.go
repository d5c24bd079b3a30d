// Command kubectl is kubectl v1.37.2, the API server's own version, built from the same
// k8s.io/kubernetes module as kube-testenv: the benchmark's baseline (`kubectl get leases -A -w`)
// must be a client within the supported version skew of the server it watches, not whatever
// kubectl happens to be on PATH. This is k8s.io/kubernetes/cmd/kubectl/kubectl.go (Apache 2.0,
// The Kubernetes Authors) as a main of this module, so that it builds with tools/go.mod's pins.
// Built only for the benchmark: `scripts/build-tools.sh kubectl`.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"

	// The client auth plugins (exec, OIDC), as upstream kubectl registers them.
	_ "k8s.io/client-go/plugin/pkg/client/auth"
)

func main() {
	// Upstream sets the log verbosity before the command is built (plugins and .kuberc are read
	// during construction and may log).
	logs.GlogSetter(cmd.GetLogVerbosity(os.Args)) // nolint:errcheck
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}
