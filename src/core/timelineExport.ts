// A lock's timeline for an incident review: what Lease Lens saw (and kept, lockJournal.ts) and what
// the cluster's Events said, in one document — holder changes in time order with both clocks,
// renew intervals against the lease and the renew deadline, flapping, clock skew, and the
// releases and takeovers done from Lease Lens with who did them. Built once as plain data (the
// JSON export), then written as Markdown for a postmortem document.
//
// Times are UTC ISO 8601: a document read in another time zone, months later, must not be
// ambiguous. In the Markdown every value from the cluster or a kubeconfig goes through
// displayText and Markdown escaping, so a holder named `| x | [y](z)` or with a line break and
// "# Heading" is shown as itself and cannot add a row, a link or a section. The JSON keeps values
// exactly as read (JSON escapes everything; tools reading it want the real identity).

import { intervalStats, type IntervalStats } from './intervalStats';
import { formatDuration, formatInterval } from './durations';
import type { HolderChange } from './lockHistory';
import type { JournalFlap, JournalInterval, JournalSkew, JournalWrite } from './lockJournal';
import type { LockKey } from './lockView';
import { parseLockKey } from './lockKey';
import { escapeMarkdown } from './markdownText';
import { MAX_DISPLAY_LENGTH } from './displayText';

export const TIMELINE_FORMAT = 'lease-lens.timeline';
export const TIMELINE_VERSION = 1;

/** The lock as shown when the timeline is exported; undefined when it no longer exists. */
export interface TimelineNow {
  /** '' vacant; null when it cannot be read. */
  readonly holder: string | null;
  /** The state's word and the sentence every view says ("probably stopped: …"). */
  readonly state: string;
  readonly reason: string;
  readonly leaseDurationMs: number | null;
  readonly transitions: number | null;
  readonly acquireTime: number | null;
  readonly renewTime: number | null;
  readonly resourceVersion: string | null;
}

export interface TimelineInput {
  readonly key: LockKey;
  readonly exportedAt: number;
  /** "Lease Lens 0.1.0". */
  readonly generator: string;
  readonly now: TimelineNow | undefined;
  /** Holder changes from the watch (this and earlier sessions) and from Events; any order, repeats allowed. */
  readonly changes: readonly HolderChange[];
  readonly intervals: readonly JournalInterval[];
  readonly writes: readonly JournalWrite[];
  readonly skews: readonly JournalSkew[];
  readonly flaps: readonly JournalFlap[];
  /** The lease duration kept in the journal, when the lock is gone. */
  readonly leaseDurationMs: number | null;
}

export interface TimelineChange {
  /** Our clock when the watch saw it, or the Event's time. */
  readonly at: string;
  /** acquireTime in the record (the holder's clock); null when not read (Events carry none). */
  readonly recordTime: string | null;
  /** '' when nobody held it before (or not known), as in `to`. */
  readonly from: string;
  readonly to: string;
  readonly transitions: number | null;
  /** 'watch': Lease Lens saw the record change; 'event': a LeaderElection Event said so. */
  readonly seenBy: 'watch' | 'event';
}

export interface LockTimeline {
  readonly format: typeof TIMELINE_FORMAT;
  readonly version: typeof TIMELINE_VERSION;
  readonly generator: string;
  readonly exportedAt: string;
  readonly lock: {
    readonly key: string;
    readonly context: string;
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
  };
  readonly now:
    | (Omit<TimelineNow, 'acquireTime' | 'renewTime'> & {
        readonly acquireTime: string | null;
        readonly renewTime: string | null;
      })
    | null;
  readonly leaseDurationMs: number | null;
  /** Not in the record: client-go's default proportion (10 s of a 15 s lease). */
  readonly renewDeadlineMs: number | null;
  readonly renewDeadlineSource: string;
  readonly holderChanges: readonly TimelineChange[];
  readonly renewIntervals: {
    readonly stats: IntervalStats | null;
    readonly from: string | null;
    readonly to: string | null;
    readonly overRenewDeadline: readonly { readonly at: string; readonly ms: number }[];
    readonly overLease: number;
  };
  readonly flapping: readonly { readonly from: string; readonly to: string; readonly leaders: number }[];
  readonly clockSkew: readonly {
    readonly from: string;
    readonly to: string;
    readonly kind: JournalSkew['kind'];
    readonly skewMs: number;
  }[];
  readonly writes: readonly (Omit<JournalWrite, 'at'> & { readonly at: string })[];
}

/** Renewals longer than the renew deadline listed one by one, at most. */
const MAX_LISTED_SLOW = 20;

export function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

