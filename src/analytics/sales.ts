/**
 * Sales: the open pipeline's value, and win rates.
 *
 * Pipeline, over open opportunities (statuses without closedFlag):
 *   value      = Σ revenue of the opportunity's forecast items (/sales/opportunities/{id}/forecast; items
 *                with includeFlag false left out) — where ConnectWise keeps an opportunity's money
 *   weighted   = value × probability ÷ 100 (the opportunity's probability)
 *   grouped by stage, sales rep and expected close month; one forecast read per open opportunity.
 *
 * Win rates, over opportunities closed in [start, end):
 *   win rate   = won ÷ (won + lost)   (status wonFlag / lostFlag)
 *   close rate = won ÷ all closed     (no-decision closes count against it)
 *   cycle      = mean days from dateBecameLead to closedDate of the won ones
 */
import { num, text } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { calendarDay, groupBy, utc, windowJson, windowLabel } from "./common.js";
import type { AnalyticsReader } from "./read.js";
import { mean, money, pct, percent, round1, round2, table } from "./table.js";
import { define, type ChartSpec, type Env, type Rec, type Window } from "./types.js";
import { name } from "../format/untrusted.js";

const OPPORTUNITY_FIELDS = "id,name,company/id,company/name,stage/name,status/id,status/name,probability/name,primarySalesRep/identifier,type/name,source,expectedCloseDate,dateBecameLead,closedDate";

function statusesOf(read: AnalyticsReader): Promise<Rec[]> {
  return read.list("/sales/opportunities/statuses", { fields: "id,name,wonFlag,lostFlag,closedFlag" }, 500);
}

/** The forecast endpoint answers with a Forecast (forecastItems inside) or, in places, the items themselves. */
export function forecastItems(answer: unknown): Rec[] {
  const list = Array.isArray(answer) ? answer : answer && typeof answer === "object" ? [answer] : [];
  return (list as Rec[]).flatMap((f) => (Array.isArray(f.forecastItems) ? (f.forecastItems as Rec[]) : "revenue" in f ? [f] : []));
}

export function opportunityValue(items: Rec[]): number {
  return round2(items.filter((i) => i.includeFlag !== false).reduce((s, i) => s + (num(i, "revenue") ?? 0), 0));
}

const probabilityOf = (o: Rec) => {
  const p = Number(text(o, "probability.name") ?? num(o, "probability.probability") ?? NaN);
  return Number.isFinite(p) ? p : 0;
};

interface PipelineParams {
  rep?: Resolved;
  company?: Resolved;
}

export interface PipelineRow {
  key: string;
  opportunities: number;
  value: number;
  weighted: number;
}

export interface Pipeline {
  totals: PipelineRow;
  by_stage: PipelineRow[];
  by_rep: PipelineRow[];
  by_close_month: PipelineRow[];
  opportunities: { id: number; name: string; company: string; stage: string; rep: string; probability: number; value: number; weighted: number; expected_close: string | null; overdue: boolean }[];
}

export function pipeline(opportunities: Rec[], forecasts: Map<number, Rec[]>, env: Env): Pipeline {
  const today = env.now.startOf("day");
  const rows = opportunities.map((o) => {
    const value = opportunityValue(forecasts.get(Number(o.id)) ?? []);
    const probability = probabilityOf(o);
    const close = calendarDay(o.expectedCloseDate, env.zone);
    return {
      id: Number(o.id), name: String(o.name ?? ""), company: nameOf(o.company), stage: nameOf(o.stage) || "(no stage)", rep: text(o, "primarySalesRep.identifier") ?? "(none)",
      probability, value, weighted: round2((value * probability) / 100), expected_close: close?.toISODate() ?? null, overdue: close !== undefined && close < today,
    };
  });
  const sum = (key: string, list: typeof rows): PipelineRow => ({ key, opportunities: list.length, value: round2(list.reduce((s, r) => s + r.value, 0)), weighted: round2(list.reduce((s, r) => s + r.weighted, 0)) });
  const by = (f: (r: (typeof rows)[number]) => string) => [...groupBy(rows, f)].map(([k, list]) => sum(k, list));
  return {
    totals: sum("All", rows),
    by_stage: by((r) => r.stage).sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true })),
    by_rep: by((r) => r.rep).sort((a, b) => b.weighted - a.weighted || b.opportunities - a.opportunities),
    by_close_month: by((r) => (r.expected_close ? r.expected_close.slice(0, 7) : "(none)")).sort((a, b) => a.key.localeCompare(b.key)),
    opportunities: rows.sort((a, b) => b.weighted - a.weighted || a.id - b.id),
  };
}

