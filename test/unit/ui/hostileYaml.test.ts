import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findYamlLocks,
  looksLikeLockLine,
  MAX_YAML_LENGTH,
  tooLargeText,
  yamlLockAt,
} from '../../../src/ui/hover/yamlLocks';

const yamlDir = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'hostile', 'yaml');
const read = (name: string): string => readFileSync(join(yamlDir, name), 'utf8');

/** `count` Lease manifests in one file, as `kubectl get lease -A -o yaml` might split them. */
function manyLeases(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(
      `apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: lease-${i}\n  namespace: ns\nspec:\n  holderIdentity: node-${i}\n  leaseDurationSeconds: 15\n`,
    );
  }
  return docs.join('---\n');
}

describe('YAML files that are broken, full of aliases or huge (test/fixtures/hostile/yaml)', () => {
  it('a broken manifest (tab indentation, unclosed quote, bad indent) gives no lock and no error', () => {
    assert.deepEqual(findYamlLocks(read('broken.yaml')), []);
  });

  it('a billion laughs is not expanded: that document is skipped, a harmless alias beside it is read', () => {
    const locks = findYamlLocks(read('anchors.yaml'));
    assert.deepEqual(
      locks.map((l) => [l.view.name, l.view.holder]),
      [['reused', 'reused']],
    );
  });

  it('a lock between garbage and broken documents is found at its own place, with its problems', () => {
    const text = read('multidoc.yaml');
    const locks = findYamlLocks(text);
    assert.deepEqual(
      locks.map((l) => `${l.view.kind} ${l.view.name}`),
      ['Lease middle', 'ConfigMap legacy'],
    );
    const middle = locks[0]!;
    assert.equal(middle.view.holder, '[x](command:leaseLens.releaseLease)', 'read as it is; escaped where shown');
    const holderSpot = middle.spots.find((s) => s.part === 'holderIdentity')!;
    assert.match(text.slice(holderSpot.start, holderSpot.end), /^holderIdentity: "\[x\]/);
    assert.deepEqual(
      locks[1]!.view.problems.map((p) => p.code),
      ['wrongType'],
    );
  });

  it(`a file of 10,000 Leases is read whole; one over ${MAX_YAML_LENGTH / 1e6} MB is not parsed, and a hover on a lock line says why`, () => {
    const big = manyLeases(10_000);
    assert.ok(big.length < MAX_YAML_LENGTH);
    assert.equal(findYamlLocks(big).length, 10_000);
    const huge = `${big}---\n${big}`;
    assert.ok(huge.length > MAX_YAML_LENGTH);
    assert.deepEqual(findYamlLocks(huge), []);
    assert.equal(
      tooLargeText(huge.length),
      `Lease Lens does not look for leader election locks in this file: it is ${(huge.length / 1e6).toFixed(1)} MB, more than the 2.0 MB it reads for hovers.`,
    );
    assert.ok(looksLikeLockLine('  holderIdentity: node-1'));
    assert.ok(looksLikeLockLine('kind: Lease'));
    assert.ok(looksLikeLockLine("    control-plane.alpha.kubernetes.io/leader: '{}'"));
    assert.ok(!looksLikeLockLine('  replicas: 3'));
    assert.ok(!looksLikeLockLine('kind: LeaseCandidate'));
  });

  it('fuzzed: any text, and any cut, splice or insertion into a valid lock file, never throws and gives locks whose spots lie in the text (fast-check)', () => {
    const valid = read('multidoc.yaml');
    const pieces = fc.constantFrom(
      '&a ',
      '*a',
      '---\n',
      '...\n',
      '\t',
      '"',
      "'",
      '{',
      '}',
      '[',
      ']',
      ': ',
      '- ',
      '#',
      '!!binary ',
      '<<: *a\n',
      '\u0000',
      '\ufeff',
      '  ',
      '\n',
    );
    const mutated = fc
      .tuple(
        fc.nat(valid.length),
        fc.nat(40),
        fc.array(fc.oneof(pieces, fc.string({ maxLength: 6 })), { maxLength: 8 }),
      )
      .map(([at, cut, ins]) => valid.slice(0, at) + ins.join('') + valid.slice(Math.min(valid.length, at + cut)));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), mutated), fc.nat(), (text, where) => {
        const locks = findYamlLocks(text);
        for (const l of locks) {
          assert.ok(l.start >= 0 && l.end <= text.length && l.start <= l.end);
          for (const spot of l.spots) assert.ok(spot.start >= l.start && spot.end <= l.end && spot.start <= spot.end);
        }
        yamlLockAt(locks, text.length === 0 ? 0 : where % text.length);
      }),
      { numRuns: 150 },
    );
  });
});