export function buildTimeline(input: TimelineInput): LockTimeline {
  const parts = parseLockKey(input.key);
  const lease = input.now?.leaseDurationMs ?? input.leaseDurationMs;
  const deadline = lease === null ? null : Math.round((lease * 2) / 3);
  const intervals = [...input.intervals].sort((a, b) => a.at - b.at);
  const stats = intervalStats(intervals.map((i) => i.ms)) ?? null;
  return {
    format: TIMELINE_FORMAT,
    version: TIMELINE_VERSION,
    generator: input.generator,
    exportedAt: iso(input.exportedAt),
    lock: {
      key: input.key,
      context: parts?.context ?? '',
      kind: parts?.kind ?? '',
      namespace: parts?.namespace ?? '',
      name: parts?.name ?? input.key,
    },
    now:
      input.now === undefined
        ? null
        : {
            ...input.now,
            acquireTime: input.now.acquireTime === null ? null : iso(input.now.acquireTime),
            renewTime: input.now.renewTime === null ? null : iso(input.now.renewTime),
          },
    leaseDurationMs: lease,
    renewDeadlineMs: deadline,
    renewDeadlineSource:
      'not in the record: client-go defaults to two thirds of the lease duration (10 s of 15 s); components may set their own',
    holderChanges: timelineChanges(input.changes),
    renewIntervals: {
      stats,
      from: intervals[0] === undefined ? null : iso(intervals[0].at),
      to: intervals[intervals.length - 1] === undefined ? null : iso(intervals[intervals.length - 1]!.at),
      overRenewDeadline:
        deadline === null
          ? []
          : intervals
              .filter((i) => i.ms > deadline)
              .slice(-MAX_LISTED_SLOW)
              .map((i) => ({ at: iso(i.at), ms: i.ms })),
      overLease: lease === null ? 0 : intervals.filter((i) => i.ms > lease).length,
    },
    flapping: [...input.flaps]
      .sort((a, b) => a.from - b.from)
      .map((f) => ({ from: iso(f.from), to: iso(f.to), leaders: f.leaders })),
    clockSkew: [...input.skews]
      .sort((a, b) => a.from - b.from)
      .map((s) => ({ from: iso(s.from), to: iso(s.to), kind: s.kind, skewMs: s.skewMs })),
    writes: [...input.writes].sort((a, b) => a.at - b.at).map((w) => ({ ...w, at: iso(w.at) })),
  };
}

/** In time order; a change both watched and told by an Event once (the watch's, which has the record's times). */
function timelineChanges(changes: readonly HolderChange[]): TimelineChange[] {
  const kept: HolderChange[] = [];
  const sorted = [...changes].filter((c) => c.source !== 'firstSeen').sort((a, b) => a.at - b.at);
  for (const c of sorted) {
    const twin = kept.findIndex(
      (k) => k.holder === c.holder && Math.abs(k.at - c.at) <= 5000 && (k.source !== c.source || k.at === c.at),
    );
    if (twin < 0) kept.push(c);
    else if (kept[twin]!.source === 'event' && c.source === 'observed') kept[twin] = c;
  }
  // A "became leader" Event does not name who led before: the change before it does.
  let last = '';
  return kept.map((c) => {
    const from = c.previousHolder ?? (c.holder === '' ? '' : last);
    if (c.holder !== '') last = c.holder;
    return {
      at: iso(c.at),
      recordTime: c.recordTime === undefined ? null : iso(c.recordTime),
      from,
      to: c.holder,
      transitions: c.transitions ?? null,
      seenBy: c.source === 'event' ? 'event' : 'watch',
    };
  });
}

export function timelineJson(t: LockTimeline): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}

/** A value from the cluster or a kubeconfig, as Markdown text that is exactly itself. */
function md(text: string): string {
  return escapeMarkdown(text, MAX_DISPLAY_LENGTH);
}

function holderCell(holder: string | null): string {
  return holder === null ? '*(unreadable)*' : holder === '' ? '*(nobody)*' : md(holder);
}

function ms(value: number | null): string {
  return value === null ? '—' : formatInterval(value);
}

