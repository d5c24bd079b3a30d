// One clock tick a second for everything that shows an age ("renewed 3s ago") or a health that
// changes with time alone. It runs only while someone listens.

import type * as vscode from 'vscode';

export class Ticker implements vscode.Disposable {
  private readonly listeners = new Set<(now: number) => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs = 1000,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  onTick(listener: (now: number) => void): vscode.Disposable {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => this.tick(), this.intervalMs);
    return {
      dispose: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.stop();
      },
    };
  }

  dispose(): void {
    this.listeners.clear();
    this.stop();
  }

  private tick(): void {
    const now = Date.now();
    for (const l of [...this.listeners]) {
      try {
        l(now);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
