import { strict as assert } from 'node:assert';
import { DEFAULT_THRESHOLDS, type LockThresholds } from '../../../../src/core';
import type {
  ContextRow,
  DashboardViewState,
  HostMessage,
  LockActionType,
  LockDetail,
  LockRow,
} from '../../../../src/protocol';
import { DashboardConversation } from '../../../../src/ui/dashboard/dashboardConversation';
import type {
  DashboardChange,
  DashboardSource,
  DashboardWriteOutcome,
} from '../../../../src/ui/dashboard/dashboardSource';
import { FakeClock } from '../fakeClock';

const NOW = 1_700_000_000_000;

function lockRow(name: string, overrides: Partial<LockRow> = {}): LockRow {
  return {
    key: `kind-a/Lease/kube-system/${name}`,
    context: 'kind-a',
    namespace: 'kube-system',
    name,
    kind: 'Lease',
    role: 'election',
    holder: 'node-a_1234',
    leaseDurationSeconds: 15,
    renewTime: NOW - 1000,
    acquireTime: NOW - 60_000,
    observedTime: NOW - 1000,
    transitions: 2,
    health: 'renewing',
    evidence: {
      holder: 'held',
      problem: null,
      halvesDisagree: null,
      leaseDurationMs: 15_000,
      renewTimeMs: NOW - 1000,
      observedTime: NOW - 1000,
      changeSeen: true,
      firstSeen: NOW - 60_000,
      contextOffsetMs: null,
      flapping: null,
      stale: false,
    },
    flapping: false,
    skew: false,
    problems: [],
    canWrite: true,
    ...overrides,
  };
}

class FakeSource implements DashboardSource {
  readonly locks = new Map<string, LockRow>();
  contextRows: ContextRow[] = [{ name: 'kind-a', state: 'connected' }];
  readonly writes: {
    type: 'release' | 'takeOver';
    key: string;
    resolve(outcome: DashboardWriteOutcome): void;
    reject(error: Error): void;
  }[] = [];
  private listeners: ((change: DashboardChange) => void)[] = [];
  /** Lock actions asked for, each waiting until the test resolves it (a save dialog open…). */
  readonly actions: { type: LockActionType; key: string; done(): void }[] = [];

  constructor(rows: LockRow[]) {
    for (const row of rows) this.locks.set(row.key, row);
  }
  rows(): readonly LockRow[] {
    return [...this.locks.values()];
  }
  contexts(): readonly ContextRow[] {
    return this.contextRows;
  }
  thresholds(): LockThresholds {
    return { ...DEFAULT_THRESHOLDS, expiringShare: 0.2 };
  }
  row(key: string): LockRow | undefined {
    return this.locks.get(key);
  }
  detail(key: string): LockDetail | undefined {
    const row = this.locks.get(key);
    return row === undefined
      ? undefined
      : {
          row,
          record: { holderIdentity: row.holder },
          renewals: [],
          renewDeadlineSeconds: 10,
          leadership: [],
          transitions: [],
          candidates: [],
        };
  }
  onDidChange(listener: (change: DashboardChange) => void): { dispose(): void } {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  }
  release(key: string): Promise<DashboardWriteOutcome> {
    return this.recordWrite('release', key);
  }
  takeOver(key: string): Promise<DashboardWriteOutcome> {
    return this.recordWrite('takeOver', key);
  }
  now(): number {
    return NOW;
  }
  lockAction(type: LockActionType, key: string): Promise<void> {
    return new Promise((done) => this.actions.push({ type, key, done }));
  }

  upsert(row: LockRow): void {
    this.locks.set(row.key, row);
    this.emit({ changed: [row.key], removed: [], contextsChanged: false });
  }
  remove(key: string): void {
    this.locks.delete(key);
    this.emit({ changed: [], removed: [key], contextsChanged: false });
  }
  emit(change: DashboardChange): void {
    for (const l of this.listeners) l(change);
  }
  get listenerCount(): number {
    return this.listeners.length;
  }

