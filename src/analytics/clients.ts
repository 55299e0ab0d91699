/**
 * Client health: one score per client from what ConnectWise records about the relationship, and the
 * clients whose score says they are at risk.
 *
 * Over the window W (default the last 30 days) and the window of the same length before it (P):
 *   ticket trend   = (tickets entered in W − in P) ÷ tickets in P
 *   reopen rate    = tickets of W resolved once and open again (dateResolved set, closedFlag false) ÷ tickets resolved
 *   SLA miss rate  = tickets of W not isInSla ÷ tickets of W
 *   survey score   = mean totalPoints of the client's survey results entered in W, against the mean over all clients
 *   overdue        = Σ balance of invoices past their due date, and the oldest's days overdue
 *   labour margin  = (agreement revenue − cost of time on its agreements) ÷ agreement revenue, where agreement
 *                    revenue = each agreement's latest agreement invoice in the 62 days before W ends, pro rata
 *                    to W's length (days ÷ 30.44); time cost = hours × member hourlyCost. Additions' cost is not
 *                    read here (agreement_profitability reads it).
 * Score = 100 − penalties (see PENALTIES), floored at 0: healthy ≥ 80, watch 60–79, at risk < 60.
 */
import { num, text } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { dayNumber, inWindow, previousWindow, todayNumber, utc, utcDate, windowJson, windowLabel } from "./common.js";
import type { AnalyticsReader } from "./read.js";
import { mean, money, pct, percent, round2, table } from "./table.js";
import { define, type Env, type Rec, type Window } from "./types.js";

const DAYS_PER_MONTH = 30.44;

/** What costs points, and how many: written out so the description and the answer can quote it. */
export const PENALTIES = {
  ticketsUp25: 10, ticketsUp50: 20,
  reopen5: 10, reopen15: 20,
  slaMiss10: 10, slaMiss25: 20,
  surveyLow: 10,
  overdue: 10, overdue60: 20,
  marginUnder20: 10, marginNegative: 20,
} as const;

export interface HealthData extends Record<string, unknown> {
  tickets: Rec[];
  overdue: Rec[];
  agreementInvoices: Rec[];
  time: Rec[];
  members: Rec[];
  surveys: Rec[];
}

export interface ClientHealth {
  company_id: number;
  company: string;
  score: number;
  grade: "healthy" | "watch" | "at risk";
  reasons: string[];
  tickets: number;
  tickets_previous: number;
  ticket_trend_pct: number | null;
  resolved: number;
  reopened: number;
  reopen_rate_pct: number | null;
  sla_missed: number;
  sla_miss_rate_pct: number | null;
  survey_results: number;
  survey_mean_points: number | null;
  overdue_invoices: number;
  overdue_balance: number;
  oldest_overdue_days: number | null;
  agreement_revenue: number;
  time_cost: number;
  labour_margin_pct: number | null;
}

interface Acc {
  id: number;
  name: string;
  now: Rec[];
  before: Rec[];
  overdue: Rec[];
  revenue: number;
  cost: number;
  points: number[];
}

