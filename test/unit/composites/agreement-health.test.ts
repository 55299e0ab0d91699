import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { agreementHealth, healthWindow } from "../../../src/composites/agreement-health.js";

const w = healthWindow(new Date("2026-03-16T12:00:00Z"), "America/Chicago", 2);

describe("healthWindow", () => {
  it("covers the last complete months in the MSP's zone", () => {
    expect(w.start.toISO()).toBe("2026-01-01T00:00:00.000-06:00");
    expect(w.end.toISO()).toBe("2026-03-01T00:00:00.000-06:00");
  });
});

describe("agreementHealth, worked by hand", () => {
  const members = new Map([[1, { id: 1, hourlyCost: 50 }], [2, { id: 2, hourlyCost: 40 }]]);
  const roles = new Map([[7, { id: 7, hourlyRate: 150 }], [8, { id: 8, hourlyRate: 120 }]]);
  const agreement = { id: 5, name: "Block Time - 10 Hours/Month", type: { name: "Block Time" }, company: { name: "Acme" }, agreementStatus: "Active", billAmount: 1000, applicationUnits: "Hours", applicationLimit: 10, endDate: "2026-04-01T00:00:00Z", noEndingDateFlag: false };
  const additions = [
    { product: { identifier: "M365" }, quantity: 10, extPrice: 200, extCost: 120, effectiveDate: "2025-01-01T00:00:00Z" },
    { product: { identifier: "OLD" }, quantity: 1, extPrice: 999, extCost: 1, effectiveDate: "2024-01-01T00:00:00Z", cancelledDate: "2025-06-01T00:00:00Z" },
  ];
  const entries = [
    { member: { id: 1 }, workRole: { id: 7 }, actualHours: 3, timeStart: "2026-01-10T15:00:00Z" },
    { member: { id: 2 }, workRole: { id: 8 }, actualHours: 2, timeStart: "2026-02-03T15:00:00Z" },
    { member: { id: 1 }, workRole: { id: 7 }, actualHours: 9, timeStart: "2026-02-20T15:00:00Z" },
  ];
  const h = agreementHealth(agreement, additions, entries, members, roles, w);

  it("revenue, costs and margin", () => {
    // revenue (1000 + 200) × 2 = 2400; time cost 12 h at 50 + 2 h at 40 = 680; product cost 120 × 2 = 240.
    expect(h.monthly_revenue).toBe(1200);
    expect(h.revenue).toBe(2400);
    expect(h.time_hours).toBe(14);
    expect(h.time_cost).toBe(680);
    expect(h.time_value).toBe(12 * 150 + 2 * 120);
    expect(h.product_cost).toBe(240);
    expect(h.margin).toBe(1480);
    expect(h.margin_pct).toBe(61.67);
    expect(h.effective_hourly_rate).toBe(171.43);
  });

  it("hours per month against the hours included, and renewal risk with its reasons", () => {
    expect(h.months).toEqual([
      { month: "2026-01", hours: 3, included: 10, over: false },
      { month: "2026-02", hours: 11, included: 10, over: true },
    ]);
    expect(h.days_to_end).toBe(Math.floor((Date.parse("2026-04-01T00:00:00Z") - w.now.toMillis()) / 86_400_000));
    expect(h.renewal_risk).toBe("high");
    expect(h.risk_reasons).toEqual(["ends in 15 days", "over its included hours in 2026-02"]);
    expect(h.additions.map((a) => a.product)).toEqual(["M365"]);
  });

  it("an open-ended, profitable agreement within its hours is low risk", () => {
    const calm = agreementHealth({ ...agreement, noEndingDateFlag: true, applicationLimit: 20 }, additions, entries, members, roles, w);
    expect(calm.end_date).toBeNull();
    expect(calm.renewal_risk).toBe("low");
    expect(calm.risk_reasons).toEqual([]);
  });

  it("a money-losing agreement is high risk", () => {
    const loss = agreementHealth({ ...agreement, billAmount: 100, noEndingDateFlag: true, applicationUnlimitedFlag: true }, [], entries, members, roles, w);
    expect(loss.margin).toBe(200 - 680);
    expect(loss.hours_included_per_month).toBe("unlimited");
    expect(loss.renewal_risk).toBe("high");
    expect(loss.risk_reasons[0]).toMatch(/^loses money/);
  });

  it("counts an entry in the month it falls in locally", () => {
    // 2026-02-01T03:00Z is still January 31 in Chicago.
    const edge = agreementHealth(agreement, [], [{ member: { id: 1 }, workRole: { id: 7 }, actualHours: 1, timeStart: "2026-02-01T03:00:00Z" }], members, roles, w);
    expect(edge.months.map((m) => m.hours)).toEqual([1, 0]);
    expect(DateTime.fromISO("2026-02-01T03:00:00Z").setZone("America/Chicago").month).toBe(1);
  });
});
