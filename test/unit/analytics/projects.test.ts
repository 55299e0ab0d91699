import { describe, expect, it } from "vitest";
import { budgetBurn, DEFINITIONS, phaseCompletion } from "../../../src/analytics/projects.js";
import { envAt } from "./fixtures.js";

const env = envAt("2026-03-16T12:00");
const projects = [
  { id: 1, name: "Server refresh", company: { name: "Acme" }, status: { name: "In Progress" }, budgetHours: 100, actualHours: 60, percentComplete: 55, estimatedEnd: "2026-03-01T00:00:00Z", closedFlag: false },
  { id: 2, name: "Office move", company: { name: "Bolt" }, status: { name: "In Progress" }, budgetHours: 40, actualHours: 50, percentComplete: 80, estimatedEnd: "2026-06-01T00:00:00Z", closedFlag: false },
  { id: 3, name: "Not started", company: { name: "Cove" }, status: { name: "Open" }, budgetHours: 0, actualHours: 0, closedFlag: false },
];
const tickets = [
  { project: { id: 1 }, phase: { id: 11 }, budgetHours: 30, closedFlag: true },
  { project: { id: 1 }, phase: { id: 11 }, budgetHours: 20, closedFlag: true },
  { project: { id: 1 }, phase: { id: 12 }, budgetHours: 50, closedFlag: false },
  { project: { id: 1 }, phase: { id: 12 }, budgetHours: 0, closedFlag: true },
];

describe("project budget burn, worked by hand", () => {
  const rows = budgetBurn(projects, tickets, env);

  it("earned value from the project tickets: burn 60 %, complete 50 %, efficiency 0.83, forecast 120 h", () => {
    // Complete = closed tickets' budget (30 + 20 + 0) ÷ all (100) = 50 %; earned 50 h of 60 h used → 0.83; 60 / 0.5 = 120 h, 20 over.
    // Burn − complete = 10 points: not more than 10, so not "burning ahead"; the estimated end (1 March) has passed.
    expect(rows.find((r) => r.id === 1)).toMatchObject({ burn_pct: 60, complete_pct: 50, complete_basis: "tickets", connectwise_percent_complete: 55, efficiency: 0.83, forecast_hours: 120, variance_hours: 20, remaining_hours: 40, flags: ["past estimated end"] });
  });

  it("without ticket budgets ConnectWise's percentComplete is the progress", () => {
    // Burn 50 / 40 = 125 %; complete 80 %; earned 32 h ÷ 50 h = 0.64; forecast 50 / 0.8 = 62.5 h, 22.5 over.
    expect(rows.find((r) => r.id === 2)).toMatchObject({ burn_pct: 125, complete_pct: 80, complete_basis: "percentComplete", efficiency: 0.64, forecast_hours: 62.5, variance_hours: 22.5, flags: ["over budget"] });
    expect(rows.find((r) => r.id === 3)).toMatchObject({ burn_pct: null, complete_pct: null, complete_basis: "none", forecast_hours: null, flags: [] });
  });

  it("hours furthest ahead of progress first, with a chart of both", () => {
    // Gaps: #2 125 − 80 = 45; #1 60 − 50 = 10; #3 0.
    expect(rows.map((r) => r.id)).toEqual([2, 1, 3]);
    const out = DEFINITIONS.project_budget_burn.compute({ projects, tickets }, { which: "open" }, env);
    expect(out.structured.totals).toEqual({ projects: 3, budget_hours: 140, actual_hours: 110, burn_pct: 78.57, flagged: 2 });
    const values = ((out.chart as { layer: { data: { values: Record<string, unknown>[] } }[] }).layer[0]!.data.values);
    expect(values).toContainEqual({ project: "#2 Office move", measure: "Hours used", pct: 125 });
    expect(values).toContainEqual({ project: "#2 Office move", measure: "Work done", pct: 80 });
  });
});

describe("project phase completion, worked by hand", () => {
  const phases = new Map([
    [1, [
      { id: 11, description: "Design", status: { name: "Completed" }, budgetHours: 10, actualHours: 12, deadlineDate: "2026-03-01T00:00:00Z" },
      { id: 12, description: "Build", status: { name: "In Progress" }, budgetHours: 20, actualHours: 5, deadlineDate: "2026-03-10T00:00:00Z" },
      { id: 13, description: "Handover", status: { name: "Open" }, budgetHours: 8, actualHours: 0, endDate: "2026-04-01" },
    ]],
  ]);
  const rows = phaseCompletion(projects, phases, tickets, env);

  it("closed tickets over tickets, hours over budget, late when past the deadline and not complete", () => {
    expect(rows.map((r) => [r.phase, r.tickets, r.closed_tickets, r.completion_pct, r.burn_pct, r.deadline, r.late])).toEqual([
      ["Design", 2, 2, 100, 120, "2026-03-01", false],
      ["Build", 2, 1, 50, 25, "2026-03-10", true],
      ["Handover", 0, 0, null, 0, "2026-04-01", false],
    ]);
    const out = DEFINITIONS.project_phase_completion.compute({ projects, phases, tickets }, { which: "open" }, env);
    expect(out.structured.late_phases).toBe(1);
    expect(out.text).toContain("3 phases in 3 projects, 1 late.");
  });
});
