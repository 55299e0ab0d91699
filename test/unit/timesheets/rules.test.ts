/**
 * The nine timesheet rules, each with entries that break it and entries that do not, in
 * America/Chicago so local days, DST transitions (2026-03-08 spring forward, 2026-11-01 fall back)
 * and day boundaries that differ from UTC's are exercised.
 */
import { describe, expect, it } from "vitest";
import { ZoneClock } from "../../../src/timesheets/clock.js";
import type { EntryRow, MemberCalendar, MemberRow, TimesheetData } from "../../../src/timesheets/model.js";
import { weekdayHours } from "../../../src/timesheets/model.js";
import { runRules } from "../../../src/timesheets/rules.js";
import type { Finding, RuleId, ValidationOptions } from "../../../src/timesheets/types.js";

const ZONE = "America/Chicago";
const NOW = Date.parse("2026-03-20T18:00:00Z");
const lcruz: MemberRow = { id: 1, identifier: "lcruz", name: "Luis Cruz", dailyCapacity: 8, hireDate: "2020-01-06", requireTimeSheetEntryFlag: true };
const calendar: MemberCalendar = { hours: weekdayHours("08:00", "17:00"), holidays: new Map([["2026-03-13", "Founders Day"]]), name: "Standard Business Hours" };

let nextId = 100;
/** An entry from two UTC instants; actualHours from the times unless given. */
function entry(start: string, end: string, extra: Partial<EntryRow> = {}): EntryRow {
  const hours = Math.round(((Date.parse(end) - Date.parse(start)) / 3_600_000 - (extra.hoursDeduct ?? 0)) * 100) / 100;
  return { id: nextId++, memberId: 1, member: "lcruz", timeStart: start, timeEnd: end, actualHours: hours, billableOption: "DoNotBill", notes: "Internal work on the documentation portal", chargeToType: "ChargeCode", chargeToId: 1, workTypeId: 5, workTypeName: "Internal / Admin", sheetId: 9, ...extra };
}

function run(rule: RuleId, entries: EntryRow[], more: Partial<TimesheetData> = {}, options: ValidationOptions = {}, zone = ZONE): Finding[] {
  const data: TimesheetData = { window: { start: "2026-03-01", end: "2026-03-31" }, entries, members: [lcruz], calendars: new Map([[1, calendar]]), now: NOW, ...more };
  return runRules(data, zone, options, [rule]);
}
const ids = (fs: Finding[]) => fs.map((f) => f.entry_id);

describe("ZoneClock", () => {
  const clock = new ZoneClock(ZONE);
  it("puts 04:30Z on the previous local day in Chicago, and 05:30Z on the next day only after the DST change", () => {
    expect(clock.date(clock.day(Date.parse("2026-03-10T04:30:00Z")))).toBe("2026-03-09"); // 23:30 CDT
    expect(clock.date(clock.day(Date.parse("2026-03-06T05:30:00Z")))).toBe("2026-03-05"); // 23:30 CST
    expect(clock.date(clock.day(Date.parse("2026-03-10T05:30:00Z")))).toBe("2026-03-10"); // 00:30 CDT
  });
  it("knows a spring-forward day is 23 hours and a fall-back day 25", () => {
    const day = ZoneClock.dayOf("2026-03-08");
    expect((clock.startOf(day + 1) - clock.startOf(day)) / 3_600_000).toBe(23);
    const back = ZoneClock.dayOf("2026-11-01");
    expect((clock.startOf(back + 1) - clock.startOf(back)) / 3_600_000).toBe(25);
    expect(clock.local(Date.parse("2026-03-08T08:30:00Z"))).toBe("2026-03-08 03:30");
    expect(clock.local(Date.parse("2026-11-01T06:30:00Z"))).toBe("2026-11-01 01:30");
    expect(clock.local(Date.parse("2026-11-01T07:30:00Z"))).toBe("2026-11-01 01:30");
  });
});

