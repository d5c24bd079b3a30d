// Command legacy-elector is a real leader election candidate on client-go 1.23 (v0.23.17): the
// last release with the ConfigMap and Endpoints lock types, and with the configmapsleases and
// endpointsleases MultiLocks that older components migrated through. Lease Lens shows such locks
// from the leader record JSON in the annotation control-plane.alpha.kubernetes.io/leader.
//
// Same flags and JSON lines as tools/elector, plus --lock-type; kept in its own module because
// it needs the old client-go. SIGTERM/SIGINT cancel the election (releasing with
// --release-on-cancel) and exit 0; --crash-after and SIGUSR1 exit 1 at once without releasing.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/client-go/tools/record"
)

var lockTypes = map[string]bool{
	resourcelock.ConfigMapsResourceLock:       true, // "configmaps"
	resourcelock.EndpointsResourceLock:        true, // "endpoints"
	resourcelock.ConfigMapsLeasesResourceLock: true, // "configmapsleases": ConfigMap primary, Lease secondary
	resourcelock.EndpointsLeasesResourceLock:  true, // "endpointsleases": Endpoints primary, Lease secondary
	resourcelock.LeasesResourceLock:           true, // "leases"
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
	kubeContext := flag.String("context", "", "kubeconfig context (default: its current context)")
	namespace := flag.String("namespace", "default", "namespace of the lock")
	name := flag.String("name", "", "name of the lock object(s) (required)")
	identity := flag.String("identity", "", "this candidate's identity (default: <hostname>_<uuid>, like real components)")
	lockType := flag.String("lock-type", resourcelock.ConfigMapsResourceLock, "configmaps, endpoints, configmapsleases, endpointsleases or leases")
	leaseDuration := flag.Duration("lease-duration", 15*time.Second, "how long standbys wait after last observing a change before taking over")
	renewDeadline := flag.Duration("renew-deadline", 10*time.Second, "how long the leader retries renewing before giving up leadership")
	retryPeriod := flag.Duration("retry-period", 2*time.Second, "how often candidates try to acquire or renew")
	releaseOnCancel := flag.Bool("release-on-cancel", false, "release the lock (empty holder) on SIGTERM/SIGINT")
	crashAfter := flag.Duration("crash-after", 0, "exit 1 without releasing after leading this long (0: never)")
	exitOnLost := flag.Bool("exit-on-lost", false, "exit 1 when leadership is lost, like real components (default: stand again as a candidate)")
	recordEvents := flag.Bool("record-events", true, "record LeaderElection Events on the lock object, as real components do")
	qps := flag.Float64("qps", 20, "client QPS")
	flag.Parse()

	if *name == "" {
		fatalf("--name is required")
	}
	if !lockTypes[*lockType] {
		fatalf("unknown --lock-type %q", *lockType)
	}
	if *identity == "" {
		host, _ := os.Hostname()
		*identity = host + "_" + uuid.New().String()
	}
	out := newLogger(*identity)

	rc, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: *kubeconfig, Precedence: clientcmd.NewDefaultClientConfigLoadingRules().Precedence},
		&clientcmd.ConfigOverrides{CurrentContext: *kubeContext},
	).ClientConfig()
	if err != nil {
		fatalf("loading kubeconfig: %v", err)
	}
	rc.QPS, rc.Burst = float32(*qps), int(*qps)*2
	rc.UserAgent = "lease-lens-legacy-elector/" + *identity
	// Deprecation warnings (v1 Endpoints, v1beta1 LeaseCandidate) on every retry would drown the log.
	rc.WarningHandler = rest.NoWarnings{}
	client, err := kubernetes.NewForConfig(rc)
	if err != nil {
		fatalf("client: %v", err)
	}

	lockConfig := resourcelock.ResourceLockConfig{Identity: *identity}
	var broadcaster record.EventBroadcaster
	if *recordEvents {
		broadcaster = record.NewBroadcaster()
		broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
		lockConfig.EventRecorder = broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "lease-lens-legacy-elector", Host: *identity})
	}

	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1)
	go func() {
		for s := range signals {
			if s == syscall.SIGUSR1 {
				out.crash("SIGUSR1")
			}
			cancel()
		}
	}()

	out.event("started", map[string]interface{}{"namespace": *namespace, "name": *name, "lockType": *lockType})
	var leading atomic.Bool
	for ctx.Err() == nil {
		// A new lock per round: the lock objects cache what they last read.
		lock, err := resourcelock.New(*lockType, *namespace, *name, client.CoreV1(), client.CoordinationV1(), lockConfig)
		if err != nil {
			fatalf("lock: %v", err)
		}
		leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
			Lock:            lock,
			LeaseDuration:   *leaseDuration,
			RenewDeadline:   *renewDeadline,
			RetryPeriod:     *retryPeriod,
			ReleaseOnCancel: *releaseOnCancel,
			Name:            *name,
			Callbacks: leaderelection.LeaderCallbacks{
				OnStartedLeading: func(leaderCtx context.Context) {
					leading.Store(true)
					out.event("leading", map[string]interface{}{"leader": *identity})
					if *crashAfter > 0 {
						select {
						case <-time.After(*crashAfter):
							out.crash("crash-after")
						case <-leaderCtx.Done():
						}
					}
				},
				// client-go calls this whenever Run returns, also when this candidate never led.
				OnStoppedLeading: func() {
					if leading.Swap(false) {
						out.event("stopped-leading", nil)
					}
				},
				OnNewLeader: func(id string) {
					out.event("new-leader", map[string]interface{}{"leader": id})
				},
			},
		})
		if ctx.Err() == nil && *exitOnLost {
			out.event("exiting", map[string]interface{}{"reason": "leadership lost"})
			os.Exit(1)
		}
	}
	if broadcaster != nil {
		// Give the last LeaderElection event a moment to reach the server.
		time.Sleep(300 * time.Millisecond)
		broadcaster.Shutdown()
	}
	out.event("exiting", map[string]interface{}{"reason": "signal"})
}

func fatalf(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "legacy-elector: "+format+"\n", args...)
	os.Exit(2)
}
