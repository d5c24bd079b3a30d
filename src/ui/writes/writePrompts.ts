// The questions a write asks: the modal confirmation and the new holder's identity. They sit behind
// one small interface so the extension-host tests can answer them (a modal dialog cannot be
// clicked from there); the real ones are VS Code's modal warning and a quick pick.

import * as vscode from 'vscode';
import type { LockKey } from '../../core';
import type { ConfirmRequest } from './writeConfirmation';

export interface IdentityRequest {
  readonly key: LockKey;
  /** "Lease ns/name". */
  readonly lockName: string;
  readonly currentHolder: string | undefined;
  /** leaseLens.defaultTakeoverIdentity, or lease-lens-<user>. */
  readonly defaultIdentity: string;
  /** The lock's LeaseCandidates (coordinated election: a candidate's name is its identity). */
  readonly candidates: readonly string[];
  /** Holders seen earlier in the lock's history, newest first. */
  readonly recentHolders: readonly string[];
}

export interface WritePrompts {
  /** Shows the confirmation; true only when the operator pressed the request's button. */
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** Asks who takes the lock over; undefined when cancelled. */
  holderIdentity(request: IdentityRequest): Promise<string | undefined>;
}

export const modalPrompts: WritePrompts = {
  async confirm(request) {
    const answer = await vscode.window.showWarningMessage(
      request.message,
      { modal: true, detail: request.detail },
      request.button,
    );
    return answer === request.button;
  },
  holderIdentity: pickIdentity,
};

interface IdentityItem extends vscode.QuickPickItem {
  readonly identity: string;
}

function pickIdentity(request: IdentityRequest): Promise<string | undefined> {
  const fixed: IdentityItem[] = [];
  const seen = new Set<string>();
  const add = (identity: string, description: string): void => {
    if (identity === '' || seen.has(identity)) return;
    seen.add(identity);
    fixed.push({ label: identity, identity, description });
  };
  add(request.defaultIdentity, vscode.l10n.t('default (setting leaseLens.defaultTakeoverIdentity)'));
  for (const c of request.candidates) add(c, vscode.l10n.t('LeaseCandidate of this lock'));
  for (const h of request.recentHolders)
    if (h !== request.currentHolder) add(h, vscode.l10n.t('held this lock earlier'));

  const pick = vscode.window.createQuickPick<IdentityItem>();
  pick.title = vscode.l10n.t('Take over {0}', request.lockName);
  pick.placeholder = vscode.l10n.t('Identity of the new holder (pick one or type another)');
  pick.items = fixed;
  pick.matchOnDescription = true;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items =
      typed === '' || seen.has(typed)
        ? fixed
        : [
            { label: typed, identity: typed, description: vscode.l10n.t('the identity you typed'), alwaysShow: true },
            ...fixed,
          ];
  });
  return new Promise<string | undefined>((resolve) => {
    let result: string | undefined;
    pick.onDidAccept(() => {
      result = pick.selectedItems[0]?.identity ?? (pick.value.trim() || undefined);
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}
