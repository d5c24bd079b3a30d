// The overview table: a keyboard-navigable grid that renders only the rows in view.
//
// Every row has the same height, so the row at a scroll offset is a division away: the body is as
// tall as all rows together and a small pool of row elements is moved (transform) and re-filled
// as the view scrolls. 65,000 locks cost about 40 elements; the list (lockList.ts) is asked for
// the items in view only. Cells are filled with textContent only. Live values (renew-age bar, age
// text, state moved on by the clock) are refreshed by tick(), for the rows in view only.
//
// To assistive technology it is a grid (role=grid/row/gridcell/columnheader) that knows its size
// while only a window of it exists: aria-rowcount on the grid, aria-rowindex on every row, aria-sort
// on the sorted column. The grid is one tab stop; the focused row is its aria-activedescendant.
// Keys: Up/Down, PageUp/PageDown, Home/End move between rows; Enter opens the detail (or folds the
// heartbeat summary); Up from the first row reaches the column headers, where Left/Right move and
// Enter sorts.

import * as l10n from '@vscode/l10n';
import type { LockRow } from '../src/protocol';
import { setAttr, setText, h } from './dom';
import { ago, formatCount, formatDuration } from '../src/core/durations';
import { shortIdentity } from '../src/core/identityText';
import { lockState } from '../src/core/lockLiveness';
import {
  HEARTBEAT_SUMMARY_KEY,
  itemKey,
  type DisplayItem,
  type DisplayList,
  type HeartbeatSummary,
  type Judging,
  type SortColumn,
  type SortSpec,
} from './rowModel';

export const ROW_HEIGHT = 24;
const OVERSCAN = 6;

interface Column {
  readonly id: SortColumn;
  readonly label: string;
  readonly title: string;
}

/** The columns, worded in the display language (a function: the bundle is loaded before the page draws, not at import). */
export function columns(): readonly Column[] {
  return [
    {
      id: 'health',
      label: l10n.t('State'),
      title: l10n.t(
        'Liveness and takeover: renewing (seen renewing), not seen renewing yet, probably stopped (its record ran out), expiring, expired… The same words as the tree',
      ),
    },
    { id: 'context', label: l10n.t('Context'), title: l10n.t('Kubeconfig context') },
    { id: 'namespace', label: l10n.t('Namespace'), title: l10n.t('Namespace') },
    { id: 'name', label: l10n.t('Name'), title: l10n.t('Lock object name') },
    { id: 'kind', label: l10n.t('Kind'), title: l10n.t('Lease, ConfigMap, Endpoints or MultiLock') },
    {
      id: 'holder',
      label: l10n.t('Holder'),
      title: l10n.t('holderIdentity: who leads (long identities shortened in the middle)'),
    },
    {
      id: 'age',
      label: l10n.t('Takeover clock'),
      title: l10n.t(
        "Time since this window last saw the record change (or first saw it), against the lease duration: client-go's takeover rule",
      ),
    },
    {
      id: 'renewed',
      label: l10n.t('Renewed (record)'),
      title: l10n.t("Time since the record's renewTime: the holder's clock, an estimate"),
    },
    {
      id: 'transitions',
      label: l10n.t('Transitions'),
      title: l10n.t('leaderTransitions: how many times the holder changed'),
    },
    { id: 'flags', label: l10n.t('Flags'), title: l10n.t('Clock skew and record problems') },
  ];
}

export interface TableEvents {
  /** Enter or click on a lock row; `fromKeyboard` moves the focus into the detail. */
  open(key: string, fromKeyboard: boolean): void;
  toggleHeartbeats(): void;
  sort(column: SortColumn): void;
}

function holderText(row: LockRow): string {
  if (row.holder === null)
    return row.evidence.holder === 'unreadableRecord' ? l10n.t('(unreadable record)') : l10n.t('(unreadable holder)');
  return row.holder === '' ? l10n.t('(nobody)') : shortIdentity(row.holder);
}

/** The holder cell's tooltip: the identity whole, or why there is none. */
export function holderTitle(row: LockRow): string {
  if (row.holder === null) return row.evidence.problem ?? l10n.t('The holder cannot be read');
  return row.holder === '' ? l10n.t('Nobody holds this lock: any candidate can acquire it at once') : row.holder;
}

