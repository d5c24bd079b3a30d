// The full story of one lock as Markdown, for the tree item's tooltip and the status bar: the
// record, the lease duration, freshness as we observed it, warnings (clock skew, MultiLock,
// problems), candidates, and what the holder resolves to once asked. Every value from the cluster
// goes through codeSpan/escapeMarkdown. Free of `vscode` so it is unit-tested in plain Node.

import { formatDuration, formatSeconds, formatTimeOfDay, UNKNOWN_LEADER, type LockSnapshot } from '../../core';
import type { HolderResolution } from '../../cluster/holderResolver';
import { ago, clockSkewSentence, healthText, holderText, lockProblems } from './lockPresentation';
import { codeSpan, escapeMarkdown } from './markdownText';

/** What is known about where the holder runs: nothing yet, being looked up, or the answer. */
export type HolderLookup =
  | { readonly state: 'notAsked' }
  | { readonly state: 'resolving' }
  | { readonly state: 'done'; readonly resolution: HolderResolution };

export function lockTooltipMarkdown(
  s: LockSnapshot,
  now: number,
  holder: HolderLookup = { state: 'notAsked' },
): string {
  const v = s.lock.view;
  const r = v.record;
  const h = s.health;
  const lines: string[] = [];
  lines.push(`**${v.kind}** ${codeSpan(`${v.namespace}/${v.name}`)} in context ${codeSpan(v.context)}`);
  lines.push('');
  lines.push(escapeMarkdown(healthText(s)));
  lines.push('');

  const facts: string[] = [];
  facts.push(`Holder: ${holderMarkdown(s)}`);
  if (r?.renewTime !== undefined)
    facts.push(
      `Renewed: ${codeSpan(r.renewTime.text)} (${escapeMarkdown(ago(now - r.renewTime.epochMs, now))} by the holder's clock${h.clockSkew?.kind === 'renewInFuture' ? ", which is ahead of this machine's: clock skew" : ''})`,
    );
  if (r?.acquireTime !== undefined)
    facts.push(`Acquired: ${codeSpan(r.acquireTime.text)} (${escapeMarkdown(ago(now - r.acquireTime.epochMs, now))})`);
  if (r?.leaseDurationSeconds !== undefined)
    facts.push(`Lease duration: ${escapeMarkdown(formatSeconds(r.leaseDurationSeconds))}`);
  if (r?.leaderTransitions !== undefined) facts.push(`Transitions: ${r.leaderTransitions}`);
  if (h.observedAgeMs !== undefined) {
    facts.push(
      `Observed: ${escapeMarkdown(h.confirmed ? `last change seen ${ago(h.observedAgeMs, now)}` : `first seen ${ago(h.observedAgeMs, now)}, no change seen since`)}`,
    );
  }
  if (h.expiresAt !== undefined && h.status !== 'vacant') {
    facts.push(
      `Candidates may take over: ${escapeMarkdown(h.expiresAt > now ? `at ${formatTimeOfDay(h.expiresAt, now)}, in ${formatDuration(h.expiresAt - now)}` : `since ${ago(now - h.expiresAt, now)}`)} (client-go's rule, by our clock)`,
    );
  }
  if (r?.strategy !== undefined) facts.push(`Strategy: ${codeSpan(r.strategy)}`);
  if (r?.preferredHolder !== undefined) facts.push(`Preferred holder: ${codeSpan(r.preferredHolder)}`);
  if (v.resourceVersion !== undefined) facts.push(`resourceVersion: ${codeSpan(v.resourceVersion)}`);
  for (const f of facts) lines.push(`- ${f}`);

  const warnings: string[] = [];
  const skew = clockSkewSentence(h);
  if (skew !== undefined) warnings.push(skew);
  for (const p of lockProblems(s)) warnings.push(p);
  for (const p of v.problems) if (p.severity === 'warning') warnings.push(p.message);
  if (s.multiLock !== undefined && s.multiLock.agreement !== 'disagree') {
    const other = v.kind === 'Lease' ? s.multiLock.primary : s.multiLock.secondary;
    warnings.push(
      `MultiLock: paired with the ${other.kind} of the same name (${s.multiLock.agreement === 'agree' ? 'holders agree' : 'the other half cannot be read'}).`,
    );
  }
  if (v.holder === UNKNOWN_LEADER)
    warnings.push(`${UNKNOWN_LEADER} is what client-go MultiLock electors report when the two halves disagree.`);
  if (s.flapping && s.state.kind !== 'flapping')
    warnings.push(`Flapping: ${s.evidence.flapping?.leaders ?? 'more than 3'} leaders in 10 minutes.`);
  if (s.connection.status === 'stale') warnings.push(`Disconnected: ${s.connection.reason}`);
  if (warnings.length > 0) {
    lines.push('');
    for (const w of warnings) lines.push(`- ⚠ ${escapeMarkdown(w)}`);
  }

  if (s.candidates.length > 0) {
    lines.push('');
    lines.push(`LeaseCandidates (${s.candidates.length}):`);
    for (const c of s.candidates) {
      const versions = [c.binaryVersion, c.emulationVersion].filter((x): x is string => x !== undefined).join(' / ');
      lines.push(
        `- ${codeSpan(c.name)}${versions ? ` ${escapeMarkdown(versions)}` : ''}${c.renewTime ? ` · renewed ${escapeMarkdown(ago(now - c.renewTime.epochMs, now))}` : ''}`,
      );
    }
  }

  if (v.holder !== undefined) {
    lines.push('');
    lines.push(`Where the holder runs: ${holderLookupMarkdown(holder)}`);
  }
  return lines.join('\n');
}

