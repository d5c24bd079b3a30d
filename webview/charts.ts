// The detail view's three charts. Only the chart.js pieces used here are registered, so the rest
// of chart.js is tree-shaken out of the bundle. Time runs on a linear axis in epoch milliseconds
// with our own tick labels: no date adapter. Everything is drawn on canvas, so holder names in
// legends and tooltips are text, never markup. Colours are read from the theme when a chart is
// built; on a theme change the charts are rebuilt.

import * as l10n from '@vscode/l10n';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
  type Plugin,
} from 'chart.js';
import type { LockDetail } from '../src/protocol';
import { formatClock, formatInterval } from '../src/core/durations';
import { readTheme, type ThemeColors } from './theme';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  LinearScale,
  CategoryScale,
  Tooltip,
  Legend,
);

interface Point {
  readonly x: number;
  readonly y: number;
}

interface Span {
  readonly x: [number, number];
  readonly y: string;
}

export interface ChartCanvases {
  readonly renewals: HTMLCanvasElement;
  readonly leadership: HTMLCanvasElement;
  readonly transitions: HTMLCanvasElement;
}

function holderLabel(holder: string): string {
  return holder === '' ? l10n.t('(nobody)') : holder;
}

function timeAxis(theme: ThemeColors, min: number, max: number): NonNullable<ChartOptions<'line'>['scales']>[string] {
  return {
    type: 'linear',
    min,
    max,
    ticks: { color: theme.muted, maxRotation: 0, autoSkipPadding: 16, callback: (value) => formatClock(Number(value)) },
    grid: { color: theme.grid },
    border: { color: theme.grid },
  };
}

function baseOptions(theme: ThemeColors): ChartOptions<'line'> & ChartOptions<'bar'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    color: theme.foreground,
    font: { family: theme.fontFamily },
    plugins: {
      legend: { labels: { color: theme.foreground, boxWidth: 12, boxHeight: 2 } },
      tooltip: {
        backgroundColor: theme.background,
        titleColor: theme.foreground,
        bodyColor: theme.foreground,
        borderColor: theme.grid,
        borderWidth: 1,
      },
    },
  };
}

/** Observed renew intervals against the lease duration and the renew deadline. */
function renewalsConfig(
  detail: LockDetail,
  now: number,
  theme: ThemeColors,
): { data: { datasets: ChartDataset<'line', Point[]>[] }; options: ChartOptions<'line'> } {
  const points = detail.renewals.map((r) => ({ x: r.time, y: r.intervalMs / 1000 }));
  const min = points.length > 0 ? Math.min(...points.map((p) => p.x)) : now - 60_000;
  const max = Math.max(now, min + 1000);
  const datasets: ChartDataset<'line', Point[]>[] = [
    {
      label: l10n.t('Renew interval (s)'),
      data: points,
      borderColor: theme.blue,
      backgroundColor: theme.blue,
      borderWidth: 1.5,
      pointRadius: 2,
      tension: 0,
    },
  ];
  const duration = detail.row.leaseDurationSeconds;
  if (duration !== null) {
    datasets.push({
      label: l10n.t('Lease duration'),
      data: [
        { x: min, y: duration },
        { x: max, y: duration },
      ],
      borderColor: theme.red,
      backgroundColor: theme.red,
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
    });
  }
  if (detail.renewDeadlineSeconds !== null) {
    datasets.push({
      label: l10n.t('Renew deadline'),
      data: [
        { x: min, y: detail.renewDeadlineSeconds },
        { x: max, y: detail.renewDeadlineSeconds },
      ],
      borderColor: theme.yellow,
      backgroundColor: theme.yellow,
      borderDash: [2, 3],
      borderWidth: 1.5,
      pointRadius: 0,
    });
  }
  const base = baseOptions(theme);
  return {
    data: { datasets },
    options: {
      ...base,
      parsing: false,
      scales: {
        x: timeAxis(theme, min, max),
        y: {
          type: 'linear',
          beginAtZero: true,
          ticks: { color: theme.muted },
          grid: { color: theme.grid },
          border: { color: theme.grid },
          title: { display: true, text: l10n.t('seconds'), color: theme.muted },
        },
      },
      plugins: {
        ...base.plugins,
        tooltip: {
          ...base.plugins?.tooltip,
          callbacks: {
            title: (items) => formatClock(items[0]?.parsed.x ?? 0),
            label: (item) => l10n.t('{0}: {1}', item.dataset.label ?? '', formatInterval((item.parsed.y ?? 0) * 1000)),
          },
        },
      },
    },
  };
}