/** The takeover clock cell's tooltip. */
function takeoverTitle(changeSeen: boolean, seen: number, expiresAt: number, now: number): string {
  if (expiresAt > now) {
    const left = formatDuration(expiresAt - now);
    return changeSeen
      ? l10n.t(
          "Last change seen {0}; candidates may take over in {1} (client-go's rule, by this machine's clock)",
          ago(seen, now),
          left,
        )
      : l10n.t(
          "First seen {0}, no change seen since; candidates may take over in {1} (client-go's rule, by this machine's clock)",
          ago(seen, now),
          left,
        );
  }
  const since = ago(now - expiresAt, now);
  return changeSeen
    ? l10n.t(
        "Last change seen {0}; candidates may take over since {1} (client-go's rule, by this machine's clock)",
        ago(seen, now),
        since,
      )
    : l10n.t(
        "First seen {0}, no change seen since; candidates may take over since {1} (client-go's rule, by this machine's clock)",
        ago(seen, now),
        since,
      );
}

/** One pooled row element and what it shows. */
class RowView {
  readonly element: HTMLDivElement;
  private readonly health: HTMLElement;
  private readonly healthText: HTMLElement;
  private readonly context: HTMLElement;
  private readonly namespace: HTMLElement;
  private readonly name: HTMLElement;
  private readonly kind: HTMLElement;
  private readonly holder: HTMLElement;
  private readonly age: HTMLElement;
  private readonly ageFill: HTMLElement;
  private readonly ageText: HTMLElement;
  private readonly renewed: HTMLElement;
  private readonly transitions: HTMLElement;
  private readonly skew: HTMLElement;
  private readonly problems: HTMLElement;
  row: LockRow | undefined;
  index = -1;
  private lastShare = -1;

  constructor() {
    const cell = (name: string, children: (Node | string)[] = []): HTMLElement =>
      h('div', { className: `cell cell-${name}`, attrs: { role: 'gridcell' } }, children);
    this.healthText = h('span', { className: 'health-text' });
    // A glyph of its own shape per state (CSS, by data-health) beside the state's words: never colour alone.
    this.health = cell('health', [
      h('span', { className: 'health-icon', attrs: { 'aria-hidden': 'true' } }),
      this.healthText,
    ]);
    this.context = cell('context');
    this.namespace = cell('namespace');
    this.name = cell('name');
    this.kind = cell('kind');
    this.holder = cell('holder');
    this.ageFill = h('div', { className: 'age-fill' });
    this.ageText = h('span', { className: 'age-text' });
    this.age = cell('age', [
      h('div', { className: 'age-bar', attrs: { 'aria-hidden': 'true' } }, [this.ageFill]),
      this.ageText,
    ]);
    this.renewed = cell('renewed');
    this.transitions = cell('transitions');
    this.skew = h('span', {
      className: 'flag flag-skew',
      text: l10n.t('skew'),
      attrs: {
        title: l10n.t(
          "The record's renewTime disagrees with when this window saw the renewal: the holder's clock is off",
        ),
      },
    });
    this.problems = h('span', { className: 'flag flag-problems' });
    const flags = cell('flags', [this.skew, this.problems]);
    this.element = h('div', { className: 'lock-row', attrs: { role: 'row' } }, [
      this.health,
      this.context,
      this.namespace,
      this.name,
      this.kind,
      this.holder,
      this.age,
      this.renewed,
      this.transitions,
      flags,
    ]);
  }

  bind(row: LockRow, index: number, nested: boolean, judging: Judging): void {
    if (this.index !== index) {
      this.index = index;
      this.element.id = `lock-row-${index}`;
      this.element.dataset.index = String(index);
      this.element.setAttribute('aria-rowindex', String(index + 2));
      this.element.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    }
    this.element.classList.toggle('nested', nested);
    if (this.row === row) return this.tick(judging);
    this.row = row;
    this.lastShare = -1;
    this.element.dataset.key = row.key;
    this.element.dataset.role = row.role;
    setText(this.context, row.context);
    setText(this.namespace, row.namespace);
    setText(this.name, row.name);
    setAttr(this.name, 'title', l10n.t('{0} {1}/{2}', row.kind, row.namespace, row.name));
    setText(this.kind, row.kind);
    setText(this.holder, holderText(row));
    setAttr(this.holder, 'title', holderTitle(row));
    this.holder.classList.toggle('vacant', row.holder === '' || row.holder === null);
    setText(this.transitions, row.transitions === null ? '–' : String(row.transitions));
    this.skew.hidden = !row.skew;
    this.problems.hidden = row.problems.length === 0;
    setText(
      this.problems,
      row.problems.length === 1 ? l10n.t('1 problem') : l10n.t('{0} problems', row.problems.length),
    );
    setAttr(this.problems, 'title', row.problems.length === 0 ? null : row.problems.join('\n'));
    this.tick(judging);
  }

