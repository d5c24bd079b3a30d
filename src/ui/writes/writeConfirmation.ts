// What the operator is told before and after a release or takeover. Leader election gives no
// fencing, so every confirmation says plainly what the write risks given the state the operator
// saw: a live holder keeps acting as leader until its renew deadline while another candidate may
// already lead; an expired or vacant lock is safe to release, a probably stopped one (no renewal
// seen, its record ran out) too, with how sure that is; an unreadable holder never is. The state
// is worded as every other view words it (src/core lockLiveness.ts). Free of `vscode` (the dialogs are
// shown by lockWrites.ts) so the wording is unit-tested in plain Node.

import * as l10n from '@vscode/l10n';
import {
  ago,
  DEFAULT_SKEW_TOLERANCE_MS,
  displayText,
  formatDuration,
  formatSeconds,
  holderEvidence,
  isCoordinated,
  type LeaseCandidateView,
  type LockHealth,
  type LockKey,
  type LockKind,
  type LockState,
  type LockView,
  type MultiLock,
} from '../../core';
import { clockSkewSentence } from '../shared/lockPresentation';
import { coordinatedParagraphs, multiLockHolderPhrase, multiLockName, multiLockParagraph } from './electionWording';

/** Identities as a dialog shows them: a line break in one must not fake a line of the dialog. */
function shown(holder: string | undefined, none = ''): string {
  return holder === undefined ? none : displayText(holder);
}

export type WriteAction = 'release' | 'takeOver';

/** One modal question: the dialog's message, its detail and the button that says yes. */
export interface ConfirmRequest {
  readonly action: WriteAction;
  readonly key: LockKey;
  /** The resourceVersion the operator is looking at: the write is conflict-checked against it. */
  readonly seenResourceVersion: string;
  readonly message: string;
  readonly detail: string;
  readonly button: string;
  /** Whether the holder may still be alive, so the write risks two leaders at once. */
  readonly risky: boolean;
  /** Asked again after a conflict, with the state re-read from the cluster. */
  readonly retry: boolean;
  /** Takeover only. */
  readonly newHolder?: string;
  /** A MultiLock: the resourceVersion shown of its other half (both halves are written). */
  readonly partnerResourceVersion?: string;
  /** A coordinated Lease: the API server's election controller names its holder. */
  readonly coordinated?: boolean;
  /** Asked after a MultiLock write stopped between its halves: write the Lease too? */
  readonly finish?: boolean;
}

/**
 * The state a confirmation is computed from. `health` is what we observed; undefined for an
 * object just re-read after a conflict (it has changed moments ago, which says someone writes it).
 * `state` is the liveness verdict every view shows (undefined after such a re-read, too).
 */
export interface SeenLock {
  readonly view: LockView;
  readonly health: LockHealth | undefined;
  readonly state?: LockState;
  /** Set when the context's watch is disconnected. */
  readonly disconnected: boolean;
  /** The MultiLock this lock is a half of: both halves are written. */
  readonly multiLock?: MultiLock;
  /** The Lease's LeaseCandidates (coordinated leader election). */
  readonly candidates?: readonly LeaseCandidateView[];
}

/** What a question calls the lock: the object, or both objects of a MultiLock. */
function targetName(seen: SeenLock): string {
  return seen.multiLock === undefined ? lockName(seen.view) : multiLockName(seen.multiLock);
}

function targetHolder(seen: SeenLock, now: number): string {
  return (seen.multiLock && multiLockHolderPhrase(seen.multiLock)) ?? holderPhrase(seen.view, now);
}

function coordinated(seen: SeenLock): readonly LeaseCandidateView[] | undefined {
  const candidates = seen.candidates ?? [];
  return isCoordinated(seen.view, candidates) ? candidates : undefined;
}

/** client-go's default renew deadline: how long a leader that lost the lock may go on acting. */
const renewDeadline = () => l10n.t('10 s with client-go defaults');

export function lockName(view: Pick<LockView, 'kind' | 'namespace' | 'name'>): string {
  return l10n.t('{0} {1}/{2}', view.kind, view.namespace, view.name);
}

