package main

import (
	"os"
	"runtime/debug"

	"golang.org/x/sys/unix"
)

// redirectStderr sends everything written to stderr into the log file: the API server builds its
// logger from os.Stderr (klog.SetOutput has no effect), and loggers created at package init, such
// as the API server's etcd client logger, hold file descriptor 2 itself, so both the variable and
// the descriptor are redirected. realStderr keeps the original for kube-testenv's own messages,
// and a Go crash (panic, fatal error) is written there too, not only into the log.
func redirectStderr(logFile *os.File) {
	orig, err := unix.Dup(2)
	if err != nil {
		os.Stderr = logFile
		return
	}
	origFile := os.NewFile(uintptr(orig), "/dev/stderr")
	unix.CloseOnExec(orig)
	realStderr = origFile
	_ = debug.SetCrashOutput(origFile, debug.CrashOptions{})
	if err := unix.Dup2(int(logFile.Fd()), 2); err != nil {
		os.Stderr = logFile
		return
	}
	os.Stderr = logFile
}
