/**
 * Timesheet validation end to end: check the request, resolve the member, gather what the chosen rules
 * need through the shared client (gather.ts), convert it (convert.ts), run the rules (rules.ts).
 * cw_validate_timesheets answers with the result; cw_approve_timesheets decides sheets from it.
 */
import { gather } from "../composites/fanout.js";
import { num, reader, text, type Rec } from "../composites/read.js";
import { CwApiError } from "../http/errors.js";
import type { Runtime } from "../runtime.js";
import { ZoneClock } from "./clock.js";
import { accrualTypesOf, calendarsOf, closedTargets, grantsOf, sheetsOf, toAgreement, toEntry, toMember } from "./convert.js";
import { NEEDS, timesheetPlan, type GatherData } from "./gather.js";
import { checkOptions, checkRules, parseWindow, sheetStamp } from "./input.js";
import { settings, weekdayHours, type EntryRow, type MemberRow, type TimesheetData } from "./model.js";
import { runRules } from "./rules.js";
import type { RuleId, ValidationRequest, ValidationResult } from "./types.js";

/** Entries read at most in one validation; more is refused with what to narrow. */
export const MAX_ENTRIES = 50_000;

export async function validateTimesheets(runtime: Runtime, request: ValidationRequest, signal?: AbortSignal, now: Date = new Date()): Promise<ValidationResult> {
  const zone = runtime.config.timezone;
  const window = parseWindow(request, zone, now);
  const rules = checkRules(request.rules);
  checkOptions(request.options);
  const who = request.member !== undefined ? await runtime.lookups.resolve("member", request.member, "member", undefined, signal) : undefined;
  const clock = new ZoneClock(zone);

  const read = reader(await runtime.http(), signal);
  const describe = (err: unknown) => runtime.redact(err instanceof CwApiError ? err.describe() : err instanceof Error ? err.message : String(err));
  const got = await gather(
    timesheetPlan(read, {
      fetchFrom: window.fetchFrom,
      fetchTo: window.fetchTo,
      windowFrom: window.from,
      windowTo: window.to,
      sheetFirst: sheetStamp(window.firstDay),
      sheetLast: sheetStamp(window.lastDay),
      yearStart: window.yearStart,
      ...(who ? { memberId: who.id } : {}),
      rules: new Set(rules),
      members: () => runtime.lookups.records("member", signal),
      maxEntries: MAX_ENTRIES,
    }),
    describe,
  );
  const v = got.values;
  if (!v.entries) throw got.errors.get("entries") ?? new CwApiError({ kind: "malformed", message: "The time entries could not be read." });
  if (v.entries.length > MAX_ENTRIES) {
    throw new CwApiError({
      kind: "refused",
      message: `More than ${MAX_ENTRIES.toLocaleString("en-US")} time entries between ${window.start} and ${window.end}${who ? ` for ${who.identifier ?? who.name}` : ""}.`,
      hint: "Narrow the range (start, end) or validate one member at a time (member).",
    });
  }

  // A rule runs only when everything it needs was read; otherwise it is reported as skipped, with why.
  const failed = new Map(got.failures.map((f) => [f.branch, f.error]));
  const skipped: { rule: RuleId; reason: string }[] = [];
  const runnable = rules.filter((rule) => {
    const missing = NEEDS[rule].find((b) => failed.has(b));
    if (missing) skipped.push({ rule, reason: `${missing} could not be read: ${failed.get(missing)!}` });
    return !missing;
  });
  const notes: string[] = [];
  if (failed.has("sheets")) notes.push(`Time sheets could not be read (${failed.get("sheets")!}); findings carry the sheet of their entries only.`);
  if (failed.has("locations")) notes.push(`Locations could not be read (${failed.get("locations")!}); members without a calendar of their own use the first calendar.`);

  const s = settings(request.options);
  const allMembers = (v.members ?? []).map((m) => toMember(m, clock));
  const entries = v.entries.map(toEntry).filter((e): e is EntryRow => e !== undefined);
  const inWindow = entries.filter((e) => e.timeStart >= window.from && e.timeStart < window.to);
  const members = inScope(allMembers, inWindow, who?.id, window.start, window.end);
  const data: TimesheetData = { window: { start: window.start, end: window.end }, entries, members, now: now.getTime() };

  if (v.calendars && v.holidays) {
    const fallback = weekdayHours(s.businessStart, s.businessEnd);
    const { byMember, fallback: first } = calendarsOf({ members: v.members ?? [], calendars: v.calendars, locations: v.locations ?? [], holidays: v.holidays, fallback });
    data.calendars = byMember;
    if (first) data.defaultCalendar = first;
    else if (rules.includes("outside_hours") || rules.includes("under_reporting")) notes.push(`ConnectWise has no calendar: business hours ${s.businessStart}–${s.businessEnd} Monday to Friday were used, without holidays.`);
  }
  if (v.workTypes) data.accrualTypes = accrualTypesOf(v.workTypes);
  if (v.tickets && v.projectTickets && v.projects && v.agreements) {
    data.closed = {
      tickets: closedTargets(v.tickets, "ticket", clock),
      projectTickets: closedTargets(v.projectTickets, "project ticket", clock),
      projects: closedTargets(v.projects, "project", clock),
      agreements: new Map(v.agreements.map((a) => [Number(a.id), toAgreement(a)])),
    };
  }
  if (v.grants && v.prior) data.accruals = { grants: grantsOf(v.grants), prior: v.prior.map(toEntry).filter((e): e is EntryRow => e !== undefined) };
  if (v.sheets) data.sheets = sheetsOf(v.sheets);

  const findings = runRules(data, zone, request.options, runnable);
  const scope = new Set(members.map((m) => m.id));
  return {
    zone,
    from: window.from,
    to: window.to,
    window: { start: window.start, end: window.end },
    members: members.map((m) => ({ id: m.id, identifier: m.identifier, name: m.name })),
    entries: inWindow.length,
    findings,
    sheets: sheetRows(v, scope, window.start, window.end),
    skipped,
    ...(notes.length ? { notes } : {}),
  };
}

