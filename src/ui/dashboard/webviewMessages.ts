// Parses what the dashboard webview sends into typed messages, or nothing.
//
// The webview is not trusted: its page renders strings from the cluster, and anything that runs
// there can post any structured-clonable value. So a message is accepted only in exactly one of
// the protocol's shapes (src/protocol.ts): a plain object with precisely the expected own
// properties, each a data property of the expected type, strings bounded in length. The result is
// a fresh object built from those values, so nothing else the sender attached (extra properties,
// prototypes, accessors) travels further. Whether a key names an existing lock is the panel's
// check, not this file's. Keep this file free of `vscode`: it is unit-tested in plain Node.

import type { DashboardViewState, WebviewMessage } from '../../protocol';

/** Longer than any lock key (context/kind/namespace/name with Kubernetes' own limits). */
export const MAX_KEY_LENGTH = 1024;
export const MAX_FILTER_LENGTH = 512;
const COLUMN_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,31}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The message, when `raw` is exactly one of the protocol's webview messages; otherwise undefined. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  try {
    return parseMessage(raw);
  } catch {
    // A hostile value (a Proxy whose traps throw) is just another malformed message.
    return undefined;
  }
}

/**
 * The view state in `raw` (webview state handed to the panel serializer after a reload), taking
 * only the known fields and ignoring others the webview keeps for itself. Undefined when a known
 * field is missing or malformed.
 */
export function pickDashboardViewState(raw: unknown): DashboardViewState | undefined {
  try {
    const fields = plainFields(raw);
    if (fields === undefined) return undefined;
    return viewState(fields, false);
  } catch {
    return undefined;
  }
}

/** A short description of a rejected message for the log; never echoes the sender's strings. */
export function describeRejectedMessage(raw: unknown): string {
  try {
    if (raw === null) return 'null';
    if (Array.isArray(raw)) return `an array of ${raw.length}`;
    if (typeof raw !== 'object') return `a ${typeof raw}`;
    const type = ownValue(raw, 'type');
    const keys = Reflect.ownKeys(raw).length;
    const named = typeof type === 'string' && /^[A-Za-z]{1,20}$/.test(type) ? `type "${type}"` : 'no valid type';
    return `an object with ${named} and ${keys} ${keys === 1 ? 'property' : 'properties'}`;
  } catch {
    return 'an unreadable value';
  }
}

function parseMessage(raw: unknown): WebviewMessage | undefined {
  const fields = plainFields(raw);
  if (fields === undefined) return undefined;
  const type = fields.get('type');
  switch (type) {
    case 'ready':
      return exactly(fields, ['type']) ? { type } : undefined;
    case 'selectLock':
    case 'releaseLock':
    case 'takeOverLock':
    case 'watchLock':
    case 'unwatchLock':
    case 'exportTimeline':
    case 'copyTimeline': {
      if (!exactly(fields, ['type', 'key'])) return undefined;
      const key = lockKey(fields.get('key'));
      return key === undefined ? undefined : { type, key };
    }
    case 'saveState': {
      if (!exactly(fields, ['type', 'state'])) return undefined;
      const stateFields = plainFields(fields.get('state'));
      const state = stateFields === undefined ? undefined : viewState(stateFields, true);
      return state === undefined ? undefined : { type, state };
    }
    default:
      return undefined;
  }
}

function viewState(fields: ReadonlyMap<string, unknown>, exact: boolean): DashboardViewState | undefined {
  if (exact && !exactly(fields, ['filter', 'selected', 'sort'])) return undefined;
  const filter = fields.get('filter');
  if (typeof filter !== 'string' || filter.length > MAX_FILTER_LENGTH) return undefined;
  const rawSelected = fields.get('selected');
  const selected = rawSelected === null ? null : lockKey(rawSelected);
  if (selected === undefined) return undefined;
  const sortFields = plainFields(fields.get('sort'));
  if (sortFields === undefined || (exact && !exactly(sortFields, ['column', 'descending']))) return undefined;
  const column = sortFields.get('column');
  const descending = sortFields.get('descending');
  if (typeof column !== 'string' || !COLUMN_PATTERN.test(column) || typeof descending !== 'boolean') return undefined;
  return { filter, selected, sort: { column, descending } };
}

function lockKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length === 0 || value.length > MAX_KEY_LENGTH || CONTROL_CHARACTERS.test(value)) return undefined;
  return value;
}

/**
 * The own data properties of a plain object (prototype Object.prototype or null), or undefined
 * for anything else, including objects with symbol keys or accessors. Never calls sender code.
 */
function plainFields(value: unknown): Map<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const fields = new Map<string, unknown>();
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return undefined;
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor)) return undefined;
    fields.set(key, descriptor.value);
  }
  return fields;
}

function exactly(fields: ReadonlyMap<string, unknown>, names: readonly string[]): boolean {
  return fields.size === names.length && names.every((name) => fields.has(name));
}

function ownValue(value: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return descriptor !== undefined && 'value' in descriptor ? descriptor.value : undefined;
}
