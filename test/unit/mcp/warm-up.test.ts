import { describe, expect, it } from "vitest";
import { warmUpWhenIdle } from "../../../src/mcp/warm-up.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function* counting(log: string[], n = Infinity) {
  for (let i = 1; i <= n; i++) {
    log.push(`step ${i}`);
    yield;
  }
}

describe("warm-up when idle", () => {
  it("starts once idle and runs one step per turn of the event loop, letting other work in between", async () => {
    const log: string[] = [];
    function* steps() {
      for (let i = 1; i <= 3; i++) {
        log.push(`step ${i}`);
        // Work that arrives while a step runs is done before the next step.
        setImmediate(() => log.push(`other ${i}`));
        yield;
      }
    }
    warmUpWhenIdle(steps(), 30, () => undefined);
    await sleep(10);
    expect(log).toEqual([]);
    while (log.length < 6) await sleep(5);
    expect(log).toEqual(["step 1", "other 1", "step 2", "other 2", "step 3", "other 3"]);
  });

  it("puts the start off while requests keep arriving", async () => {
    const log: string[] = [];
    const warm = warmUpWhenIdle(counting(log, 2), 250, () => undefined);
    for (let i = 0; i < 20; i++) {
      await sleep(15);
      warm.activity();
    }
    // 300 ms in, never 250 ms without a request.
    expect(log).toEqual([]);
    while (log.length < 2) await sleep(10);
    expect(log).toEqual(["step 1", "step 2"]);
  });

  it("pauses between steps when a request arrives, and goes on after another idle spell", async () => {
    const log: string[] = [];
    const warm = warmUpWhenIdle(counting(log), 200, () => undefined);
    while (log.length === 0) await sleep(2);
    warm.activity();
    const paused = log.length;
    await sleep(20);
    expect(log.length).toBe(paused);
    while (log.length === paused) await sleep(10);
    expect(log.length).toBeGreaterThan(paused);
    warm.stop();
  });

  it("stops when told, before or between steps", async () => {
    const log: string[] = [];
    warmUpWhenIdle(counting(log), 5, () => undefined).stop();
    await sleep(20);
    expect(log).toEqual([]);
    const between = warmUpWhenIdle(counting(log), 0, () => undefined);
    await sleep(5);
    between.stop();
    const at = log.length;
    await sleep(10);
    expect(at).toBeGreaterThan(0);
    expect(log.length).toBe(at);
  });

  it("reports a failing step once and goes no further", async () => {
    const errors: unknown[] = [];
    let after = false;
    warmUpWhenIdle(
      (function* () {
        yield;
        throw new Error("catalogue closed");
        // eslint-disable-next-line no-unreachable
        after = true;
      })(),
      0,
      (err) => errors.push(err),
    );
    await sleep(20);
    expect(errors.map((e) => (e as Error).message)).toEqual(["catalogue closed"]);
    expect(after).toBe(false);
  });
});
