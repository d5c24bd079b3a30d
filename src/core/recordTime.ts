// Times in leader election records. Leases carry MicroTime (RFC 3339 with six fractional digits),
// the annotation carries metav1.Time (RFC 3339, whole seconds). Both were written by some other
// machine's clock, so they are for display and skew detection, never for deciding expiry.

/** A record time: the text as written (kept, so nothing is lost) and its instant. */
export interface RecordTime {
  readonly text: string;
  /** Milliseconds since the epoch, fractions below a millisecond dropped. */
  readonly epochMs: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Parses RFC 3339 as Go's time.Parse(time.RFC3339) accepts it; undefined when it does not. */
export function parseRecordTime(text: string): RecordTime | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return { text, epochMs: date.getTime() - offsetMinutes * 60_000 };
}

/** A time given as a Date (typed Kubernetes clients deserialize times into Dates). */
export function recordTimeFromDate(date: Date): RecordTime | undefined {
  const ms = date.getTime();
  const text = formatMicroTime(ms);
  return text === undefined ? undefined : { text, epochMs: ms };
}

/** metav1.MicroTime as the API server writes it: `2026-11-23T20:10:11.123456Z`. */
export function formatMicroTime(epochMs: number): string | undefined {
  const iso = isoOrUndefined(epochMs);
  return iso === undefined ? undefined : `${iso.slice(0, 23)}000Z`;
}

/** metav1.Time as its JSON form writes it: UTC, whole seconds (truncated), `2026-11-23T20:10:11Z`. */
export function formatRfc3339Seconds(epochMs: number): string | undefined {
  const iso = isoOrUndefined(epochMs);
  return iso === undefined ? undefined : `${iso.slice(0, 19)}Z`;
}

function isoOrUndefined(epochMs: number): string | undefined {
  if (!Number.isFinite(epochMs)) return undefined;
  const date = new Date(Math.floor(epochMs));
  const year = date.getUTCFullYear();
  // Outside 0000–9999 toISOString switches to six-digit years, which RFC 3339 does not allow.
  if (Number.isNaN(year) || year < 0 || year > 9999) return undefined;
  return date.toISOString();
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