describe("1. rounding", () => {
  it("flags a duration off the 15-minute grid and names both fixes", () => {
    const bad = entry("2026-03-02T15:00:00Z", "2026-03-02T16:07:00Z");
    const good = entry("2026-03-02T16:15:00Z", "2026-03-02T17:30:00Z");
    const found = run("rounding", [bad, good]);
    expect(ids(found)).toEqual([bad.id]);
    expect(found[0]).toMatchObject({ rule: "rounding", severity: "warning", member: "lcruz", date: "2026-03-02", sheet_id: 9 });
    expect(found[0]!.message).toContain(`#${bad.id}`);
    expect(found[0]!.message).toContain("[rounding]");
    expect(found[0]!.message).toMatch(/1\.12 h, not a multiple of 0\.25 h\. Fix: make it 1 h or 1\.25 h/);
  });
  it("follows a configured increment (six-minute billing)", () => {
    const tenth = entry("2026-03-02T15:00:00Z", "2026-03-02T15:18:00Z"); // 0.3 h
    expect(ids(run("rounding", [tenth]))).toEqual([tenth.id]);
    expect(run("rounding", [tenth], {}, { increment: 0.1 })).toEqual([]);
    expect(ids(run("rounding", [entry("2026-03-02T15:00:00Z", "2026-03-02T16:07:00Z")], {}, { increment: 0.1 }))).toHaveLength(1);
  });
  it("suggests the increment itself for a sliver shorter than it", () => {
    const sliver = entry("2026-03-02T15:00:00Z", "2026-03-02T15:07:00Z");
    expect(run("rounding", [sliver])[0]!.message).toMatch(/0\.12 h, not a multiple of 0\.25 h\. Fix: make it 0\.25 h \(adjust/);
  });
  it("ignores entries outside the window", () => {
    expect(run("rounding", [entry("2026-04-02T15:00:00Z", "2026-04-02T16:07:00Z")])).toEqual([]);
  });
});

describe("2. overlap", () => {
  it("flags both entries of an overlap, each naming the other", () => {
    const a = entry("2026-03-03T15:00:00Z", "2026-03-03T16:00:00Z");
    const b = entry("2026-03-03T15:30:00Z", "2026-03-03T16:30:00Z");
    const found = run("overlap", [a, b]);
    expect(ids(found).sort()).toEqual([a.id, b.id]);
    expect(found.every((f) => f.severity === "error")).toBe(true);
    expect(found.find((f) => f.entry_id === a.id)!.message).toContain(`overlaps #${b.id}`);
    expect(found.find((f) => f.entry_id === a.id)!.message).toContain("by 30 min");
  });
  it("catches an entry inside a longer one, and one without an end time (its hours from the start)", () => {
    const long = entry("2026-03-03T15:00:00Z", "2026-03-03T19:00:00Z");
    const inner = entry("2026-03-03T16:00:00Z", "2026-03-03T16:30:00Z");
    const open = { ...entry("2026-03-03T18:30:00Z", "2026-03-03T19:30:00Z"), timeEnd: undefined, actualHours: 1 } as EntryRow;
    delete (open as Partial<EntryRow>).timeEnd;
    expect(ids(run("overlap", [long, inner, open])).sort()).toEqual([long.id, inner.id, open.id]);
  });
  it("does not flag back-to-back entries, other members' entries, or the repeated hour of a fall-back night", () => {
    const a = entry("2026-03-03T15:00:00Z", "2026-03-03T16:00:00Z");
    const next = entry("2026-03-03T16:00:00Z", "2026-03-03T17:00:00Z");
    const other = entry("2026-03-03T15:00:00Z", "2026-03-03T16:00:00Z", { memberId: 2, member: "jsmith" });
    // 01:30–02:15 CDT, then 01:30–02:15 CST: the same clock times an hour apart.
    const first = entry("2026-11-01T06:30:00Z", "2026-11-01T07:15:00Z");
    const second = entry("2026-11-01T07:30:00Z", "2026-11-01T08:15:00Z");
    expect(run("overlap", [a, next, other, first, second], { window: { start: "2026-03-01", end: "2026-11-30" } })).toEqual([]);
  });
});

describe("3. billable notes", () => {
  it("flags billable entries with empty or short notes", () => {
    const empty = entry("2026-03-02T15:00:00Z", "2026-03-02T16:00:00Z", { billableOption: "Billable", notes: "" });
    const short = entry("2026-03-02T16:00:00Z", "2026-03-02T17:00:00Z", { billableOption: "Billable", notes: "fixed" });
    const fine = entry("2026-03-02T17:00:00Z", "2026-03-02T18:00:00Z", { billableOption: "Billable", notes: "Replaced the toner and cleared the paper path." });
    const internal = entry("2026-03-02T18:00:00Z", "2026-03-02T19:00:00Z", { billableOption: "DoNotBill", notes: "" });
    const found = run("billable_notes", [empty, short, fine, internal]);
    expect(ids(found)).toEqual([empty.id, short.id]);
    expect(found[0]!.message).toContain("has no notes");
    expect(found[1]!.message).toContain('only 5 characters of notes ("fixed")');
    expect(found[1]!.severity).toBe("warning");
  });
  it("follows a configured minimum", () => {
    const short = entry("2026-03-02T16:00:00Z", "2026-03-02T17:00:00Z", { billableOption: "Billable", notes: "fixed" });
    expect(run("billable_notes", [short], {}, { minNoteChars: 5 })).toEqual([]);
  });
});

describe("4. overtime", () => {
  const day = (date: string, hours: number, startZ = "14:00") => entry(`${date}T${startZ}:00Z`, new Date(Date.parse(`${date}T${startZ}:00Z`) + hours * 3_600_000).toISOString());
  it("flags a local day over 8 hours, not one of exactly 8", () => {
    const found = run("overtime", [day("2026-03-02", 9), day("2026-03-03", 8)]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: "overtime", severity: "warning", date: "2026-03-02" });
    expect(found[0]!.entry_id).toBeUndefined();
    expect(found[0]!.message).toContain("9 h on Mon 2026-03-02");
    expect(found[0]!.message).toContain("1 h over the 8 h daily threshold");
  });
  it("adds up the local day in Chicago: 04:30Z belongs to the day before", () => {
    // 5 h on Monday from 09:00 CDT, then 03:00Z–04:59Z and 04:30Z–05:00Z on the 10th: 22:00–23:59 and 23:30–00:00 Monday, CDT (UTC−5).
    const found = run("overtime", [day("2026-03-09", 5), entry("2026-03-10T03:00:00Z", "2026-03-10T04:59:00Z"), entry("2026-03-10T04:30:00Z", "2026-03-10T05:00:00Z")], {}, { dailyOvertimeHours: 7 });
    expect(found.map((f) => f.date)).toEqual(["2026-03-09"]);
    // In UTC the same entries fall on two days and neither is over 7 h.
    expect(run("overtime", [day("2026-03-09", 5), entry("2026-03-10T03:00:00Z", "2026-03-10T04:59:00Z"), entry("2026-03-10T04:30:00Z", "2026-03-10T05:00:00Z")], {}, { dailyOvertimeHours: 7 }, "UTC")).toEqual([]);
  });
  it("counts a spring-forward day (2026-03-08, 23 hours) by its local boundaries", () => {
    const entries = [
      entry("2026-03-08T06:00:00Z", "2026-03-08T10:00:00Z"), // 00:00–05:00 local (02:00 never happens): 4 h
      entry("2026-03-09T00:00:00Z", "2026-03-09T04:59:00Z"), // 19:00–23:59 CDT: 4.98 h
      entry("2026-03-09T05:00:00Z", "2026-03-09T09:00:00Z"), // 00:00 CDT on the 9th: not the 8th
    ];
    const found = run("overtime", entries);
    expect(found.map((f) => [f.date, f.message.match(/logged ([\d.]+) h/)?.[1]])).toEqual([["2026-03-08", "8.98"]]);
  });
  it("flags a Sunday–Saturday week over 40 hours, dated on its Sunday, with configurable thresholds", () => {
    const week = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"].map((d) => day(d, 8.5));
    const found = run("overtime", week, {}, { dailyOvertimeHours: 10 });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ date: "2026-03-01" });
    expect(found[0]!.message).toContain("42.5 h in the week of Sun 2026-03-01");
    expect(run("overtime", week, {}, { dailyOvertimeHours: 10, weeklyOvertimeHours: 45 })).toEqual([]);
    expect(run("overtime", week)).toHaveLength(6);
  });
  it("dates a day finding to the member's sheet for that day", () => {
    const found = run("overtime", [day("2026-03-02", 9)], { sheets: [{ id: 77, memberId: 1, dateStart: "2026-03-01T00:00:00Z", dateEnd: "2026-03-07T00:00:00Z" }] });
    expect(found[0]!.sheet_id).toBe(77);
  });
});

