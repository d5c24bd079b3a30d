package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

type authFiles struct {
	certDir   string
	tokenFile string
	saKey     string
}

func randomToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// existingTokens reads the tokens of an earlier run in the same --dir, so that a restart keeps
// the kubeconfig valid for clients that loaded it before.
func existingTokens(dir string) (admin, readonly string) {
	b, err := os.ReadFile(filepath.Join(dir, "tokens.csv"))
	if err != nil {
		return "", ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		fields := strings.Split(line, ",")
		if len(fields) < 2 {
			continue
		}
		switch fields[1] {
		case adminUser:
			admin = fields[0]
		case readonlyUser:
			readonly = fields[0]
		}
	}
	if admin == "" || readonly == "" {
		return "", ""
	}
	return admin, readonly
}

// writeAuthFiles writes the static token file (an admin in system:masters and a read-only user
// with no groups, so RBAC alone decides what it may do) and the service account key.
func writeAuthFiles(dir, adminToken, readonlyToken string) (authFiles, error) {
	f := authFiles{
		certDir:   filepath.Join(dir, "certs"),
		tokenFile: filepath.Join(dir, "tokens.csv"),
		saKey:     filepath.Join(dir, "service-account.key"),
	}
	if err := os.MkdirAll(f.certDir, 0o700); err != nil {
		return f, err
	}
	tokens := fmt.Sprintf("%s,%s,%s-uid,\"system:masters\"\n%s,%s,%s-uid\n",
		adminToken, adminUser, adminUser, readonlyToken, readonlyUser, readonlyUser)
	if err := os.WriteFile(f.tokenFile, []byte(tokens), 0o600); err != nil {
		return f, err
	}
	if _, err := os.Stat(f.saKey); err == nil {
		return f, nil // a --dir reused across restarts keeps its key, so old tokens stay valid
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return f, err
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	return f, os.WriteFile(f.saKey, pemKey, 0o600)
}

func apiServerArgs(etcdURL string, port int, f authFiles, extra []string) []string {
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", port),
		"--cert-dir=" + f.certDir,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + f.saKey,
		"--service-account-signing-key-file=" + f.saKey,
		"--authorization-mode=Node,RBAC",
		"--token-auth-file=" + f.tokenFile,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--feature-gates=CoordinatedLeaderElection=true",
		"--runtime-config=coordination.k8s.io/v1beta1=true",
	}
	// Later flags win, so the caller's extras can override any of the above.
	return append(args, extra...)
}

type apiServer struct {
	done chan struct{}
	err  error
}

func (s *apiServer) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// startAPIServer runs the real kube-apiserver command in this process. It returns when the
// server stops (its own signal handler reacts to SIGTERM/SIGINT).
func startAPIServer(args []string) *apiServer {
	s := &apiServer{done: make(chan struct{})}
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(args)
	cmd.SetOut(os.Stderr)
	cmd.SetErr(os.Stderr)
	cmd.SilenceUsage = true
	go func() {
		defer close(s.done)
		if err := cmd.Execute(); err != nil {
			s.err = err
		}
	}()
	fmt.Fprintf(os.Stderr, "kube-testenv: kube-apiserver %s\n", strings.Join(args, " "))
	return s
}