/** Vertical dashed lines at each observed holder change, over whatever the chart shows. */
function transitionMarkers(times: () => readonly number[], color: () => string): Plugin<'bar'> {
  return {
    id: 'leaseLensTransitionMarkers',
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      if (x === undefined) return;
      const { top, bottom, left, right } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = color();
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      for (const t of times()) {
        const px = x.getPixelForValue(t);
        if (px < left || px > right) continue;
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

/** Who held the lock when: one floating bar per leadership segment, one row per holder. */
function leadershipConfig(
  detail: LockDetail,
  now: number,
  theme: ThemeColors,
): { data: { labels: string[]; datasets: ChartDataset<'bar', Span[]>[] }; options: ChartOptions<'bar'> } {
  const palette = [theme.blue, theme.green, theme.purple, theme.orange, theme.yellow, theme.red];
  const labels: string[] = [];
  for (const s of detail.leadership) if (!labels.includes(holderLabel(s.holder))) labels.push(holderLabel(s.holder));
  const spans: Span[] = detail.leadership.map((s) => ({
    x: [s.start, Math.max(s.start, s.end ?? now)],
    y: holderLabel(s.holder),
  }));
  const colors = detail.leadership.map((s) =>
    s.holder === '' ? theme.muted : (palette[labels.indexOf(holderLabel(s.holder)) % palette.length] ?? theme.blue),
  );
  const starts = [...spans.map((s) => s.x[0]), ...detail.transitions];
  const min = starts.length > 0 ? Math.min(...starts) : now - 60_000;
  const max = Math.max(now, min + 1000);
  const base = baseOptions(theme);
  return {
    data: {
      labels,
      datasets: [
        {
          label: l10n.t('Held by'),
          data: spans,
          backgroundColor: colors,
          borderColor: colors,
          borderWidth: theme.highContrast ? 1 : 0,
          barPercentage: 0.7,
          categoryPercentage: 0.9,
          borderSkipped: false,
          minBarLength: 2,
        },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      scales: {
        x: timeAxis(theme, min, max) as NonNullable<ChartOptions<'bar'>['scales']>[string],
        y: {
          type: 'category',
          ticks: { color: theme.foreground, callback: (_value, index) => truncate(labels[index] ?? '', 28) },
          grid: { display: false },
          border: { color: theme.grid },
        },
      },
      plugins: {
        ...base.plugins,
        legend: { display: false },
        tooltip: {
          ...base.plugins?.tooltip,
          callbacks: {
            title: (items) => {
              const index = items[0]?.dataIndex ?? 0;
              return spans[index]?.y ?? '';
            },
            label: (item) => {
              const segment = detail.leadership[item.dataIndex];
              if (segment === undefined) return '';
              const end = segment.end ?? now;
              return segment.end === null
                ? l10n.t('{0} – now ({1})', formatClock(segment.start), formatInterval(end - segment.start))
                : l10n.t(
                    '{0} – {1} ({2})',
                    formatClock(segment.start),
                    formatClock(end),
                    formatInterval(end - segment.start),
                  );
            },
          },
        },
      },
    },
  };
}

/** Observed holder changes, cumulative, as a step line. */
function transitionsConfig(
  detail: LockDetail,
  now: number,
  theme: ThemeColors,
): { data: { datasets: ChartDataset<'line', Point[]>[] }; options: ChartOptions<'line'> } {
  const times = [...detail.transitions].sort((a, b) => a - b);
  const first = detail.leadership[0]?.start;
  const start = Math.min(first ?? now - 60_000, times[0] ?? now);
  const points: Point[] = [
    { x: start, y: 0 },
    ...times.map((t, i) => ({ x: t, y: i + 1 })),
    { x: Math.max(now, start + 1000), y: times.length },
  ];
  const base = baseOptions(theme);
  return {
    data: {
      datasets: [
        {
          label: l10n.t('Holder changes observed'),
          data: points,
          borderColor: theme.orange,
          backgroundColor: theme.orange,
          stepped: 'after',
          borderWidth: 1.5,
          pointRadius: (ctx) => (ctx.dataIndex === 0 || ctx.dataIndex === points.length - 1 ? 0 : 3),
        },
      ],
    },
    options: {
      ...base,
      parsing: false,
      scales: {
        x: timeAxis(theme, start, Math.max(now, start + 1000)),
        y: {
          type: 'linear',
          beginAtZero: true,
          ticks: { color: theme.muted, precision: 0 },
          grid: { color: theme.grid },
          border: { color: theme.grid },
        },
      },
      plugins: {
        ...base.plugins,
        legend: { display: false },
        tooltip: {
          ...base.plugins?.tooltip,
          callbacks: {
            title: (items) => formatClock(items[0]?.parsed.x ?? 0),
            label: (item) => l10n.t('{0} change(s) so far', item.parsed.y ?? 0),
          },
        },
      },
    },
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export class DetailCharts {
  private renewals: Chart<'line', Point[]> | undefined;
  private leadership: Chart<'bar', Span[], string> | undefined;
  private transitions: Chart<'line', Point[]> | undefined;
  private last: { readonly detail: LockDetail; readonly now: number } | undefined;
  private markerTimes: readonly number[] = [];
  private markerColor = '';

  constructor(private readonly canvases: ChartCanvases) {}

  render(detail: LockDetail, now: number): void {
    this.last = { detail, now };
    const theme = readTheme();
    this.markerTimes = detail.transitions;
    this.markerColor = theme.red;
    const renewals = renewalsConfig(detail, now, theme);
    const leadership = leadershipConfig(detail, now, theme);
    const transitions = transitionsConfig(detail, now, theme);
    if (this.renewals === undefined || this.leadership === undefined || this.transitions === undefined) {
      this.destroy();
      this.last = { detail, now };
      this.renewals = new Chart(this.canvases.renewals, { type: 'line', ...renewals });
      this.leadership = new Chart(this.canvases.leadership, {
        type: 'bar',
        ...leadership,
        plugins: [
          transitionMarkers(
            () => this.markerTimes,
            () => this.markerColor,
          ),
        ],
      });
      this.transitions = new Chart(this.canvases.transitions, { type: 'line', ...transitions });
    } else {
      this.renewals.data = renewals.data;
      this.renewals.options = renewals.options;
      this.renewals.update('none');
      this.leadership.data = leadership.data;
      this.leadership.options = leadership.options;
      this.leadership.update('none');
      this.transitions.data = transitions.data;
      this.transitions.options = transitions.options;
      this.transitions.update('none');
    }
    this.describe(detail, now);
  }

  /** Moves the timelines' right edge to now without new data. */
  advance(now: number): void {
    if (this.last !== undefined) this.render(this.last.detail, now);
  }

  /** Rebuilds with the theme's current colours. */
  retheme(): void {
    const last = this.last;
    this.destroy();
    if (last !== undefined) this.render(last.detail, last.now);
  }

  destroy(): void {
    this.renewals?.destroy();
    this.leadership?.destroy();
    this.transitions?.destroy();
    this.renewals = this.leadership = this.transitions = undefined;
    this.last = undefined;
  }

  /** Canvas is opaque to screen readers and to tests: say in text what each chart shows. */
  private describe(detail: LockDetail, now: number): void {
    const intervals = detail.renewals.map((r) => r.intervalMs);
    const med = median(intervals);
    this.canvases.renewals.setAttribute(
      'aria-label',
      detail.renewals.length === 0
        ? l10n.t('Renew intervals: none observed yet')
        : l10n.t(
            'Renew intervals: {0} observed, median {1}, lease duration {2} s',
            detail.renewals.length,
            formatInterval(med ?? 0),
            detail.row.leaseDurationSeconds ?? '?',
          ),
    );
    this.canvases.renewals.dataset.points = String(detail.renewals.length);
    const holders = new Set(detail.leadership.map((s) => s.holder));
    const current = detail.leadership.find((s) => s.end === null);
    this.canvases.leadership.setAttribute(
      'aria-label',
      current === undefined
        ? l10n.t('Leadership timeline: {0} segment(s), {1} holder(s)', detail.leadership.length, holders.size)
        : l10n.t(
            'Leadership timeline: {0} segment(s), {1} holder(s), {2} holding for {3}',
            detail.leadership.length,
            holders.size,
            holderLabel(current.holder),
            formatInterval(now - current.start),
          ),
    );
    this.canvases.leadership.dataset.points = String(detail.leadership.length);
    this.canvases.transitions.setAttribute(
      'aria-label',
      l10n.t('Holder changes observed: {0}', detail.transitions.length),
    );
    this.canvases.transitions.dataset.points = String(detail.transitions.length);
  }
}