describe("5. under-reporting", () => {
  const window = { start: "2026-03-09", end: "2026-03-15" };
  it("reports short working days (info) and empty ones (warning), not weekends, holidays or days not over yet", () => {
    const found = run("under_reporting", [entry("2026-03-09T14:00:00Z", "2026-03-09T20:00:00Z")], { window, now: Date.parse("2026-03-12T18:00:00Z") });
    // Mon 6 h; Tue and Wed nothing; Thu is today (not over); Fri 13th is a holiday anyway; the weekend is off.
    expect(found.map((f) => [f.date, f.severity])).toEqual([["2026-03-09", "info"], ["2026-03-10", "warning"], ["2026-03-11", "warning"]]);
    expect(found[0]!.message).toContain("6 h on Mon 2026-03-09, 2 h short of the 8 h daily capacity");
    expect(found[1]!.message).toContain("no time on working day Tue 2026-03-10");
  });
  it("counts a full day (time off included) as reported", () => {
    const days = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"].map((d) => entry(`${d}T13:00:00Z`, `${d}T21:00:00Z`, { workTypeId: 9, workTypeName: "PTO" }));
    expect(run("under_reporting", days, { window })).toEqual([]);
  });
  it("skips members not expected to log time, before they were hired and after they left", () => {
    expect(run("under_reporting", [], { window, members: [{ ...lcruz, requireTimeSheetEntryFlag: false }] })).toEqual([]);
    expect(run("under_reporting", [], { window, members: [{ ...lcruz, dailyCapacity: 0 }] })).toEqual([]);
    expect(run("under_reporting", [], { window, members: [{ ...lcruz, hireDate: "2026-03-12" }] }).map((f) => f.date)).toEqual(["2026-03-12"]);
    expect(run("under_reporting", [], { window, members: [{ ...lcruz, inactiveFlag: true, inactiveDate: "2026-03-10" }] }).map((f) => f.date)).toEqual(["2026-03-09", "2026-03-10"]);
  });
});

