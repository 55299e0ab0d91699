/**
 * cw_member_dashboard: a technician's day — open tickets by priority, time logged this week against
 * capacity, the schedule from today for `days` days, and the current time sheet.
 *
 * Fetch plan: the member is resolved by name, identifier or id through the cached member list (which
 * also carries daily capacity); then open tickets, this week's time entries, schedule entries and time
 * sheets are read at once. Weeks run Sunday to Saturday in CW_TIMEZONE, as ConnectWise time sheets do.
 */
import { DateTime } from "luxon";
import { conditionValue } from "../operations/template-helpers.js";
import type { Branches, BranchFailure } from "./fanout.js";
import { num, round2, text, type Reader, type Rec } from "./read.js";
import { failureLines, hours, localTime, nameOf } from "./show.js";
import { name, quote } from "../format/untrusted.js";

export interface MemberRef {
  id: number;
  identifier: string;
  name: string;
  dailyCapacity: number;
}

export interface DashboardWindow {
  today: DateTime;
  weekStart: DateTime;
  horizonEnd: DateTime;
}

export interface DashboardData extends Record<string, unknown> {
  tickets: Rec[];
  time: Rec[];
  schedule: Rec[];
  sheets: Rec[];
}

/** Default hours per working day when ConnectWise has none for the member. */
export const DEFAULT_DAILY_CAPACITY = 8;

export function dashboardWindow(now: Date, zone: string, days: number): DashboardWindow {
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  // luxon weekdays: Monday 1 … Sunday 7; the week starts on the Sunday on or before today.
  const weekStart = today.minus({ days: today.weekday % 7 });
  return { today, weekStart, horizonEnd: today.plus({ days }) };
}

const utc = (d: DateTime) => `[${d.toUTC().toISO({ suppressMilliseconds: true })}]`;

export function dashboardPlan(read: Reader, member: MemberRef, w: DashboardWindow): Branches<DashboardData> {
  const m = member.id;
  const sheetDay = `[${w.today.toISODate()}T00:00:00Z]`;
  return {
    tickets: async () => {
      const rows = await read.list(
        "/service/tickets",
        {
          conditions: `closedFlag = false and (owner/id = ${m} or resources contains ${conditionValue(member.identifier)})`,
          fields: "id,summary,board/name,status/name,priority/id,priority/name,priority/sort,company/name,owner/identifier,resources,isInSla,slaStatus,requiredDate",
          orderBy: "id",
        },
        1000,
      );
      // `contains` also matches longer identifiers ("lcruz" in "lcruz2"): keep exact owners and resources.
      return rows.filter((t) => num(t, "owner.id") === m || text(t, "owner.identifier") === member.identifier || String(t.resources ?? "").split(/\s*,\s*/).includes(member.identifier));
    },
    time: () =>
      read.list(
        "/time/entries",
        {
          conditions: `member/id = ${m} and timeStart >= ${utc(w.weekStart)} and timeStart < ${utc(w.today.plus({ days: 1 }))}`,
          fields: "id,timeStart,timeEnd,actualHours,billableOption,chargeToType,chargeToId,company/name,notes",
          orderBy: "timeStart",
        },
        2000,
      ),
    schedule: () => read.list("/schedule/entries", { conditions: `member/id = ${m} and dateStart < ${utc(w.horizonEnd)} and dateEnd > ${utc(w.today)}`, orderBy: "dateStart" }, 500),
    sheets: () => read.list("/time/sheets", { conditions: `member/id = ${m} and dateStart <= ${sheetDay} and dateEnd >= ${sheetDay}`, orderBy: "dateStart desc" }, 5),
  };
}

/** Working days (Monday–Friday) from the week's start through today. */
export function workingDaysSoFar(w: DashboardWindow): number {
  let n = 0;
  for (let d = w.weekStart; d <= w.today; d = d.plus({ days: 1 })) if (d.weekday <= 5) n++;
  return n;
}

