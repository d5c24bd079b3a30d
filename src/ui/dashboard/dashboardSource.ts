// What the dashboard needs from the rest of the extension. The live store implements it; the
// dashboard (src/ui/dashboard/dashboardPanel.ts) only reads through it and writes through release/takeOver,
// whose implementations own the modal confirmation and the conflict flow. Keep this file free of
// `vscode` so that fakes of it run in plain Node.

import type { LockThresholds } from '../../core';
import type { ContextRow, LockActionType, LockDetail, LockRow } from '../../protocol';

/** Which locks changed since the last notification. A key in `removed` no longer exists. */
export interface DashboardChange {
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly contextsChanged: boolean;
}

/** How a write ended, in words for the operator ("Released Lease kube-system/x", "Cancelled"). */
export interface DashboardWriteOutcome {
  /** False when the write failed or was refused; a cancelled confirmation is ok: false too. */
  readonly ok: boolean;
  readonly message: string;
}

export interface DashboardSource {
  rows(): readonly LockRow[];
  contexts(): readonly ContextRow[];
  row(key: string): LockRow | undefined;
  detail(key: string): LockDetail | undefined;
  onDidChange(listener: (change: DashboardChange) => void): { dispose(): void };
  /**
   * Asks the operator (modal) and releases the lock with a conflict-checked write. The dashboard
   * calls it for a key that names an existing lock and never writes any other way. A rejection is
   * reported to the webview as a failed write with the error's message.
   */
  release(key: string): Promise<DashboardWriteOutcome>;
  /** Same contract as release, for taking the lock over. */
  takeOver(key: string): Promise<DashboardWriteOutcome>;
  /** The host clock (ms since the epoch) that LockRow times are measured against. */
  now(): number;
  /** The thresholds the host judges with (the page judges with the same). */
  thresholds(): LockThresholds;
  /**
   * Watch or unwatch the lock for alerts, export its timeline (the host asks where) or copy it as
   * Markdown: the same commands as the tree's, for a key that names an existing lock. Optional:
   * a source without it ignores these requests.
   */
  lockAction?(action: LockActionType, key: string): Promise<void>;
}
