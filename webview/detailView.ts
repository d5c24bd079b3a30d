// The detail of one lock: its record, candidates, live age, charts, and the write buttons.
// Release and Take Over only ask the host; the host asks the operator (modal), writes with a
// conflict check and answers with a writeResult, which is shown here.

import * as l10n from '@vscode/l10n';
import type { LockDetail, LockRow } from '../src/protocol';
import { DetailCharts } from './charts';
import { leadershipTable, renewalsTable, transitionsTable, type ChartTable } from './chartTables';
import { h, setAttr, setText } from './dom';
import { ago, formatDuration, formatTimeOfDay, formatTimestamp } from '../src/core/durations';
import { lockState } from '../src/core/lockLiveness';
import type { Judging } from './rowModel';
import { LockActions } from './lockActions';
import type { LockActionType } from '../src/protocol';

export interface DetailEvents {
  release(key: string): void;
  takeOver(key: string): void;
  close(): void;
  /** Watch / Unwatch, Export…, Copy as Markdown (webview/lockActions.ts). */
  lockAction(type: LockActionType, key: string): void;
}

/** Record fields that hold epoch milliseconds and read better as timestamps. */
const TIME_FIELDS = /time$/i;

function fact(label: string, value: HTMLElement): HTMLElement[] {
  return [h('dt', { text: label }), h('dd', {}, [value])];
}

export class DetailView {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly holder: HTMLElement;
  private readonly health: HTMLElement;
  private readonly reason: HTMLElement;
  private readonly ageFill: HTMLElement;
  private readonly ageText: HTMLElement;
  private readonly recordAge: HTMLElement;
  private readonly acquired: HTMLElement;
  private readonly transitions: HTMLElement;
  private readonly flags: HTMLElement;
  private readonly flagsTerm: HTMLElement;
  private readonly problems: HTMLUListElement;
  private readonly releaseButton: HTMLElement & { disabled: boolean };
  private readonly takeOverButton: HTMLElement & { disabled: boolean };
  private readonly writeNote: HTMLElement;
  private readonly writeResult: HTMLElement;
  private readonly record: HTMLTableSectionElement;
  private readonly candidatesSection: HTMLElement;
  private readonly candidates: HTMLTableSectionElement;
  private readonly body: HTMLElement;
  private readonly missing: HTMLElement;
  private readonly charts: DetailCharts;
  private readonly lockActions: LockActions;
  private readonly chartTables: readonly ChartTable[];
  private detail: LockDetail | undefined;
  private key: string | null = null;
  private pendingWrite = false;
  /** The button that started the pending write: the keyboard goes back to it when the write ends. */
  private writeButton: HTMLElement | undefined;
  private lastChartAdvance = 0;

