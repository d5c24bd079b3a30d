// The hover of a lock written in a YAML file: the record as the file has it (its renew age computed
// now), then, for each watched context that has the same lock, its live state and whether the
// file is out of date, with command links to act on it. Everything from the file or the cluster is
// escaped. Free of `vscode` so it is unit-tested in plain Node; the command links only work
// because leaseHoverProvider.ts trusts exactly these commands.

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
  lines.push(`**${v.kind}** ${codeSpan(`${namespace}/${v.name}`)} — leader election record in this file`);
  lines.push('');
  const facts: string[] = [];
  facts.push(
    `Holder: ${holderEvidence(v) === 'held' ? codeSpan(v.holder ?? '') : `*${escapeMarkdown(holderText(v))}*`}`,
  );
  if (r?.renewTime !== undefined)
    facts.push(
      `renewTime: ${codeSpan(r.renewTime.text)} (${escapeMarkdown(ago(now - r.renewTime.epochMs, now))}${r.renewTime.epochMs - now > DEFAULT_SKEW_TOLERANCE_MS ? ": ahead of this machine's clock, clock skew" : ''})`,
    );
  if (r?.acquireTime !== undefined) facts.push(`acquireTime: ${codeSpan(r.acquireTime.text)}`);
  if (r?.leaseDurationSeconds !== undefined)
    facts.push(`Lease duration: ${escapeMarkdown(formatSeconds(r.leaseDurationSeconds))}`);
  if (r?.leaderTransitions !== undefined) facts.push(`Transitions: ${r.leaderTransitions}`);
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
    lines.push(
      `**Live** in context ${codeSpan(lv.context)}: ${s.evidence.holder === 'held' ? codeSpan(lv.holder ?? '') : escapeMarkdown(holderText(lv))}${when ? ` — ${escapeMarkdown(when)}` : ''}; ${escapeMarkdown(healthText(s))}`,
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
        links.push(`[Release…](${commandLink(HOVER_COMMANDS.release, [live.key])} "Release this lock (asks first)")`);
      links.push(
        `[Take Over…](${commandLink(HOVER_COMMANDS.takeOver, [live.key])} "Take this lock over (asks first)")`,
      );
    }
    links.push(`[Open in Dashboard](${commandLink(HOVER_COMMANDS.openDashboard, [live.key])})`);
    lines.push(links.join(' · '));
    if (live.writable === false)
      lines.push('', escapeMarkdown(`Your RBAC in context ${lv.context} does not allow writing this lock.`));
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function noLiveText(input: LeaseHoverInput, namespace: string): string {
  switch (input.availability) {
    case 'untrusted':
      return 'Live state: not shown in an untrusted workspace. Trust the workspace (or run a Lease Lens command) to connect.';
    case 'notConnected':
      return 'Live state: Lease Lens is not connected to a cluster.';
    case 'connecting':
      return 'Live state: connecting…';
    case 'watched':
      return input.contexts.length === 0
        ? 'Live state: no cluster context is watched.'
        : `Live state: no ${input.lock.view.kind} ${namespace}/${input.lock.view.name} in ${input.contexts.length === 1 ? 'context' : 'contexts'} ${input.contexts.join(', ')}.`;
  }
}

/** Whether the file still shows the record the cluster has. */
export function outOfDateText(lock: YamlLock, live: LockSnapshot): string {
  const file = lock.view;
  const lv = live.lock.view;
  if (file.fingerprint !== undefined && file.fingerprint === lv.fingerprint) return 'The file matches the live record.';
  const diffs: string[] = [];
  if ((file.holder ?? '') !== (lv.holder ?? '') || holderEvidence(file) !== holderEvidence(lv))
    diffs.push(`holder ${holderText(lv)} (file: ${holderText(file)})`);
  const transitions = lv.record?.leaderTransitions;
  if (transitions !== file.record?.leaderTransitions && transitions !== undefined)
    diffs.push(`${transitions} transitions (file: ${file.record?.leaderTransitions ?? 'none'})`);
  if (lv.record?.renewTime?.text !== file.record?.renewTime?.text) diffs.push('a newer renewTime');
  return diffs.length === 0
    ? 'The file is out of date.'
    : `The file is out of date: the cluster has ${diffs.join(', ')}.`;
}
