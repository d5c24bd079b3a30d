package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

type readyEnv struct {
	kubeconfig string
	server     string
	caFile     string
	version    string
}

// waitReady waits for the serving certificate, writes the kubeconfig, polls /readyz as the admin,
// then grants the read-only user its role and waits until RBAC answers with it.
func waitReady(ctx context.Context, dir string, f authFiles, port int, adminToken, readonlyToken string, server *apiServer) (readyEnv, error) {
	env := readyEnv{server: fmt.Sprintf("https://127.0.0.1:%d", port)}
	crtPath := filepath.Join(f.certDir, "apiserver.crt")
	var ca []byte
	err := poll(ctx, server, 50*time.Millisecond, func() (bool, error) {
		b, err := os.ReadFile(crtPath)
		if err != nil || len(b) == 0 {
			return false, nil
		}
		ca = caFromServingCert(b)
		return ca != nil, nil
	})
	if err != nil {
		return env, fmt.Errorf("waiting for %s: %w", crtPath, err)
	}
	env.caFile = filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(env.caFile, ca, 0o644); err != nil {
		return env, err
	}
	env.kubeconfig = filepath.Join(dir, "kubeconfig")
	if err := writeKubeconfig(env.kubeconfig, env.server, ca, adminToken, readonlyToken); err != nil {
		return env, err
	}

	admin, err := clientFor(env.kubeconfig, adminContext)
	if err != nil {
		return env, err
	}
	var lastReadyz string
	err = poll(ctx, server, 100*time.Millisecond, func() (bool, error) {
		body, err := admin.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if err != nil {
			lastReadyz = err.Error()
			return false, nil
		}
		return string(body) == "ok", nil
	})
	if err != nil {
		return env, fmt.Errorf("waiting for /readyz (last answer: %s): %w", lastReadyz, err)
	}
	if v, err := admin.Discovery().ServerVersion(); err == nil {
		env.version = v.GitVersion
	}

	if err := grantReadonly(ctx, admin); err != nil {
		return env, fmt.Errorf("granting the read-only role: %w", err)
	}
	// The RBAC authorizer sees new bindings through an informer: wait until it does, so the
	// first test using the read-only context does not see a spurious 403.
	err = poll(ctx, server, 50*time.Millisecond, func() (bool, error) {
		r, err := admin.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{
			Spec: authorizationv1.SubjectAccessReviewSpec{
				User:   readonlyUser,
				Groups: []string{"system:authenticated"},
				ResourceAttributes: &authorizationv1.ResourceAttributes{
					Verb: "watch", Group: "coordination.k8s.io", Resource: "leasecandidates",
				},
			},
		}, metav1.CreateOptions{})
		return err == nil && r.Status.Allowed, nil
	})
	if err != nil {
		return env, fmt.Errorf("waiting for the read-only role to take effect: %w", err)
	}
	return env, nil
}

// poll calls probe every interval until it reports done, the context ends or the server exits.
func poll(ctx context.Context, server *apiServer, interval time.Duration, probe func() (bool, error)) error {
	for {
		done, err := probe()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-server.done:
			return fmt.Errorf("kube-apiserver exited: %v", server.err)
		case <-time.After(interval):
		}
	}
}

// caFromServingCert picks the CA certificates out of the generated apiserver.crt (the serving
// certificate followed by the self-signed CA that signed it). Falls back to the whole file.
func caFromServingCert(b []byte) []byte {
	var cas []byte
	rest := b
	complete := false
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil // still being written
		}
		complete = true
		if c.IsCA {
			cas = append(cas, pem.EncodeToMemory(block)...)
		}
	}
	if !complete {
		return nil
	}
	if cas == nil {
		return b
	}
	return cas
}

func writeKubeconfig(path, server string, ca []byte, adminToken, readonlyToken string) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["testenv"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca}
	cfg.AuthInfos[adminUser] = &clientcmdapi.AuthInfo{Token: adminToken}
	cfg.AuthInfos[readonlyUser] = &clientcmdapi.AuthInfo{Token: readonlyToken}
	cfg.Contexts[adminContext] = &clientcmdapi.Context{Cluster: "testenv", AuthInfo: adminUser, Namespace: "default"}
	cfg.Contexts[readonlyContext] = &clientcmdapi.Context{Cluster: "testenv", AuthInfo: readonlyUser, Namespace: "default"}
	cfg.CurrentContext = adminContext
	return clientcmd.WriteToFile(*cfg, path)
}

func clientFor(kubeconfig, context string) (*kubernetes.Clientset, error) {
	rc, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig},
		&clientcmd.ConfigOverrides{CurrentContext: context},
	).ClientConfig()
	if err != nil {
		return nil, err
	}
	rc.Timeout = 10 * time.Second
	rc.UserAgent = "kube-testenv/" + rest.DefaultKubernetesUserAgent()
	return kubernetes.NewForConfig(rc)
}

const readonlyRole = "lease-lens-readonly"

// grantReadonly lets the read-only user get, list and watch lock objects and nothing more
// (beyond the discovery and self-review rights every authenticated user has by default).
func grantReadonly(ctx context.Context, admin *kubernetes.Clientset) error {
	read := []string{"get", "list", "watch"}
	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: readonlyRole},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{"coordination.k8s.io"}, Resources: []string{"leases", "leasecandidates"}, Verbs: read},
			{APIGroups: []string{""}, Resources: []string{"configmaps", "endpoints"}, Verbs: read},
		},
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: readonlyRole},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: readonlyRole},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: readonlyUser}},
	}
	// On a restart over the same etcd data both exist already: make them say what we say now.
	roles := admin.RbacV1().ClusterRoles()
	if _, err := roles.Create(ctx, role, metav1.CreateOptions{}); apierrors.IsAlreadyExists(err) {
		old, err := roles.Get(ctx, readonlyRole, metav1.GetOptions{})
		if err != nil {
			return err
		}
		old.Rules = role.Rules
		if _, err := roles.Update(ctx, old, metav1.UpdateOptions{}); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	bindings := admin.RbacV1().ClusterRoleBindings()
	if _, err := bindings.Create(ctx, binding, metav1.CreateOptions{}); apierrors.IsAlreadyExists(err) {
		old, err := bindings.Get(ctx, readonlyRole, metav1.GetOptions{})
		if err != nil {
			return err
		}
		old.Subjects = binding.Subjects
		if _, err := bindings.Update(ctx, old, metav1.UpdateOptions{}); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	return nil
}
