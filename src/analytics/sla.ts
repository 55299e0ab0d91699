/**
 * Service levels for tickets entered in a date range, grouped by board, priority, company or member.
 *
 *   compliance %      = tickets ConnectWise marks isInSla ÷ tickets
 *   response met %    = responded tickets with respondMinutes ≤ the respond target ÷ responded tickets
 *   resolution met %  = resolved tickets with resolveMinutes ≤ the resolution target ÷ resolved tickets
 *   first response    = respondMinutes (business time, as ConnectWise counts it against the SLA), and the
 *                       wall-clock time from entry to dateResponded; median, mean and 90th percentile (nearest rank)
 *
 * Targets are the SLA's per-priority targets (/service/SLAs/{id}/priorities), else the SLA's own.
 */
import { num, text } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { at, groupBy, utc, windowJson, windowLabel } from "./common.js";
import type { AnalyticsReader } from "./read.js";
import { hrs, mean, median, pct, percent, percentile, round2, table } from "./table.js";
import { define, type Rec, type Window } from "./types.js";
import { name } from "../format/untrusted.js";

export type SlaGroup = "board" | "priority" | "company" | "member";

interface SlaParams {
  window: Window;
  board?: Resolved;
  company?: Resolved;
  groupBy: SlaGroup;
}

const TICKET_FIELDS = "id,board/id,board/name,priority/id,priority/name,company/id,company/name,sla/id,sla/name,isInSla,respondMinutes,resolveMinutes,dateResponded,dateResolved,respondedBy,owner/identifier,closedFlag,_info/dateEntered";

export function ticketsEntered(read: AnalyticsReader, w: Window, filters: { board?: Resolved; company?: Resolved }, fields = TICKET_FIELDS): Promise<Rec[]> {
  const parts = [`dateEntered >= ${utc(w.start)}`, `dateEntered < ${utc(w.end)}`];
  if (filters.board) parts.push(`board/id = ${filters.board.id}`);
  if (filters.company) parts.push(`company/id = ${filters.company.id}`);
  return read.all("/service/tickets", { conditions: parts.join(" and "), fields });
}

/** Respond and resolution targets in minutes, by `slaId:priorityId` and by `slaId` alone. */
export type Targets = Map<string, { respond: number | null; resolve: number | null }>;

export async function readTargets(read: AnalyticsReader): Promise<Targets> {
  const slas = await read.list("/service/SLAs", { fields: "id,name,respondHours,resolutionHours" }, 200);
  const perPriority = await Promise.all(slas.map((s) => read.list(`/service/SLAs/${String(s.id)}/priorities`, { fields: "id,priority/id,respondHours,resolutionHours" }, 100)));
  return slaTargets(slas, perPriority.flatMap((rows, i) => rows.map((r) => ({ ...r, sla: { id: slas[i]!.id } }))));
}

export function slaTargets(slas: Rec[], priorities: Rec[]): Targets {
  const minutes = (h: unknown) => (typeof h === "number" && h > 0 ? h * 60 : null);
  const out: Targets = new Map();
  for (const s of slas) out.set(String(s.id), { respond: minutes(s.respondHours), resolve: minutes(s.resolutionHours) });
  for (const p of priorities) out.set(`${num(p, "sla.id")}:${num(p, "priority.id")}`, { respond: minutes(p.respondHours), resolve: minutes(p.resolutionHours) });
  return out;
}

function targetOf(t: Rec, targets: Targets) {
  return targets.get(`${num(t, "sla.id")}:${num(t, "priority.id")}`) ?? targets.get(String(num(t, "sla.id"))) ?? { respond: null, resolve: null };
}

export function groupKey(t: Rec, by: SlaGroup): string {
  if (by === "member") return text(t, "respondedBy") ?? text(t, "owner.identifier") ?? "(nobody)";
  return nameOf(t[by]) || "(none)";
}

export interface SlaRow {
  group: string;
  tickets: number;
  in_sla: number;
  compliance_pct: number | null;
  responded: number;
  response_met: number;
  response_met_pct: number | null;
  resolved: number;
  resolution_met: number;
  resolution_met_pct: number | null;
}

export function slaRow(group: string, tickets: Rec[], targets: Targets): SlaRow {
  let inSla = 0, responded = 0, responseMet = 0, resolved = 0, resolutionMet = 0;
  for (const t of tickets) {
    if (t.isInSla === true) inSla++;
    const target = targetOf(t, targets);
    const respond = num(t, "respondMinutes");
    if (respond !== undefined && t.dateResponded) {
      responded++;
      if (target.respond !== null && respond <= target.respond) responseMet++;
    }
    const resolve = num(t, "resolveMinutes");
    if (resolve !== undefined && t.dateResolved) {
      resolved++;
      if (target.resolve !== null && resolve <= target.resolve) resolutionMet++;
    }
  }
  return {
    group, tickets: tickets.length, in_sla: inSla, compliance_pct: percent(inSla, tickets.length),
    responded, response_met: responseMet, response_met_pct: percent(responseMet, responded),
    resolved, resolution_met: resolutionMet, resolution_met_pct: percent(resolutionMet, resolved),
  };
}