export function clientHealth(d: HealthData, w: Window, env: Env, only?: number): ClientHealth[] {
  const prev = previousWindow(w);
  const companies = new Map<number, Acc>();
  const acc = (ref: unknown): Acc | undefined => {
    const id = num(ref, "id");
    if (id === undefined || (only !== undefined && id !== only)) return undefined;
    let a = companies.get(id);
    if (!a) companies.set(id, (a = { id, name: nameOf(ref), now: [], before: [], overdue: [], revenue: 0, cost: 0, points: [] }));
    if (!a.name) a.name = nameOf(ref);
    return a;
  };
  for (const t of d.tickets) {
    const entered = text(t, "_info.dateEntered");
    if (inWindow(entered, w)) acc(t.company)?.now.push(t);
    else if (inWindow(entered, prev)) acc(t.company)?.before.push(t);
  }
  for (const i of d.overdue) acc(i.company)?.overdue.push(i);

  // Agreement revenue: the latest agreement invoice of each agreement, pro rata to the window.
  const latest = new Map<string, Rec>();
  for (const i of d.agreementInvoices) {
    const key = String(num(i, "agreement.id") ?? num(i, "applyToId") ?? `invoice ${String(i.id)}`);
    const seen = latest.get(key);
    if (!seen || String(i.date ?? "") > String(seen.date ?? "")) latest.set(key, i);
  }
  const months = w.end.diff(w.start, "days").days / DAYS_PER_MONTH;
  for (const i of latest.values()) {
    const a = acc(i.company);
    if (a) a.revenue += (num(i, "total") ?? 0) * months;
  }
  const cost = new Map(d.members.map((m) => [Number(m.id), num(m, "hourlyCost") ?? 0]));
  for (const e of d.time) {
    const a = acc(e.company);
    if (a) a.cost += (num(e, "actualHours") ?? 0) * (cost.get(num(e, "member.id") ?? -1) ?? 0);
  }
  for (const r of d.surveys) {
    if (!inWindow(text(r, "_info.dateEntered"), w)) continue;
    const points = num(r, "totalPoints");
    if (points !== undefined) acc(r.company)?.points.push(points);
  }
  const allPoints = [...companies.values()].flatMap((a) => a.points);
  const overallMean = mean(allPoints);

  const today = todayNumber(env.now);
  return [...companies.values()]
    .map((a): ClientHealth => {
      const reasons: string[] = [];
      let score = 100;
      const hit = (points: number, why: string) => {
        score -= points;
        reasons.push(`${why} (−${points})`);
      };
      const n = a.now.length;
      const trend = a.before.length > 0 ? round2(((n - a.before.length) / a.before.length) * 100) : null;
      if (trend !== null && trend >= 50 && n - a.before.length >= 5) hit(PENALTIES.ticketsUp50, `tickets up ${trend}% (${a.before.length} → ${n})`);
      else if (trend !== null && trend >= 25 && n - a.before.length >= 3) hit(PENALTIES.ticketsUp25, `tickets up ${trend}% (${a.before.length} → ${n})`);
      const resolved = a.now.filter((t) => Boolean(t.dateResolved)).length;
      const reopened = a.now.filter((t) => Boolean(t.dateResolved) && t.closedFlag !== true).length;
      const reopenRate = percent(reopened, resolved);
      if (reopenRate !== null && reopenRate >= 15) hit(PENALTIES.reopen15, `${reopened} of ${resolved} resolved tickets reopened`);
      else if (reopenRate !== null && reopenRate >= 5) hit(PENALTIES.reopen5, `${reopened} of ${resolved} resolved tickets reopened`);
      const missed = a.now.filter((t) => t.isInSla === false).length;
      const missRate = percent(missed, n);
      if (missRate !== null && missRate >= 25) hit(PENALTIES.slaMiss25, `${missed} of ${n} tickets outside SLA`);
      else if (missRate !== null && missRate >= 10) hit(PENALTIES.slaMiss10, `${missed} of ${n} tickets outside SLA`);
      const surveyMean = mean(a.points);
      if (surveyMean !== null && overallMean !== null && overallMean > 0 && surveyMean < 0.8 * overallMean) hit(PENALTIES.surveyLow, `survey mean ${round2(surveyMean)} points, under 80% of the ${round2(overallMean)} average`);
      const balance = round2(a.overdue.reduce((s, i) => s + (num(i, "balance") ?? 0), 0));
      const oldest = a.overdue.length ? Math.max(...a.overdue.map((i) => today - (dayNumber(i.dueDate) ?? today))) : null;
      if (oldest !== null && oldest > 60) hit(PENALTIES.overdue60, `${money(balance)} overdue, oldest ${oldest} days`);
      else if (a.overdue.length > 0) hit(PENALTIES.overdue, `${money(balance)} overdue on ${a.overdue.length} invoice${a.overdue.length === 1 ? "" : "s"}`);
      const revenue = round2(a.revenue);
      const margin = revenue > 0 ? percent(revenue - a.cost, revenue) : null;
      if (margin !== null && margin < 0) hit(PENALTIES.marginNegative, `agreements lose money on labour (margin ${margin}%)`);
      else if (margin !== null && margin < 20) hit(PENALTIES.marginUnder20, `thin labour margin on agreements (${margin}%)`);
      score = Math.max(0, score);
      return {
        company_id: a.id, company: a.name, score, grade: score >= 80 ? "healthy" : score >= 60 ? "watch" : "at risk", reasons,
        tickets: n, tickets_previous: a.before.length, ticket_trend_pct: trend, resolved, reopened, reopen_rate_pct: reopenRate, sla_missed: missed, sla_miss_rate_pct: missRate,
        survey_results: a.points.length, survey_mean_points: surveyMean === null ? null : round2(surveyMean),
        overdue_invoices: a.overdue.length, overdue_balance: balance, oldest_overdue_days: oldest,
        agreement_revenue: revenue, time_cost: round2(a.cost), labour_margin_pct: margin,
      };
    })
    .sort((a, b) => a.score - b.score || b.tickets - a.tickets || a.company.localeCompare(b.company));
}

interface HealthParams {
  window: Window;
  company?: Resolved;
  threshold: number;
}

