// The Lease Lens dashboard page (runs in the webview; bundled to dist/webview/dashboard.js).
//
// It shows what the host sends (snapshot, then batched diffs) and asks the host for everything
// else: the detail of a lock, a release, a take over. It never talks to a cluster and holds no
// credentials. Strings from the cluster are always set as text (textContent / canvas text).
//
// Stable hooks for UI tests (webview frame:
//   page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame')):
//   body[data-ready="true"]           set once the first snapshot has been drawn
//   #filter-text                      vscode-textfield, free-text filter (words must all match)
//   #filter-context, #filter-namespace, #filter-kind, #filter-health
//                                     vscode-single-select filters ('' = all; #filter-health
//                                     'attention' = the locks needing attention, as the status
//                                     bar item counts them)
//   #row-count[data-matched][data-total][data-filter]  "N of M locks" (data-filter: the text filter
//                                     the count is for, once the list has applied it)
//   #context-strip .context-chip[data-state]  one chip per watched context
//   #locks-table                      role=grid, the focusable scroll viewport (aria-rowcount,
//                                     aria-activedescendant); arrow keys / PageUp / PageDown /
//                                     Home / End move the cursor, Enter opens the detail and moves
//                                     the focus into it; Up from the first row reaches the headers
//   .column-header#column-<column>[aria-sort] > button.sort-button[data-column=health|context|
//                                     namespace|name|kind|holder|age|renewed|transitions|flags]
//                                     (health: State, age: Takeover clock, renewed: Renewed (record))
//   .lock-row[role=row][data-key=<lock key>][data-index][aria-rowindex][data-health=<src/core
//                                     LockStateKind>][data-role][aria-selected]; only rows in view
//                                     exist (virtual scrolling: the list holds 65,000, the DOM ~40)
//     .cell-health .health-icon (a glyph per state) .health-text (the state's summary, its reason
//     as title), .cell-context,
//     .cell-namespace, .cell-name, .cell-kind, .cell-holder (shortened; whole as title),
//     .cell-age (.age-fill with --share, .age-text), .cell-renewed, .cell-transitions,
//     .cell-flags (.flag-skew, .flag-problems; hidden when not set)
//   #heartbeat-summary[role=row][data-summary=node-heartbeats][data-expanded][data-count][data-stale]
//                                     node heartbeats as one row (its cell has aria-expanded);
//                                     click / Enter / Right expands
//   #lock-detail[data-key][data-state=loading|ready|missing]  the detail panel
//     #detail-title, #detail-holder, #detail-health[data-health], #detail-reason, #detail-age,
//     #detail-record (table), #detail-candidates (hidden when there are none),
//     #release-button, #takeover-button (vscode-button), #write-result (role=status,
//     class ok|failed|pending), #chart-renewals, #chart-leadership, #chart-transitions
//     (canvas, role=img, aria-label summarises the data, data-points = number of points), each
//     followed by details.chart-data > table: the same figures as text
//     #watch-button[data-watched], #export-button, #copy-timeline-button (webview/lockActions.ts)
//   #leadership-announcer (aria-live)  says a leadership change of the selected lock
//   Escape closes the detail (the focus goes back to the table); "/" focuses the text filter.

// First: the display language's bundle, before any module draws.
import './localisation';
import cssText from './dashboard.css';
import * as l10n from '@vscode/l10n';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { HostMessage, LockRow } from '../src/protocol';
import { DashboardStore } from './dashboardStore';
import { DetailView } from './detailView';
import { h } from './dom';
import { FilterBar } from './filterBar';
import { LeadershipAnnouncer } from './leadershipAnnouncer';
import { LockList } from './lockList';
import { LockTable } from './lockTable';
import { ATTENTION_FILTER, type Judging, type SortColumn } from './rowModel';
import { onThemeChange } from './theme';
import { Host, toViewState, type PageState } from './vscodeApi';

const TICK_MS = 200;
/** The table's live columns show whole seconds: redrawing them more often only repaints the same text. */
const TABLE_TICK_MS = 1000;
const LIST_MS = 1000;
const REPORT_DELAY_MS = 250;
const DETAIL_FALLBACK_MS = 500;

