/**
 * Load under faults, at test scale: the bench's driver (scripts/bench/load.ts) — 500 tool calls issued at
 * once from one MCP client to the built server, against a sandbox answering 5 % of requests with a 5xx and
 * rate-limiting in bursts (429 + Retry-After) — run for two rounds. Only the hard properties are asserted;
 * throughput, latency and the memory series are the bench's (BENCHMARKS.md).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { checkWrites, cleanError, runLoad, type CallOutcome, type LoadReport, type Planned } from "../../scripts/bench/load.js";
import { tableKey } from "../../src/sandbox/references.js";
import type { RequestLogEntry } from "../../src/sandbox/server.js";
import { Store } from "../../src/sandbox/store.js";

const CALLS = 500;
const ROUNDS = 2;

describe(`${CALLS} concurrent tool calls, 5 % 5xx and 429 bursts`, () => {
  let report: LoadReport;

  beforeAll(async () => {
    // No latency and no settling pause: the test needs the outcomes, not the timings.
    report = await runLoad({ calls: CALLS, rounds: ROUNDS, latencyMs: 0, jitterMs: 0, settleMs: 0 });
  }, 120_000);
  it("really met the faults", () => {
    const injected5xx = ["500", "502", "503", "504"].reduce((n, s) => n + (report.statuses[s] ?? 0), 0);
    expect(injected5xx).toBeGreaterThan(0);
    expect(report.statuses["429"] ?? 0).toBeGreaterThan(0);
    expect(report.total.clean_error).toBeGreaterThan(0);
  });

  it("ended every call in a result or a clean error (no stack, names the request, says whether to retry)", () => {
    expect(report.problems.filter((p) => / (unclean_error|rejected): /.test(p))).toEqual([]);
    expect(report.total.unclean_error).toBe(0);
    expect(report.total.rejected).toBe(0);
    expect(report.total.ok + report.total.partial + report.total.clean_error).toBe(CALLS * ROUNDS);
  });

  it("sent no write twice and applied none twice, by the request log and by the store", () => {
    expect(report.writes.attempted).toBeGreaterThan(0.1 * CALLS * ROUNDS);
    expect(report.writes.sentTwice).toBe(0);
    expect(report.duplicatedWrites).toBe(0);
  });

  it("applied each write that answered success exactly once, and each failed one as its error said", () => {
    // Every per-write finding (success not applied once; an error that said "nothing was written" for an applied
    // write, or said nothing about it; log and store disagreeing) is a problem; there are none.
    expect(report.problems).toEqual([]);
    expect(report.writes.succeeded + report.writes.failed).toBe(report.writes.attempted);
    expect(report.writes.succeeded).toBeGreaterThan(0);
  });

  it("holds no more heap after the second round than twice what it held after the first (a gross leak check)", () => {
    const [first, second] = report.memory.heapAfterGcMb;
    expect(first).toBeGreaterThan(0);
    expect(second!).toBeLessThan(2 * first!);
  });
});

describe("what counts as a clean error", () => {
  it("names the request and whether to retry, with nothing left over from a missing value or a stack", () => {
    expect(cleanError("POST /service/tickets/5/notes failed (HTTP 503 ServiceUnavailable): down.\nIt was not resent automatically. Check whether it took effect before sending it again.")).toBe(true);
    expect(cleanError("GET /service/tickets failed (HTTP 503): down.\nTried 4 times.")).toBe(true);
    expect(cleanError("Unexpected error: needs family, which failed")).toBe(false);
    expect(cleanError("GET /service/tickets failed: undefined. Try again.")).toBe(false);
    expect(cleanError("GET /x failed. Try again.\n    at run (file:///dist/cli.js:10:5)")).toBe(false);
  });
});

describe("the write check finds what it is there to find", () => {
  const path = "/service/tickets/1/notes";
  const plan: Planned[] = [{ tool: "cw_api_call", args: {}, write: { method: "POST", path, marker: "LOAD-1-0-abc", ticketId: 1, kind: "note" } }];
  const entry = (status: number): RequestLogEntry => ({ method: "POST", path, query: {}, status });
  const outcome = (kind: CallOutcome["kind"], text = ""): CallOutcome[] => [{ kind, tool: "cw_api_call", ms: 1, text }];
  function check(notes: number, log: RequestLogEntry[], outcomes: CallOutcome[]) {
    const store = new Store();
    for (let i = 0; i < notes; i++) store.table(tableKey("/service/tickets/{parentId}/notes")).insert({ text: "Load test note LOAD-1-0-abc" }, { scope: "1" });
    const problems: string[] = [];
    const counts = checkWrites({ store }, plan, outcomes, log, 1, problems);
    return { problems, counts };
  }

  it("passes one write sent once and applied once", () => {
    expect(check(1, [entry(201)], outcome("ok")).problems).toEqual([]);
  });

  it("flags a write sent twice, and one applied twice", () => {
    const twice = check(2, [entry(503), entry(201), entry(201)], outcome("ok"));
    expect(twice.counts).toMatchObject({ sentTwice: 1, appliedTwice: 1 });
    expect(twice.problems.join("\n")).toMatch(/sent 3 times \(503, 201, 201\)[\s\S]*applied 2 times by the log, 2 in the store — duplicated/);
  });

  it("flags a success that was not applied, and an error that hid or denied an applied write", () => {
    expect(check(0, [entry(503)], outcome("ok")).problems).toEqual([expect.stringContaining("answered success but applied 0 times")]);
    expect(check(1, [entry(201)], outcome("clean_error", "POST /x failed (HTTP 503): down. Try again.")).problems).toContainEqual(
      expect.stringContaining("applied, and the error did not say it might have been"),
    );
    expect(check(1, [entry(201)], outcome("clean_error", "POST /x failed (HTTP 429): slow down. Nothing was written; sending it again is safe.")).problems).toEqual([
      expect.stringContaining("the error said nothing was written, but it was applied"),
    ]);
    expect(check(1, [entry(201)], outcome("clean_error", "POST /x failed: ConnectWise may or may not have applied this POST. Check before sending it again.")).problems).toEqual([]);
  });
});
