// Says a leadership change of the selected lock out loud: a screen reader user watching one lock
// hears "Leadership of payment-gateway changed: now held by b-7d9f…, was a-5c2e…" when it
// happens, through a polite aria-live region (visually hidden; the detail shows it anyway).

import type { LockRow } from '../src/protocol';
import { h, setText } from './dom';
import { leadershipChangeText } from './leadershipText';

export class LeadershipAnnouncer {
  readonly element: HTMLElement;
  private followed: LockRow | undefined;

  constructor() {
    this.element = h('div', {
      id: 'leadership-announcer',
      className: 'visually-hidden',
      attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
    });
  }

  /** The selected lock changed (or was closed): remember its holder, say nothing. */
  follow(row: LockRow | undefined): void {
    this.followed = row;
  }

  /** A newer version of a row arrived: announced when it is the followed lock's and its holder changed. */
  seen(row: LockRow): void {
    const before = this.followed;
    if (before === undefined || before.key !== row.key) return;
    this.followed = row;
    const text = leadershipChangeText(before, row);
    if (text !== undefined) setText(this.element, text);
  }
}
