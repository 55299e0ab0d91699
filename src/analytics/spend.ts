/**
 * Spend: purchase orders, and expense reports waiting for approval.
 *
 * Procurement, purchase orders dated in [start, end), cancelled ones left out (status named Cancelled or a
 * cancel reason given):
 *   spend     = Σ total (subtotal + freight + tax); received = closed orders; on order = orders still open
 *   grouped by vendor, client (the customer company; "(stock)" when none) or month.
 *
 * Expense approvals, expense reports for weeks starting in [start, end):
 *   awaiting approval = PendingApproval, PendingProjectApproval, ErrorsCorrected (resubmitted) and
 *                       ApprovedByTierOne (waiting for tier two); returned = Rejected, RejectBySecondTier;
 *                       approved = ApprovedByTierTwo, ReadyToBill; done = Billed, BilledAgreement, WrittenOff
 *   waiting days      = today − the report's last day; overdue = past its due date
 *   by expense type   = Σ amount of the entries dated in the range, and the billable share of it
 */
import { num, text } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { at, dayNumber, groupBy, todayNumber, utc, utcDate, windowJson, windowLabel } from "./common.js";
import { mean, money, pct, percent, round1, round2, table } from "./table.js";
import { define, type Env, type Rec, type Window } from "./types.js";
import { name } from "../format/untrusted.js";

type SpendGroup = "vendor" | "client" | "month";

interface SpendParams {
  window: Window;
  groupBy: SpendGroup;
}

export const isCancelled = (po: Rec) => /cancel/i.test(nameOf(po.status)) || Boolean(text(po, "cancelReason"));

export interface SpendRow {
  group: string;
  orders: number;
  spend: number;
  received: number;
  on_order: number;
  share_pct: number | null;
}

export function procurementSpend(orders: Rec[], by: SpendGroup, zone: string): { totals: SpendRow & { cancelled: number }; groups: SpendRow[] } {
  const live = orders.filter((po) => !isCancelled(po));
  const total = round2(live.reduce((s, po) => s + (num(po, "total") ?? 0), 0));
  const row = (group: string, list: Rec[]): SpendRow => {
    const spend = round2(list.reduce((s, po) => s + (num(po, "total") ?? 0), 0));
    const received = round2(list.filter((po) => po.closedFlag === true).reduce((s, po) => s + (num(po, "total") ?? 0), 0));
    return { group, orders: list.length, spend, received, on_order: round2(spend - received), share_pct: percent(spend, total) };
  };
  const key = (po: Rec) => (by === "vendor" ? nameOf(po.vendorCompany) || "(no vendor)" : by === "client" ? nameOf(po.customerCompany) || "(stock)" : at(po.poDate, zone)?.toFormat("yyyy-LL") ?? "(no date)");
  const groups = [...groupBy(live, key)].map(([g, list]) => row(g, list)).sort(by === "month" ? (a, b) => a.group.localeCompare(b.group) : (a, b) => b.spend - a.spend || a.group.localeCompare(b.group));
  return { totals: { ...row("All", live), cancelled: orders.length - live.length }, groups };
}

const procurement = define<SpendParams, { orders: Rec[] }>({
  name: "procurement_spend",
  params: ["start", "end", "group_by"],
  parse: (v) => ({ window: v.window(), groupBy: (v.string("group_by") ?? "vendor") as SpendGroup }),
  plan: (p, { read }) => ({
    orders: () =>
      read.all("/procurement/purchaseorders", {
        conditions: `poDate >= ${utc(p.window.start)} and poDate < ${utc(p.window.end)}`,
        fields: "id,poNumber,poDate,status/name,closedFlag,cancelReason,vendorCompany/name,customerCompany/name,subTotal,freightCost,salesTax,total",
      }, 20_000),
  }),
  compute({ orders }, p, env) {
    const r = procurementSpend(orders, p.groupBy, env.zone);
    const t = r.totals;
    const head = `Procurement spend, purchase orders dated ${windowLabel(p.window)} (${env.zone}): ${money(t.spend)} on ${t.orders} orders — ${money(t.received)} received, ${money(t.on_order)} still on order; ${t.cancelled} cancelled left out.`;
    const body = table(
      [{ header: p.groupBy === "client" ? "Client" : p.groupBy === "month" ? "Month" : "Vendor", align: "left", max: 32 }, "Orders", "Spend", "Received", "On order", "Share"],
      r.groups.map((g) => [g.group, g.orders, money(g.spend), money(g.received), money(g.on_order), pct(g.share_pct)]),
    );
    return { text: `${head}\n${body}`, structured: { period: windowJson(p.window), group_by: p.groupBy, totals: t, groups: r.groups } };
  },
});

const STAGES: Record<string, "awaiting approval" | "returned" | "open" | "approved" | "done"> = {
  PendingApproval: "awaiting approval", PendingProjectApproval: "awaiting approval", ErrorsCorrected: "awaiting approval", ApprovedByTierOne: "awaiting approval",
  Rejected: "returned", RejectBySecondTier: "returned", Open: "open",
  ApprovedByTierTwo: "approved", ReadyToBill: "approved",
  Billed: "done", BilledAgreement: "done", WrittenOff: "done",
};

export const stageOf = (status: unknown) => STAGES[String(status ?? "")] ?? "open";

interface ExpenseParams {
  window: Window;
  member?: Resolved;
}

export interface ExpenseApprovals {
  stages: { stage: string; reports: number; total: number }[];
  awaiting: { reports: number; total: number; mean_days_waiting: number | null; oldest_days_waiting: number | null; overdue: number };
  members: { member: string; awaiting: number; awaiting_total: number; oldest_days_waiting: number | null; returned: number; reports: number; total: number }[];
  waiting: { id: number; member: string; status: string; week: string; total: number; days_waiting: number; overdue: boolean }[];
  types: { type: string; entries: number; amount: number; billable_pct: number | null }[];
}

