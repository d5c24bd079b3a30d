// Lock keys: `context/kind/namespace/name`. Kubeconfig context names may contain `/` (EKS context
// names are ARNs such as `arn:aws:eks:eu-west-1:123:cluster/prod`), while Kubernetes names and
// namespaces cannot, so a key is split from the right.

import { LOCK_KINDS, type LockKey, type LockKind } from './lockView';

export function lockKey(context: string, kind: LockKind, namespace: string, name: string): LockKey {
  // join makes one flat string; a template literal makes a rope that, once hashed as a map key,
  // keeps an extra 32-byte node alive for every one of tens of thousands of locks.
  return [context, kind, namespace, name].join('/');
}

export interface LockKeyParts {
  readonly context: string;
  readonly kind: LockKind;
  readonly namespace: string;
  readonly name: string;
}

export function parseLockKey(key: string): LockKeyParts | undefined {
  const nameAt = key.lastIndexOf('/');
  const namespaceAt = nameAt > 0 ? key.lastIndexOf('/', nameAt - 1) : -1;
  const kindAt = namespaceAt > 0 ? key.lastIndexOf('/', namespaceAt - 1) : -1;
  if (kindAt < 0) return undefined;
  const kind = key.slice(kindAt + 1, namespaceAt);
  if (!isLockKind(kind)) return undefined;
  return {
    context: key.slice(0, kindAt),
    kind,
    namespace: key.slice(namespaceAt + 1, nameAt),
    name: key.slice(nameAt + 1),
  };
}

export function isLockKind(value: unknown): value is LockKind {
  return typeof value === 'string' && (LOCK_KINDS as readonly string[]).includes(value);
}

/** The key MultiLock pairing and LeaseCandidates use: one election, whatever object holds it. */
export function electionKey(context: string, namespace: string, name: string): string {
  return `${context}/${namespace}/${name}`;
}
