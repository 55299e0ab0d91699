import { describe, expect, it } from "vitest";
import { compare, flatten, formatChanges } from "../../../scripts/bench/compare.js";

describe("bench comparison with the last run", () => {
  it("keys list entries by their name, so a reordered list still compares like with like", () => {
    const flat = flatten({ composites: { cases: [{ tool: "cw_ticket_context", ratio: 1.2 }, { tool: "cw_audit_ticket", ratio: 1.1 }] }, search: { p99Ms: 4 } });
    expect(Object.fromEntries(flat)).toEqual({ "composites.cases[cw_ticket_context].ratio": 1.2, "composites.cases[cw_audit_ticket].ratio": 1.1, "search.p99Ms": 4 });
  });

  it("reports what moved by 10 % or more, better or worse by the figure's direction", () => {
    const before = { search: { p99Ms: 8 }, pagination: { parallel: { ratio: 2 } }, sandbox: { ticketListRps: 100, ticketShareOfFloor: 0.05 }, startup: { rssMb: 73 } };
    const after = { search: { p99Ms: 4 }, pagination: { parallel: { ratio: 2.1 } }, sandbox: { ticketListRps: 50, ticketShareOfFloor: 0.1 }, startup: { rssMb: 74 } };
    const changes = compare(before, after);
    // Largest change first.
    expect(changes.map((c) => [c.key, Math.round(c.change * 100), c.better])).toEqual([
      ["sandbox.ticketShareOfFloor", 100, true],
      ["search.p99Ms", -50, true],
      ["sandbox.ticketListRps", -50, false],
    ]);
    expect(formatChanges(changes, "2026-11-30")).toContain("WORSE   sandbox.ticketListRps: 100 → 50 (-50 %)");
    expect(formatChanges([], undefined)).toMatch(/^No figure moved/);
  });
});
