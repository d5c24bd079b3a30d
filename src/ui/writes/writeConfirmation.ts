// What the operator is told before and after a release or takeover. Leader election gives no
// fencing, so every confirmation says plainly what the write risks given the state the operator
// saw: a live holder keeps acting as leader until its renew deadline while another candidate may
// already lead; an expired or vacant lock is safe to release, a probably stopped one (no renewal
// seen, its record ran out) too, with how sure that is; an unreadable holder never is. The state
// is worded as every other view words it (src/core lockLiveness.ts). Free of `vscode` (the dialogs are
// shown by lockWrites.ts) so the wording is unit-tested in plain Node.

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
const DEFAULT_RENEW_DEADLINE = '10 s with client-go defaults';

export function lockName(view: Pick<LockView, 'kind' | 'namespace' | 'name'>): string {
  return `${view.kind} ${view.namespace}/${view.name}`;
}

/** "held by X (renewed 3s ago)" / "vacant" / "with an unreadable holder". */
export function holderPhrase(view: LockView, now: number): string {
  const held = holderEvidence(view);
  if (held === 'unreadableHolder') return 'with an unreadable holder';
  if (held === 'unreadableRecord' || held === 'noRecord') return 'with an unreadable record';
  if (view.holder === undefined) return 'vacant';
  const renew = view.record?.renewTime;
  if (renew === undefined) return `held by ${shown(view.holder)}`;
  const ahead = renew.epochMs - now > DEFAULT_SKEW_TOLERANCE_MS;
  return `held by ${shown(view.holder)} (${ahead ? `renewTime ${formatDuration(renew.epochMs - now)} ahead of this machine's clock: clock skew` : `renewed ${ago(now - renew.epochMs, now)}`})`;
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
  const holder = shown(v.holder, 'the holder');
  const renew = v.record?.renewTime;
  const byRecord =
    renew === undefined
      ? ''
      : renew.epochMs - now > DEFAULT_SKEW_TOLERANCE_MS
        ? ` wrote a renewTime ${formatDuration(renew.epochMs - now)} ahead of this machine's clock (clock skew: its times are not to be trusted)`
        : ` renewed it ${ago(now - renew.epochMs, now)} by its record`;
  switch (liveness(seen)) {
    case 'live':
    case 'probablyStopped':
    case 'expired':
      // The verdict every view shows, in the same words, and clock skew where it was seen.
      if (seen.state !== undefined)
        return [
          capitalise(seen.state.reason),
          h === undefined || seen.state.reason.includes('clock skew') ? undefined : clockSkewSentence(h),
        ]
          .filter((x) => x !== undefined)
          .join(' ');
      if (liveness(seen) === 'expired')
        return `The lease expired ${ago(now - (h?.expiresAt ?? now))} by our observation: ${holder} stopped renewing.`;
      return `${holder}${byRecord}: it is probably still running.`;
    case 'justChanged':
      return `The lock changed after you looked at it: ${holder}${byRecord}. Someone is writing it: a running holder, or another operator's takeover.`;
    case 'vacant':
      return 'Nobody holds the lock.';
    case 'unreadable':
      return `Lease Lens cannot read who holds the lock (${v.problems.find((p) => p.severity === 'error')?.message ?? 'the record cannot be read'}): it may be held, and nothing tells whether its holder is alive.`;
    case 'unknown':
      return seen.disconnected
        ? `Lease Lens is disconnected from context ${v.context}: it cannot tell whether ${holder} is still renewing. Treat it as live.`
        : `Lease Lens cannot tell whether ${holder} is still renewing. Treat it as live.`;
  }
}

/**
 * How sure a probably-stopped verdict is. It rests on the holder's own clock: the renewals we saw
 * from the same context tell whether that clock can be trusted.
 */
