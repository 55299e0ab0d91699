import { describe, expect, it } from "vitest";
import { gather, required } from "../../../src/composites/fanout.js";
import { CwApiError } from "../../../src/http/errors.js";

const describeErr = (e: unknown) => (e instanceof Error ? e.message : String(e));

describe("gather", () => {
  it("starts every independent branch before any finishes, and a dependent one as soon as its need is met", async () => {
    const events: string[] = [];
    const later = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`end ${name}`);
      return name;
    };
    const got = await gather<{ a: string; b: string; c: string; d: string }>(
      {
        a: later("a", 20),
        b: later("b", 5),
        c: later("c", 10),
        d: async (need) => {
          const a = await need("a");
          events.push("start d");
          return `${a}+d`;
        },
      },
      describeErr,
    );
    expect(got.values).toEqual({ a: "a", b: "b", c: "c", d: "a+d" });
    expect(events.slice(0, 3)).toEqual(["start a", "start b", "start c"]);
    expect(events.indexOf("start d")).toBe(events.indexOf("end a") + 1);
    expect(got.failures).toEqual([]);
  });

  it("records a failed branch, skips what needed it, and keeps the rest", async () => {
    const boom = new CwApiError({ kind: "http", status: 500, message: "boom" });
    const got = await gather<{ ticket: number; company: string; notes: string[] }>(
      {
        ticket: async () => {
          throw boom;
        },
        company: async (need) => `company of ${await need("ticket")}`,
        notes: async () => ["n1"],
      },
      describeErr,
    );
    expect(got.values).toEqual({ notes: ["n1"] });
    expect(got.failures).toEqual([
      { branch: "ticket", error: "boom" },
      { branch: "company", error: "not fetched: it needs ticket, which failed" },
    ]);
    expect(() => required(got, "ticket")).toThrow(boom);
    expect(required(got, "notes")).toEqual(["n1"]);
  });

  it("names the first failure along a chain of needs", async () => {
    const got = await gather<{ a: number; b: number; c: number }>(
      {
        a: async () => {
          throw new Error("a broke");
        },
        b: async (need) => (await need("a")) + 1,
        c: async (need) => (await need("b")) + 1,
      },
      describeErr,
    );
    expect(got.failures.map((f) => f.error)).toEqual(["a broke", "not fetched: it needs a, which failed", "not fetched: it needs a, which failed"]);
  });

  it("fails a required branch that was never fetched with the error of the request behind it", async () => {
    // cw_ticket_context: the ticket comes out of the "family" list; when that list fails, the call's error is that list's.
    const boom = new CwApiError({ kind: "http", status: 503, method: "GET", path: "/service/tickets", message: "unavailable" });
    const got = await gather<{ family: number[]; ticket: number; sla: number }>(
      {
        family: async () => {
          throw boom;
        },
        ticket: async (need) => (await need("family"))[0]!,
        sla: async (need) => (await need("ticket")) + 1,
      },
      describeErr,
    );
    expect(() => required(got, "ticket")).toThrow(boom);
    expect(() => required(got, "sla")).toThrow(boom);
  });
});
