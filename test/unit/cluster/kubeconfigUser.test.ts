import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfig } from '../../../src/cluster/kubeconfigLoader';

const file = (users: string) => `apiVersion: v1
kind: Config
current-context: a
clusters:
- name: c
  cluster: { server: https://10.0.0.1:6443 }
contexts:
- name: a
  context: { cluster: c, user: u }
users:
${users}`;

describe('kubeconfig users: what client-node 1.4 drops (tokenFile, typed exec)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lease-lens-kcu-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (users: string) => {
    writeFileSync(join(dir, 'config'), file(users));
    return loadKubeconfig({ path: join(dir, 'config') });
  };

  it('reads tokenFile (relative to the kubeconfig) that client-node ignores', () => {
    const [ctx] = load(`- name: u\n  user: { tokenFile: secrets/token }\n`).contexts;
    assert.equal(ctx!.tokenFile, join(dir, 'secrets/token'));
    assert.equal(ctx!.kubeConfig.getCurrentUser()?.token, undefined, 'client-node itself saw no token');
  });

  it('parses exec: a path command is made absolute, a bare name stays for PATH; defaults as kubectl', () => {
    const [rel] = load(`- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/plugin
      args: [get-token, --cluster, x]
      env: [{ name: AWS_PROFILE, value: dev }]
      installHint: install it
`).contexts;
    assert.deepEqual(rel!.exec, {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: join(dir, 'bin/plugin'),
      args: ['get-token', '--cluster', 'x'],
      env: [{ name: 'AWS_PROFILE', value: 'dev' }],
      installHint: 'install it',
      interactiveMode: undefined,
      provideClusterInfo: false,
    });
    const [bare] = load(`- name: u
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1, command: aws, interactiveMode: Never, provideClusterInfo: true }
`).contexts;
    assert.equal(bare!.exec?.command, 'aws');
    assert.equal(bare!.exec?.interactiveMode, 'Never');
    assert.equal(bare!.exec?.provideClusterInfo, true);
  });

  it('an exec section that cannot work is a problem of that context, not a crash', () => {
    const loaded = load(`- name: u\n  user:\n    exec: { apiVersion: client.authentication.k8s.io/v1, args: [x] }\n`);
    assert.equal(loaded.contexts.length, 0);
    assert.match(loaded.problems[0]!.message, /context a: the exec section of user u names no command/);
    const mode = load(
      `- name: u\n  user:\n    exec: { apiVersion: client.authentication.k8s.io/v1, command: x, interactiveMode: Sometimes }\n`,
    );
    assert.match(mode.problems[0]!.message, /unknown interactiveMode "Sometimes"/);
  });
});
