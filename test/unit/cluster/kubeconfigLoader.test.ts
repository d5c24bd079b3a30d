import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LastGoodKubeconfigs, loadKubeconfig } from '../../../src/cluster/kubeconfigLoader';

const TOKEN = 'sekrit-token-abcdefghijklmnopqrstuvwxyz';
const GOOD = `apiVersion: v1
kind: Config
current-context: main
clusters:
- name: c
  cluster:
    server: https://10.0.0.1:6443
users:
- name: u
  user:
    token: ${TOKEN}
contexts:
- name: main
  context:
    cluster: c
    user: u
`;

describe('kubeconfigLoader: a file that stops parsing keeps its last good version', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lease-lens-kcl-'));
    file = join(dir, 'config');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const at = Date.UTC(2026, 0, 1, 12, 34, 56);
  const hhmmss = new Date(at).toTimeString().slice(0, 8);

  it('garbage, broken YAML, an empty file and a deleted file keep the contexts, with a problem naming the time', () => {
    const lastGood = new LastGoodKubeconfigs(() => at);
    writeFileSync(file, GOOD);
    assert.deepEqual(
      loadKubeconfig({ path: file }, lastGood).contexts.map((c) => c.name),
      ['main'],
    );
    const cases: [string, () => void, string][] = [
      ['binary', () => writeFileSync(file, Buffer.from([0x89, 0x50, 0x00, 0xff, 0xfe, 0x00])), 'is not valid ('],
      ['broken YAML', () => writeFileSync(file, GOOD.replace('contexts:', 'contexts: [ {')), 'is not valid ('],
      ['empty', () => writeFileSync(file, '  \n'), 'is not valid (the file is empty)'],
      [
        'a plain word',
        () => writeFileSync(file, 'hello world\n'),
        'is not valid (it is not a kubeconfig: its top level is a string, not a mapping)',
      ],
      [
        'a list',
        () => writeFileSync(file, '- a\n- b\n'),
        'is not valid (it is not a kubeconfig: its top level is a list, not a mapping)',
      ],
      ['deleted', () => unlinkSync(file), 'does not exist any more'],
    ];
    for (const [what, spoil, says] of cases) {
      spoil();
      const loaded = loadKubeconfig({ path: file }, lastGood);
      assert.deepEqual(
        loaded.contexts.map((c) => c.name),
        ['main'],
        what,
      );
      assert.equal(loaded.currentContext, 'main');
      assert.equal(loaded.problems.length, 1, what);
      const message = loaded.problems[0]!.message;
      assert.ok(message.startsWith(`kubeconfig ${file} ${says}`), `${what}: ${message}`);
      assert.ok(
        message.endsWith(`: still using the version read at ${hhmmss} until it is fixed`),
        `${what}: ${message}`,
      );
      assert.ok(
        !message.includes(TOKEN) && !message.includes('sekrit'),
        `${what}: the message does not quote the file`,
      );
      writeFileSync(file, GOOD);
      assert.deepEqual(loadKubeconfig({ path: file }, lastGood).problems, [], `${what}: fixed`);
    }
  });

  it('a YAML error next to the token does not quote it', () => {
    writeFileSync(file, GOOD.replace(`token: ${TOKEN}`, `token: ${TOKEN}\n   bad: [`));
    const loaded = loadKubeconfig({ path: file });
    assert.equal(loaded.contexts.length, 0);
    assert.match(
      loaded.problems[0]!.message,
      /could not be read: .+\. Fix the file; contexts from other files keep working\.$/,
    );
    assert.ok(!loaded.problems[0]!.message.includes('sekrit'), loaded.problems[0]!.message);
  });

  it('without a last good version, a broken file costs only its own contexts', () => {
    const other = join(dir, 'other');
    writeFileSync(
      other,
      GOOD.replace(/main/g, 'second').replace('name: c\n', 'name: c2\n').replace('cluster: c\n', 'cluster: c2\n'),
    );
    writeFileSync(file, '\u0000');
    const loaded = loadKubeconfig({ env: { KUBECONFIG: `${file}:${other}` } });
    assert.deepEqual(
      loaded.contexts.map((c) => c.name),
      ['second'],
    );
    assert.equal(loaded.problems.length, 1);
  });
});