/**
 * The members a validation covers: the one asked for; otherwise everyone with time in the window and
 * everyone expected to log time then (capacity, the time-sheet flag, employed during the window).
 */
function inScope(all: MemberRow[], entries: EntryRow[], memberId: number | undefined, first: string, last: string): MemberRow[] {
  if (memberId !== undefined) {
    const m = all.find((x) => x.id === memberId);
    return m ? [m] : [{ id: memberId, identifier: entries.find((e) => e.memberId === memberId)?.member ?? String(memberId), name: String(memberId) }];
  }
  const withTime = new Set(entries.map((e) => e.memberId));
  const known = new Set(all.map((m) => m.id));
  const expected = (m: MemberRow) =>
    (m.dailyCapacity ?? 0) > 0 && m.requireTimeSheetEntryFlag !== false && !(m.inactiveFlag && !m.inactiveDate) &&
    (!m.inactiveDate || m.inactiveDate >= first) && (!m.hireDate || m.hireDate <= last);
  const out = all.filter((m) => withTime.has(m.id) || expected(m));
  // Someone with time but missing from the member list (a look-up that failed) still counts.
  for (const e of entries) if (!known.has(e.memberId) && !out.some((m) => m.id === e.memberId)) out.push({ id: e.memberId, identifier: e.member, name: e.member });
  return out.sort((a, b) => a.identifier.localeCompare(b.identifier));
}

function sheetRows(v: Partial<GatherData>, scope: Set<number>, first: string, last: string): ValidationResult["sheets"] {
  return (v.sheets ?? [])
    .filter((s) => scope.has(num(s, "member.id") ?? -1) && String(s.dateStart ?? "").slice(0, 10) <= last && String(s.dateEnd ?? "").slice(0, 10) >= first)
    .map((s: Rec) => ({
      id: Number(s.id),
      member: text(s, "member.identifier") ?? String(num(s, "member.id")),
      dateStart: String(s.dateStart ?? ""),
      dateEnd: String(s.dateEnd ?? ""),
      status: String(s.status ?? ""),
      ...(typeof s.hours === "number" ? { hours: s.hours } : {}),
    }))
    .sort((a, b) => a.member.localeCompare(b.member) || a.dateStart.localeCompare(b.dateStart));
}