  /** The values that move with the clock: the state (judged here by src/core), the takeover clock, the record's age. */
  tick(judging: Judging): void {
    const row = this.row;
    if (row === undefined) return;
    const { now } = judging;
    const state = lockState(row.evidence, now, judging.thresholds);
    if (this.element.dataset.health !== state.kind) this.element.dataset.health = state.kind;
    setText(this.healthText, state.summary);
    setAttr(this.health, 'title', state.reason);
    const clock = state.takeover;
    const share = clock === undefined ? 0 : Math.max(0, Math.min(1, clock.consumedShare));
    if (Math.abs(share - this.lastShare) > 0.002) {
      this.lastShare = share;
      this.ageFill.style.setProperty('--share', share.toFixed(3));
    }
    const seen = row.observedTime === null ? undefined : now - row.observedTime;
    const text =
      seen === undefined || clock === undefined
        ? '–'
        : row.evidence.changeSeen
          ? l10n.t('{0} / {1}', formatDuration(Math.max(seen, 0)), formatDuration(clock.leaseDurationMs))
          : l10n.t('first seen {0} / {1}', formatDuration(Math.max(seen, 0)), formatDuration(clock.leaseDurationMs));
    if (this.ageText.textContent !== text) {
      this.ageText.textContent = text;
      setAttr(
        this.age,
        'title',
        seen === undefined || clock === undefined
          ? l10n.t('No takeover clock: nobody holds it, or it was never watched')
          : takeoverTitle(row.evidence.changeSeen, seen, clock.expiresAt, now),
      );
    }
    const record = row.renewTime === null ? undefined : now - row.renewTime;
    const renewed =
      record === undefined
        ? '–'
        : record < -judging.thresholds.skewToleranceMs
          ? l10n.t('{0} ahead (skew)', formatDuration(-record))
          : ago(record, now);
    if (this.renewed.textContent !== renewed) {
      this.renewed.textContent = renewed;
      setAttr(
        this.renewed,
        'title',
        record === undefined
          ? l10n.t('No renewTime in the record')
          : l10n.t("renewTime by the record: {0} (the holder's clock, an estimate)", ago(record, now)),
      );
    }
  }

  /** Takes the element out of the page: a spare row must not be found by its old key. */
  release(): void {
    this.row = undefined;
    this.index = -1;
    this.element.remove();
    this.element.removeAttribute('id');
    delete this.element.dataset.key;
    delete this.element.dataset.index;
  }
}

export class LockTable {
  readonly element: HTMLElement;
  private readonly viewport: HTMLDivElement;
  private readonly header: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly empty: HTMLElement;
  private readonly summary: HTMLDivElement;
  private readonly summaryText: HTMLElement;
  private readonly summaryCell: HTMLElement;
  private readonly summaryStale: HTMLElement;
  private readonly headerCells = new Map<SortColumn, HTMLElement>();
  private pool: RowView[] = [];
  private list: DisplayList = EMPTY_LIST;
  private cursorKey: string | undefined;
  /** The column header the keyboard is on (the cursor left the rows for the header row). */
  private headerColumn: SortColumn | undefined;
  private openKey: string | null = null;
  private renderQueued = false;
  private emptyText = l10n.t('No locks yet.');
  private bodyHeight = -1;
  /** Worded once the bundle is loaded (the table is made after it). */
  private readonly columns = columns();

