// The hover of a lock written in a YAML file: the record as the file has it (its renew age computed
// now), then, for each watched context that has the same lock, its live state and whether the
// file is out of date, with command links to act on it. Everything from the file or the cluster is
// escaped. Free of `vscode` so it is unit-tested in plain Node; the command links only work
// because leaseHoverProvider.ts trusts exactly these commands.

import * as l10n from '@vscode/l10n';
import { DEFAULT_SKEW_TOLERANCE_MS, formatSeconds, holderEvidence, type LockKey, type LockSnapshot } from '../../core';
import {
  ago,
  clockSkewSentence,
  healthText,
  holderText,
  renewAgeText,
  transitionsText,
} from '../shared/lockPresentation';
import { codeSpan, commandLink, escapeMarkdown } from '../shared/markdownText';
import type { YamlLock } from './yamlLocks';

/** The commands a hover may link to; the hover's MarkdownString trusts exactly these. */
export const HOVER_COMMANDS = {
  release: 'leaseLens.releaseLease',
  takeOver: 'leaseLens.takeOverLease',
  openDashboard: 'leaseLens.openDashboard',
} as const;

export interface LiveLock {
  readonly key: LockKey;
  readonly snapshot: LockSnapshot;
  /** From the RBAC check; undefined while not known (links are offered, the command decides). */
  readonly writable: boolean | undefined;
}

/** Why no live state is shown, when none is. */
export type LiveAvailability = 'untrusted' | 'notConnected' | 'connecting' | 'watched';

export interface LeaseHoverInput {
  readonly lock: YamlLock;
  readonly now: number;
  readonly live: readonly LiveLock[];
  readonly availability: LiveAvailability;
  /** The contexts looked in (for "not in any watched context"). */
  readonly contexts: readonly string[];
}