/** The holder whole (rows shorten it), or why there is none to show: never "vacant" for an unreadable one. */
function holderMarkdown(s: LockSnapshot): string {
  const v = s.lock.view;
  if (s.evidence.holder === 'held') return codeSpan(v.holder ?? '');
  return `*${escapeMarkdown(holderText(v))}*`;
}

export function holderLookupMarkdown(holder: HolderLookup): string {
  if (holder.state === 'notAsked') return '*not looked up* (run Resolve Holder)';
  if (holder.state === 'resolving') return '*looking up…*';
  return escapeMarkdown(describeResolution(holder.resolution));
}

/**
 * One sentence for the operator that says what was found and how, never more: "pod shop/web-0 (named
 * like the holder's hostname) is Running and ready on node n1", or what was looked for when nothing
 * matched. Only a pod found earlier and missing now is called gone.
 */
export function describeResolution(r: HolderResolution): string {
  switch (r.kind) {
    case 'pod': {
      const state = r.deleting
        ? `${r.phase}, being deleted`
        : r.ready
          ? `${r.phase} and ready`
          : `${r.phase}, not ready`;
      const restarts = r.restarts > 0 ? `, ${r.restarts} restart${r.restarts === 1 ? '' : 's'}` : '';
      const node =
        r.node === undefined
          ? ''
          : ` on node ${r.node}${r.nodeReady === false ? ', which is NotReady' : r.nodeReady === undefined ? ' (its readiness unknown)' : ''}`;
      const what =
        r.how === 'podName'
          ? `pod ${r.namespace}/${r.name} (named like the hostname ${r.hostname})`
          : `${r.mirror ? 'static pod (mirror)' : 'host-network pod'} ${r.namespace}/${r.name} (on the node named like the hostname ${r.hostname})`;
      const others = r.others.length > 0 ? `; also matching: ${r.others.join(', ')}` : '';
      return `${what} is ${state}${node}${restarts}${others}${unchecked(r.unchecked)}`;
    }
    case 'node': {
      const ready = r.ready === undefined ? 'of unknown readiness' : r.ready ? 'Ready' : 'NotReady';
      if (r.how === 'heartbeat') return `node ${r.name} is ${ready}${unchecked(r.unchecked)}`;
      const pods =
        r.hostNetworkPods.length > 0
          ? `; its host-network pods (${r.hostNetworkPods.join(', ')}) are not named or labelled as this lock's component`
          : "; no pod of this lock's component was found on it";
      return `node ${r.name} (named like the hostname) is ${ready}${pods}: the holder may run there outside Kubernetes${unchecked(r.unchecked)}`;
    }
    case 'gone':
      return `${r.message}: the holder is gone`;
    case 'notFound':
      return r.message;
    case 'unresolved':
      return `not resolved: ${r.message}`;
  }
}

function unchecked(what: readonly string[]): string {
  return what.length === 0 ? '' : ` (not checked: ${what.join(', ')})`;
}
