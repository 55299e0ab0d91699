import { describe, expect, it } from "vitest";
import { clientHealth, DEFINITIONS, type HealthData } from "../../../src/analytics/clients.js";
import { days, envAt } from "./fixtures.js";

// Scored: 2–15 March 2026 (14 days); compared with 16 February – 1 March.
const w = days("2026-03-02", "2026-03-16");
const env = envAt("2026-03-16T12:00");
const A = { id: 1, name: "Acme" };
const B = { id: 2, name: "Bolt" };
const C = { id: 3, name: "Cove" };
const ticket = (company: object, entered: string, extra: object = {}) => ({ company, isInSla: true, closedFlag: true, _info: { dateEntered: entered }, ...extra });

const tickets = [
  // Acme: 10 tickets now against 4 before (+150 %); 5 resolved, one of them open again; 3 outside SLA.
  ...Array.from({ length: 10 }, (_, i) =>
    ticket(A, "2026-03-05T15:00:00Z", {
      isInSla: i >= 3,
      ...(i < 5 ? { dateResolved: "2026-03-06T15:00:00Z", closedFlag: i !== 0 } : { closedFlag: false }),
    }),
  ),
  ...Array.from({ length: 4 }, () => ticket(A, "2026-02-20T15:00:00Z")),
  // Bolt: 2 and 2, both resolved, in SLA.
  ticket(B, "2026-03-03T15:00:00Z", { dateResolved: "2026-03-04T15:00:00Z" }),
  ticket(B, "2026-03-04T15:00:00Z", { dateResolved: "2026-03-05T15:00:00Z" }),
  ticket(B, "2026-02-18T15:00:00Z"),
  ticket(B, "2026-02-19T15:00:00Z"),
];
const data: HealthData = {
  tickets,
  overdue: [
    { company: A, balance: 500, dueDate: "2026-01-01T00:00:00Z" },
    { company: C, balance: 100, dueDate: "2026-03-10T00:00:00Z" },
  ],
  agreementInvoices: [
    { company: A, agreement: { id: 7 }, total: 2000, date: "2026-02-01T00:00:00Z" },
    { company: A, agreement: { id: 7 }, total: 3000, date: "2026-03-01T00:00:00Z" },
    { company: B, agreement: { id: 8 }, total: 1000, date: "2026-03-01T00:00:00Z" },
  ],
  time: [
    { company: A, member: { id: 1 }, actualHours: 10 },
    { company: B, member: { id: 2 }, actualHours: 12 },
  ],
  members: [{ id: 1, hourlyCost: 50 }, { id: 2, hourlyCost: 40 }],
  surveys: [
    { company: A, totalPoints: 40, _info: { dateEntered: "2026-03-05T15:00:00Z" } },
    { company: A, totalPoints: 50, _info: { dateEntered: "2026-03-06T15:00:00Z" } },
    { company: B, totalPoints: 90, _info: { dateEntered: "2026-03-05T15:00:00Z" } },
    { company: B, totalPoints: 100, _info: { dateEntered: "2026-03-07T15:00:00Z" } },
    { company: B, totalPoints: 0, _info: { dateEntered: "2026-01-07T15:00:00Z" } },
  ],
};

describe("client health, worked by hand", () => {
  const rows = clientHealth(data, w, env);
  const acme = rows.find((r) => r.company === "Acme")!;
  const bolt = rows.find((r) => r.company === "Bolt")!;
  const cove = rows.find((r) => r.company === "Cove")!;

  it("Acme: every signal costs points — 100 − 20 − 20 − 20 − 10 − 20 = 10, at risk", () => {
    // Tickets 4 → 10: +150 % and 6 more (≥ 5) → −20. Reopened 1 of 5 resolved = 20 % (≥ 15) → −20.
    // Outside SLA 3 of 10 = 30 % (≥ 25) → −20. Survey mean (40 + 50) / 2 = 45 < 0.8 × 70 (the mean of 40, 50, 90, 100) → −10.
    // Overdue $500 due 1 January: 31 + 28 + 15 = 74 days (> 60) → −20.
    // Labour margin: 3000 (the latest agreement invoice) × 14 / 30.44 = 1379.76; time 10 h × 50 = 500 → 63.76 %: no penalty.
    expect(acme).toMatchObject({
      score: 10, grade: "at risk", tickets: 10, tickets_previous: 4, ticket_trend_pct: 150, resolved: 5, reopened: 1, reopen_rate_pct: 20,
      sla_missed: 3, sla_miss_rate_pct: 30, survey_results: 2, survey_mean_points: 45, overdue_invoices: 1, overdue_balance: 500, oldest_overdue_days: 74,
      agreement_revenue: 1379.76, time_cost: 500, labour_margin_pct: 63.76,
    });
    expect(acme.reasons).toHaveLength(5);
    expect(acme.reasons[0]).toBe("tickets up 150% (4 → 10) (−20)");
  });

  it("Bolt: only its agreement loses money on labour — 1000 × 14 / 30.44 = 459.92 against 12 h × 40 = 480 → −4.37 %, −20", () => {
    expect(bolt).toMatchObject({ score: 80, grade: "healthy", ticket_trend_pct: 0, reopen_rate_pct: 0, sla_miss_rate_pct: 0, agreement_revenue: 459.92, time_cost: 480, labour_margin_pct: -4.37, survey_mean_points: 95 });
    expect(bolt.reasons).toEqual(["agreements lose money on labour (margin -4.37%) (−20)"]);
  });

  it("Cove: only an invoice 6 days overdue — 90", () => {
    expect(cove).toMatchObject({ score: 90, tickets: 0, ticket_trend_pct: null, oldest_overdue_days: 6, labour_margin_pct: null });
  });

  it("lowest score first; one company when asked", () => {
    expect(rows.map((r) => r.company)).toEqual(["Acme", "Bolt", "Cove"]);
    expect(clientHealth(data, w, env, 2).map((r) => r.company)).toEqual(["Bolt"]);
  });

  it("the scorecard counts grades; at-risk clients are those under the threshold", () => {
    const card = DEFINITIONS.client_health_scorecard.compute(data, { window: w, threshold: 60 }, env);
    expect(card.structured.grades).toEqual({ healthy: 2, watch: 0, at_risk: 1 });
    const risky = DEFINITIONS.at_risk_clients.compute(data, { window: w, threshold: 85 }, env);
    expect((risky.structured.clients as { company: string }[]).map((c) => c.company)).toEqual(["Acme", "Bolt"]);
    expect(risky.text).toContain("Clients at risk (score under 85), 2026-03-02 to 2026-03-15 (America/Chicago): 2 of 3 clients.");
  });

  it("says when there are no survey results to score", () => {
    expect(DEFINITIONS.client_health_scorecard.compute({ ...data, surveys: [] }, { window: w, threshold: 60 }, env).text).toContain("No survey results were found");
  });
});
