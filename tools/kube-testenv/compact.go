package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc/grpclog"
	"k8s.io/apiserver/pkg/storage/etcd3"
)

// runCompact compacts the test cluster's etcd at its current revision, the way kube-apiserver's
// own compactor does (through compact_rev_key, so the API server learns the new compacted
// revision). Afterwards, requests for an older resourceVersion that reach etcd fail with 410
// Expired; the API server's watch cache keeps serving recent ones (see tools/README.md).
func runCompact(args []string) int {
	fs := flag.NewFlagSet("kube-testenv compact", flag.ContinueOnError)
	fs.SetOutput(realStderr)
	endpoint := fs.String("etcd", "", "etcd client URL (the \"etcd\" field of kube-testenv's ready line)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *endpoint == "" {
		return fail("compact: --etcd is required")
	}
	// gRPC's connection retries would otherwise be logged to stderr until the timeout.
	grpclog.SetLoggerV2(grpclog.NewLoggerV2(io.Discard, io.Discard, io.Discard))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{*endpoint}, DialTimeout: 5 * time.Second, Logger: zap.NewNop(), Context: ctx})
	if err != nil {
		return fail("compact: %v", err)
	}
	defer cli.Close()
	const compactRevKey = "compact_rev_key"
	for attempt := 0; attempt < 5; attempt++ {
		resp, err := cli.Get(ctx, compactRevKey)
		if err != nil {
			return fail("compact: reading %s: %v", compactRevKey, err)
		}
		var version int64
		if len(resp.Kvs) > 0 {
			version = resp.Kvs[0].Version
		}
		rev := resp.Header.Revision
		_, _, compacted, err := etcd3.Compact(ctx, cli, version, rev)
		if err != nil {
			return fail("compact: at revision %d: %v", rev, err)
		}
		if compacted == rev {
			out, _ := json.Marshal(map[string]int64{"compacted": rev})
			fmt.Fprintln(os.Stdout, string(out))
			return 0
		}
		// The API server's compactor won the compare-and-swap in between: read again.
	}
	return fail("compact: lost the race with kube-apiserver's compactor five times")
}
