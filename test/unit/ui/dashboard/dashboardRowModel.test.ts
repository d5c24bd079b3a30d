// The dashboard page's pure parts (webview/), run in Node: what the overview lists and in which
// order, how health moves with the clock between host messages, and the page's copy of the rows.
import { strict as assert } from 'node:assert';
import type { LockRow } from '../../../../src/protocol';
import { DashboardStore } from '../../../../webview/dashboardStore';
import { formatAge, formatDuration } from '../../../../webview/format';
import { liveHealth, observedShare } from '../../../../webview/liveHealth';
import {
  buildDisplayList,
  NO_FILTERS,
  SORT_COLUMNS,
  type DisplayItem,
  type RowFilters,
  type SortSpec,
} from '../../../../webview/rowModel';

const NOW = 1_700_000_000_000;

function row(name: string, overrides: Partial<LockRow> = {}): LockRow {
  const context = overrides.context ?? 'kind-a';
  const namespace = overrides.namespace ?? 'kube-system';
  const kind = overrides.kind ?? 'Lease';
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
    observedTime: NOW - 1000,
    transitions: 0,
    health: 'fresh',
    flapping: false,
    skew: false,
    problems: [],
    ...overrides,
  };
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
      health: 'unknown',
      flapping: true,
      skew: true,
      problems: ['not JSON'],
    }),
    row('node-1', { namespace: 'kube-node-lease', role: 'node-heartbeat', health: 'fresh' }),
    row('node-2', { namespace: 'kube-node-lease', role: 'node-heartbeat', health: 'expired' }),
    row('node-3', { namespace: 'kube-node-lease', role: 'node-heartbeat', health: 'stale' }),
  ];

  it('groups node heartbeats into one summary row, first, with how many are stale', () => {
    const list = buildDisplayList(rows, NO_FILTERS, byName, false);
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
    const list = buildDisplayList(rows, NO_FILTERS, byName, true);
    assert.deepEqual(names(list.items).slice(0, 4), ['[heartbeats 3/2 open]', 'node-1', 'node-2', 'node-3']);
    assert.ok(list.items.slice(1, 4).every((i) => i.type === 'lock' && i.nested));
  });

  it('drops the summary when no heartbeat matches', () => {
    assert.deepEqual(names(buildDisplayList(rows, filters({ text: 'scheduler' }), byName, false).items), [
      'kube-scheduler',
    ]);
  });

  it('matches every word of the text anywhere in the row, ignoring case', () => {
    assert.deepEqual(names(buildDisplayList(rows, filters({ text: 'KUBE cp-2' }), byName, false).items), [
      'kube-controller-manager',
    ]);
    assert.deepEqual(
      names(buildDisplayList(rows, filters({ text: 'json' }), byName, false).items),
      ['legacy'],
      'problems are searchable',
    );
    assert.deepEqual(names(buildDisplayList(rows, filters({ text: 'kind-b' }), byName, false).items), ['legacy']);
  });

  it('filters by context, namespace, kind and health exactly', () => {
    assert.deepEqual(names(buildDisplayList(rows, filters({ context: 'kind-b' }), byName, false).items), ['legacy']);
    assert.deepEqual(names(buildDisplayList(rows, filters({ namespace: 'cert-manager' }), byName, false).items), [
      'cert-manager',
    ]);
    assert.deepEqual(names(buildDisplayList(rows, filters({ kind: 'Endpoints' }), byName, false).items), ['legacy']);
    assert.deepEqual(names(buildDisplayList(rows, filters({ health: 'expired' }), byName, true).items), [
      '[heartbeats 1/1 open]',
      'node-2',
      'kube-controller-manager',
    ]);
  });

  it('sorts by health worst first, and by each column both ways', () => {
    const locks = rows.filter((r) => r.role !== 'node-heartbeat');
    const sorted = (column: SortSpec['column'], descending = false): string[] =>
      names(buildDisplayList(locks, NO_FILTERS, { column, descending }, false).items);
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
    const many = Array.from({ length: 200 }, (_, i) => row(`lock-${i}`, { health: i % 2 === 0 ? 'fresh' : 'expired' }));
    for (const column of SORT_COLUMNS) {
      const a = names(buildDisplayList(many, NO_FILTERS, { column, descending: false }, false).items);
      const b = names(buildDisplayList([...many].reverse(), NO_FILTERS, { column, descending: false }, false).items);
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
    buildDisplayList(big, NO_FILTERS, { column: 'holder', descending: false }, true);
    const started = performance.now();
    for (const column of SORT_COLUMNS)
      buildDisplayList(big, filters({ text: 'lock-1' }), { column, descending: false }, true);
    const perList = (performance.now() - started) / SORT_COLUMNS.length;
    assert.ok(perList < 400, `${perList.toFixed(1)} ms per list`);
  });
});

