/**
 * Work a server does for its first user's sake once start-up is over: small steps, one per turn of the
 * event loop, so a request arriving meanwhile waits for one step at most. Starts after `delayMs` (the
 * start-up figures and the first tools/list are not slowed) and never keeps the process alive.
 */
export function warmUpWhenIdle(steps: Iterator<unknown>, delayMs: number, onError: (err: unknown) => void): { stop(): void } {
  let stopped = false;
  const next = () => {
    if (stopped) return;
    try {
      if (steps.next().done) return;
    } catch (err) {
      // A warm-up is only a head start: the same work happens on first use, where a failure is reported.
      onError(err);
      return;
    }
    setImmediate(next).unref();
  };
  const timer = setTimeout(next, delayMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
