// What the overview lists, in words and types: sort columns, filters, the node-heartbeat summary
// and the display list the table reads. Pure: no DOM. lockList.ts keeps the list itself.

import {
  countsAsStopped,
  LOCK_STATE_KINDS,
  lockStateWord,
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

/** The src/core role of a row's role (what lockAttention judges by). */
export function coreRole(role: LockRoleName): LockRole {
  return CORE_ROLES[role] ?? 'other';
}

/** Whether the row's lock needs attention now, judged as the host judges it. */
export function needsAttention(row: LockRow, judging: Judging): boolean {
  return lockAttention(row.evidence, judging.now, judging.thresholds, coreRole(row.role)) !== undefined;
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

/**
 * What the table draws: a list it asks by index for the rows in view only, so 65,000 locks are
 * never turned into 65,000 items (lockList.ts keeps it up to date).
 */
export interface DisplayList {
  /** Items, the heartbeat summary and the heartbeats under it (when expanded) included. */
  readonly length: number;
  item(index: number): DisplayItem | undefined;
  /** The item's index, -1 when it is not listed (filtered out, or under a folded summary). */
  indexOf(key: string): number;
  /** Locks that pass the filters (heartbeats included, expanded or not). */
  readonly matched: number;
  /** Locks known, filtered or not. */
  readonly total: number;
}

/** A heartbeat that tells of a node in trouble: the tree's group label counts the same ones. */
export function isStaleHeartbeat(row: LockRow, judging: Judging): boolean {
  return countsAsStopped(row.evidence, judging.now, judging.thresholds);
}

/** The words of the text filter (every one must appear somewhere in a row). */
export function filterWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** What the text filter finds a state by: its kind and its words in the display language ("stopped", "renewing"). */
let stateSearch: Readonly<Record<LockStateKind, string>> | undefined;
export function lockStateSearch(kind: LockStateKind): string {
  // Made on first use: the bundle is loaded before the page filters, not when this module is imported.
  stateSearch ??= Object.fromEntries(
    LOCK_STATE_KINDS.map((k) => [k, `${k.toLowerCase()} ${lockStateWord(k).toLowerCase()}`]),
  ) as Record<LockStateKind, string>;
  return stateSearch[kind];
}

/** The State column's order: the ones that need a look first. */
export const HEALTH_RANK = Object.fromEntries(LOCK_STATE_KINDS.map((k, i) => [k, i])) as Record<LockStateKind, number>;

/** The key a display item is known by (the summary has a fixed one). */
export function itemKey(item: DisplayItem): string {
  return item.type === 'heartbeats' ? HEARTBEAT_SUMMARY_KEY : item.row.key;
}
