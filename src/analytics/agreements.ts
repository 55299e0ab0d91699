/**
 * Agreements: profitability across the book, and the renewals coming up.
 *
 * Profitability, over the last `months` complete calendar months (the arithmetic of cw_agreement_health,
 * shared with it):
 *   revenue      = (billAmount + Σ extPrice of additions active in the window) × months
 *   time cost    = Σ hours charged to the agreement × the member's hourlyCost
 *   product cost = Σ extCost of active additions × months
 *   margin       = revenue − time cost − product cost;  margin % = margin ÷ revenue
 *
 * Renewals due: current agreements (not cancelled, with an end date) ending from today to today + days;
 *   monthly value = billAmount + Σ extPrice of additions active today; annual value = monthly × 12.
 */
import { agreementHealth, healthWindow, type AgreementHealth, type HealthWindow } from "../composites/agreement-health.js";
import { num } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { dayNumber, todayNumber, utc, utcDate } from "./common.js";
import type { AnalyticsReader } from "./read.js";
import { money, pct, percent, round2, table } from "./table.js";
import { define, type Rec } from "./types.js";
import { name } from "../format/untrusted.js";

const AGREEMENT_FIELDS = "id,name,type/name,company/id,company/name,agreementStatus,billAmount,applicationUnits,applicationLimit,applicationUnlimitedFlag,startDate,endDate,noEndingDateFlag,cancelledFlag";
const ADDITION_FIELDS = "id,product/identifier,description,quantity,uom,unitPrice,extPrice,extCost,effectiveDate,cancelledDate";

/** Additions of each agreement, read together (one small request per agreement, bounded by the limiter). */
export async function additionsOf(read: AnalyticsReader, agreements: Rec[]): Promise<Map<number, Rec[]>> {
  return new Map(await Promise.all(agreements.map(async (a) => [Number(a.id), await read.list(`/finance/agreements/${String(a.id)}/additions`, { fields: ADDITION_FIELDS }, 1000)] as const)));
}

interface ProfitParams {
  window: HealthWindow;
  company?: Resolved;
}

interface ProfitData extends Record<string, unknown> {
  agreements: Rec[];
  additions: Map<number, Rec[]>;
  time: Rec[];
  members: Rec[];
  workRoles: Rec[];
}

export function profitability(d: ProfitData, w: HealthWindow): AgreementHealth[] {
  const members = new Map(d.members.map((m) => [Number(m.id), m]));
  const roles = new Map(d.workRoles.map((r) => [Number(r.id), r]));
  const time = new Map<number, Rec[]>();
  for (const e of d.time) {
    const id = num(e, "agreement.id");
    if (id === undefined) continue;
    const list = time.get(id);
    if (list) list.push(e);
    else time.set(id, [e]);
  }
  return d.agreements
    .map((a) => agreementHealth(a, d.additions.get(Number(a.id)) ?? [], time.get(Number(a.id)) ?? [], members, roles, w))
    .sort((a, b) => (a.margin_pct ?? Infinity) - (b.margin_pct ?? Infinity) || a.margin - b.margin || a.id - b.id);
}

const profit = define<ProfitParams, ProfitData>({
  name: "agreement_profitability",
  params: ["months", "company"],
  parse: (v, env) => ({ window: healthWindow(env.now.toJSDate(), env.zone, v.int("months", { min: 1, max: 12 }) ?? 1), ...(v.ref("company") ? { company: v.ref("company")! } : {}) }),
  plan(p, { read, lists }) {
    const w = p.window;
    const company = p.company ? ` and company/id = ${p.company.id}` : "";
    return {
      agreements: async () =>
        (await read.all("/finance/agreements", { conditions: `cancelledFlag = false${company}`, fields: AGREEMENT_FIELDS }, 5000)).filter(
          (a) => a.noEndingDateFlag === true || !a.endDate || Date.parse(String(a.endDate)) >= w.start.toMillis(),
        ),
      additions: async (need) => additionsOf(read, await need("agreements")),
      time: () =>
        read.all("/time/entries", { conditions: `agreement/id != null and timeStart >= ${utc(w.start)} and timeStart < ${utc(w.end)}${company}`, fields: "id,agreement/id,member/id,workRole/id,actualHours,timeStart" }),
      members: () => lists.members(),
      workRoles: () => lists.workRoles(),
    };
  },
  compute(d, p) {
    const w = p.window;
    const rows = profitability(d, w);
    const revenue = round2(rows.reduce((s, r) => s + r.revenue, 0));
    const margin = round2(rows.reduce((s, r) => s + r.margin, 0));
    const period = `${w.start.toFormat("yyyy-LL")}${w.months > 1 ? ` to ${w.end.minus({ days: 1 }).toFormat("yyyy-LL")}` : ""}`;
    const losing = rows.filter((r) => r.revenue > 0 && r.margin < 0).length;
    const head = `Agreement profitability, ${period} (${w.months} complete month${w.months === 1 ? "" : "s"}, ${w.start.zoneName}): ${rows.length} agreements, revenue ${money(revenue)}, margin ${money(margin)} (${pct(percent(margin, revenue))}); ${losing} losing money. Worst margin first.`;
    const body = table(
      [{ header: "Agreement", align: "left", max: 34 }, { header: "Company", align: "left", max: 28 }, "Revenue", "Time cost", "Product cost", "Margin", "Margin %", "Hours", "$/h"],
      rows.map((r) => [`#${r.id} ${r.name}`, r.company, money(r.revenue), money(r.time_cost), money(r.product_cost), money(r.margin), pct(r.margin_pct), r.time_hours, r.effective_hourly_rate === null ? null : money(r.effective_hourly_rate)]),
    );
    return {
      text: `${head}\n${body}`,
      structured: {
        period: { from: w.start.toISODate(), to: w.end.minus({ days: 1 }).toISODate(), months: w.months, zone: w.start.zoneName },
        totals: { agreements: rows.length, revenue, time_cost: round2(rows.reduce((s, r) => s + r.time_cost, 0)), product_cost: round2(rows.reduce((s, r) => s + r.product_cost, 0)), margin, margin_pct: percent(margin, revenue), losing_money: losing },
        agreements: rows.map(({ months: _m, additions: _a, ...r }) => r),
      },
    };
  },
});

