/**
 * The team: a leaderboard, and how well tickets are dispatched.
 *
 * Leaderboard over [start, end), per member:
 *   closed        = service tickets closed in the range, credited to resolvedBy (else closedBy); cancelled ones left out
 *   in SLA %      = of those, the ones ConnectWise marks isInSla
 *   responses     = tickets first responded to in the range (respondedBy); median respondMinutes, in hours
 *   hours, billable hours, billable % = from the member's time entries starting in the range
 *
 * Dispatch, for service tickets entered in [start, end):
 *   unassigned      = still open with no owner; their median age
 *   first-contact resolution = closed tickets with exactly one time entry ÷ closed tickets with any time
 *                     (entries up to 30 days after the range ends)
 *   time to assign and reassignments come from the audit trail of the `sample` newest tickets (one read
 *   each, so bounded): time to assign = first owner/resource entry − entry time; a reassignment = each
 *   owner/resource entry after the first.
 */
import { num, text } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { at, groupBy, utc, windowJson, windowLabel } from "./common.js";
import { timeByMember } from "./time.js";
import { hrs, mean, median, pct, percent, percentile, round2, table } from "./table.js";
import { define, type Env, type Rec, type Window } from "./types.js";
import { name } from "../format/untrusted.js";

type RankBy = "closed" | "billable_hours" | "hours" | "sla" | "response";

interface BoardParams {
  window: Window;
  rankBy: RankBy;
}

export interface LeaderRow {
  rank: number;
  member: string;
  closed: number;
  closed_in_sla_pct: number | null;
  responses: number;
  median_response_hours: number | null;
  hours: number;
  billable_hours: number;
  billable_pct: number | null;
}

const cancelled = (t: Rec) => /cancel/i.test(nameOf(t.status));

export function leaderboard(tickets: Rec[], entries: Rec[], members: Rec[], w: Window, rankBy: RankBy): LeaderRow[] {
  const inRange = (iso: unknown) => {
    const ms = Date.parse(String(iso ?? ""));
    return Number.isFinite(ms) && ms >= w.start.toMillis() && ms < w.end.toMillis();
  };
  const rows = new Map<string, { closed: Rec[]; responses: number[] }>();
  const row = (who: string) => {
    let r = rows.get(who);
    if (!r) rows.set(who, (r = { closed: [], responses: [] }));
    return r;
  };
  for (const t of tickets) {
    const closer = text(t, "resolvedBy") ?? text(t, "closedBy");
    if (t.closedFlag === true && inRange(t.closedDate) && closer && !cancelled(t)) row(closer).closed.push(t);
    const responder = text(t, "respondedBy");
    const minutes = num(t, "respondMinutes");
    if (responder && minutes !== undefined && inRange(t.dateResponded)) row(responder).responses.push(minutes / 60);
  }
  const time = new Map(timeByMember(entries, members).map((m) => [m.member, m]));
  for (const who of time.keys()) row(who);
  const out = [...rows].map(([who, r]): LeaderRow => {
    const t = time.get(who);
    const med = median(r.responses);
    return {
      rank: 0, member: who, closed: r.closed.length, closed_in_sla_pct: percent(r.closed.filter((x) => x.isInSla === true).length, r.closed.length),
      responses: r.responses.length, median_response_hours: med === null ? null : round2(med),
      hours: t?.hours ?? 0, billable_hours: t?.billable_hours ?? 0, billable_pct: t?.billable_pct ?? null,
    };
  });
  const key: Record<RankBy, (r: LeaderRow) => number> = {
    closed: (r) => r.closed,
    billable_hours: (r) => r.billable_hours,
    hours: (r) => r.hours,
    sla: (r) => r.closed_in_sla_pct ?? -1,
    // Faster is better: rank on the negative median; members with no responses go last.
    response: (r) => (r.median_response_hours === null ? -Infinity : -r.median_response_hours),
  };
  out.sort((a, b) => key[rankBy](b) - key[rankBy](a) || b.closed - a.closed || a.member.localeCompare(b.member));
  out.forEach((r, i) => (r.rank = i + 1));
  return out;
}