  constructor(
    private readonly events: TableEvents,
    private readonly judging: () => Judging,
  ) {
    this.header = h('div', { className: 'table-header', attrs: { role: 'row', 'aria-rowindex': '1' } });
    for (const column of this.columns) {
      // Not a tab stop of its own: the grid is one; the keyboard reaches headers with Up (see onKey).
      const button = h('button', {
        className: 'sort-button',
        text: column.label,
        attrs: {
          type: 'button',
          tabindex: '-1',
          title: l10n.t('{0}. Sort by {1}.', column.title, column.label.toLowerCase()),
          'data-column': column.id,
        },
      });
      button.addEventListener('click', () => this.events.sort(column.id));
      const headerCell = h(
        'div',
        {
          id: `column-${column.id}`,
          className: `column-header cell-${column.id}`,
          attrs: { role: 'columnheader', 'aria-sort': 'none' },
        },
        [button],
      );
      this.headerCells.set(column.id, headerCell);
      this.header.append(headerCell);
    }
    this.summaryText = h('span', { className: 'summary-text' });
    this.summaryStale = h('span', { className: 'summary-stale' });
    // In a grid (not a treegrid) a row cannot be expanded: its one cell is.
    this.summaryCell = h(
      'div',
      {
        className: 'cell cell-summary',
        attrs: { role: 'gridcell', 'aria-colspan': String(this.columns.length), 'aria-expanded': 'false' },
      },
      [h('span', { className: 'chevron', attrs: { 'aria-hidden': 'true' } }), this.summaryText, this.summaryStale],
    );
    this.summary = h(
      'div',
      {
        id: 'heartbeat-summary',
        className: 'heartbeat-summary',
        attrs: { role: 'row', 'data-summary': HEARTBEAT_SUMMARY_KEY, 'data-expanded': 'false', 'aria-rowindex': '2' },
      },
      [this.summaryCell],
    );
    this.summary.hidden = true;
    this.empty = h('div', { className: 'table-empty', attrs: { role: 'status' } });
    this.body = h('div', { className: 'table-body', attrs: { role: 'rowgroup' } }, [this.summary]);
    this.viewport = h(
      'div',
      {
        id: 'locks-table',
        className: 'table-viewport',
        attrs: {
          role: 'grid',
          tabindex: '0',
          'aria-label': l10n.t('Leader election locks'),
          'aria-rowcount': '1',
          'aria-colcount': String(this.columns.length),
        },
      },
      [h('div', { className: 'table-header-group', attrs: { role: 'rowgroup' } }, [this.header]), this.body],
    );
    this.element = h('div', { className: 'table-wrap' }, [this.viewport, this.empty]);

    this.viewport.addEventListener('scroll', () => this.queueRender(), { passive: true });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('focus', () => this.render());
    this.viewport.addEventListener('blur', () => this.render());
    this.body.addEventListener('click', (e) => this.onClick(e));
    new ResizeObserver(() => this.queueRender()).observe(this.viewport);
  }

  /** What to show: a new list, or the same list changed (rows, order, sort shown in the header). */
  setList(list: DisplayList, sort: SortSpec, emptyText: string): void {
    this.list = list;
    this.emptyText = emptyText;
    if (this.cursorKey !== undefined && list.indexOf(this.cursorKey) < 0) this.cursorKey = undefined;
    for (const [column, cell] of this.headerCells) {
      setAttr(cell, 'aria-sort', column === sort.column ? (sort.descending ? 'descending' : 'ascending') : 'none');
    }
    this.render();
  }

  /** Redraws the rows in view (their rows changed in place). */
  refresh(): void {
    this.queueRender();
  }

  /** Marks the lock whose detail is open; moves the cursor to it and, if asked, into view. */
  setOpen(key: string | null, reveal: boolean): void {
    this.openKey = key;
    const index = key === null ? -1 : this.list.indexOf(key);
    if (key !== null && index >= 0) {
      this.cursorKey = key;
      this.headerColumn = undefined;
      if (reveal) this.scrollToIndex(index);
    }
    this.render();
  }

  focus(): void {
    this.viewport.focus({ preventScroll: true });
  }

  /** Refreshes the live columns of the rows in view. */
  tick(): void {
    const judging = this.judging();
    for (const view of this.pool) if (view.row !== undefined) view.tick(judging);
  }

  /** The key of the item the cursor is on (tests, the detail's "back"). */
  get cursor(): string | undefined {
    return this.cursorKey;
  }

  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private headerHeight(): number {
    return this.header.offsetHeight || ROW_HEIGHT;
  }