describe("6. outside business hours", () => {
  it("flags starts before and ends after the calendar's hours, in local time", () => {
    const early = entry("2026-03-02T13:30:00Z", "2026-03-02T15:00:00Z"); // 07:30 CST
    const late = entry("2026-03-02T22:00:00Z", "2026-03-02T23:30:00Z"); // 16:00–17:30
    const inside = entry("2026-03-02T14:00:00Z", "2026-03-02T23:00:00Z"); // 08:00–17:00
    const found = run("outside_hours", [early, late, inside]);
    expect(ids(found)).toEqual([early.id, late.id]);
    expect(found[0]!.message).toContain("starts at 07:30, outside business hours (08:00–17:00, Standard Business Hours)");
    expect(found[1]!.message).toContain("ends at 17:30");
    expect(found[0]!.severity).toBe("warning");
  });
  it("reads the same UTC time differently across the DST change", () => {
    const beforeDst = entry("2026-03-06T13:30:00Z", "2026-03-06T15:00:00Z"); // Fri 07:30 CST
    const afterDst = entry("2026-03-10T13:30:00Z", "2026-03-10T15:00:00Z"); // Tue 08:30 CDT
    expect(ids(run("outside_hours", [beforeDst, afterDst]))).toEqual([beforeDst.id]);
  });
  it("flags weekends and holidays, but not time off", () => {
    const saturday = entry("2026-03-07T15:00:00Z", "2026-03-07T16:00:00Z");
    const holiday = entry("2026-03-13T15:00:00Z", "2026-03-13T16:00:00Z");
    const pto = entry("2026-03-13T14:00:00Z", "2026-03-13T22:00:00Z", { workTypeId: 12, workTypeName: "Holiday" });
    const found = run("outside_hours", [saturday, holiday, pto], { accrualTypes: new Map([[12, "Holiday"]]) });
    expect(ids(found)).toEqual([saturday.id, holiday.id]);
    expect(found[0]!.message).toContain("is on a Saturday");
    expect(found[1]!.message).toContain("is on a holiday (Founders Day)");
  });
  it("uses the configured hours when ConnectWise has no calendar", () => {
    const e = entry("2026-03-02T13:30:00Z", "2026-03-02T15:00:00Z"); // 07:30
    expect(run("outside_hours", [e], { calendars: new Map() }, { businessStart: "07:00", businessEnd: "16:00" })).toEqual([]);
    expect(ids(run("outside_hours", [e], { calendars: new Map() }))).toEqual([e.id]);
  });
});