const board = define<BoardParams, { tickets: Rec[]; entries: Rec[]; members: Rec[] }>({
  name: "team_leaderboard",
  params: ["start", "end", "rank_by"],
  parse: (v) => ({ window: v.window(), rankBy: (v.string("rank_by") ?? "closed") as RankBy }),
  plan: (p, { read, lists }) => {
    const range = (field: string) => `(${field} >= ${utc(p.window.start)} and ${field} < ${utc(p.window.end)})`;
    return {
      // One read for both: tickets closed in the range, and tickets first responded to in it.
      tickets: () => read.all("/service/tickets", { conditions: `${range("closedDate")} or ${range("dateResponded")}`, fields: "id,closedFlag,closedDate,closedBy,resolvedBy,respondedBy,respondMinutes,dateResponded,isInSla,status/name" }),
      entries: () => read.all("/time/entries", { conditions: `timeStart >= ${utc(p.window.start)} and timeStart < ${utc(p.window.end)}`, fields: "id,member/id,member/identifier,actualHours,billableOption,chargeToType" }),
      members: () => lists.members(),
    };
  },
  optional: { members: [] },
  compute({ tickets, entries, members }, p, env) {
    const rows = leaderboard(tickets, entries, members, p.window, p.rankBy);
    const head = `Team leaderboard, ${windowLabel(p.window)} (${env.zone}), ranked by ${p.rankBy.replace("_", " ")}: ${rows.reduce((s, r) => s + r.closed, 0)} tickets closed, ${hrs(round2(rows.reduce((s, r) => s + r.hours, 0)))} logged.`;
    const body = table(
      ["#", { header: "Member", align: "left" }, "Closed", "In SLA", "Responses", "Median resp.", "Hours", "Billable", "Billable %"],
      rows.map((r) => [r.rank, r.member, r.closed, pct(r.closed_in_sla_pct), r.responses, hrs(r.median_response_hours), r.hours, r.billable_hours, pct(r.billable_pct)]),
    );
    return { text: `${head}\n${body}`, structured: { period: windowJson(p.window), rank_by: p.rankBy, members: rows } };
  },
});

interface DispatchParams {
  window: Window;
  board?: Resolved;
  sample: number;
}

export interface DispatchFigures {
  tickets: number;
  unassigned_open: number;
  unassigned_median_age_hours: number | null;
  closed: number;
  closed_with_time: number;
  first_contact_resolved: number;
  first_contact_resolution_pct: number | null;
  mean_touches: number | null;
  median_first_response_hours: number | null;
}

/** Audit figures for the sampled tickets: minutes to the first owner/resource entry, and reassignments. */
export interface AuditSample {
  sampled: number;
  with_assignment: number;
  median_minutes_to_assign: number | null;
  p90_minutes_to_assign: number | null;
  reassigned: number;
  reassignment_rate_pct: number | null;
  mean_reassignments: number | null;
}

export function dispatchFigures(tickets: Rec[], entries: Rec[], env: Env): DispatchFigures {
  const touches = new Map<number, number>();
  for (const e of entries) {
    const id = num(e, "chargeToId");
    if (id !== undefined) touches.set(id, (touches.get(id) ?? 0) + 1);
  }
  const unassigned = tickets.filter((t) => t.closedFlag !== true && !num(t, "owner.id"));
  const ages = unassigned.map((t) => at(text(t, "_info.dateEntered"), env.zone)).filter((d) => d !== undefined).map((d) => env.now.diff(d!, "hours").hours);
  const closed = tickets.filter((t) => t.closedFlag === true && !cancelled(t));
  const worked = closed.filter((t) => (touches.get(Number(t.id)) ?? 0) > 0);
  const once = worked.filter((t) => touches.get(Number(t.id)) === 1);
  const responses = tickets.map((t) => num(t, "respondMinutes")).filter((m): m is number => m !== undefined).map((m) => m / 60);
  const r2 = (n: number | null) => (n === null ? null : round2(n));
  return {
    tickets: tickets.length, unassigned_open: unassigned.length, unassigned_median_age_hours: r2(median(ages)),
    closed: closed.length, closed_with_time: worked.length, first_contact_resolved: once.length, first_contact_resolution_pct: percent(once.length, worked.length),
    mean_touches: r2(mean(worked.map((t) => touches.get(Number(t.id))!))), median_first_response_hours: r2(median(responses)),
  };
}

