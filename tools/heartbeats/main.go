// Command heartbeats imitates the node heartbeat Leases of a large cluster: N Leases in
// kube-node-lease named node-0000…, each held by its node name with leaseDurationSeconds 40 and
// renewed every --interval (10 s, like the kubelet), the renewals spread evenly over the
// interval. --stale K leaves the last K Leases alone after creating them, like dead nodes.
//
// stdout carries JSON lines (see below); errors go to stderr. SIGTERM/SIGINT stop renewing and
// exit 0 (the Leases stay, and go stale, unless --cleanup).
//
//	{"event":"ready","namespace":…,"count":N,"stale":K,"staleNames":[…],"interval":"10s","first":"node-0000","last":…,"createMs":…,"time":…}
//	{"event":"stats","renewals":…,"conflicts":…,"errors":…,"skipped":…,"time":…}   every --report (0: never)
//	{"event":"exiting","renewals":…,"conflicts":…,"errors":…,"skipped":…,"time":…}
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/ptr"
)

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
	kubeContext := flag.String("context", "", "kubeconfig context (default: its current context)")
	namespace := flag.String("namespace", "kube-node-lease", "namespace of the Leases (created if missing)")
	prefix := flag.String("prefix", "node-", "Lease and holder name prefix")
	count := flag.Int("count", 100, "number of Leases")
	stale := flag.Int("stale", 0, "how many of them (the last ones) are never renewed after creation")
	interval := flag.Duration("interval", 10*time.Second, "renew period of each Lease")
	duration := flag.Int("lease-duration", 40, "leaseDurationSeconds written into each Lease")
	workers := flag.Int("workers", 32, "concurrent requests")
	qps := flag.Float64("qps", 1000, "client QPS")
	burst := flag.Int("burst", 1000, "client burst")
	report := flag.Duration("report", 0, "print a stats line this often (0: never)")
	cleanup := flag.Bool("cleanup", false, "delete the Leases on SIGTERM/SIGINT")
	flag.Parse()
	if *count < 1 || *stale < 0 || *stale > *count || *interval <= 0 || *workers < 1 {
		fatalf("need --count ≥ 1, 0 ≤ --stale ≤ --count, --interval > 0, --workers ≥ 1")
	}

	rc, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: *kubeconfig, Precedence: clientcmd.NewDefaultClientConfigLoadingRules().Precedence},
		&clientcmd.ConfigOverrides{CurrentContext: *kubeContext},
	).ClientConfig()
	if err != nil {
		fatalf("loading kubeconfig: %v", err)
	}
	rc.QPS, rc.Burst = float32(*qps), *burst
	rc.UserAgent = "lease-lens-heartbeats"
	// Deprecation warnings (v1 Endpoints, v1beta1 LeaseCandidate) on every retry would drown the log.
	rc.WarningHandler = rest.NoWarnings{}
	client, err := kubernetes.NewForConfig(rc)
	if err != nil {
		fatalf("client: %v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()

	if _, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: *namespace}}, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		fatalf("creating namespace %s: %v", *namespace, err)
	}

	width := len(fmt.Sprint(*count - 1))
	if width < 4 {
		width = 4
	}
	names := make([]string, *count)
	for i := range names {
		names[i] = fmt.Sprintf("%s%0*d", *prefix, width, i)
	}
	h := &heartbeats{client: client, namespace: *namespace, duration: int32(*duration), leases: make([]*coordinationv1.Lease, *count)}

	start := time.Now()
	if err := h.parallel(ctx, *workers, *count, h.create(names)); err != nil {
		fatalf("creating Leases: %v", err)
	}
	live := *count - *stale
	emit("ready", map[string]any{
		"namespace": *namespace, "count": *count, "stale": *stale, "staleNames": names[live:],
		"interval": interval.String(), "first": names[0], "last": names[*count-1],
		"createMs": time.Since(start).Milliseconds(),
	})

	if *report > 0 {
		go func() {
			t := time.NewTicker(*report)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					emit("stats", h.stats())
				}
			}
		}()
	}

	if live > 0 {
		h.renewLoop(ctx, live, *interval, *workers)
	} else {
		<-ctx.Done()
	}

	if *cleanup {
		dctx, dcancel := context.WithTimeout(context.Background(), time.Minute)
		_ = h.parallel(dctx, *workers, *count, func(ctx context.Context, i int) error {
			err := client.CoordinationV1().Leases(*namespace).Delete(ctx, names[i], metav1.DeleteOptions{})
			if apierrors.IsNotFound(err) {
				return nil
			}
			return err
		})
		dcancel()
	}
	emit("exiting", h.stats())
}