function howSure(seen: SeenLock): string {
  const st = seen.state;
  const watched = seen.health?.observedAgeMs;
  const watchedText =
    watched === undefined
      ? ''
      : ` in the ${formatDuration(watched)} Lease Lens has watched it (a live client-go holder renews every few seconds)`;
  const overrun = st?.expiredByRecordMs === undefined ? '' : ` ${formatDuration(st.expiredByRecordMs)}`;
  if (st?.skew?.verdict === 'ruledOut')
    return `How sure: fairly sure. No renewal was seen${watchedText}, and the holders of this context whose renewals were seen keep time with this machine, so clock skew does not explain a record that ran out${overrun} ago.`;
  return `How sure: less sure. No renewal was seen${watchedText}, but no renewal in this context has been seen yet to check clocks against: a holder whose clock runs${overrun} behind this machine's would look the same. Resolve Holder tells whether its pod still runs.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a release writes, where it differs from a plain release. */
function releaseWrites(v: LockView): string {
  const plain = 'A release writes an empty holder with a 1 s lease, as client-go does on a graceful stop.';
  if (v.kind !== 'Lease' && holderEvidence(v) === 'unreadableRecord')
    return `A release replaces the unreadable ${v.kind === 'ConfigMap' ? 'ConfigMap' : 'Endpoints'} annotation with a new record: an empty holder with a 1 s lease, and leaderTransitions restarting at 0 (the count in the old annotation cannot be read).`;
  if (
    v.record !== undefined &&
    v.record.leaderTransitions === undefined &&
    v.problems.some((p) => p.field === 'leaderTransitions')
  )
    return `${plain} leaderTransitions cannot be read, so it restarts at 0.`;
  if (holderEvidence(v) === 'unreadableHolder')
    return `${plain} The unreadable holderIdentity is replaced by an empty one${v.kind === 'Lease' ? '' : ' (the annotation is rewritten)'}.`;
  return plain;
}

/** "It is held by x (…)", "It is vacant", "It has an unreadable holder". */
function itIs(phrase: string): string {
  return phrase.startsWith('with ') ? `It has ${phrase.slice('with '.length)}` : `It is ${phrase}`;
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
  return `Context ${view.context}, resourceVersion ${seenRv}: if anyone writes the lock before this write, nothing is written and you are asked again.`;
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
  const holder = shown(v.holder, 'the holder');
  const candidates = coordinated(seen);
  let risk: string;
  if (candidates !== undefined) risk = coordinatedParagraphs('release', v, candidates).join('\n\n');
  else if (state === 'vacant') risk = "Releasing is safe: it changes nothing but the record's times.";
  else if (state === 'probablyStopped')
    risk =
      `Releasing is safe if ${holder} has stopped, which is what the evidence says: no renewal was seen. ${howSure(seen)} ` +
      `If it is alive after all, a standby that takes the lock leads beside it until ${holder}'s renew deadline passes (${DEFAULT_RENEW_DEADLINE}).`;
  else if (state === 'unreadable')
    risk = `Whoever holds it cannot be read, so treat it as held by a live holder: if one has it, a standby that takes the lock leads beside it until the renew deadline passes (${DEFAULT_RENEW_DEADLINE}).`;
  else if (state === 'expired')
    risk =
      'Releasing is safe: candidates could already take it over, and a release makes them do it at once instead of waiting out the lease.';
  else {
    risk =
      `Leader election gives no fencing. If a standby candidate takes the lock, ${holder} may keep acting as leader until its renew deadline passes (${DEFAULT_RENEW_DEADLINE}): two leaders at once for that long. ` +
      `If no standby is running, ${holder} simply takes the lock back at its next retry.`;
  }
  const message = retry
    ? conflictMessage(v, 'release', now, seen.multiLock)
    : `Release ${targetName(seen)}, ${targetHolder(seen, now)}?`;
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
    button: 'Release',
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
  const holder = shown(v.holder, 'the holder');
  const newName = shown(newHolder);
  const duration = v.record?.leaseDurationSeconds;
  const lease = duration !== undefined && duration > 0 ? formatSeconds(duration) : formatSeconds(15);
  const noRenewer = `Candidates will treat ${newName} as the leader. If no process with that identity renews the lock, it expires after its ${lease} lease and the candidates take over again.`;
  const candidates = coordinated(seen);
  let risk: string;
  if (candidates !== undefined) risk = coordinatedParagraphs('takeOver', v, candidates, newHolder).join('\n\n');
  else if (v.holder === newHolder) risk = `${newName} already holds the lock: this only renews it.`;
  else if (state === 'vacant' || state === 'expired')
    risk = `Taking over is safe from two leaders: ${state === 'vacant' ? 'nobody holds it' : `${holder} stopped renewing`}.`;
  else if (state === 'probablyStopped')
    risk = `Taking over is safe from two leaders if ${holder} has stopped, which is what the evidence says: no renewal was seen. ${howSure(seen)}`;
  else if (state === 'unreadable')
    risk = `Whoever holds it cannot be read, so treat it as held by a live holder: it may keep acting as leader until its renew deadline passes (${DEFAULT_RENEW_DEADLINE}) while ${newName} holds the lock.`;
  else
    risk = `Leader election gives no fencing: ${holder} may keep acting as leader until its renew deadline passes (${DEFAULT_RENEW_DEADLINE}) while ${newName} holds the lock.`;
  const message = retry
    ? conflictMessage(v, 'takeOver', now, seen.multiLock)
    : `Take over ${targetName(seen)} for ${newName}? ${itIs(targetHolder(seen, now))}.`;
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
    button: 'Take Over',
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
  const doing = action === 'release' ? 'releasing' : 'taking it over';
  const split = multiLock && multiLockHolderPhrase(multiLock);
  const renew = current.record?.renewTime;
  const held = holderEvidence(current);
  const state =
    held === 'unreadableHolder'
      ? 'its holder cannot be read'
      : current.holder === undefined
        ? current.record === undefined
          ? 'its record cannot be read'
          : `now vacant${renew === undefined ? '' : ` (released ${ago(now - renew.epochMs, now)})`}`
        : `now held by ${shown(current.holder)}${renew === undefined ? '' : `, renewed ${ago(now - renew.epochMs, now)}`}`;
  const name = multiLock === undefined ? lockName(current) : `${multiLockName(multiLock)}`.replace(/^the /, 'The ');
  return `${name} changed while you were ${doing}${action === 'release' ? ' it' : ''}: ${split === undefined ? state : `now with halves ${split.replace(/^whose halves /, '')}`}. ${action === 'release' ? 'Release again?' : 'Take over again?'}`;
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
  const doing = action === 'release' ? 'release' : 'take over';
  return `You may not ${doing} ${lockName(view)}: the user of context ${view.context} lacks "${verb ?? need.verb}" on ${resource ?? need.resource} in namespace ${view.namespace}. Ask a cluster admin for that permission, or use a context that has it.`;
}

export function goneMessage(view: Pick<LockView, 'kind' | 'namespace' | 'name'>): string {
  return `${lockName(view)} no longer exists: nothing was written.`;
}

export function doneMessage(action: WriteAction, before: LockView, newHolder?: string, multiLock?: MultiLock): string {
  const name = multiLock === undefined ? lockName(before) : multiLockName(multiLock);
  if (action === 'release')
    return `Released ${name}${before.holder === undefined ? '' : ` (it was held by ${shown(before.holder)})`}.`;
  const now = multiLock === undefined ? `${name} is now held by` : `Both halves of ${name} now name`;
  return `${now} ${shown(newHolder, '?')}${before.holder === undefined || before.holder === newHolder ? '' : ` (it was held by ${shown(before.holder)})`}.`;
}
