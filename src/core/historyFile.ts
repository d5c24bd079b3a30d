// The file one context's journal (lockJournal.ts) is kept in between sessions, and how it is read
// back. Whatever is on disk is input like any other: a file cut short by a crash, edited by hand,
// written by a newer Lease Lens or by something else entirely must never break the extension, so
// reading checks every value and returns either what could be used, with how much was dropped,
// or one sentence saying why the file was ignored. Bounds are applied on reading too.

import { isObject, own, type JsonObject } from './jsonValue';
import {
  JOURNAL_LIMITS,
  type JournalChange,
  type JournalEntry,
  type JournalFlap,
  type JournalInterval,
  type JournalSkew,
  type JournalWrite,
} from './lockJournal';
import { parseLockKey } from './lockKey';

export const HISTORY_FORMAT = 'lease-lens.history';
export const HISTORY_VERSION = 1;

/** A file larger than this is not read (a bounded journal is far smaller). */
export const MAX_HISTORY_FILE_BYTES = 8 * 1024 * 1024;

/** Identities, keys and sentences longer than this are not ours. */
const MAX_TEXT = 4096;

export interface ContextHistory {
  readonly context: string;
  /** The API server the context pointed at when it was written. */
  readonly server: string | undefined;
  readonly savedAt: number;
  readonly entries: readonly JournalEntry[];
}

export type HistoryRead =
  | { readonly ok: true; readonly history: ContextHistory; readonly dropped: number }
  | { readonly ok: false; readonly problem: string };

export function serializeHistory(history: ContextHistory): string {
  return JSON.stringify({
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    context: history.context,
    server: history.server ?? null,
    savedAt: history.savedAt,
    locks: history.entries.slice(0, JOURNAL_LIMITS.locks).map((e) => ({
      key: e.key,
      leaseDurationMs: e.leaseDurationMs,
      lastActivity: e.lastActivity,
      changes: e.changes,
      intervals: e.intervals.map((i) => [i.at, i.ms]),
      writes: e.writes,
      skews: e.skews,
      flaps: e.flaps,
    })),
  });
}

/**
 * Reads a file written by serializeHistory for `context` (and, when known, its `server`). Lock
 * entries that do not check out are dropped one by one; a file that is not ours, for another
 * context or cluster, or from a newer version is ignored whole.
 */
export function parseHistory(text: string, expected: { context: string; server?: string | undefined }): HistoryRead {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isObject(raw) || own(raw, 'format') !== HISTORY_FORMAT)
    return { ok: false, problem: `it is not a Lease Lens history file (no "format": "${HISTORY_FORMAT}")` };
  const version = own(raw, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { ok: false, problem: 'its version is not a positive integer' };
  if (version > HISTORY_VERSION)
    return { ok: false, problem: `it was written by a newer Lease Lens (format version ${version})` };
  const context = own(raw, 'context');
  if (context !== expected.context)
    return {
      ok: false,
      problem: `it is the history of another context (${typeof context === 'string' ? context : '?'})`,
    };
  const server = own(raw, 'server');
  if (expected.server !== undefined && typeof server === 'string' && server !== expected.server)
    return {
      ok: false,
      problem: `it was written when context ${expected.context} pointed at ${server}, not ${expected.server}: another cluster`,
    };
  const savedAt = time(own(raw, 'savedAt'));
  const locks = own(raw, 'locks');
  if (savedAt === undefined || !Array.isArray(locks))
    return { ok: false, problem: 'it has no savedAt time or no list of locks' };
  const entries: JournalEntry[] = [];
  let dropped = 0;
  for (const item of locks.slice(0, JOURNAL_LIMITS.locks)) {
    const entry = journalEntry(item, expected.context);
    if (entry === undefined) dropped++;
    else entries.push(entry);
  }
  dropped += Math.max(0, locks.length - JOURNAL_LIMITS.locks);
  return {
    ok: true,
    history: { context: expected.context, server: typeof server === 'string' ? server : undefined, savedAt, entries },
    dropped,
  };
}

function journalEntry(raw: unknown, context: string): JournalEntry | undefined {
  if (!isObject(raw)) return undefined;
  const key = text(own(raw, 'key'));
  if (key === undefined || parseLockKey(key)?.context !== context) return undefined;
  const lease = own(raw, 'leaseDurationMs');
  const lastActivity = time(own(raw, 'lastActivity'));
  if (lastActivity === undefined || (lease !== null && duration(lease) === undefined)) return undefined;
  const changes = list(own(raw, 'changes'), journalChange, JOURNAL_LIMITS.changes);
  const intervals = list(own(raw, 'intervals'), journalInterval, JOURNAL_LIMITS.intervals);
  const writes = list(own(raw, 'writes'), journalWrite, JOURNAL_LIMITS.writes);
  const skews = list(own(raw, 'skews'), journalSkew, JOURNAL_LIMITS.skews);
  const flaps = list(own(raw, 'flaps'), journalFlap, JOURNAL_LIMITS.flaps);
  if (!changes || !intervals || !writes || !skews || !flaps) return undefined;
  return {
    key,
    leaseDurationMs: lease === null ? null : (duration(lease) ?? null),
    lastActivity,
    changes: changes.sort((a, b) => a.at - b.at),
    intervals: intervals.sort((a, b) => a.at - b.at),
    writes: writes.sort((a, b) => a.at - b.at),
    skews: skews.sort((a, b) => a.from - b.from),
    flaps: flaps.sort((a, b) => a.from - b.from),
  };
}