type heartbeats struct {
	client    kubernetes.Interface
	namespace string
	duration  int32
	mu        sync.Mutex
	leases    []*coordinationv1.Lease // the last version written, as the kubelet keeps it

	renewals, conflicts, errors, skipped atomic.Int64
}

func (h *heartbeats) stats() map[string]any {
	return map[string]any{"renewals": h.renewals.Load(), "conflicts": h.conflicts.Load(), "errors": h.errors.Load(), "skipped": h.skipped.Load()}
}

// create makes (or takes over) each Lease with a fresh renewTime.
func (h *heartbeats) create(names []string) func(ctx context.Context, i int) error {
	return func(ctx context.Context, i int) error {
		leases := h.client.CoordinationV1().Leases(h.namespace)
		now := metav1.NowMicro()
		want := &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: names[i], Namespace: h.namespace},
			Spec: coordinationv1.LeaseSpec{
				HolderIdentity:       ptr.To(names[i]),
				LeaseDurationSeconds: ptr.To(h.duration),
				RenewTime:            &now,
			},
		}
		got, err := leases.Create(ctx, want, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			old, gerr := leases.Get(ctx, names[i], metav1.GetOptions{})
			if gerr != nil {
				return gerr
			}
			old.Spec = want.Spec
			got, err = leases.Update(ctx, old, metav1.UpdateOptions{})
		}
		if err != nil {
			return err
		}
		h.mu.Lock()
		h.leases[i] = got
		h.mu.Unlock()
		return nil
	}
}

// renewLoop renews Lease k at start + j·interval + k·interval/live, so that the load is even.
func (h *heartbeats) renewLoop(ctx context.Context, live int, interval time.Duration, workers int) {
	// Room for a whole round: a renewal is skipped only when the server is a full interval behind.
	work := make(chan int, live)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				h.renew(ctx, i)
			}
		}()
	}
	step := interval / time.Duration(live)
	start := time.Now()
	for n := 0; ; n++ {
		due := start.Add(interval + time.Duration(n)*step)
		select {
		case <-ctx.Done():
			close(work)
			wg.Wait()
			return
		case <-time.After(time.Until(due)):
		}
		select {
		case work <- n % live:
		default:
			h.skipped.Add(1) // the server is a whole interval behind the rate asked for
		}
	}
}

func (h *heartbeats) renew(ctx context.Context, i int) {
	h.mu.Lock()
	lease := h.leases[i].DeepCopy()
	h.mu.Unlock()
	leases := h.client.CoordinationV1().Leases(h.namespace)
	now := metav1.NowMicro()
	lease.Spec.RenewTime = &now
	got, err := leases.Update(ctx, lease, metav1.UpdateOptions{})
	if apierrors.IsConflict(err) || apierrors.IsNotFound(err) {
		// Someone else wrote it (a test, the extension): like the kubelet, read again and renew.
		h.conflicts.Add(1)
		fresh, gerr := leases.Get(ctx, lease.Name, metav1.GetOptions{})
		if apierrors.IsNotFound(gerr) {
			lease.ResourceVersion = ""
			got, err = leases.Create(ctx, lease, metav1.CreateOptions{})
		} else if gerr == nil {
			fresh.Spec.HolderIdentity = lease.Spec.HolderIdentity
			fresh.Spec.LeaseDurationSeconds = lease.Spec.LeaseDurationSeconds
			fresh.Spec.RenewTime = &now
			got, err = leases.Update(ctx, fresh, metav1.UpdateOptions{})
		} else {
			err = gerr
		}
	}
	if err != nil {
		if ctx.Err() == nil {
			h.errors.Add(1)
			fmt.Fprintf(os.Stderr, "heartbeats: renewing %s: %v\n", lease.Name, err)
		}
		return
	}
	h.renewals.Add(1)
	h.mu.Lock()
	h.leases[i] = got
	h.mu.Unlock()
}

// parallel runs fn(0..n-1) on the given number of workers and returns the first error.
func (h *heartbeats) parallel(ctx context.Context, workers, n int, fn func(ctx context.Context, i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					once.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}

var outMu sync.Mutex

func emit(event string, fields map[string]any) {
	line := map[string]any{}
	for k, v := range fields {
		line[k] = v
	}
	line["event"] = event
	line["time"] = time.Now().UTC().Format(time.RFC3339Nano)
	outMu.Lock()
	defer outMu.Unlock()
	_ = json.NewEncoder(os.Stdout).Encode(line)
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "heartbeats: "+format+"\n", args...)
	os.Exit(2)
}