export function expenseApprovals(reports: Rec[], entries: Rec[], env: Env): ExpenseApprovals {
  const today = todayNumber(env.now);
  const waitingDays = (r: Rec) => Math.max(0, today - (dayNumber(r.dateEnd) ?? today));
  const awaiting = reports.filter((r) => stageOf(r.status) === "awaiting approval");
  const overdue = (r: Rec) => {
    const due = dayNumber(r.dueDate);
    return due !== undefined && due < today;
  };
  const sum = (list: Rec[]) => round2(list.reduce((s, r) => s + (num(r, "total") ?? 0), 0));
  const stages = (["awaiting approval", "returned", "open", "approved", "done"] as const).map((stage) => {
    const list = reports.filter((r) => stageOf(r.status) === stage);
    return { stage, reports: list.length, total: sum(list) };
  });
  const days = awaiting.map(waitingDays);
  const members = [...groupBy(reports, (r) => text(r, "member.identifier") ?? "(none)")]
    .map(([member, list]) => {
      const waiting = list.filter((r) => stageOf(r.status) === "awaiting approval");
      return { member, awaiting: waiting.length, awaiting_total: sum(waiting), oldest_days_waiting: waiting.length ? Math.max(...waiting.map(waitingDays)) : null, returned: list.filter((r) => stageOf(r.status) === "returned").length, reports: list.length, total: sum(list) };
    })
    .sort((a, b) => b.awaiting_total - a.awaiting_total || b.awaiting - a.awaiting || a.member.localeCompare(b.member));
  const types = [...groupBy(entries, (e) => nameOf(e.type) || "(none)")]
    .map(([type, list]) => {
      const amount = list.reduce((s, e) => s + (num(e, "amount") ?? 0), 0);
      const billable = list.filter((e) => e.billableOption === "Billable").reduce((s, e) => s + (num(e, "amount") ?? 0), 0);
      return { type, entries: list.length, amount: round2(amount), billable_pct: percent(billable, amount) };
    })
    .sort((a, b) => b.amount - a.amount);
  const m = mean(days);
  return {
    stages,
    awaiting: { reports: awaiting.length, total: sum(awaiting), mean_days_waiting: m === null ? null : round1(m), oldest_days_waiting: days.length ? Math.max(...days) : null, overdue: awaiting.filter(overdue).length },
    members,
    waiting: awaiting
      .map((r) => ({ id: Number(r.id), member: text(r, "member.identifier") ?? "", status: String(r.status ?? ""), week: String(r.dateStart ?? "").slice(0, 10), total: num(r, "total") ?? 0, days_waiting: waitingDays(r), overdue: overdue(r) }))
      .sort((a, b) => b.days_waiting - a.days_waiting || a.id - b.id),
    types,
  };
}

const expenses = define<ExpenseParams, { reports: Rec[]; entries: Rec[] }>({
  name: "expense_approvals",
  params: ["start", "end", "member"],
  parse: (v) => ({ window: v.window(), ...(v.ref("member") ? { member: v.ref("member")! } : {}) }),
  plan: (p, { read }) => {
    const member = p.member ? ` and member/id = ${p.member.id}` : "";
    return {
      // dateStart and date are calendar dates (midnight UTC): compared as days, not instants.
      reports: () => read.all("/expense/reports", { conditions: `dateStart >= ${utcDate(p.window.start)} and dateStart < ${utcDate(p.window.end)}${member}`, fields: "id,member/id,member/identifier,dateStart,dateEnd,status,total,dueDate" }, 20_000),
      entries: () => read.all("/expense/entries", { conditions: `date >= ${utcDate(p.window.start)} and date < ${utcDate(p.window.end)}${member}`, fields: "id,type/name,amount,billableOption,member/identifier" }, 50_000),
    };
  },
  optional: { entries: [] },
  compute({ reports, entries }, p, env) {
    const inRange = reports;
    const r = expenseApprovals(inRange, entries, env);
    const a = r.awaiting;
    const head =
      `Expense reports for weeks starting ${windowLabel(p.window)} (${env.zone})${p.member ? ` for ${name(p.member.name)}` : ""}: ${inRange.length} reports. ` +
      `Awaiting approval: ${a.reports} (${money(a.total)}), mean ${a.mean_days_waiting ?? "—"} days since the week ended, oldest ${a.oldest_days_waiting ?? "—"}; ${a.overdue} past due. ` +
      r.stages.filter((s) => s.stage !== "awaiting approval" && s.reports > 0).map((s) => `${s.stage}: ${s.reports} (${money(s.total)})`).join(", ") + ".";
    const waiting = table(["#", { header: "Member", align: "left" }, { header: "Status", align: "left" }, { header: "Week of", align: "left" }, "Total", "Days waiting", { header: "Overdue", align: "left" }], r.waiting.map((w) => [w.id, w.member, w.status, w.week, money(w.total), w.days_waiting, w.overdue ? "yes" : ""]), 15);
    const members = table([{ header: "Member", align: "left" }, "Awaiting", "Awaiting $", "Oldest d", "Returned", "Reports", "Total"], r.members.map((m) => [m.member, m.awaiting, money(m.awaiting_total), m.oldest_days_waiting, m.returned, m.reports, money(m.total)]), 15);
    return { text: `${head}\nWaiting:\n${waiting}\n\nBy member:\n${members}`, structured: { period: windowJson(p.window), reports: inRange.length, ...r } };
  },
});

export const DEFINITIONS = { procurement_spend: procurement, expense_approvals: expenses };
