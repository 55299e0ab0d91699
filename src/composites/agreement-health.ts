/**
 * cw_agreement_health: is an agreement (or each of a company's agreements) worth what it costs, and is
 * it about to end?
 *
 * Over the last `months` complete calendar months (in CW_TIMEZONE):
 *   revenue      = (billAmount + Σ extPrice of active additions) × months
 *   time cost    = Σ hours × the member's hourlyCost          (time entries charged to the agreement)
 *   time value   = Σ hours × the work role's hourlyRate       (what that time lists at)
 *   product cost = Σ extCost of active additions × months
 *   margin       = revenue − time cost − product cost; margin % = margin / revenue
 * Hours used per month are set against the hours included (applicationLimit, when the agreement is
 * counted in hours). Renewal risk: high when it ends within 30 days, is cancelled, or loses money;
 * medium when it ends within 90 days, keeps under 20 % margin, or ran over its hours in a month.
 *
 * Fetch plan: with agreement_id, the agreement, its additions, its time entries and the cached member
 * and work-role lists at once; with company_id, the company's agreements first, then their additions
 * and time entries.
 */
import { DateTime } from "luxon";
import type { Branches, BranchFailure } from "./fanout.js";
import { num, round2, text, type Reader, type Rec } from "./read.js";
import { failureLines, hours, nameOf } from "./show.js";
import { name } from "../format/untrusted.js";

export interface HealthWindow {
  /** First day of the first month counted, and the first day after the last. */
  start: DateTime;
  end: DateTime;
  months: number;
  now: DateTime;
}

export interface HealthData extends Record<string, unknown> {
  agreements: Rec[];
  additions: Map<number, Rec[]>;
  time: Rec[];
  members: Rec[];
  workRoles: Rec[];
}

export function healthWindow(now: Date, zone: string, months: number): HealthWindow {
  const current = DateTime.fromJSDate(now, { zone });
  const end = current.startOf("month");
  return { start: end.minus({ months }), end, months, now: current };
}

const utc = (d: DateTime) => `[${d.toUTC().toISO({ suppressMilliseconds: true })}]`;
const TIME_FIELDS = "id,agreement/id,member/id,member/identifier,workRole/id,workRole/name,actualHours,billableOption,timeStart";

