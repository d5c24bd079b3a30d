// The dashboard page's pure parts (webview/), run in Node: what the overview lists and in which
// order, how the state moves with the clock between host messages (judged by src/core, with the
// host's thresholds), and the page's copy of the rows.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DEFAULT_THRESHOLDS, lockState, type LockEvidence, type LockStateKind } from '../../../../src/core';
import type { LockRow } from '../../../../src/protocol';
import { DashboardStore } from '../../../../webview/dashboardStore';
import { LockList } from '../../../../webview/lockList';
import {
  liveState,
  NO_FILTERS,
  SORT_COLUMNS,
  type DisplayItem,
  type Judging,
  type RowFilters,
  type SortSpec,
} from '../../../../webview/rowModel';

const NOW = 1_700_000_000_000;
const AT_NOW: Judging = { now: NOW, thresholds: DEFAULT_THRESHOLDS };

/** Evidence that makes src/core judge the row as `state` at NOW (what the host would have sent). */
function evidenceFor(state: LockStateKind, observedTime: number | null): LockEvidence {
  const base: LockEvidence = {
    holder: 'held',
    problem: null,
    halvesDisagree: null,
    leaseDurationMs: 15_000,
    renewTimeMs: observedTime,
    observedTime,
    changeSeen: true,
    firstSeen: observedTime === null ? null : observedTime - 60_000,
    contextOffsetMs: null,
    flapping: null,
    stale: false,
  };
  switch (state) {
    case 'renewing':
      return base;
    case 'expired':
      return { ...base, observedTime: NOW - 30_000, renewTimeMs: NOW - 30_000 };
    case 'vacant':
      return { ...base, holder: 'vacant' };
    case 'unreadable':
      return { ...base, holder: 'unreadableRecord', problem: 'not JSON' };
    case 'probablyStopped':
      return { ...base, changeSeen: false, renewTimeMs: NOW - 180_000, leaseDurationMs: 40_000 };
    case 'stale':
      return { ...base, stale: true, changeSeen: false, renewTimeMs: NOW - 180_000, leaseDurationMs: 40_000 };
    default:
      throw new Error(`no evidence for ${state} in this test`);
  }
}

function row(name: string, overrides: Partial<LockRow> = {}): LockRow {
  const context = overrides.context ?? 'kind-a';
  const namespace = overrides.namespace ?? 'kube-system';
  const kind = overrides.kind ?? 'Lease';
  const health = overrides.health ?? 'renewing';
  const observedTime = overrides.observedTime === undefined ? NOW - 1000 : overrides.observedTime;
  const evidence = overrides.evidence ?? evidenceFor(health, observedTime);
  return {
    key: `${context}/${kind}/${namespace}/${name}`,
    context,
    namespace,
    name,
    kind,
    role: 'election',
    holder: `${name}-holder`,
    leaseDurationSeconds: 15,
    renewTime: NOW - 1000,
    acquireTime: NOW - 60_000,
    observedTime,
    transitions: 0,
    health,
    flapping: false,
    skew: false,
    problems: [],
    ...overrides,
    evidence,
  };
}

/** The list the table would draw, item by item. */
function itemsOf(list: LockList): DisplayItem[] {
  return Array.from({ length: list.length }, (_, i) => list.item(i)!);
}

/** A list made from scratch of these rows (what the page has after a snapshot). */
function buildDisplayList(
  rows: readonly LockRow[],
  filters: RowFilters,
  sort: SortSpec,
  heartbeatsExpanded: boolean,
  judging: Judging,
): { items: DisplayItem[]; matched: number; list: LockList } {
  const list = new LockList(() => judging, { sort, filters, heartbeatsExpanded });
  list.replaceAll(rows);
  list.commit();
  return { items: itemsOf(list), matched: list.matched, list };
}

const names = (items: readonly DisplayItem[]): string[] =>
  items.map((i) => (i.type === 'lock' ? i.row.name : `[heartbeats ${i.count}/${i.stale}${i.expanded ? ' open' : ''}]`));
const byName: SortSpec = { column: 'name', descending: false };
const filters = (f: Partial<RowFilters>): RowFilters => ({ ...NO_FILTERS, ...f });