/** "held by X (renewed 3s ago)" / "vacant" / "with an unreadable holder". */
export function holderPhrase(view: LockView, now: number): string {
  const held = holderEvidence(view);
  if (held === 'unreadableHolder') return l10n.t('with an unreadable holder');
  if (held === 'unreadableRecord' || held === 'noRecord') return l10n.t('with an unreadable record');
  if (view.holder === undefined) return l10n.t('vacant');
  const renew = view.record?.renewTime;
  if (renew === undefined) return l10n.t('held by {0}', shown(view.holder));
  if (renew.epochMs - now > DEFAULT_SKEW_TOLERANCE_MS)
    return l10n.t(
      "held by {0} (renewTime {1} ahead of this machine's clock: clock skew)",
      shown(view.holder),
      formatDuration(renew.epochMs - now),
    );
  return l10n.t('held by {0} (renewed {1})', shown(view.holder), ago(now - renew.epochMs, now));
}

/** "It is held by x (…)", "It is vacant", "It has an unreadable holder": a sentence of its own. */
function itIs(seen: SeenLock, now: number): string {
  const split = seen.multiLock && multiLockHolderPhrase(seen.multiLock);
  if (split !== undefined) return l10n.t('It is {0}', split);
  const view = seen.view;
  const held = holderEvidence(view);
  if (held === 'unreadableHolder') return l10n.t('It has an unreadable holder');
  if (held === 'unreadableRecord' || held === 'noRecord') return l10n.t('It has an unreadable record');
  if (view.holder === undefined) return l10n.t('It is vacant');
  const renew = view.record?.renewTime;
  if (renew === undefined) return l10n.t('It is held by {0}', shown(view.holder));
  if (renew.epochMs - now > DEFAULT_SKEW_TOLERANCE_MS)
    return l10n.t(
      "It is held by {0} (renewTime {1} ahead of this machine's clock: clock skew)",
      shown(view.holder),
      formatDuration(renew.epochMs - now),
    );
  return l10n.t('It is held by {0} (renewed {1})', shown(view.holder), ago(now - renew.epochMs, now));
}

type Liveness = 'vacant' | 'unreadable' | 'expired' | 'probablyStopped' | 'live' | 'justChanged' | 'unknown';

function liveness(seen: SeenLock): Liveness {
  const held = holderEvidence(seen.view);
  // A holder that cannot be read is never vacant and never safe: someone may hold it.
  if (held === 'unreadableHolder' || held === 'unreadableRecord') return 'unreadable';
  if (held === 'vacant') return 'vacant';
  if (seen.disconnected) return 'unknown';
  if (seen.health === undefined) return seen.view.holder === undefined ? 'unknown' : 'justChanged';
  if (seen.state !== undefined) {
    switch (seen.state.liveness) {
      case 'expired':
        return 'expired';
      case 'probablyStopped':
        return 'probablyStopped';
      case 'renewing':
      case 'notSeenRenewing':
        return 'live';
      default:
        return 'unknown';
    }
  }
  const h = seen.health;
  if (h.status === 'expired') return 'expired';
  if (h.status === 'fresh' || h.status === 'expiring') return 'live';
  return 'unknown';
}

function evidence(seen: SeenLock, now: number): string {
  const v = seen.view;
  const h = seen.health;
  const holder = shown(v.holder, l10n.t('the holder'));
  const renew = v.record?.renewTime;
  const byRecord =
    renew === undefined
      ? holder
      : renew.epochMs - now > DEFAULT_SKEW_TOLERANCE_MS
        ? l10n.t(
            "{0} wrote a renewTime {1} ahead of this machine's clock (clock skew: its times are not to be trusted)",
            holder,
            formatDuration(renew.epochMs - now),
          )
        : l10n.t('{0} renewed it {1} by its record', holder, ago(now - renew.epochMs, now));
  switch (liveness(seen)) {
    case 'live':
    case 'probablyStopped':
    case 'expired':
      // The verdict every view shows, in the same words, and clock skew where it was seen.
      if (seen.state !== undefined)
        return [
          capitalise(seen.state.reason),
          h === undefined || seen.state.reasonNamesSkew ? undefined : clockSkewSentence(h),
        ]
          .filter((x) => x !== undefined)
          .join(' ');
      if (liveness(seen) === 'expired')
        return l10n.t(
          'The lease expired {0} by our observation: {1} stopped renewing.',
          ago(now - (h?.expiresAt ?? now)),
          holder,
        );
      return l10n.t('{0}: it is probably still running.', byRecord);
    case 'justChanged':
      return l10n.t(
        "The lock changed after you looked at it: {0}. Someone is writing it: a running holder, or another operator's takeover.",
        byRecord,
      );
    case 'vacant':
      return l10n.t('Nobody holds the lock.');
    case 'unreadable':
      return l10n.t(
        'Lease Lens cannot read who holds the lock ({0}): it may be held, and nothing tells whether its holder is alive.',
        v.problems.find((p) => p.severity === 'error')?.message ?? l10n.t('the record cannot be read'),
      );
    case 'unknown':
      return seen.disconnected
        ? l10n.t(
            'Lease Lens is disconnected from context {0}: it cannot tell whether {1} is still renewing. Treat it as live.',
            v.context,
            holder,
          )
        : l10n.t('Lease Lens cannot tell whether {0} is still renewing. Treat it as live.', holder);
  }
}

