// How far ahead of our clock the holders of a context write their record times, measured where it
// can be: on renewals we saw happen, renewTime − our clock at that moment. A record that looks run
// out by its renewTime is only evidence of a stopped holder if the context's clocks agree with
// ours; when the renewals we saw show the holders' clocks far behind, skew explains it better.
// The most common case is this machine's own clock being off, which shifts every lock alike.

import { RingBuffer } from './ringBuffer';

/** Samples kept per context: recent renewals, whichever locks they came from. */
const SAMPLES = 31;

export class ClockOffsets {
  private readonly byContext = new Map<string, { samples: RingBuffer<number>; median: number | undefined }>();

  /** A renewal we saw at `observedAt` (our clock) that wrote `renewTime` (the holder's). */
  add(context: string, renewTime: number, observedAt: number): void {
    let entry = this.byContext.get(context);
    if (entry === undefined) this.byContext.set(context, (entry = { samples: new RingBuffer(SAMPLES), median: 0 }));
    entry.samples.push(renewTime - observedAt);
    entry.median = undefined;
  }

  /** The median offset of the context's recent renewals; undefined while none was seen. */
  offset(context: string): number | undefined {
    const entry = this.byContext.get(context);
    if (entry === undefined) return undefined;
    if (entry.median === undefined) {
      const sorted = entry.samples.toArray().sort((a, b) => a - b);
      entry.median = sorted[Math.floor(sorted.length / 2)];
    }
    return entry.median;
  }

  removeContext(context: string): void {
    this.byContext.delete(context);
  }
}
