// The filter row: free text plus context, namespace, kind and health choices.

import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { ContextRow } from '../src/protocol';
import { h, setAttr, setText } from './dom';
import { formatCount } from '../src/core/durations';
import { LOCK_STATE_WORDS, type LockStateKind } from '../src/core/lockLiveness';
import { ATTENTION_FILTER, HEALTH_STATES, KINDS, type RowFilters } from './rowModel';
import { MAX_FILTER_LENGTH } from './vscodeApi';

type ChoiceField = Exclude<keyof RowFilters, 'text'>;

export class FilterBar {
  readonly element: HTMLElement;
  readonly contextStrip: HTMLElement;
  private readonly text: HTMLElement & { value: string };
  private readonly selects = new Map<ChoiceField, VscodeSingleSelect>();
  private readonly optionValues = new Map<ChoiceField, string>();
  private readonly count: HTMLElement;
  private filters: RowFilters;
  private textTimer: number | undefined;

  constructor(
    initial: RowFilters,
    private readonly onChange: (filters: RowFilters) => void,
  ) {
    this.filters = initial;
    this.text = h('vscode-textfield', {
      id: 'filter-text',
      className: 'filter-text',
      attrs: {
        placeholder: 'Filter: name, namespace, holder, context…',
        'aria-label': 'Filter locks by text',
        // vscode-elements puts `label` on the inner input, where assistive technology looks.
        label: 'Filter locks by text',
        maxlength: String(MAX_FILTER_LENGTH),
      },
    });
    this.text.value = initial.text;
    this.text.addEventListener('input', () => {
      // Typing into 10,000 rows: wait for a pause rather than refilter on every key.
      window.clearTimeout(this.textTimer);
      this.textTimer = window.setTimeout(() => this.update({ text: this.text.value.slice(0, MAX_FILTER_LENGTH) }), 120);
    });
    const select = (field: ChoiceField, label: string, values: readonly string[]): VscodeSingleSelect => {
      const element = h('vscode-single-select', {
        id: `filter-${field}`,
        className: 'filter-select',
        attrs: { 'aria-label': `Filter by ${label}`, label: `Filter by ${label}`, title: `Filter by ${label}` },
      });
      this.selects.set(field, element);
      this.setChoices(field, label, values);
      element.addEventListener('change', () => this.update({ [field]: element.value }));
      return element;
    };
    this.count = h('span', {
      id: 'row-count',
      className: 'row-count',
      attrs: { role: 'status', 'aria-live': 'polite' },
    });
    this.contextStrip = h('div', {
      id: 'context-strip',
      className: 'context-strip',
      attrs: { 'aria-label': 'Watched contexts' },
    });
    this.element = h('div', { className: 'filter-bar', attrs: { role: 'search' } }, [
      this.text,
      select('context', 'context', []),
      select('namespace', 'namespace', []),
      select('kind', 'kind', KINDS),
      // "needs attention" first: what the status bar item counts and its click shows.
      select('health', 'state', [ATTENTION_FILTER, ...HEALTH_STATES]),
      this.count,
    ]);
  }

  get current(): RowFilters {
    return this.filters;
  }

  /** Sets choices from the host (the attention item was clicked): the select shows it, and the list follows. */
  showOnly(change: Partial<Omit<RowFilters, 'text'>>): void {
    for (const [field, value] of Object.entries(change) as [ChoiceField, string][]) {
      const element = this.selects.get(field);
      if (element !== undefined) element.value = value;
    }
    this.update(change);
  }

  /** Focuses the text filter (Ctrl+F / "/"). */
  focusText(): void {
    this.text.focus();
  }

  setValues(contexts: readonly string[], namespaces: readonly string[]): void {
    this.setChoices('context', 'context', contexts);
    this.setChoices('namespace', 'namespace', namespaces);
  }

  /** "N of M locks"; `applied` is the text filter the count is for (data-filter, for tests and the benchmark). */
  setCount(matched: number, total: number, applied: string): void {
    setText(
      this.count,
      matched === total ? `${formatCount(total)} locks` : `${formatCount(matched)} of ${formatCount(total)} locks`,
    );
    this.count.dataset.matched = String(matched);
    this.count.dataset.total = String(total);
    this.count.dataset.filter = applied;
  }

  setContexts(contexts: readonly ContextRow[]): void {
    this.contextStrip.replaceChildren(
      ...contexts.map((c) => {
        const chip = h('span', { className: 'context-chip', attrs: { 'data-state': c.state } }, [
          h('span', { className: 'context-dot', attrs: { 'aria-hidden': 'true' } }),
          h('span', { className: 'context-name', text: c.name }),
          h('span', { className: 'context-state', text: c.state }),
        ]);
        setAttr(
          chip,
          'title',
          c.message === undefined ? `${c.name}: ${c.state}` : `${c.name}: ${c.state}. ${c.message}`,
        );
        return chip;
      }),
    );
  }

  private update(change: Partial<RowFilters>): void {
    const next = { ...this.filters, ...change };
    if (
      next.text === this.filters.text &&
      next.context === this.filters.context &&
      next.namespace === this.filters.namespace &&
      next.kind === this.filters.kind &&
      next.health === this.filters.health
    )
      return;
    this.filters = next;
    this.onChange(next);
  }

  /** Rebuilds a select's options when they changed, keeping the chosen value (even if now absent). */
  private setChoices(field: ChoiceField, label: string, values: readonly string[]): void {
    const element = this.selects.get(field);
    if (element === undefined) return;
    const chosen = this.filters[field];
    const all = chosen !== '' && !values.includes(chosen) ? [...values, chosen] : [...values];
    const signature = all.join('\u0000');
    if (this.optionValues.get(field) === signature) return;
    this.optionValues.set(field, signature);
    const option = (value: string, text: string): HTMLElement => {
      const o = h('vscode-option', { text, attrs: { value } });
      if (value === chosen) o.setAttribute('selected', '');
      return o;
    };
    element.replaceChildren(
      option('', `All ${label}s`),
      // States are listed by their words ("probably stopped"), the same as every view says them.
      ...all.map((v) =>
        option(
          v,
          field !== 'health'
            ? v
            : v === ATTENTION_FILTER
              ? 'needs attention'
              : (LOCK_STATE_WORDS[v as LockStateKind] ?? v),
        ),
      ),
    );
    element.value = chosen;
  }
}
