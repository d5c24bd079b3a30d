// The figures behind the detail's three charts, as tables: a canvas says nothing to a screen
// reader or to someone who wants the exact times, so each chart is followed by its data (in a
// <details>, folded by default). Text only (textContent), like every cell of this page.

import type { LockDetail } from '../src/protocol';
import { formatClock, formatInterval } from '../src/core/durations';
import { h } from './dom';

export interface ChartTable {
  readonly element: HTMLDetailsElement;
  update(detail: LockDetail, now: number): void;
}

function holderText(holder: string): string {
  return holder === '' ? '(nobody)' : holder;
}

/** A folded table with a caption, column headers and the rows `rowsOf` gives. */
function chartTable(
  id: string,
  summary: string,
  columns: readonly string[],
  rowsOf: (detail: LockDetail, now: number) => readonly (readonly string[])[],
  none: string,
): ChartTable {
  const body = h('tbody');
  const empty = h('p', { className: 'chart-data-empty', text: none });
  const table = h('table', { className: 'kv-table chart-data-table' }, [
    h('caption', { className: 'visually-hidden', text: summary }),
    h('thead', {}, [
      h(
        'tr',
        {},
        columns.map((c) => h('th', { text: c, attrs: { scope: 'col' } })),
      ),
    ]),
    body,
  ]);
  const element = h('details', { id, className: 'chart-data' }, [h('summary', { text: summary }), table, empty]);
  return {
    element,
    update(detail, now) {
      const rows = rowsOf(detail, now);
      body.replaceChildren(
        ...rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((c) => h('td', { text: c })),
          ),
        ),
      );
      table.hidden = rows.length === 0;
      empty.hidden = rows.length > 0;
    },
  };
}

export function renewalsTable(): ChartTable {
  return chartTable(
    'data-renewals',
    'Renew intervals as a table',
    ['Renewed at', 'Interval since the previous renewal'],
    (d) => d.renewals.map((r) => [formatClock(r.time), formatInterval(r.intervalMs)]),
    'No renewal observed yet.',
  );
}

export function leadershipTable(): ChartTable {
  return chartTable(
    'data-leadership',
    'Leadership timeline as a table',
    ['Holder', 'From', 'Until', 'Held for'],
    (d, now) =>
      d.leadership.map((s) => [
        holderText(s.holder),
        formatClock(s.start),
        s.end === null ? 'now' : formatClock(s.end),
        formatInterval((s.end ?? now) - s.start),
      ]),
    'No leadership observed yet.',
  );
}

export function transitionsTable(): ChartTable {
  return chartTable(
    'data-transitions',
    'Holder changes as a table',
    ['Changed at', 'Changes observed so far'],
    (d) => [...d.transitions].sort((a, b) => a - b).map((t, i) => [formatClock(t), String(i + 1)]),
    'No holder change observed.',
  );
}
