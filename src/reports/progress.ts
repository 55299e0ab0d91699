/**
 * MCP progress for a report: seconds elapsed against the seconds a run usually takes (the calibration), with
 * the current step as the message, sent at each step and every second between (a report can sit on one page
 * for a while). Progress only ever increases, as the protocol requires; past the expected time the total is
 * left out rather than shown as a wrong promise.
 */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message: string;
}

export type ProgressSink = (update: ProgressUpdate) => unknown;

const TICK_MS = 1_000;

export class ProgressTicker {
  private readonly started = Date.now();
  private last = 0;
  private message = "starting";
  private readonly timer: NodeJS.Timeout | undefined;

  /** `calibrated`: the expectation comes from past runs (said in the message), not a first-run guess. */
  constructor(
    private readonly sink: ProgressSink | undefined,
    private readonly expectedMs: number,
    private readonly calibrated = false,
  ) {
    if (sink) {
      this.timer = setInterval(() => this.emit(), TICK_MS);
      this.timer.unref();
    }
  }

  step(message: string): void {
    this.message = message;
    this.emit();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private emit(): void {
    if (!this.sink) return;
    const elapsed = Math.max(this.last + 0.1, Math.round((Date.now() - this.started) / 100) / 10);
    this.last = Math.round(elapsed * 10) / 10;
    const expected = Math.round(this.expectedMs / 100) / 10;
    const usual = this.calibrated ? ` (usually about ${Math.max(1, Math.round(expected))} s)` : "";
    const update: ProgressUpdate = { progress: this.last, message: `${this.message}${usual}`, ...(this.last < expected ? { total: expected } : {}) };
    try {
      void Promise.resolve(this.sink(update)).catch(() => undefined);
    } catch {
      // a client that went away does not stop the report
    }
  }
}