describe('dashboard overview list', () => {
  const rows = [
    row('kube-scheduler', { holder: 'cp-1_abc', transitions: 3, observedTime: NOW - 2000 }),
    row('kube-controller-manager', {
      holder: 'cp-2_def',
      transitions: 7,
      health: 'expired',
      observedTime: NOW - 30_000,
    }),
    row('cert-manager', {
      namespace: 'cert-manager',
      kind: 'ConfigMap',
      holder: '',
      health: 'vacant',
      transitions: null,
      observedTime: null,
    }),
    row('legacy', {
      context: 'kind-b',
      kind: 'Endpoints',
      holder: null,
      health: 'unreadable',
      flapping: true,
      skew: true,
      problems: ['not JSON'],
    }),
    row('node-1', { namespace: 'kube-node-lease', role: 'node-heartbeat', health: 'renewing' }),
    row('node-2', { namespace: 'kube-node-lease', role: 'node-heartbeat', health: 'expired' }),
    // Disconnected now, and its own record ran out before: stopped, as the tree counts it.
    row('node-3', { namespace: 'kube-node-lease', role: 'node-heartbeat', health: 'stale' }),
  ];

  it('judges every row as the host did when nothing has moved', () => {
    for (const r of rows) assert.equal(liveState(r, AT_NOW), r.health, r.name);
  });

  it('groups node heartbeats into one summary row, first, with how many are stale', () => {
    const list = buildDisplayList(rows, NO_FILTERS, byName, false, AT_NOW);
    assert.deepEqual(names(list.items), [
      '[heartbeats 3/2]',
      'cert-manager',
      'kube-controller-manager',
      'kube-scheduler',
      'legacy',
    ]);
    assert.equal(list.matched, 7);
  });

  it('lists the heartbeats under the summary when expanded', () => {
    const list = buildDisplayList(rows, NO_FILTERS, byName, true, AT_NOW);
    assert.deepEqual(names(list.items).slice(0, 4), ['[heartbeats 3/2 open]', 'node-1', 'node-2', 'node-3']);
    assert.ok(list.items.slice(1, 4).every((i) => i.type === 'lock' && i.nested));
  });

  it('drops the summary when no heartbeat matches', () => {
    assert.deepEqual(names(buildDisplayList(rows, filters({ text: 'scheduler' }), byName, false, AT_NOW).items), [
      'kube-scheduler',
    ]);
  });

  it('matches every word of the text anywhere in the row, ignoring case', () => {
    assert.deepEqual(names(buildDisplayList(rows, filters({ text: 'KUBE cp-2' }), byName, false, AT_NOW).items), [
      'kube-controller-manager',
    ]);
    assert.deepEqual(
      names(buildDisplayList(rows, filters({ text: 'json' }), byName, false, AT_NOW).items),
      ['legacy'],
      'problems are searchable',
    );
    assert.deepEqual(names(buildDisplayList(rows, filters({ text: 'kind-b' }), byName, false, AT_NOW).items), [
      'legacy',
    ]);
  });

  it('filters by context, namespace, kind and state exactly, and finds states by their words', () => {
    assert.deepEqual(names(buildDisplayList(rows, filters({ text: 'unreadable' }), byName, false, AT_NOW).items), [
      'legacy',
    ]);
    assert.deepEqual(names(buildDisplayList(rows, filters({ context: 'kind-b' }), byName, false, AT_NOW).items), [
      'legacy',
    ]);
    assert.deepEqual(
      names(buildDisplayList(rows, filters({ namespace: 'cert-manager' }), byName, false, AT_NOW).items),
      ['cert-manager'],
    );
    assert.deepEqual(names(buildDisplayList(rows, filters({ kind: 'Endpoints' }), byName, false, AT_NOW).items), [
      'legacy',
    ]);
    assert.deepEqual(names(buildDisplayList(rows, filters({ health: 'expired' }), byName, true, AT_NOW).items), [
      '[heartbeats 1/1 open]',
      'node-2',
      'kube-controller-manager',
    ]);
  });

  it('sorts by state worst first, and by each column both ways', () => {
    const locks = rows.filter((r) => r.role !== 'node-heartbeat');
    const sorted = (column: SortSpec['column'], descending = false): string[] =>
      names(buildDisplayList(locks, NO_FILTERS, { column, descending }, false, AT_NOW).items);
    assert.deepEqual(sorted('health'), ['kube-controller-manager', 'legacy', 'cert-manager', 'kube-scheduler']);
    assert.deepEqual(
      sorted('transitions'),
      ['legacy', 'kube-scheduler', 'kube-controller-manager', 'cert-manager'],
      'unknown (null) last',
    );
    assert.deepEqual(
      sorted('transitions', true),
      ['kube-controller-manager', 'kube-scheduler', 'legacy', 'cert-manager'],
      'unknown last both ways',
    );
    assert.deepEqual(
      sorted('age'),
      ['legacy', 'kube-scheduler', 'kube-controller-manager', 'cert-manager'],
      'youngest first, never observed last',
    );
    assert.deepEqual(
      sorted('holder'),
      ['kube-scheduler', 'kube-controller-manager', 'cert-manager', 'legacy'],
      'named, then nobody, then unreadable',
    );
    assert.deepEqual(sorted('flags'), ['legacy', 'cert-manager', 'kube-controller-manager', 'kube-scheduler']);
    assert.deepEqual(sorted('context', true)[0], 'legacy');
    assert.deepEqual(sorted('kind'), ['cert-manager', 'legacy', 'kube-controller-manager', 'kube-scheduler']);
  });

  it('orders ties by key, so the order is the same whatever order the rows came in', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      row(`lock-${i}`, { health: i % 2 === 0 ? 'renewing' : 'expired' }),
    );
    for (const column of SORT_COLUMNS) {
      const a = names(buildDisplayList(many, NO_FILTERS, { column, descending: false }, false, AT_NOW).items);
      const b = names(
        buildDisplayList([...many].reverse(), NO_FILTERS, { column, descending: false }, false, AT_NOW).items,
      );
      assert.deepEqual(a, b, column);
    }
  });

  // A guard against an accidentally quadratic list, not a benchmark: the bound is loose enough
  // for a busy two-core CI machine (a warm list takes a few milliseconds).
  it('lists 10,000 locks in linearithmic time', () => {
    const big = Array.from({ length: 10_000 }, (_, i) =>
      row(`lock-${i}`, {
        role: i > 1800 ? 'node-heartbeat' : 'election',
        holder: `h-${(i * 7919) % 1000}`,
        observedTime: NOW - ((i * 31) % 10_000),
      }),
    );
    buildDisplayList(big, NO_FILTERS, { column: 'holder', descending: false }, true, AT_NOW);
    const started = performance.now();
    for (const column of SORT_COLUMNS)
      buildDisplayList(big, filters({ text: 'lock-1' }), { column, descending: false }, true, AT_NOW);
    const perList = (performance.now() - started) / SORT_COLUMNS.length;
    assert.ok(perList < 400, `${perList.toFixed(1)} ms per list`);
  });
});

