/**
 * ConnectWise records → the rules' data (model.ts). Pure. ConnectWise sends plain dates (a sheet's days,
 * a hire date, a holiday) as midnight UTC of the local date; those are read as written. Real instants
 * (an inactive date at 17:00) are turned into the local date they fall on.
 */
import { num, text, type Rec } from "../composites/read.js";
import type { ZoneClock } from "./clock.js";
import type { AgreementRow, ClosedTarget, EntryRow, MemberCalendar, MemberRow, TimesheetData, WeekHours } from "./model.js";
import { minutesOf } from "./model.js";
import { quote } from "../format/untrusted.js";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

export function toEntry(r: Rec): EntryRow | undefined {
  const id = num(r, "id");
  const memberId = num(r, "member.id");
  const timeStart = text(r, "timeStart");
  if (id === undefined || memberId === undefined || !timeStart) return undefined;
  const out: EntryRow = { id, memberId, member: text(r, "member.identifier") ?? String(memberId), timeStart, actualHours: num(r, "actualHours") ?? 0 };
  const set = <K extends keyof EntryRow>(key: K, value: EntryRow[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set("timeEnd", text(r, "timeEnd"));
  set("hoursDeduct", num(r, "hoursDeduct"));
  set("billableOption", text(r, "billableOption"));
  set("notes", typeof r.notes === "string" ? r.notes : undefined);
  set("chargeToType", text(r, "chargeToType"));
  set("chargeToId", num(r, "chargeToId"));
  set("projectId", num(r, "project.id"));
  set("workTypeId", num(r, "workType.id"));
  set("workTypeName", text(r, "workType.name"));
  set("agreementId", num(r, "agreement.id"));
  set("sheetId", num(r, "timeSheet.id"));
  set("status", text(r, "status"));
  return out;
}

/** The local date of a ConnectWise date or instant. */
export function localDate(value: unknown, clock: ZoneClock): string | undefined {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  if (value.length <= 10 || /T00:00:00(\.0+)?Z$/.test(value)) return value.slice(0, 10);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value.slice(0, 10) : clock.date(clock.day(ms));
}

export function toMember(r: Rec, clock: ZoneClock): MemberRow {
  const id = Number(r.id);
  const out: MemberRow = {
    id,
    identifier: text(r, "identifier") ?? String(id),
    name: `${String(r.firstName ?? "")} ${String(r.lastName ?? "")}`.trim() || (text(r, "identifier") ?? String(id)),
  };
  const capacity = num(r, "dailyCapacity");
  if (capacity !== undefined) out.dailyCapacity = capacity;
  if (typeof r.inactiveFlag === "boolean") out.inactiveFlag = r.inactiveFlag;
  if (typeof r.requireTimeSheetEntryFlag === "boolean") out.requireTimeSheetEntryFlag = r.requireTimeSheetEntryFlag;
  const hired = localDate(r.hireDate, clock);
  if (hired) out.hireDate = hired;
  const left = localDate(r.inactiveDate, clock);
  if (left) out.inactiveDate = left;
  return out;
}

/** A calendar's hours per weekday; undefined when it has none at all (then the configured hours apply). */
export function weekHoursOf(calendar: Rec): WeekHours | undefined {
  const hours = DAYS.map((d) => {
    const open = typeof calendar[`${d}StartTime`] === "string" ? minutesOf(calendar[`${d}StartTime`] as string) : undefined;
    const close = typeof calendar[`${d}EndTime`] === "string" ? minutesOf(calendar[`${d}EndTime`] as string) : undefined;
    return open !== undefined && close !== undefined && close > open ? { open, close } : null;
  });
  return hours.some(Boolean) ? hours : undefined;
}

export interface CalendarInputs {
  members: Rec[];
  calendars: Rec[];
  locations: Rec[];
  /** Holiday list id → its holidays. */
  holidays: Map<number, Rec[]>;
  /** Used when a calendar has no hours. */
  fallback: WeekHours;
}

/**
 * Each member's calendar: their own, else their location's, else the first location's, else the first
 * calendar. Holidays come from that calendar's holiday list (or the first list read).
 */
export function calendarsOf(input: CalendarInputs): { byMember: Map<number, MemberCalendar>; fallback: MemberCalendar | undefined } {
  const calendars = new Map(input.calendars.map((c) => [Number(c.id), c]));
  const locationCalendar = new Map(input.locations.map((l) => [Number(l.id), num(l, "calendar.id")]));
  const firstLists = [...input.holidays.values()][0] ?? [];
  const built = new Map<number, MemberCalendar>();
  const build = (id: number | undefined): MemberCalendar | undefined => {
    const c = id !== undefined ? calendars.get(id) : undefined;
    if (!c) return undefined;
    let cal = built.get(id!);
    if (!cal) {
      const listId = num(c, "holidayList.id");
      const list = (listId !== undefined ? input.holidays.get(listId) : undefined) ?? firstLists;
      const holidays = new Map<string, string>();
      for (const h of list) {
        const date = typeof h.date === "string" ? h.date.slice(0, 10) : undefined;
        if (date) holidays.set(date, text(h, "name") ?? "holiday");
      }
      cal = { hours: weekHoursOf(c) ?? input.fallback, holidays, name: text(c, "name") ?? `calendar #${id}` };
      built.set(id!, cal);
    }
    return cal;
  };
  const firstLocation = input.locations.map((l) => num(l, "calendar.id")).find((n) => n !== undefined && calendars.has(n));
  const fallback = build(firstLocation) ?? build(input.calendars[0] ? Number(input.calendars[0].id) : undefined);
  const byMember = new Map<number, MemberCalendar>();
  for (const m of input.members) {
    const own = build(num(m, "calendar.id"));
    const located = own ?? build(locationCalendar.get(num(m, "defaultLocation.id") ?? -1));
    const cal = located ?? fallback;
    if (cal) byMember.set(Number(m.id), cal);
  }
  return { byMember, fallback };
}


export function closedTargets(records: Rec[], kind: string, clock: ZoneClock): Map<number, ClosedTarget> {
  const out = new Map<number, ClosedTarget>();
  for (const r of records) {
    if (r.closedFlag !== true) continue;
    const id = Number(r.id);
    const name = text(r, "summary") ?? text(r, "name");
    const target: ClosedTarget = { label: `${kind} #${id}${name ? ` ${quote(name, 50)}` : ""}` };
    const closedAt = text(r, "closedDate");
    if (closedAt && !Number.isNaN(Date.parse(closedAt))) target.closedAt = closedAt;
    // A project says when it ended, to the day: time on a later day is late.
    const ended = localDate(r.actualEnd, clock);
    if (!target.closedAt && ended) target.closedOn = ended;
    out.set(id, target);
  }
  return out;
}

export function toAgreement(r: Rec): AgreementRow {
  const out: AgreementRow = { id: Number(r.id), name: text(r, "name") ?? `agreement ${String(r.id)}` };
  if (typeof r.cancelledFlag === "boolean") out.cancelledFlag = r.cancelledFlag;
  const cancelled = text(r, "dateCancelled");
  if (cancelled) out.dateCancelled = cancelled;
  const end = text(r, "endDate");
  if (end && r.noEndingDateFlag !== true) out.endDate = end;
  const status = text(r, "agreementStatus");
  if (status) out.agreementStatus = status;
  return out;
}

/** `${memberId}:${year}:${type}` → hours granted (grants of one type in one year are added up: carry-over, top-ups). */
export function grantsOf(rows: Rec[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of rows) {
    const member = num(g, "member.id");
    const year = num(g, "year");
    const type = text(g, "accrualType");
    if (member === undefined || year === undefined || !type) continue;
    const key = `${member}:${year}:${type}`;
    out.set(key, (out.get(key) ?? 0) + (num(g, "hours") ?? 0));
  }
  return out;
}

export function accrualTypesOf(workTypes: Rec[]): Map<number, string> {
  return new Map(workTypes.filter((w) => text(w, "accrualType")).map((w) => [Number(w.id), text(w, "accrualType")!]));
}

export function sheetsOf(records: Rec[]): NonNullable<TimesheetData["sheets"]> {
  return records
    .filter((s) => num(s, "member.id") !== undefined && text(s, "dateStart") && text(s, "dateEnd"))
    .map((s) => ({ id: Number(s.id), memberId: num(s, "member.id")!, dateStart: text(s, "dateStart")!, dateEnd: text(s, "dateEnd")! }));
}