describe("7. future-dated", () => {
  it("flags entries that start after now, or end more than an hour after it", () => {
    const future = entry("2026-03-23T15:00:00Z", "2026-03-23T16:00:00Z");
    const running = entry("2026-03-20T17:00:00Z", "2026-03-20T21:00:00Z");
    const justNow = entry("2026-03-20T17:00:00Z", "2026-03-20T18:30:00Z");
    const past = entry("2026-03-19T15:00:00Z", "2026-03-19T16:00:00Z");
    const found = run("future_dated", [future, running, justNow, past]);
    expect(ids(found)).toEqual([running.id, future.id]);
    expect(found.every((f) => f.severity === "error")).toBe(true);
    expect(found.find((f) => f.entry_id === future.id)!.message).toContain("starts in the future (now is 2026-03-20 13:00)");
  });
});

describe("8. closed tickets, projects and agreements", () => {
  const closed = (more: Partial<NonNullable<TimesheetData["closed"]>> = {}): TimesheetData["closed"] => ({ tickets: new Map(), projectTickets: new Map(), projects: new Map(), agreements: new Map(), ...more });
  it("flags time that starts at or after the ticket closed, not time worked before", () => {
    const tickets = new Map([[55, { closedAt: "2026-03-04T18:00:00Z", label: "ticket #55 (Printer offline)" }]]);
    const before = entry("2026-03-04T15:00:00Z", "2026-03-04T16:00:00Z", { chargeToType: "ServiceTicket", chargeToId: 55 });
    const after = entry("2026-03-05T15:00:00Z", "2026-03-05T16:00:00Z", { chargeToType: "ServiceTicket", chargeToId: 55 });
    const other = entry("2026-03-05T16:00:00Z", "2026-03-05T17:00:00Z", { chargeToType: "ServiceTicket", chargeToId: 56 });
    const found = run("closed_target", [before, after, other], { closed: closed({ tickets }) });
    expect(ids(found)).toEqual([after.id]);
    expect(found[0]).toMatchObject({ severity: "error" });
    expect(found[0]!.message).toContain("was worked after ticket #55 (Printer offline) closed (2026-03-04 12:00)");
    expect(found[0]!.message).toContain("Fix: reopen the ticket");
  });
  it("warns when the ticket is closed but ConnectWise gives no closing date", () => {
    const e = entry("2026-03-05T15:00:00Z", "2026-03-05T16:00:00Z", { chargeToType: "ProjectTicket", chargeToId: 7 });
    const found = run("closed_target", [e], { closed: closed({ projectTickets: new Map([[7, { label: "project ticket #7" }]]) }) });
    expect(found.map((f) => f.severity)).toEqual(["warning"]);
  });
  it("flags time on a later local day than a project's end", () => {
    const projects = new Map([[3, { closedOn: "2026-03-04", label: "project #3 (Server migration)" }]]);
    const sameDay = entry("2026-03-05T04:00:00Z", "2026-03-05T04:30:00Z", { projectId: 3 }); // 22:00 on the 4th, local
    const nextDay = entry("2026-03-05T15:00:00Z", "2026-03-05T16:00:00Z", { projectId: 3 });
    expect(ids(run("closed_target", [sameDay, nextDay], { closed: closed({ projects }) }))).toEqual([nextDay.id]);
  });
  it("flags time after an agreement ended or was cancelled", () => {
    const agreements = new Map([
      [1, { id: 1, name: "Managed Services", endDate: "2026-03-05T00:00:00Z" }],
      [2, { id: 2, name: "Block Time", cancelledFlag: true, dateCancelled: "2026-03-10T15:00:00Z" }],
      [3, { id: 3, name: "Old", agreementStatus: "Expired" }],
    ]);
    const lastDay = entry("2026-03-05T15:00:00Z", "2026-03-05T16:00:00Z", { agreementId: 1 });
    const ended = entry("2026-03-06T15:00:00Z", "2026-03-06T16:00:00Z", { agreementId: 1 });
    const beforeCancel = entry("2026-03-10T13:00:00Z", "2026-03-10T14:00:00Z", { agreementId: 2 });
    const afterCancel = entry("2026-03-11T13:00:00Z", "2026-03-11T14:00:00Z", { agreementId: 2 });
    const expired = entry("2026-03-12T13:00:00Z", "2026-03-12T14:00:00Z", { agreementId: 3 });
    const found = run("closed_target", [lastDay, ended, beforeCancel, afterCancel, expired], { closed: closed({ agreements }) });
    expect(found.map((f) => [f.entry_id, f.severity])).toEqual([[ended.id, "error"], [afterCancel.id, "error"], [expired.id, "warning"]]);
    expect(found[0]!.message).toContain("after agreement #1 (Managed Services) ended (2026-03-05)");
    expect(found[0]!.message).toContain("move the time to the client's current agreement");
  });
  it("runs only with the data (no closed records read: nothing to say)", () => {
    expect(run("closed_target", [entry("2026-03-05T15:00:00Z", "2026-03-05T16:00:00Z", { chargeToType: "ServiceTicket", chargeToId: 55 })])).toEqual([]);
  });
});