export function healthPlan(read: Reader, target: { agreementId?: number; companyId?: number }, w: HealthWindow, lists: { members: () => Promise<Rec[]>; workRoles: () => Promise<Rec[]> }): Branches<HealthData> {
  const additionsOf = async (ids: number[]) => new Map(await Promise.all(ids.map(async (id) => [id, await read.list(`/finance/agreements/${id}/additions`, {}, 500)] as const)));
  const timeOf = (ids: number[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : read.list("/time/entries", { conditions: `agreement/id in (${ids.join(",")}) and timeStart >= ${utc(w.start)} and timeStart < ${utc(w.end)}`, fields: TIME_FIELDS }, 20_000);
  const ids = async (need: <N extends keyof HealthData>(n: N) => Promise<HealthData[N]>) => (await need("agreements")).map((a) => Number(a.id));
  const byAgreement = target.agreementId !== undefined;
  return {
    agreements: async () =>
      byAgreement
        ? [await read.one(`/finance/agreements/${target.agreementId}`)]
        : (await read.list("/finance/agreements", { conditions: `company/id = ${target.companyId} and cancelledFlag = false`, orderBy: "id" }, 200)).filter(
            (a) => a.noEndingDateFlag === true || !a.endDate || Date.parse(String(a.endDate)) >= w.start.toMillis(),
          ),
    // With an agreement id both start at once; for a company they wait for its agreements.
    additions: async (need) => additionsOf(byAgreement ? [target.agreementId!] : await ids(need)),
    time: async (need) => timeOf(byAgreement ? [target.agreementId!] : await ids(need)),
    members: () => lists.members(),
    workRoles: () => lists.workRoles(),
  };
}

/** An addition bills in the window when it took effect before the window ended and was not cancelled before it began. */
function activeAddition(a: Rec, w: HealthWindow): boolean {
  const effective = Date.parse(String(a.effectiveDate ?? ""));
  const cancelled = Date.parse(String(a.cancelledDate ?? ""));
  return (Number.isNaN(effective) || effective < w.end.toMillis()) && (Number.isNaN(cancelled) || cancelled > w.start.toMillis());
}

export interface AgreementHealth extends Rec {
  id: number;
  name: string;
  type: string;
  company: string;
  status: string;
  start_date?: string;
  end_date: string | null;
  days_to_end: number | null;
  monthly_revenue: number;
  revenue: number;
  time_hours: number;
  time_cost: number;
  time_value: number;
  product_cost: number;
  margin: number;
  margin_pct: number | null;
  effective_hourly_rate: number | null;
  hours_included_per_month: number | "unlimited" | null;
  months: { month: string; hours: number; included: number | "unlimited" | null; over: boolean }[];
  renewal_risk: "low" | "medium" | "high";
  risk_reasons: string[];
  additions: { product: string; quantity: number; monthly_price: number; monthly_cost: number }[];
}

export function agreementHealth(agreement: Rec, additions: Rec[], entries: Rec[], members: Map<number, Rec>, roles: Map<number, Rec>, w: HealthWindow): AgreementHealth {
  const active = additions.filter((a) => activeAddition(a, w));
  const monthlyRevenue = round2((num(agreement, "billAmount") ?? 0) + active.reduce((s, a) => s + (num(a, "extPrice") ?? 0), 0));
  const monthlyProductCost = round2(active.reduce((s, a) => s + (num(a, "extCost") ?? 0), 0));
  let timeHours = 0;
  let timeCost = 0;
  let timeValue = 0;
  const perMonth = new Map<string, number>();
  for (let m = w.start; m < w.end; m = m.plus({ months: 1 })) perMonth.set(m.toFormat("yyyy-LL"), 0);
  for (const e of entries) {
    const h = num(e, "actualHours") ?? 0;
    timeHours += h;
    timeCost += h * (num(members.get(num(e, "member.id") ?? -1), "hourlyCost") ?? 0);
    timeValue += h * (num(roles.get(num(e, "workRole.id") ?? -1), "hourlyRate") ?? 0);
    const month = DateTime.fromISO(String(e.timeStart), { zone: "utc" }).setZone(w.start.zone).toFormat("yyyy-LL");
    if (perMonth.has(month)) perMonth.set(month, perMonth.get(month)! + h);
  }
  const revenue = round2(monthlyRevenue * w.months);
  const productCost = round2(monthlyProductCost * w.months);
  const margin = round2(revenue - timeCost - productCost);
  const included: number | "unlimited" | null = agreement.applicationUnlimitedFlag === true ? "unlimited" : text(agreement, "applicationUnits") === "Hours" ? (num(agreement, "applicationLimit") ?? null) : null;
  const months = [...perMonth].map(([month, h]) => ({ month, hours: round2(h), included, over: typeof included === "number" && h > included }));
  const endDate = agreement.noEndingDateFlag === true ? null : text(agreement, "endDate") ?? null;
  const daysToEnd = endDate ? Math.floor((Date.parse(endDate) - w.now.toMillis()) / 86_400_000) : null;
  const marginPct = revenue > 0 ? round2((margin / revenue) * 100) : null;

  const high: string[] = [];
  const medium: string[] = [];
  if (agreement.cancelledFlag === true) high.push("cancelled");
  if (daysToEnd !== null && daysToEnd < 0) high.push(`ended ${-daysToEnd} days ago`);
  else if (daysToEnd !== null && daysToEnd <= 30) high.push(`ends in ${daysToEnd} days`);
  else if (daysToEnd !== null && daysToEnd <= 90) medium.push(`ends in ${daysToEnd} days`);
  if (revenue > 0 && margin < 0) high.push(`loses money: margin ${marginPct}%`);
  else if (marginPct !== null && marginPct < 20) medium.push(`thin margin: ${marginPct}%`);
  if (revenue === 0 && timeCost > 0) medium.push("time logged but nothing billed through the agreement");
  const over = months.filter((m) => m.over);
  if (over.length) medium.push(`over its included hours in ${over.map((m) => m.month).join(", ")}`);

  return {
    id: Number(agreement.id),
    name: String(agreement.name ?? ""),
    type: nameOf(agreement.type),
    company: nameOf(agreement.company),
    status: text(agreement, "agreementStatus") ?? (agreement.cancelledFlag ? "Cancelled" : ""),
    ...(text(agreement, "startDate") ? { start_date: text(agreement, "startDate")! } : {}),
    end_date: endDate,
    days_to_end: daysToEnd,
    monthly_revenue: monthlyRevenue,
    revenue,
    time_hours: round2(timeHours),
    time_cost: round2(timeCost),
    time_value: round2(timeValue),
    product_cost: productCost,
    margin,
    margin_pct: marginPct,
    effective_hourly_rate: timeHours > 0 ? round2(revenue / timeHours) : null,
    hours_included_per_month: included,
    months,
    renewal_risk: high.length ? "high" : medium.length ? "medium" : "low",
    risk_reasons: [...high, ...medium],
    additions: active.map((a) => ({ product: String(text(a, "product.identifier") ?? text(a, "description") ?? ""), quantity: num(a, "quantity") ?? 0, monthly_price: num(a, "extPrice") ?? 0, monthly_cost: num(a, "extCost") ?? 0 })),
  };
}

export function assembleHealth(v: Partial<HealthData>, failures: BranchFailure[], w: HealthWindow): { text: string; structured: Rec } {
  const members = new Map((v.members ?? []).map((m) => [Number(m.id), m]));
  const roles = new Map((v.workRoles ?? []).map((r) => [Number(r.id), r]));
  const agreements = (v.agreements ?? []).map((a) =>
    agreementHealth(a, v.additions?.get(Number(a.id)) ?? [], (v.time ?? []).filter((e) => num(e, "agreement.id") === Number(a.id)), members, roles, w),
  );
  const period = `${w.start.toFormat("yyyy-LL")} to ${w.end.minus({ days: 1 }).toFormat("yyyy-LL")}`;
  const missing = [v.members ? "" : "member costs", v.workRoles ? "" : "work-role rates", v.additions ? "" : "additions", v.time ? "" : "time entries"].filter(Boolean);
  const structured: Rec = { period: { from: w.start.toISODate(), to: w.end.minus({ days: 1 }).toISODate(), months: w.months }, agreements, failures };
  const lines = [`Agreement health, ${period} (${w.months} complete month${w.months === 1 ? "" : "s"}, ${w.start.zoneName}):`];
  if (agreements.length === 0) lines.push("No current agreements.");
  for (const a of agreements) {
    lines.push(`#${a.id} ${name(a.name, 80)} · ${name(a.type)} · ${name(a.company)} · ${name(a.status)}${a.end_date ? ` · ends ${a.end_date.slice(0, 10)}` : " · no end date"}`);
    lines.push(`  revenue ${money(a.revenue)} (${money(a.monthly_revenue)}/month) − time cost ${money(a.time_cost)} (${hours(a.time_hours)}) − product cost ${money(a.product_cost)} = margin ${money(a.margin)}${a.margin_pct !== null ? ` (${a.margin_pct}%)` : ""}`);
    lines.push(`  time at work-role rates ${money(a.time_value)}${a.effective_hourly_rate !== null ? `; effective rate ${money(a.effective_hourly_rate)}/h` : ""}`);
    if (a.hours_included_per_month !== null) lines.push(`  hours used vs included: ${a.months.map((m) => `${m.month} ${m.hours}/${m.included}${m.over ? " OVER" : ""}`).join(", ")}`);
    lines.push(`  renewal risk: ${a.renewal_risk.toUpperCase()}${a.risk_reasons.length ? ` — ${a.risk_reasons.join("; ")}` : ""}`);
  }
  if (missing.length) lines.push(`Figures leave out ${missing.join(", ")} (could not be read).`);
  lines.push(...failureLines(failures));
  return { text: lines.join("\n"), structured };
}

function money(n: number): string {
  return `${n < 0 ? "-" : ""}$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`;
}
