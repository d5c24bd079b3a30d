// Command kube-testenv runs a real kube-apiserver with an embedded etcd in one process, on
// loopback, for Lease Lens's integration tests and demo.
//
// It prints exactly one JSON line on stdout once /readyz answers ok and the read-only user's
// RBAC is in force (see readyLine); everything else (klog, etcd) goes to a log file in its
// directory, because the API server builds its logger from os.Stderr and cannot be told
// otherwise. Errors before ready go to the real stderr, with the tail of that log.
//
//	kube-testenv [--dir D] [--etcd-data E] [--port P] [--keep] [-- extra kube-apiserver flags]
//	kube-testenv compact --etcd URL
//
// One API server per process: kube-apiserver installs a process-wide signal handler and uses
// global registries, so two servers mean two processes.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"k8s.io/klog/v2"
)

// readyLine is the single line printed on stdout when the cluster is ready. Field names are a
// contract with test/support (TypeScript): add fields, never rename them.
type readyLine struct {
	Kubeconfig    string   `json:"kubeconfig"`
	Server        string   `json:"server"`
	Contexts      contexts `json:"contexts"`
	AdminToken    string   `json:"adminToken"`
	ReadonlyToken string   `json:"readonlyToken"`
	ReadonlyUser  string   `json:"readonlyUser"`
	Etcd          string   `json:"etcd"`
	DataDir       string   `json:"dataDir"`
	Dir           string   `json:"dir"`
	CA            string   `json:"ca"`
	LogFile       string   `json:"logFile"`
	Port          int      `json:"port"`
	Pid           int      `json:"pid"`
	Version       string   `json:"version"`
	ReadyMs       int64    `json:"readyMs"`
}

type contexts struct {
	Admin    string `json:"admin"`
	Readonly string `json:"readonly"`
}

const (
	adminContext    = "testenv-admin"
	readonlyContext = "testenv-readonly"
	adminUser       = "testenv-admin"
	readonlyUser    = "testenv-readonly"
	tempPrefix      = "kube-testenv-"
	kubeVersion     = "v1.37.2"
)

// realStderr is the process's stderr before it is pointed at the log file.
var realStderr io.Writer = os.Stderr

// stopping is set once SIGTERM or SIGINT has arrived.
var stopping atomic.Bool

func main() {
	if len(os.Args) > 1 && os.Args[1] == "compact" {
		os.Exit(runCompact(os.Args[2:]))
	}
	os.Exit(serve(os.Args[1:]))
}

func fail(format string, args ...any) int {
	fmt.Fprintf(realStderr, "kube-testenv: "+format+"\n", args...)
	return 1
}