/**
 * How sure a probably-stopped verdict is. It rests on the holder's own clock: the renewals we saw
 * from the same context tell whether that clock can be trusted.
 */
function howSure(seen: SeenLock): string {
  const st = seen.state;
  const watched = seen.health?.observedAgeMs;
  const noRenewal =
    watched === undefined
      ? l10n.t('No renewal was seen')
      : l10n.t(
          'No renewal was seen in the {0} Lease Lens has watched it (a live client-go holder renews every few seconds)',
          formatDuration(watched),
        );
  const overrun = st?.expiredByRecordMs === undefined ? undefined : formatDuration(st.expiredByRecordMs);
  if (st?.skew?.verdict === 'ruledOut')
    return overrun === undefined
      ? l10n.t(
          'How sure: fairly sure. {0}, and the holders of this context whose renewals were seen keep time with this machine, so clock skew does not explain a record that ran out.',
          noRenewal,
        )
      : l10n.t(
          'How sure: fairly sure. {0}, and the holders of this context whose renewals were seen keep time with this machine, so clock skew does not explain a record that ran out {1} ago.',
          noRenewal,
          overrun,
        );
  return overrun === undefined
    ? l10n.t(
        "How sure: less sure. {0}, but no renewal in this context has been seen yet to check clocks against: a holder whose clock runs behind this machine's would look the same. Resolve Holder tells whether its pod still runs.",
        noRenewal,
      )
    : l10n.t(
        "How sure: less sure. {0}, but no renewal in this context has been seen yet to check clocks against: a holder whose clock runs {1} behind this machine's would look the same. Resolve Holder tells whether its pod still runs.",
        noRenewal,
        overrun,
      );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a release writes, where it differs from a plain release. */
function releaseWrites(v: LockView): string {
  const plain = l10n.t('A release writes an empty holder with a 1 s lease, as client-go does on a graceful stop.');
  if (v.kind !== 'Lease' && holderEvidence(v) === 'unreadableRecord')
    return l10n.t(
      'A release replaces the unreadable {0} annotation with a new record: an empty holder with a 1 s lease, and leaderTransitions restarting at 0 (the count in the old annotation cannot be read).',
      v.kind === 'ConfigMap' ? 'ConfigMap' : 'Endpoints',
    );
  if (
    v.record !== undefined &&
    v.record.leaderTransitions === undefined &&
    v.problems.some((p) => p.field === 'leaderTransitions')
  )
    return l10n.t('{0} {1}', plain, l10n.t('leaderTransitions cannot be read, so it restarts at 0.'));
  if (holderEvidence(v) === 'unreadableHolder')
    return l10n.t(
      '{0} {1}',
      plain,
      v.kind === 'Lease'
        ? l10n.t('The unreadable holderIdentity is replaced by an empty one.')
        : l10n.t('The unreadable holderIdentity is replaced by an empty one (the annotation is rewritten).'),
    );
  return plain;
}

/** Safe to call safe: probably stopped, and the clocks of its context are known to agree with ours. */
function sureStopped(seen: SeenLock): boolean {
  return seen.state?.skew?.verdict === 'ruledOut';
}

/**
 * Whether a release (or takeover) cannot make two leaders: nobody holds it, it expired, or it is
 * probably stopped with the context's clocks known to agree with ours. The confirmations call a
 * write risky exactly when this is false; alerts offer Release Lease only when it is true.
 */
export function writeIsSafe(seen: SeenLock): boolean {
  const state = liveness(seen);
  return state === 'vacant' || state === 'expired' || (state === 'probablyStopped' && sureStopped(seen));
}

function conflictCheck(view: LockView, seenRv: string): string {
  return l10n.t(
    'Context {0}, resourceVersion {1}: if anyone writes the lock before this write, nothing is written and you are asked again.',
    view.context,
    seenRv,
  );
}

export function releaseConfirmation(
  key: LockKey,
  seen: SeenLock,
  seenRv: string,
  now: number,
  retry = false,
): ConfirmRequest {
  const v = seen.view;
  const state = liveness(seen);
  const risky = !writeIsSafe(seen);
  const holder = shown(v.holder, l10n.t('the holder'));
  const candidates = coordinated(seen);
  let risk: string;
  if (candidates !== undefined) risk = coordinatedParagraphs('release', v, candidates).join('\n\n');
  else if (state === 'vacant') risk = l10n.t("Releasing is safe: it changes nothing but the record's times.");
  else if (state === 'probablyStopped')
    risk = l10n.t(
      "Releasing is safe if {0} has stopped, which is what the evidence says: no renewal was seen. {1} If it is alive after all, a standby that takes the lock leads beside it until {0}'s renew deadline passes ({2}).",
      holder,
      howSure(seen),
      renewDeadline(),
    );
  else if (state === 'unreadable')
    risk = l10n.t(
      'Whoever holds it cannot be read, so treat it as held by a live holder: if one has it, a standby that takes the lock leads beside it until the renew deadline passes ({0}).',
      renewDeadline(),
    );
  else if (state === 'expired')
    risk = l10n.t(
      'Releasing is safe: candidates could already take it over, and a release makes them do it at once instead of waiting out the lease.',
    );
  else {
    risk = l10n.t(
      'Leader election gives no fencing. If a standby candidate takes the lock, {0} may keep acting as leader until its renew deadline passes ({1}): two leaders at once for that long. If no standby is running, {0} simply takes the lock back at its next retry.',
      holder,
      renewDeadline(),
    );
  }
  const message = retry
    ? conflictMessage(v, 'release', now, seen.multiLock)
    : l10n.t('Release {0}, {1}?', targetName(seen), targetHolder(seen, now));
  return {
    action: 'release',
    key,
    seenResourceVersion: seenRv,
    message,
    detail: [
      evidence(seen, now),
      risk,
      releaseWrites(v),
      ...(seen.multiLock === undefined ? [] : [multiLockParagraph(seen.multiLock)]),
      conflictCheck(v, seenRv),
    ].join('\n\n'),
    button: l10n.t('Release'),
    risky,
    retry,
    ...electionFields(seen),
  };
}

export function takeOverConfirmation(
  key: LockKey,
  seen: SeenLock,
  newHolder: string,
  seenRv: string,
  now: number,
  retry = false,
): ConfirmRequest {
  const v = seen.view;
  const state = liveness(seen);
  const risky = !writeIsSafe(seen);
  const holder = shown(v.holder, l10n.t('the holder'));
  const newName = shown(newHolder);
  const duration = v.record?.leaseDurationSeconds;
  const lease = duration !== undefined && duration > 0 ? formatSeconds(duration) : formatSeconds(15);
  const noRenewer = l10n.t(
    'Candidates will treat {0} as the leader. If no process with that identity renews the lock, it expires after its {1} lease and the candidates take over again.',
    newName,
    lease,
  );
  const candidates = coordinated(seen);
  let risk: string;
  if (candidates !== undefined) risk = coordinatedParagraphs('takeOver', v, candidates, newHolder).join('\n\n');
  else if (v.holder === newHolder) risk = l10n.t('{0} already holds the lock: this only renews it.', newName);
  else if (state === 'vacant') risk = l10n.t('Taking over is safe from two leaders: nobody holds it.');
  else if (state === 'expired') risk = l10n.t('Taking over is safe from two leaders: {0} stopped renewing.', holder);
  else if (state === 'probablyStopped')
    risk = l10n.t(
      'Taking over is safe from two leaders if {0} has stopped, which is what the evidence says: no renewal was seen. {1}',
      holder,
      howSure(seen),
    );
  else if (state === 'unreadable')
    risk = l10n.t(
      'Whoever holds it cannot be read, so treat it as held by a live holder: it may keep acting as leader until its renew deadline passes ({0}) while {1} holds the lock.',
      renewDeadline(),
      newName,
    );
  else
    risk = l10n.t(
      'Leader election gives no fencing: {0} may keep acting as leader until its renew deadline passes ({1}) while {2} holds the lock.',
      holder,
      renewDeadline(),
      newName,
    );
  const message = retry
    ? conflictMessage(v, 'takeOver', now, seen.multiLock)
    : l10n.t('Take over {0} for {1}? {2}.', targetName(seen), newName, itIs(seen, now));
  return {
    action: 'takeOver',
    key,
    seenResourceVersion: seenRv,
    message,
    detail: [
      evidence(seen, now),
      risk,
      ...(candidates === undefined ? [noRenewer] : []),
      ...(seen.multiLock === undefined ? [] : [multiLockParagraph(seen.multiLock)]),
      conflictCheck(v, seenRv),
    ].join('\n\n'),
    button: l10n.t('Take Over'),
    // A coordinated takeover always leaves a time with nobody leading (see coordinatedParagraphs).
    risky: risky || candidates !== undefined,
    retry,
    newHolder,
    ...electionFields(seen),
  };
}

/** The request's MultiLock and coordination fields, from what was seen. */
function electionFields(seen: SeenLock): Pick<ConfirmRequest, 'partnerResourceVersion' | 'coordinated'> {
  const m = seen.multiLock;
  const partner = m === undefined ? undefined : seen.view.kind === 'Lease' ? m.primary : m.secondary;
  return {
    ...(partner?.resourceVersion === undefined ? {} : { partnerResourceVersion: partner.resourceVersion }),
    ...(coordinated(seen) === undefined ? {} : { coordinated: true }),
  };
}

/** "Lease ns/name changed while you were releasing it: now held by node-b, renewed 1s ago. Release again?" */
export function conflictMessage(current: LockView, action: WriteAction, now: number, multiLock?: MultiLock): string {
  const split = multiLock && multiLockHolderPhrase(multiLock);
  const renew = current.record?.renewTime;
  const held = holderEvidence(current);
  const state =
    split !== undefined
      ? l10n.t('now with halves {0}', split.replace(/^whose halves /, ''))
      : held === 'unreadableHolder'
        ? l10n.t('its holder cannot be read')
        : current.holder === undefined
          ? current.record === undefined
            ? l10n.t('its record cannot be read')
            : renew === undefined
              ? l10n.t('now vacant')
              : l10n.t('now vacant (released {0})', ago(now - renew.epochMs, now))
          : renew === undefined
            ? l10n.t('now held by {0}', shown(current.holder))
            : l10n.t('now held by {0}, renewed {1}', shown(current.holder), ago(now - renew.epochMs, now));
  const name = multiLock === undefined ? lockName(current) : capitalise(multiLockName(multiLock));
  return action === 'release'
    ? l10n.t('{0} changed while you were releasing it: {1}. Release again?', name, state)
    : l10n.t('{0} changed while you were taking it over: {1}. Take over again?', name, state);
}

/** The RBAC a write needs: update on Leases (replaced whole), patch on annotation locks. */
export function writePermission(kind: LockKind): { readonly verb: string; readonly resource: string } {
  switch (kind) {
    case 'Lease':
      return { verb: 'update', resource: 'leases (coordination.k8s.io)' };
    case 'ConfigMap':
      return { verb: 'patch', resource: 'configmaps' };
    case 'Endpoints':
      return { verb: 'patch', resource: 'endpoints' };
  }
}

export function notAllowedMessage(
  action: WriteAction,
  view: Pick<LockView, 'kind' | 'namespace' | 'name' | 'context'>,
  verb?: string,
  resource?: string,
): string {
  const need = writePermission(view.kind);
  const args = [lockName(view), view.context, verb ?? need.verb, resource ?? need.resource, view.namespace];
  return action === 'release'
    ? l10n.t(
        'You may not release {0}: the user of context {1} lacks "{2}" on {3} in namespace {4}. Ask a cluster admin for that permission, or use a context that has it.',
        ...args,
      )
    : l10n.t(
        'You may not take over {0}: the user of context {1} lacks "{2}" on {3} in namespace {4}. Ask a cluster admin for that permission, or use a context that has it.',
        ...args,
      );
}

export function goneMessage(view: Pick<LockView, 'kind' | 'namespace' | 'name'>): string {
  return l10n.t('{0} no longer exists: nothing was written.', lockName(view));
}

export function doneMessage(action: WriteAction, before: LockView, newHolder?: string, multiLock?: MultiLock): string {
  const name = multiLock === undefined ? lockName(before) : multiLockName(multiLock);
  if (action === 'release')
    return before.holder === undefined
      ? l10n.t('Released {0}.', name)
      : l10n.t('Released {0} (it was held by {1}).', name, shown(before.holder));
  const was = before.holder === undefined || before.holder === newHolder ? undefined : shown(before.holder);
  const next = shown(newHolder, '?');
  if (multiLock === undefined)
    return was === undefined
      ? l10n.t('{0} is now held by {1}.', name, next)
      : l10n.t('{0} is now held by {1} (it was held by {2}).', name, next, was);
  return was === undefined
    ? l10n.t('Both halves of {0} now name {1}.', name, next)
    : l10n.t('Both halves of {0} now name {1} (it was held by {2}).', name, next, was);
}