describe('the overview list kept up to date (65,000 rows, renewals arriving)', () => {
  const S = 1000;
  const hbRow = (i: number, renewedAt: number, changeSeen = true): LockRow =>
    row(`node-${String(i).padStart(5, '0')}`, {
      namespace: 'kube-node-lease',
      role: 'node-heartbeat',
      holder: `node-${i}`,
      renewTime: renewedAt,
      observedTime: renewedAt,
      evidence: { ...evidenceFor('renewing', renewedAt), leaseDurationMs: 40 * S, changeSeen },
    });

  it('answers indexOf for every item it lists, and -1 for what it does not', () => {
    const rows = [
      ...Array.from({ length: 50 }, (_, i) => hbRow(i, NOW - i * 100)),
      row('a'),
      row('b', { health: 'expired', observedTime: NOW - 30_000 }),
    ];
    for (const expanded of [false, true]) {
      const { list, items } = buildDisplayList(
        rows,
        NO_FILTERS,
        { column: 'health', descending: false },
        expanded,
        AT_NOW,
      );
      items.forEach((item, i) =>
        assert.equal(list.indexOf(item.type === 'lock' ? item.row.key : 'node-heartbeats'), i),
      );
      assert.equal(list.indexOf('no/such/lock/key'), -1);
      if (!expanded) assert.equal(list.indexOf(rows[3]!.key), -1, 'a heartbeat under a folded summary');
    }
  });

  it('a renewal that keeps a heartbeat where it is in the order changes nothing but its row', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => hbRow(i, NOW - (i % 10) * S));
    let now = NOW;
    const list = new LockList(() => ({ now, thresholds: DEFAULT_THRESHOLDS }), {
      sort: { column: 'health', descending: false },
      heartbeatsExpanded: true,
    });
    list.replaceAll(rows);
    list.commit();
    const version = list.version;
    now += S;
    list.upsert(rows.slice(0, 100).map((r, i) => hbRow(i, now)));
    assert.equal(list.commit(), false, 'no reorder, no refilter');
    assert.equal(list.version, version);
    assert.equal((list.item(1) as { row: LockRow }).row.renewTime, now, 'the row itself is the new one');
  });

  it('counts a silent heartbeat stale when its lease runs out, judging by the clock alone', () => {
    let now = NOW;
    const list = new LockList(() => ({ now, thresholds: DEFAULT_THRESHOLDS }), {
      sort: { column: 'name', descending: false },
    });
    list.replaceAll(Array.from({ length: 20 }, (_, i) => hbRow(i, NOW - i * S)));
    list.commit();
    assert.equal(list.summary?.stale, 0);
    now = NOW + 35 * S; // nodes 5…19 renewed more than 40 s ago by now
    assert.equal(list.rejudge(), true);
    list.commit();
    assert.equal(list.summary?.stale, 15);
    assert.equal(list.stateOf(rows0key(19)), 'expired');
  });

  function rows0key(i: number): string {
    return hbRow(i, NOW).key;
  }

  it('after any sequence of renewals, removals, clock ticks, filters, sorts and folds, lists exactly what a fresh list of the same rows lists', () => {
    const op = fc.oneof(
      fc.record({
        type: fc.constant('renew' as const),
        who: fc.array(fc.nat(39), { maxLength: 12 }),
        dead: fc.boolean(),
      }),
      fc.record({ type: fc.constant('remove' as const), who: fc.array(fc.nat(39), { maxLength: 4 }) }),
      fc.record({ type: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 30_000 }) }),
      fc.record({
        type: fc.constant('filter' as const),
        text: fc.constantFrom('', 'node-0001', 'expired', 'lock', 'stopped'),
        health: fc.constantFrom('', 'expired', 'renewing'),
      }),
      fc.record({
        type: fc.constant('sort' as const),
        column: fc.constantFrom(...SORT_COLUMNS),
        descending: fc.boolean(),
      }),
      fc.record({ type: fc.constant('fold' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        let now = NOW;
        const judging = (): Judging => ({ now, thresholds: DEFAULT_THRESHOLDS });
        const make = (i: number, at: number, dead = false): LockRow =>
          i < 30
            ? hbRow(i, dead ? at - 3_600_000 : at, !dead)
            : row(`lock-${i}`, {
                observedTime: at,
                renewTime: at,
                holder: i % 3 === 0 ? '' : `h-${i}`,
                transitions: i % 4,
                evidence: evidenceFor('renewing', at),
              });
        const rows = new Map<string, LockRow>();
        for (let i = 0; i < 40; i++) {
          const r = make(i, NOW - i * 700);
          rows.set(r.key, r);
        }
        let filters = NO_FILTERS;
        let sort: SortSpec = { column: 'health', descending: false };
        let expanded = false;
        const list = new LockList(judging, { sort, filters, heartbeatsExpanded: expanded });
        list.replaceAll(rows.values());
        list.commit();
        for (const o of ops) {
          switch (o.type) {
            case 'renew': {
              const changed = o.who.map((i) => make(i, now, o.dead));
              for (const r of changed) rows.set(r.key, r);
              list.upsert(changed);
              break;
            }
            case 'remove': {
              const keys = o.who.map((i) => make(i, now).key);
              for (const k of keys) rows.delete(k);
              list.remove(keys);
              break;
            }
            case 'tick':
              now += o.ms;
              list.rejudge();
              break;
            case 'filter':
              filters = { ...NO_FILTERS, text: o.text, health: o.health };
              list.setFilters(filters);
              break;
            case 'sort':
              sort = { column: o.column, descending: o.descending };
              list.setSort(sort);
              break;
            case 'fold':
              expanded = !expanded;
              list.setExpanded(expanded);
              break;
          }
          list.rejudge();
          list.commit();
          const fresh = buildDisplayList([...rows.values()], filters, sort, expanded, judging());
          assert.deepEqual(names(itemsOf(list)), names(fresh.items));
          assert.equal(list.matched, fresh.matched);
        }
      }),
      { numRuns: 150 },
    );
  });

  // A guard against an accidentally quadratic list, not a benchmark: loose enough for a busy CI machine.
  it('keeps 65,000 rows and takes a batch of 1,300 renewals without listing them all again', () => {
    let now = NOW;
    const list = new LockList(() => ({ now, thresholds: DEFAULT_THRESHOLDS }), {
      sort: { column: 'health', descending: false },
      heartbeatsExpanded: true,
    });
    list.replaceAll(Array.from({ length: 65_000 }, (_, i) => hbRow(i, NOW - (i % 10_000))));
    list.commit();
    const started = performance.now();
    for (let batch = 0; batch < 10; batch++) {
      now += 200;
      list.upsert(Array.from({ length: 1300 }, (_, j) => hbRow(batch * 1300 + j, now)));
      list.rejudge();
      list.commit();
    }
    const perBatch = (performance.now() - started) / 10;
    assert.ok(perBatch < 200, `${perBatch.toFixed(1)} ms per batch`);
    assert.equal(list.length, 65_001);
  });
});

