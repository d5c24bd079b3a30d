// Messages between the extension host (src/ui) and the dashboard webview (webview/).
// Both sides import this file, and the webview also imports pure src/core modules (the liveness
// verdict and its words, durations), so both sides judge and word a lock the same way.
// Everything here is plain, serialisable data: the webview never holds credentials or talks to a
// cluster, and the host validates every message it receives (src/ui/dashboard/webviewMessages.ts)
// because the webview is not trusted.

import type { LockEvidence, LockStateKind, LockThresholds } from './core/lockLiveness';

export const PROTOCOL_VERSION = 2;

/** The state a row is drawn with (src/core lockState's kind, as the host judged it when it sent the row). */
export type HealthState = LockStateKind;

export type LockKindName = 'Lease' | 'ConfigMap' | 'Endpoints' | 'MultiLock';

export type LockRoleName = 'election' | 'node-heartbeat' | 'apiserver-identity' | 'other';

/** One lock, as a row of the overview. Times are milliseconds since the epoch (host clock). */
export interface LockRow {
  /** Stable key: context/kind/namespace/name. */
  readonly key: string;
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: LockKindName;
  readonly role: LockRoleName;
  /** '' = vacant; null = the holder (or the whole record) could not be read: never vacant. */
  readonly holder: string | null;
  readonly leaseDurationSeconds: number | null;
  /** renewTime by the record (the holder's clock). */
  readonly renewTime: number | null;
  readonly acquireTime: number | null;
  /** When this host last saw the record change, or first saw the lock (the takeover clock's start). */
  readonly observedTime: number | null;
  readonly transitions: number | null;
  /** The state when the row was sent; the page moves it on with its clock from `evidence`. */
  readonly health: HealthState;
  /** What the state is judged from: the page runs src/core lockState on it with the host's thresholds. */
  readonly evidence: LockEvidence;
  readonly flapping: boolean;
  readonly skew: boolean;
  /** Problems that change the meaning of the record (malformed annotation, holders disagree…). */
  readonly problems: readonly string[];
  /** Whether the user's RBAC allows release / take over (undefined: not known yet). */
  readonly canWrite?: boolean;
}

/** A context's connection, for the header and for "stale" rows. */
export interface ContextRow {
  readonly name: string;
  readonly state: 'connecting' | 'connected' | 'disconnected' | 'forbidden' | 'unauthorized' | 'credentials' | 'error';
  readonly message?: string;
}

/** One leadership segment: who held the lock from `start` until `end` (null = still holding). */
export interface LeadershipSegment {
  readonly holder: string;
  readonly start: number;
  readonly end: number | null;
}

export interface CandidateRow {
  readonly name: string;
  readonly binaryVersion: string | null;
  readonly emulationVersion: string | null;
  readonly strategy: string | null;
  readonly pingTime: number | null;
  readonly renewTime: number | null;
}

/** Everything the detail view of one lock shows. */
export interface LockDetail {
  readonly row: LockRow;
  /** The record fields as read, for the "full record" table. */
  readonly record: Readonly<Record<string, string | number | null>>;
  /** Observed renewals: time and interval since the previous one (ms). */
  readonly renewals: readonly { readonly time: number; readonly intervalMs: number }[];
  readonly renewDeadlineSeconds: number | null;
  readonly leadership: readonly LeadershipSegment[];
  /** Times of observed holder changes. */
  readonly transitions: readonly number[];
  readonly candidates: readonly CandidateRow[];
  /** Whether the operator watches the lock for alerts (absent: not known to this host). */
  readonly watched?: boolean;
}

/** Host → webview. */
export type HostMessage =
  | {
      readonly type: 'snapshot';
      readonly version: typeof PROTOCOL_VERSION;
      readonly now: number;
      readonly rows: readonly LockRow[];
      readonly contexts: readonly ContextRow[];
      /** The user's thresholds (leaseLens.expiringThreshold), so the page judges as the tree does. */
      readonly thresholds: LockThresholds;
    }
  | {
      readonly type: 'diff';
      readonly now: number;
      readonly upserts: readonly LockRow[];
      readonly removed: readonly string[];
      readonly contexts?: readonly ContextRow[];
      readonly thresholds: LockThresholds;
    }
  | {
      readonly type: 'detail';
      readonly key: string;
      readonly detail: LockDetail | null;
      /**
       * A newer detail of the lock the host believes the page shows (it changed). The page drops it
       * when the user closed that lock meanwhile; without it, a detail is the host's choice (a tree
       * command, the selection restored) and the page opens it.
       */
      readonly update?: true;
    }
  | { readonly type: 'writeResult'; readonly key: string; readonly ok: boolean; readonly message: string }
  /** Show only the locks needing attention (the status bar item was clicked): the State filter's "needs attention". */
  | { readonly type: 'showAttention' };

/** What the page may ask the host to do with a lock besides writing it: each is one of the host's commands. */
export type LockActionType = 'watchLock' | 'unwatchLock' | 'exportTimeline' | 'copyTimeline';

/** Webview → host. Untrusted: validated by the host before anything is done with it. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'selectLock'; readonly key: string }
  | { readonly type: 'releaseLock'; readonly key: string }
  | { readonly type: 'takeOverLock'; readonly key: string }
  /** Watch / Unwatch Lock, Export Lock Timeline (the host asks where), Copy as Markdown. */
  | { readonly type: LockActionType; readonly key: string }
  | { readonly type: 'saveState'; readonly state: DashboardViewState };

/** What the dashboard restores after a reload (webview serializer). */
export interface DashboardViewState {
  readonly filter: string;
  readonly selected: string | null;
  readonly sort: { readonly column: string; readonly descending: boolean };
}