export function auditSample(tickets: Rec[], trails: Map<number, Rec[]>): AuditSample {
  const toAssign: number[] = [];
  let reassigned = 0;
  const counts: number[] = [];
  for (const [id, trail] of trails) {
    const ticket = tickets.find((t) => Number(t.id) === id);
    const entered = Date.parse(String(text(ticket, "_info.dateEntered") ?? trail[0]?.enteredDate ?? ""));
    const owners = trail.filter((e) => e.auditSubType === "Resource").sort((a, b) => String(a.enteredDate).localeCompare(String(b.enteredDate)));
    if (owners.length > 0 && Number.isFinite(entered)) toAssign.push(Math.max(0, (Date.parse(String(owners[0]!.enteredDate)) - entered) / 60_000));
    const changes = Math.max(0, owners.length - 1);
    counts.push(changes);
    if (changes > 0) reassigned++;
  }
  const r2 = (n: number | null) => (n === null ? null : round2(n));
  return {
    sampled: trails.size, with_assignment: toAssign.length, median_minutes_to_assign: r2(median(toAssign)), p90_minutes_to_assign: r2(percentile(toAssign, 90)),
    reassigned, reassignment_rate_pct: percent(reassigned, trails.size), mean_reassignments: r2(mean(counts)),
  };
}

const dispatch = define<DispatchParams, { tickets: Rec[]; entries: Rec[]; trails: Map<number, Rec[]> }>({
  name: "dispatch_efficiency",
  params: ["start", "end", "board", "sample"],
  parse: (v) => ({ window: v.window(), sample: v.int("sample", { min: 0, max: 200 }) ?? 40, ...(v.ref("board") ? { board: v.ref("board")! } : {}) }),
  plan: (p, { read }) => {
    const onBoard = p.board ? ` and board/id = ${p.board.id}` : "";
    return {
      tickets: () =>
        read.all("/service/tickets", {
          conditions: `dateEntered >= ${utc(p.window.start)} and dateEntered < ${utc(p.window.end)}${onBoard}`,
          fields: "id,board/name,owner/id,closedFlag,status/name,respondMinutes,dateResponded,dateResolved,_info/dateEntered",
        }),
      entries: () => read.all("/time/entries", { conditions: `chargeToType = "ServiceTicket" and timeStart >= ${utc(p.window.start)} and timeStart < ${utc(p.window.end.plus({ days: 30 }))}`, fields: "id,chargeToId" }),
      // The newest tickets' audit trails, one read each: bounded by `sample`, never one per ticket.
      trails: async (need) => {
        const newest = [...(await need("tickets"))].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, p.sample);
        return new Map(await Promise.all(newest.map(async (t) => [Number(t.id), await read.list("/system/audittrail", { type: "Ticket", id: Number(t.id) }, 1000)] as const)));
      },
    };
  },
  optional: { trails: new Map() },
  compute({ tickets, entries, trails }, p, env) {
    const all = dispatchFigures(tickets, entries, env);
    const audit = auditSample(tickets, trails);
    const boards = [...groupBy(tickets, (t) => nameOf(t.board) || "(none)")].map(([name, list]) => ({ board: name, ...dispatchFigures(list, entries, env) })).sort((a, b) => b.tickets - a.tickets);
    const head = [
      `Dispatch, tickets entered ${windowLabel(p.window)} (${env.zone})${p.board ? ` on ${name(p.board.name)}` : ""}: ${all.tickets} tickets.`,
      `Unassigned and open: ${all.unassigned_open}${all.unassigned_median_age_hours !== null ? ` (median age ${hrs(all.unassigned_median_age_hours)})` : ""}. Median first response ${hrs(all.median_first_response_hours)}.`,
      `First-contact resolution: ${pct(all.first_contact_resolution_pct)} (${all.first_contact_resolved} of ${all.closed_with_time} closed tickets with time took one entry; mean ${all.mean_touches ?? "—"} entries).`,
      audit.sampled
        ? `Audit trail of the ${audit.sampled} newest tickets: median ${audit.median_minutes_to_assign ?? "—"} min to assign (90th percentile ${audit.p90_minutes_to_assign ?? "—"}), ${audit.reassigned} reassigned (${pct(audit.reassignment_rate_pct)}).`
        : "No audit trails were read (sample 0).",
    ].join("\n");
    const body = table(
      [{ header: "Board", align: "left" }, "Tickets", "Unassigned", "Closed", "FCR", "Touches", "Median resp."],
      boards.map((b) => [b.board, b.tickets, b.unassigned_open, b.closed, pct(b.first_contact_resolution_pct), b.mean_touches, hrs(b.median_first_response_hours)]),
    );
    return { text: `${head}\n${body}`, structured: { period: windowJson(p.window), overall: all, audit_sample: audit, boards } };
  },
});

export const DEFINITIONS = { team_leaderboard: board, dispatch_efficiency: dispatch };