  private render(): void {
    const list = this.list;
    const total = list.length;
    setAttr(this.viewport, 'aria-rowcount', String(total + 1));
    if (this.bodyHeight !== total * ROW_HEIGHT) {
      this.bodyHeight = total * ROW_HEIGHT;
      this.body.style.height = `${this.bodyHeight}px`;
    }
    this.empty.hidden = total > 0;
    setText(this.empty, this.emptyText);

    const viewHeight = Math.max(0, this.viewport.clientHeight - this.headerHeight());
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(total, Math.ceil((this.viewport.scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN);
    const now = this.judging();

    // Rows keep their element while they stay in view (no flicker, no needless text writes).
    const wanted = new Map<string, { item: DisplayItem & { type: 'lock' }; index: number }>();
    let summaryIndex = -1;
    let summaryItem: HeartbeatSummary | undefined;
    for (let i = first; i < last; i++) {
      const item = list.item(i);
      if (item === undefined) continue;
      if (item.type === 'heartbeats') {
        summaryIndex = i;
        summaryItem = item;
      } else wanted.set(item.row.key, { item, index: i });
    }
    const free: RowView[] = [];
    for (const view of this.pool) {
      const want = view.row === undefined ? undefined : wanted.get(view.row.key);
      if (want !== undefined) {
        view.bind(want.item.row, want.index, want.item.nested, now);
        wanted.delete(want.item.row.key);
      } else {
        free.push(view);
      }
    }
    for (const { item, index } of wanted.values()) {
      let view = free.pop();
      if (view === undefined) {
        view = new RowView();
        this.pool.push(view);
      }
      if (!view.element.isConnected) this.body.append(view.element);
      view.bind(item.row, index, item.nested, now);
    }
    for (const view of free) if (view.row !== undefined || view.element.isConnected) view.release();

    this.summary.hidden = summaryItem === undefined;
    if (summaryItem !== undefined) this.bindSummary(summaryItem, summaryIndex);

    const cursorIndex = this.cursorKey === undefined ? -1 : list.indexOf(this.cursorKey);
    const focused = document.activeElement === this.viewport;
    for (const view of this.pool) {
      if (view.row === undefined) continue;
      const isCursor = view.index === cursorIndex && this.headerColumn === undefined;
      setAttr(view.element, 'aria-selected', isCursor ? 'true' : 'false');
      view.element.classList.toggle('cursor', isCursor);
      view.element.classList.toggle('open', view.row.key === this.openKey);
    }
    const summaryCursor = summaryIndex >= 0 && summaryIndex === cursorIndex && this.headerColumn === undefined;
    this.summary.classList.toggle('cursor', summaryCursor);
    setAttr(this.summary, 'aria-selected', summaryCursor ? 'true' : 'false');
    for (const [column, cell] of this.headerCells) cell.classList.toggle('cursor', column === this.headerColumn);
    let active: string | null = null;
    if (this.headerColumn !== undefined) active = `column-${this.headerColumn}`;
    else if (cursorIndex >= 0 && first <= cursorIndex && cursorIndex < last)
      active = cursorIndex === summaryIndex ? this.summary.id : `lock-row-${cursorIndex}`;
    setAttr(this.viewport, 'aria-activedescendant', focused ? active : null);
  }

  private bindSummary(item: HeartbeatSummary, index: number): void {
    this.summary.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    setAttr(this.summary, 'aria-rowindex', String(index + 2));
    setAttr(this.summary, 'data-expanded', String(item.expanded));
    setAttr(this.summaryCell, 'aria-expanded', String(item.expanded));
    this.summary.classList.toggle('expanded', item.expanded);
    setText(
      this.summaryText,
      item.count === 1
        ? l10n.t('Node heartbeats: 1 lease')
        : l10n.t('Node heartbeats: {0} leases', formatCount(item.count)),
    );
    setText(this.summaryStale, item.stale === 0 ? l10n.t('none stale') : l10n.t('{0} stale', formatCount(item.stale)));
    this.summaryStale.classList.toggle('has-stale', item.stale > 0);
    this.summary.dataset.count = String(item.count);
    this.summary.dataset.stale = String(item.stale);
    setAttr(
      this.summary,
      'title',
      item.expanded
        ? l10n.t('Collapse node heartbeats (Enter or Left)')
        : l10n.t('Show every node heartbeat (Enter or Right)'),
    );
  }

  private scrollToIndex(index: number): void {
    const top = index * ROW_HEIGHT;
    const viewHeight = this.viewport.clientHeight - this.headerHeight();
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + ROW_HEIGHT > this.viewport.scrollTop + viewHeight)
      this.viewport.scrollTop = top + ROW_HEIGHT - viewHeight;
  }

  private moveCursor(index: number): void {
    const length = this.list.length;
    if (length === 0) return;
    const clamped = Math.max(0, Math.min(length - 1, index));
    const item = this.list.item(clamped);
    if (item === undefined) return;
    this.cursorKey = itemKey(item);
    this.headerColumn = undefined;
    this.scrollToIndex(clamped);
    this.render();
  }

  private cursorItem(): { item: DisplayItem; index: number } | undefined {
    const index = this.cursorKey === undefined ? -1 : this.list.indexOf(this.cursorKey);
    const item = this.list.item(index);
    return item === undefined ? undefined : { item, index };
  }

  private activate(item: DisplayItem, fromKeyboard: boolean): void {
    if (item.type === 'heartbeats') this.events.toggleHeartbeats();
    else this.events.open(item.row.key, fromKeyboard);
  }

  private moveHeader(column: SortColumn | undefined): void {
    // The header row is sticky: it is in view wherever the rows are scrolled.
    this.headerColumn = column;
    this.render();
  }

  private onHeaderKey(event: KeyboardEvent, column: SortColumn): boolean {
    const at = this.columns.findIndex((c) => c.id === column);
    switch (event.key) {
      case 'ArrowLeft':
        this.moveHeader(this.columns[Math.max(0, at - 1)]!.id);
        return true;
      case 'ArrowRight':
        this.moveHeader(this.columns[Math.min(this.columns.length - 1, at + 1)]!.id);
        return true;
      case 'Home':
        this.moveHeader(this.columns[0]!.id);
        return true;
      case 'End':
        this.moveHeader(this.columns[this.columns.length - 1]!.id);
        return true;
      case 'ArrowDown':
        this.headerColumn = undefined;
        this.moveCursor(Math.max(0, this.cursorItem()?.index ?? 0));
        return true;
      case 'Enter':
      case ' ':
        this.events.sort(column);
        return true;
      default:
        return false;
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.metaKey || event.ctrlKey) return;
    if (this.headerColumn !== undefined) {
      if (this.onHeaderKey(event, this.headerColumn)) event.preventDefault();
      return;
    }
    const current = this.cursorItem();
    const index = current?.index ?? -1;
    const page = Math.max(1, Math.floor((this.viewport.clientHeight - this.headerHeight()) / ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown':
        this.moveCursor(index + 1);
        break;
      case 'ArrowUp':
        // From the first row (or none) up to the column headers, to sort.
        if (index <= 0)
          this.moveHeader(
            this.columns.find((c) => this.headerCells.get(c.id)?.getAttribute('aria-sort') !== 'none')?.id ??
              this.columns[0]!.id,
          );
        else this.moveCursor(index - 1);
        break;
      case 'PageDown':
        this.moveCursor(index + page);
        break;
      case 'PageUp':
        this.moveCursor(index - page);
        break;
      case 'Home':
        this.moveCursor(0);
        break;
      case 'End':
        this.moveCursor(this.list.length - 1);
        break;
      case 'Enter':
      case ' ':
        if (current === undefined) return;
        this.activate(current.item, true);
        break;
      case 'ArrowRight':
        if (current?.item.type !== 'heartbeats' || current.item.expanded) return;
        this.events.toggleHeartbeats();
        break;
      case 'ArrowLeft':
        if (current?.item.type === 'heartbeats' && current.item.expanded) this.events.toggleHeartbeats();
        else if (current?.item.type === 'lock' && current.item.nested)
          this.moveCursor(this.list.indexOf(HEARTBEAT_SUMMARY_KEY));
        else return;
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  private onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target.closest('[role="row"]') : null;
    if (!(target instanceof HTMLElement)) return;
    const key = target.dataset.summary ?? target.dataset.key;
    const index = key === undefined ? -1 : this.list.indexOf(key);
    const item = this.list.item(index);
    if (item === undefined) return;
    this.cursorKey = itemKey(item);
    this.headerColumn = undefined;
    this.focus();
    this.activate(item, false);
    this.render();
  }
}

const EMPTY_LIST: DisplayList = {
  length: 0,
  matched: 0,
  total: 0,
  item: () => undefined,
  indexOf: () => -1,
};