func serve(args []string) int {
	fs := flag.NewFlagSet("kube-testenv", flag.ContinueOnError)
	fs.SetOutput(realStderr)
	dirFlag := fs.String("dir", "", "base directory for certs, tokens, kubeconfig, log and etcd data (default: a new temp dir, removed on exit unless --keep)")
	etcdData := fs.String("etcd-data", "", "reuse this etcd data dir (e.g. dataDir of an earlier run) instead of <dir>/etcd")
	port := fs.Int("port", 0, "fixed secure port on 127.0.0.1 (default: a free port)")
	keep := fs.Bool("keep", false, "keep the temp dir on exit (a --dir is always kept)")
	readyTimeout := fs.Duration("ready-timeout", 3*time.Minute, "give up when the server is not ready within this")
	fs.Usage = func() {
		fmt.Fprintf(realStderr, "usage: kube-testenv [flags] [-- kube-apiserver flags]\n       kube-testenv compact --etcd URL\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	extra := fs.Args()
	start := time.Now()

	removeStaleTempDirs(*etcdData)

	dir := *dirFlag
	ownDir := dir == ""
	if ownDir {
		d, err := os.MkdirTemp("", tempPrefix)
		if err != nil {
			return fail("creating temp dir: %v", err)
		}
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail("creating %s: %v", dir, err)
	}
	dir, _ = filepath.Abs(dir)
	// The pid file marks the dir as in use; removeStaleTempDirs deletes temp dirs whose process is gone.
	pidFile := filepath.Join(dir, "kube-testenv.pid")
	_ = os.WriteFile(pidFile, []byte(strconv.Itoa(os.Getpid())), 0o644)
	cleanup := func() {
		if ownDir && !*keep {
			_ = os.RemoveAll(dir)
		} else {
			_ = os.Remove(pidFile)
		}
	}

	logPath := filepath.Join(dir, "kube-testenv.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		cleanup()
		return fail("opening log file: %v", err)
	}
	redirectStderr(logFile)
	// On failure the log stays for inspection: an own temp dir keeps its pid file, so the next
	// run's removeStaleTempDirs deletes it.
	failWithLog := func(format string, args ...any) int {
		fmt.Fprintf(realStderr, "kube-testenv: "+format+"\n", args...)
		fmt.Fprintf(realStderr, "--- last lines of %s ---\n%s", logPath, tail(logPath, 30))
		if !ownDir {
			_ = os.Remove(pidFile)
		}
		return 1
	}

	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	// kube-apiserver ends the process with klog.Fatal in some places, e.g. when a post-start hook
	// sees its context end because a SIGTERM came during start-up. That is a clean stop when we
	// were asked to stop, and a failure to report on the real stderr otherwise.
	klog.OsExit = func(code int) {
		if stopping.Load() {
			cleanup()
			os.Exit(0)
		}
		os.Exit(failWithLog("kube-apiserver exited fatally (exit code %d)", code))
	}

	dataDir := *etcdData
	if dataDir == "" {
		dataDir = filepath.Join(dir, "etcd")
	}
	dataDir, _ = filepath.Abs(dataDir)

	etcd, err := startEtcd(dataDir)
	if err != nil {
		return failWithLog("starting etcd: %v", err)
	}
	stopEtcd := func() { etcd.Close() }

	securePort := *port
	if securePort == 0 {
		if securePort, err = freePort(); err != nil {
			stopEtcd()
			cleanup()
			return fail("finding a free port: %v", err)
		}
	}
	adminToken, readonlyToken := existingTokens(dir)
	if adminToken == "" {
		adminToken, readonlyToken = randomToken(), randomToken()
	}
	files, err := writeAuthFiles(dir, adminToken, readonlyToken)
	if err != nil {
		stopEtcd()
		cleanup()
		return fail("writing auth files: %v", err)
	}

	server := startAPIServer(apiServerArgs(etcd.clientURL, securePort, files, extra))
	stopServer := func() {
		// kube-apiserver's own handler got the same signal and is shutting down; wait for it.
		t0 := time.Now()
		select {
		case <-server.done:
			fmt.Fprintf(logFile, "kube-testenv: kube-apiserver stopped in %s\n", time.Since(t0).Round(time.Millisecond))
		case <-time.After(15 * time.Second):
			fmt.Fprintln(logFile, "kube-testenv: kube-apiserver did not stop within 15 s")
		}
		t1 := time.Now()
		stopEtcd()
		fmt.Fprintf(logFile, "kube-testenv: etcd stopped in %s\n", time.Since(t1).Round(time.Millisecond))
	}
	shutdown := func() {
		stopServer()
		cleanup()
	}

	// kube-apiserver's own handler reacts to the same signals by shutting down; this one only
	// notes that the stop was asked for, so that the server's exit is not taken for a failure.
	ctx, cancel := context.WithTimeout(context.Background(), *readyTimeout)
	defer cancel()
	stopRequested := make(chan struct{})
	go func() {
		<-signals
		stopping.Store(true)
		cancel()
		close(stopRequested)
	}()
	env, err := waitReady(ctx, dir, files, securePort, adminToken, readonlyToken, server)
	if err != nil {
		if server.exited() {
			stopEtcd()
			return failWithLog("kube-apiserver exited before it was ready: %v", server.err)
		}
		if stopping.Load() {
			// Interrupted while starting: the server got the signal too.
			shutdown()
			return 0
		}
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		stopServer()
		return failWithLog("not ready: %v", err)
	}

	line := readyLine{
		Kubeconfig:    env.kubeconfig,
		Server:        env.server,
		Contexts:      contexts{Admin: adminContext, Readonly: readonlyContext},
		AdminToken:    adminToken,
		ReadonlyToken: readonlyToken,
		ReadonlyUser:  readonlyUser,
		Etcd:          etcd.clientURL,
		DataDir:       dataDir,
		Dir:           dir,
		CA:            env.caFile,
		LogFile:       logPath,
		Port:          securePort,
		Pid:           os.Getpid(),
		Version:       env.version,
		ReadyMs:       time.Since(start).Milliseconds(),
	}
	out, _ := json.Marshal(line)
	fmt.Fprintln(os.Stdout, string(out))
	fmt.Fprintf(logFile, "kube-testenv: ready in %s at %s\n", time.Since(start).Round(time.Millisecond), env.server)

	select {
	case <-stopRequested:
		shutdown()
		return 0
	case <-server.done:
		if stopping.Load() {
			shutdown()
			return 0
		}
		stopEtcd()
		return failWithLog("kube-apiserver stopped unexpectedly: %v", server.err)
	case err := <-etcd.Err():
		_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		stopServer()
		return failWithLog("etcd failed: %v", err)
	}
}

// tail returns the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := 0
	i := len(b)
	for i > 0 {
		i--
		if b[i] == '\n' {
			lines++
			if lines > n {
				i++
				break
			}
		}
	}
	return string(b[i:])
}