export function assembleDashboard(member: MemberRef, w: DashboardWindow, v: Partial<DashboardData>, failures: BranchFailure[], zone: string): { text: string; structured: Rec } {
  const tickets = v.tickets ?? [];
  const byPriority = new Map<string, { priority: string; sort: number; tickets: Rec[] }>();
  for (const t of tickets) {
    const name = nameOf(t.priority) || "(no priority)";
    const group = byPriority.get(name) ?? { priority: name, sort: num(t, "priority.sort") ?? 99, tickets: [] };
    group.tickets.push(t);
    byPriority.set(name, group);
  }
  const groups = [...byPriority.values()].sort((a, b) => a.sort - b.sort || a.priority.localeCompare(b.priority));
  const outOfSla = tickets.filter((t) => t.isInSla === false).length;
  const entries = v.time ?? [];
  const logged = round2(entries.reduce((s, e) => s + (num(e, "actualHours") ?? 0), 0));
  const billable = round2(entries.filter((e) => e.billableOption === "Billable").reduce((s, e) => s + (num(e, "actualHours") ?? 0), 0));
  const capacityToDate = round2(member.dailyCapacity * workingDaysSoFar(w));
  const sheet = v.sheets?.[0] ?? null;
  const structured: Rec = {
    member: { id: member.id, identifier: member.identifier, name: member.name, daily_capacity: member.dailyCapacity },
    date: w.today.toISODate(),
    timezone: zone,
    open_tickets: {
      total: tickets.length,
      out_of_sla: outOfSla,
      by_priority: groups.map((g) => ({ priority: g.priority, count: g.tickets.length, tickets: g.tickets })),
    },
    time: {
      week_start: w.weekStart.toISODate(),
      entries: entries.length,
      logged_hours: logged,
      billable_hours: billable,
      capacity_to_date: capacityToDate,
      capacity_week: round2(member.dailyCapacity * 5),
      utilization: capacityToDate > 0 ? round2(logged / capacityToDate) : null,
    },
    schedule: v.schedule ?? [],
    time_sheet: sheet,
    failures,
  };

  const lines = [`${name(member.name)} (${name(member.identifier)}) — ${w.today.toFormat("ccc yyyy-LL-dd")} (${zone})`];
  if (v.tickets) {
    lines.push(`Open tickets: ${tickets.length}${groups.length ? ` (${groups.map((g) => `${name(g.priority.replace(/ - .*/, ""))} ${g.tickets.length}`).join(" · ")})` : ""}${outOfSla ? `, ${outOfSla} out of SLA` : ""}`);
    for (const g of groups) {
      for (const t of g.tickets.slice(0, 5)) lines.push(`- ${name(g.priority.replace(/ - .*/, ""))}: #${String(t.id)} ${quote(t.summary, 70)} · ${name(nameOf(t.company))} · ${name(nameOf(t.status))}${t.isInSla === false ? " · OUT of SLA" : ""}`);
      if (g.tickets.length > 5) lines.push(`  … ${g.tickets.length - 5} more ${name(g.priority.replace(/ - .*/, ""))}`);
    }
  }
  if (v.time) {
    const pct = capacityToDate > 0 ? ` (${Math.round((logged / capacityToDate) * 100)}%)` : "";
    lines.push(`Time this week (from ${w.weekStart.toFormat("ccc LL/dd")}): ${hours(logged)} logged of ${hours(capacityToDate)} capacity so far${pct}, ${hours(billable)} billable; full week ${hours(member.dailyCapacity * 5)}`);
  }
  if (v.schedule) {
    const label = w.horizonEnd.diff(w.today, "days").days <= 1 ? "Today's schedule" : `Schedule through ${w.horizonEnd.minus({ days: 1 }).toISODate()}`;
    lines.push(`${label}: ${v.schedule.length ? "" : "nothing scheduled"}`.trimEnd());
    for (const s of v.schedule.slice(0, 15)) lines.push(`- ${localTime(s.dateStart, zone)}–${localTime(s.dateEnd, zone).slice(11)} ${quote(s.name, 80)} (${name(nameOf(s.status))}${s.doneFlag ? ", done" : ""})`);
  }
  if (v.sheets) {
    lines.push(sheet ? `Time sheet: #${String(sheet.id)} ${String(sheet.dateStart ?? "").slice(0, 10)} to ${String(sheet.dateEnd ?? "").slice(0, 10)} · ${String(sheet.status ?? "?")} · ${hours(num(sheet, "hours") ?? 0)}` : "Time sheet: none open for this week yet");
  }
  lines.push(...failureLines(failures));
  return { text: lines.join("\n"), structured };
}
