// The filter row: free text plus context, namespace, kind and health choices.

import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import * as l10n from '@vscode/l10n';
import type { ContextRow } from '../src/protocol';
import { h, setAttr, setText } from './dom';
import { formatCount } from '../src/core/durations';
import { lockStateWord, type LockStateKind } from '../src/core/lockLiveness';
import { contextStateWord } from './contextWords';
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
        placeholder: l10n.t('Filter: name, namespace, holder, context…'),
        'aria-label': l10n.t('Filter locks by text'),
        // vscode-elements puts `label` on the inner input, where assistive technology looks.
        label: l10n.t('Filter locks by text'),
        maxlength: String(MAX_FILTER_LENGTH),
      },
    });
    this.text.value = initial.text;
    this.text.addEventListener('input', () => {
      // Typing into 10,000 rows: wait for a pause rather than refilter on every key.
      window.clearTimeout(this.textTimer);
      this.textTimer = window.setTimeout(() => this.update({ text: this.text.value.slice(0, MAX_FILTER_LENGTH) }), 120);
    });
    const select = (field: ChoiceField, values: readonly string[]): VscodeSingleSelect => {
      const label = filterLabel(field);
      const element = h('vscode-single-select', {
        id: `filter-${field}`,
        className: 'filter-select',
        attrs: { 'aria-label': label, label, title: label },
      });
      this.selects.set(field, element);
      this.setChoices(field, values);
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
      attrs: { 'aria-label': l10n.t('Watched contexts') },
    });
    this.element = h('div', { className: 'filter-bar', attrs: { role: 'search' } }, [
      this.text,
      select('context', []),
      select('namespace', []),
      select('kind', KINDS),
      // "needs attention" first: what the status bar item counts and its click shows.
      select('health', [ATTENTION_FILTER, ...HEALTH_STATES]),
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
    this.setChoices('context', contexts);
    this.setChoices('namespace', namespaces);
  }

  /** "N of M locks"; `applied` is the text filter the count is for (data-filter, for tests and the benchmark). */
  setCount(matched: number, total: number, applied: string): void {
    setText(
      this.count,
      matched === total
        ? total === 1
          ? l10n.t('1 lock')
          : l10n.t('{0} locks', formatCount(total))
        : l10n.t('{0} of {1} locks', formatCount(matched), formatCount(total)),
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
          h('span', { className: 'context-state', text: contextStateWord(c.state) }),
        ]);
        setAttr(
          chip,
          'title',
          c.message === undefined
            ? l10n.t('{0}: {1}', c.name, contextStateWord(c.state))
            : l10n.t('{0}: {1}. {2}', c.name, contextStateWord(c.state), c.message),
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
  private setChoices(field: ChoiceField, values: readonly string[]): void {
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
      option('', allChoice(field)),
      // States are listed by their words ("probably stopped"), the same as every view says them.
      ...all.map((v) =>
        option(
          v,
          field !== 'health'
            ? v
            : v === ATTENTION_FILTER
              ? l10n.t('needs attention')
              : HEALTH_STATES.includes(v as LockStateKind)
                ? lockStateWord(v as LockStateKind)
                : v,
        ),
      ),
    );
    element.value = chosen;
  }
}

function filterLabel(field: ChoiceField): string {
  switch (field) {
    case 'context':
      return l10n.t('Filter by context');
    case 'namespace':
      return l10n.t('Filter by namespace');
    case 'kind':
      return l10n.t('Filter by kind');
    case 'health':
      return l10n.t('Filter by state');
  }
}

/** The "no filter" choice of a select. */
function allChoice(field: ChoiceField): string {
  switch (field) {
    case 'context':
      return l10n.t('All contexts');
    case 'namespace':
      return l10n.t('All namespaces');
    case 'kind':
      return l10n.t('All kinds');
    case 'health':
      return l10n.t('All states');
  }
}
