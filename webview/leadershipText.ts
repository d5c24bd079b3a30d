// The words the dashboard says when the selected lock changes hands (pure: unit-tested in Node).

import type { LockRow } from '../src/protocol';
import { shortIdentity } from '../src/core/identityText';

function holderWords(holder: string | null): string {
  if (holder === null) return 'an unreadable holder';
  return holder === '' ? 'nobody' : shortIdentity(holder);
}

/** The sentence for a change of holder between two versions of one lock's row, if it changed. */
export function leadershipChangeText(before: LockRow, after: LockRow): string | undefined {
  if (before.key !== after.key || before.holder === after.holder) return undefined;
  const now =
    after.holder === ''
      ? 'released, nobody holds it'
      : after.holder === null
        ? 'its holder cannot be read'
        : `now held by ${holderWords(after.holder)}`;
  return `Leadership of ${after.name} changed: ${now}, was ${holderWords(before.holder)}.`;
}
