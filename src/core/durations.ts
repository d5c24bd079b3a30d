// Durations, ages and clock times as every view writes them, host and dashboard alike: the two
// largest units, truncated, so that a value never reads as more time than has passed ("3s",
// "2m 5s", "1h 4m", "2d 3h"); ages of a week and more as the date and a rounded age ("on
// 2019-08-14, 6.3 years ago"), since "2527d 10h" says nothing a person can use. Units and
// phrases are whole messages of the l10n bundle (@vscode/l10n: this module runs on the host and in
// the dashboard page alike).

import * as l10n from '@vscode/l10n';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;

/** From this age on, an age reads as a date and a rounded age. */
export const DATED_AGE_MS = 7 * DAY;

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < SECOND) return l10n.t('{0}ms', Math.floor(ms));
  if (ms < MINUTE) return l10n.t('{0}s', Math.floor(ms / SECOND));
  if (ms < HOUR) {
    const [m, sec] = twoUnits(ms, MINUTE, SECOND);
    return sec === 0 ? l10n.t('{0}m', m) : l10n.t('{0}m {1}s', m, sec);
  }
  if (ms < DAY) {
    const [h, m] = twoUnits(ms, HOUR, MINUTE);
    return m === 0 ? l10n.t('{0}h', h) : l10n.t('{0}h {1}m', h, m);
  }
  const [d, h] = twoUnits(ms, DAY, HOUR);
  return h === 0 ? l10n.t('{0}d', d) : l10n.t('{0}d {1}h', d, h);
}

/** A duration of whole minutes or more in a sentence: "10 min" (the short form's "10m" reads as metres). */
export function formatMinutes(ms: number): string {
  const m = Math.floor(ms / MINUTE);
  if (!Number.isFinite(ms) || ms < MINUTE || ms >= HOUR || ms - m * MINUTE >= SECOND) return formatDuration(ms);
  return l10n.t('{0} min', m);
}

/** An interval where tenths of a second matter (renew intervals): "1.5s" under ten seconds. */
export function formatInterval(ms: number): string {
  if (!Number.isFinite(ms) || ms < SECOND || ms >= 10 * SECOND) return formatDuration(ms);
  return l10n.t('{0}s', (Math.floor(ms / 100) / 10).toFixed(1));
}

/** A lease duration or other whole-second setting: `formatSeconds(15)` is "15s". */
export function formatSeconds(seconds: number): string {
  return formatDuration(seconds * SECOND);
}

/**
 * "3s ago" for the past, "in 3s" for the future (a renewTime ahead of our clock). With `now`, an
 * age of a week or more reads "on 2019-08-14, 6.3 years ago".
 */
export function formatAge(ms: number, now?: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 0) return l10n.t('in {0}', formatDuration(-ms));
  if (now !== undefined && ms >= DATED_AGE_MS) {
    const date = formatDate(now - ms);
    return date === undefined ? l10n.t('{0} ago', roundedAge(ms)) : l10n.t('on {0}, {1} ago', date, roundedAge(ms));
  }
  return l10n.t('{0} ago', formatDuration(ms));
}

/**
 * An age in whole seconds (what a one-second ticker can show), "just now" under a second; dated
 * from a week on when `now` is given.
 */
export function ago(ms: number, now?: number): string {
  if (ms < 1000 && ms > -1000) return l10n.t('just now');
  return formatAge(ms < 0 ? ms : Math.floor(ms / 1000) * 1000, now);
}

/** "6.3 years", "12 days": an age too long for the two-unit form. */
function roundedAge(ms: number): string {
  if (ms >= YEAR) return l10n.t('{0} years', (ms / YEAR).toFixed(1));
  const days = Math.floor(ms / DAY);
  return days === 1 ? l10n.t('1 day') : l10n.t('{0} days', days);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local date "2019-08-14"; undefined for an instant a Date cannot hold. */
export function formatDate(epochMs: number): string | undefined {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local wall-clock time "13:04:05" (chart axes). */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return '?';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local "13:04" for a moment within the day; with the date when it is not today ("2026-12-03 13:04"). */
export function formatTimeOfDay(epochMs: number, now: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return '?';
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const day = formatDate(epochMs);
  return day === formatDate(now) ? hm : `${day ?? '?'} ${hm}`;
}

/** Local date and time "2025-01-02 13:04:05.123". */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return String(epochMs);
  return `${formatDate(epochMs) ?? '?'} ${formatClock(epochMs)}.${pad(d.getMilliseconds(), 3)}`;
}

/** "2 hours": a number and its unit in words, in the display language. */
function spokenUnit(n: string, unit: string): string {
  const one = n === '1';
  switch (unit) {
    case 'ms':
      return one ? l10n.t('1 millisecond') : l10n.t('{0} milliseconds', n);
    case 's':
      return one ? l10n.t('1 second') : l10n.t('{0} seconds', n);
    case 'm':
      return one ? l10n.t('1 minute') : l10n.t('{0} minutes', n);
    case 'h':
      return one ? l10n.t('1 hour') : l10n.t('{0} hours', n);
    default:
      return one ? l10n.t('1 day') : l10n.t('{0} days', n);
  }
}

/**
 * The durations of a text written by this file, as a screen reader should say them: "renewed 2h
 * 5m ago" becomes "renewed 2 hours 5 minutes ago" ("2h" is read as "2 h"). Only for text this file
 * and the liveness words wrote: a name or holder identity could hold "12s" that is not a duration.
 */
export function spokenDurations(text: string): string {
  // Only the English short forms are matched: in another language the durations stay as written.
  return text.replace(/\b(\d+(?:\.\d+)?)(ms|s|m|h|d)\b/g, (_match, n: string, unit: string) => spokenUnit(n, unit));
}

/** "10,200". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** [whole big units, whole small units of the rest]: truncated, never rounded up. */
function twoUnits(ms: number, big: number, small: number): [number, number] {
  const b = Math.floor(ms / big);
  return [b, Math.floor((ms - b * big) / small)];
}
