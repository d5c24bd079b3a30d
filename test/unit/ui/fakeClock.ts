import type { BatchClock, BatchTimer } from '../../../src/ui/dashboard/diffBatcher';

/** A clock whose time moves only when the test says so; timers fire in time order. */
export class FakeClock implements BatchClock {
  private time = 0;
  private seq = 0;
  private timers: { at: number; seq: number; callback: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, delayMs: number): BatchTimer {
    const timer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, callback, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves time forward to `to`, firing every timer due on the way. */
  advanceTo(to: number): void {
    for (;;) {
      const due = this.timers.filter((t) => !t.cancelled && t.at <= to).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = Math.max(this.time, to);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