  constructor(
    private readonly events: DetailEvents,
    private readonly judging: () => Judging,
  ) {
    this.title = h('h2', { id: 'detail-title', className: 'detail-title' });
    this.subtitle = h('div', { className: 'detail-subtitle' });
    const close = h('button', {
      className: 'icon-button detail-close',
      text: '×',
      attrs: { type: 'button', 'aria-label': l10n.t('Close detail (Escape)'), title: l10n.t('Close detail (Escape)') },
    });
    close.addEventListener('click', () => this.events.close());

    this.holder = h('span', { id: 'detail-holder', className: 'detail-holder' });
    this.health = h('span', { id: 'detail-health', className: 'health-badge' });
    this.reason = h('p', { id: 'detail-reason', className: 'detail-reason' });
    this.ageFill = h('div', { className: 'age-fill' });
    this.ageText = h('span', { id: 'detail-age', className: 'age-text' });
    const age = h('span', { className: 'detail-age' }, [
      h('div', { className: 'age-bar wide', attrs: { 'aria-hidden': 'true' } }, [this.ageFill]),
      this.ageText,
    ]);
    this.recordAge = h('span', { id: 'detail-record-age' });
    this.acquired = h('span', { id: 'detail-acquired' });
    this.transitions = h('span', { id: 'detail-transitions' });
    this.flags = h('span', { id: 'detail-flags' });
    this.flagsTerm = h('dt', { text: l10n.t('Flags') });
    this.problems = h('ul', { id: 'detail-problems', className: 'problems' });

    this.releaseButton = h('vscode-button', {
      id: 'release-button',
      attrs: { secondary: '' },
      text: l10n.t('Release'),
    });
    this.takeOverButton = h('vscode-button', { id: 'takeover-button', text: l10n.t('Take Over') });
    this.releaseButton.addEventListener('click', () => this.write('release'));
    this.takeOverButton.addEventListener('click', () => this.write('takeOver'));
    this.writeNote = h('p', { className: 'write-note' });
    this.writeResult = h('p', {
      id: 'write-result',
      className: 'write-result',
      attrs: { role: 'status', 'aria-live': 'polite' },
    });

    this.record = h('tbody');
    this.candidates = h('tbody');
    this.candidatesSection = h('section', { id: 'detail-candidates', className: 'detail-section' }, [
      h('h3', { text: l10n.t('Lease candidates') }),
      h('table', { className: 'kv-table candidates-table' }, [
        h('thead', {}, [
          h(
            'tr',
            {},
            [
              l10n.t('Name'),
              l10n.t('Binary'),
              l10n.t('Emulation'),
              l10n.t('Strategy'),
              l10n.t('Ping'),
              l10n.t('Renew'),
            ].map((t) => h('th', { text: t, attrs: { scope: 'col' } })),
          ),
        ]),
        this.candidates,
      ]),
    ]);

    const canvas = (id: string, label: string): HTMLCanvasElement =>
      h('canvas', { id, className: 'chart-canvas', attrs: { role: 'img', 'aria-label': label } });
    const renewals = canvas('chart-renewals', l10n.t('Renew intervals'));
    const leadership = canvas('chart-leadership', l10n.t('Leadership timeline'));
    const transitions = canvas('chart-transitions', l10n.t('Holder changes over time'));
    const tables = { renewals: renewalsTable(), leadership: leadershipTable(), transitions: transitionsTable() };
    this.chartTables = [tables.renewals, tables.leadership, tables.transitions];
    const chart = (title: string, c: HTMLCanvasElement, data: ChartTable, tall = false): HTMLElement =>
      h('figure', { className: 'chart' }, [
        h('figcaption', { text: title }),
        h('div', { className: tall ? 'chart-box tall' : 'chart-box' }, [c]),
        data.element,
      ]);
    this.charts = new DetailCharts({ renewals, leadership, transitions });

    this.lockActions = new LockActions((type, key) => this.events.lockAction(type, key));
    this.missing = h('p', { className: 'detail-missing', attrs: { role: 'status' } });
    this.body = h('div', { className: 'detail-body' }, [
      h('dl', { className: 'facts' }, [
        ...fact(l10n.t('Holder'), this.holder),
        ...fact(l10n.t('State'), this.health),
        ...fact(l10n.t('Takeover clock'), age),
        ...fact(l10n.t('Renewed (record)'), this.recordAge),
        ...fact(l10n.t('Acquired'), this.acquired),
        ...fact(l10n.t('Transitions'), this.transitions),
        this.flagsTerm,
        h('dd', {}, [this.flags]),
      ]),
      this.reason,
      this.problems,
      h('div', { className: 'detail-actions' }, [this.releaseButton, this.takeOverButton]),
      this.writeNote,
      this.writeResult,
      this.lockActions.element,
      h('section', { className: 'detail-section' }, [
        h('h3', { text: l10n.t('Record') }),
        h('table', { id: 'detail-record', className: 'kv-table' }, [this.record]),
      ]),
      this.candidatesSection,
      h('section', { className: 'detail-section charts' }, [
        chart(l10n.t('Renew intervals against lease duration and renew deadline'), renewals, tables.renewals),
        chart(l10n.t('Leadership timeline (dashed: observed holder changes)'), leadership, tables.leadership, true),
        chart(l10n.t('Holder changes over time'), transitions, tables.transitions),
      ]),
    ]);
    this.element = h(
      'section',
      { id: 'lock-detail', className: 'detail', attrs: { 'aria-labelledby': 'detail-title', tabindex: '-1' } },
      [
        h('header', { className: 'detail-header' }, [
          h('div', { className: 'detail-heading' }, [this.title, this.subtitle]),
          close,
        ]),
        this.missing,
        this.body,
      ],
    );
    this.element.hidden = true;
  }

  get openKey(): string | null {
    return this.key;
  }

  /** Takes the keyboard (opened with Enter): a screen reader reads the lock's name first. */
  focus(): void {
    this.element.focus();
  }

  /** Whether the open lock is still waiting for its detail. */
  get loading(): boolean {
    return this.key !== null && this.element.dataset.state === 'loading';
  }

  /** Shows `key` as loading until its detail arrives (or keeps the current one if it is the same). */
  open(key: string, row: LockRow | undefined): void {
    if (this.key === key) return;
    this.key = key;
    this.detail = undefined;
    this.pendingWrite = false;
    this.element.hidden = false;
    this.element.dataset.key = key;
    this.element.dataset.state = 'loading';
    setText(this.title, row?.name ?? key);
    setText(this.subtitle, row === undefined ? '' : subtitle(row));
    setText(this.writeResult, '');
    this.writeResult.className = 'write-result';
    this.missing.hidden = false;
    setText(this.missing, 'Loading…');
    this.body.hidden = true;
    this.charts.destroy();
  }

