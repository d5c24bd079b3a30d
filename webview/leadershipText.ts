// The words the dashboard says when the selected lock changes hands (pure: unit-tested in Node).

import * as l10n from '@vscode/l10n';
import type { LockRow } from '../src/protocol';
import { shortIdentity } from '../src/core/identityText';

function holderWords(holder: string | null): string {
  if (holder === null) return l10n.t('an unreadable holder');
  return holder === '' ? l10n.t('nobody') : shortIdentity(holder);
}

/** The sentence for a change of holder between two versions of one lock's row, if it changed. */
export function leadershipChangeText(before: LockRow, after: LockRow): string | undefined {
  if (before.key !== after.key || before.holder === after.holder) return undefined;
  // Whole sentences, so that a translation can order and agree its words.
  const was = holderWords(before.holder);
  if (after.holder === '')
    return l10n.t('Leadership of {0} changed: released, nobody holds it, was {1}.', after.name, was);
  if (after.holder === null)
    return l10n.t('Leadership of {0} changed: its holder cannot be read, was {1}.', after.name, was);
  return l10n.t('Leadership of {0} changed: now held by {1}, was {2}.', after.name, holderWords(after.holder), was);
}
