// Which locks need an operator's attention, and why: the one rule behind the status bar's count,
// the view's badge, the tree's "only locks needing attention" filter, the dashboard's filter and
// the walkthrough's step. It is the liveness verdict (lockLiveness.ts) read for one question —
// "should someone look at this?" — so every surface agrees with the state it draws:
//
//  1. Elections only. Node heartbeats and API server identity Leases are not elections: a node
//     that stopped renewing is the node controller's business (it marks the node NotReady and
//     kubectl says so), and a cluster of 65,000 nodes always has a few. Counting them would keep
//     the item warning for ever and bury the lock that matters; the tree's "Node heartbeats (N,
//     K stale)" group still counts them.
//  2. A disconnected context tells nothing about its locks now: they do not count (the context's
//     own row says it is disconnected), whatever they were before.
//  3. Needs attention: expired while held, probably stopped, flapping, a MultiLock whose halves
//     disagree, an unreadable holder or record, another problem with the record, and clock skew
//     (a renewTime ahead of our clock, or a renewal seen whose renewTime is far from when we saw
//     it). Expiring alone does not: a renewal a little late is not an incident, and a holder that
//     does not renew becomes expired a moment later.
//
// The verdict changes with time alone (a held lock expires, a record runs out, a renewTime in the
// future stops being ahead): attentionRecheckAt says when it next may, so a count over thousands
// of locks is kept by rechecking each lock when due rather than all of them every second.

import * as l10n from '@vscode/l10n';
import { clockSkew } from './lockHealth';
import { DEFAULT_THRESHOLDS, lockVerdict, type LockEvidence, type LockThresholds } from './lockLiveness';
import type { LockRole } from './lockView';

export type AttentionReason =
  'expired' | 'probablyStopped' | 'flapping' | 'halvesDisagree' | 'unreadable' | 'problem' | 'clockSkew';

/** In the order lists show them: the most urgent first. */
export const ATTENTION_REASONS: readonly AttentionReason[] = [
  'expired',
  'probablyStopped',
  'flapping',
  'halvesDisagree',
  'unreadable',
  'problem',
  'clockSkew',
];

/** The reason as a list says it. */
/** A reason in words, in the display language (the attention item's tooltip lists them). */
export function attentionWord(reason: AttentionReason): string {
  switch (reason) {
    case 'expired':
      return l10n.t('expired while held');
    case 'probablyStopped':
      return l10n.t('probably stopped');
    case 'flapping':
      return l10n.t('flapping');
    case 'halvesDisagree':
      return l10n.t('MultiLock halves disagree');
    case 'unreadable':
      return l10n.t('unreadable record');
    case 'problem':
      return l10n.t('problem with the record');
    case 'clockSkew':
      return l10n.t('clock skew');
  }
}

/** Whether a role's locks are judged at all (see 1. above). */
export function countsForAttention(role: LockRole): boolean {
  return role === 'election' || role === 'other';
}

/**
 * Why the lock needs attention at `now`, or undefined when it does not. `role` undefined means an
 * election (the webview passes its row's role mapped back, the host the view's).
 */
export function lockAttention(
  e: LockEvidence,
  now: number,
  t: LockThresholds = DEFAULT_THRESHOLDS,
  role: LockRole = 'election',
): AttentionReason | undefined {
  if (!countsForAttention(role) || e.stale) return undefined;
  const v = lockVerdict(e, now, t);
  switch (v.kind) {
    case 'expired':
    case 'probablyStopped':
    case 'flapping':
    case 'unreadable':
      return v.kind;
    case 'problem':
      return e.halvesDisagree !== null ? 'halvesDisagree' : 'problem';
    case 'renewing':
    case 'notSeenRenewing':
    case 'expiring':
      return evidenceSkew(e, now, t) ? 'clockSkew' : undefined;
    case 'vacant':
    case 'stale':
    case 'unknown':
      return undefined;
  }
}

/** Clock skew by the evidence, as the health's `clockSkew` judges it. */
export function evidenceSkew(e: LockEvidence, now: number, t: LockThresholds = DEFAULT_THRESHOLDS): boolean {
  return clockSkew(e.renewTimeMs ?? undefined, e.witnessedSkewMs ?? undefined, now, t.skewToleranceMs) !== undefined;
}

/** A flapping election stops flapping when its oldest change leaves the window: evidence without `until` does not say when. */
export const FLAPPING_RECHECK_MS = 15_000;

/** However steady the evidence, look again this often. */
export const MAX_RECHECK_MS = 60_000;

/**
 * The earliest time after `now` at which lockAttention may answer differently for the same
 * evidence: the takeover clock running out, the record running out beyond the skew tolerance
 * (shifted by the context's offset), a renewTime in the future no longer ahead, a flapping
 * election's oldest change leaving the window. At most MAX_RECHECK_MS ahead. The context's clock
 * offset moves with other locks' renewals: the index re-judges the locks it matters to
 * (offsetSensitive) when it moves.
 */
export function attentionRecheckAt(
  e: LockEvidence,
  now: number,
  t: LockThresholds = DEFAULT_THRESHOLDS,
  role: LockRole = 'election',
): number {
  let next = now + (e.flapping !== null && e.flapping.until === undefined ? FLAPPING_RECHECK_MS : MAX_RECHECK_MS);
  if (!countsForAttention(role) || e.stale) return next;
  // The verdict may change at a boundary (or a millisecond after it, for its strict comparisons):
  // look again at the boundary, and once more just after it when that is now.
  const consider = (boundary: number): void => {
    const at = boundary > now ? boundary : boundary === now ? now + 1 : Infinity;
    if (at < next) next = at;
  };
  if (e.flapping?.until !== undefined) consider(e.flapping.until);
  const lease = e.leaseDurationMs;
  if (e.observedTime !== null) consider(e.observedTime + (lease ?? 0));
  if (e.renewTimeMs !== null) {
    consider(e.renewTimeMs - t.skewToleranceMs);
    if (lease !== null) {
      consider(e.renewTimeMs + lease + t.skewToleranceMs);
      if (e.contextOffsetMs !== null) consider(e.renewTimeMs + lease + t.skewToleranceMs - e.contextOffsetMs);
    }
  }
  return next;
}

/**
 * Whether the verdict depends on the context's clock offset: never seen to change, with a record
 * that says when it would run out (the offset decides between probably stopped and clock skew).
 */
export function offsetSensitive(e: LockEvidence): boolean {
  return !e.changeSeen && e.renewTimeMs !== null && e.leaseDurationMs !== null;
}