function pipelineChart(p: Pipeline): ChartSpec {
  const hasValue = p.totals.value > 0;
  const values = p.by_stage.flatMap((s) =>
    hasValue
      ? [
          { stage: s.key, measure: "Value", amount: s.value },
          { stage: s.key, measure: "Weighted", amount: s.weighted },
        ]
      : [{ stage: s.key, measure: "Opportunities", amount: s.opportunities }],
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Open pipeline by stage", subtitle: hasValue ? "Forecast revenue, and revenue × probability" : "No forecast revenue recorded: opportunity counts" },
    width: 480,
    height: { step: 16 },
    data: { values },
    mark: "bar",
    encoding: {
      y: { field: "stage", type: "nominal", sort: p.by_stage.map((s) => s.key), title: null },
      yOffset: { field: "measure" },
      x: { field: "amount", type: "quantitative", title: hasValue ? "$" : "opportunities", axis: hasValue ? { format: "$,.0f" } : { format: "d", tickMinStep: 1 } },
      color: { field: "measure", type: "nominal", title: null, scale: { range: ["#2f6fb3", "#8fbf6b", "#999"] } },
    },
  };
}

const pipelineValue = define<PipelineParams, { statuses: Rec[]; opportunities: Rec[]; forecasts: Map<number, Rec[]> }>({
  name: "pipeline_value",
  params: ["sales_rep", "company", "chart"],
  parse: (v) => ({ ...(v.ref("sales_rep") ? { rep: v.ref("sales_rep")! } : {}), ...(v.ref("company") ? { company: v.ref("company")! } : {}) }),
  plan: (p, { read }) => ({
    statuses: () => statusesOf(read),
    opportunities: async (need) => {
      const open = (await need("statuses")).filter((s) => s.closedFlag !== true).map((s) => Number(s.id));
      if (open.length === 0) return [];
      const parts = [`status/id in (${open.join(",")})`];
      if (p.rep) parts.push(`primarySalesRep/id = ${p.rep.id}`);
      if (p.company) parts.push(`company/id = ${p.company.id}`);
      return read.all("/sales/opportunities", { conditions: parts.join(" and "), fields: OPPORTUNITY_FIELDS }, 2000);
    },
    // One forecast read per open opportunity: the limiter bounds how many are in flight.
    forecasts: async (need) => new Map(await Promise.all((await need("opportunities")).map(async (o) => [Number(o.id), forecastItems(await read.body(`/sales/opportunities/${String(o.id)}/forecast`))] as const))),
  }),
  optional: { forecasts: new Map() },
  compute({ opportunities, forecasts }, p, env) {
    const r = pipeline(opportunities, forecasts, env);
    const overdue = r.opportunities.filter((o) => o.overdue).length;
    const head =
      `Open pipeline (as of ${env.now.toISODate()}, ${env.zone})${p.rep ? ` for ${name(p.rep.name)}` : ""}${p.company ? ` at ${name(p.company.name)}` : ""}: ${r.totals.opportunities} opportunities, ` +
      `${money(r.totals.value)} forecast, ${money(r.totals.weighted)} weighted by probability; ${overdue} past their expected close date.` +
      (r.totals.value === 0 && r.totals.opportunities > 0 ? " No forecast revenue is recorded on them (ConnectWise keeps it in each opportunity's forecast items)." : "");
    const stages = table([{ header: "Stage", align: "left" }, "Open", "Value", "Weighted"], r.by_stage.map((s) => [s.key, s.opportunities, money(s.value), money(s.weighted)]));
    const reps = table([{ header: "Sales rep", align: "left" }, "Open", "Value", "Weighted"], r.by_rep.map((s) => [s.key, s.opportunities, money(s.value), money(s.weighted)]), 10);
    return { text: `${head}\n${stages}\n\n${reps}`, structured: { as_of: env.now.toISODate(), ...r }, ...(r.totals.opportunities ? { chart: pipelineChart(r) } : {}) };
  },
});