describe('dashboard live health', () => {
  const held = row('x', { leaseDurationSeconds: 10, observedTime: NOW, health: 'fresh' });

  it('moves fresh → expiring at half the lease duration → expired at the end, by observed time', () => {
    assert.equal(liveHealth(held, NOW + 4999), 'fresh');
    assert.equal(liveHealth(held, NOW + 5000), 'expiring');
    assert.equal(liveHealth(held, NOW + 9999), 'expiring');
    assert.equal(liveHealth(held, NOW + 10_000), 'expired');
    assert.equal(observedShare(held, NOW + 2500), 0.25);
  });

  it('leaves every other state to the host', () => {
    for (const health of ['vacant', 'stale', 'unknown'] as const)
      assert.equal(liveHealth({ ...held, health }, NOW + 60_000), health);
    assert.equal(liveHealth({ ...held, observedTime: null }, NOW + 60_000), 'fresh');
    assert.equal(observedShare({ ...held, leaseDurationSeconds: null }, NOW), undefined);
  });

  it('treats a zero duration as takeable at once (client-go reads a missing duration as 0 s)', () => {
    assert.equal(liveHealth({ ...held, leaseDurationSeconds: 0 }, NOW), 'expired');
  });
});

describe('dashboard page store', () => {
  it('applies a snapshot, then diffs, and follows the host clock', () => {
    let local = 1000;
    const store = new DashboardStore(() => local);
    store.applySnapshot({
      type: 'snapshot',
      version: 1,
      now: NOW,
      rows: [row('a'), row('b')],
      contexts: [{ name: 'kind-a', state: 'connected' }],
    });
    assert.equal(store.hostNow(), NOW);
    local += 500;
    assert.equal(store.hostNow(), NOW + 500);
    const { newValues } = store.applyDiff({
      type: 'diff',
      now: NOW + 2000,
      upserts: [row('c', { namespace: 'new-ns' }), row('a', { holder: 'other' })],
      removed: ['kind-a/Lease/kube-system/b'],
    });
    assert.equal(newValues, true);
    assert.deepEqual([...store.rows.keys()].sort(), ['kind-a/Lease/kube-system/a', 'kind-a/Lease/new-ns/c']);
    assert.equal(store.rows.get('kind-a/Lease/kube-system/a')?.holder, 'other');
    assert.equal(store.hostNow(), NOW + 2000);
    assert.deepEqual(store.distinct('namespace'), ['kube-system', 'new-ns']);
  });
});

describe('dashboard text', () => {
  it('formats ages compactly and durations precisely', () => {
    assert.deepEqual([0, 999, 59_999, 60_000, 61_000, 3_600_000, 5_040_000, 90_000_000].map(formatAge), [
      '0 s',
      '0 s',
      '59 s',
      '1 m',
      '1 m 1 s',
      '1 h',
      '1 h 24 m',
      '1 d 1 h',
    ]);
    assert.deepEqual([850, 4210, 12_000, 192_000, -3000].map(formatDuration), [
      '850 ms',
      '4.2 s',
      '12 s',
      '3 m 12 s',
      '−3.0 s',
    ]);
  });
});
