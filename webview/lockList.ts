// The overview's list, kept up to date rather than rebuilt: at 65,000 node heartbeats and 6,500
// renewals a second, filtering and sorting every row for every message (and once a second for the
// clock) took tens of milliseconds each time and froze scrolling. Pure: no DOM, unit-tested in Node.
//
// - Each lock is an entry holding its row, its verdict (src/core lockVerdict, judged here with the
//   host's thresholds), whether it counts as stopped, its lower-cased search text and whether it
//   passes the filters. A row that arrives is judged once; the clock re-judges only the entries
//   whose verdict said it may change by now (LockVerdict.nextChangeAt).
// - Every entry sits in one of two orders (heartbeats, other locks) by the current sort, filtered
//   or not. A renewal that does not move a lock in that order (the common case: sorted by state, a
//   renewing heartbeat stays renewing) costs no reordering at all; the entries that did move are
//   taken out, sorted among themselves and merged back in one pass.
// - The filtered lists are a subsequence of the orders, made in one pass when something moved or
//   the filters changed (no re-sort for a new filter).

import { lockVerdict, verdictCountsAsStopped, type LockStateKind } from '../src/core/lockLiveness';
import { attentionRecheckAt, countsForAttention, lockAttention } from '../src/core/lockAttention';
import type { LockRow } from '../src/protocol';
import {
  ATTENTION_FILTER,
  coreRole,
  filterWords,
  HEALTH_RANK,
  HEARTBEAT_SUMMARY_KEY,
  lockStateSearch,
  NO_FILTERS,
  type DisplayItem,
  type DisplayList,
  type HeartbeatSummary,
  type Judging,
  type RowFilters,
  type SortColumn,
  type SortSpec,
} from './rowModel';

interface Entry {
  row: LockRow;
  readonly heartbeat: boolean;
  kind: LockStateKind;
  stopped: boolean;
  /** Whether it needs attention (src/core lockAttention), as the status bar item counts it. */
  attention: boolean;
  /** When its verdict (or its attention) may change by time alone; Infinity: only a new row changes it. */
  recheckAt: number;
  /** Lower-cased context, namespace, name, kind, holder and problems, for the text filter. */
  text: string;
  contextFolded: string;
  holderFolded: string;
  matched: boolean;
  /** Its place in its filtered list; -1 when filtered out. */
  index: number;
  /** Its place in its order may have changed (or it is new): it is merged back at the next commit. */
  dirty: boolean;
  gone: boolean;
}

/** One of the two orders: all heartbeats, or all other locks, by the current sort. */
interface Order {
  all: Entry[];
  /** The entries that pass the filters, in order (the same array as `all` when nothing filters). */
  shown: Entry[];
}

function searchText(row: LockRow): string {
  return [row.context, row.namespace, row.name, row.kind, row.holder ?? '', ...row.problems].join('\n').toLowerCase();
}

function sameSearchFields(a: LockRow, b: LockRow): boolean {
  return (
    a.context === b.context &&
    a.namespace === b.namespace &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.holder === b.holder &&
    a.problems.length === b.problems.length &&
    a.problems.every((p, i) => p === b.problems[i])
  );
}

function flagScore(row: LockRow): number {
  return (row.flapping ? 4 : 0) + (row.skew ? 2 : 0) + (row.problems.length > 0 ? 1 : 0);
}

