/**
 * One call's time limit and its cancellation, as one AbortSignal: the timer or the client's cancel aborts it,
 * and whoever holds the page closes it on abort, which makes every pending browser operation fail at once.
 * `reason` says which of the two it was, so the error can say so.
 */
export type AbortReason = "timeout" | "cancelled";

export class Deadline {
  readonly signal: AbortSignal;
  reason: AbortReason | undefined;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;
  private readonly unlink: () => void;

  constructor(
    readonly timeoutMs: number,
    outer?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.endsAt = Date.now() + timeoutMs;
    this.timer = setTimeout(() => this.abort("timeout"), timeoutMs);
    this.timer.unref();
    const onCancel = () => this.abort("cancelled");
    outer?.addEventListener("abort", onCancel, { once: true });
    this.unlink = () => outer?.removeEventListener("abort", onCancel);
    if (outer?.aborted) this.abort("cancelled");
  }

  /** Milliseconds left, at least 1 (Playwright treats 0 as "no limit"). */
  remaining(): number {
    return Math.max(1, this.endsAt - Date.now());
  }

  /** Settle with `promise`, or reject as soon as the deadline aborts. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(new Error(`aborted: ${this.reason}`));
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new Error(`aborted: ${this.reason}`));
      this.signal.addEventListener("abort", onAbort, { once: true });
      promise.then(
        (v) => {
          this.signal.removeEventListener("abort", onAbort);
          resolve(v);
        },
        (e: unknown) => {
          this.signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      );
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }

  private abort(reason: AbortReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.controller.abort();
  }
}
