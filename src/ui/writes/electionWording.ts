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
import * as l10n from '@vscode/l10n';

type Action = 'release' | 'takeOver';

function shown(holder: string | undefined): string {
  return holder === undefined || holder === '' ? l10n.t('nobody') : displayText(holder);
}

function objectName(v: Pick<LockView, 'kind' | 'namespace' | 'name'>): string {
  return l10n.t('{0} {1}/{2}', v.kind, v.namespace, v.name);
}

/** "the MultiLock ConfigMap ns/x + Lease ns/x": what a dialog calls the election it writes. */
export function multiLockName(m: MultiLock): string {
  return l10n.t('the MultiLock {0} + Lease {1}/{2}', objectName(m.primary), m.secondary.namespace, m.secondary.name);
}

/** For the question: whose halves disagree, or undefined when they agree (the usual phrase then). */
export function multiLockHolderPhrase(m: MultiLock): string | undefined {
  if (m.agreement !== 'disagree') return undefined;
  return l10n.t(
    'whose halves disagree ({0}: {1}, Lease: {2}; client-go candidates read {3})',
    m.primary.kind,
    shown(m.primary.holder),
    shown(m.secondary.holder),
    UNKNOWN_LEADER,
  );
}

/** The paragraph that names both objects, their resourceVersions and the order of the writes. */
export function multiLockParagraph(m: MultiLock): string {
  const p = m.primary;
  const s = m.secondary;
  return l10n.t(
    'This is one election kept in two objects (a client-go MultiLock): {0} (resourceVersion {1}) and {2} (resourceVersion {3}). Like client-go, the write goes to both, the {4} first, then the Lease, each only if unchanged since shown. If the Lease changes between the two writes, you are told that the {4} was written and the Lease was not, and asked whether to finish.',
    objectName(p),
    p.resourceVersion ?? '?',
    objectName(s),
    s.resourceVersion ?? '?',
    p.kind,
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
  const from =
    candidates.length === 1 ? l10n.t('its LeaseCandidate') : l10n.t('its {0} LeaseCandidates', candidates.length);
  const coordinatedSentence =
    strategy === undefined
      ? l10n.t(
          "This Lease is coordinated: the API server's election controller names its holder from {0}, and the candidates never take it themselves.",
          from,
        )
      : l10n.t(
          "This Lease is coordinated (strategy {0}): the API server's election controller names its holder from {1}, and the candidates never take it themselves.",
          displayText(strategy),
          from,
        );
  const intro = l10n.t('{0} {1}', coordinatedSentence, pickSentence(view, candidates));
  const pick = pickOf(candidates);
  const only = pick.length === 1 ? pick[0]!.name : undefined;
  if (action === 'release') {
    return [
      intro,
      l10n.t(
        'After a release it names a holder again at once: measured, 0.1 s after the release, its pick again; a holder that was still running never stopped leading. A candidate that does not answer its ping is passed over after 5 s: when the holder is dead, a release gets a new leader about 8–13 s later, instead of about 25 s without it.',
      ),
    ];
  }
  if (newHolder !== undefined && only !== undefined && newHolder === only)
    return [
      intro,
      l10n.t(
        "{0} is its pick, so by the controller's rules it leaves the Lease to {0}, which renews it at its next retry if it is running.",
        shown(newHolder),
      ),
    ];
  const duration = view.record?.leaseDurationSeconds;
  const lease = duration !== undefined && duration > 0 ? formatSeconds(duration) : formatSeconds(15);
  const picked = only === undefined ? l10n.t('its pick') : shown(only);
  return [
    intro,
    l10n.t(
      'The controller undoes a takeover: within about 0.1 s it marks {0} as preferredHolder, and a client-go candidate named beside a preferredHolder stops renewing, so {1} never leads. {2} stops leading at its renew deadline (10 s with client-go defaults), and once the {3} lease you write runs out, the controller names {0} within about 5 s more. Measured with 15 s leases: the old leader stopped 11 s after the takeover, the pick led again 16–21 s after it: 5–10 s with no leader. Release instead to have the controller elect at once.',
      picked,
      shown(newHolder),
      view.holder === undefined ? l10n.t('The current holder') : shown(view.holder),
      lease,
    ),
  ];
}

function pickSentence(view: LockView, candidates: readonly LeaseCandidateView[]): string {
  if (candidates.length === 0)
    return l10n.t(
      'Lease Lens sees no LeaseCandidates for it (the API may not be served, or not readable by you): the controller names holders only from candidates.',
    );
  const pick = pickOf(candidates);
  const rule = l10n.t('oldest emulation version, then oldest binary version, then oldest LeaseCandidate');
  if (pick.length === 0) return l10n.t('None of its candidates has versions the controller can compare ({0}).', rule);
  if (pick.length > 1)
    return l10n.t(
      'By its rule ({0}) {1} tie; it settles a tie in no fixed order and may hand the Lease between them again later.',
      rule,
      pick.map((c) => shown(c.name)).join(l10n.t(' and ')),
    );
  const c = pick[0]!;
  const versions = [c.emulationVersion, c.binaryVersion].map((v) => displayText(v ?? '?')).join(' / ');
  return c.name === view.holder
    ? l10n.t(
        'By its rule ({0}) it picks {1} ({2}), the current holder, if that answers its ping.',
        rule,
        shown(c.name),
        versions,
      )
    : l10n.t('By its rule ({0}) it picks {1} ({2}) if that answers its ping.', rule, shown(c.name), versions);
}
