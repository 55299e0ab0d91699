/**
 * At most N requests in flight to ConnectWise (CW_MAX_CONCURRENCY, default 4); the rest wait in order.
 * A caller that gives up (AbortSignal) while waiting leaves the queue without taking a slot.
 */
export class Limiter {
  private active = 0;
  private readonly queue: { start: () => void; cancel: (reason: unknown) => void }[] = [];

  constructor(readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          this.active++;
          resolve();
        },
        cancel: reject,
      };
      const onAbort = () => {
        const i = this.queue.indexOf(entry);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  private release(): void {
    this.active--;
    this.queue.shift()?.start();
  }
}
