// Reading untyped input (objects as the API returns them, decoded annotation JSON) without ever
// throwing: every access goes through these helpers, which look at own properties only, so input
// such as `{ "toString": 1 }` or a key named `__proto__` is just data.

import type { JsonTypeName } from './lockView';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property, or undefined (inherited properties such as `constructor` are not data). */
export function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** `own` that tolerates a non-object holder. */
export function ownOf(object: unknown, key: string): unknown {
  return isObject(object) ? own(object, key) : undefined;
}

/**
 * A field the way Go's encoding/json finds it: the exact key, else a key equal up to case (Go
 * matches struct fields case-insensitively, so hand-written `"HolderIdentity"` is read too).
 */
export function goField(object: JsonObject, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(object, key)) return object[key];
  const lower = key.toLowerCase();
  let found: unknown = undefined;
  for (const k of Object.keys(object)) {
    if (k.toLowerCase() === lower) found = object[k];
  }
  return found;
}

export function ownString(object: unknown, key: string): string | undefined {
  const v = ownOf(object, key);
  return typeof v === 'string' ? v : undefined;
}

export function jsonTypeName(value: unknown): JsonTypeName {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}

/** A short, safe rendering of a value for messages; never throws (cycles, BigInt, getters). */
export function describeValue(value: unknown, maxLength = 40): string {
  let text: string;
  try {
    text =
      typeof value === 'string'
        ? JSON.stringify(value)
        : typeof value === 'bigint'
          ? `${value}n`
          : String(JSON.stringify(value) ?? typeof value);
  } catch {
    text = jsonTypeName(value);
  }
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** String-valued own entries of a map (labels, annotations); other values are skipped. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (!isObject(value)) return EMPTY;
  let out: Record<string, string> | undefined;
  for (const k of Object.keys(value)) {
    const v = value[k];
    // `__proto__` is not a valid label or annotation key, and assigning it would not make an entry.
    if (typeof v === 'string' && k !== '__proto__') {
      out ??= {};
      out[k] = v;
    }
  }
  return out ?? EMPTY;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});
