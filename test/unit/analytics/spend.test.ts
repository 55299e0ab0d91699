import { describe, expect, it } from "vitest";
import { DEFINITIONS, expenseApprovals, procurementSpend, stageOf } from "../../../src/analytics/spend.js";
import { days, envAt, ZONE } from "./fixtures.js";

const env = envAt("2026-03-16T12:00");

describe("procurement spend, worked by hand", () => {
  const orders = [
    { id: 1, vendorCompany: { name: "Ingram" }, customerCompany: { name: "Acme" }, total: 1000, closedFlag: true, status: { name: "Received" }, poDate: "2026-02-10T15:00:00Z" },
    { id: 2, vendorCompany: { name: "Ingram" }, total: 500, closedFlag: false, status: { name: "Ordered" }, poDate: "2026-03-02T15:00:00Z" },
    { id: 3, vendorCompany: { name: "Dell" }, customerCompany: { name: "Acme" }, total: 2500, closedFlag: true, status: { name: "Received" }, poDate: "2026-03-03T15:00:00Z" },
    { id: 4, vendorCompany: { name: "Dell" }, total: 9999, closedFlag: true, status: { name: "Cancelled" }, poDate: "2026-03-04T15:00:00Z" },
  ];

  it("spend without the cancelled order: 4000, of which 3500 received and 500 on order", () => {
    const r = procurementSpend(orders, "vendor", ZONE);
    expect(r.totals).toEqual({ group: "All", orders: 3, spend: 4000, received: 3500, on_order: 500, share_pct: 100, cancelled: 1 });
    // Dell 2500 / 4000 = 62.5 %; Ingram 1500 = 37.5 %.
    expect(r.groups).toEqual([
      { group: "Dell", orders: 1, spend: 2500, received: 2500, on_order: 0, share_pct: 62.5 },
      { group: "Ingram", orders: 2, spend: 1500, received: 1000, on_order: 500, share_pct: 37.5 },
    ]);
  });

  it("by client (stock when no customer) and by month", () => {
    expect(procurementSpend(orders, "client", ZONE).groups.map((g) => [g.group, g.spend, g.share_pct])).toEqual([["Acme", 3500, 87.5], ["(stock)", 500, 12.5]]);
    expect(procurementSpend(orders, "month", ZONE).groups.map((g) => [g.group, g.spend])).toEqual([["2026-02", 1000], ["2026-03", 3000]]);
    const out = DEFINITIONS.procurement_spend.compute({ orders }, { window: days("2026-02-01", "2026-03-17"), groupBy: "vendor" }, env);
    expect(out.text).toContain("$4,000 on 3 orders — $3,500 received, $500 still on order; 1 cancelled left out.");
  });
});

describe("expense approvals, worked by hand", () => {
  const report = (id: number, member: string, status: string, total: number, dateEnd: string, dueDate: string) => ({ id, member: { identifier: member }, status, total, dateStart: dateEnd, dateEnd, dueDate });
  const reports = [
    // Week ended Saturday 14 March: 2 days waiting, due today (not yet overdue).
    report(1, "ana", "PendingApproval", 100, "2026-03-14T00:00:00Z", "2026-03-16T00:00:00Z"),
    // Week ended 7 March: 9 days waiting, due 9 March: overdue. Tier one approved it; tier two has not.
    report(2, "ana", "ApprovedByTierOne", 50, "2026-03-07T00:00:00Z", "2026-03-09T00:00:00Z"),
    report(3, "bo", "Rejected", 20, "2026-03-07T00:00:00Z", "2026-03-09T00:00:00Z"),
    report(4, "bo", "Billed", 300, "2026-02-28T00:00:00Z", "2026-03-02T00:00:00Z"),
    report(5, "bo", "ReadyToBill", 40, "2026-02-28T00:00:00Z", "2026-03-02T00:00:00Z"),
    report(6, "bo", "Open", 10, "2026-03-14T00:00:00Z", "2026-03-16T00:00:00Z"),
  ];
  const entries = [
    { type: { name: "Mileage" }, amount: 20, billableOption: "Billable" },
    { type: { name: "Mileage" }, amount: 10, billableOption: "NoCharge" },
    { type: { name: "Meals" }, amount: 15, billableOption: "DoNotBill" },
  ];

  it("sorts statuses into approval stages", () => {
    expect(["PendingApproval", "PendingProjectApproval", "ErrorsCorrected", "ApprovedByTierOne"].map(stageOf)).toEqual(Array(4).fill("awaiting approval"));
    expect([stageOf("RejectBySecondTier"), stageOf("ReadyToBill"), stageOf("WrittenOff"), stageOf("Open")]).toEqual(["returned", "approved", "done", "open"]);
  });

  it("what waits, for how long, and for whom", () => {
    const r = expenseApprovals(reports, entries, env);
    expect(r.stages).toEqual([
      { stage: "awaiting approval", reports: 2, total: 150 },
      { stage: "returned", reports: 1, total: 20 },
      { stage: "open", reports: 1, total: 10 },
      { stage: "approved", reports: 1, total: 40 },
      { stage: "done", reports: 1, total: 300 },
    ]);
    // Waiting 2 and 9 days: mean 5.5, oldest 9; one past due.
    expect(r.awaiting).toEqual({ reports: 2, total: 150, mean_days_waiting: 5.5, oldest_days_waiting: 9, overdue: 1 });
    expect(r.members).toEqual([
      { member: "ana", awaiting: 2, awaiting_total: 150, oldest_days_waiting: 9, returned: 0, reports: 2, total: 150 },
      { member: "bo", awaiting: 0, awaiting_total: 0, oldest_days_waiting: null, returned: 1, reports: 4, total: 370 },
    ]);
    expect(r.waiting.map((x) => [x.id, x.days_waiting, x.overdue])).toEqual([[2, 9, true], [1, 2, false]]);
    // Mileage 30, 20 of it billable = 66.67 %; meals 15, none billable.
    expect(r.types).toEqual([{ type: "Mileage", entries: 2, amount: 30, billable_pct: 66.67 }, { type: "Meals", entries: 1, amount: 15, billable_pct: 0 }]);
  });
});
