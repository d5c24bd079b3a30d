// What a confirmation adds when the lock is more than one object: a MultiLock (both halves are
// written) or a coordinated Lease (the API server's election controller names the holder and
// undoes what we write). The figures are what was measured against kube-apiserver 1.37 with real
// client-go candidates (15 s lease, 10 s renew deadline, 2 s retry; the README's "Release and take
// over, safely"). Free of `vscode`, like writeConfirmation.ts, so it is unit-tested in plain Node.

import {
  displayText,
  formatSeconds,
  pickOf,
  UNKNOWN_LEADER,
  type LeaseCandidateView,
  type LockView,
  type MultiLock,
} from '../../core';

type Action = 'release' | 'takeOver';

function shown(holder: string | undefined): string {
  return holder === undefined || holder === '' ? 'nobody' : displayText(holder);
}

function objectName(v: Pick<LockView, 'kind' | 'namespace' | 'name'>): string {
  return `${v.kind} ${v.namespace}/${v.name}`;
}

/** "the MultiLock ConfigMap ns/x + Lease ns/x": what a dialog calls the election it writes. */
export function multiLockName(m: MultiLock): string {
  return `the MultiLock ${objectName(m.primary)} + Lease ${m.secondary.namespace}/${m.secondary.name}`;
}

/** For the question: whose halves disagree, or undefined when they agree (the usual phrase then). */
export function multiLockHolderPhrase(m: MultiLock): string | undefined {
  if (m.agreement !== 'disagree') return undefined;
  return `whose halves disagree (${m.primary.kind}: ${shown(m.primary.holder)}, Lease: ${shown(m.secondary.holder)}; client-go candidates read ${UNKNOWN_LEADER})`;
}

/** The paragraph that names both objects, their resourceVersions and the order of the writes. */
export function multiLockParagraph(m: MultiLock): string {
  const p = m.primary;
  const s = m.secondary;
  return (
    `This is one election kept in two objects (a client-go MultiLock): ${objectName(p)} (resourceVersion ${p.resourceVersion ?? '?'}) and ${objectName(s)} (resourceVersion ${s.resourceVersion ?? '?'}). ` +
    `Like client-go, the write goes to both, the ${p.kind} first, then the Lease, each only if unchanged since shown. ` +
    `If the Lease changes between the two writes, you are told that the ${p.kind} was written and the Lease was not, and asked whether to finish.`
  );
}

/** What a confirmation of a coordinated Lease says instead of the usual risk: the controller acts. */
export function coordinatedParagraphs(
  action: Action,
  view: LockView,
  candidates: readonly LeaseCandidateView[],
  newHolder?: string,
): string[] {
  const strategy = view.record?.strategy;
  const intro =
    `This Lease is coordinated${strategy === undefined ? '' : ` (strategy ${displayText(strategy)})`}: the API server's election controller names its holder from ${candidates.length === 1 ? 'its LeaseCandidate' : `its ${candidates.length} LeaseCandidates`}, and the candidates never take it themselves. ` +
    pickSentence(view, candidates);
  const pick = pickOf(candidates);
  const only = pick.length === 1 ? pick[0]!.name : undefined;
  if (action === 'release') {
    return [
      intro,
      `After a release it names a holder again at once: measured, 0.1 s after the release, its pick again; a holder that was still running never stopped leading. ` +
        `A candidate that does not answer its ping is passed over after 5 s: when the holder is dead, a release gets a new leader about 8–13 s later, instead of about 25 s without it.`,
    ];
  }
  if (newHolder !== undefined && only !== undefined && newHolder === only)
    return [
      intro,
      `${shown(newHolder)} is its pick, so by the controller's rules it leaves the Lease to ${shown(newHolder)}, which renews it at its next retry if it is running.`,
    ];
  const duration = view.record?.leaseDurationSeconds;
  const lease = duration !== undefined && duration > 0 ? formatSeconds(duration) : formatSeconds(15);
  return [
    intro,
    `The controller undoes a takeover: within about 0.1 s it marks ${only === undefined ? 'its pick' : shown(only)} as preferredHolder, and a client-go candidate named beside a preferredHolder stops renewing, so ${shown(newHolder)} never leads. ` +
      `${view.holder === undefined ? 'The current holder' : shown(view.holder)} stops leading at its renew deadline (10 s with client-go defaults), and once the ${lease} lease you write runs out, the controller names ${only === undefined ? 'its pick' : shown(only)} within about 5 s more. ` +
      `Measured with 15 s leases: the old leader stopped 11 s after the takeover, the pick led again 16–21 s after it: 5–10 s with no leader. Release instead to have the controller elect at once.`,
  ];
}

function pickSentence(view: LockView, candidates: readonly LeaseCandidateView[]): string {
  if (candidates.length === 0)
    return 'Lease Lens sees no LeaseCandidates for it (the API may not be served, or not readable by you): the controller names holders only from candidates.';
  const pick = pickOf(candidates);
  const rule = 'oldest emulation version, then oldest binary version, then oldest LeaseCandidate';
  if (pick.length === 0) return `None of its candidates has versions the controller can compare (${rule}).`;
  if (pick.length > 1)
    return `By its rule (${rule}) ${pick.map((c) => shown(c.name)).join(' and ')} tie; it settles a tie in no fixed order and may hand the Lease between them again later.`;
  const c = pick[0]!;
  const versions = [c.emulationVersion, c.binaryVersion].map((v) => displayText(v ?? '?')).join(' / ');
  return `By its rule (${rule}) it picks ${shown(c.name)} (${versions})${c.name === view.holder ? ', the current holder,' : ''} if that answers its ping.`;
}
