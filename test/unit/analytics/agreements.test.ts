import { describe, expect, it } from "vitest";
import { DEFINITIONS, monthlyValue, profitability, renewals } from "../../../src/analytics/agreements.js";
import { healthWindow } from "../../../src/composites/agreement-health.js";
import { envAt, ZONE } from "./fixtures.js";

// The last complete month before 16 March 2026: February.
const w = healthWindow(new Date("2026-03-16T17:00:00Z"), ZONE, 1);
const members = [{ id: 1, hourlyCost: 50 }, { id: 2, hourlyCost: 40 }];
const agreements = [
  { id: 1, name: "Managed Gold", company: { id: 10, name: "Acme" }, type: { name: "Managed Services" }, billAmount: 1000, noEndingDateFlag: true },
  { id: 2, name: "Block 10h", company: { id: 11, name: "Bolt" }, type: { name: "Block Time" }, billAmount: 500, noEndingDateFlag: true },
];
const additions = new Map([[1, [{ product: { identifier: "M365" }, quantity: 10, extPrice: 200, extCost: 120, effectiveDate: "2025-01-01T00:00:00Z" }]]]);
const time = [
  { agreement: { id: 1 }, member: { id: 1 }, actualHours: 4, timeStart: "2026-02-10T15:00:00Z" },
  { agreement: { id: 2 }, member: { id: 2 }, actualHours: 15, timeStart: "2026-02-11T15:00:00Z" },
  { agreement: { id: 3 }, member: { id: 1 }, actualHours: 99, timeStart: "2026-02-12T15:00:00Z" },
];

describe("agreement profitability, worked by hand", () => {
  const rows = profitability({ agreements, additions, time, members, workRoles: [] }, w);

  it("revenue, costs and margin per agreement, worst margin first", () => {
    // #2: revenue 500 × 1; time 15 h × 40 = 600; margin −100 → −20 %.
    expect(rows[0]).toMatchObject({ id: 2, revenue: 500, time_cost: 600, product_cost: 0, margin: -100, margin_pct: -20 });
    // #1: revenue (1000 + 200) × 1 = 1200; time 4 h × 50 = 200; product 120; margin 880 → 73.33 %.
    expect(rows[1]).toMatchObject({ id: 1, revenue: 1200, time_cost: 200, product_cost: 120, margin: 880, margin_pct: 73.33 });
    // Time on an agreement not in the list is not counted anywhere.
    expect(rows.reduce((s, r) => s + r.time_hours, 0)).toBe(19);
  });

  it("totals: revenue 1700, margin 780 (45.88 %), one losing money", () => {
    const out = DEFINITIONS.agreement_profitability.compute({ agreements, additions, time, members, workRoles: [] }, { window: w }, envAt("2026-03-16T11:00"));
    expect(out.structured.totals).toEqual({ agreements: 2, revenue: 1700, time_cost: 800, product_cost: 120, margin: 780, margin_pct: 45.88, losing_money: 1 });
    expect(out.text).toContain("Agreement profitability, 2026-02 (1 complete month, America/Chicago): 2 agreements, revenue $1,700, margin $780 (45.88%); 1 losing money.");
  });
});

describe("agreement renewals due, worked by hand", () => {
  const env = envAt("2026-03-16T10:00");
  const due = [
    { id: 5, name: "Silver", company: { id: 10, name: "Acme" }, type: { name: "Managed Services" }, billAmount: 100, endDate: "2026-03-20T00:00:00Z" },
    { id: 6, name: "Bronze", company: { id: 11, name: "Bolt" }, type: { name: "Managed Services" }, billAmount: 200, endDate: "2026-05-15T00:00:00Z" },
  ];
  const adds = new Map([
    [5, [
      { extPrice: 50, effectiveDate: "2026-01-01T00:00:00Z" },
      { extPrice: 30, effectiveDate: "2025-01-01T00:00:00Z", cancelledDate: "2026-02-01T00:00:00Z" },
      { extPrice: 999, effectiveDate: "2026-04-01T00:00:00Z" },
    ]],
  ]);

  it("monthly value counts only the additions in effect today", () => {
    // 100 + 50; the cancelled (30) and the future (999) addition do not count.
    expect(monthlyValue(due[0]!, adds.get(5)!, env.now.toMillis())).toBe(150);
  });

  it("days left to the end date, in buckets, soonest first", () => {
    const rows = renewals(due, adds, env);
    // 16 → 20 March: 4 days. 16 March → 15 May: 15 + 30 + 15 = 60 days.
    expect(rows.map((r) => [r.id, r.days_left, r.bucket, r.monthly_value, r.annual_value])).toEqual([[5, 4, "0-30", 150, 1800], [6, 60, "31-60", 200, 2400]]);
  });

  it("answers with the value coming up for renewal", () => {
    const out = DEFINITIONS.agreement_renewals_due.compute({ agreements: due, additions: adds }, { days: 90 }, env);
    expect(out.structured.totals).toEqual({ agreements: 2, monthly_value: 350, annual_value: 4200 });
    expect(out.structured.buckets).toEqual([{ bucket: "0-30", agreements: 1, monthly_value: 150 }, { bucket: "31-60", agreements: 1, monthly_value: 200 }]);
    expect(out.text).toContain("Agreements ending in the next 90 days (from 2026-03-16, America/Chicago): 2, worth $350/month ($4,200/year).");
  });
});
