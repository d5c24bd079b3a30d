// What the overview lists: filtering, sorting and the node-heartbeat group. Pure: no DOM, so it is
// unit-tested in Node and stays fast with 10,000 rows (one pass to filter, one sort, lower-cased
// text cached per row object: a changed row is a new object, so the cache never goes stale).

import {
  countsAsStopped,
  LOCK_STATE_KINDS,
  LOCK_STATE_WORDS,
  lockVerdict,
  type LockStateKind,
  type LockThresholds,
} from '../src/core/lockLiveness';
import { lockAttention } from '../src/core/lockAttention';
import type { LockRole } from '../src/core/lockView';
import type { LockKindName, LockRoleName, LockRow } from '../src/protocol';

/** `health` is the State column, `age` the takeover clock, `renewed` the record's renew age. */
export const SORT_COLUMNS = [
  'health',
  'context',
  'namespace',
  'name',
  'kind',
  'holder',
  'age',
  'renewed',
  'transitions',
  'flags',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export function isSortColumn(value: unknown): value is SortColumn {
  return typeof value === 'string' && (SORT_COLUMNS as readonly string[]).includes(value);
}

export interface SortSpec {
  readonly column: SortColumn;
  readonly descending: boolean;
}

export const KINDS: readonly LockKindName[] = ['Lease', 'ConfigMap', 'Endpoints', 'MultiLock'];
/** The State filter's choices, in the order the State column sorts them. */
export const HEALTH_STATES: readonly LockStateKind[] = LOCK_STATE_KINDS;

/** The State filter's value for "needs attention": the locks the status bar item counts (src/core lockAttention). */
export const ATTENTION_FILTER = 'attention';

const CORE_ROLES: Readonly<Record<LockRoleName, LockRole>> = {
  election: 'election',
  'node-heartbeat': 'nodeHeartbeat',
  'apiserver-identity': 'apiServerIdentity',
  other: 'other',
};

/** Whether the row's lock needs attention now, judged as the host judges it. */
export function needsAttention(row: LockRow, judging: Judging): boolean {
  return lockAttention(row.evidence, judging.now, judging.thresholds, CORE_ROLES[row.role] ?? 'other') !== undefined;
}

/** What the page judges with: the clock and the user's thresholds, both from the host. */
export interface Judging {
  readonly now: number;
  readonly thresholds: LockThresholds;
}

/**
 * The row's state now: the host's verdict moved on by the clock, with the same code the host runs
 * (the verdict alone: its words are only made for the rows in view).
 */
export function liveState(row: LockRow, judging: Judging): LockStateKind {
  return lockVerdict(row.evidence, judging.now, judging.thresholds).kind;
}

/** '' means "any". */
export interface RowFilters {
  readonly text: string;
  readonly context: string;
  readonly namespace: string;
  readonly kind: string;
  readonly health: string;
}

export const NO_FILTERS: RowFilters = { text: '', context: '', namespace: '', kind: '', health: '' };

export const HEARTBEAT_SUMMARY_KEY = 'node-heartbeats';

export interface HeartbeatSummary {
  readonly type: 'heartbeats';
  /** Matching heartbeats. */
  readonly count: number;
  /** Of those, how many stopped renewing (probably stopped or expired): as the tree's label counts. */
  readonly stale: number;
  readonly expanded: boolean;
}

export type DisplayItem = { readonly type: 'lock'; readonly row: LockRow; readonly nested: boolean } | HeartbeatSummary;

export interface DisplayList {
  readonly items: readonly DisplayItem[];
  /** Locks that pass the filters (heartbeats included, expanded or not). */
  readonly matched: number;
}

/** A heartbeat that tells of a node in trouble: the tree's group label counts the same ones. */
export function isStaleHeartbeat(row: LockRow, judging: Judging): boolean {
  return countsAsStopped(row.evidence, judging.now, judging.thresholds);
}

const haystacks = new WeakMap<LockRow, string>();

function haystack(row: LockRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [row.context, row.namespace, row.name, row.kind, row.holder ?? '', ...row.problems].join('\n').toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** Every whitespace-separated word of the text filter must appear somewhere in the row. */
export function matches(
  row: LockRow,
  filters: RowFilters,
  words: readonly string[] = filterWords(filters.text),
  state: LockStateKind = row.health,
  attention?: () => boolean,
): boolean {
  if (filters.context !== '' && row.context !== filters.context) return false;
  if (filters.namespace !== '' && row.namespace !== filters.namespace) return false;
  if (filters.kind !== '' && row.kind !== filters.kind) return false;
  if (filters.health === ATTENTION_FILTER) {
    if (attention?.() !== true) return false;
  } else if (filters.health !== '' && state !== filters.health) return false;
  if (words.length === 0) return true;
  // The state's words are searchable too ("stopped", "renewing"), as they stand now.
  const text = `${haystack(row)}\n${LOCK_STATE_SEARCH[state]}`;
  return words.every((w) => text.includes(w));
}

const LOCK_STATE_SEARCH: Readonly<Record<LockStateKind, string>> = Object.fromEntries(
  LOCK_STATE_KINDS.map((k) => [k, `${k.toLowerCase()} ${LOCK_STATE_WORDS[k]}`]),
) as Record<LockStateKind, string>;

export function filterWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
}

const HEALTH_RANK = Object.fromEntries(LOCK_STATE_KINDS.map((k, i) => [k, i])) as Record<LockStateKind, number>;

/** Lower-cased sort texts, computed once per row object rather than once per comparison. */
const foldedTexts = new WeakMap<LockRow, { readonly context: string; readonly holder: string }>();

function folded(row: LockRow): { readonly context: string; readonly holder: string } {
  let texts = foldedTexts.get(row);
  if (texts === undefined) {
    texts = { context: row.context.toLowerCase(), holder: row.holder?.toLowerCase() ?? '' };
    foldedTexts.set(row, texts);
  }
  return texts;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nulls sort last in both directions: "unknown" is never the most or least of anything. */
function compareNullable(a: number | null, b: number | null, sign: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return sign * (a - b);
}

function flagScore(row: LockRow): number {
  return (row.flapping ? 4 : 0) + (row.skew ? 2 : 0) + (row.problems.length > 0 ? 1 : 0);
}

export function comparator(
  sort: SortSpec,
  state: (row: LockRow) => LockStateKind = (row) => row.health,
): (a: LockRow, b: LockRow) => number {
  const sign = sort.descending ? -1 : 1;
  const primary = ((): ((a: LockRow, b: LockRow) => number) => {
    switch (sort.column) {
      case 'health':
        return (a, b) => sign * (HEALTH_RANK[state(a)] - HEALTH_RANK[state(b)]);
      case 'context':
        return (a, b) => sign * compareText(folded(a).context, folded(b).context);
      case 'namespace':
        return (a, b) => sign * compareText(a.namespace, b.namespace);
      case 'name':
        return (a, b) => sign * compareText(a.name, b.name);
      case 'kind':
        return (a, b) => sign * compareText(a.kind, b.kind);
      case 'holder':
        return (a, b) => {
          // Unreadable (null) last, then vacant (''), then by name.
          const rank = (r: LockRow): number => (r.holder === null ? 2 : r.holder === '' ? 1 : 0);
          const byRank = rank(a) - rank(b);
          return byRank !== 0 ? byRank : sign * compareText(folded(a).holder, folded(b).holder);
        };
      // Youngest first: the most recently observed change has the smallest age.
      case 'age':
        return (a, b) =>
          compareNullable(
            a.observedTime === null ? null : -a.observedTime,
            b.observedTime === null ? null : -b.observedTime,
            sign,
          );
      // Most recently renewed by the record first.
      case 'renewed':
        return (a, b) =>
          compareNullable(a.renewTime === null ? null : -a.renewTime, b.renewTime === null ? null : -b.renewTime, sign);
      case 'transitions':
        return (a, b) => compareNullable(a.transitions, b.transitions, sign);
      case 'flags':
        return (a, b) => -sign * (flagScore(a) - flagScore(b));
    }
  })();
  return (a, b) => primary(a, b) || compareText(a.key, b.key);
}

/**
 * The rows to show, in order: the heartbeat summary first (when any heartbeat matches), its rows
 * under it when expanded, then every other matching lock.
 */
export function buildDisplayList(
  rows: Iterable<LockRow>,
  filters: RowFilters,
  sort: SortSpec,
  heartbeatsExpanded: boolean,
  judging: Judging,
): DisplayList {
  const words = filterWords(filters.text);
  const locks: LockRow[] = [];
  const heartbeats: LockRow[] = [];
  const states = new Map<LockRow, LockStateKind>();
  let stale = 0;
  for (const row of rows) {
    const state = liveState(row, judging);
    if (!matches(row, filters, words, state, () => needsAttention(row, judging))) continue;
    states.set(row, state);
    if (row.role === 'node-heartbeat') {
      heartbeats.push(row);
      if (isStaleHeartbeat(row, judging)) stale++;
    } else {
      locks.push(row);
    }
  }
  const compare = comparator(sort, (row) => states.get(row) ?? row.health);
  locks.sort(compare);
  const items: DisplayItem[] = [];
  if (heartbeats.length > 0) {
    items.push({ type: 'heartbeats', count: heartbeats.length, stale, expanded: heartbeatsExpanded });
    if (heartbeatsExpanded) {
      heartbeats.sort(compare);
      for (const row of heartbeats) items.push({ type: 'lock', row, nested: true });
    }
  }
  for (const row of locks) items.push({ type: 'lock', row, nested: false });
  return { items, matched: locks.length + heartbeats.length };
}

/** The key a display item is known by (the summary has a fixed one). */
export function itemKey(item: DisplayItem): string {
  return item.type === 'heartbeats' ? HEARTBEAT_SUMMARY_KEY : item.row.key;
}