const sheet = new CSSStyleSheet();
sheet.replaceSync(cssText);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const host = new Host();
const store = new DashboardStore();
let state: PageState = host.restore();
/** The lock we asked the host about and whose answer has not come yet (older answers are stale). */
let pendingSelect: string | undefined;
let commitQueued = false;
let reportTimer: number | undefined;
let lastReported = '';
let valuesTimer: number | undefined;

const filterBar = new FilterBar(state.filters, (filters) => {
  setState({ ...state, filters });
  list.setFilters(filters);
  showList();
});
const judging = (): Judging => ({ now: store.hostNow(), thresholds: store.thresholds });
const list = new LockList(judging, {
  sort: state.sort,
  filters: state.filters,
  heartbeatsExpanded: state.heartbeatsExpanded,
});
const announcer = new LeadershipAnnouncer();
const table = new LockTable({ open: openDetail, toggleHeartbeats, sort }, judging);
const detail = new DetailView(
  {
    release: (key) => host.post({ type: 'releaseLock', key }),
    takeOver: (key) => host.post({ type: 'takeOverLock', key }),
    close: closeDetail,
    lockAction: (type, key) => host.post({ type, key }),
  },
  judging,
);

const main = h('main', { className: 'main' }, [table.element, detail.element]);
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app', className: 'app' }));
app.replaceChildren(
  h('header', { className: 'top-bar' }, [h('h1', { text: 'Lease Lens' }), filterBar.contextStrip]),
  filterBar.element,
  main,
  announcer.element,
);

function setState(next: PageState): void {
  state = next;
  host.save(state);
  // The host keeps the selection's detail current and remembers the view: tell it, briefly later.
  window.clearTimeout(reportTimer);
  reportTimer = window.setTimeout(() => {
    const view = JSON.stringify(toViewState(state));
    if (view === lastReported) return;
    lastReported = view;
    host.report(state);
  }, REPORT_DELAY_MS);
}

/** Brings the list up to date and shows it (the table draws only the rows in view). */
function showList(): void {
  commitQueued = false;
  list.commit();
  const empty =
    list.total === 0 ? l10n.t('No locks in the watched contexts yet.') : l10n.t('No locks match the filters.');
  table.setList(list, state.sort, empty);
  filterBar.setCount(list.matched, list.total, state.filters.text);
}

/** At most once a frame, however many messages arrive. */
function queueShowList(): void {
  if (commitQueued) return;
  commitQueued = true;
  requestAnimationFrame(showList);
}

function refreshFilterValues(): void {
  filterBar.setValues(store.distinct('context'), store.distinct('namespace'));
}

function openDetail(key: string, fromKeyboard = false): void {
  const row = store.rows.get(key);
  if (row === undefined) return;
  main.classList.add('with-detail');
  if (detail.openKey !== key) announcer.follow(row);
  detail.open(key, row);
  table.setOpen(key, false);
  // Opened with Enter: the keyboard goes on into the detail (Escape brings it back).
  if (fromKeyboard) detail.focus();
  if (state.selected !== key) setState({ ...state, selected: key });
  pendingSelect = key;
  host.post({ type: 'selectLock', key });
}

/** The host chose the lock (its command, or the selection restored after a reload). */
function showHostSelection(key: string, row: LockRow | undefined): void {
  main.classList.add('with-detail');
  if (detail.openKey !== key) announcer.follow(row);
  detail.open(key, row);
  table.setOpen(key, true);
  if (state.selected !== key) setState({ ...state, selected: key });
}

function closeDetail(): void {
  if (detail.openKey === null && state.selected === null) return;
  detail.close();
  announcer.follow(undefined);
  main.classList.remove('with-detail');
  table.setOpen(null, false);
  pendingSelect = undefined;
  setState({ ...state, selected: null });
  table.focus();
}

function toggleHeartbeats(): void {
  setState({ ...state, heartbeatsExpanded: !state.heartbeatsExpanded });
  list.setExpanded(state.heartbeatsExpanded);
  showList();
}

