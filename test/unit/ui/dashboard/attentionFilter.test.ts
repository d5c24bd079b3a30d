// The dashboard's "needs attention" filter (what a click on the status bar item shows) lists the
// very locks the host counts: the same src/core rule, run in the page with the host's clock and
// thresholds, moving with the clock between messages.
import { strict as assert } from 'node:assert';
import { DEFAULT_THRESHOLDS, lockAttention, type LockEvidence } from '../../../../src/core';
import type { LockRow } from '../../../../src/protocol';
import { LockList } from '../../../../webview/lockList';
import {
  ATTENTION_FILTER,
  NO_FILTERS,
  type DisplayItem,
  type Judging,
  type RowFilters,
  type SortSpec,
} from '../../../../webview/rowModel';

const NOW = 1_700_000_000_000;
const at = (now: number): Judging => ({ now, thresholds: DEFAULT_THRESHOLDS });

function evidence(overrides: Partial<LockEvidence> = {}): LockEvidence {
  return {
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
    ...overrides,
  };
}

function row(name: string, e: LockEvidence, role: LockRow['role'] = 'election'): LockRow {
  return {
    key: `kind-a/Lease/apps/${name}`,
    context: 'kind-a',
    namespace: 'apps',
    name,
    kind: 'Lease',
    role,
    holder: 'pod-a',
    leaseDurationSeconds: 15,
    renewTime: e.renewTimeMs,
    acquireTime: null,
    observedTime: e.observedTime,
    transitions: 1,
    health: 'renewing',
    evidence: e,
    flapping: e.flapping !== null,
    skew: false,
    problems: [],
  };
}

const rows = [
  row('healthy', evidence()),
  row('dead', evidence({ changeSeen: false, renewTimeMs: NOW - 3_600_000, witnessedSkewMs: null })),
  row('flapping', evidence({ flapping: { leaders: 5, windowMs: 600_000 } })),
  row('skewed', evidence({ renewTimeMs: NOW + 60_000 })),
  row('vacant', evidence({ holder: 'vacant' })),
  row('stale', evidence({ stale: true, observedTime: NOW - 60_000 })),
  row('node-7', evidence({ observedTime: NOW - 120_000, leaseDurationMs: 40_000 }), 'node-heartbeat'),
];

/** The list the page draws for these rows and filters, item by item. */
function buildDisplayList(
  rows: readonly LockRow[],
  filters: RowFilters,
  sort: SortSpec,
  heartbeatsExpanded: boolean,
  judging: Judging,
): { items: DisplayItem[] } {
  const list = new LockList(() => judging, { sort, filters, heartbeatsExpanded });
  list.replaceAll(rows);
  list.commit();
  return { items: Array.from({ length: list.length }, (_, i) => list.item(i)!) };
}

const listed = (now: number): string[] =>
  buildDisplayList(
    rows,
    { ...NO_FILTERS, health: ATTENTION_FILTER },
    { column: 'name', descending: false },
    true,
    at(now),
  ).items.map((i) => (i.type === 'lock' ? i.row.name : 'heartbeats'));

describe('dashboard: the "needs attention" filter', () => {
  it('lists exactly what src/core counts: stopped, flapping, skewed; never vacant, stale or node heartbeats', () => {
    assert.deepEqual(listed(NOW), ['dead', 'flapping', 'skewed']);
    const counted = rows
      .filter((r) =>
        lockAttention(r.evidence, NOW, DEFAULT_THRESHOLDS, r.role === 'node-heartbeat' ? 'nodeHeartbeat' : 'election'),
      )
      .map((r) => r.name)
      .sort();
    assert.deepEqual(listed(NOW), counted);
  });

  it('moves with the clock: a lock whose lease runs out joins the list without a host message', () => {
    assert.deepEqual(listed(NOW + 20_000), ['dead', 'flapping', 'healthy', 'skewed']);
  });

  it('a kept list follows the clock too: rejudged, the lock whose lease ran out joins the filtered list', () => {
    let judging = at(NOW);
    const list = new LockList(() => judging, {
      sort: { column: 'name', descending: false },
      filters: { ...NO_FILTERS, health: ATTENTION_FILTER },
      heartbeatsExpanded: true,
    });
    list.replaceAll(rows);
    list.commit();
    const names = (): string[] =>
      Array.from({ length: list.length }, (_, i) => list.item(i)!).map((i) => (i.type === 'lock' ? i.row.name : 'x'));
    assert.deepEqual(names(), ['dead', 'flapping', 'skewed']);
    judging = at(NOW + 20_000);
    assert.equal(list.rejudge(), true);
    list.commit();
    assert.deepEqual(names(), ['dead', 'flapping', 'healthy', 'skewed']);
  });

  it('other State filters are untouched', () => {
    const list = buildDisplayList(
      rows,
      { ...NO_FILTERS, health: 'vacant' },
      { column: 'name', descending: false },
      true,
      at(NOW),
    );
    assert.deepEqual(
      list.items.map((i) => (i.type === 'lock' ? i.row.name : 'heartbeats')),
      ['vacant'],
    );
  });
});
