// The full story of one lock as Markdown, for the tree item's tooltip and the status bar: the
// record, the lease duration, freshness as we observed it, warnings (clock skew, MultiLock,
// problems), candidates, and what the holder resolves to once asked. Every value from the cluster
// goes through codeSpan/escapeMarkdown. Free of `vscode` so it is unit-tested in plain Node.

import * as l10n from '@vscode/l10n';
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
  lines.push(l10n.t('**{0}** {1} in context {2}', v.kind, codeSpan(`${v.namespace}/${v.name}`), codeSpan(v.context)));
  lines.push('');
  lines.push(escapeMarkdown(healthText(s)));
  lines.push('');

  const facts: string[] = [];
  facts.push(l10n.t('Holder: {0}', holderMarkdown(s)));
  if (r?.renewTime !== undefined) {
    const age = escapeMarkdown(ago(now - r.renewTime.epochMs, now));
    facts.push(
      h.clockSkew?.kind === 'renewInFuture'
        ? l10n.t(
            "Renewed: {0} ({1} by the holder's clock, which is ahead of this machine's: clock skew)",
            codeSpan(r.renewTime.text),
            age,
          )
        : l10n.t("Renewed: {0} ({1} by the holder's clock)", codeSpan(r.renewTime.text), age),
    );
  }
  if (r?.acquireTime !== undefined)
    facts.push(
      l10n.t(
        'Acquired: {0} ({1})',
        codeSpan(r.acquireTime.text),
        escapeMarkdown(ago(now - r.acquireTime.epochMs, now)),
      ),
    );
  if (r?.leaseDurationSeconds !== undefined)
    facts.push(l10n.t('Lease duration: {0}', escapeMarkdown(formatSeconds(r.leaseDurationSeconds))));
  if (r?.leaderTransitions !== undefined) facts.push(l10n.t('Transitions: {0}', r.leaderTransitions));
  if (h.observedAgeMs !== undefined) {
    const seen = escapeMarkdown(ago(h.observedAgeMs, now));
    facts.push(
      h.confirmed
        ? l10n.t('Observed: last change seen {0}', seen)
        : l10n.t('Observed: first seen {0}, no change seen since', seen),
    );
  }
  if (h.expiresAt !== undefined && h.status !== 'vacant') {
    facts.push(
      h.expiresAt > now
        ? l10n.t(
            "Candidates may take over: at {0}, in {1} (client-go's rule, by our clock)",
            escapeMarkdown(formatTimeOfDay(h.expiresAt, now)),
            escapeMarkdown(formatDuration(h.expiresAt - now)),
          )
        : l10n.t(
            "Candidates may take over: since {0} (client-go's rule, by our clock)",
            escapeMarkdown(ago(now - h.expiresAt, now)),
          ),
    );
  }
  if (r?.strategy !== undefined) facts.push(l10n.t('Strategy: {0}', codeSpan(r.strategy)));
  if (r?.preferredHolder !== undefined) facts.push(l10n.t('Preferred holder: {0}', codeSpan(r.preferredHolder)));
  if (v.resourceVersion !== undefined) facts.push(l10n.t('resourceVersion: {0}', codeSpan(v.resourceVersion)));
  for (const f of facts) lines.push(`- ${f}`);

  const warnings: string[] = [];
  const skew = clockSkewSentence(h);
  if (skew !== undefined) warnings.push(skew);
  for (const p of lockProblems(s)) warnings.push(p);
  for (const p of v.problems) if (p.severity === 'warning') warnings.push(p.message);
  if (s.multiLock !== undefined && s.multiLock.agreement !== 'disagree') {
    const other = v.kind === 'Lease' ? s.multiLock.primary : s.multiLock.secondary;
    warnings.push(
      s.multiLock.agreement === 'agree'
        ? l10n.t('MultiLock: paired with the {0} of the same name (holders agree).', other.kind)
        : l10n.t('MultiLock: paired with the {0} of the same name (the other half cannot be read).', other.kind),
    );
  }
  if (v.holder === UNKNOWN_LEADER)
    warnings.push(
      l10n.t('{0} is what client-go MultiLock electors report when the two halves disagree.', UNKNOWN_LEADER),
    );
  if (s.flapping && s.state.kind !== 'flapping')
    warnings.push(
      s.evidence.flapping === null
        ? l10n.t('Flapping: more than 3 leaders in 10 minutes.')
        : l10n.t('Flapping: {0} leaders in 10 minutes.', s.evidence.flapping.leaders),
    );
  if (s.connection.status === 'stale') warnings.push(l10n.t('Disconnected: {0}', s.connection.reason));
  if (warnings.length > 0) {
    lines.push('');
    for (const w of warnings) lines.push(`- ⚠ ${escapeMarkdown(w)}`);
  }

  if (s.candidates.length > 0) {
    lines.push('');
    lines.push(l10n.t('LeaseCandidates ({0}):', s.candidates.length));
    for (const c of s.candidates) {
      const versions = [c.binaryVersion, c.emulationVersion].filter((x): x is string => x !== undefined).join(' / ');
      const renewed = c.renewTime
        ? ` · ${l10n.t('renewed {0}', escapeMarkdown(ago(now - c.renewTime.epochMs, now)))}`
        : '';
      lines.push(`- ${codeSpan(c.name)}${versions ? ` ${escapeMarkdown(versions)}` : ''}${renewed}`);
    }
  }

  if (v.holder !== undefined) {
    lines.push('');
    lines.push(l10n.t('Where the holder runs: {0}', holderLookupMarkdown(holder)));
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
  if (holder.state === 'notAsked') return l10n.t('*not looked up* (run Resolve Holder)');
  if (holder.state === 'resolving') return l10n.t('*looking up…*');
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
        ? l10n.t('{0}, being deleted', r.phase)
        : r.ready
          ? l10n.t('{0} and ready', r.phase)
          : l10n.t('{0}, not ready', r.phase);
      const pod = `${r.namespace}/${r.name}`;
      let text =
        r.how === 'podName'
          ? l10n.t('pod {0} (named like the hostname {1}) is {2}', pod, r.hostname, state)
          : r.mirror
            ? l10n.t('static pod (mirror) {0} (on the node named like the hostname {1}) is {2}', pod, r.hostname, state)
            : l10n.t('host-network pod {0} (on the node named like the hostname {1}) is {2}', pod, r.hostname, state);
      if (r.node !== undefined)
        text =
          r.nodeReady === false
            ? l10n.t('{0} on node {1}, which is NotReady', text, r.node)
            : r.nodeReady === undefined
              ? l10n.t('{0} on node {1} (its readiness unknown)', text, r.node)
              : l10n.t('{0} on node {1}', text, r.node);
      if (r.restarts > 0)
        text = r.restarts === 1 ? l10n.t('{0}, 1 restart', text) : l10n.t('{0}, {1} restarts', text, r.restarts);
      if (r.others.length > 0) text = l10n.t('{0}; also matching: {1}', text, r.others.join(', '));
      return unchecked(text, r.unchecked);
    }
    case 'node': {
      const ready =
        r.ready === undefined ? l10n.t('of unknown readiness') : r.ready ? l10n.t('Ready') : l10n.t('NotReady');
      if (r.how === 'heartbeat') return unchecked(l10n.t('node {0} is {1}', r.name, ready), r.unchecked);
      return unchecked(
        r.hostNetworkPods.length > 0
          ? l10n.t(
              "node {0} (named like the hostname) is {1}; its host-network pods ({2}) are not named or labelled as this lock's component: the holder may run there outside Kubernetes",
              r.name,
              ready,
              r.hostNetworkPods.join(', '),
            )
          : l10n.t(
              "node {0} (named like the hostname) is {1}; no pod of this lock's component was found on it: the holder may run there outside Kubernetes",
              r.name,
              ready,
            ),
        r.unchecked,
      );
    }
    case 'gone':
      return l10n.t('{0}: the holder is gone', r.message);
    case 'notFound':
      return r.message;
    case 'unresolved':
      return l10n.t('not resolved: {0}', r.message);
  }
}

function unchecked(text: string, what: readonly string[]): string {
  return what.length === 0 ? text : l10n.t('{0} (not checked: {1})', text, what.join(', '));
}
