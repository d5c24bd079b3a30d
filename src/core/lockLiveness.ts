// Is the holder alive? The takeover clock (takeoverClock.ts) answers a different question — when
// may a candidate take over — and by it a lock first seen a moment ago is valid for a whole
// lease, even when its record says it was last renewed hours ago. This file judges liveness from
// the evidence we have, kept apart from that clock and never mixed into it:
//
//  1. Did we see the record change (a renewal or a new holder) within its lease? Then it is
//     renewing: the only verdict drawn with the healthy look.
//  2. We have not seen it change. Does its own record say the lease ran out (renewTime +
//     leaseDuration behind our clock by more than the skew tolerance)? Then it has probably
//     stopped — from the first second we see it — unless clock skew explains the gap better:
//     the holders of the same context, whose renewals we did see, write times far enough behind
//     our clock to account for it.
//  3. Otherwise it is not seen renewing yet, until the takeover clock runs out (expired: client-go's
//     own verdict, after a whole lease with no change seen).
//
// The verdict, and every word a view says about a lock's state, come from lockState(): the tree,
// the tooltip, the status bar, the hover, the pick list, the dialogs and the dashboard (which runs
// this very module in the webview, with the user's thresholds sent alongside the rows) say the
// same thing. Evidence is plain data so it can cross to the webview as it is.

import * as l10n from '@vscode/l10n';
import { ago, formatDuration, formatMinutes, formatTimeOfDay } from './durations';
import { takeoverClock, type TakeoverClock } from './takeoverClock';

/** What the record says about who holds the lock. */
export type HolderEvidence =
  /** A holder identity was read. */
  | 'held'
  /** Empty or missing holderIdentity: anyone may acquire it. */
  | 'vacant'
  /** holderIdentity is there but not a string (a number, an object): never vacant, never safe. */
  | 'unreadableHolder'
  /** The record itself cannot be read (an annotation that is not JSON, or not an object). */
  | 'unreadableRecord'
  /** Only the metadata of the object was fetched. */
  | 'noRecord';

/** A MultiLock whose halves name different holders (client-go reports the holder as unknown). */
export interface HalvesDisagree {
  readonly primaryKind: string;
  readonly primaryHolder: string | null;
  readonly leaseHolder: string | null;
}

/** What the verdict is judged from: plain, serialisable data, the same on the host and in the webview. */
export interface LockEvidence {
  readonly holder: HolderEvidence;
  /** The first problem that makes the record unusable for client-go, other than an unreadable holder. */
  readonly problem: string | null;
  readonly halvesDisagree: HalvesDisagree | null;
  /** From the record; null when missing (client-go reads 0 s) or unreadable (then `problem` says so). */
  readonly leaseDurationMs: number | null;
  /** renewTime by the record: the holder's clock. */
  readonly renewTimeMs: number | null;
  /** Our clock when we last saw the record change, or first saw it; null: never watched. */
  readonly observedTime: number | null;
  /** Whether observedTime is a change we saw (a renewal or a new holder), not the first sighting. */
  readonly changeSeen: boolean;
  /** Our clock when we first saw the lock. */
  readonly firstSeen: number | null;
  /**
   * How far ahead of our clock the holders of this lock's context write their times (negative:
   * behind), measured on renewals we saw; null while we have seen none.
   */
  readonly contextOffsetMs: number | null;
  /**
   * Leaders seen in the flapping window, when the election flaps; `until`: when it stops flapping
   * unless the leader changes again (absent in evidence from before it was kept).
   */
  readonly flapping: { readonly leaders: number; readonly windowMs: number; readonly until?: number } | null;
  /** The context's watch is disconnected. */
  readonly stale: boolean;
  /**
   * renewTime − our clock on the last renewal we saw happen (the holder's clock against ours, as
   * far as one renewal tells); null or absent while we have seen none move renewTime.
   */
  readonly witnessedSkewMs?: number | null;
}

