// The figures behind the detail's three charts, as tables: a canvas says nothing to a screen
// reader or to someone who wants the exact times, so each chart is followed by its data (in a
// <details>, folded by default). Text only (textContent), like every cell of this page.

import * as l10n from '@vscode/l10n';
import type { LockDetail } from '../src/protocol';
import { formatClock, formatInterval } from '../src/core/durations';
import { h } from './dom';

export interface ChartTable {
  readonly element: HTMLDetailsElement;
  update(detail: LockDetail, now: number): void;
}

function holderText(holder: string): string {
  return holder === '' ? l10n.t('(nobody)') : holder;
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
    l10n.t('Renew intervals as a table'),
    [l10n.t('Renewed at'), l10n.t('Interval since the previous renewal')],
    (d) => d.renewals.map((r) => [formatClock(r.time), formatInterval(r.intervalMs)]),
    l10n.t('No renewal observed yet.'),
  );
}

export function leadershipTable(): ChartTable {
  return chartTable(
    'data-leadership',
    l10n.t('Leadership timeline as a table'),
    [l10n.t('Holder'), l10n.t('From'), l10n.t('Until'), l10n.t('Held for')],
    (d, now) =>
      d.leadership.map((s) => [
        holderText(s.holder),
        formatClock(s.start),
        s.end === null ? l10n.t('now') : formatClock(s.end),
        formatInterval((s.end ?? now) - s.start),
      ]),
    l10n.t('No leadership observed yet.'),
  );
}

export function transitionsTable(): ChartTable {
  return chartTable(
    'data-transitions',
    l10n.t('Holder changes as a table'),
    [l10n.t('Changed at'), l10n.t('Changes observed so far')],
    (d) => [...d.transitions].sort((a, b) => a - b).map((t, i) => [formatClock(t), String(i + 1)]),
    l10n.t('No holder change observed.'),
  );
}
