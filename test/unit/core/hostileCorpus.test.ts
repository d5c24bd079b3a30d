import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEADER_ANNOTATION, lockHealth, parseLock, type LockView } from '../../../src/core';
import { lockDetail, lockRow } from '../../../src/ui/dashboard/lockRows';
import { presentLock } from '../../../src/ui/shared/lockPresentation';
import { lockTooltipMarkdown } from '../../../src/ui/shared/lockTooltip';
import { releaseConfirmation, takeOverConfirmation } from '../../../src/ui/writes/writeConfirmation';
import { CTX, storeSetup } from '../ui/uiFixtures';

// The corpus lives in test/fixtures/hostile (the source tree: JSON is not bundled into out/).
const corpusDir = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'hostile');

interface Expect {
  readonly lock?: false;
  readonly reason?: string;
  readonly holder?: string | null;
  readonly problems?: readonly string[];
  readonly message?: string;
}
interface Case {
  readonly id: string;
  readonly annotation?: string;
  readonly object?: unknown;
  readonly expect: Expect;
}

function corpus(file: string): Case[] {
  return (JSON.parse(readFileSync(join(corpusDir, file), 'utf8')) as { cases: Case[] }).cases;
}

function legacyLock(kind: 'ConfigMap' | 'Endpoints', id: string, annotation: string): unknown {
  return {
    apiVersion: 'v1',
    kind,
    metadata: {
      name: `lock-${id}`,
      namespace: 'ns',
      resourceVersion: '7',
      annotations: { [LEADER_ANNOTATION]: annotation, other: 'kept' },
    },
  };
}

/** Text a user must never read: the marks of a value that went wrong on its way to the screen. */
const NONSENSE = /NaN|Infinity|undefined|\[object Object\]|-\d+(ms|s|m|h|d)\b/;

/** Everything each view shows of one lock, at a given moment. */
function shownTexts(object: unknown, advanceMs: number): string[] {
  const { put, time, snapshot } = storeSetup();
  const key = put(object).lock.view.key;
  time.advance(advanceMs);
  const s = snapshot(key);
  const now = time.now();
  const p = presentLock(s, now);
  const seen = { view: s.lock.view, health: s.health, disconnected: false };
  return [
    p.label,
    p.description,
    p.healthText,
    lockTooltipMarkdown(s, now),
    JSON.stringify(lockRow(s)),
    JSON.stringify(lockDetail(s)),
    releaseConfirmation(key, seen, '7', now).detail,
    takeOverConfirmation(key, seen, 'operator', '7', now).detail,
  ];
}

function checkParse(c: Case, input: unknown): LockView | undefined {
  const r = parseLock(input, { context: CTX });
  if (c.expect.lock === false) {
    assert.equal(r.type, 'notALock', c.id);
    if (r.type === 'notALock') {
      assert.equal(r.reason, c.expect.reason, c.id);
      assert.ok(r.message.length > 0 && !NONSENSE.test(r.message), `${c.id}: ${r.message}`);
    }
    return undefined;
  }
  assert.equal(r.type, 'lock', `${c.id} is a lock`);
  if (r.type !== 'lock') return undefined;
  const v = r.lock;
  assert.equal(v.holder ?? null, c.expect.holder, `${c.id}: holder`);
  assert.deepEqual(
    v.problems.map((p) => `${p.code} ${p.field}`),
    c.expect.problems,
    `${c.id}: problems ${JSON.stringify(v.problems.map((p) => p.message))}`,
  );
  for (const p of v.problems)
    assert.ok(
      p.message.length > 10 && !/undefined|\[object Object\]/.test(p.message),
      `${c.id}: a clear message, got ${p.message}`,
    );
  if (c.expect.message)
    assert.ok(
      v.problems.some((p) => p.message.includes(c.expect.message!)),
      `${c.id}: a problem says "${c.expect.message}": ${JSON.stringify(v.problems.map((p) => p.message))}`,
    );
  return v;
}

describe('The hostile corpus (test/fixtures/hostile): every bad lock is read, explained and shown sanely', () => {
  describe('leader annotations on ConfigMaps and Endpoints (annotations.json)', () => {
    for (const c of corpus('annotations.json')) {
      it(c.id, () => {
        for (const kind of ['ConfigMap', 'Endpoints'] as const) {
          const object = legacyLock(kind, c.id, c.annotation!);
          checkParse(c, object);
          // Just seen, half a lease later, and a day later (expired, or stuck).
          for (const advance of [0, 7_500, 86_400_000]) {
            for (const text of shownTexts(object, advance))
              assert.doesNotMatch(text, NONSENSE, `${c.id} (${kind}, +${advance} ms)`);
          }
        }
      });
    }
  });

  describe('Lease objects (leases.json)', () => {
    for (const c of corpus('leases.json')) {
      it(c.id, () => {
        const view = checkParse(c, c.object);
        if (view === undefined) return;
        for (const advance of [0, 7_500, 86_400_000]) {
          for (const text of shownTexts(c.object, advance))
            assert.doesNotMatch(text, NONSENSE, `${c.id} (+${advance} ms)`);
        }
      });
    }
  });

  it('a 100 KB annotation is read whole (the record is the truth) and every view shows a bounded part of it', () => {
    const holder = `huge-${'y'.repeat(100_000)}`;
    const object = legacyLock(
      'ConfigMap',
      'huge',
      JSON.stringify({ holderIdentity: holder, leaseDurationSeconds: 15, renewTime: '2026-11-23T20:10:11Z' }),
    );
    const r = parseLock(object, { context: CTX });
    assert.equal(r.type === 'lock' && r.lock.holder, holder);
    const texts = shownTexts(object, 0);
    for (const text of texts) {
      assert.ok(text.length < 4_000, `a view shows ${text.length} characters`);
      if (text.includes('huge-'))
        assert.match(text, /huge-y+… \(\d+ more characters\)/, 'cut, with a count of what is not shown');
    }
    assert.ok(
      texts.filter((t) => t.includes('huge-')).length >= 5,
      'the holder is shown (cut) in the description, tooltip, rows and dialogs',
    );
  });

  it('health of the odd times and durations is a status, never a number that is not one', () => {
    for (const c of [
      ...corpus('annotations.json').map((x) => legacyLock('ConfigMap', x.id, x.annotation!)),
      ...corpus('leases.json').map((x) => x.object),
    ]) {
      const r = parseLock(c, { context: CTX });
      if (r.type !== 'lock') continue;
      for (const observedTime of [undefined, 0, Date.UTC(2026, 10, 23)]) {
        const h = lockHealth({ view: r.lock, observedTime }, Date.UTC(2026, 10, 23, 1));
        for (const n of [
          h.observedAgeMs,
          h.recordAgeMs,
          h.leaseDurationMs,
          h.expiresAt,
          h.consumedShare,
          h.nextChangeAt,
        ]) {
          assert.ok(n === undefined || Number.isFinite(n), `${r.lock.name}: ${JSON.stringify(h)}`);
        }
      }
    }
  });
});
