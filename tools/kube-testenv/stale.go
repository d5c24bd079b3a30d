package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// removeStaleTempDirs deletes temp dirs left by earlier runs that were SIGKILLed (their pid file
// names a process that is gone). Dirs given with --dir are never touched, nor one holding the
// etcd data this run is about to reuse, nor one kept with --keep (its pid file is removed on exit).
func removeStaleTempDirs(reuse string) {
	matches, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	if reuse != "" {
		reuse, _ = filepath.Abs(reuse)
	}
	for _, dir := range matches {
		if reuse != "" && (reuse == dir || strings.HasPrefix(reuse, dir+string(filepath.Separator))) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, "kube-testenv.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || processAlive(pid) {
			continue
		}
		_ = os.RemoveAll(dir)
	}
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