  close(): void {
    this.key = null;
    this.detail = undefined;
    this.element.hidden = true;
    delete this.element.dataset.key;
    this.charts.destroy();
  }

  /** The lock is gone (deleted, or its context no longer watched). */
  showMissing(key: string): void {
    if (this.key !== key) return;
    this.detail = undefined;
    this.element.dataset.state = 'missing';
    this.missing.hidden = false;
    setText(this.missing, l10n.t('This lock no longer exists, or its context is no longer watched.'));
    this.body.hidden = true;
    this.charts.destroy();
  }

  show(detail: LockDetail): void {
    if (this.key !== detail.row.key) return;
    const row = detail.row;
    this.detail = detail;
    this.element.dataset.state = 'ready';
    this.missing.hidden = true;
    this.body.hidden = false;
    setText(this.title, row.name);
    setText(this.subtitle, subtitle(row));
    setText(
      this.holder,
      row.holder === null
        ? row.evidence.holder === 'unreadableRecord'
          ? l10n.t('(unreadable record: it is not vacant)')
          : l10n.t('(unreadable holder: it is not vacant)')
        : row.holder === ''
          ? l10n.t('(nobody: any candidate can acquire it at once)')
          : row.holder,
    );
    this.holder.classList.toggle('vacant', row.holder === null || row.holder === '');
    setText(this.acquired, row.acquireTime === null ? '–' : formatTimestamp(row.acquireTime));
    setText(this.transitions, row.transitions === null ? '–' : String(row.transitions));
    // Flags only when there are some: "none" above a listed problem would contradict it.
    const flags = [row.flapping ? l10n.t('flapping') : '', row.skew ? l10n.t('clock skew') : ''].filter(
      (f) => f !== '',
    );
    setText(this.flags, flags.length === 2 ? l10n.t('{0}, {1}', flags[0] ?? '', flags[1] ?? '') : (flags[0] ?? ''));
    this.flagsTerm.hidden = flags.length === 0;
    this.flags.parentElement!.hidden = flags.length === 0;
    this.problems.replaceChildren(...row.problems.map((p) => h('li', { text: p })));
    this.problems.hidden = row.problems.length === 0;

    this.record.replaceChildren(
      ...Object.entries(detail.record).map(([field, value]) =>
        h('tr', {}, [h('th', { text: field, attrs: { scope: 'row' } }), h('td', { text: recordValue(field, value) })]),
      ),
    );
    this.candidates.replaceChildren(
      ...detail.candidates.map((c) =>
        h(
          'tr',
          {},
          [
            c.name,
            c.binaryVersion ?? '–',
            c.emulationVersion ?? '–',
            c.strategy ?? '–',
            c.pingTime === null ? '–' : formatTimestamp(c.pingTime),
            c.renewTime === null ? '–' : formatTimestamp(c.renewTime),
          ].map((t) => h('td', { text: t })),
        ),
      ),
    );
    // Where the cluster serves no LeaseCandidates (or none exist), say nothing (docs/architecture.md#leasecandidates).
    this.candidatesSection.hidden = detail.candidates.length === 0;

    this.updateButtons();
    this.lockActions.show(detail);
    this.tick();
    const now = this.judging().now;
    this.charts.render(detail, now);
    for (const t of this.chartTables) t.update(detail, now);
    this.lastChartAdvance = Date.now();
  }

  writeFinished(key: string, ok: boolean, message: string): void {
    if (this.key !== key) return;
    this.pendingWrite = false;
    this.writeResult.className = `write-result ${ok ? 'ok' : 'failed'}`;
    setText(this.writeResult, message);
    this.updateButtons();
    // A keyboard user who answered VS Code's dialog continues where they were (the host gives the
    // panel the focus back); a button still disabled (a vacant lock after a release) leaves it to
    // the detail itself.
    const back = this.writeButton;
    this.writeButton = undefined;
    if (back === undefined) return;
    const target = (back as HTMLElement & { disabled: boolean }).disabled ? this.element : back;
    // The page may get the focus back before this message or after it (VS Code restores the
    // webview's focus on its own schedule): focus now, and again when the window gets it, unless
    // the user has put it somewhere meanwhile.
    const restore = (): void => {
      const active = document.activeElement;
      if (active === null || active === document.body || active === back) target.focus();
    };
    restore();
    window.addEventListener('focus', () => setTimeout(restore, 0), { once: true });
  }

