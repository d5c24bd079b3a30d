// A folded group of the tree ("Node heartbeats", "API server identities") at the size of the
// largest clusters: 65,000 node Leases, 6,500 renewals a second. Two things must stay cheap there:
//
//  1. The label's stale count ("Node heartbeats (65000, 12 stale)"). Judging every member each
//     second cost the extension host 65,000 verdicts a second. Instead each member is judged when
//     it changes, and again only when its verdict says it may change by time alone
//     (LockVerdict.nextChangeAt: a renewing heartbeat turns expired 40 s after its last renewal);
//     a slow rolling re-check covers what no batch announces (the context's clock offset moving).
//  2. Its children. VS Code froze for seconds drawing 10,000 items, and the one-second tick redrew
//     every one in sight. A folded group lists its stale members first (what an operator opens it
//     for), then the rest by name, a page at a time, ending with a "Show 500 more…" item.
//
// Free of `vscode` so it is unit-tested in plain Node; the provider owns one per folded group.

import { lockVerdict, parseLockKey, verdictCountsAsStopped, type LockKey, type LockStore } from '../../core';

/** Items a folded group lists at first, and how many more each "Show more" item adds. */
export const FOLDED_PAGE_SIZE = 500;

/** Members re-judged per tick by the rolling re-check, whatever their verdict promised. */
export const ROLLING_RECHECK = 2000;

/** Whether a member counts as stopped now, and until when that answer holds by time alone. */
export interface StoppedJudgement {
  readonly stopped: boolean;
  /** undefined: only new evidence can change it. */
  readonly recheckAt: number | undefined;
}

export type StoppedJudge = (key: LockKey, now: number) => StoppedJudgement | undefined;

/** The store's verdict on a member, as every surface counts it (countsAsStopped). */
export function storeJudge(store: LockStore): StoppedJudge {
  return (key, now) => {
    const e = store.evidence(key, now);
    if (e === undefined) return undefined;
    const v = lockVerdict(e, now, store.thresholds);
    return { stopped: verdictCountsAsStopped(v), recheckAt: v.nextChangeAt };
  };
}

/** A member's name, from its key (what a folded group sorts by). */
export function nameOfKey(key: LockKey): string {
  return parseLockKey(key)?.name ?? key;
}

/** One page of a folded group's children. */
export interface FoldedPage {
  /** The members to list, in order: stopped first, then the rest, each by name. */
  readonly keys: readonly LockKey[];
  /** Members left out of this page (the "Show more" item says how many). */
  readonly hidden: number;
  /** How many of the listed keys are stopped (they come first). */
  readonly stoppedShown: number;
}

export class FoldedGroupState {
  private readonly members = new Set<LockKey>();
  private readonly stopped = new Set<LockKey>();
  /** Members not stopped whose verdict may change by time alone, and when. */
  private readonly recheck = new Map<LockKey, number>();
  private sorted: LockKey[] | undefined;
  private rolling: LockKey[] = [];
  private rollingAt = 0;
  /** How many members the group lists; "Show more" raises it, collapsing resets it. */
  limit = FOLDED_PAGE_SIZE;

  constructor(
    private readonly judge: StoppedJudge,
    /** The member's name, for the order (node names: plain code-unit order is right and fast). */
    private readonly nameOf: (key: LockKey) => string = nameOfKey,
  ) {}

  get size(): number {
    return this.members.size;
  }

  get stoppedCount(): number {
    return this.stopped.size;
  }

  isStopped(key: LockKey): boolean {
    return this.stopped.has(key);
  }

  /** Members added or changed: judged now. Returns whether the stopped set changed. */
  update(keys: Iterable<LockKey>, now: number): boolean {
    let changed = false;
    for (const key of keys) {
      if (!this.members.has(key)) {
        this.members.add(key);
        this.sorted = undefined;
      }
      if (this.rejudge(key, now)) changed = true;
    }
    return changed;
  }

  /** Members gone (deleted, moved to another group). Returns whether the stopped set changed. */
  remove(keys: Iterable<LockKey>): boolean {
    let changed = false;
    for (const key of keys) {
      if (!this.members.delete(key)) continue;
      this.sorted = undefined;
      this.recheck.delete(key);
      if (this.stopped.delete(key)) changed = true;
    }
    return changed;
  }

  /**
   * Time passed: re-judges the members whose verdict may have changed by now, plus a slice of the
   * rolling re-check. Returns whether the stopped set changed.
   */
  tick(now: number): boolean {
    let changed = this.settle(now);
    if (this.rollingAt >= this.rolling.length) {
      this.rolling = [...this.members];
      this.rollingAt = 0;
    }
    const end = Math.min(this.rolling.length, this.rollingAt + ROLLING_RECHECK);
    for (; this.rollingAt < end; this.rollingAt++) {
      const key = this.rolling[this.rollingAt]!;
      if (this.members.has(key) && this.rejudge(key, now)) changed = true;
    }
    return changed;
  }

  /** Re-judges only the members whose verdict may have changed by now (before the count is read). */
  settle(now: number): boolean {
    let changed = false;
    const due: LockKey[] = [];
    for (const [key, at] of this.recheck) if (at <= now) due.push(key);
    for (const key of due) if (this.rejudge(key, now)) changed = true;
    return changed;
  }

  /**
   * The members to list: stopped ones first, then the rest, each group by name, at most `limit`
   * of them; `include` narrows the list (a filter), counting what it leaves out as not listed.
   */
  page(include?: (key: LockKey) => boolean): FoldedPage {
    const sorted = this.sortedMembers();
    const keys: LockKey[] = [];
    let stoppedShown = 0;
    let matching = 0;
    for (const key of sorted) {
      if (!this.stopped.has(key) || (include !== undefined && !include(key))) continue;
      matching++;
      if (keys.length < this.limit) {
        keys.push(key);
        stoppedShown++;
      }
    }
    for (const key of sorted) {
      if (this.stopped.has(key) || (include !== undefined && !include(key))) continue;
      matching++;
      if (keys.length < this.limit) keys.push(key);
    }
    return { keys, hidden: matching - keys.length, stoppedShown };
  }

  /** "Show more": the next page too. */
  showMore(): void {
    this.limit += FOLDED_PAGE_SIZE;
  }

  /** Collapsed: the next expansion starts with the first page again. */
  resetPage(): void {
    this.limit = FOLDED_PAGE_SIZE;
  }

  private sortedMembers(): LockKey[] {
    if (this.sorted === undefined) {
      const named = [...this.members].map((key) => ({ key, name: this.nameOf(key) }));
      named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.sorted = named.map((n) => n.key);
    }
    return this.sorted;
  }

  /** Returns whether the member's stopped state changed. */
  private rejudge(key: LockKey, now: number): boolean {
    const j = this.judge(key, now);
    const was = this.stopped.has(key);
    const is = j?.stopped === true;
    // Once stopped, only new evidence (an update) makes it alive again: no re-check by time.
    if (is || j?.recheckAt === undefined) this.recheck.delete(key);
    else this.recheck.set(key, j.recheckAt);
    if (is === was) return false;
    if (is) this.stopped.add(key);
    else this.stopped.delete(key);
    return true;
  }
}
