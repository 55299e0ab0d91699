import { describe, expect, it } from "vitest";
import { DEFINITIONS, responseRow, slaCompliance, slaTargets } from "../../../src/analytics/sla.js";
import { days, envAt, ZONE } from "./fixtures.js";

// One SLA: 1 h to respond and 8 h to resolve, tightened for priority 1 to 15 min and 4 h.
const targets = slaTargets([{ id: 1, respondHours: 1, resolutionHours: 8 }], [{ sla: { id: 1 }, priority: { id: 1 }, respondHours: 0.25, resolutionHours: 4 }]);
const P1 = { id: 1, name: "P1" };
const P2 = { id: 2, name: "P2" };
const tickets = [
  // Responded in 10 min (≤ 15) and resolved in 200 min (≤ 240): both met.
  { id: 1, board: { name: "Help Desk" }, priority: P1, sla: { id: 1 }, isInSla: true, respondMinutes: 10, dateResponded: "2026-03-09T14:10:00Z", resolveMinutes: 200, dateResolved: "2026-03-09T18:00:00Z", respondedBy: "ana", _info: { dateEntered: "2026-03-09T14:00:00Z" } },
  // P2 falls back to the SLA's own targets: 90 min > 60 missed; 300 min ≤ 480 met.
  { id: 2, board: { name: "Help Desk" }, priority: P2, sla: { id: 1 }, isInSla: false, respondMinutes: 90, dateResponded: "2026-03-09T15:30:00Z", resolveMinutes: 300, dateResolved: "2026-03-10T15:00:00Z", respondedBy: "bo", _info: { dateEntered: "2026-03-09T14:00:00Z" } },
  // Exactly on the 15-minute target counts as met; entered at night, responded the next morning.
  { id: 3, board: { name: "Network" }, priority: P1, sla: { id: 1 }, isInSla: true, respondMinutes: 15, dateResponded: "2026-03-10T14:15:00Z", respondedBy: "ana", _info: { dateEntered: "2026-03-09T22:00:00Z" } },
  // Not responded yet, still open.
  { id: 4, board: { name: "Network" }, priority: P2, sla: { id: 1 }, isInSla: false, closedFlag: false, _info: { dateEntered: "2026-03-10T20:00:00Z" } },
];
const w = days("2026-03-09", "2026-03-16");
const env = envAt("2026-03-16T09:00");

describe("SLA compliance, worked by hand", () => {
  it("overall: 2 of 4 in SLA; response met 2 of 3 responded; resolution met 2 of 2 resolved", () => {
    const r = slaCompliance(tickets, targets, "board");
    expect(r.overall).toEqual({ group: "All", tickets: 4, in_sla: 2, compliance_pct: 50, responded: 3, response_met: 2, response_met_pct: 66.67, resolved: 2, resolution_met: 2, resolution_met_pct: 100 });
  });

  it("by board and by priority", () => {
    const byBoard = slaCompliance(tickets, targets, "board").groups;
    expect(byBoard).toContainEqual({ group: "Help Desk", tickets: 2, in_sla: 1, compliance_pct: 50, responded: 2, response_met: 1, response_met_pct: 50, resolved: 2, resolution_met: 2, resolution_met_pct: 100 });
    expect(byBoard).toContainEqual({ group: "Network", tickets: 2, in_sla: 1, compliance_pct: 50, responded: 1, response_met: 1, response_met_pct: 100, resolved: 0, resolution_met: 0, resolution_met_pct: null });
    const byPriority = slaCompliance(tickets, targets, "priority").groups;
    expect(byPriority.map((g) => [g.group, g.compliance_pct])).toEqual([["P1", 100], ["P2", 0]]);
  });

  it("answers with the overall line and a row per group", () => {
    const out = DEFINITIONS.sla_compliance.compute({ tickets, targets }, { window: w, groupBy: "board" }, env);
    expect(out.text).toContain("4 tickets, 50% in SLA; response met 66.67% of 3 responded; resolution met 100% of 2 resolved.");
    expect(out.text).toMatch(/Help Desk\s+2\s+1\s+50%\s+50%\s+2\s+100%/);
  });
});

describe("first response times, worked by hand", () => {
  it("median, mean and 90th percentile of business hours; median clock time; awaiting", () => {
    // Business hours: 10/60 = 0.1667, 90/60 = 1.5, 15/60 = 0.25 → sorted 0.1667, 0.25, 1.5.
    //   median 0.25; mean (0.1667 + 1.5 + 0.25) / 3 = 0.64; 90th percentile: rank ⌈0.9 × 3⌉ = 3 → 1.5.
    // Clock hours: 0.1667, 1.5, and 22:00 → 14:15 next day = 16.25 → median 1.5. One open ticket has no response.
    expect(responseRow("All", tickets, ZONE)).toEqual({ group: "All", tickets: 4, responded: 3, awaiting_response: 1, median_hours: 0.25, mean_hours: 0.64, p90_hours: 1.5, median_wall_clock_hours: 1.5 });
  });

  it("groups by who responded", () => {
    const out = DEFINITIONS.first_response_times.compute({ tickets }, { window: w, groupBy: "member" }, env);
    const groups = out.structured.groups as { group: string; responded: number; median_hours: number | null }[];
    // Fastest first: ana (10 and 15 min → median 0.21 h), then bo (1.5 h), then the unresponded ticket.
    expect(groups.map((g) => [g.group, g.responded, g.median_hours])).toEqual([["ana", 2, 0.21], ["bo", 1, 1.5], ["(nobody)", 0, null]]);
    expect(out.text).toContain("3 of 4 responded; median 0.25 h business time (mean 0.64 h, 90th percentile 1.5 h), median 1.5 h on the clock; 1 open without a response.");
  });
});