/** The timeline as a Markdown document for a postmortem. */
export function timelineMarkdown(t: LockTimeline): string {
  const out: string[] = [];
  const { lock } = t;
  out.push(`# Lock timeline: ${md(lock.kind)} ${md(lock.namespace)}/${md(lock.name)}`);
  out.push('');
  out.push(
    `Context ${md(lock.context)} · exported ${t.exportedAt} by ${md(t.generator)} · times are UTC; "observed" is this machine's clock, "record" the holder's.`,
  );
  out.push('');

  out.push('## Now');
  out.push('');
  if (t.now === null) {
    out.push('The lock no longer exists (or its context is not watched): what follows is what was kept.');
  } else {
    const n = t.now;
    out.push('| | |');
    out.push('|---|---|');
    out.push(`| holder | ${holderCell(n.holder)} |`);
    out.push(`| state | ${md(n.state)} |`);
    out.push(`| why | ${md(n.reason)} |`);
    out.push(`| lease duration | ${n.leaseDurationMs === null ? '—' : formatDuration(n.leaseDurationMs)} |`);
    out.push(
      `| renew deadline | ${t.renewDeadlineMs === null ? '—' : `${formatInterval(t.renewDeadlineMs)} (assumed: ${t.renewDeadlineSource})`} |`,
    );
    out.push(`| transitions (record) | ${n.transitions ?? '—'} |`);
    out.push(`| acquireTime (record) | ${n.acquireTime ?? '—'} |`);
    out.push(`| renewTime (record) | ${n.renewTime ?? '—'} |`);
    out.push(`| resourceVersion | ${n.resourceVersion === null ? '—' : md(n.resourceVersion)} |`);
  }
  out.push('');

  out.push('## Holder changes');
  out.push('');
  if (t.holderChanges.length === 0) out.push('None seen, and no LeaderElection Events about it.');
  else {
    out.push('| # | observed | record (acquireTime) | from | to | transitions | seen by |');
    out.push('|---:|---|---|---|---|---:|---|');
    t.holderChanges.forEach((c, i) =>
      out.push(
        `| ${i + 1} | ${c.at} | ${c.recordTime ?? '—'} | ${holderCell(c.from)} | ${holderCell(c.to)} | ${c.transitions ?? '—'} | ${c.seenBy === 'watch' ? 'watch' : 'Event'} |`,
      ),
    );
  }
  out.push('');

  out.push('## Renew intervals');
  out.push('');
  const r = t.renewIntervals;
  if (r.stats === null) out.push('No renewals were seen.');
  else {
    out.push('| renewals seen | min | median | p99 | max | lease duration | renew deadline |');
    out.push('|---:|---:|---:|---:|---:|---:|---:|');
    out.push(
      `| ${r.stats.count} | ${ms(r.stats.minMs)} | ${ms(r.stats.medianMs)} | ${ms(r.stats.p99Ms)} | ${ms(r.stats.maxMs)} | ${t.leaseDurationMs === null ? '—' : formatDuration(t.leaseDurationMs)} | ${ms(t.renewDeadlineMs)} |`,
    );
    out.push('');
    out.push(`From ${r.from ?? '?'} to ${r.to ?? '?'} (observed).`);
    if (r.overRenewDeadline.length > 0) {
      out.push('');
      out.push(
        `Longer than the renew deadline (a holder this slow gives up leading): ${r.overRenewDeadline.length}${r.overLease > 0 ? `, of which ${r.overLease} longer than the whole lease` : ''}.`,
      );
      out.push('');
      for (const s of r.overRenewDeadline) out.push(`- ${s.at}: ${formatInterval(s.ms)}`);
    }
  }
  out.push('');

  out.push('## Flapping');
  out.push('');
  if (t.flapping.length === 0) out.push('Not seen flapping.');
  else for (const f of t.flapping) out.push(`- ${f.from} – ${f.to}: up to ${f.leaders} leaders in 10 minutes`);
  out.push('');

  out.push('## Clock skew');
  out.push('');
  if (t.clockSkew.length === 0) out.push('No clock skew seen.');
  else
    for (const s of t.clockSkew)
      out.push(
        `- ${s.from} – ${s.to}: ${s.kind === 'renewInFuture' ? 'renewTime ahead of this machine by' : "the holder's clock off by"} ${formatDuration(Math.abs(s.skewMs))}${s.skewMs < 0 ? ' (behind)' : s.kind === 'renewInFuture' ? '' : ' (ahead)'}`,
      );
  out.push('');

  out.push('## Release and Take Over from Lease Lens');
  out.push('');
  if (t.writes.length === 0) out.push('None.');
  else {
    out.push('| time | action | by | holder before | holder after | resourceVersion | outcome |');
    out.push('|---|---|---|---|---|---|---|');
    for (const w of t.writes)
      out.push(
        `| ${w.at} | ${w.action === 'release' ? 'Release' : 'Take Over'} | ${w.user === null ? `*(unknown: ${md(w.userSource)})*` : `${md(w.user)} (${md(w.userSource)})`} | ${holderCell(w.before)} | ${holderCell(w.after)} | ${md(w.resourceVersion)} → ${w.writtenResourceVersion === null ? '—' : md(w.writtenResourceVersion)} | ${md(w.outcome)}${w.detail === undefined ? '' : `: ${md(w.detail)}`} |`,
      );
  }
  out.push('');
  return out.join('\n');
}