type WinGroup = "rep" | "type" | "source" | "company";

interface WinParams {
  window: Window;
  groupBy: WinGroup;
}

export interface WinRow {
  group: string;
  closed: number;
  won: number;
  lost: number;
  no_decision: number;
  win_rate_pct: number | null;
  close_rate_pct: number | null;
  mean_cycle_days: number | null;
}

export function winRates(opportunities: Rec[], statuses: Rec[], by: WinGroup, zone: string): { overall: WinRow; groups: WinRow[] } {
  const flags = new Map(statuses.map((s) => [Number(s.id), s]));
  const outcome = (o: Rec) => {
    const s = flags.get(num(o, "status.id") ?? -1);
    return s?.wonFlag === true ? "won" : s?.lostFlag === true ? "lost" : "other";
  };
  const row = (group: string, list: Rec[]): WinRow => {
    const won = list.filter((o) => outcome(o) === "won");
    const lost = list.filter((o) => outcome(o) === "lost").length;
    const cycles = won
      .map((o) => {
        const lead = calendarDay(o.dateBecameLead, zone);
        const closed = calendarDay(o.closedDate, zone);
        return lead && closed ? closed.diff(lead, "days").days : undefined;
      })
      .filter((d): d is number => d !== undefined);
    const cycle = mean(cycles);
    return {
      group, closed: list.length, won: won.length, lost, no_decision: list.length - won.length - lost,
      win_rate_pct: percent(won.length, won.length + lost), close_rate_pct: percent(won.length, list.length), mean_cycle_days: cycle === null ? null : round1(cycle),
    };
  };
  const key = (o: Rec) => (by === "rep" ? text(o, "primarySalesRep.identifier") : by === "source" ? text(o, "source") : nameOf(o[by])) || "(none)";
  const groups = [...groupBy(opportunities, key)].map(([g, list]) => row(g, list)).sort((a, b) => b.closed - a.closed || a.group.localeCompare(b.group));
  return { overall: row("All", opportunities), groups };
}

const winRatesDef = define<WinParams, { statuses: Rec[]; opportunities: Rec[] }>({
  name: "opportunity_win_rates",
  params: ["start", "end", "group_by"],
  parse: (v) => ({ window: v.window(), groupBy: (v.string("group_by") ?? "rep") as WinGroup }),
  plan: (p, { read }) => ({
    statuses: () => statusesOf(read),
    opportunities: () => read.all("/sales/opportunities", { conditions: `closedDate >= ${utc(p.window.start)} and closedDate < ${utc(p.window.end)}`, fields: OPPORTUNITY_FIELDS }, 20_000),
  }),
  compute({ statuses, opportunities }, p, env) {
    const r = winRates(opportunities, statuses, p.groupBy, env.zone);
    const o = r.overall;
    const head = `Win rates, opportunities closed ${windowLabel(p.window)} (${env.zone}): ${o.closed} closed — ${o.won} won, ${o.lost} lost, ${o.no_decision} no decision. Win rate ${pct(o.win_rate_pct)} (won ÷ won + lost), close rate ${pct(o.close_rate_pct)}, mean cycle ${o.mean_cycle_days ?? "—"} days.`;
    const body = table(
      [{ header: p.groupBy === "rep" ? "Sales rep" : p.groupBy.charAt(0).toUpperCase() + p.groupBy.slice(1), align: "left", max: 30 }, "Closed", "Won", "Lost", "No dec.", "Win rate", "Close rate", "Cycle d"],
      r.groups.map((g) => [g.group, g.closed, g.won, g.lost, g.no_decision, pct(g.win_rate_pct), pct(g.close_rate_pct), g.mean_cycle_days]),
    );
    return { text: `${head}\n${body}`, structured: { period: windowJson(p.window), group_by: p.groupBy, overall: o, groups: r.groups } };
  },
});

export const DEFINITIONS = { pipeline_value: pipelineValue, opportunity_win_rates: winRatesDef };
