import { describe, expect, it } from "vitest";
import { company360, DEFINITIONS } from "../../../src/analytics/company360.js";
import { days, envAt } from "./fixtures.js";

const env = envAt("2026-03-16T12:00");
const acme = { id: 10, name: "Acme" };
const w = days("2026-02-15", "2026-03-17");
const p = { company: { id: 10, name: "Acme" }, window: w };
const data = {
  company: { id: 10, identifier: "AcmeCo", name: "Acme", status: { name: "Active" }, types: [{ name: "Client" }], dateAcquired: "2021-05-01T00:00:00Z" },
  contacts: 7,
  openTickets: [
    { id: 1, priority: { name: "Priority 1" }, _info: { dateEntered: "2026-03-06T17:00:00Z" } },
    { id: 2, priority: { name: "Priority 3" }, _info: { dateEntered: "2026-03-15T17:00:00Z" } },
    { id: 3, priority: { name: "Priority 3" }, _info: { dateEntered: "2026-03-16T15:00:00Z" } },
  ],
  tickets: [
    { company: acme, isInSla: false, closedFlag: false, _info: { dateEntered: "2026-03-06T17:00:00Z" } },
    { company: acme, isInSla: true, closedFlag: true, dateResolved: "2026-03-02T17:00:00Z", _info: { dateEntered: "2026-03-01T17:00:00Z" } },
  ],
  time: [
    { company: acme, member: { id: 1 }, agreement: { id: 5 }, actualHours: 3, billableOption: "NoCharge" },
    { company: acme, member: { id: 1 }, actualHours: 2, billableOption: "Billable" },
  ],
  members: [{ id: 1, hourlyCost: 50 }],
  agreements: [
    { id: 5, name: "Managed Gold", type: { name: "Managed Services" }, billAmount: 1000, endDate: "2026-09-30T00:00:00Z", noEndingDateFlag: false },
    { id: 6, name: "Break Fix", type: { name: "Break Fix" }, billAmount: 0, noEndingDateFlag: true },
  ],
  additions: new Map([[5, [{ extPrice: 250, effectiveDate: "2025-01-01T00:00:00Z" }]]]),
  invoices: [
    { company: acme, balance: 1250, dueDate: "2026-03-31T00:00:00Z" },
    { company: acme, balance: 400, dueDate: "2026-02-01T00:00:00Z" },
  ],
  agreementInvoices: [{ company: acme, agreement: { id: 5 }, total: 1250, date: "2026-03-01T00:00:00Z" }],
  configurations: [
    { id: 1, type: { name: "Laptop" }, purchaseDate: "2024-03-16T00:00:00Z", warrantyExpirationDate: "2026-04-15T00:00:00Z", osType: "Windows 10 Pro" },
    { id: 2, type: { name: "Laptop" }, purchaseDate: "2020-03-16T00:00:00Z", warrantyExpirationDate: "2023-03-16T00:00:00Z" },
  ],
  projects: [{ id: 9, name: "Move", status: { name: "In Progress" }, budgetHours: 10, actualHours: 12, percentComplete: 50, closedFlag: false }],
  statuses: [{ id: 1, closedFlag: false }, { id: 2, closedFlag: true }],
  opportunities: [
    { id: 1, name: "Refresh", stage: { name: "2. Qualify" }, status: { id: 1 }, probability: { name: "50" } },
    { id: 2, name: "Old", stage: { name: "5. Closed" }, status: { id: 2 }, probability: { name: "0" } },
  ],
  forecasts: new Map([[1, [{ revenue: 4000 }]]]),
  surveys: [],
};

describe("company 360, assembled by hand", () => {
  const v = company360(data, p, env);

  it("tickets: open by priority and the oldest; time with its billable share", () => {
    expect(v.tickets).toMatchObject({ open: 3, open_by_priority: [{ priority: "Priority 1", tickets: 1 }, { priority: "Priority 3", tickets: 2 }], oldest_open_days: 10, entered: 2 });
    expect(v.time).toEqual({ hours: 5, billable_hours: 2, billable_pct: 40 });
  });

  it("agreements with their monthly value, invoices open and overdue", () => {
    // Managed Gold 1000 + 250 = 1250; Break Fix 0. The next to end is Managed Gold.
    expect(v.agreements).toMatchObject({ active: 2, monthly_value: 1250, next_end: { id: 5, end_date: "2026-09-30" } });
    expect(v.invoices).toEqual({ open: 2, open_balance: 1650, overdue: 1, overdue_balance: 400 });
  });

  it("assets, projects and the open pipeline", () => {
    expect(v.assets).toMatchObject({ active: 2, out_of_warranty: 1, warranties_ending_90_days: 1, unsupported_os: [{ os: "Windows 10", configurations: 1 }] });
    expect(v.projects).toEqual([{ id: 9, name: "Move", status: "In Progress", budget_hours: 10, actual_hours: 12, burn_pct: 120, flags: ["over budget"] }]);
    // Only the open opportunity: 4000 at 50 % = 2000.
    expect(v.pipeline).toMatchObject({ open: 1, value: 4000, weighted: 2000 });
  });

  it("the health score uses the client-health arithmetic", () => {
    // Both tickets fall in the 30 days from 15 Feb; 1 of 2 outside SLA (50 % ≥ 25 → −20); 400 overdue since 1 Feb, 43 days (−10).
    // Labour margin: 1250 × 30 / 30.44 = 1231.93 revenue against 3 h × 50 = 150 → 87.82 %.
    expect(v.health).toMatchObject({ score: 70, grade: "watch", tickets: 2, tickets_previous: 0, sla_miss_rate_pct: 50, oldest_overdue_days: 43, agreement_revenue: 1231.93, labour_margin_pct: 87.82 });
    const out = DEFINITIONS.company_360_view.compute(data, p, env);
    expect(out.text.split("\n")[0]).toBe("Company 360: Acme (AcmeCo) · Active · Client · client since 2021-05-01 · 7 active contacts");
    expect(out.text).toContain("Health 70/100 (watch)");
  });
});
