// The LeaseCandidates of coordinated leader election, indexed by the Lease they compete for. The
// store keeps one and marks the Leases whose candidates changed; this file only keeps the index
// right across watch events, re-lists and removed contexts.

import { parseLeaseCandidate, type LeaseCandidateView } from './leaseCandidate';
import type { LockKey } from './lockView';

export type CandidateEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export class LeaseCandidateIndex {
  private readonly byLease = new Map<LockKey, Map<string, LeaseCandidateView>>();
  private readonly all = new Map<string, LeaseCandidateView>();

  /** LeaseCandidates for a Lease, by name. */
  forLease(leaseKey: LockKey): LeaseCandidateView[] {
    const m = this.byLease.get(leaseKey);
    return m === undefined ? [] : [...m.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Applies one watch event; returns the Leases whose candidates changed. */
  apply(context: string, type: CandidateEventType, object: unknown): LockKey[] {
    const c = parseLeaseCandidate(object, context);
    if (c === undefined) return [];
    const touched: LockKey[] = [];
    if (type === 'DELETED') this.remove(c.key, touched);
    else this.upsert(c, touched);
    return touched;
  }

  /** Reconciles after a re-list (of one namespace, or all when omitted); returns the Leases touched. */
  replace(context: string, objects: readonly unknown[], namespace?: string): LockKey[] {
    const touched: LockKey[] = [];
    const seen = new Set<string>();
    for (const object of objects) {
      const c = parseLeaseCandidate(object, context);
      if (c === undefined) continue;
      seen.add(c.key);
      this.upsert(c, touched);
    }
    for (const c of [...this.all.values()]) {
      if (c.context === context && (namespace === undefined || c.namespace === namespace) && !seen.has(c.key))
        this.remove(c.key, touched);
    }
    return touched;
  }

  /** Forgets a context's candidates; returns the Leases touched. */
  removeContext(context: string): LockKey[] {
    const touched: LockKey[] = [];
    for (const c of [...this.all.values()]) if (c.context === context) this.remove(c.key, touched);
    return touched;
  }

  private upsert(c: LeaseCandidateView, touched: LockKey[]): void {
    const previous = this.all.get(c.key);
    if (
      previous !== undefined &&
      previous.resourceVersion === c.resourceVersion &&
      previous.resourceVersion !== undefined
    )
      return;
    if (previous !== undefined && previous.leaseKey !== c.leaseKey) this.remove(c.key, touched);
    this.all.set(c.key, c);
    if (c.leaseKey !== undefined) {
      let m = this.byLease.get(c.leaseKey);
      if (m === undefined) this.byLease.set(c.leaseKey, (m = new Map()));
      m.set(c.key, c);
      touched.push(c.leaseKey);
    }
  }

  private remove(key: string, touched: LockKey[]): void {
    const c = this.all.get(key);
    if (c === undefined) return;
    this.all.delete(key);
    if (c.leaseKey !== undefined) {
      const m = this.byLease.get(c.leaseKey);
      m?.delete(key);
      if (m?.size === 0) this.byLease.delete(c.leaseKey);
      touched.push(c.leaseKey);
    }
  }
}