function sort(column: SortColumn): void {
  const descending = state.sort.column === column ? !state.sort.descending : false;
  setState({ ...state, sort: { column, descending } });
  list.setSort(state.sort);
  showList();
}

function onMessage(message: HostMessage): void {
  switch (message.type) {
    case 'snapshot': {
      store.applySnapshot(message);
      list.replaceAll(message.rows);
      filterBar.setContexts(store.contexts);
      refreshFilterValues();
      showList();
      const selected = state.selected;
      if (selected !== null && store.rows.has(selected)) {
        // The host follows every snapshot with the detail of the selection it knows, which is
        // ours unless it chose another lock meanwhile. Ask ourselves only if nothing comes.
        if (detail.openKey !== selected) showHostSelection(selected, store.rows.get(selected));
        window.setTimeout(() => {
          if (detail.loading && detail.openKey === selected && pendingSelect === undefined) {
            pendingSelect = selected;
            host.post({ type: 'selectLock', key: selected });
          }
        }, DETAIL_FALLBACK_MS);
      } else if (selected !== null) {
        closeDetail();
      }
      document.body.dataset.ready = 'true';
      app.removeAttribute('aria-busy');
      break;
    }
    case 'diff': {
      const { newValues } = store.applyDiff(message);
      list.remove(message.removed);
      list.upsert(message.upserts);
      const open = detail.openKey;
      if (open !== null) for (const row of message.upserts) if (row.key === open) announcer.seen(row);
      if (message.contexts !== undefined) filterBar.setContexts(store.contexts);
      if (newValues && valuesTimer === undefined) {
        valuesTimer = window.setTimeout(() => {
          valuesTimer = undefined;
          refreshFilterValues();
        }, 1000);
      }
      if (open !== null && message.removed.includes(open)) detail.showMissing(open);
      queueShowList();
      break;
    }
    case 'detail': {
      // A change of a lock the user has just closed (the host has not heard yet): not reopened.
      if (message.update === true && detail.openKey !== message.key) return;
      if (pendingSelect !== undefined && message.key !== pendingSelect) return; // answer to an older click
      if (message.key === pendingSelect) pendingSelect = undefined;
      if (message.detail === null) {
        detail.showMissing(message.key);
        return;
      }
      if (detail.openKey !== message.key)
        showHostSelection(message.key, store.rows.get(message.key) ?? message.detail.row);
      announcer.seen(message.detail.row);
      detail.show(message.detail);
      break;
    }
    case 'writeResult':
      detail.writeFinished(message.key, message.ok, message.message);
      break;
    case 'showAttention':
      filterBar.showOnly({ health: ATTENTION_FILTER });
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (typeof data !== 'object' || data === null || !('type' in data)) return;
  onMessage(data as HostMessage);
});

document.addEventListener('keydown', (event) => {
  const target = event.target;
  const typing =
    target instanceof HTMLElement &&
    (target.tagName === 'VSCODE-TEXTFIELD' || target.tagName === 'VSCODE-SINGLE-SELECT' || target.tagName === 'INPUT');
  if (event.key === 'Escape' && !typing && detail.openKey !== null) {
    closeDetail();
    event.preventDefault();
  } else if (event.key === '/' && !typing) {
    filterBar.focusText();
    event.preventDefault();
  }
});

onThemeChange(() => detail.retheme());

// Live columns move with the clock, computed here: no host message per tick. States change with
// time alone too (not seen renewing yet → expired…): the list's filter, order and heartbeat count
// follow once a second, as the tree's do, judging only the locks whose verdict may have moved.
// A timer rather than a requestAnimationFrame loop: an idle page asks for no frames at all.
let lastList = 0;
let lastTable = 0;
window.setInterval(() => {
  detail.tick();
  const now = performance.now();
  if (now - lastTable >= TABLE_TICK_MS) {
    lastTable = now;
    table.tick();
  }
  if (now - lastList >= LIST_MS && list.total > 0) {
    lastList = now;
    if (list.rejudge()) queueShowList();
  }
}, TICK_MS);

lastReported = JSON.stringify(toViewState(state));
host.post({ type: 'ready' });
