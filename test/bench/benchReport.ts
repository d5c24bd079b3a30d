// Printing the benchmark's figures: aligned tables, targets, and failures in red.

/** Red text (ANSI), unless NO_COLOR is set: a missed write must not be overlooked. */
export function red(text: string): string {
  return process.env.NO_COLOR ? text : `\x1b[31m${text}\x1b[0m`;
}

export function mark(ok: boolean): string {
  return ok ? 'met' : red('MISSED');
}

/** An aligned table, numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? format(c) : c)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => visible(r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((c, i) => ' '.repeat(Math.max(0, widths[i]! - visible(c).length)) + c).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}

function format(n: number): string {
  return Number.isNaN(n) ? '–' : String(n);
}

function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** "0" in plain text, or the count in red with the party's name. */
export function missedText(missed: Readonly<Record<string, number>>): string {
  const bad = Object.entries(missed).filter(([, n]) => n > 0);
  return bad.length === 0 ? '0' : red(bad.map(([party, n]) => `${party} ${n}`).join(', '));
}
