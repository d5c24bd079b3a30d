// What an alert on a watched lock says, in a notification and in the output channel. Free of
// `vscode` so the wording is unit-tested in plain Node. Holders and names come from the cluster:
// they go through displayText (a line break in an identity must not fake a line of the message).

import * as l10n from '@vscode/l10n';
import {
  displayText,
  formatDuration,
  isLockAlert,
  iso,
  parseLockKey,
  type AlertDelivery,
  type AlertEvent,
  type LockAlert,
  type SuppressedWhy,
} from '../../core';
import { lockName } from '../writes/writeConfirmation';

function nameOf(key: string): string {
  const parts = parseLockKey(key);
  return displayText(parts === undefined ? key : lockName(parts));
}

function who(holder: string | undefined): string {
  return holder === undefined || holder === '' ? l10n.t('nobody') : displayText(holder);
}

/** One alert as a sentence, without the lock's name when `named` is false (summaries list names). */
export function alertSentence(e: AlertEvent, named = true): string {
  if (!isLockAlert(e)) {
    const context = displayText(e.context);
    const locks = e.watched === 1 ? l10n.t('1 watched lock') : l10n.t('{0} watched locks', e.watched);
    if (e.kind === 'reconnected')
      return l10n.t('Context {0} is connected again: its {1} are watched again.', context, locks);
    return e.reason === undefined
      ? l10n.t('Lost the connection to context {0}: nothing is known of its {1} until it is back.', context, locks)
      : l10n.t(
          'Lost the connection to context {0}: nothing is known of its {1} until it is back ({2}).',
          context,
          locks,
          displayText(e.reason, 300),
        );
  }
  const body = lockAlertSentence(e);
  return named ? l10n.t('{0}: {1}', nameOf(e.key), body) : body;
}

/** Whole sentences for each case, so that a translation can order and agree its words. */
function lockAlertSentence(e: LockAlert): string {
  switch (e.kind) {
    case 'leaderChanged':
      return e.afterStopMs === undefined
        ? l10n.t('{0} took over from {1}.', who(e.holder), who(e.previousHolder))
        : l10n.t(
            '{0} took over from {1}, {2} after {1} stopped renewing.',
            who(e.holder),
            who(e.previousHolder),
            formatDuration(e.afterStopMs),
          );
    case 'flapping':
      return e.leaders === undefined
        ? l10n.t(
            'the election is flapping — holders keep losing the lock (a crash loop, an overloaded API server, or a lease too short for the latency).',
          )
        : l10n.t(
            'the election is flapping: {0} leaders in 10 minutes — holders keep losing the lock (a crash loop, an overloaded API server, or a lease too short for the latency).',
            e.leaders,
          );
    case 'stopped': {
      const holder = who(e.holder);
      const ago = e.since === undefined ? undefined : formatDuration(e.at - e.since);
      if (e.stopped === 'probablyStopped')
        return ago === undefined
          ? l10n.t(
              '{0} has probably stopped: no renewal seen and its record ran out, and no standby has taken over.',
              holder,
            )
          : l10n.t(
              '{0} has probably stopped: no renewal seen and its record ran out ({1} ago), and no standby has taken over.',
              holder,
              ago,
            );
      return ago === undefined
        ? l10n.t('{0} stopped renewing: the lease expired, and no standby has taken over.', holder)
        : l10n.t('{0} stopped renewing: the lease expired ({1} ago), and no standby has taken over.', holder, ago);
    }
    case 'recovered':
      return e.recoveredFrom === 'flapping'
        ? l10n.t('no longer flapping: {0} holds it and renews.', who(e.holder))
        : l10n.t('{0} is renewing again.', who(e.holder));
  }
}

/** The notification's text. */
export function deliveryMessage(d: AlertDelivery): string {
  if (d.type === 'single') return l10n.t('Lease Lens: {0}', alertSentence(d.event));
  const names = d.events.filter(isLockAlert).map((e) => nameOf(e.key));
  const first = names.slice(0, 4).join(', ');
  const shown = names.length > 4 ? l10n.t('{0} and {1} more', first, names.length - 4) : first;
  const n = d.events.length;
  const context = displayText(d.context);
  switch (d.kind) {
    case 'leaderChanged':
      return l10n.t(
        'Lease Lens: {0} watched locks in context {1} changed leader at once: {2}. Details in the output channel.',
        n,
        context,
        shown,
      );
    case 'flapping':
      return l10n.t(
        'Lease Lens: {0} watched locks in context {1} are flapping at once: {2}. Details in the output channel.',
        n,
        context,
        shown,
      );
    case 'stopped':
      return l10n.t(
        'Lease Lens: {0} watched locks in context {1} stopped renewing at once: {2}. Details in the output channel.',
        n,
        context,
        shown,
      );
    case 'recovered':
      return l10n.t(
        'Lease Lens: {0} watched locks in context {1} recovered at once: {2}. Details in the output channel.',
        n,
        context,
        shown,
      );
    case 'disconnected':
      return l10n.t(
        'Lease Lens: {0} watched locks in context {1} lost their connection at once: {2}. Details in the output channel.',
        n,
        context,
        shown,
      );
    case 'reconnected':
      return l10n.t(
        'Lease Lens: {0} watched locks in context {1} are connected again at once: {2}. Details in the output channel.',
        n,
        context,
        shown,
      );
  }
}

export type AlertStatus = 'notified' | 'summarized' | SuppressedWhy;

const STATUS_WORDS: Record<AlertStatus, string> = {
  notified: 'notified',
  summarized: 'notified in a summary',
  rateLimited: 'not notified: told less than a minute ago (one per lock per kind per minute)',
  disabled: 'not notified: turned off in leaseLens.alerts',
  folded: 'not notified: part of the flapping alert',
};

/** The output channel's line: every alert, shown or not, with its time. */
export function alertLogLine(e: AlertEvent, status: AlertStatus): string {
  const subject = isLockAlert(e) ? `${e.key}` : `context ${e.context}`;
  return `alert at ${iso(e.at)} [${e.kind}] ${subject}: ${alertSentence(e)} — ${STATUS_WORDS[status]}`;
}

/** The lock a single alert is about, for its actions. */
export function alertLock(d: AlertDelivery): LockAlert | undefined {
  return d.type === 'single' && isLockAlert(d.event) ? d.event : undefined;
}
