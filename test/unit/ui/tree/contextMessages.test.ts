import assert from 'node:assert/strict';
import type { ContextStatus } from '../../../../src/cluster/lockMonitor';
import { unauthorizedMessage } from '../../../../src/cluster/contextWatcher';
import type { ConnectionProblem } from '../../../../src/cluster/connectionErrors';
import {
  contextStateWord,
  contextStatusMessages,
  kubeconfigProblemMessage,
} from '../../../../src/ui/tree/contextMessages';

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

describe('What the tree says for each credential and network cause', () => {
  const terminal = {
    command: 'kubelogin',
    args: ['get-token'],
    env: {},
    shown: 'kubelogin get-token --client-secret •••',
  };
  const rows = (problem: ConnectionProblem, state: ContextStatus['state'] = 'credentials') =>
    contextStatusMessages('prod', status({ state, message: 'raw message', problem }));
  const text = (r: { label: string; description?: string }) => `${r.label} ${r.description ?? ''}`;

  it('a plugin that failed: "Sign-in needed for <context>: <plugin> says …", Retry', () => {
    const [row, more] = rows({
      kind: 'signIn',
      plugin: 'aws',
      detail: 'Error when retrieving token from sso: Token has expired and refresh failed',
      exitCode: 255,
    });
    assert.equal(
      row!.label,
      'Sign-in needed for prod: aws says: Error when retrieving token from sso: Token has expired and refresh failed',
    );
    assert.equal(row!.action, 'retry');
    assert.match(row!.tooltip ?? '', /aws sso login, gcloud auth login, az login/);
    assert.match(row!.tooltip ?? '', /does not run the plugin again on its own/);
    assert.equal(more, undefined);
    assert.equal(
      contextStateWord(
        status({ state: 'credentials', problem: { kind: 'signIn', plugin: 'aws', detail: 'x', exitCode: 1 } }),
        'w',
      ),
      'sign-in needed',
    );
  });

  it('a missing plugin: not found on PATH (the PATH), then the installHint', () => {
    const [row] = rows({
      kind: 'pluginMissing',
      plugin: 'gke-gcloud-auth-plugin',
      command: 'gke-gcloud-auth-plugin',
      path: '/usr/bin:/bin',
      installHint: 'Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/…',
    });
    assert.equal(row!.label, 'The credential plugin gke-gcloud-auth-plugin was not found on PATH');
    assert.equal(
      row!.description,
      'Install gke-gcloud-auth-plugin for use with kubectl by following https://cloud.google.com/… · PATH: /usr/bin:/bin — Retry',
    );
    assert.match(
      row!.tooltip ?? '',
      /^The credential plugin gke-gcloud-auth-plugin was not found on PATH \(\/usr\/bin:\/bin\)\. Install gke-gcloud-auth-plugin/,
    );
    assert.match(row!.tooltip ?? '', /desktop launcher/);
    const [absolute] = rows({
      kind: 'pluginMissing',
      plugin: 'p',
      command: '/opt/p',
      path: '/usr/bin',
      installHint: undefined,
    });
    assert.equal(absolute!.label, 'The credential plugin /opt/p does not exist');
  });

  it('a hung plugin: did not answer within N s, Retry, and a row that opens a terminal running it', () => {
    const [row, term] = rows({ kind: 'pluginTimeout', plugin: 'kubelogin', seconds: 30, terminal });
    assert.equal(row!.label, 'The credential plugin kubelogin did not answer within 30 s');
    assert.equal(row!.action, 'retry');
    assert.match(row!.tooltip ?? '', /leaseLens\.execTimeoutSeconds/);
    assert.equal(term!.label, 'Run kubelogin get-token --client-secret ••• in a terminal');
    assert.equal(term!.action, 'runInTerminal');
  });

  it('an interactive plugin (interactiveMode: Always) is not started: it says what to run, with a terminal button', () => {
    const [row, term] = rows({ kind: 'interactive', plugin: 'kubelogin', terminal });
    assert.equal(row!.label, 'prod needs a terminal to sign in: kubelogin is interactive');
    assert.equal(term!.action, 'runInTerminal');
    assert.match(term!.label, /^Run kubelogin get-token/);
  });

  it('the proxy is down: "Cannot reach the proxy <url>", naming where the proxy came from', () => {
    const [row] = rows(
      {
        kind: 'proxy',
        proxy: 'http://127.0.0.1:3128',
        source: 'HTTPS_PROXY',
        stage: 'unreachable',
        detail: 'it refused the connection (is it running?)',
      },
      'disconnected',
    );
    assert.equal(row!.label, 'Cannot reach the proxy http://127.0.0.1:3128');
    assert.equal(row!.description, 'it refused the connection (is it running?) — Retry');
    assert.match(row!.tooltip ?? '', /The proxy comes from the HTTPS_PROXY environment variable/);
    const [refused] = rows(
      {
        kind: 'proxy',
        proxy: 'http://p:1',
        source: 'proxy-url',
        stage: 'refused',
        detail: 'it answered CONNECT x:1 with 403 Forbidden',
      },
      'disconnected',
    );
    assert.equal(refused!.label, 'The proxy http://p:1 did not connect to https://10.0.0.1:6443');
    const [invalid] = rows(
      {
        kind: 'proxy',
        proxy: '',
        source: 'proxy-url',
        stage: 'invalid',
        detail: "the proxy in the kubeconfig's proxy-url uses ftp://, which is not supported (http, https or socks5)",
      },
      'disconnected',
    );
    assert.equal(invalid!.label, "The proxy in the kubeconfig's proxy-url cannot be used");
    assert.match(invalid!.description ?? '', /ftp:\/\/, which is not supported/);
  });

  it('TLS, token files, rejected plugin credentials and bad plugin output each say what they are', () => {
    assert.equal(
      rows({ kind: 'tls', detail: 'bad CA (UNABLE_TO_VERIFY_LEAF_SIGNATURE)' }, 'disconnected')[0]!.label,
      'TLS with https://10.0.0.1:6443 failed',
    );
    assert.equal(
      rows({ kind: 'tokenFile', path: '/var/run/token', detail: 'does not exist' }, 'disconnected')[0]!.label,
      'The token file /var/run/token does not exist',
    );
    assert.equal(
      rows({ kind: 'pluginRejected', plugin: 'aws' })[0]!.label,
      'Credentials rejected by https://10.0.0.1:6443',
    );
    assert.equal(
      rows({ kind: 'pluginInvalid', plugin: 'aws', detail: 'its output is not JSON' })[0]!.label,
      'The credential plugin aws gave no usable credential',
    );
  });

  it('a plain server failure keeps the full message, as before', () => {
    const [row] = rows({ kind: 'server', detail: 'refused the connection' }, 'disconnected');
    assert.equal(row!.label, 'Cannot reach https://10.0.0.1:6443');
    assert.equal(row!.description, 'raw message — Retry');
  });

  it('text from a plugin is made inert (controls, bidi) before it is shown', () => {
    const [row] = rows({ kind: 'signIn', plugin: 'evil', detail: 'ok\u202egnp.exe\u0007', exitCode: 1 });
    assert.ok(![...text(row!)].some((c) => c === '\u202e' || c === '\u0007'), text(row!));
  });
});
