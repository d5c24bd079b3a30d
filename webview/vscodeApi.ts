// The webview side of VS Code: posting messages and keeping state across reloads.

import type { DashboardViewState, WebviewMessage } from '../src/protocol';
import { isSortColumn, NO_FILTERS, type RowFilters, type SortSpec } from './rowModel';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the page keeps across reloads: the host-visible view state plus its own UI choices. */
export interface PageState {
  readonly filters: RowFilters;
  readonly sort: SortSpec;
  /** The lock whose detail is open. */
  readonly selected: string | null;
  readonly heartbeatsExpanded: boolean;
}

export const DEFAULT_STATE: PageState = {
  filters: NO_FILTERS,
  sort: { column: 'health', descending: false },
  selected: null,
  heartbeatsExpanded: false,
};

/** The protocol's bound on the text filter (src/ui/dashboard/webviewMessages.ts MAX_FILTER_LENGTH). */
export const MAX_FILTER_LENGTH = 512;

export class Host {
  private readonly api = acquireVsCodeApi();

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  /** The state saved by this webview, else the one the host put in the page, else defaults. */
  restore(): PageState {
    return fromStored(this.api.getState()) ?? fromStored(initialStateFromPage()) ?? DEFAULT_STATE;
  }

  save(state: PageState): void {
    const view = toViewState(state);
    const { context, namespace, kind, health } = state.filters;
    this.api.setState({
      ...view,
      ui: { context, namespace, kind, health, heartbeatsExpanded: state.heartbeatsExpanded },
    });
  }

  /** Tells the host (so it can keep the selection's detail current and remember the view). */
  report(state: PageState): void {
    this.post({ type: 'saveState', state: toViewState(state) });
  }
}

export function toViewState(state: PageState): DashboardViewState {
  return {
    filter: state.filters.text.slice(0, MAX_FILTER_LENGTH),
    selected: state.selected,
    sort: { column: state.sort.column, descending: state.sort.descending },
  };
}

function initialStateFromPage(): unknown {
  const content = document.querySelector('meta[name="lease-lens-initial-state"]')?.getAttribute('content');
  if (content === undefined || content === null || content === '') return undefined;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads a stored state defensively: state written by an older version must not break the page. */
function fromStored(raw: unknown): PageState | undefined {
  if (!isRecord(raw)) return undefined;
  const sort =
    isRecord(raw.sort) && isSortColumn(raw.sort.column)
      ? { column: raw.sort.column, descending: raw.sort.descending === true }
      : DEFAULT_STATE.sort;
  const ui = isRecord(raw.ui) ? raw.ui : {};
  return {
    filters: {
      text: text(raw.filter).slice(0, MAX_FILTER_LENGTH),
      context: text(ui.context),
      namespace: text(ui.namespace),
      kind: text(ui.kind),
      health: text(ui.health),
    },
    sort,
    selected: typeof raw.selected === 'string' && raw.selected !== '' ? raw.selected : null,
    heartbeatsExpanded: ui.heartbeatsExpanded === true,
  };
}
