import { describe, expect, it } from "vitest";
import { DEFINITIONS, timeByMember, utilization, workingDays } from "../../../src/analytics/time.js";
import { days, envAt } from "./fixtures.js";

// Monday 9 March to Friday 13 March 2026; "now" is Friday afternoon; Wednesday the 11th is a holiday.
const w = days("2026-03-09", "2026-03-14");
const env = envAt("2026-03-13T15:00");
const holidays = [{ date: "2026-03-11", name: "Company day" }, { date: "2026-03-20", name: "Outside the window" }];
const members = [
  { id: 1, identifier: "ana", firstName: "Ana", lastName: "Lee", dailyCapacity: 8 },
  { id: 2, identifier: "bo", firstName: "Bo", lastName: "Park", dailyCapacity: 6 },
  { id: 3, identifier: "cy", firstName: "Cy", lastName: "Ng", dailyCapacity: 0 },
  { id: 4, identifier: "dee", firstName: "Dee", lastName: "Fox", dailyCapacity: 7, inactiveFlag: true },
];
const e = (member: number, hours: number, billableOption: string, chargeToType: string, util: boolean) => ({ member: { id: member }, actualHours: hours, billableOption, chargeToType, workType: { utilizationFlag: util } });
const entries = [
  e(1, 3, "Billable", "ServiceTicket", true),
  e(1, 2, "DoNotBill", "ChargeCode", false),
  e(1, 1.5, "NoCharge", "ProjectTicket", true),
  e(2, 4, "Billable", "ProjectTicket", true),
  e(2, 0.5, "NoDefault", "ServiceTicket", true),
  e(3, 1, "Billable", "ServiceTicket", false),
];

describe("time totals by member, worked by hand", () => {
  const rows = timeByMember(entries, members);

  it("splits each member's hours into billable and not, and by what they were charged to", () => {
    // ana: 3 + 2 + 1.5 = 6.5 h, billable 3 → 3 / 6.5 = 46.15 %; service 3, project 1.5, internal 2.
    expect(rows[0]).toMatchObject({ member: "ana", name: "Ana Lee", entries: 3, hours: 6.5, billable_hours: 3, non_billable_hours: 3.5, billable_pct: 46.15, service_hours: 3, project_hours: 1.5, internal_hours: 2, utilized_hours: 4.5 });
    // bo: 4 + 0.5 = 4.5 h, billable 4 → 88.89 %; NoDefault counts as not billable.
    expect(rows[1]).toMatchObject({ member: "bo", hours: 4.5, billable_hours: 4, non_billable_hours: 0.5, billable_pct: 88.89, project_hours: 4, service_hours: 0.5 });
    expect(rows[2]).toMatchObject({ member: "cy", hours: 1, billable_pct: 100 });
  });

  it("answers with a table and the team's totals: 12 h, 8 billable = 66.67 %", () => {
    const out = DEFINITIONS.time_totals_by_member.compute({ entries, members }, { window: w }, env);
    expect(out.structured.totals).toEqual({ entries: 6, hours: 12, billable_hours: 8, non_billable_hours: 4, billable_pct: 66.67 });
    expect(out.text).toContain("Time by member, 2026-03-09 to 2026-03-13 (America/Chicago): 12 h in 6 entries, 66.67% billable.");
    expect(out.text.split("\n")[1]).toMatch(/^Member\s+Hours\s+Billable/);
    expect(out.text).toMatch(/ana\s+6\.5\s+3\s+3\.5\s+46\.15%/);
  });
});

describe("utilization, worked by hand", () => {
  it("counts Monday to Friday up to today, less holidays", () => {
    expect(workingDays(w, env.now, new Set(["2026-03-11"]))).toBe(4);
    // On Wednesday morning only Monday, Tuesday and Wednesday have begun; Wednesday is the holiday.
    expect(workingDays(w, envAt("2026-03-11T10:00").now, new Set(["2026-03-11"]))).toBe(2);
  });

  const u = utilization(entries, members, holidays, w, env.now);

  it("sets hours against daily capacity × working days", () => {
    expect(u.working_days).toBe(4);
    // bo: capacity 6 × 4 = 24; billable 4 / 24 = 16.67 %; utilized 4.5 / 24 = 18.75 %; logged 18.75 %.
    expect(u.members[0]).toMatchObject({ member: "bo", capacity_hours: 24, billable_utilization_pct: 16.67, utilization_pct: 18.75, logged_pct: 18.75 });
    // ana: 8 × 4 = 32; billable 3 / 32 = 9.38 %; utilized 4.5 / 32 = 14.06 %; logged 6.5 / 32 = 20.31 %.
    expect(u.members[1]).toMatchObject({ member: "ana", capacity_hours: 32, billable_utilization_pct: 9.38, utilization_pct: 14.06, logged_pct: 20.31 });
    // cy has no capacity set: 8 h a day is assumed, 32 h; 1 / 32 = 3.13 %. dee is inactive with no time: left out.
    expect(u.members[2]).toMatchObject({ member: "cy", daily_capacity: 8, capacity_hours: 32, billable_utilization_pct: 3.13 });
    expect(u.members.map((m) => m.member)).toEqual(["bo", "ana", "cy"]);
  });

  it("one member, when asked", () => {
    expect(utilization(entries, members, holidays, w, env.now, 1).members.map((m) => m.member)).toEqual(["ana"]);
  });

  it("answers with team figures, the holidays in the window and a chart of hours against capacity", () => {
    const out = DEFINITIONS.member_utilization.compute({ entries, members, holidays }, { window: w }, env);
    // Team: 24 + 32 + 32 = 88 h capacity; billable 8 → 9.09 %; utilized 4.5 + 4.5 = 9 → 10.23 %.
    expect(out.structured.totals).toEqual({ capacity_hours: 88, billable_hours: 8, utilized_hours: 9, billable_utilization_pct: 9.09, utilization_pct: 10.23 });
    expect(out.structured.holidays).toEqual([{ date: "2026-03-11", name: "Company day" }]);
    expect(out.text).toContain("4 working days");
    const layers = (out.chart as { layer: { data: { values: Record<string, unknown>[] } }[] }).layer;
    expect(layers[0]!.data.values).toContainEqual({ member: "ana", kind: "Billable", hours: 3 });
    expect(layers[1]!.data.values).toContainEqual({ member: "bo", capacity: 24 });
  });
});