describe('dashboard live state', () => {
  const held = row('x', { observedTime: NOW });

  it('moves renewing → expiring at the user’s threshold → expired at the end, as the tree does', () => {
    const at = (ms: number, expiringShare = 0.5): LockStateKind =>
      liveState(held, { now: NOW + ms, thresholds: { ...DEFAULT_THRESHOLDS, expiringShare } });
    assert.equal(at(7499), 'renewing');
    assert.equal(at(7500), 'expiring');
    assert.equal(at(2999, 0.2), 'renewing');
    assert.equal(at(3000, 0.2), 'expiring', 'leaseLens.expiringThreshold 0.2');
    assert.equal(at(15_000), 'expired');
  });

  it('says probably stopped from the first message for a record that ran out long ago', () => {
    const dead = row('dead', {
      observedTime: NOW,
      evidence: {
        ...evidenceFor('renewing', NOW),
        changeSeen: false,
        renewTimeMs: NOW - 3 * 3_600_000,
        leaseDurationMs: 3_600_000,
      },
    });
    const s = lockState(dead.evidence, NOW, DEFAULT_THRESHOLDS);
    assert.equal(s.kind, 'probablyStopped');
    assert.equal(s.summary, 'probably stopped: expired 2h ago by its record');
  });
});

describe('dashboard page store', () => {
  it('applies a snapshot, then diffs, and follows the host clock', () => {
    let local = 1000;
    const store = new DashboardStore(() => local);
    store.applySnapshot({
      type: 'snapshot',
      version: 2,
      now: NOW,
      rows: [row('a'), row('b')],
      contexts: [{ name: 'kind-a', state: 'connected' }],
      thresholds: { expiringShare: 0.2, skewToleranceMs: 5000 },
    });
    assert.equal(store.thresholds.expiringShare, 0.2, 'the user’s threshold, from the host');
    assert.equal(store.hostNow(), NOW);
    local += 500;
    assert.equal(store.hostNow(), NOW + 500);
    const { newValues } = store.applyDiff({
      type: 'diff',
      now: NOW + 2000,
      upserts: [row('c', { namespace: 'new-ns' }), row('a', { holder: 'other' })],
      removed: ['kind-a/Lease/kube-system/b'],
      thresholds: { expiringShare: 0.2, skewToleranceMs: 5000 },
    });
    assert.equal(newValues, true);
    assert.deepEqual([...store.rows.keys()].sort(), ['kind-a/Lease/kube-system/a', 'kind-a/Lease/new-ns/c']);
    assert.equal(store.rows.get('kind-a/Lease/kube-system/a')?.holder, 'other');
    assert.equal(store.hostNow(), NOW + 2000);
    assert.deepEqual(store.distinct('namespace'), ['kube-system', 'new-ns']);
  });
});
