// Summary statistics of renew intervals, as the timeline export reports them against the lease
// duration and the renew deadline: min, median, p99 and max by the nearest-rank method (every
// value reported is one that was seen, never an interpolation between two renewals).

export interface IntervalStats {
  readonly count: number;
  readonly minMs: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Undefined for no intervals. Non-finite values are ignored. */
export function intervalStats(intervalsMs: readonly number[]): IntervalStats | undefined {
  const sorted = intervalsMs.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  return {
    count: sorted.length,
    minMs: sorted[0]!,
    medianMs: nearestRank(sorted, 0.5),
    p99Ms: nearestRank(sorted, 0.99),
    maxMs: sorted[sorted.length - 1]!,
  };
}

/** The smallest value with at least `q` of the values at or below it. */
export function nearestRank(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}