  private recordWrite(type: 'release' | 'takeOver', key: string): Promise<DashboardWriteOutcome> {
    return new Promise((resolve, reject) => this.writes.push({ type, key, resolve, reject }));
  }
}

function setup(
  rows: LockRow[] = [lockRow('kube-scheduler'), lockRow('kube-controller-manager')],
  selected: string | null = null,
) {
  const clock = new FakeClock();
  const source = new FakeSource(rows);
  const posted: HostMessage[] = [];
  const warnings: string[] = [];
  const viewStates: DashboardViewState[] = [];
  let logTime = 0;
  const conversation = new DashboardConversation({
    source,
    clock,
    selected,
    post: (m) => posted.push(m),
    log: { info: () => undefined, warn: (m) => warnings.push(m) },
    onViewState: (s) => viewStates.push(s),
    now: () => logTime,
  });
  return {
    clock,
    source,
    posted,
    warnings,
    viewStates,
    conversation,
    setLogTime: (t: number) => {
      logTime = t;
    },
  };
}

const SCHEDULER = 'kind-a/Lease/kube-system/kube-scheduler';
const CONTROLLER = 'kind-a/Lease/kube-system/kube-controller-manager';

/** Lets pending promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('DashboardConversation', () => {
  describe('towards the page', () => {
    it('sends nothing before the page says ready, then a full snapshot', () => {
      const { source, posted, conversation, clock } = setup();
      source.upsert(lockRow('kube-scheduler', { holder: 'node-b' }));
      clock.advanceBy(1000);
      assert.equal(posted.length, 0);
      conversation.receive({ type: 'ready' });
      assert.equal(posted.length, 1);
      const snapshot = posted[0];
      assert.ok(snapshot?.type === 'snapshot');
      assert.equal(snapshot.version, 2);
      assert.equal(snapshot.now, NOW);
      assert.deepEqual(snapshot.rows.map((r) => r.key).sort(), [CONTROLLER, SCHEDULER]);
      assert.deepEqual(snapshot.contexts, [{ name: 'kind-a', state: 'connected' }]);
      assert.equal(snapshot.thresholds.expiringShare, 0.2, "the user's thresholds go with the rows");
    });

    it('follows the snapshot with the detail of the selection it starts with', () => {
      const { posted, conversation } = setup(undefined, SCHEDULER);
      conversation.receive({ type: 'ready' });
      assert.deepEqual(
        posted.map((m) => m.type),
        ['snapshot', 'detail'],
      );
      assert.equal(posted[1]?.type === 'detail' && posted[1].key, SCHEDULER);
    });

    it('drops a starting selection whose lock is gone', () => {
      const { posted, conversation } = setup(undefined, 'kind-a/Lease/kube-system/gone');
      conversation.receive({ type: 'ready' });
      assert.deepEqual(
        posted.map((m) => m.type),
        ['snapshot'],
      );
    });

    it('batches changes into diffs with the latest rows, removals and contexts', () => {
      const { source, posted, conversation, clock } = setup();
      conversation.receive({ type: 'ready' });
      posted.length = 0;
      for (let i = 0; i < 50; i++) source.upsert(lockRow('kube-scheduler', { transitions: i }));
      source.remove(CONTROLLER);
      source.contextRows = [{ name: 'kind-a', state: 'disconnected', message: 'connection refused' }];
      source.emit({ changed: [], removed: [], contextsChanged: true });
      clock.advanceBy(100);
      assert.equal(posted.length, 1);
      const diff = posted[0];
      assert.ok(diff?.type === 'diff');
      assert.deepEqual(
        diff.upserts.map((r) => r.transitions),
        [49],
      );
      assert.deepEqual(diff.removed, [CONTROLLER]);
      assert.deepEqual(diff.contexts, [{ name: 'kind-a', state: 'disconnected', message: 'connection refused' }]);
    });

    it('sends a key reported changed but no longer in the source as removed', () => {
      const { source, posted, conversation, clock } = setup();
      conversation.receive({ type: 'ready' });
      source.locks.delete(SCHEDULER);
      source.emit({ changed: [SCHEDULER], removed: [], contextsChanged: false });
      clock.advanceBy(100);
      const diff = posted[1];
      assert.ok(diff?.type === 'diff');
      assert.deepEqual([diff.upserts.length, diff.removed], [0, [SCHEDULER]]);
      assert.equal('contexts' in diff, false);
    });

    it("keeps the selected lock's detail current", () => {
      const { source, posted, conversation, clock } = setup();
      conversation.receive({ type: 'ready' });
      conversation.receive({ type: 'selectLock', key: SCHEDULER });
      posted.length = 0;
      source.upsert(lockRow('kube-controller-manager', { holder: 'x' }));
      clock.advanceBy(100);
      assert.deepEqual(
        posted.map((m) => m.type),
        ['diff'],
      );
      source.upsert(lockRow('kube-scheduler', { holder: 'node-b' }));
      clock.advanceBy(100);
      assert.deepEqual(
        posted.map((m) => m.type),
        ['diff', 'diff', 'detail'],
      );
      source.remove(SCHEDULER);
      clock.advanceBy(100);
      const last = posted[posted.length - 1];
      assert.deepEqual(
        last,
        { type: 'detail', key: SCHEDULER, detail: null, update: true },
        'an update of the detail shown',
      );
    });

    it('stops while the page is gone and starts again with a fresh snapshot', () => {
      const { source, posted, conversation, clock } = setup();
      conversation.receive({ type: 'ready' });
      source.upsert(lockRow('kube-scheduler', { holder: 'pending' }));
      conversation.pageGone();
      clock.advanceBy(1000);
      source.upsert(lockRow('kube-scheduler', { holder: 'while-hidden' }));
      clock.advanceBy(1000);
      assert.deepEqual(
        posted.map((m) => m.type),
        ['snapshot'],
      );
      conversation.receive({ type: 'ready' });
      const snapshot = posted[1];
      assert.ok(snapshot?.type === 'snapshot');
      assert.equal(snapshot.rows.find((r) => r.key === SCHEDULER)?.holder, 'while-hidden');
    });

    it('shows a lock the host selects (the command on a tree item)', () => {
      const { posted, conversation } = setup();
      conversation.select(CONTROLLER);
      assert.equal(posted.length, 0, 'not before the page is ready');
      conversation.receive({ type: 'ready' });
      assert.deepEqual(
        posted.map((m) => (m.type === 'detail' ? m.key : m.type)),
        ['snapshot', CONTROLLER],
      );
      conversation.select(SCHEDULER);
      assert.deepEqual(posted[2], {
        type: 'detail',
        key: SCHEDULER,
        detail: posted[2]?.type === 'detail' ? posted[2].detail : null,
      });
    });

    it('stops everything on dispose', () => {
      const { source, posted, conversation, clock } = setup();
      conversation.receive({ type: 'ready' });
      conversation.dispose();
      source.upsert(lockRow('kube-scheduler'));
      conversation.receive({ type: 'ready' });
      clock.advanceBy(1000);
      assert.equal(posted.length, 1);
      assert.equal(source.listenerCount, 0);
    });
  });

  describe('from the page (untrusted)', () => {
    it('answers selectLock with the detail of an existing lock', () => {
      const { posted, conversation } = setup();
      conversation.receive({ type: 'selectLock', key: SCHEDULER });
      const detail = posted[0];
      assert.ok(detail?.type === 'detail');
      assert.equal(detail.detail?.row.key, SCHEDULER);
    });

    it('ignores and logs selectLock for a lock that does not exist', () => {
      const { posted, warnings, conversation } = setup();
      conversation.receive({ type: 'selectLock', key: 'kind-a/Lease/kube-system/nope' });
      assert.equal(posted.length, 0);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /does not exist/);
      assert.doesNotMatch(warnings[0]!, /nope/, "the page's strings are not echoed into the log");
    });

    it('releases only through the source, and reports its outcome', async () => {
      const { source, posted, conversation } = setup();
      conversation.receive({ type: 'releaseLock', key: SCHEDULER });
      assert.deepEqual(
        source.writes.map((w) => [w.type, w.key]),
        [['release', SCHEDULER]],
      );
      source.writes[0]!.resolve({ ok: true, message: 'Released Lease kube-system/kube-scheduler.' });
      await settle();
      assert.deepEqual(posted, [
        { type: 'writeResult', key: SCHEDULER, ok: true, message: 'Released Lease kube-system/kube-scheduler.' },
      ]);
    });

    it('takes over only through the source, and reports a failure as a failed write', async () => {
      const { source, posted, conversation } = setup();
      conversation.receive({ type: 'takeOverLock', key: CONTROLLER });
      assert.deepEqual(
        source.writes.map((w) => [w.type, w.key]),
        [['takeOver', CONTROLLER]],
      );
      source.writes[0]!.reject(
        new Error('Lease kube-system/kube-controller-manager changed while you were taking it over.'),
      );
      await settle();
      assert.deepEqual(posted, [
        {
          type: 'writeResult',
          key: CONTROLLER,
          ok: false,
          message: 'Lease kube-system/kube-controller-manager changed while you were taking it over.',
        },
      ]);
    });

    it('never writes for a forged or malformed release', async () => {
      const { source, posted, warnings, conversation } = setup();
      const forged: unknown[] = [
        { type: 'releaseLock', key: SCHEDULER, confirmed: true },
        { type: 'releaseLock', key: { toString: () => SCHEDULER } },
        { type: 'releaseLock', key: [SCHEDULER] },
        { type: 'releaseLock' },
        JSON.parse(`{"type":"releaseLock","key":"${SCHEDULER}","__proto__":{"confirmed":true}}`),
        { type: 'takeOverLock', key: SCHEDULER, force: true },
        { type: 'release', key: SCHEDULER },
        `{"type":"releaseLock","key":"${SCHEDULER}"}`,
      ];
      for (const raw of forged) conversation.receive(raw);
      await settle();
      assert.equal(source.writes.length, 0);
      assert.equal(posted.length, 0);
      assert.equal(warnings.length, forged.length);
    });

    it('never writes for a lock that does not exist, and says so', async () => {
      const { source, posted, conversation } = setup();
      conversation.receive({ type: 'releaseLock', key: 'kind-a/Lease/kube-system/invented' });
      await settle();
      assert.equal(source.writes.length, 0);
      assert.deepEqual(posted, [
        {
          type: 'writeResult',
          key: 'kind-a/Lease/kube-system/invented',
          ok: false,
          message: 'This lock no longer exists.',
        },
      ]);
    });

    it('runs one write at a time, however many the page sends', async () => {
      const { source, posted, conversation } = setup();
      for (let i = 0; i < 20; i++)
        conversation.receive({ type: i % 2 === 0 ? 'releaseLock' : 'takeOverLock', key: SCHEDULER });
      assert.equal(source.writes.length, 1, 'one confirmation at a time');
      assert.equal(posted.length, 19);
      assert.ok(posted.every((m) => m.type === 'writeResult' && !m.ok));
      source.writes[0]!.resolve({ ok: false, message: 'Cancelled.' });
      await settle();
      conversation.receive({ type: 'releaseLock', key: SCHEDULER });
      assert.equal(source.writes.length, 2, 'the next write may start once the first is answered');
    });

    it('bounds the length of a write message from the source', async () => {
      const { source, posted, conversation } = setup();
      conversation.receive({ type: 'releaseLock', key: SCHEDULER });
      source.writes[0]!.resolve({ ok: false, message: 'x'.repeat(100_000) });
      await settle();
      const result = posted[0];
      assert.ok(result?.type === 'writeResult');
      assert.equal(result.message.length, 2000);
    });

    it('remembers a reported view state, without a selection that names no lock', () => {
      const { viewStates, conversation, posted, source, clock } = setup();
      conversation.receive({
        type: 'saveState',
        state: { filter: 'sched', selected: SCHEDULER, sort: { column: 'age', descending: true } },
      });
      conversation.receive({
        type: 'saveState',
        state: { filter: '', selected: 'kind-a/Lease/x/invented', sort: { column: 'name', descending: false } },
      });
      assert.deepEqual(viewStates, [
        { filter: 'sched', selected: SCHEDULER, sort: { column: 'age', descending: true } },
        { filter: '', selected: null, sort: { column: 'name', descending: false } },
      ]);
      // The selection is cleared: changes to the scheduler no longer push its detail.
      conversation.receive({ type: 'ready' });
      source.upsert(lockRow('kube-scheduler', { holder: 'z' }));
      clock.advanceBy(100);
      assert.deepEqual(
        posted.map((m) => m.type),
        ['snapshot', 'diff'],
      );
    });

    it('does not let a flood of bad messages flood the log', () => {
      const { warnings, conversation, setLogTime } = setup();
      for (let i = 0; i < 1000; i++) conversation.receive({ type: 'releaseLock', key: i });
      assert.equal(warnings.length, 10);
      setLogTime(60_000);
      conversation.receive(null);
      assert.equal(warnings.length, 12);
      assert.match(warnings[10]!, /990 more ignored/);
    });
  });

  describe('lock actions: watch, unwatch, export, copy', () => {
    for (const type of ['watchLock', 'unwatchLock', 'exportTimeline', 'copyTimeline'] as const) {
      it(`${type} for an existing lock reaches the source's command`, async () => {
        const { source, conversation } = setup();
        conversation.receive({ type, key: SCHEDULER });
        await settle();
        assert.deepEqual(
          source.actions.map((a) => [a.type, a.key]),
          [[type, SCHEDULER]],
        );
      });
    }

    it('ignores an action for a lock that does not exist, and an action with anything extra', async () => {
      const { source, warnings, conversation } = setup();
      conversation.receive({ type: 'exportTimeline', key: 'kind-a/Lease/kube-system/gone' });
      conversation.receive({ type: 'watchLock', key: SCHEDULER, path: '/etc/passwd' });
      conversation.receive({ type: 'exportTimeline', key: SCHEDULER, format: 'json' });
      conversation.receive({ type: 'copyTimeline', key: [SCHEDULER] });
      await settle();
      assert.deepEqual(source.actions, []);
      assert.equal(warnings.length, 4);
    });

    it('one at a time: a page cannot queue up save dialogs while one is open', async () => {
      const { source, warnings, conversation } = setup();
      conversation.receive({ type: 'exportTimeline', key: SCHEDULER });
      for (let i = 0; i < 5; i++) conversation.receive({ type: 'exportTimeline', key: CONTROLLER });
      await settle();
      assert.equal(source.actions.length, 1);
      assert.match(warnings[0] ?? '', /while another lock action is waiting/);
      source.actions[0]?.done();
      await settle();
      conversation.receive({ type: 'copyTimeline', key: CONTROLLER });
      await settle();
      assert.deepEqual(
        source.actions.map((a) => a.type),
        ['exportTimeline', 'copyTimeline'],
      );
    });

    it('the attention filter asked for before the page is ready goes with the snapshot; after, at once', () => {
      const { posted, conversation } = setup();
      conversation.showAttention();
      assert.equal(posted.length, 0);
      conversation.receive({ type: 'ready' });
      assert.deepEqual(
        posted.map((m) => m.type),
        ['snapshot', 'showAttention'],
      );
      conversation.showAttention();
      conversation.receive({ type: 'ready' });
      assert.deepEqual(
        posted.map((m) => m.type),
        ['snapshot', 'showAttention', 'showAttention', 'snapshot'],
        'a reloaded page keeps its own filter: the host does not repeat it',
      );
    });
  });
});