export function slaCompliance(tickets: Rec[], targets: Targets, by: SlaGroup): { overall: SlaRow; groups: SlaRow[] } {
  const groups = [...groupBy(tickets, (t) => groupKey(t, by))].map(([g, list]) => slaRow(g, list, targets));
  groups.sort((a, b) => b.tickets - a.tickets || a.group.localeCompare(b.group));
  return { overall: slaRow("All", tickets, targets), groups };
}

function parseSla(v: import("./params.js").ParamValues): SlaParams {
  return { window: v.window(), groupBy: (v.string("group_by") ?? "board") as SlaGroup, ...(v.ref("board") ? { board: v.ref("board")! } : {}), ...(v.ref("company") ? { company: v.ref("company")! } : {}) };
}

const filterLabel = (p: SlaParams) => [p.board ? `board ${name(p.board.name)}` : "", p.company ? `company ${name(p.company.name)}` : ""].filter(Boolean).join(", ");

const compliance = define<SlaParams, { tickets: Rec[]; targets: Targets }>({
  name: "sla_compliance",
  params: ["start", "end", "group_by", "board", "company"],
  parse: parseSla,
  plan: (p, { read }) => ({ tickets: () => ticketsEntered(read, p.window, p), targets: () => readTargets(read) }),
  compute({ tickets, targets }, p) {
    const r = slaCompliance(tickets, targets, p.groupBy);
    const o = r.overall;
    const head =
      `SLA compliance for tickets entered ${windowLabel(p.window)} (${p.window.start.zoneName})${filterLabel(p) ? `, ${filterLabel(p)}` : ""}: ` +
      `${o.tickets} tickets, ${pct(o.compliance_pct)} in SLA; response met ${pct(o.response_met_pct)} of ${o.responded} responded; resolution met ${pct(o.resolution_met_pct)} of ${o.resolved} resolved.`;
    const body = table(
      [{ header: cap(p.groupBy), align: "left" }, "Tickets", "In SLA", "Compliance", "Resp. met", "Resolved", "Resol. met"],
      r.groups.map((g) => [g.group, g.tickets, g.in_sla, pct(g.compliance_pct), pct(g.response_met_pct), g.resolved, pct(g.resolution_met_pct)]),
    );
    return { text: `${head}\n${body}`, structured: { period: windowJson(p.window), group_by: p.groupBy, overall: o, groups: r.groups } };
  },
});

export interface ResponseRow {
  group: string;
  tickets: number;
  responded: number;
  awaiting_response: number;
  median_hours: number | null;
  mean_hours: number | null;
  p90_hours: number | null;
  median_wall_clock_hours: number | null;
}

export function responseRow(group: string, tickets: Rec[], zone: string): ResponseRow {
  const business: number[] = [];
  const wall: number[] = [];
  for (const t of tickets) {
    const minutes = num(t, "respondMinutes");
    const responded = at(t.dateResponded, zone);
    if (minutes === undefined || !responded) continue;
    business.push(minutes / 60);
    const entered = at(text(t, "_info.dateEntered"), zone);
    if (entered) wall.push(Math.max(0, responded.diff(entered, "hours").hours));
  }
  const r = (n: number | null) => (n === null ? null : round2(n));
  return {
    group, tickets: tickets.length, responded: business.length, awaiting_response: tickets.filter((t) => !t.dateResponded && t.closedFlag !== true).length,
    median_hours: r(median(business)), mean_hours: r(mean(business)), p90_hours: r(percentile(business, 90)), median_wall_clock_hours: r(median(wall)),
  };
}

const responses = define<SlaParams, { tickets: Rec[] }>({
  name: "first_response_times",
  params: ["start", "end", "group_by", "board", "company"],
  parse: parseSla,
  plan: (p, { read }) => ({ tickets: () => ticketsEntered(read, p.window, p) }),
  compute({ tickets }, p, env) {
    const groups = [...groupBy(tickets, (t) => groupKey(t, p.groupBy))].map(([g, list]) => responseRow(g, list, env.zone));
    groups.sort((a, b) => (a.median_hours ?? Infinity) - (b.median_hours ?? Infinity) || a.group.localeCompare(b.group));
    const all = responseRow("All", tickets, env.zone);
    const head =
      `First response for tickets entered ${windowLabel(p.window)} (${p.window.start.zoneName})${filterLabel(p) ? `, ${filterLabel(p)}` : ""}: ` +
      `${all.responded} of ${all.tickets} responded; median ${hrs(all.median_hours)} business time (mean ${hrs(all.mean_hours)}, 90th percentile ${hrs(all.p90_hours)}), median ${hrs(all.median_wall_clock_hours)} on the clock; ${all.awaiting_response} open without a response.`;
    const body = table(
      [{ header: cap(p.groupBy), align: "left" }, "Tickets", "Responded", "Median", "Mean", "P90", "Clock median", "Awaiting"],
      groups.map((g) => [g.group, g.tickets, g.responded, hrs(g.median_hours), hrs(g.mean_hours), hrs(g.p90_hours), hrs(g.median_wall_clock_hours), g.awaiting_response]),
    );
    return { text: `${head}\n${body}`, structured: { period: windowJson(p.window), group_by: p.groupBy, overall: all, groups } };
  },
});

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const DEFINITIONS = { sla_compliance: compliance, first_response_times: responses };