interface RenewalParams {
  days: number;
  company?: Resolved;
}

export interface Renewal {
  id: number;
  name: string;
  company: string;
  company_id: number | undefined;
  type: string;
  end_date: string;
  days_left: number;
  bucket: "0-30" | "31-60" | "61-90" | "91+";
  monthly_value: number;
  annual_value: number;
}

/** Monthly value of an agreement today: its bill amount plus the additions in effect now. */
export function monthlyValue(agreement: Rec, additions: Rec[], nowMs: number): number {
  const active = additions.filter((a) => {
    const effective = Date.parse(String(a.effectiveDate ?? ""));
    const cancelled = Date.parse(String(a.cancelledDate ?? ""));
    return (Number.isNaN(effective) || effective <= nowMs) && (Number.isNaN(cancelled) || cancelled > nowMs);
  });
  return round2((num(agreement, "billAmount") ?? 0) + active.reduce((s, a) => s + (num(a, "extPrice") ?? 0), 0));
}

export function renewals(agreements: Rec[], additions: Map<number, Rec[]>, env: import("./types.js").Env): Renewal[] {
  return agreements
    .map((a): Renewal => {
      const end = String(a.endDate).slice(0, 10);
      // The end date is a calendar date: days left counts from today in the MSP's zone to that day.
      const days = (dayNumber(end) ?? todayNumber(env.now)) - todayNumber(env.now);
      const monthly = monthlyValue(a, additions.get(Number(a.id)) ?? [], env.now.toMillis());
      return {
        id: Number(a.id), name: String(a.name ?? ""), company: nameOf(a.company), company_id: num(a, "company.id"), type: nameOf(a.type), end_date: end, days_left: days,
        bucket: days <= 30 ? "0-30" : days <= 60 ? "31-60" : days <= 90 ? "61-90" : "91+", monthly_value: monthly, annual_value: round2(monthly * 12),
      };
    })
    .sort((a, b) => a.days_left - b.days_left || a.id - b.id);
}

const renewalsDue = define<RenewalParams, { agreements: Rec[]; additions: Map<number, Rec[]> }>({
  name: "agreement_renewals_due",
  params: ["days", "company"],
  parse: (v) => ({ days: v.int("days", { min: 1, max: 730 }) ?? 90, ...(v.ref("company") ? { company: v.ref("company")! } : {}) }),
  plan(p, { read, env }) {
    const today = env.now.startOf("day");
    const company = p.company ? ` and company/id = ${p.company.id}` : "";
    return {
      agreements: () =>
        read.all("/finance/agreements", {
          conditions: `cancelledFlag = false and noEndingDateFlag = false and agreementStatus = "Active" and endDate >= ${utcDate(today)} and endDate < ${utcDate(today.plus({ days: p.days + 1 }))}${company}`,
          fields: AGREEMENT_FIELDS,
        }, 5000),
      additions: async (need) => additionsOf(read, await need("agreements")),
    };
  },
  optional: { additions: new Map() },
  compute({ agreements, additions }, p, env) {
    const rows = renewals(agreements, additions, env);
    const monthly = round2(rows.reduce((s, r) => s + r.monthly_value, 0));
    const buckets = (["0-30", "31-60", "61-90", "91+"] as const).map((b) => ({ bucket: b, agreements: rows.filter((r) => r.bucket === b).length, monthly_value: round2(rows.filter((r) => r.bucket === b).reduce((s, r) => s + r.monthly_value, 0)) })).filter((b) => b.agreements > 0);
    const head =
      `Agreements ending in the next ${p.days} days (from ${env.now.toISODate()}, ${env.zone})${p.company ? ` for ${name(p.company.name)}` : ""}: ${rows.length}, worth ${money(monthly)}/month (${money(monthly * 12)}/year).` +
      (buckets.length ? ` By days left: ${buckets.map((b) => `${b.bucket}: ${b.agreements} (${money(b.monthly_value)}/mo)`).join(", ")}.` : "");
    const body = table(
      [{ header: "Agreement", align: "left", max: 34 }, { header: "Company", align: "left", max: 28 }, { header: "Type", align: "left" }, { header: "Ends", align: "left" }, "Days left", "Monthly", "Annual"],
      rows.map((r) => [`#${r.id} ${r.name}`, r.company, r.type, r.end_date, r.days_left, money(r.monthly_value), money(r.annual_value)]),
    );
    return { text: `${head}\n${body}`, structured: { as_of: env.now.toISODate(), days: p.days, totals: { agreements: rows.length, monthly_value: monthly, annual_value: round2(monthly * 12) }, buckets, agreements: rows } };
  },
});

export const DEFINITIONS = { agreement_profitability: profit, agreement_renewals_due: renewalsDue };
