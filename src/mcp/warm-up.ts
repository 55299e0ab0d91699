/**
 * Work a server does for its first user's sake while nobody is waiting: small steps, one per turn of the
 * event loop, once no request has arrived for `idleMs` (the start-up figures and the first requests are
 * not slowed). A request arriving meanwhile (`activity()`) pauses the steps until the server is idle
 * again, so it waits for one step at most. Never keeps the process alive.
 */
export interface WarmUp {
  /** A request arrived: pause, and start again after another idle spell. */
  activity(): void;
  stop(): void;
}

export function warmUpWhenIdle(steps: Iterator<unknown>, idleMs: number, onError: (err: unknown) => void): WarmUp {
  let stopped = false;
  let lastActivity = performance.now();
  let timer: NodeJS.Timeout | undefined;

  const wait = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(resume, ms);
    timer.unref();
  };
  function resume() {
    if (stopped) return;
    const quiet = performance.now() - lastActivity;
    if (quiet < idleMs) return wait(idleMs - quiet);
    step();
  }
  function step() {
    if (stopped) return;
    if (performance.now() - lastActivity < idleMs) return wait(idleMs);
    try {
      if (steps.next().done) {
        stopped = true;
        return;
      }
    } catch (err) {
      // A warm-up is only a head start: the same work happens on first use, where a failure is reported.
      stopped = true;
      onError(err);
      return;
    }
    setImmediate(step).unref();
  }
  wait(idleMs);
  return {
    activity() {
      // A waiting timer checks the time when it fires; running steps check it before each step.
      lastActivity = performance.now();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