/** Whether a new version of a row may sit elsewhere in an order sorted by `column`. */
function sortFieldsChanged(a: LockRow, b: LockRow, column: SortColumn): boolean {
  switch (column) {
    case 'health':
      return false; // the state is the entry's verdict, compared when judged
    case 'context':
      return a.context !== b.context;
    case 'namespace':
      return a.namespace !== b.namespace;
    case 'name':
      return a.name !== b.name;
    case 'kind':
      return a.kind !== b.kind;
    case 'holder':
      return a.holder !== b.holder;
    case 'age':
      return a.observedTime !== b.observedTime;
    case 'renewed':
      return a.renewTime !== b.renewTime;
    case 'transitions':
      return a.transitions !== b.transitions;
    case 'flags':
      return flagScore(a) !== flagScore(b);
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nulls sort last in both directions: "unknown" is never the most or least of anything. */
function compareNullable(a: number | null, b: number | null, sign: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return sign * (a - b);
}

function holderRank(row: LockRow): number {
  return row.holder === null ? 2 : row.holder === '' ? 1 : 0;
}

function negated(value: number | null): number | null {
  return value === null ? null : -value;
}

/** The order of entries for a sort; ties go by key, so the order never depends on arrival. */
export function entryComparator(sort: SortSpec): (a: Entry, b: Entry) => number {
  const sign = sort.descending ? -1 : 1;
  const primary = ((): ((a: Entry, b: Entry) => number) => {
    switch (sort.column) {
      case 'health':
        return (a, b) => sign * (HEALTH_RANK[a.kind] - HEALTH_RANK[b.kind]);
      case 'context':
        return (a, b) => sign * compareText(a.contextFolded, b.contextFolded);
      case 'namespace':
        return (a, b) => sign * compareText(a.row.namespace, b.row.namespace);
      case 'name':
        return (a, b) => sign * compareText(a.row.name, b.row.name);
      case 'kind':
        return (a, b) => sign * compareText(a.row.kind, b.row.kind);
      case 'holder':
        // Unreadable (null) last, then vacant (''), then by name.
        return (a, b) => holderRank(a.row) - holderRank(b.row) || sign * compareText(a.holderFolded, b.holderFolded);
      // Youngest first: the most recently observed change has the smallest age.
      case 'age':
        return (a, b) => compareNullable(negated(a.row.observedTime), negated(b.row.observedTime), sign);
      // Most recently renewed by the record first.
      case 'renewed':
        return (a, b) => compareNullable(negated(a.row.renewTime), negated(b.row.renewTime), sign);
      case 'transitions':
        return (a, b) => compareNullable(a.row.transitions, b.row.transitions, sign);
      case 'flags':
        return (a, b) => -sign * (flagScore(a.row) - flagScore(b.row));
    }
  })();
  return (a, b) => primary(a, b) || compareText(a.row.key, b.row.key);
}

function merge(a: readonly Entry[], b: readonly Entry[], compare: (x: Entry, y: Entry) => number): Entry[] {
  const out = new Array<Entry>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

export interface LockListOptions {
  readonly sort: SortSpec;
  readonly filters?: RowFilters;
  readonly heartbeatsExpanded?: boolean;
}

export class LockList implements DisplayList {
  private readonly entries = new Map<string, Entry>();
  private readonly heartbeats: Order = { all: [], shown: [] };
  private readonly locks: Order = { all: [], shown: [] };
  private moved: Entry[] = [];
  private removedAny = false;
  private refilter = false;
  private recount = false;
  private staleShown = 0;
  private filters: RowFilters;
  private words: string[];
  private sort: SortSpec;
  private compare: (a: Entry, b: Entry) => number;
  private expanded: boolean;
  /** Bumped whenever the list's order, membership or counts change. */
  version = 0;

  constructor(
    private readonly judging: () => Judging,
    options: LockListOptions,
  ) {
    this.sort = options.sort;
    this.compare = entryComparator(options.sort);
    this.filters = options.filters ?? NO_FILTERS;
    this.words = filterWords(this.filters.text);
    this.expanded = options.heartbeatsExpanded ?? false;
  }

  // ---- what the table reads ---------------------------------------------------------------

  get length(): number {
    const hb = this.heartbeats.shown.length;
    return (hb > 0 ? 1 + (this.expanded ? hb : 0) : 0) + this.locks.shown.length;
  }

  get matched(): number {
    return this.heartbeats.shown.length + this.locks.shown.length;
  }

  get total(): number {
    return this.entries.size;
  }

  /** The heartbeat summary row, when any heartbeat passes the filters. */
  get summary(): HeartbeatSummary | undefined {
    const count = this.heartbeats.shown.length;
    return count === 0 ? undefined : { type: 'heartbeats', count, stale: this.staleShown, expanded: this.expanded };
  }

  item(index: number): DisplayItem | undefined {
    if (index < 0) return undefined;
    let i = index;
    const hb = this.heartbeats.shown;
    if (hb.length > 0) {
      if (i === 0) return this.summary;
      i--;
      if (this.expanded) {
        if (i < hb.length) return { type: 'lock', row: hb[i]!.row, nested: true };
        i -= hb.length;
      }
    }
    const entry = this.locks.shown[i];
    return entry === undefined ? undefined : { type: 'lock', row: entry.row, nested: false };
  }

  indexOf(key: string): number {
    const hb = this.heartbeats.shown.length;
    if (key === HEARTBEAT_SUMMARY_KEY) return hb > 0 ? 0 : -1;
    const entry = this.entries.get(key);
    if (entry === undefined || entry.index < 0) return -1;
    if (entry.heartbeat) return this.expanded ? 1 + entry.index : -1;
    return (hb > 0 ? 1 + (this.expanded ? hb : 0) : 0) + entry.index;
  }

  /** The state the list last judged a lock to be in (what it is sorted and filtered by). */
  stateOf(key: string): LockStateKind | undefined {
    return this.entries.get(key)?.kind;
  }

  // ---- changes ------------------------------------------------------------------------------

  /** Everything the host has (a snapshot). */
  replaceAll(rows: Iterable<LockRow>): void {
    for (const entry of this.entries.values()) entry.gone = true;
    this.entries.clear();
    this.heartbeats.all = [];
    this.locks.all = [];
    this.moved = [];
    const { now, thresholds } = this.judging();
    for (const row of rows) {
      const entry = this.newEntry(row, now, thresholds);
      entry.dirty = false;
      this.entries.set(row.key, entry);
      (entry.heartbeat ? this.heartbeats : this.locks).all.push(entry);
    }
    this.heartbeats.all.sort(this.compare);
    this.locks.all.sort(this.compare);
    this.refilter = true;
  }

  upsert(rows: Iterable<LockRow>): void {
    const { now, thresholds } = this.judging();
    for (const row of rows) {
      const entry = this.entries.get(row.key);
      if (entry === undefined || entry.heartbeat !== (row.role === 'node-heartbeat')) {
        if (entry !== undefined) this.drop(entry);
        const added = this.newEntry(row, now, thresholds);
        this.entries.set(row.key, added);
        this.moved.push(added);
        continue;
      }
      const previous = entry.row;
      if (previous === row) continue;
      entry.row = row;
      if (!sameSearchFields(previous, row)) {
        entry.text = searchText(row);
        entry.contextFolded = row.context.toLowerCase();
        entry.holderFolded = row.holder?.toLowerCase() ?? '';
      }
      const kindBefore = entry.kind;
      this.judge(entry, now, thresholds);
      if (
        sortFieldsChanged(previous, row, this.sort.column) ||
        (this.sort.column === 'health' && entry.kind !== kindBefore)
      )
        this.markMoved(entry);
      this.rematch(entry);
    }
  }

  remove(keys: Iterable<string>): void {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry !== undefined) this.drop(entry);
    }
  }

  /**
   * Time passed: re-judges the locks whose verdict may have changed by now. Returns whether any
   * state changed (a commit then has work to do; the rows in view change their words anyway).
   */
  rejudge(): boolean {
    const { now, thresholds } = this.judging();
    let changed = false;
    for (const entry of this.entries.values()) {
      if (entry.recheckAt > now) continue;
      const kindBefore = entry.kind;
      const stoppedBefore = entry.stopped;
      const attentionBefore = entry.attention;
      this.judge(entry, now, thresholds);
      if (entry.kind !== kindBefore || entry.attention !== attentionBefore) {
        changed = true;
        if (this.sort.column === 'health' && entry.kind !== kindBefore) this.markMoved(entry);
        this.rematch(entry);
      } else if (entry.stopped !== stoppedBefore) {
        changed = true;
      }
    }
    return changed;
  }

  setFilters(filters: RowFilters): void {
    const f = this.filters;
    if (
      filters.text === f.text &&
      filters.context === f.context &&
      filters.namespace === f.namespace &&
      filters.kind === f.kind &&
      filters.health === f.health
    )
      return;
    this.filters = filters;
    this.words = filterWords(filters.text);
    for (const entry of this.entries.values()) entry.matched = this.matches(entry);
    this.refilter = true;
  }

  setSort(sort: SortSpec): void {
    if (sort.column === this.sort.column && sort.descending === this.sort.descending) return;
    this.sort = sort;
    this.compare = entryComparator(sort);
    this.mergeMoved();
    this.heartbeats.all.sort(this.compare);
    this.locks.all.sort(this.compare);
    this.refilter = true;
  }

  setExpanded(expanded: boolean): void {
    if (expanded === this.expanded) return;
    this.expanded = expanded;
    this.version++;
  }

  /**
   * Applies what changed since the last commit to the order and the filtered lists. Returns
   * whether the list (order, membership or counts) changed; rows that changed in place do not
   * count: the table redraws the rows in view anyway.
   */
  commit(): boolean {
    let changed = this.mergeMoved();
    if (changed || this.refilter) {
      this.filterInto(this.heartbeats);
      this.filterInto(this.locks);
      this.staleShown = 0;
      for (const entry of this.heartbeats.shown) if (entry.stopped) this.staleShown++;
      this.refilter = false;
      this.recount = false;
      changed = true;
    } else if (this.recount) {
      this.staleShown = 0;
      for (const entry of this.heartbeats.shown) if (entry.stopped) this.staleShown++;
      this.recount = false;
      changed = true;
    }
    if (changed) this.version++;
    return changed;
  }

  // ---- internals ----------------------------------------------------------------------------

  private newEntry(row: LockRow, now: number, thresholds: Judging['thresholds']): Entry {
    const entry: Entry = {
      row,
      heartbeat: row.role === 'node-heartbeat',
      kind: row.health,
      stopped: false,
      attention: false,
      recheckAt: Infinity,
      text: searchText(row),
      contextFolded: row.context.toLowerCase(),
      holderFolded: row.holder?.toLowerCase() ?? '',
      matched: false,
      index: -1,
      dirty: true,
      gone: false,
    };
    this.judge(entry, now, thresholds);
    entry.matched = this.matches(entry);
    return entry;
  }

  private judge(entry: Entry, now: number, thresholds: Judging['thresholds']): void {
    const verdict = lockVerdict(entry.row.evidence, now, thresholds);
    const stopped = verdictCountsAsStopped(verdict);
    if (entry.heartbeat && entry.matched && stopped !== entry.stopped) this.recount = true;
    entry.kind = verdict.kind;
    entry.stopped = stopped;
    entry.recheckAt = verdict.nextChangeAt ?? Infinity;
    // Node heartbeats never need attention (their stale count says it): no recheck for them.
    const role = coreRole(entry.row.role);
    if (countsForAttention(role)) {
      entry.attention = lockAttention(entry.row.evidence, now, thresholds, role) !== undefined;
      entry.recheckAt = Math.min(entry.recheckAt, attentionRecheckAt(entry.row.evidence, now, thresholds, role));
    } else {
      entry.attention = false;
    }
  }

  private rematch(entry: Entry): void {
    const matched = this.matches(entry);
    if (matched !== entry.matched) {
      entry.matched = matched;
      this.refilter = true;
    }
  }

  private matches(entry: Entry): boolean {
    const f = this.filters;
    const row = entry.row;
    if (f.context !== '' && row.context !== f.context) return false;
    if (f.namespace !== '' && row.namespace !== f.namespace) return false;
    if (f.kind !== '' && row.kind !== f.kind) return false;
    if (f.health === ATTENTION_FILTER) {
      if (!entry.attention) return false;
    } else if (f.health !== '' && entry.kind !== f.health) return false;
    if (this.words.length === 0) return true;
    // The state's words are searchable too ("stopped", "renewing"), as they stand now.
    const state = lockStateSearch(entry.kind);
    return this.words.every((w) => entry.text.includes(w) || state.includes(w));
  }

  private markMoved(entry: Entry): void {
    if (entry.dirty) return;
    entry.dirty = true;
    this.moved.push(entry);
  }

  private drop(entry: Entry): void {
    entry.gone = true;
    this.entries.delete(entry.row.key);
    this.removedAny = true;
  }

  /** Takes moved and removed entries out of the orders and merges the moved ones back in place. */
  private mergeMoved(): boolean {
    if (this.moved.length === 0 && !this.removedAny) return false;
    const moved = this.moved.filter((e) => !e.gone);
    for (const order of [this.heartbeats, this.locks]) {
      const heartbeat = order === this.heartbeats;
      const stay = order.all.filter((e) => !e.dirty && !e.gone);
      const back = moved.filter((e) => e.heartbeat === heartbeat).sort(this.compare);
      order.all = back.length === 0 ? stay : merge(stay, back, this.compare);
    }
    for (const entry of moved) entry.dirty = false;
    this.moved = [];
    this.removedAny = false;
    this.refilter = true;
    return true;
  }

  private filterInto(order: Order): void {
    const f = this.filters;
    const filtering =
      this.words.length > 0 || f.context !== '' || f.namespace !== '' || f.kind !== '' || f.health !== '';
    if (!filtering) {
      order.shown = order.all;
      for (let i = 0; i < order.all.length; i++) order.all[i]!.index = i;
      return;
    }
    const shown: Entry[] = [];
    for (const entry of order.all) {
      entry.index = entry.matched ? shown.length : -1;
      if (entry.matched) shown.push(entry);
    }
    order.shown = shown;
  }
}
