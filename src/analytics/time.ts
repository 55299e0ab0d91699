/**
 * Time: totals by member, and utilization against capacity.
 *
 *   hours            = Σ actualHours of time entries starting in [start, end)
 *   billable         = hours with billableOption "Billable"; non-billable = DoNotBill + NoCharge + NoDefault
 *   billable %       = billable ÷ hours
 *   working days     = Monday–Friday in [start, end), up to today, less the holidays in ConnectWise's holiday lists
 *   capacity         = member's dailyCapacity (8 when unset) × working days
 *   utilization %    = hours on work types with utilizationFlag ÷ capacity (ConnectWise's own notion)
 *   billable util. % = billable ÷ capacity
 */
import { DateTime } from "luxon";
import { num, text } from "../composites/read.js";
import type { Resolved } from "../operations/lookups.js";
import { utc, windowJson, windowLabel } from "./common.js";
import { hrs, pct, percent, round2, table } from "./table.js";
import { define, type Rec, type Window } from "./types.js";

export const DEFAULT_DAILY_CAPACITY = 8;
const ENTRY_FIELDS = "id,member/id,member/identifier,member/name,actualHours,billableOption,chargeToType,workType/utilizationFlag";

interface TimeParams {
  window: Window;
  member?: Resolved;
}

function entriesOf(read: import("./read.js").AnalyticsReader, p: TimeParams): Promise<Rec[]> {
  const member = p.member ? ` and member/id = ${p.member.id}` : "";
  return read.all("/time/entries", { conditions: `timeStart >= ${utc(p.window.start)} and timeStart < ${utc(p.window.end)}${member}`, fields: ENTRY_FIELDS });
}

/** One member's hours, split the ways a service manager asks about. */
export interface MemberTime {
  member_id: number;
  member: string;
  name: string;
  entries: number;
  hours: number;
  billable_hours: number;
  non_billable_hours: number;
  billable_pct: number | null;
  utilized_hours: number;
  service_hours: number;
  project_hours: number;
  internal_hours: number;
}

/** A member with nothing logged yet; names from the member list, else from the entry's reference. */
function emptyTime(id: number, m: Rec | undefined, e?: Rec): MemberTime {
  const name = m ? `${String(m.firstName ?? "")} ${String(m.lastName ?? "")}`.trim() : (text(e, "member.name") ?? "");
  return { member_id: id, member: text(m, "identifier") ?? text(e, "member.identifier") ?? `#${id}`, name, entries: 0, hours: 0, billable_hours: 0, non_billable_hours: 0, billable_pct: null, utilized_hours: 0, service_hours: 0, project_hours: 0, internal_hours: 0 };
}

export function timeByMember(entries: Rec[], members: Rec[]): MemberTime[] {
  const known = new Map(members.map((m) => [Number(m.id), m]));
  const out = new Map<number, MemberTime>();
  for (const e of entries) {
    const id = num(e, "member.id") ?? 0;
    let row = out.get(id);
    if (!row) out.set(id, (row = emptyTime(id, known.get(id), e)));
    const h = num(e, "actualHours") ?? 0;
    row.entries++;
    row.hours += h;
    if (e.billableOption === "Billable") row.billable_hours += h;
    else row.non_billable_hours += h;
    if ((e.workType as Rec | undefined)?.utilizationFlag === true) row.utilized_hours += h;
    if (e.chargeToType === "ServiceTicket") row.service_hours += h;
    else if (e.chargeToType === "ProjectTicket") row.project_hours += h;
    else row.internal_hours += h;
  }
  return [...out.values()]
    .map((r) => ({
      ...r,
      hours: round2(r.hours), billable_hours: round2(r.billable_hours), non_billable_hours: round2(r.non_billable_hours), billable_pct: percent(r.billable_hours, r.hours),
      utilized_hours: round2(r.utilized_hours), service_hours: round2(r.service_hours), project_hours: round2(r.project_hours), internal_hours: round2(r.internal_hours),
    }))
    .sort((a, b) => b.hours - a.hours || a.member.localeCompare(b.member));
}

