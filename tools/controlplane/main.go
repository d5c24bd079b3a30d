// Command controlplane runs the cluster's own control plane beside kube-testenv: the real
// kube-scheduler and kube-controller-manager from k8s.io/kubernetes (the same module and version
// as the API server), chosen by the first argument. Both elect a leader through their
// kube-system Leases exactly as in a real cluster, which is what the Lease Lens demo shows.
//
//	controlplane kube-scheduler          [kube-scheduler flags…]
//	controlplane kube-controller-manager [kube-controller-manager flags…]
//
// One component per process: each command installs a process-wide signal handler and uses
// global registries, so the demo starts one process per instance.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"k8s.io/component-base/cli"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var cmd *cobra.Command
	switch os.Args[1] {
	case "kube-scheduler", "scheduler":
		cmd = scheduler.NewSchedulerCommand()
	case "kube-controller-manager", "controller-manager":
		cmd = controllermanager.NewControllerManagerCommand()
	case "-h", "--help", "help":
		usage()
	default:
		fmt.Fprintf(os.Stderr, "controlplane: unknown component %q\n", os.Args[1])
		usage()
	}
	cmd.SetArgs(os.Args[2:])
	// cli.Run is what cmd/kube-scheduler and cmd/kube-controller-manager call: it sets up klog
	// flags and logging the same way and returns the exit code.
	os.Exit(cli.Run(cmd))
}

func usage() {
	name := filepath.Base(os.Args[0])
	fmt.Fprintf(os.Stderr, "usage: %s kube-scheduler|kube-controller-manager [flags…]\n", name)
	os.Exit(2)
}
