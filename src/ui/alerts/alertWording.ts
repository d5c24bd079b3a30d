// What an alert on a watched lock says, in a notification and in the output channel. Free of
// `vscode` so the wording is unit-tested in plain Node. Holders and names come from the cluster:
// they go through displayText (a line break in an identity must not fake a line of the message).

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
  return holder === undefined || holder === '' ? 'nobody' : displayText(holder);
}

/** One alert as a sentence, without the lock's name when `named` is false (summaries list names). */
export function alertSentence(e: AlertEvent, named = true): string {
  if (!isLockAlert(e)) {
    const locks = e.watched === 1 ? '1 watched lock' : `${e.watched} watched locks`;
    return e.kind === 'disconnected'
      ? `Lost the connection to context ${displayText(e.context)}: nothing is known of its ${locks} until it is back${e.reason === undefined ? '' : ` (${displayText(e.reason, 300)})`}.`
      : `Context ${displayText(e.context)} is connected again: its ${locks} are watched again.`;
  }
  const name = named ? `${nameOf(e.key)}: ` : '';
  switch (e.kind) {
    case 'leaderChanged':
      return `${name}${who(e.holder)} took over from ${who(e.previousHolder)}${e.afterStopMs === undefined ? '' : `, ${formatDuration(e.afterStopMs)} after ${who(e.previousHolder)} stopped renewing`}.`;
    case 'flapping':
      return `${name}the election is flapping${e.leaders === undefined ? '' : `: ${e.leaders} leaders in 10 minutes`} — holders keep losing the lock (a crash loop, an overloaded API server, or a lease too short for the latency).`;
    case 'stopped':
      return `${name}${who(e.holder)} ${e.stopped === 'probablyStopped' ? 'has probably stopped: no renewal seen and its record ran out' : 'stopped renewing: the lease expired'}${e.since === undefined ? '' : ` (${formatDuration(e.at - e.since)} ago)`}, and no standby has taken over.`;
    case 'recovered':
      return e.recoveredFrom === 'flapping'
        ? `${name}no longer flapping: ${who(e.holder)} holds it and renews.`
        : `${name}${who(e.holder)} is renewing again.`;
  }
}

/** The notification's text. */
export function deliveryMessage(d: AlertDelivery): string {
  if (d.type === 'single') return `Lease Lens: ${alertSentence(d.event)}`;
  const names = d.events.filter(isLockAlert).map((e) => nameOf(e.key));
  const shown = names.slice(0, 4).join(', ');
  const more = names.length > 4 ? ` and ${names.length - 4} more` : '';
  const what: Record<AlertEvent['kind'], string> = {
    leaderChanged: 'changed leader',
    flapping: 'are flapping',
    stopped: 'stopped renewing',
    recovered: 'recovered',
    disconnected: 'lost their connection',
    reconnected: 'are connected again',
  };
  return `Lease Lens: ${d.events.length} watched locks in context ${displayText(d.context)} ${what[d.kind]} at once: ${shown}${more}. Details in the output channel.`;
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
