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

export const COLUMNS: readonly Column[] = [
  {
    id: 'health',
    label: 'State',
    title:
      'Liveness and takeover: renewing (seen renewing), not seen renewing yet, probably stopped (its record ran out), expiring, expired… The same words as the tree',
  },
  { id: 'context', label: 'Context', title: 'Kubeconfig context' },
  { id: 'namespace', label: 'Namespace', title: 'Namespace' },
  { id: 'name', label: 'Name', title: 'Lock object name' },
  { id: 'kind', label: 'Kind', title: 'Lease, ConfigMap, Endpoints or MultiLock' },
  { id: 'holder', label: 'Holder', title: 'holderIdentity: who leads (long identities shortened in the middle)' },
  {
    id: 'age',
    label: 'Takeover clock',
    title:
      "Time since this window last saw the record change (or first saw it), against the lease duration: client-go's takeover rule",
  },
  {
    id: 'renewed',
    label: 'Renewed (record)',
    title: "Time since the record's renewTime: the holder's clock, an estimate",
  },
  { id: 'transitions', label: 'Transitions', title: 'leaderTransitions: how many times the holder changed' },
  { id: 'flags', label: 'Flags', title: 'Clock skew and record problems' },
];

export interface TableEvents {
  /** Enter or click on a lock row; `fromKeyboard` moves the focus into the detail. */
  open(key: string, fromKeyboard: boolean): void;
  toggleHeartbeats(): void;
  sort(column: SortColumn): void;
}

function holderText(row: LockRow): string {
  if (row.holder === null)
    return row.evidence.holder === 'unreadableRecord' ? '(unreadable record)' : '(unreadable holder)';
  return row.holder === '' ? '(nobody)' : shortIdentity(row.holder);
}

/** The holder cell's tooltip: the identity whole, or why there is none. */
export function holderTitle(row: LockRow): string {
  if (row.holder === null) return row.evidence.problem ?? 'The holder cannot be read';
  return row.holder === '' ? 'Nobody holds this lock: any candidate can acquire it at once' : row.holder;
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
      text: 'skew',
      attrs: {
        title: "The record's renewTime disagrees with when this window saw the renewal: the holder's clock is off",
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
    setAttr(this.name, 'title', `${row.kind} ${row.namespace}/${row.name}`);
    setText(this.kind, row.kind);
    setText(this.holder, holderText(row));
    setAttr(this.holder, 'title', holderTitle(row));
    this.holder.classList.toggle('vacant', row.holder === '' || row.holder === null);
    setText(this.transitions, row.transitions === null ? '–' : String(row.transitions));
    this.skew.hidden = !row.skew;
    this.problems.hidden = row.problems.length === 0;
    setText(this.problems, row.problems.length === 1 ? '1 problem' : `${row.problems.length} problems`);
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
        : `${row.evidence.changeSeen ? '' : 'first seen '}${seen < 1000 ? '0s' : formatDuration(seen)} / ${formatDuration(clock.leaseDurationMs)}`;
    if (this.ageText.textContent !== text) {
      this.ageText.textContent = text;
      setAttr(
        this.age,
        'title',
        seen === undefined || clock === undefined
          ? 'No takeover clock: nobody holds it, or it was never watched'
          : `${row.evidence.changeSeen ? `Last change seen ${ago(seen, now)}` : `First seen ${ago(seen, now)}, no change seen since`}; candidates may take over ${clock.expiresAt > now ? `in ${formatDuration(clock.expiresAt - now)}` : `since ${ago(now - clock.expiresAt, now)}`} (client-go's rule, by this machine's clock)`,
      );
    }
    const record = row.renewTime === null ? undefined : now - row.renewTime;
    const renewed =
      record === undefined
        ? '–'
        : record < -judging.thresholds.skewToleranceMs
          ? `${formatDuration(-record)} ahead (skew)`
          : ago(record, now);
    if (this.renewed.textContent !== renewed) {
      this.renewed.textContent = renewed;
      setAttr(
        this.renewed,
        'title',
        record === undefined
          ? 'No renewTime in the record'
          : `renewTime by the record: ${ago(record, now)} (the holder's clock, an estimate)`,
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
  private emptyText = 'No locks yet.';
  private bodyHeight = -1;

  constructor(
    private readonly events: TableEvents,
    private readonly judging: () => Judging,
  ) {
    this.header = h('div', { className: 'table-header', attrs: { role: 'row', 'aria-rowindex': '1' } });
    for (const column of COLUMNS) {
      // Not a tab stop of its own: the grid is one; the keyboard reaches headers with Up (see onKey).
      const button = h('button', {
        className: 'sort-button',
        text: column.label,
        attrs: {
          type: 'button',
          tabindex: '-1',
          title: `${column.title}. Sort by ${column.label.toLowerCase()}.`,
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
        attrs: { role: 'gridcell', 'aria-colspan': String(COLUMNS.length), 'aria-expanded': 'false' },
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
          'aria-label': 'Leader election locks',
          'aria-rowcount': '1',
          'aria-colcount': String(COLUMNS.length),
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
    setText(this.summaryText, `Node heartbeats: ${formatCount(item.count)} ${item.count === 1 ? 'lease' : 'leases'}`);
    setText(this.summaryStale, item.stale === 0 ? 'none stale' : `${formatCount(item.stale)} stale`);
    this.summaryStale.classList.toggle('has-stale', item.stale > 0);
    this.summary.dataset.count = String(item.count);
    this.summary.dataset.stale = String(item.stale);
    setAttr(
      this.summary,
      'title',
      item.expanded ? 'Collapse node heartbeats (Enter or Left)' : 'Show every node heartbeat (Enter or Right)',
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
    const at = COLUMNS.findIndex((c) => c.id === column);
    switch (event.key) {
      case 'ArrowLeft':
        this.moveHeader(COLUMNS[Math.max(0, at - 1)]!.id);
        return true;
      case 'ArrowRight':
        this.moveHeader(COLUMNS[Math.min(COLUMNS.length - 1, at + 1)]!.id);
        return true;
      case 'Home':
        this.moveHeader(COLUMNS[0]!.id);
        return true;
      case 'End':
        this.moveHeader(COLUMNS[COLUMNS.length - 1]!.id);
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
            COLUMNS.find((c) => this.headerCells.get(c.id)?.getAttribute('aria-sort') !== 'none')?.id ?? COLUMNS[0]!.id,
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