export function leaseHoverMarkdown(input: LeaseHoverInput): string {
  const { lock, now } = input;
  const v = lock.view;
  const r = v.record;
  const namespace = lock.namespaceGiven ? v.namespace : 'default';
  const lines: string[] = [];
  lines.push(l10n.t('**{0}** {1} — leader election record in this file', v.kind, codeSpan(`${namespace}/${v.name}`)));
  lines.push('');
  const facts: string[] = [];
  facts.push(
    l10n.t(
      'Holder: {0}',
      holderEvidence(v) === 'held' ? codeSpan(v.holder ?? '') : `*${escapeMarkdown(holderText(v))}*`,
    ),
  );
  if (r?.renewTime !== undefined)
    facts.push(
      r.renewTime.epochMs - now > DEFAULT_SKEW_TOLERANCE_MS
        ? l10n.t(
            "renewTime: {0} ({1}: ahead of this machine's clock, clock skew)",
            codeSpan(r.renewTime.text),
            escapeMarkdown(ago(now - r.renewTime.epochMs, now)),
          )
        : l10n.t(
            'renewTime: {0} ({1})',
            codeSpan(r.renewTime.text),
            escapeMarkdown(ago(now - r.renewTime.epochMs, now)),
          ),
    );
  if (r?.acquireTime !== undefined) facts.push(l10n.t('acquireTime: {0}', codeSpan(r.acquireTime.text)));
  if (r?.leaseDurationSeconds !== undefined)
    facts.push(l10n.t('Lease duration: {0}', escapeMarkdown(formatSeconds(r.leaseDurationSeconds))));
  if (r?.leaderTransitions !== undefined) facts.push(l10n.t('Transitions: {0}', r.leaderTransitions));
  for (const f of facts) lines.push(`- ${f}`);
  for (const p of v.problems) lines.push(`- ⚠ ${escapeMarkdown(p.message)}`);
  lines.push('');

  if (input.live.length === 0) {
    lines.push(escapeMarkdown(noLiveText(input, namespace)));
    return lines.join('\n');
  }
  for (const live of input.live) {
    const s = live.snapshot;
    const lv = s.lock.view;
    const when = [renewAgeText(lv.record, s.health, s.evidence.holder === 'vacant', now), transitionsText(lv.record)]
      .filter((x): x is string => x !== undefined)
      .join(', ');
    const liveHolder = s.evidence.holder === 'held' ? codeSpan(lv.holder ?? '') : escapeMarkdown(holderText(lv));
    lines.push(
      when
        ? l10n.t(
            '**Live** in context {0}: {1} — {2}; {3}',
            codeSpan(lv.context),
            liveHolder,
            escapeMarkdown(when),
            escapeMarkdown(healthText(s)),
          )
        : l10n.t('**Live** in context {0}: {1}; {2}', codeSpan(lv.context), liveHolder, escapeMarkdown(healthText(s))),
    );
    const skew = clockSkewSentence(s.health);
    if (skew !== undefined) lines.push('', `⚠ ${escapeMarkdown(skew)}`);
    lines.push('');
    lines.push(escapeMarkdown(outOfDateText(lock, s)));
    lines.push('');
    const links: string[] = [];
    if (live.writable !== false) {
      if (
        s.evidence.holder === 'held' ||
        s.evidence.holder === 'unreadableHolder' ||
        s.evidence.holder === 'unreadableRecord'
      )
        links.push(
          `[${l10n.t('Release…')}](${commandLink(HOVER_COMMANDS.release, [live.key])} "${l10n.t('Release this lock (asks first)')}")`,
        );
      links.push(
        `[${l10n.t('Take Over…')}](${commandLink(HOVER_COMMANDS.takeOver, [live.key])} "${l10n.t('Take this lock over (asks first)')}")`,
      );
    }
    links.push(`[${l10n.t('Open in Dashboard')}](${commandLink(HOVER_COMMANDS.openDashboard, [live.key])})`);
    lines.push(links.join(' · '));
    if (live.writable === false)
      lines.push('', escapeMarkdown(l10n.t('Your RBAC in context {0} does not allow writing this lock.', lv.context)));
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function noLiveText(input: LeaseHoverInput, namespace: string): string {
  switch (input.availability) {
    case 'untrusted':
      return l10n.t(
        'Live state: not shown in an untrusted workspace. Trust the workspace (or run a Lease Lens command) to connect.',
      );
    case 'notConnected':
      return l10n.t('Live state: Lease Lens is not connected to a cluster.');
    case 'connecting':
      return l10n.t('Live state: connecting…');
    case 'watched': {
      if (input.contexts.length === 0) return l10n.t('Live state: no cluster context is watched.');
      const lock = `${input.lock.view.kind} ${namespace}/${input.lock.view.name}`;
      return input.contexts.length === 1
        ? l10n.t('Live state: no {0} in context {1}.', lock, input.contexts.join(', '))
        : l10n.t('Live state: no {0} in contexts {1}.', lock, input.contexts.join(', '));
    }
  }
}

/** Whether the file still shows the record the cluster has. */
export function outOfDateText(lock: YamlLock, live: LockSnapshot): string {
  const file = lock.view;
  const lv = live.lock.view;
  if (file.fingerprint !== undefined && file.fingerprint === lv.fingerprint)
    return l10n.t('The file matches the live record.');
  const diffs: string[] = [];
  if ((file.holder ?? '') !== (lv.holder ?? '') || holderEvidence(file) !== holderEvidence(lv))
    diffs.push(l10n.t('holder {0} (file: {1})', holderText(lv), holderText(file)));
  const transitions = lv.record?.leaderTransitions;
  if (transitions !== file.record?.leaderTransitions && transitions !== undefined)
    diffs.push(
      file.record?.leaderTransitions === undefined
        ? l10n.t('{0} transitions (file: none)', transitions)
        : l10n.t('{0} transitions (file: {1})', transitions, file.record.leaderTransitions),
    );
  if (lv.record?.renewTime?.text !== file.record?.renewTime?.text) diffs.push(l10n.t('a newer renewTime'));
  return diffs.length === 0
    ? l10n.t('The file is out of date.')
    : l10n.t('The file is out of date: the cluster has {0}.', diffs.join(', '));
}
