/**
 * The parts around the rules: reading a request (dates in the MSP's zone, rule ids, options), turning
 * ConnectWise records into the rules' data, accrual balances, and the text answer.
 */
import { describe, expect, it } from "vitest";
import { CwApiError } from "../../../src/http/errors.js";
import { accrualBalances } from "../../../src/timesheets/accruals.js";
import { ZoneClock } from "../../../src/timesheets/clock.js";
import { calendarsOf, closedTargets, grantsOf, localDate, toAgreement, toEntry, toMember } from "../../../src/timesheets/convert.js";
import { checkOptions, checkRules, parseWindow } from "../../../src/timesheets/input.js";
import { weekdayHours } from "../../../src/timesheets/model.js";
import { renderValidation } from "../../../src/timesheets/render.js";
import { RULE_IDS, type Finding, type ValidationResult } from "../../../src/timesheets/types.js";

const ZONE = "America/Chicago";
const NOW = new Date("2026-03-20T18:00:00Z");

function refusal(run: () => unknown): CwApiError {
  try {
    run();
  } catch (err) {
    if (err instanceof CwApiError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("parseWindow", () => {
  it("reads dates in the zone, whole days, with whole weeks around them for context", () => {
    const w = parseWindow({ start: "2026-03-02", end: "2026-03-07" }, ZONE, NOW);
    expect(w).toMatchObject({ start: "2026-03-02", end: "2026-03-07", from: "2026-03-02T06:00:00Z", to: "2026-03-08T06:00:00Z" });
    // Sunday 1 March to Sunday 8 March (midnight CST, two hours before the DST change), and 1 January.
    expect(w.fetchFrom).toBe("2026-03-01T06:00:00Z");
    expect(w.fetchTo).toBe("2026-03-08T06:00:00Z");
    expect(w.yearStart).toBe("2026-01-01T06:00:00Z");
    const after = parseWindow({ start: "2026-03-09", end: "2026-03-09" }, ZONE, NOW);
    expect(after.from).toBe("2026-03-09T05:00:00Z"); // CDT
  });
  it("takes relative dates and today", () => {
    const w = parseWindow({ start: "-7d", end: "today" }, ZONE, NOW);
    expect([w.start, w.end]).toEqual(["2026-03-13", "2026-03-20"]);
  });
  it("refuses bad dates, a reversed range and a range too long, naming the field", () => {
    expect(refusal(() => parseWindow({ start: "soon", end: "today" }, ZONE, NOW)).message).toBe('start: "soon" is not a date I can read.');
    expect(refusal(() => parseWindow({ start: "today", end: "2026-02-30" }, ZONE, NOW)).message).toMatch(/^end: /);
    const reversed = refusal(() => parseWindow({ start: "2026-03-10", end: "2026-03-01" }, ZONE, NOW));
    expect(reversed.message).toBe("end (2026-03-01) is before start (2026-03-10).");
    expect(reversed.hint).toContain("Swap them");
    expect(refusal(() => parseWindow({ start: "2026-01-01", end: "2026-06-30" }, ZONE, NOW)).message).toMatch(/181 days .* at most 93 days/);
    expect(refusal(() => parseWindow({ start: "", end: "today" }, ZONE, NOW)).message).toMatch(/^start: /);
  });
});

describe("checkRules and checkOptions", () => {
  it("keeps the rules in their canonical order and suggests the closest id for a typo", () => {
    expect(checkRules(undefined)).toEqual([...RULE_IDS]);
    expect(checkRules(["overlap", "rounding"])).toEqual(["rounding", "overlap"]);
    const typo = refusal(() => checkRules(["overlaps", "nonsense-rule-name"]));
    expect(typo.message).toBe('rules: "overlaps" (did you mean overlap?), "nonsense-rule-name" are not rules.');
    expect(typo.hint).toContain("accrual_balance");
    expect(refusal(() => checkRules([])).message).toBe("rules: the list is empty.");
  });
  it("refuses options that cannot be hours or times", () => {
    expect(() => checkOptions({ increment: 0.1, dailyOvertimeHours: 10, businessStart: "07:30", businessEnd: "18:00" })).not.toThrow();
    expect(refusal(() => checkOptions({ increment: 0 })).message).toMatch(/^options\.increment: 0 is not a number of hours/);
    expect(refusal(() => checkOptions({ weeklyOvertimeHours: 200 })).message).toMatch(/^options\.weeklyOvertimeHours/);
    expect(refusal(() => checkOptions({ minNoteChars: 2.5 })).message).toMatch(/^options\.minNoteChars/);
    expect(refusal(() => checkOptions({ businessEnd: "5pm" })).message).toBe('options.businessEnd: "5pm" is not a time of day.');
    expect(refusal(() => checkOptions({ businessStart: "18:00", businessEnd: "08:00" })).message).toMatch(/is not before options\.businessEnd/);
  });
});

describe("ConnectWise records into the rules' data", () => {
  const clock = new ZoneClock(ZONE);
  it("reads a time entry's references", () => {
    expect(
      toEntry({ id: 5, member: { id: 2, identifier: "idiaz" }, timeStart: "2026-03-02T14:00:00Z", timeEnd: "2026-03-02T15:00:00Z", actualHours: 1, billableOption: "Billable", notes: "x", chargeToType: "ServiceTicket", chargeToId: 9, workType: { id: 1, name: "Remote" }, agreement: { id: 3 }, timeSheet: { id: 44 }, project: { id: 7 }, status: "Open" }),
    ).toEqual({ id: 5, memberId: 2, member: "idiaz", timeStart: "2026-03-02T14:00:00Z", timeEnd: "2026-03-02T15:00:00Z", actualHours: 1, billableOption: "Billable", notes: "x", chargeToType: "ServiceTicket", chargeToId: 9, projectId: 7, workTypeId: 1, workTypeName: "Remote", agreementId: 3, sheetId: 44, status: "Open" });
    expect(toEntry({ id: 5 })).toBeUndefined();
  });
  it("reads plain dates as written and instants as the local date they fall on", () => {
    expect(localDate("2026-03-27T00:00:00Z", clock)).toBe("2026-03-27");
    expect(localDate("2026-03-27T03:00:00Z", clock)).toBe("2026-03-26");
    expect(localDate("2026-03-27", clock)).toBe("2026-03-27");
    expect(toMember({ id: 3, identifier: "dflores", firstName: "Donna", lastName: "Flores", dailyCapacity: 7.5, inactiveFlag: true, inactiveDate: "2026-03-27T17:00:00Z", hireDate: "2019-07-10T00:00:00Z", requireTimeSheetEntryFlag: true }, clock)).toEqual({
      id: 3, identifier: "dflores", name: "Donna Flores", dailyCapacity: 7.5, inactiveFlag: true, inactiveDate: "2026-03-27", hireDate: "2019-07-10", requireTimeSheetEntryFlag: true,
    });
  });
  it("gives each member their calendar, their location's, or the first one, with its holiday list", () => {
    const calendars = [
      { id: 1, name: "Standard Business Hours", holidayList: { id: 1 }, mondayStartTime: "08:00:00", mondayEndTime: "17:00:00", fridayStartTime: "08:00:00", fridayEndTime: "12:00:00" },
      { id: 2, name: "24x7 Support", holidayList: { id: 2 }, ...Object.fromEntries(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].flatMap((d) => [[`${d}StartTime`, "00:00:00"], [`${d}EndTime`, "23:59:00"]])) },
    ];
    const locations = [{ id: 10, calendar: { id: 1 } }, { id: 11, calendar: { id: 2 } }];
    const holidays = new Map([[1, [{ name: "Christmas Day", date: "2026-12-25" }]], [2, []]]);
    const members = [{ id: 1, calendar: { id: 2 } }, { id: 2, defaultLocation: { id: 10 } }, { id: 3 }];
    const { byMember, fallback } = calendarsOf({ members, calendars, locations, holidays, fallback: weekdayHours("09:00", "18:00") });
    expect(byMember.get(1)!.name).toBe("24x7 Support");
    expect(byMember.get(1)!.hours[6]).toEqual({ open: 0, close: 1440 });
    expect(byMember.get(2)!.name).toBe("Standard Business Hours");
    expect(byMember.get(2)!.hours).toEqual([null, { open: 480, close: 1020 }, null, null, null, { open: 480, close: 720 }, null]);
    expect(byMember.get(2)!.holidays.get("2026-12-25")).toBe("Christmas Day");
    expect(byMember.get(3)).toBe(fallback);
    expect(fallback!.name).toBe("Standard Business Hours");
  });
  it("keeps closed targets with their closing instant or day, agreements with their end", () => {
    const t = closedTargets([{ id: 1, summary: "Printer offline", closedFlag: true, closedDate: "2026-03-04T18:00:00Z" }, { id: 2, closedFlag: false }, { id: 3, name: "Migration", closedFlag: true, actualEnd: "2026-03-05T03:00:00Z" }], "ticket", clock);
    expect([...t.keys()]).toEqual([1, 3]);
    expect(t.get(1)).toEqual({ label: 'ticket #1 "Printer offline"', closedAt: "2026-03-04T18:00:00Z" });
    expect(t.get(3)).toEqual({ label: 'ticket #3 "Migration"', closedOn: "2026-03-04" });
    expect(toAgreement({ id: 4, name: "MSA", endDate: "2030-01-01T00:00:00Z", noEndingDateFlag: true, cancelledFlag: false })).toEqual({ id: 4, name: "MSA", cancelledFlag: false });
    expect(grantsOf([{ member: { id: 1 }, year: 2026, accrualType: "Vacation", hours: 80 }, { member: { id: 1 }, year: 2026, accrualType: "Vacation", hours: 16 }, { member: { id: 1 }, year: 2025, accrualType: "Vacation", hours: 80 }])).toEqual(new Map([["1:2026:Vacation", 96], ["1:2025:Vacation", 80]]));
  });
});

describe("accrualBalances", () => {
  it("splits time off into used (approved, not future) and pending, the sheet's status first", () => {
    const balances = accrualBalances({
      grants: [{ accrualType: "PTO", year: 2026, hours: 8 }, { accrualType: "Sick", year: 2026, hours: 40 }, { accrualType: "Sick", year: 2025, hours: 40 }],
      workTypes: [{ id: 9, accrualType: "PTO" }, { id: 11, accrualType: "Sick" }, { id: 1 }],
      entries: [
        { workType: { id: 9 }, actualHours: 8, timeStart: "2026-02-02T14:00:00Z", timeSheet: { id: 1 }, status: "Open" }, // sheet approved since
        { workType: { id: 9 }, actualHours: 4, timeStart: "2026-03-16T14:00:00Z", timeSheet: { id: 2 }, status: "PendingApproval" },
        { workType: { id: 11 }, actualHours: 8, timeStart: "2026-04-01T14:00:00Z", timeSheet: { id: 3 }, status: "ApprovedByTierOne" }, // future
        { workType: { id: 1 }, actualHours: 8, timeStart: "2026-03-02T14:00:00Z", status: "Billed" },
      ],
      sheetStatus: new Map([[1, "ApprovedByTierTwo"], [2, "PendingApproval"], [3, "ApprovedByTierOne"]]),
      year: 2026,
      now: NOW.getTime(),
    });
    expect(balances).toEqual([
      { type: "PTO", granted: 8, used: 8, pending: 4, available: -4, entries: 2 },
      { type: "Sick", granted: 40, used: 0, pending: 8, available: 32, entries: 1 },
    ]);
  });
});

describe("renderValidation", () => {
  const finding = (member: string, date: string, n: number, severity: Finding["severity"] = "warning"): Finding => ({ rule: "rounding", severity, member, date, entry_id: n, message: `Rounding [rounding]: entry #${n} is off. Fix: round it.` });
  const result = (findings: Finding[]): ValidationResult => ({
    zone: ZONE, from: "2026-03-02T06:00:00Z", to: "2026-03-07T06:00:00Z", window: { start: "2026-03-02", end: "2026-03-06" },
    members: [{ id: 1, identifier: "idiaz", name: "Isabella Diaz" }, { id: 2, identifier: "jsmith", name: "Jo Smith" }, { id: 3, identifier: "quiet", name: "Quiet One" }],
    entries: 42, findings, sheets: [], skipped: [{ rule: "accrual_balance", reason: "grants could not be read: HTTP 500" }],
  });
  it("puts counts first, then findings by member and day", () => {
    const text = renderValidation(result([finding("idiaz", "2026-03-02", 1, "error"), finding("idiaz", "2026-03-02", 2), finding("idiaz", "2026-03-03", 3), finding("jsmith", "2026-03-04", 4, "info")]), RULE_IDS, { start: "2026-03-02", end: "2026-03-06" });
    expect(text).toBe(
      [
        "Timesheet validation 2026-03-02 to 2026-03-06 (America/Chicago): 42 entries, 3 members, 0 time sheets.",
        "Findings: 4 — 1 error, 2 warnings, 1 info.",
        "By rule: rounding 4 · overlap 0 · billable_notes 0 · overtime 0 · under_reporting 0 · outside_hours 0 · future_dated 0 · closed_target 0",
        "Skipped accrual_balance: grants could not be read: HTTP 500",
        "",
        "idiaz — Isabella Diaz: 1 error, 2 warnings, 0 info",
        "  Mon 2026-03-02",
        "    ✖ Rounding [rounding]: entry #1 is off. Fix: round it.",
        "    ▲ Rounding [rounding]: entry #2 is off. Fix: round it.",
        "  Tue 2026-03-03",
        "    ▲ Rounding [rounding]: entry #3 is off. Fix: round it.",
        "jsmith — Jo Smith: 0 errors, 0 warnings, 1 info",
        "  Wed 2026-03-04",
        "    · Rounding [rounding]: entry #4 is off. Fix: round it.",
        "No findings for: quiet.",
      ].join("\n"),
    );
  });
  it("stops at the length limit and says where the rest is", () => {
    const many = Array.from({ length: 300 }, (_, i) => finding("idiaz", `2026-03-0${2 + (i % 5)}`, i));
    const text = renderValidation(result(many), RULE_IDS, { start: "2026-03-02", end: "2026-03-06" }, 2000);
    expect(text.length).toBeLessThan(2200);
    expect(text).toMatch(/… \d+ more findings not shown here: all 300 are in structuredContent\.findings\.$/m);
  });
});
