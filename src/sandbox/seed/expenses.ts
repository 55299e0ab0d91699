/**
 * Expenses: mileage for onsite visits, parking, parts bought on the way, meals on long days and the
 * odd certification exam, on weekly expense reports whose status follows the same approval ladder as
 * time sheets.
 */
import type { JsonObject, Row } from "../store.js";
import type { ChargeCode, ChargeCodeKey } from "./charge-codes.js";
import type { CompanyInfo } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY, HOUR, iso, startOfDay, startOfWeek, WEEK, yearOf } from "./dates.js";
import type { MemberInfo } from "./members.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";
import { sheetStatus } from "./time.js";
import type { WorkItem } from "./work-items.js";
import type { EntryDraft } from "./work.js";

interface ExpensePlan {
  member: MemberInfo;
  date: number;
  type: "mileage" | "parking" | "meals" | "supplies" | "lodging" | "training";
  amount: number;
  item?: WorkItem;
  company: CompanyInfo;
  notes: string;
  billable: "Billable" | "DoNotBill" | "NoCharge";
  odometer?: [number, number];
}

export function seedExpenses(ctx: SeedContext, setup: Setup, drafts: readonly EntryDraft[], tickets: { service: Map<number, Row>; project: Map<number, Row> }, own: CompanyInfo, codes: Record<ChargeCodeKey, ChargeCode>): { entries: Row[]; reports: Row[] } {
  const rng = ctx.random("expenses");
  const { lists, system } = setup;
  const plans: ExpensePlan[] = [];
  const onsiteDays = new Map<string, EntryDraft>();
  const hoursByDay = new Map<string, number>();
  for (const d of drafts) {
    if (d.start > ctx.now) continue;
    const dayKey = `${d.member.id}:${startOfDay(d.start)}`;
    hoursByDay.set(dayKey, (hoursByDay.get(dayKey) ?? 0) + d.hours);
    if (d.item?.kind === "ServiceTicket" && d.item.board === "onsite" && !onsiteDays.has(`${dayKey}:${d.item.company.id}`)) onsiteDays.set(`${dayKey}:${d.item.company.id}`, d);
  }
  let odometer = 24_000;
  for (const d of onsiteDays.values()) {
    const item = d.item!;
    const miles = rng.int(8, 62);
    plans.push({ member: d.member, date: startOfDay(d.start), type: "mileage", amount: round2(miles * 0.7), item, company: item.company, notes: `Round trip to ${String(item.site.city)} for ${item.summary}`.slice(0, 200), billable: item.agreement?.coversTime ? "NoCharge" : "Billable", odometer: [odometer, (odometer += miles)] });
    if (["Tampa", "St. Petersburg", "Orlando"].includes(String(item.site.city)) && rng.chance(0.35)) {
      plans.push({ member: d.member, date: startOfDay(d.start), type: "parking", amount: round2(rng.float(6, 24)), item, company: item.company, notes: `Garage parking downtown ${String(item.site.city)}`, billable: "Billable" });
    }
    if (rng.chance(0.12)) {
      plans.push({ member: d.member, date: startOfDay(d.start), type: "supplies", amount: round2(rng.float(12, 85)), item, company: item.company, notes: rng.pick(["Patch cables and keystone jacks from the local supplier", "USB-C adapter for the conference room display", "Replacement toner picked up for the client", "Cable ties, labels and a surge protector"]), billable: "Billable" });
    }
  }
  const byId = new Map(drafts.map((d) => [d.member.id, d.member]));
  for (const [key, hours] of hoursByDay) {
    if (hours <= 9) continue;
    const [memberId, day] = key.split(":").map(Number) as [number, number];
    const member = byId.get(memberId)!;
    plans.push({ member, date: day, type: "meals", amount: round2(rng.float(11, 32)), company: own, notes: "Dinner during a long day (after-hours work)", billable: "DoNotBill" });
  }
  const certified = [...byId.values()].filter(() => rng.chance(0.3));
  for (const m of certified) {
    const date = startOfDay(ctx.historyStart + rng.int(10, Math.floor((ctx.now - ctx.historyStart) / DAY) - 3) * DAY);
    plans.push({ member: m, date, type: "training", amount: rng.pick([150, 250, 330, 400]), company: own, notes: rng.pick(["Microsoft MD-102 exam voucher", "Fortinet NSE 4 exam", "CompTIA Security+ exam voucher", "ConnectWise University course"]), billable: "DoNotBill" });
  }
  plans.sort((a, b) => a.date - b.date || a.member.id - b.member.id);

  // Weekly reports, numbered the way time sheets are, with the same status ladder.
  const thisWeek = startOfWeek(ctx.now);
  const reportKeys = [...new Map(plans.map((p) => [`${startOfWeek(p.date)}:${p.member.id}`, { week: startOfWeek(p.date), member: p.member }])).values()].sort((a, b) => a.week - b.week || a.member.id - b.member.id);
  const reports = new Map<string, { row: Row; status: string }>();
  const totals = new Map<string, number>();
  for (const p of plans) totals.set(`${startOfWeek(p.date)}:${p.member.id}`, (totals.get(`${startOfWeek(p.date)}:${p.member.id}`) ?? 0) + p.amount);
  let week = -1;
  let index = 0;
  for (const { week: start, member } of reportKeys) {
    index = start === week ? index + 1 : 0;
    week = start;
    const status = sheetStatus(rng, Math.round((thisWeek - start) / WEEK), index, member);
    const total = round2(totals.get(`${start}:${member.id}`) ?? 0);
    const row = ctx.insert("/expense/reports", {
      member: ref("MemberReference", member.row), year: yearOf(start), period: Math.floor((start - Date.UTC(yearOf(start), 0, 1)) / WEEK) + 1,
      dateStart: iso(start), dateEnd: iso(start + 6 * DAY), status, total, dueDate: iso(start + 8 * DAY),
    }, { at: Math.min(ctx.now, start + DAY + 17 * HOUR), by: member.identifier });
    reports.set(`${start}:${member.id}`, { row, status });
  }

  const entries = plans.map((p) => {
    const report = reports.get(`${startOfWeek(p.date)}:${p.member.id}`)!;
    const ticket = p.item ? (p.item.kind === "ServiceTicket" ? tickets.service : tickets.project).get(p.item.id) : undefined;
    const type = lists.expenseTypes[p.type];
    const billAmount = p.billable === "Billable" ? round2(p.type === "supplies" ? p.amount * 1.15 : p.amount) : 0;
    const record: JsonObject = {
      expenseReport: ref("ExpenseReportReference", report.row), company: ref("CompanyReference", p.company.row),
      chargeToId: ticket ? ticket.id : p.type === "training" ? codes.training.row.id : codes.admin.row.id,
      chargeToType: ticket && p.item ? p.item.kind : "ChargeCode", type: ref("ExpenseTypeReference", type), member: ref("MemberReference", p.member.row),
      amount: p.amount, billableOption: p.billable, date: iso(p.date), locationId: p.member.location.id, businessUnitId: p.member.department.id, notes: p.notes,
      ...(p.item?.agreement ? { agreement: ref("AgreementReference", p.item.agreement.row) } : {}), invoiceAmount: billAmount, currency: ref("CurrencyReference", system.currency),
      status: report.status, billAmount, agreementAmount: 0, ...(p.odometer ? { odometerStart: p.odometer[0], odometerEnd: p.odometer[1] } : {}),
      ...(ticket ? { ticket: ref("TicketReference", ticket) } : {}),
    };
    return ctx.insert("/expense/entries", record, { at: Math.min(ctx.now, p.date + 18 * HOUR), by: p.member.identifier });
  });
  return { entries, reports: [...reports.values()].map((r) => r.row) };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
