// Matching the writer's writes with what each party saw, to give write → seen latencies and, as
// important, how many writes each party never showed. Pure: unit-tested in test/unit/bench.
//
// A party may show a later version of a lock without ever showing an earlier one: the tree and
// the dashboard send the newest state of each lock per batch, so two renewals of one lock inside
// one batch are drawn once. The earlier write is then visible when the later one is (the user
// sees a state at least that new), and is counted as `superseded`, not as missed. A write is
// missed only when the party never showed that version or a later one of the same lock.

import type { SightingPairs, WriteTriples } from './benchProtocol';

export interface WriteLog {
  /** [resourceVersion, lock index, epoch ms] triples, in any order. */
  readonly triples: readonly WriteTriples[];
}

export interface PartyLatency {
  /** Writes the party showed (exactly, or through a later version of the same lock). */
  readonly seen: number;
  /** Writes it never showed, not even through a later version. */
  readonly missed: number;
  /** Of `seen`, those shown only through a later version. */
  readonly superseded: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

interface Write {
  readonly rv: number;
  readonly t: number;
}

/** Indexes the writes once; then `match` each party's sightings against them. */
export class WriteIndex {
  private readonly byLock = new Map<number, Write[]>();
  private readonly lockOf = new Map<number, number>();
  readonly count: number;

  constructor(log: WriteLog) {
    let count = 0;
    for (const triples of log.triples) {
      for (let i = 0; i + 2 < triples.length; i += 3) {
        const rv = triples[i]!;
        const lock = triples[i + 1]!;
        const t = triples[i + 2]!;
        if (!Number.isFinite(rv)) continue;
        let list = this.byLock.get(lock);
        if (list === undefined) this.byLock.set(lock, (list = []));
        list.push({ rv, t });
        this.lockOf.set(rv, lock);
        count++;
      }
    }
    for (const list of this.byLock.values()) list.sort((a, b) => a.rv - b.rv);
    this.count = count;
  }

  /** The writes' latencies as seen by one party (sightings in the order the party made them). */
  match(sightings: readonly SightingPairs[]): PartyLatency {
    const next = new Map<number, number>();
    const latencies: number[] = [];
    let superseded = 0;
    for (const pairs of sightings) {
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const rv = pairs[i]!;
        const at = pairs[i + 1]!;
        const lock = this.lockOf.get(rv);
        if (lock === undefined) continue; // not one of the writer's writes (creation, the server's own)
        const writes = this.byLock.get(lock)!;
        let j = next.get(lock) ?? 0;
        while (j < writes.length && writes[j]!.rv <= rv) {
          const w = writes[j]!;
          if (w.rv !== rv) superseded++;
          latencies.push(at - w.t);
          j++;
        }
        next.set(lock, j);
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      seen: latencies.length,
      missed: this.count - latencies.length,
      superseded,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.length > 0 ? latencies[latencies.length - 1]! : NaN,
    };
  }

  /** The highest resourceVersion written (to wait until every party is past it). */
  get lastRevision(): number {
    let max = -Infinity;
    for (const rv of this.lockOf.keys()) if (rv > max) max = rv;
    return max;
  }
}

/** The nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Least-squares slope of y over x (per unit of x); NaN with fewer than two points. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}
