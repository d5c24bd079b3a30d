// What the attention item, the view's badge and their tooltips say. Free of `vscode` so that the
// wording is unit-tested in plain Node; names and summaries from the cluster are escaped here (the
// MarkdownString draws no theme icons, and escaping turns `$(` into text).

import * as l10n from '@vscode/l10n';
import { ATTENTION_REASONS, attentionWord, type AttentionReason, type LockKey } from '../../core';
import { escapeMarkdown } from '../shared/markdownText';

/** One lock needing attention, as the tooltip lists it. */
export interface AttentionLine {
  readonly key: LockKey;
  readonly context: string;
  /** "Lease shop/payment-gateway". */
  readonly name: string;
  readonly reason: AttentionReason;
  /** The row's summary of its state ("probably stopped: expired 2h ago by its record"). */
  readonly summary: string;
}

/** Locks listed in the tooltip; the rest are counted. */
export const MAX_TOOLTIP_LINES = 12;

export function attentionCountText(count: number): string {
  return count === 1 ? l10n.t('1 lock needs attention') : l10n.t('{0} locks need attention', count);
}

/** The status bar item's text (with a theme icon). */
export function attentionItemText(count: number, everyContextDisconnected: boolean): string {
  if (count > 0) return `$(warning) ${attentionCountText(count)}`;
  if (everyContextDisconnected) return `$(debug-disconnect) ${l10n.t('Leader elections: disconnected')}`;
  return `$(pass) ${l10n.t('Leader elections OK')}`;
}

/** Most urgent first, then by context and name. */
export function sortLines(lines: readonly AttentionLine[]): AttentionLine[] {
  const rank = (r: AttentionReason) => ATTENTION_REASONS.indexOf(r);
  return [...lines].sort(
    (a, b) => rank(a.reason) - rank(b.reason) || a.context.localeCompare(b.context) || a.name.localeCompare(b.name),
  );
}

/** The tooltip: the locks needing attention (the most urgent first), and what is not counted. */
export function attentionTooltip(lines: readonly AttentionLine[], disconnected: readonly string[]): string {
  const out: string[] = [];
  const sorted = sortLines(lines);
  out.push(
    lines.length === 0
      ? `**${l10n.t('No leader election needs attention.')}**`
      : `**${attentionCountText(lines.length)}**`,
  );
  if (sorted.length > 0) {
    out.push('');
    for (const l of sorted.slice(0, MAX_TOOLTIP_LINES))
      out.push(
        `- ${l10n.t('{0} ({1}) — {2}', escapeMarkdown(l.name), escapeMarkdown(l.context), escapeMarkdown(l.summary))}`,
      );
    if (sorted.length > MAX_TOOLTIP_LINES) out.push(`- ${l10n.t('… and {0} more', sorted.length - MAX_TOOLTIP_LINES)}`);
    out.push('', l10n.t('Click to see them in the dashboard.'));
  }
  if (disconnected.length > 0) {
    const names = disconnected.map((c) => escapeMarkdown(c)).join(', ');
    out.push(
      '',
      disconnected.length === 1
        ? l10n.t('Not judged: {0} is disconnected.', names)
        : l10n.t('Not judged: {0} are disconnected.', names),
    );
  }
  out.push(
    '',
    l10n.t(
      "Counted: {0}. Node heartbeats and API server identities are not (the tree's groups count them).",
      ATTENTION_REASONS.map((r) => attentionWord(r)).join(', '),
    ),
  );
  return out.join('\n');
}
