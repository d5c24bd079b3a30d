// Command elector is a real leader election candidate: client-go's tools/leaderelection with a
// Lease lock, as kube-scheduler and kube-controller-manager use it. Lease Lens's tests and demo
// run several of these against the test cluster and watch what the extension shows.
//
// It prints one JSON line on stdout per event (see jsonLine); client-go's own klog lines go to
// stderr. SIGTERM/SIGINT cancel the election (releasing the lock with --release-on-cancel) and
// exit 0; --crash-after and SIGUSR1 exit 1 at once without releasing, like a crashed leader.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"
	coordinationv1 "k8s.io/api/coordination/v1"
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

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
	kubeContext := flag.String("context", "", "kubeconfig context (default: its current context)")
	namespace := flag.String("namespace", "default", "namespace of the lock")
	name := flag.String("name", "", "name of the Lease (required)")
	identity := flag.String("identity", "", "this candidate's identity (default: <hostname>_<uuid>, like real components)")
	leaseDuration := flag.Duration("lease-duration", 15*time.Second, "how long standbys wait after last observing a change before taking over")
	renewDeadline := flag.Duration("renew-deadline", 10*time.Second, "how long the leader retries renewing before giving up leadership")
	retryPeriod := flag.Duration("retry-period", 2*time.Second, "how often candidates try to acquire or renew")
	releaseOnCancel := flag.Bool("release-on-cancel", false, "release the lock (empty holder) on SIGTERM/SIGINT")
	crashAfter := flag.Duration("crash-after", 0, "exit 1 without releasing after leading this long (0: never)")
	exitOnLost := flag.Bool("exit-on-lost", false, "exit 1 when leadership is lost, like real components (default: stand again as a candidate)")
	recordEvents := flag.Bool("record-events", true, "record LeaderElection Events on the Lease, as real components do")
	coordinated := flag.Bool("coordinated", false, "coordinated leader election: publish a LeaseCandidate named after the identity and let the API server pick the holder")
	binaryVersion := flag.String("binary-version", "1.37.0", "LeaseCandidate binaryVersion (with --coordinated)")
	emulationVersion := flag.String("emulation-version", "1.37.0", "LeaseCandidate emulationVersion (with --coordinated)")
	qps := flag.Float64("qps", 20, "client QPS")
	flag.Parse()

	if *name == "" {
		fatalf("--name is required")
	}
	if *identity == "" {
		host, _ := os.Hostname()
		*identity = host + "_" + uuid.NewString()
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
	rc.UserAgent = "lease-lens-elector/" + *identity
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
		lockConfig.EventRecorder = broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "lease-lens-elector", Host: *identity})
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

	if *coordinated {
		candidate, waiter, err := leaderelection.NewCandidate(client, *namespace, *identity, *name, *binaryVersion, *emulationVersion, coordinationv1.OldestEmulationVersion)
		if err != nil {
			fatalf("lease candidate: %v", err)
		}
		go candidate.Run(ctx)
		waiter.WaitForCacheSync(ctx.Done())
	}

	out.event("started", map[string]any{"namespace": *namespace, "name": *name, "lockType": "leases", "coordinated": *coordinated})
	var leading atomic.Bool
	for ctx.Err() == nil {
		leaderelection.RunOrDie(ctx, leaderelection.LeaderElectionConfig{
			Lock: &resourcelock.LeaseLock{
				LeaseMeta:  metaFor(*namespace, *name),
				Client:     client.CoordinationV1(),
				LockConfig: lockConfig,
			},
			LeaseDuration:   *leaseDuration,
			RenewDeadline:   *renewDeadline,
			RetryPeriod:     *retryPeriod,
			ReleaseOnCancel: *releaseOnCancel,
			Coordinated:     *coordinated,
			Name:            *name,
			Callbacks: leaderelection.LeaderCallbacks{
				OnStartedLeading: func(leaderCtx context.Context) {
					leading.Store(true)
					out.event("leading", map[string]any{"leader": *identity})
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
					out.event("new-leader", map[string]any{"leader": id})
				},
			},
		})
		if ctx.Err() == nil && *exitOnLost {
			out.event("exiting", map[string]any{"reason": "leadership lost"})
			os.Exit(1)
		}
	}
	if broadcaster != nil {
		// Give the last LeaderElection event a moment to reach the server.
		time.Sleep(300 * time.Millisecond)
		broadcaster.Shutdown()
	}
	out.event("exiting", map[string]any{"reason": "signal"})
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "elector: "+strings.TrimSuffix(format, "\n")+"\n", args...)
	os.Exit(2)
}
