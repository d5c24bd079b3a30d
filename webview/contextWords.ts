// A context's connection state as the page words it (chips, tooltips).

import * as l10n from '@vscode/l10n';
import type { ContextRow } from '../src/protocol';

export function contextStateWord(state: ContextRow['state']): string {
  switch (state) {
    case 'connecting':
      return l10n.t('connecting');
    case 'connected':
      return l10n.t('connected');
    case 'disconnected':
      return l10n.t('disconnected');
    case 'forbidden':
      return l10n.t('forbidden');
    case 'unauthorized':
      return l10n.t('unauthorized');
    case 'credentials':
      return l10n.t('sign-in needed');
    case 'error':
      return l10n.t('error');
    default:
      return String(state);
  }
}
