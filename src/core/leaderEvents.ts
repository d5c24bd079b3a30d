// Leader changes recorded as Kubernetes Events: client-go's elector records reason
// `LeaderElection` with message "<identity> became leader" or "<identity> stopped leading" on the
// lock object. Events outlive our watch, so they give history from before we started watching.

import { isObject, own, ownOf, ownString, type JsonObject } from './jsonValue';
import { isLockKind, lockKey } from './lockKey';
import type { LockKey } from './lockView';
import { parseRecordTime } from './recordTime';

export type LeaderTransition = 'became' | 'stopped';

export interface LeaderEventMessage {
  readonly identity: string;
  readonly transition: LeaderTransition;
}

export interface LeaderEventSubject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
}

export interface LeaderEvent extends LeaderEventMessage {
  /** When it happened, by the clock of the component that recorded it; undefined if unreadable. */
  readonly at: number | undefined;
  readonly subject: LeaderEventSubject | undefined;
}

export const LEADER_ELECTION_REASON = 'LeaderElection';

const MESSAGE = /^(.+) (became leader|stopped leading)$/s;

/** "<identity> became leader" / "<identity> stopped leading"; undefined for anything else. */
export function parseLeaderEventMessage(message: unknown): LeaderEventMessage | undefined {
  if (typeof message !== 'string') return undefined;
  const m = MESSAGE.exec(message);
  if (m === null) return undefined;
  const [, identity, what] = m;
  if (identity === undefined || identity.trim() === '') return undefined;
  return { identity, transition: what === 'became leader' ? 'became' : 'stopped' };
}

/**
 * A LeaderElection event, from a core/v1 or events.k8s.io/v1 Event, or from an event already
 * flattened to `{ kind, namespace, name, message, time }` (time in ms since the epoch).
 * Undefined for any other event or input. Aggregated events stand for their latest occurrence.
 */
export function parseLeaderEvent(event: unknown): LeaderEvent | undefined {
  if (!isObject(event)) return undefined;
  if (own(event, 'reason') === undefined && typeof own(event, 'time') === 'number') return parseFlatEvent(event);
  if (own(event, 'reason') !== LEADER_ELECTION_REASON) return undefined;
  const parsed = parseLeaderEventMessage(own(event, 'message') ?? own(event, 'note'));
  if (parsed === undefined) return undefined;
  const about = own(event, 'involvedObject') ?? own(event, 'regarding');
  const kind = ownString(about, 'kind');
  const name = ownString(about, 'name');
  const subject: LeaderEventSubject | undefined =
    kind === undefined || name === undefined
      ? undefined
      : { kind, name, namespace: ownString(about, 'namespace') ?? '', uid: ownString(about, 'uid') };
  const at =
    timeOf(own(event, 'lastTimestamp')) ??
    timeOf(ownOf(own(event, 'series'), 'lastObservedTime')) ??
    timeOf(own(event, 'eventTime')) ??
    timeOf(own(event, 'firstTimestamp')) ??
    timeOf(ownOf(own(event, 'metadata'), 'creationTimestamp'));
  return { ...parsed, at, subject };
}

function parseFlatEvent(event: JsonObject): LeaderEvent | undefined {
  const parsed = parseLeaderEventMessage(own(event, 'message'));
  const time = own(event, 'time');
  if (parsed === undefined || typeof time !== 'number' || !Number.isFinite(time)) return undefined;
  const kind = ownString(event, 'kind');
  const name = ownString(event, 'name');
  const subject =
    kind === undefined || name === undefined
      ? undefined
      : { kind, name, namespace: ownString(event, 'namespace') ?? '', uid: undefined };
  return { ...parsed, at: time, subject };
}

/** The lock an event is about, when it is about a lock kind. */
export function leaderEventLockKey(context: string, event: LeaderEvent): LockKey | undefined {
  const s = event.subject;
  if (s === undefined || !isLockKind(s.kind)) return undefined;
  return lockKey(context, s.kind, s.namespace, s.name);
}

function timeOf(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  return typeof value === 'string' ? parseRecordTime(value)?.epochMs : undefined;
}
