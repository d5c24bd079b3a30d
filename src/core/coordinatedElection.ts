// Coordinated leader election (KEP-4355, beta in Kubernetes 1.33+): for a Lease with
// LeaseCandidates, the API server's own election controller names the holder, and client-go's
// coordinated candidates never take the lock themselves. What the controller does, as read in
// kube-apiserver 1.37 (pkg/controlplane/controller/leaderelection) and measured against it with
// real client-go candidates (see the README, "Release and take over, safely"):
//
//  1. It holds an election when the Lease is vacant, expired by its own clock (renewTime +
//     leaseDurationSeconds), or held by someone other than its pick; it looks again every 5 s.
//  2. It pings the candidates that have not renewed their LeaseCandidate in the last 5 s and waits
//     up to 5 s for their answers; the best of those that answered wins (pickOf below).
//  3. A vacant or expired Lease gets the winner as holder at once (a 5 s lease, no acquireTime,
//     transitions unchanged). A Lease held by anyone else gets the winner as preferredHolder, and a
//     client-go candidate named beside any preferredHolder stops renewing ("end of term"): the
//     Lease then expires and goes to the winner.
//
// So a release is undone within a moment (the holder is named again, or the next candidate when it
// does not answer), and a takeover for anyone but the pick lasts only until the written lease
// runs out, with nobody acting as leader for part of that time.

import type { LeaseCandidateView } from './leaseCandidate';
import type { LockView } from './lockView';

/** How long the controller waits for candidates to answer its ping, and how often it looks again. */
export const ELECTION_WAIT_SECONDS = 5;

/** A Lease whose holder the API server's election controller names. */
export function isCoordinated(view: LockView, candidates: readonly LeaseCandidateView[]): boolean {
  return view.kind === 'Lease' && (view.record?.strategy !== undefined || candidates.length > 0);
}

/**
 * The candidates the controller's OldestEmulationVersion rule ranks first: the oldest
 * emulationVersion, then the oldest binaryVersion, then the oldest LeaseCandidate. Empty when none
 * qualifies (unparsable versions are skipped, as the controller skips them). More than one when
 * they tie to the second (creationTimestamp has whole seconds): the controller then keeps whichever
 * it listed first, in no fixed order, and was seen handing the Lease back and forth between them.
 * It can only pick candidates that answer its ping, which this cannot know.
 */
export function pickOf(candidates: readonly LeaseCandidateView[]): LeaseCandidateView[] {
  let best: LeaseCandidateView[] = [];
  for (const c of candidates) {
    if (parseVersion(c.emulationVersion) === undefined || parseVersion(c.binaryVersion) === undefined) continue;
    const first = best[0];
    const order = first === undefined ? -1 : compareCandidates(c, first);
    if (order < 0) best = [c];
    else if (order === 0) best.push(c);
  }
  return best;
}

function compareCandidates(a: LeaseCandidateView, b: LeaseCandidateView): number {
  const byEmulation = compareVersions(parseVersion(a.emulationVersion)!, parseVersion(b.emulationVersion)!);
  if (byEmulation !== 0) return byEmulation;
  const byBinary = compareVersions(parseVersion(a.binaryVersion)!, parseVersion(b.binaryVersion)!);
  if (byBinary !== 0) return byBinary;
  const ta = a.createdAt === undefined ? 0 : Math.floor(a.createdAt.epochMs / 1000);
  const tb = b.createdAt === undefined ? 0 : Math.floor(b.createdAt.epochMs / 1000);
  return ta - tb;
}

interface Version {
  readonly numbers: readonly [number, number, number];
  /** Semver pre-release identifiers; empty for a release. */
  readonly pre: readonly string[];
}

/** Tolerant semver, as the controller parses (`v` prefix, missing minor or patch). */
export function parseVersion(text: string | undefined): Version | undefined {
  if (text === undefined) return undefined;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (m === null) return undefined;
  return {
    numbers: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)],
    pre: m[4] === undefined ? [] : m[4].split('.'),
  };
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.numbers[i] !== b.numbers[i]) return a.numbers[i]! - b.numbers[i]!;
  // A pre-release sorts before its release; identifiers compare numerically when both are numbers.
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}