  /** Live values; the timelines' right edge moves every few seconds. */
  tick(): void {
    const detail = this.detail;
    if (detail === undefined) return;
    const row = detail.row;
    const judging = this.judging();
    const { now } = judging;
    const state = lockState(row.evidence, now, judging.thresholds);
    if (this.health.dataset.health !== state.kind) this.health.dataset.health = state.kind;
    setText(this.health, state.summary);
    setText(this.reason, state.reason);
    this.reason.dataset.health = state.kind;
    const clock = state.takeover;
    this.ageFill.style.setProperty('--share', Math.max(0, Math.min(1, clock?.consumedShare ?? 0)).toFixed(3));
    this.ageFill.parentElement?.setAttribute('data-health', state.kind);
    const seen = row.observedTime === null ? undefined : now - row.observedTime;
    setText(
      this.ageText,
      seen === undefined || clock === undefined
        ? '–'
        : takeoverText(
            row.evidence.changeSeen,
            ago(seen, now),
            formatDuration(clock.leaseDurationMs),
            clock.expiresAt,
            now,
          ),
    );
    const record = row.renewTime === null ? undefined : now - row.renewTime;
    setText(
      this.recordAge,
      record === undefined
        ? '–'
        : record < -judging.thresholds.skewToleranceMs
          ? l10n.t(
              "{0} ahead of this machine's clock (clock skew: the holder's clock, an estimate)",
              formatDuration(-record),
            )
          : l10n.t("{0} (the holder's clock, an estimate)", ago(record, now)),
    );
    if (Date.now() - this.lastChartAdvance > 5000) {
      this.lastChartAdvance = Date.now();
      this.charts.advance(now);
    }
  }

  retheme(): void {
    this.charts.retheme();
  }

  private write(kind: 'release' | 'takeOver'): void {
    const key = this.key;
    if (key === null || this.detail === undefined || this.pendingWrite) return;
    this.pendingWrite = true;
    // Disabled while VS Code asks, the button loses the focus; remember it to give it back.
    this.writeButton = kind === 'release' ? this.releaseButton : this.takeOverButton;
    this.writeResult.className = 'write-result pending';
    setText(
      this.writeResult,
      kind === 'release'
        ? l10n.t('Release requested: confirm in VS Code…')
        : l10n.t('Take over requested: confirm in VS Code…'),
    );
    this.updateButtons();
    if (kind === 'release') this.events.release(key);
    else this.events.takeOver(key);
  }

  private updateButtons(): void {
    const row = this.detail?.row;
    const denied = row?.canWrite === false;
    const vacant = row?.holder === '';
    this.releaseButton.disabled = row === undefined || denied || vacant || this.pendingWrite;
    this.takeOverButton.disabled = row === undefined || denied || this.pendingWrite;
    setAttr(
      this.releaseButton,
      'title',
      denied
        ? l10n.t('Your access does not allow writing this lock')
        : vacant
          ? l10n.t('Nobody holds this lock')
          : l10n.t('Release: write an empty holder so any candidate can acquire it (asks first)'),
    );
    setAttr(
      this.takeOverButton,
      'title',
      denied
        ? l10n.t('Your access does not allow writing this lock')
        : l10n.t('Take over: acquire this lock for a new holder (asks first)'),
    );
    setText(this.writeNote, denied ? l10n.t('Your access does not allow writing this lock.') : '');
    this.writeNote.hidden = !denied;
  }
}

/** "Lease · shop · admin", with the lock's role when it is not an election. */
function subtitle(row: LockRow): string {
  switch (row.role) {
    case 'election':
      return l10n.t('{0} · {1} · {2}', row.kind, row.namespace, row.context);
    case 'node-heartbeat':
      return l10n.t('{0} · {1} · {2} · node heartbeat', row.kind, row.namespace, row.context);
    case 'apiserver-identity':
      return l10n.t('{0} · {1} · {2} · API server identity', row.kind, row.namespace, row.context);
    default:
      return l10n.t('{0} · {1} · {2} · other', row.kind, row.namespace, row.context);
  }
}

/** The takeover clock in the detail: what we saw, the lease, and when candidates may take over. */
function takeoverText(changeSeen: boolean, seen: string, lease: string, expiresAt: number, now: number): string {
  if (expiresAt <= now)
    return changeSeen
      ? l10n.t('last change seen {0} (lease {1}); candidates may take over now', seen, lease)
      : l10n.t('first seen {0} (lease {1}); candidates may take over now', seen, lease);
  const at = formatTimeOfDay(expiresAt, now);
  return changeSeen
    ? l10n.t('last change seen {0} (lease {1}); candidates may take over at {2}', seen, lease, at)
    : l10n.t('first seen {0} (lease {1}); candidates may take over at {2}', seen, lease, at);
}

function recordValue(field: string, value: string | number | null): string {
  if (value === null) return '–';
  if (typeof value === 'number' && TIME_FIELDS.test(field) && value > 1e11)
    return `${formatTimestamp(value)} (${value})`;
  return String(value);
}