/** The reads behind a health score, for every client or one; shared with company_360_view. */
export function healthPlan(read: AnalyticsReader, lists: { members(): Promise<Rec[]> }, w: Window, env: Env, company?: Resolved) {
  const prev = previousWindow(w);
  const only = company ? ` and company/id = ${company.id}` : "";
  const today = env.now.startOf("day");
  return {
    tickets: () => read.all("/service/tickets", { conditions: `dateEntered >= ${utc(prev.start)} and dateEntered < ${utc(w.end)}${only}`, fields: "id,company/id,company/name,isInSla,closedFlag,dateResolved,_info/dateEntered" }),
    overdue: () => read.all("/finance/invoices", { conditions: `balance > 0 and dueDate < ${utcDate(today)}${only}`, fields: "id,invoiceNumber,company/id,company/name,balance,dueDate" }),
    agreementInvoices: () =>
      read.all("/finance/invoices", { conditions: `type = "Agreement" and date >= ${utcDate(w.end.minus({ days: 62 }))} and date < ${utcDate(w.end)}${only}`, fields: "id,company/id,company/name,agreement/id,applyToId,total,date" }),
    time: () => read.all("/time/entries", { conditions: `agreement/id != null and timeStart >= ${utc(w.start)} and timeStart < ${utc(w.end)}${only}`, fields: "id,company/id,company/name,member/id,actualHours" }),
    members: () => lists.members(),
    // Survey results live under each survey; an MSP has a handful of surveys.
    surveys: async () => {
      const surveys = await read.list("/service/surveys", { fields: "id" }, 100);
      return (await Promise.all(surveys.map((s) => read.all(`/service/surveys/${String(s.id)}/results`, { fields: "id,company/id,company/name,totalPoints,ticketId,_info/dateEntered" }, 20_000)))).flat();
    },
  };
}

export const HEALTH_OPTIONAL: Partial<HealthData> = { surveys: [], members: [], time: [], agreementInvoices: [] };

function scoreTable(rows: ClientHealth[], limit?: number): string {
  return table(
    [{ header: "Company", align: "left", max: 30 }, "Score", { header: "Grade", align: "left" }, "Tickets", "Trend", "Reopen", "SLA miss", "Overdue", "Margin", { header: "Why", align: "left", max: 70 }],
    rows.map((r) => [r.company, r.score, r.grade, r.tickets, pct(r.ticket_trend_pct), pct(r.reopen_rate_pct), pct(r.sla_miss_rate_pct), money(r.overdue_balance), pct(r.labour_margin_pct), r.reasons.map((x) => x.replace(/ \(−\d+\)$/, "")).join("; ")]),
    limit,
  );
}

const scorecard = define<HealthParams, HealthData>({
  name: "client_health_scorecard",
  params: ["start", "end", "company"],
  parse: (v) => ({ window: v.window(), threshold: 60, ...(v.ref("company") ? { company: v.ref("company")! } : {}) }),
  plan: (p, { read, lists, env }) => healthPlan(read, lists, p.window, env, p.company),
  optional: HEALTH_OPTIONAL,
  compute(d, p, env) {
    const rows = clientHealth(d, p.window, env, p.company?.id);
    const grades = { healthy: rows.filter((r) => r.grade === "healthy").length, watch: rows.filter((r) => r.grade === "watch").length, at_risk: rows.filter((r) => r.grade === "at risk").length };
    const head = `Client health, ${windowLabel(p.window)} against the ${p.window.end.diff(p.window.start, "days").days} days before (${env.zone}): ${rows.length} clients — ${grades.healthy} healthy, ${grades.watch} watch, ${grades.at_risk} at risk. Lowest score first.`;
    const surveys = d.surveys.length === 0 ? "\nNo survey results were found, so survey scores do not count." : "";
    return { text: `${head}\n${scoreTable(rows, 40)}${surveys}`, structured: { period: windowJson(p.window), previous: windowJson(previousWindow(p.window)), grades, penalties: PENALTIES, clients: rows } };
  },
});

const atRisk = define<HealthParams, HealthData>({
  name: "at_risk_clients",
  params: ["start", "end", "threshold"],
  parse: (v) => ({ window: v.window(), threshold: v.int("threshold", { min: 1, max: 100 }) ?? 60 }),
  plan: (p, { read, lists, env }) => healthPlan(read, lists, p.window, env),
  optional: HEALTH_OPTIONAL,
  compute(d, p, env) {
    const all = clientHealth(d, p.window, env);
    const rows = all.filter((r) => r.score < p.threshold);
    const head = `Clients at risk (score under ${p.threshold}), ${windowLabel(p.window)} (${env.zone}): ${rows.length} of ${all.length} clients.`;
    return { text: rows.length ? `${head}\n${scoreTable(rows)}` : `${head} None.`, structured: { period: windowJson(p.window), threshold: p.threshold, scored: all.length, penalties: PENALTIES, clients: rows } };
  },
});

export const DEFINITIONS = { client_health_scorecard: scorecard, at_risk_clients: atRisk };