export interface LockThresholds {
  /** Share of the lease, counted from the last change seen, after which a held lock is expiring. */
  readonly expiringShare: number;
  /** How far record times may be from our clock before they count as skew, in milliseconds. */
  readonly skewToleranceMs: number;
}

/**
 * Expiring past half the lease (a healthy client-go holder renews every retry period, 2 s of 15 s
 * by default); record times more than 5 s from ours are skew (it must cover watch latency too).
 */
export const DEFAULT_THRESHOLDS: LockThresholds = { expiringShare: 0.5, skewToleranceMs: 5000 };

/** Is the holder alive, by the evidence? */
export type Liveness =
  'renewing' | 'notSeenRenewing' | 'probablyStopped' | 'expired' | 'vacant' | 'unreadable' | 'stale' | 'unknown';

/**
 * How a lock is drawn everywhere: the liveness verdict, refined where something matters more
 * (a problem with the record, a flapping election, a takeover clock past the expiring threshold).
 */
export type LockStateKind =
  | 'renewing'
  | 'notSeenRenewing'
  | 'expiring'
  | 'flapping'
  | 'probablyStopped'
  | 'expired'
  | 'vacant'
  | 'unreadable'
  | 'problem'
  | 'stale'
  | 'unknown';

/** Every kind, in the order a list sorts them: the ones that need a look first. */
export const LOCK_STATE_KINDS: readonly LockStateKind[] = [
  'expired',
  'probablyStopped',
  'unreadable',
  'problem',
  'flapping',
  'expiring',
  'stale',
  'unknown',
  'notSeenRenewing',
  'vacant',
  'renewing',
];

/** The word for a kind, as filters and column headers list it (in the display language). */
export function lockStateWord(kind: LockStateKind): string {
  switch (kind) {
    case 'renewing':
      return l10n.t('renewing');
    case 'notSeenRenewing':
      return l10n.t('not seen renewing yet');
    case 'expiring':
      return l10n.t('expiring');
    case 'flapping':
      return l10n.t('flapping');
    case 'probablyStopped':
      return l10n.t('probably stopped');
    case 'expired':
      return l10n.t('expired');
    case 'vacant':
      return l10n.t('vacant');
    case 'unreadable':
      return l10n.t('unreadable');
    case 'problem':
      return l10n.t('problem');
    case 'stale':
      return l10n.t('stale');
    case 'unknown':
      return l10n.t('unknown');
  }
}

/** Whether skew is the better explanation for a record that looks run out, and why. */
export interface SkewJudgement {
  /** `explains`: the context's measured offset accounts for the gap; `ruledOut`: it does not. */
  readonly verdict: 'explains' | 'ruledOut';
  readonly contextOffsetMs: number;
}

export interface LockState {
  readonly kind: LockStateKind;
  readonly liveness: Liveness;
  /** The takeover clock (undefined where there is no holder, no duration read, or no observation). */
  readonly takeover: TakeoverClock | undefined;
  /** The word a filter lists: "probably stopped". */
  readonly word: string;
  /** What a row says, with the reason: "probably stopped: expired 2h 18m ago by its record". */
  readonly summary: string;
  /** One or two sentences for tooltips, the hover, the detail and the dialogs. */
  readonly reason: string;
  /** How long ago the lease ran out by the record (renewTime + leaseDuration), when it has. */
  readonly expiredByRecordMs: number | undefined;
  readonly skew: SkewJudgement | undefined;
  /** Whether it is drawn with the healthy look: only locks we have seen renewing are. */
  readonly healthy: boolean;
  /** When stale: the state it was in when its context was last connected. */
  readonly was?: LockStateKind;
  /** Whether `reason` already speaks of clock skew (so a view does not add a second sentence about it). */
  readonly reasonNamesSkew: boolean;
}

/**
 * The verdict alone, without its words: what lists need for 10,000 locks a second (filters, sort
 * order, the heartbeat count). lockState words exactly this verdict.
 */
