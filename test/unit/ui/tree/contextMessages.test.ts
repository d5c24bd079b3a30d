import assert from 'node:assert/strict';
import type { ContextStatus } from '../../../../src/cluster/lockMonitor';
import { unauthorizedMessage } from '../../../../src/cluster/contextWatcher';
import { contextStatusMessages, kubeconfigProblemMessage } from '../../../../src/ui/tree/contextMessages';

const status = (s: Partial<ContextStatus> & Pick<ContextStatus, 'state'>): ContextStatus => ({
  name: 'prod',
  server: 'https://10.0.0.1:6443',
  message: undefined,
  namespaces: 'all',
  ...s,
});

describe('What the tree says about a context that is not simply connected', () => {
  it('rejected credentials (401): says so, offers a retry, no RBAC advice', () => {
    const message = unauthorizedMessage('prod', 'Unauthorized');
    assert.equal(
      message,
      'The API server rejected the credentials of context prod (401 Unauthorized): the token may have expired or been revoked. Fix the kubeconfig or log in again; Lease Lens reconnects when the file changes.',
    );
    const rows = contextStatusMessages('prod', status({ state: 'unauthorized', message }));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.label, 'Credentials rejected by https://10.0.0.1:6443');
    assert.equal(rows[0]!.description, `${message} — Retry`);
    assert.equal(rows[0]!.action, 'retry');
    assert.match(rows[0]!.tooltip ?? '', /last seen \(stale\)/);
    assert.ok(!/namespaces|Not allowed/i.test(`${rows[0]!.label} ${rows[0]!.description ?? ''}`));
  });

  it('a server message other than the bare reason is kept', () => {
    assert.match(unauthorizedMessage('prod', 'token has expired'), /\(401 Unauthorized \(token has expired\)\)/);
  });

  it('forbidden (403) still points at the namespaces setting', () => {
    const [row] = contextStatusMessages('prod', status({ state: 'forbidden', message: 'leases is forbidden' }));
    assert.equal(row!.label, 'Not allowed to list locks');
    assert.equal(row!.action, 'configureNamespaces');
  });

  it('disconnected, error, connected to some namespaces, connected, connecting', () => {
    assert.equal(
      contextStatusMessages('prod', status({ state: 'disconnected', message: 'refused' }))[0]!.label,
      'Cannot reach https://10.0.0.1:6443',
    );
    const error = contextStatusMessages(
      'gone',
      status({
        name: 'gone',
        server: undefined,
        state: 'error',
        message: 'context gone is no longer in the kubeconfig (/k): its locks are not watched until it is back',
      }),
    );
    assert.deepEqual(
      error.map((r) => [r.label, r.action]),
      [
        ['Cannot use context gone', 'retry'],
        ['Select other contexts…', 'selectContext'],
      ],
    );
    assert.match(error[0]!.description ?? '', /no longer in the kubeconfig/);
    assert.equal(
      contextStatusMessages('prod', status({ state: 'connected', namespaces: ['a', 'b'] }))[0]!.label,
      'Watching only a, b',
    );
    assert.deepEqual(contextStatusMessages('prod', status({ state: 'connected' })), []);
    assert.deepEqual(contextStatusMessages('prod', status({ state: 'connecting' })), []);
    assert.deepEqual(contextStatusMessages('prod', undefined), []);
  });

  it('a kubeconfig problem: opens the file when it exists, else the setting', () => {
    const p = {
      file: '/home/u/.kube/config',
      message:
        'kubeconfig /home/u/.kube/config is not valid (the file is empty): still using the version read at 12:00:00 until it is fixed',
    };
    const row = kubeconfigProblemMessage(p, true);
    assert.equal(row.label, 'Kubeconfig problem');
    assert.equal(row.description, p.message);
    assert.equal(row.action, 'openKubeconfig');
    assert.equal(kubeconfigProblemMessage(p, false).action, 'openSettings');
  });
});
