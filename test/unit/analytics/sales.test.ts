import { describe, expect, it } from "vitest";
import { DEFINITIONS, forecastItems, opportunityValue, pipeline, winRates } from "../../../src/analytics/sales.js";
import { days, envAt, ZONE } from "./fixtures.js";

const env = envAt("2026-03-16T12:00");

describe("forecast answers", () => {
  it("reads a Forecast with its items, bare items, or one object", () => {
    expect(forecastItems([{ id: 1, forecastItems: [{ revenue: 10 }, { revenue: 5 }] }])).toEqual([{ revenue: 10 }, { revenue: 5 }]);
    expect(forecastItems([{ id: 2, revenue: 7 }])).toEqual([{ id: 2, revenue: 7 }]);
    expect(forecastItems({ forecastItems: [{ revenue: 1 }] })).toEqual([{ revenue: 1 }]);
    expect(forecastItems(undefined)).toEqual([]);
  });

  it("leaves out items not included in the forecast", () => {
    expect(opportunityValue([{ revenue: 1000 }, { revenue: 500, includeFlag: false }, { revenue: 250.5, includeFlag: true }])).toBe(1250.5);
  });
});

describe("pipeline value, worked by hand", () => {
  const opportunities = [
    { id: 1, name: "Firewalls", company: { name: "Acme" }, stage: { name: "2. Qualify" }, probability: { name: "25" }, primarySalesRep: { identifier: "ana" }, expectedCloseDate: "2026-03-10T00:00:00Z" },
    { id: 2, name: "Managed services", company: { name: "Bolt" }, stage: { name: "1. Prospect" }, probability: { name: "10" }, primarySalesRep: { identifier: "bo" }, expectedCloseDate: "2026-04-20T00:00:00Z" },
    { id: 3, name: "Laptops", company: { name: "Cove" }, stage: { name: "2. Qualify" }, probability: { name: "50" }, primarySalesRep: { identifier: "ana" } },
  ];
  const forecasts = new Map([
    [1, [{ revenue: 1000 }, { revenue: 500, includeFlag: false }]],
    [2, [{ revenue: 2000 }, { revenue: 3000 }]],
  ]);
  const p = pipeline(opportunities, forecasts, env);

  it("value and probability-weighted value, by stage, rep and close month", () => {
    // #1: 1000 × 25 % = 250; #2: 5000 × 10 % = 500; #3: no forecast, 0.
    expect(p.totals).toEqual({ key: "All", opportunities: 3, value: 6000, weighted: 750 });
    expect(p.by_stage).toEqual([
      { key: "1. Prospect", opportunities: 1, value: 5000, weighted: 500 },
      { key: "2. Qualify", opportunities: 2, value: 1000, weighted: 250 },
    ]);
    expect(p.by_rep.map((r) => [r.key, r.weighted])).toEqual([["bo", 500], ["ana", 250]]);
    expect(p.by_close_month.map((r) => [r.key, r.opportunities])).toEqual([["(none)", 1], ["2026-03", 1], ["2026-04", 1]]);
    // #1 was expected to close on 10 March: overdue.
    expect(p.opportunities.find((o) => o.id === 1)).toMatchObject({ value: 1000, weighted: 250, overdue: true });
  });

  it("charts value and weighted value per stage; counts when no revenue is recorded", () => {
    const out = DEFINITIONS.pipeline_value.compute({ statuses: [], opportunities, forecasts }, {}, env);
    expect((out.chart as { data: { values: unknown[] } }).data.values).toContainEqual({ stage: "1. Prospect", measure: "Weighted", amount: 500 });
    const empty = DEFINITIONS.pipeline_value.compute({ statuses: [], opportunities, forecasts: new Map() }, {}, env);
    expect((empty.chart as { data: { values: unknown[] } }).data.values).toContainEqual({ stage: "2. Qualify", measure: "Opportunities", amount: 2 });
    expect(empty.text).toContain("No forecast revenue is recorded on them");
  });
});

describe("win rates, worked by hand", () => {
  const statuses = [{ id: 1, name: "Open" }, { id: 2, name: "Won", wonFlag: true, closedFlag: true }, { id: 3, name: "Lost", lostFlag: true, closedFlag: true }, { id: 4, name: "No Decision", closedFlag: true }];
  const closed = (id: number, rep: string, status: number, lead?: string, close?: string) => ({ id, primarySalesRep: { identifier: rep }, status: { id: status }, type: { name: "Hardware" }, dateBecameLead: lead, closedDate: close });
  const opportunities = [
    closed(1, "ana", 2, "2026-01-01T09:00:00Z", "2026-01-31T09:00:00Z"),
    closed(2, "ana", 2, "2026-02-01T09:00:00Z", "2026-02-11T09:00:00Z"),
    closed(3, "ana", 3),
    closed(4, "bo", 4),
    closed(5, "bo", 3),
  ];

  it("win rate = won ÷ (won + lost); close rate = won ÷ closed; cycle of the won", () => {
    const r = winRates(opportunities, statuses, "rep", ZONE);
    // 2 won, 2 lost, 1 no decision: 2 / 4 = 50 %; 2 / 5 = 40 %; cycles 30 and 10 days → 20.
    expect(r.overall).toEqual({ group: "All", closed: 5, won: 2, lost: 2, no_decision: 1, win_rate_pct: 50, close_rate_pct: 40, mean_cycle_days: 20 });
    expect(r.groups).toEqual([
      { group: "ana", closed: 3, won: 2, lost: 1, no_decision: 0, win_rate_pct: 66.67, close_rate_pct: 66.67, mean_cycle_days: 20 },
      { group: "bo", closed: 2, won: 0, lost: 1, no_decision: 1, win_rate_pct: 0, close_rate_pct: 0, mean_cycle_days: null },
    ]);
    const out = DEFINITIONS.opportunity_win_rates.compute({ statuses, opportunities }, { window: days("2026-01-01", "2026-03-17"), groupBy: "type" }, env);
    expect(out.text).toContain("5 closed — 2 won, 2 lost, 1 no decision. Win rate 50% (won ÷ won + lost), close rate 40%, mean cycle 20 days.");
    expect((out.structured.groups as { group: string }[]).map((g) => g.group)).toEqual(["Hardware"]);
  });
});
