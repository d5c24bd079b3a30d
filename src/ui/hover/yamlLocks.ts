// Leader election locks written in a YAML file: each document that is a Lease, or a ConfigMap or
// Endpoints with the leader annotation, with the places a hover answers on (the name, the holder,
// the renew time, the annotation). Multi-document files work document by document; a document
// with syntax errors is skipped and never throws. Free of `vscode` so it is unit-tested in Node.

import * as l10n from '@vscode/l10n';
import { isMap, isScalar, parseAllDocuments, type Node, type Pair } from 'yaml';
import { LEADER_ANNOTATION, parseLock, type LockView } from '../../core';

/** Hovers answer on these parts of a lock object. */
export type YamlLockPart = 'name' | 'holderIdentity' | 'renewTime' | 'annotation';

export interface YamlLockSpot {
  readonly part: YamlLockPart;
  /** Offsets in the text: from the key's first character to the value's last. */
  readonly start: number;
  readonly end: number;
}

export interface YamlLock {
  /** Parsed with context '' (a file names no context). */
  readonly view: LockView;
  /** Whether the document gives metadata.namespace (otherwise `view.namespace` is ''). */
  readonly namespaceGiven: boolean;
  /** The document's extent in the text. */
  readonly start: number;
  readonly end: number;
  readonly spots: readonly YamlLockSpot[];
}

/** Files larger than this are not parsed for hovers (kept cheap on every mouse move). */
export const MAX_YAML_LENGTH = 2_000_000;

/** A line that would make a lock of its document: where a hover on a file too large to parse says why it says nothing more. */
const LOCK_LINE =
  /\b(holderIdentity|renewTime|leaseDurationSeconds|control-plane\.alpha\.kubernetes\.io\/leader)\b|^\s*kind:\s*["']?Lease\b/;

export function looksLikeLockLine(line: string): boolean {
  return LOCK_LINE.test(line);
}

/** What a hover says on a lock line of a file larger than MAX_YAML_LENGTH. */
export function tooLargeText(length: number): string {
  const mb = (n: number): string => `${(n / 1_000_000).toFixed(1)} MB`;
  return l10n.t(
    'Lease Lens does not look for leader election locks in this file: it is {0}, more than the {1} it reads for hovers.',
    mb(length),
    mb(MAX_YAML_LENGTH),
  );
}

export function findYamlLocks(text: string): YamlLock[] {
  if (text.length > MAX_YAML_LENGTH) return [];
  let docs;
  try {
    docs = parseAllDocuments(text, { prettyErrors: false });
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const out: YamlLock[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    let object: unknown;
    try {
      // A small alias budget: a hover must not expand a billion laughs.
      object = doc.toJS({ maxAliasCount: 50 });
    } catch {
      continue;
    }
    const parsed = parseLock(object, { context: '' });
    if (parsed.type !== 'lock') continue;
    const root = doc.contents;
    const spots: YamlLockSpot[] = [];
    const add = (part: YamlLockPart, pair: Pair | undefined): void => {
      const span = pairSpan(pair);
      if (span !== undefined) spots.push({ part, ...span });
    };
    const metadata = valueOf(root, 'metadata');
    add('name', pairOf(metadata, 'name'));
    if (parsed.lock.kind === 'Lease') {
      const spec = valueOf(root, 'spec');
      add('holderIdentity', pairOf(spec, 'holderIdentity'));
      add('renewTime', pairOf(spec, 'renewTime'));
    } else {
      add('annotation', pairOf(valueOf(metadata, 'annotations'), LEADER_ANNOTATION));
    }
    const range = doc.range;
    const namespace = valueOf(metadata, 'namespace');
    out.push({
      view: parsed.lock,
      namespaceGiven: isScalar(namespace) && typeof namespace.value === 'string' && namespace.value !== '',
      start: range[0],
      end: range[1],
      spots,
    });
  }
  return out;
}

/** The lock and the part of it at `offset`, if the offset is on one of its spots. */
export function yamlLockAt(
  locks: readonly YamlLock[],
  offset: number,
): { readonly lock: YamlLock; readonly spot: YamlLockSpot } | undefined {
  for (const lock of locks) {
    if (offset < lock.start || offset > lock.end) continue;
    const spot = lock.spots.find((s) => offset >= s.start && offset <= s.end);
    if (spot !== undefined) return { lock, spot };
  }
  return undefined;
}

function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    const k: unknown = item.key;
    if (isScalar(k) && k.value === key) return item as Pair;
  }
  return undefined;
}

function valueOf(map: unknown, key: string): unknown {
  return pairOf(map, key)?.value ?? undefined;
}

function pairSpan(pair: Pair | undefined): { start: number; end: number } | undefined {
  if (pair === undefined) return undefined;
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0];
  // range[1] is where the value ends (before trailing comments and line breaks).
  const end = value?.range?.[1] ?? key?.range?.[1];
  return start === undefined || end === undefined ? undefined : { start, end };
}