/** Every item read, or undefined when any is not readable (the entry is dropped then); the newest `limit`. */
function list<T>(raw: unknown, read: (item: unknown) => T | undefined, limit: number): T[] | undefined {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return undefined;
  const out: T[] = [];
  for (const item of raw.slice(Math.max(0, raw.length - limit))) {
    const value = read(item);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}

function journalChange(raw: unknown): JournalChange | undefined {
  if (!isObject(raw)) return undefined;
  const at = time(own(raw, 'at'));
  const holder = text(own(raw, 'holder'));
  const source = own(raw, 'source');
  const previous = optional(raw, 'previousHolder', text);
  const recordTime = optional(raw, 'recordTime', time);
  const transitions = optional(raw, 'transitions', count);
  if (at === undefined || holder === undefined || (source !== 'observed' && source !== 'event')) return undefined;
  if (previous === null || recordTime === null || transitions === null) return undefined;
  return {
    at,
    holder,
    source,
    ...(previous === undefined ? {} : { previousHolder: previous }),
    ...(recordTime === undefined ? {} : { recordTime }),
    ...(transitions === undefined ? {} : { transitions }),
  };
}

function journalInterval(raw: unknown): JournalInterval | undefined {
  if (!Array.isArray(raw) || raw.length !== 2) return undefined;
  const at = time(raw[0]);
  const ms = duration(raw[1]);
  return at === undefined || ms === undefined ? undefined : { at, ms };
}

function journalWrite(raw: unknown): JournalWrite | undefined {
  if (!isObject(raw)) return undefined;
  const at = time(own(raw, 'at'));
  const action = own(raw, 'action');
  const user = own(raw, 'user');
  const userSource = text(own(raw, 'userSource'));
  const before = own(raw, 'before');
  const after = text(own(raw, 'after'));
  const rv = text(own(raw, 'resourceVersion'));
  const written = own(raw, 'writtenResourceVersion');
  const outcome = own(raw, 'outcome');
  const detail = optional(raw, 'detail', text);
  if (
    at === undefined ||
    (action !== 'release' && action !== 'takeOver') ||
    (user !== null && text(user) === undefined) ||
    userSource === undefined ||
    (before !== null && text(before) === undefined) ||
    after === undefined ||
    rv === undefined ||
    (written !== null && text(written) === undefined) ||
    (outcome !== 'written' && outcome !== 'conflict' && outcome !== 'failed' && outcome !== 'partial') ||
    detail === null
  )
    return undefined;
  return {
    at,
    action,
    user: user === null ? null : (text(user) ?? null),
    userSource,
    before: before === null ? null : (text(before) ?? null),
    after,
    resourceVersion: rv,
    writtenResourceVersion: written === null ? null : (text(written) ?? null),
    outcome,
    ...(detail === undefined ? {} : { detail }),
  };
}

function journalSkew(raw: unknown): JournalSkew | undefined {
  if (!isObject(raw)) return undefined;
  const from = time(own(raw, 'from'));
  const to = time(own(raw, 'to'));
  const kind = own(raw, 'kind');
  const skewMs = own(raw, 'skewMs');
  if (from === undefined || to === undefined || to < from) return undefined;
  if ((kind !== 'renewInFuture' && kind !== 'ageMismatch') || typeof skewMs !== 'number' || !Number.isFinite(skewMs))
    return undefined;
  return { from, to, kind, skewMs };
}

function journalFlap(raw: unknown): JournalFlap | undefined {
  if (!isObject(raw)) return undefined;
  const from = time(own(raw, 'from'));
  const to = time(own(raw, 'to'));
  const leaders = count(own(raw, 'leaders'));
  if (from === undefined || to === undefined || to < from || leaders === undefined) return undefined;
  return { from, to, leaders };
}

/** An optional field: undefined when absent, null when present but unreadable. */
function optional<T>(raw: JsonObject, key: string, read: (value: unknown) => T | undefined): T | undefined | null {
  const value = own(raw, key);
  if (value === undefined) return undefined;
  return read(value) ?? null;
}

/** Milliseconds since the epoch that a Date can hold. */
function time(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? value : undefined;
}

function duration(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 8.64e15 ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= MAX_TEXT ? value : undefined;
}