function sum(rows: MemberTime[], key: keyof MemberTime): number {
  return round2(rows.reduce((s, r) => s + (r[key] as number), 0));
}

const totals = define<TimeParams, { entries: Rec[]; members: Rec[] }>({
  name: "time_totals_by_member",
  params: ["start", "end", "member"],
  parse: (v) => ({ window: v.window(), ...(v.ref("member") ? { member: v.ref("member")! } : {}) }),
  plan: (p, { read, lists }) => ({ entries: () => entriesOf(read, p), members: () => lists.members() }),
  optional: { members: [] },
  compute({ entries, members }, p) {
    const rows = timeByMember(entries, members);
    const hours = sum(rows, "hours");
    const billable = sum(rows, "billable_hours");
    const head = `Time by member, ${windowLabel(p.window)} (${p.window.start.zoneName}): ${hrs(hours)} in ${entries.length} entries, ${pct(percent(billable, hours))} billable.`;
    const body = table(
      [{ header: "Member", align: "left" }, "Hours", "Billable", "Non-bill", "Billable %", "Service", "Project", "Internal", "Entries"],
      rows.map((r) => [r.member, r.hours, r.billable_hours, r.non_billable_hours, pct(r.billable_pct), r.service_hours, r.project_hours, r.internal_hours, r.entries]),
    );
    return {
      text: `${head}\n${body}`,
      structured: { period: windowJson(p.window), totals: { entries: entries.length, hours, billable_hours: billable, non_billable_hours: sum(rows, "non_billable_hours"), billable_pct: percent(billable, hours) }, members: rows },
    };
  },
});

/** Monday–Friday days in the window that have begun by `now`, less holidays (ISO dates). */
export function workingDays(w: Window, now: DateTime, holidays: ReadonlySet<string>): number {
  let n = 0;
  for (let d = w.start.startOf("day"); d < w.end && d <= now; d = d.plus({ days: 1 })) {
    if (d.weekday <= 5 && !holidays.has(d.toISODate()!)) n++;
  }
  return n;
}

export interface Utilization extends MemberTime {
  daily_capacity: number;
  capacity_hours: number;
  utilization_pct: number | null;
  billable_utilization_pct: number | null;
  logged_pct: number | null;
}

/** Holidays falling in the window (a holiday's `date` is a calendar date, read as the MSP's day). */
export function holidaysIn(holidays: Rec[], w: Window): { date: string; name: string }[] {
  const from = w.start.toISODate()!;
  const to = w.end.minus({ milliseconds: 1 }).toISODate()!;
  return holidays.map((h) => ({ date: String(h.date ?? "").slice(0, 10), name: String(h.name ?? "") })).filter((h) => h.date >= from && h.date <= to).sort((a, b) => a.date.localeCompare(b.date));
}

export function utilization(entries: Rec[], members: Rec[], holidays: Rec[], w: Window, now: DateTime, only?: number): { working_days: number; members: Utilization[] } {
  const days = workingDays(w, now, new Set(holidaysIn(holidays, w).map((h) => h.date)));
  const times = new Map(timeByMember(entries, members).map((t) => [t.member_id, t]));
  // Everyone who logged time, and every active member with a capacity (a member with none logged is 0 %).
  const ids = new Set([...times.keys(), ...members.filter((m) => m.inactiveFlag !== true && (num(m, "dailyCapacity") ?? 0) > 0).map((m) => Number(m.id))]);
  if (only !== undefined) for (const id of [...ids]) if (id !== only) ids.delete(id);
  const byId = new Map(members.map((m) => [Number(m.id), m]));
  const rows = [...ids].map((id): Utilization => {
    const m = byId.get(id);
    const t = times.get(id) ?? emptyTime(id, m);
    const daily = num(m, "dailyCapacity") || DEFAULT_DAILY_CAPACITY;
    const capacity = round2(daily * days);
    return { ...t, daily_capacity: daily, capacity_hours: capacity, utilization_pct: percent(t.utilized_hours, capacity), billable_utilization_pct: percent(t.billable_hours, capacity), logged_pct: percent(t.hours, capacity) };
  });
  rows.sort((a, b) => (b.billable_utilization_pct ?? -1) - (a.billable_utilization_pct ?? -1) || a.member.localeCompare(b.member));
  return { working_days: days, members: rows };
}

