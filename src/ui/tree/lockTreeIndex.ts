// Which tree group every lock of the store sits in, kept up to date from the store's change
// batches in O(changed keys): a namespace (elections and other locks), or the one "Node
// heartbeats" / "API server identities" group of its context. The tree provider asks it for a
// group's members and learns from it which groups gained or lost members, so it redraws only those.
// Free of `vscode` so it is unit-tested in plain Node.

import type { LockKey, LockStore, LockStoreChange, LockView } from '../../core';

export type GroupKind = 'namespace' | 'heartbeats' | 'apiservers';

export interface GroupRef {
  readonly id: string;
  readonly context: string;
  readonly kind: GroupKind;
  /** The namespace of a namespace group; '' for the two folded groups. */
  readonly namespace: string;
}

export interface IndexUpdate {
  /** Groups whose members changed (added, removed, moved). */
  readonly membership: ReadonlySet<string>;
  /** Groups that appeared or disappeared: their context's list of groups changed. */
  readonly contextsWithNewGroups: ReadonlySet<string>;
  /** Locks still in the same group whose content changed. */
  readonly updated: ReadonlySet<LockKey>;
}

function groupKind(view: Pick<LockView, 'role'>): GroupKind {
  return view.role === 'nodeHeartbeat' ? 'heartbeats' : view.role === 'apiServerIdentity' ? 'apiservers' : 'namespace';
}

export function groupOf(view: Pick<LockView, 'context' | 'namespace' | 'role'>): GroupRef {
  const kind = groupKind(view);
  const namespace = kind === 'namespace' ? view.namespace : '';
  return { id: JSON.stringify([view.context, kind, namespace]), context: view.context, kind, namespace };
}

/** Whether the lock belongs in `ref` (what groupOf would say, without building a new GroupRef). */
function inGroup(view: Pick<LockView, 'context' | 'namespace' | 'role'>, ref: GroupRef): boolean {
  const kind = groupKind(view);
  return (
    ref.kind === kind && ref.context === view.context && (kind !== 'namespace' || ref.namespace === view.namespace)
  );
}

export class LockTreeIndex {
  private readonly groupsById = new Map<string, { ref: GroupRef; keys: Set<LockKey> }>();
  private readonly byContext = new Map<string, Set<string>>();
  private readonly groupOfKey = new Map<LockKey, GroupRef>();

  /** Forgets everything and indexes the store as it is. */
  rebuild(store: LockStore | undefined): void {
    this.groupsById.clear();
    this.byContext.clear();
    this.groupOfKey.clear();
    if (store === undefined) return;
    for (const lock of store.locks()) this.add(lock.view.key, groupOf(lock.view));
  }

  apply(change: LockStoreChange, store: LockStore): IndexUpdate {
    const membership = new Set<string>();
    const contexts = new Set<string>();
    const updated = new Set<LockKey>();
    for (const key of change.changed) {
      const lock = store.get(key);
      if (lock === undefined) continue;
      const old = this.groupOfKey.get(key);
      // Most changes are renewals that stay in their group: no new GroupRef for them.
      if (old !== undefined && inGroup(lock.view, old)) {
        updated.add(key);
        continue;
      }
      const group = groupOf(lock.view);
      if (old !== undefined) {
        if (this.remove(key, old)) contexts.add(old.context);
        membership.add(old.id);
      }
      if (this.add(key, group)) contexts.add(group.context);
      membership.add(group.id);
    }
    for (const key of change.removed) {
      const old = this.groupOfKey.get(key);
      if (old === undefined) continue;
      if (this.remove(key, old)) contexts.add(old.context);
      membership.add(old.id);
    }
    return { membership, contextsWithNewGroups: contexts, updated };
  }

  groups(context: string): GroupRef[] {
    const out: GroupRef[] = [];
    for (const id of this.byContext.get(context) ?? []) {
      const g = this.groupsById.get(id);
      if (g !== undefined) out.push(g.ref);
    }
    return out;
  }

  group(id: string): GroupRef | undefined {
    return this.groupsById.get(id)?.ref;
  }

  members(groupId: string): LockKey[] {
    return [...(this.groupsById.get(groupId)?.keys ?? [])];
  }

  size(groupId: string): number {
    return this.groupsById.get(groupId)?.keys.size ?? 0;
  }

  groupOfLock(key: LockKey): GroupRef | undefined {
    return this.groupOfKey.get(key);
  }

  /** Adds; returns true when the group is new. */
  private add(key: LockKey, ref: GroupRef): boolean {
    const g = this.groupsById.get(ref.id);
    if (g !== undefined) {
      // One GroupRef per group, shared by its members (65,000 node heartbeats share one).
      this.groupOfKey.set(key, g.ref);
      g.keys.add(key);
      return false;
    }
    this.groupOfKey.set(key, ref);
    this.groupsById.set(ref.id, { ref, keys: new Set([key]) });
    let ids = this.byContext.get(ref.context);
    if (ids === undefined) this.byContext.set(ref.context, (ids = new Set()));
    ids.add(ref.id);
    return true;
  }

  /** Removes; returns true when the group is now gone. */
  private remove(key: LockKey, ref: GroupRef): boolean {
    this.groupOfKey.delete(key);
    const g = this.groupsById.get(ref.id);
    if (g === undefined) return false;
    g.keys.delete(key);
    if (g.keys.size > 0) return false;
    this.groupsById.delete(ref.id);
    const ids = this.byContext.get(ref.context);
    ids?.delete(ref.id);
    if (ids?.size === 0) this.byContext.delete(ref.context);
    return true;
  }
}
