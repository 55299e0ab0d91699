import { describe, expect, it } from "vitest";
import { warmUpWhenIdle } from "../../../src/mcp/warm-up.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("warm-up when idle", () => {
  it("starts after the delay and runs one step per turn of the event loop, letting other work in between", async () => {
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

  it("stops when told, before or between steps", async () => {
    let ran = 0;
    const before = warmUpWhenIdle(
      (function* () {
        for (;;) {
          ran++;
          yield;
        }
      })(),
      5,
      () => undefined,
    );
    before.stop();
    await sleep(20);
    expect(ran).toBe(0);
    const between = warmUpWhenIdle(
      (function* () {
        for (;;) {
          ran++;
          yield;
        }
      })(),
      0,
      () => undefined,
    );
    await sleep(5);
    between.stop();
    const at = ran;
    await sleep(10);
    expect(at).toBeGreaterThan(0);
    expect(ran).toBe(at);
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