export interface LockVerdict {
  readonly kind: LockStateKind;
  readonly liveness: Liveness;
  readonly takeover: TakeoverClock | undefined;
  readonly expiredByRecordMs: number | undefined;
  readonly skew: SkewJudgement | undefined;
  /** When stale, a problem or flapping: the verdict on the rest of the evidence. */
  readonly base: LockVerdict | undefined;
  /**
   * When the verdict (kind or liveness, its own or its base's) may next change by the passing of
   * time alone; undefined when only new evidence can change it. Before this time a list may keep
   * the verdict it has instead of judging 65,000 locks again every second.
   */
  readonly nextChangeAt: number | undefined;
}

export function lockVerdict(e: LockEvidence, now: number, t: LockThresholds = DEFAULT_THRESHOLDS): LockVerdict {
  // 0. Disconnected: we cannot have seen changes; say what it was.
  if (e.stale) {
    const base = lockVerdict({ ...e, stale: false }, now, t);
    return verdict('stale', 'stale', undefined, undefined, undefined, base, base.nextChangeAt);
  }
  // 1. Can the record say who holds it? A holder that cannot be read is never vacant.
  if (e.holder === 'noRecord') return verdict('unknown', 'unknown');
  if (e.holder === 'unreadableRecord' || e.holder === 'unreadableHolder') return verdict('unreadable', 'unreadable');
  // A problem is drawn as one, but liveness is still judged from the rest of the evidence: a
  // release dialog must know whether the holder behind a disagreeing MultiLock is alive.
  if (e.halvesDisagree !== null || e.problem !== null) {
    const base = lockVerdict({ ...e, halvesDisagree: null, problem: null }, now, t);
    return verdict('problem', base.liveness, base.takeover, base.expiredByRecordMs, base.skew, base, base.nextChangeAt);
  }
  if (e.holder === 'vacant') return verdict('vacant', 'vacant');
  if (e.observedTime === null) return verdict('unknown', 'unknown');

  // 2. The takeover clock, as a candidate keeps it: after a whole lease with no change seen,
  //    client-go's own verdict is expired.
  const clock = takeoverClock(e.observedTime, e.leaseDurationMs ?? 0, now, t.expiringShare);
  const byRecord = recordOverrun(e, now);
  if (clock.status === 'expired') return verdict('expired', 'expired', clock, byRecord);

  // 3. Not seen to change: does its own record say the lease ran out, beyond the tolerance?
  if (!e.changeSeen && byRecord !== undefined && byRecord > t.skewToleranceMs) {
    const offset = e.contextOffsetMs;
    // The holder's renewal on our clock is renewTime − offset: a clock behind ours makes the
    // record look older than it is. Skew explains the gap when that brings it within tolerance.
    if (offset !== null && byRecord + offset <= t.skewToleranceMs)
      return verdict(
        'notSeenRenewing',
        'notSeenRenewing',
        clock,
        byRecord,
        { verdict: 'explains', contextOffsetMs: offset },
        undefined,
        // Until the overrun outgrows the offset too (or the takeover clock runs out first).
        earliest(clock.nextChangeAt, now - byRecord + t.skewToleranceMs - offset),
      );
    return verdict(
      'probablyStopped',
      'probablyStopped',
      clock,
      byRecord,
      offset === null ? undefined : { verdict: 'ruledOut', contextOffsetMs: offset },
      undefined,
      clock.expiresAt,
    );
  }

  // 4. Alive by the evidence, or no evidence either way yet; flapping and the expiring
  //    threshold draw it with the warning look. Never seen renewing, its record may still run
  //    out beyond the tolerance (step 3) before the takeover clock moves on.
  const liveness: Liveness = e.changeSeen ? 'renewing' : 'notSeenRenewing';
  const next = earliest(
    clock.nextChangeAt,
    !e.changeSeen && byRecord !== undefined ? now - byRecord + t.skewToleranceMs : undefined,
  );
  if (e.flapping !== null) return verdict('flapping', liveness, clock, byRecord, undefined, undefined, next);
  if (clock.status === 'expiring') return verdict('expiring', liveness, clock, byRecord, undefined, undefined, next);
  return verdict(liveness, liveness, clock, byRecord, undefined, undefined, next);
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function verdict(
  kind: LockStateKind,
  liveness: Liveness,
  takeover?: TakeoverClock,
  expiredByRecordMs?: number,
  skew?: SkewJudgement,
  base?: LockVerdict,
  nextChangeAt?: number,
): LockVerdict {
  return {
    kind,
    liveness,
    takeover,
    expiredByRecordMs: expiredByRecordMs !== undefined && expiredByRecordMs > 0 ? expiredByRecordMs : undefined,
    skew,
    base,
    nextChangeAt,
  };
}

/** The state of a lock at `now`: the verdict and the words every view says it with. */
export function lockState(e: LockEvidence, now: number, t: LockThresholds = DEFAULT_THRESHOLDS): LockState {
  const v = lockVerdict(e, now, t);
  const [summary, reason] = words(v, e, now, t);
  return {
    kind: v.kind,
    liveness: v.liveness,
    takeover: v.takeover,
    word: lockStateWord(v.kind),
    summary,
    reason,
    expiredByRecordMs: v.expiredByRecordMs,
    skew: v.skew,
    healthy: v.kind === 'renewing',
    ...(v.kind === 'stale' ? { was: v.base?.kind ?? 'unknown' } : {}),
    reasonNamesSkew: namesSkew(v, e, now, t),
  };
}

/**
 * [the row's summary, the sentence] for a verdict. Every phrase is one message of the l10n bundle
 * with numbered placeholders, so that a translation can order its parts as its language needs.
 */
function words(v: LockVerdict, e: LockEvidence, now: number, t: LockThresholds): [string, string] {
  const clock = v.takeover;
  const lease = formatDuration(e.leaseDurationMs ?? 0);
  const seenFor = formatDuration(Math.max(0, now - (e.observedTime ?? now)));
  const firstSeen = e.firstSeen ?? e.observedTime ?? now;
  const byRecord = v.expiredByRecordMs ?? 0;
  const left = clock === undefined ? '' : formatDuration(Math.max(0, clock.expiresAt - now));
  switch (v.kind) {
    case 'stale': {
      const was = lockStateWord(v.base?.kind ?? 'unknown');
      return [
        l10n.t('stale (was {0})', was),
        l10n.t('stale: the connection to its context is down (it was {0}), so nothing is known about it now.', was),
      ];
    }
    case 'unknown':
      return e.holder === 'noRecord'
        ? [l10n.t('no record read'), l10n.t('unknown: only the metadata was read.')]
        : [l10n.t('not observed yet'), l10n.t('unknown: not observed yet.')];
    case 'unreadable':
      return e.holder === 'unreadableRecord'
        ? [
            l10n.t('unreadable record'),
            l10n.t(
              'unreadable record: {0}. Someone may hold it, so Lease Lens treats it as held.',
              e.problem ?? l10n.t('the record cannot be read'),
            ),
          ]
        : [
            l10n.t('unreadable holder'),
            l10n.t(
              'unreadable holder: {0}. Someone may hold it, so Lease Lens treats it as held.',
              e.problem ?? l10n.t('holderIdentity is not a string'),
            ),
          ];
    case 'problem': {
      const base = v.base === undefined ? '' : words(v.base, e, now, t)[1];
      const d = e.halvesDisagree;
      if (d !== null) {
        const disagree = l10n.t(
          "problem: the MultiLock's halves disagree: the {0} says {1} holds it, the Lease says {2} (client-go electors report the holder as unknown).",
          d.primaryKind,
          d.primaryHolder ?? l10n.t('nobody'),
          d.leaseHolder ?? l10n.t('nobody'),
        );
        return [l10n.t('problem: halves disagree'), base === '' ? disagree : l10n.t('{0} {1}', disagree, base)];
      }
      const problem = l10n.t('problem: {0}.', e.problem ?? '');
      return [l10n.t('problem: {0}', e.problem ?? ''), base === '' ? problem : l10n.t('{0} {1}', problem, base)];
    }
    case 'vacant':
      return [l10n.t('vacant'), l10n.t('vacant: any candidate can acquire it at once.')];
    case 'expired': {
      const since = ago(now - (clock?.expiresAt ?? now));
      const sentence =
        !e.changeSeen && byRecord > t.skewToleranceMs
          ? l10n.t(
              "expired {0} by client-go's rule: no change seen for {1}, longer than its {2} lease, so candidates may take it over. By its record it expired {3}.",
              since,
              seenFor,
              lease,
              ago(byRecord, now),
            )
          : l10n.t(
              "expired {0} by client-go's rule: no change seen for {1}, longer than its {2} lease, so candidates may take it over.",
              since,
              seenFor,
              lease,
            );
      return [l10n.t('expired: no change seen for {0}', seenFor), sentence];
    }
    case 'probablyStopped': {
      const offset = v.skew?.contextOffsetMs;
      const stopped = l10n.t(
        "probably stopped: no renewal seen; by its record it expired {0} — client-go's rule still counts it held until {1}, {2} after we first saw it.",
        ago(byRecord, now),
        clock === undefined ? '?' : formatTimeOfDay(clock.expiresAt, now),
        clock === undefined ? '?' : formatDuration(clock.expiresAt - firstSeen),
      );
      const why =
        offset === undefined
          ? undefined
          : Math.abs(offset) <= t.skewToleranceMs
            ? l10n.t(
                "Clock skew does not explain it: the holders in its context write times in step with this machine's clock.",
              )
            : offset > 0
              ? l10n.t(
                  "Clock skew does not explain it: the holders in its context write times {0} ahead of this machine's clock.",
                  formatDuration(Math.abs(offset)),
                )
              : l10n.t(
                  "Clock skew does not explain it: the holders in its context write times {0} behind this machine's clock.",
                  formatDuration(Math.abs(offset)),
                );
      return [
        l10n.t('probably stopped: expired {0} by its record', ago(byRecord, now)),
        why === undefined ? stopped : l10n.t('{0} {1}', stopped, why),
      ];
    }
    case 'flapping': {
      const f = e.flapping;
      const leaders = l10n.t('{0} leaders in {1}', f?.leaders ?? '?', formatMinutes(f?.windowMs ?? 0));
      return [
        l10n.t('flapping: {0}', leaders),
        l10n.t(
          'flapping: {0} — holders keep losing the lock (a crash loop, an overloaded API server, or a lease too short for the latency). {1}',
          leaders,
          livenessSentence(v, e, now, t),
        ),
      ];
    }
    case 'expiring':
      return [
        l10n.t('expiring: {0} left', left),
        l10n.t(
          'expiring: no change seen for {0} of its {1} lease (past {2} %); candidates may take it over in {3}.',
          seenFor,
          lease,
          Math.round(t.expiringShare * 100),
          left,
        ),
      ];
    case 'renewing':
      return [l10n.t('renewing'), livenessSentence(v, e, now, t)];
    case 'notSeenRenewing':
      if (v.skew?.verdict === 'explains')
        return [
          l10n.t('not seen renewing yet (clock skew?)'),
          l10n.t(
            "not seen renewing yet: by its record it expired {0}, but the holders in its context write times {1} behind this machine's clock (seen on their renewals), so clock skew is the likelier explanation. First seen {2}; client-go's rule still counts it held until {3}, {4} after we first saw it.",
            ago(byRecord, now),
            formatDuration(-v.skew.contextOffsetMs),
            ago(now - firstSeen, now),
            clock === undefined ? '?' : formatTimeOfDay(clock.expiresAt, now),
            clock === undefined ? '?' : formatDuration(clock.expiresAt - firstSeen),
          ),
        ];
      return [l10n.t('not seen renewing yet'), livenessSentence(v, e, now, t)];
  }
}

/** Whether words(v) speaks of clock skew: skew explaining a run-out record, or a renewTime ahead of our clock. */
function namesSkew(v: LockVerdict, e: LockEvidence, now: number, t: LockThresholds): boolean {
  if (v.kind === 'problem') return v.base !== undefined && namesSkew(v.base, e, now, t);
  if (v.kind === 'notSeenRenewing' && v.skew?.verdict === 'explains') return true;
  const saysLiveness = v.kind === 'renewing' || v.kind === 'notSeenRenewing' || v.kind === 'flapping';
  return (
    saysLiveness &&
    v.liveness === 'notSeenRenewing' &&
    e.renewTimeMs !== null &&
    e.renewTimeMs - now > t.skewToleranceMs
  );
}

/** What the evidence says of a holder that is renewing or not seen renewing yet. */
function livenessSentence(v: LockVerdict, e: LockEvidence, now: number, t: LockThresholds): string {
  const lease = formatDuration(e.leaseDurationMs ?? 0);
  const left = formatDuration(Math.max(0, (v.takeover?.expiresAt ?? now) - now));
  if (v.liveness === 'renewing')
    return l10n.t(
      'renewing: we saw the record change {0}, within its {1} lease; candidates may take over in {2} if it stops.',
      ago(now - (e.observedTime ?? now)),
      lease,
      left,
    );
  const firstSeen = ago(now - (e.firstSeen ?? e.observedTime ?? now), now);
  if (e.renewTimeMs === null)
    return l10n.t(
      'not seen renewing yet: first seen {0} and no change since; its record has no renewTime. If it does not renew, candidates may take over in {1}.',
      firstSeen,
      left,
    );
  if (e.renewTimeMs - now > t.skewToleranceMs)
    return l10n.t(
      "not seen renewing yet: first seen {0} and no change since; its renewTime is {1} ahead of this machine's clock (clock skew), so its record cannot say when it renewed. If it does not renew, candidates may take over in {2}.",
      firstSeen,
      formatDuration(e.renewTimeMs - now),
      left,
    );
  return l10n.t(
    'not seen renewing yet: first seen {0} and no change since; by its record it renewed {1}, within its {2} lease. If it does not renew, candidates may take over in {3}.',
    firstSeen,
    ago(now - e.renewTimeMs, now),
    lease,
    left,
  );
}

/** How far behind our clock renewTime + leaseDuration is (negative: still ahead); undefined without both. */
function recordOverrun(e: LockEvidence, now: number): number | undefined {
  if (e.renewTimeMs === null || e.leaseDurationMs === null) return undefined;
  return now - (e.renewTimeMs + e.leaseDurationMs);
}

/**
 * A node heartbeat (or any folded lock) that tells of a holder in trouble: probably stopped or
 * expired by the evidence, also while the context is disconnected (as it was when last known).
 * The tree's group label, its rows and the dashboard's summary row all count with this.
 */
export function countsAsStopped(e: LockEvidence, now: number, t: LockThresholds = DEFAULT_THRESHOLDS): boolean {
  return verdictCountsAsStopped(lockVerdict(e, now, t));
}

/**
 * countsAsStopped for a verdict already judged (lists keep one per lock). A stale verdict counts
 * by what it was when last known. By time alone the answer only ever turns from no to yes: a
 * holder does not come back to life without new evidence.
 */
export function verdictCountsAsStopped(v: LockVerdict): boolean {
  const judged = v.kind === 'stale' ? (v.base ?? v) : v;
  return judged.liveness === 'probablyStopped' || judged.liveness === 'expired';
}
