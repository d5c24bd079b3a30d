// Durations and ages as every view writes them: the two largest units, truncated, so that a
// value never reads as more time than has passed ("3s", "2m 5s", "1h 4m", "2d 3h").

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < SECOND) return `${Math.floor(ms)}ms`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return twoUnits(ms, MINUTE, 'm', SECOND, 's');
  if (ms < DAY) return twoUnits(ms, HOUR, 'h', MINUTE, 'm');
  return twoUnits(ms, DAY, 'd', HOUR, 'h');
}

/** A lease duration or other whole-second setting: `formatSeconds(15)` is "15s". */
export function formatSeconds(seconds: number): string {
  return formatDuration(seconds * SECOND);
}

/** "3s ago" for the past, "in 3s" for the future (a renewTime ahead of our clock). */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  return ms < 0 ? `in ${formatDuration(-ms)}` : `${formatDuration(ms)} ago`;
}

function twoUnits(ms: number, big: number, bigName: string, small: number, smallName: string): string {
  const b = Math.floor(ms / big);
  const s = Math.floor((ms - b * big) / small);
  return s === 0 ? `${b}${bigName}` : `${b}${bigName} ${s}${smallName}`;
}
