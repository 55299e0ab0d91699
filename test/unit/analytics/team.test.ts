import { describe, expect, it } from "vitest";
import { auditSample, DEFINITIONS, dispatchFigures, leaderboard } from "../../../src/analytics/team.js";
import { days, envAt } from "./fixtures.js";

const w = days("2026-03-02", "2026-03-16");
const env = envAt("2026-03-16T12:00");

describe("team leaderboard, worked by hand", () => {
  const tickets = [
    { id: 1, closedFlag: true, closedDate: "2026-03-05T15:00:00Z", resolvedBy: "ana", closedBy: "bo", isInSla: true, respondedBy: "ana", respondMinutes: 30, dateResponded: "2026-03-04T15:00:00Z" },
    { id: 2, closedFlag: true, closedDate: "2026-03-06T15:00:00Z", closedBy: "bo", isInSla: false, respondedBy: "ana", respondMinutes: 90, dateResponded: "2026-03-05T15:00:00Z" },
    // Cancelled: no credit for closing it. Its response was before the range.
    { id: 3, closedFlag: true, closedDate: "2026-03-07T15:00:00Z", resolvedBy: "ana", status: { name: "Cancelled" }, respondedBy: "bo", respondMinutes: 60, dateResponded: "2026-02-20T15:00:00Z" },
    { id: 4, closedFlag: true, closedDate: "2026-03-08T15:00:00Z", resolvedBy: "ana", isInSla: true },
    // Closed before the range.
    { id: 5, closedFlag: true, closedDate: "2026-02-27T15:00:00Z", resolvedBy: "bo", isInSla: true },
  ];
  const entries = [
    { member: { id: 1, identifier: "ana" }, actualHours: 5, billableOption: "Billable" },
    { member: { id: 1, identifier: "ana" }, actualHours: 3, billableOption: "DoNotBill" },
    { member: { id: 2, identifier: "bo" }, actualHours: 2, billableOption: "Billable" },
  ];

  it("credits closes to resolvedBy (else closedBy), medians the responses in the range, adds the time", () => {
    const rows = leaderboard(tickets, entries, [], w, "closed");
    // ana: closed #1 and #4, both in SLA; responses 30 and 90 min → median 1 h; 8 h, 5 billable = 62.5 %.
    expect(rows[0]).toEqual({ rank: 1, member: "ana", closed: 2, closed_in_sla_pct: 100, responses: 2, median_response_hours: 1, hours: 8, billable_hours: 5, billable_pct: 62.5 });
    // bo: closed #2 (no resolvedBy), out of SLA; no responses in the range; 2 h, all billable.
    expect(rows[1]).toEqual({ rank: 2, member: "bo", closed: 1, closed_in_sla_pct: 0, responses: 0, median_response_hours: null, hours: 2, billable_hours: 2, billable_pct: 100 });
  });

  it("ranks by what is asked", () => {
    expect(leaderboard(tickets, entries, [], w, "billable_hours").map((r) => r.member)).toEqual(["ana", "bo"]);
    expect(leaderboard(tickets, [...entries, { member: { id: 2, identifier: "bo" }, actualHours: 10, billableOption: "Billable" }], [], w, "billable_hours").map((r) => r.member)).toEqual(["bo", "ana"]);
    // Fastest median response first; no responses last.
    expect(leaderboard(tickets, entries, [], w, "response").map((r) => r.member)).toEqual(["ana", "bo"]);
    const out = DEFINITIONS.team_leaderboard.compute({ tickets, entries, members: [] }, { window: w, rankBy: "closed" }, env);
    expect(out.text).toContain("3 tickets closed, 10 h logged.");
  });
});

describe("dispatch efficiency, worked by hand", () => {
  const tickets = [
    { id: 11, board: { name: "Help Desk" }, owner: { id: 1 }, closedFlag: true, respondMinutes: 30, _info: { dateEntered: "2026-03-03T15:00:00Z" } },
    { id: 12, board: { name: "Help Desk" }, owner: { id: 1 }, closedFlag: true, respondMinutes: 60, _info: { dateEntered: "2026-03-04T15:00:00Z" } },
    { id: 13, board: { name: "Network" }, owner: { id: 2 }, closedFlag: true, _info: { dateEntered: "2026-03-05T15:00:00Z" } },
    // Open and unassigned since noon yesterday (Chicago): 24 h old.
    { id: 14, board: { name: "Network" }, closedFlag: false, _info: { dateEntered: "2026-03-15T17:00:00Z" } },
    { id: 15, board: { name: "Help Desk" }, owner: { id: 2 }, closedFlag: false, respondMinutes: 120, _info: { dateEntered: "2026-03-14T15:00:00Z" } },
    { id: 16, board: { name: "Help Desk" }, owner: { id: 2 }, closedFlag: true, status: { name: "Cancelled" }, _info: { dateEntered: "2026-03-06T15:00:00Z" } },
  ];
  // #11 one entry; #12 three; #13 none; the cancelled #16 one.
  const entries = [11, 12, 12, 12, 16].map((chargeToId) => ({ chargeToId }));

  it("unassigned, first-contact resolution and touches", () => {
    // Closed, not cancelled: #11, #12, #13; with time: #11, #12; one entry: #11 → 1 / 2 = 50 %; touches (1 + 3) / 2 = 2.
    // Responses 30, 60, 120 min → median 1 h.
    expect(dispatchFigures(tickets, entries, env)).toEqual({
      tickets: 6, unassigned_open: 1, unassigned_median_age_hours: 24, closed: 3, closed_with_time: 2, first_contact_resolved: 1,
      first_contact_resolution_pct: 50, mean_touches: 2, median_first_response_hours: 1,
    });
  });

  it("time to assign and reassignments from the sampled audit trails", () => {
    const at = (iso: string, subType: string) => ({ enteredDate: iso, auditSubType: subType });
    const trails = new Map([
      [11, [at("2026-03-03T15:00:00Z", "Ticket"), at("2026-03-03T15:15:00Z", "Resource")]],
      [12, [at("2026-03-04T15:05:00Z", "Resource"), at("2026-03-04T16:05:00Z", "Resource"), at("2026-03-04T15:00:00Z", "Ticket")]],
      [14, [at("2026-03-15T17:00:00Z", "Ticket")]],
    ]);
    // #11: 15 min to assign; #12: 5 min, then reassigned once; #14: never assigned.
    // Median of 5 and 15 = 10; 90th percentile rank ⌈0.9 × 2⌉ = 2 → 15; 1 of 3 reassigned; mean (0 + 1 + 0) / 3 = 0.33.
    expect(auditSample(tickets, trails)).toEqual({ sampled: 3, with_assignment: 2, median_minutes_to_assign: 10, p90_minutes_to_assign: 15, reassigned: 1, reassignment_rate_pct: 33.33, mean_reassignments: 0.33 });
  });

  it("answers per board", () => {
    const out = DEFINITIONS.dispatch_efficiency.compute({ tickets, entries, trails: new Map() }, { window: w, sample: 0 }, env);
    const boards = out.structured.boards as { board: string; tickets: number; first_contact_resolution_pct: number | null }[];
    expect(boards.map((b) => [b.board, b.tickets, b.first_contact_resolution_pct])).toEqual([["Help Desk", 4, 50], ["Network", 2, null]]);
    expect(out.text).toContain("First-contact resolution: 50% (1 of 2 closed tickets with time took one entry; mean 2 entries).");
    expect(out.text).toContain("No audit trails were read (sample 0).");
  });
});