const util = define<TimeParams, { entries: Rec[]; members: Rec[]; holidays: Rec[] }>({
  name: "member_utilization",
  params: ["start", "end", "member", "chart"],
  parse: (v) => ({ window: v.window(), ...(v.ref("member") ? { member: v.ref("member")! } : {}) }),
  plan: (p, { read, lists }) => ({
    entries: () => entriesOf(read, p),
    members: () => lists.members(),
    // Holiday lists are short (a few dozen days a year): read whole, the window is applied in compute.
    holidays: async () => {
      const holidayLists = await read.list("/schedule/holidayLists", { fields: "id" }, 100);
      return (await Promise.all(holidayLists.map((l) => read.list(`/schedule/holidayLists/${String(l.id)}/holidays`, { fields: "id,name,date" }, 1000)))).flat();
    },
  }),
  optional: { holidays: [] },
  compute({ entries, members, holidays }, p, env) {
    const u = utilization(entries, members, holidays, p.window, env.now, p.member?.id);
    const capacity = round2(u.members.reduce((s, m) => s + m.capacity_hours, 0));
    const billable = round2(u.members.reduce((s, m) => s + m.billable_hours, 0));
    const utilized = round2(u.members.reduce((s, m) => s + m.utilized_hours, 0));
    const head =
      `Utilization, ${windowLabel(p.window)} (${p.window.start.zoneName}): ${u.working_days} working days. ` +
      `Team: ${hrs(billable)} billable of ${hrs(capacity)} capacity = ${pct(percent(billable, capacity))} billable utilization; ${pct(percent(utilized, capacity))} utilization.`;
    const body = table(
      [{ header: "Member", align: "left" }, "Capacity", "Logged", "Billable", "Utilized", "Billable util.", "Util.", "Logged %"],
      u.members.map((m) => [m.member, m.capacity_hours, m.hours, m.billable_hours, m.utilized_hours, pct(m.billable_utilization_pct), pct(m.utilization_pct), pct(m.logged_pct)]),
    );
    return {
      text: `${head}\n${body}`,
      structured: {
        period: windowJson(p.window),
        working_days: u.working_days,
        holidays: holidaysIn(holidays, p.window),
        totals: { capacity_hours: capacity, billable_hours: billable, utilized_hours: utilized, billable_utilization_pct: percent(billable, capacity), utilization_pct: percent(utilized, capacity) },
        members: u.members,
      },
      chart: utilizationChart(u.members, p.window),
    };
  },
});

function utilizationChart(rows: Utilization[], w: Window): Rec {
  const order = rows.map((r) => r.member);
  const bars = rows.flatMap((r) => [
    { member: r.member, kind: "Billable", hours: r.billable_hours },
    { member: r.member, kind: "Non-billable", hours: r.non_billable_hours },
  ]);
  const y = { field: "member", type: "nominal", sort: order, title: null };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `Hours logged against capacity, ${windowLabel(w)}`, subtitle: "Red tick: capacity (daily capacity × working days)" },
    width: 520,
    height: { step: 18 },
    layer: [
      {
        data: { values: bars },
        mark: "bar",
        encoding: { y, x: { field: "hours", type: "quantitative", stack: "zero", title: "hours" }, color: { field: "kind", type: "nominal", title: null, scale: { domain: ["Billable", "Non-billable"], range: ["#2f6fb3", "#a9c4e4"] } } },
      },
      { data: { values: rows.map((r) => ({ member: r.member, capacity: r.capacity_hours })) }, mark: { type: "tick", color: "#c0392b", thickness: 2 }, encoding: { y, x: { field: "capacity", type: "quantitative" } } },
    ],
  };
}

export const DEFINITIONS = { time_totals_by_member: totals, member_utilization: util };