describe("9. accrual balance", () => {
  const accrualTypes = new Map([[9, "PTO"], [11, "Sick"]]);
  const pto = (start: string, end: string, more: Partial<EntryRow> = {}) => entry(start, end, { workTypeId: 9, workTypeName: "PTO", chargeToType: "ChargeCode", billableOption: "NoCharge", ...more });
  it("flags the time off that takes the year past its grant, counting earlier use first", () => {
    const prior = [pto("2026-02-10T14:00:00Z", "2026-02-10T18:00:00Z")]; // 4 h earlier this year
    const last = pto("2025-12-01T14:00:00Z", "2025-12-01T22:00:00Z"); // last year: another grant
    const first = pto("2026-03-02T14:00:00Z", "2026-03-02T18:00:00Z"); // 4 h: exactly the 8 h granted
    const over = pto("2026-03-03T14:00:00Z", "2026-03-03T22:00:00Z"); // 8 h more
    const sick = entry("2026-03-04T14:00:00Z", "2026-03-04T22:00:00Z", { workTypeId: 11, workTypeName: "Sick" });
    const grants = new Map([["1:2026:PTO", 8], ["1:2026:Sick", 40], ["1:2025:PTO", 8]]);
    const found = run("accrual_balance", [first, over, sick], { accrualTypes, accruals: { grants, prior: [...prior, last] } });
    expect(ids(found)).toEqual([over.id]);
    expect(found[0]!.severity).toBe("error");
    expect(found[0]!.message).toContain("brings lcruz's PTO time for 2026 to 16 h of 8 h granted (8 h of this entry is beyond the balance)");
  });
  it("treats a type without a grant as a zero balance, and finds nothing within the balance", () => {
    const vacation = entry("2026-03-02T14:00:00Z", "2026-03-02T22:00:00Z", { workTypeId: 10 });
    const types = new Map([[10, "Vacation"]]);
    expect(ids(run("accrual_balance", [vacation], { accrualTypes: types, accruals: { grants: new Map(), prior: [] } }))).toEqual([vacation.id]);
    expect(run("accrual_balance", [vacation], { accrualTypes: types, accruals: { grants: new Map([["1:2026:Vacation", 80]]), prior: [] } })).toEqual([]);
  });
  it("uses the local year: 2027-01-01 04:00Z is still 2026 in Chicago", () => {
    const nye = pto("2027-01-01T02:00:00Z", "2027-01-01T05:00:00Z");
    const grants = new Map([["1:2026:PTO", 0], ["1:2027:PTO", 8]]);
    const found = run("accrual_balance", [nye], { window: { start: "2026-12-01", end: "2027-01-31" }, accrualTypes, accruals: { grants, prior: [] } });
    expect(found.map((f) => f.date)).toEqual(["2026-12-31"]);
  });
});

describe("runRules", () => {
  it("runs only the rules asked for, and sorts by member, day, severity", () => {
    const e = entry("2026-03-02T13:30:00Z", "2026-03-02T14:37:00Z", { billableOption: "Billable", notes: "" });
    const data: TimesheetData = { window: { start: "2026-03-02", end: "2026-03-02" }, entries: [e], members: [lcruz], calendars: new Map([[1, calendar]]), now: NOW };
    expect(runRules(data, ZONE, {}, ["rounding"]).map((f) => f.rule)).toEqual(["rounding"]);
    const all = runRules(data, ZONE);
    expect(all.map((f) => f.rule)).toEqual(["rounding", "billable_notes", "outside_hours", "under_reporting"]);
    for (const f of all) expect(f.message).toMatch(/\[\w+\]: .+\. Fix: .+\.$/);
  });
});
