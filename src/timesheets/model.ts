/**
 * What the timesheet rules read: ConnectWise records reduced to the fields the rules need, gathered
 * once (src/timesheets/gather.ts) or generated (the benchmark, the unit tests). A part that could not
 * be read is absent, and the rules that need it are reported as skipped rather than run on half the data.
 */
import type { RuleId, Severity, ValidationOptions } from "./types.js";

export interface EntryRow {
  id: number;
  memberId: number;
  /** Member identifier (lcruz); findings name members by it. */
  member: string;
  /** UTC instants as ConnectWise sends them (2026-03-02T14:00:00Z). */
  timeStart: string;
  timeEnd?: string;
  actualHours: number;
  hoursDeduct?: number;
  billableOption?: string;
  notes?: string;
  chargeToType?: string;
  chargeToId?: number;
  projectId?: number;
  workTypeId?: number;
  workTypeName?: string;
  agreementId?: number;
  sheetId?: number;
  /** The entry's status (it follows its time sheet's). */
  status?: string;
}

export interface MemberRow {
  id: number;
  identifier: string;
  name: string;
  /** Hours expected on a working day; 0 or absent: the member is not expected to log time. */
  dailyCapacity?: number;
  inactiveFlag?: boolean;
  /** Local dates (YYYY-MM-DD) the member started and stopped working. */
  hireDate?: string;
  inactiveDate?: string;
  /** ConnectWise's "time sheet entry required" flag; false: no under-reporting check. */
  requireTimeSheetEntryFlag?: boolean;
}

/** Open and close, in minutes after local midnight; null: closed all day. Index 0 is Sunday. */
export type WeekHours = readonly ({ open: number; close: number } | null)[];

export interface MemberCalendar {
  hours: WeekHours;
  /** Local date → holiday name. */
  holidays: ReadonlyMap<string, string>;
  /** Where the hours came from, for messages ("Standard Business Hours"). */
  name: string;
}

/**
 * A closed ticket, project ticket or project. `closedAt` is the instant it closed (tickets' closedDate);
 * `closedOn` a local date when only the day is known (a project's actualEnd): time on a later day is late.
 * Neither: ConnectWise does not say when, and a finding can only ask the reviewer to check.
 */
export interface ClosedTarget {
  closedAt?: string;
  closedOn?: string;
  /** "ticket #231 (Printer offline)", for messages. */
  label: string;
}

export interface AgreementRow {
  id: number;
  name: string;
  cancelledFlag?: boolean;
  dateCancelled?: string;
  /** The last day the agreement covers (ConnectWise sends it as an instant; its date is what counts). */
  endDate?: string;
  agreementStatus?: string;
}

export interface AccrualData {
  /** `${memberId}:${year}:${type}` → hours granted that year (every grant of that type added up). */
  grants: ReadonlyMap<string, number>;
  /** Accrual-type entries earlier in the same year than the entries validated: they use the balance first. */
  prior: readonly EntryRow[];
}

export interface TimesheetData {
  /** The days validated, local dates in the zone, inclusive. Entries outside them are context only. */
  window: { start: string; end: string };
  entries: readonly EntryRow[];
  /** Members in scope; under-reporting is checked for these. */
  members?: readonly MemberRow[];
  /** Each member's business hours and holidays; members missing here use `defaultCalendar`. */
  calendars?: ReadonlyMap<number, MemberCalendar>;
  defaultCalendar?: MemberCalendar;
  closed?: {
    tickets: ReadonlyMap<number, ClosedTarget>;
    projectTickets: ReadonlyMap<number, ClosedTarget>;
    projects: ReadonlyMap<number, ClosedTarget>;
    agreements: ReadonlyMap<number, AgreementRow>;
  };
  /** Work type id → accrual type (PTO, Vacation, Sick, Holiday): time off, which is not work (outside_hours). */
  accrualTypes?: ReadonlyMap<number, string>;
  accruals?: AccrualData;
  /** Sheets by member, for dating day and week findings to their sheet. */
  sheets?: readonly { id: number; memberId: number; dateStart: string; dateEnd: string }[];
  /** "Now", injected: future-dated entries and under-reporting (only days that are over) depend on it. */
  now: number;
}

/**
 * Severity per rule, decided with an MSP manager's eye — an error blocks approval of the sheet:
 *   overlap          error    the same hour billed twice; one of the entries is wrong.
 *   future_dated     error    time that has not been worked yet cannot be approved.
 *   closed_target    error    time entered after a ticket/project closed or after an agreement ended or was
 *                             cancelled bills the wrong thing (or nothing); a warning when ConnectWise gives no
 *                             closing date, so it may have been worked before closing.
 *   accrual_balance  error    time off beyond the balance is unpaid leave or needs a grant: HR decides, not the approver.
 *   rounding         warning  off-grid durations are usually typos; the fix is a quick edit.
 *   billable_notes   warning  clients dispute invoice lines without a useful note; the reviewer asks for better notes.
 *   overtime         warning  may well be right (an outage); a reviewer confirms it.
 *   outside_hours    warning  after-hours work is often real; it needs the after-hours rate and a look.
 *   under_reporting  info     a short day is common (left early, untracked admin); warning when the working day
 *                             has no time at all, since missing time off also skews accrual balances.
 */
export const SEVERITY: Record<RuleId, Severity> = {
  rounding: "warning",
  overlap: "error",
  billable_notes: "warning",
  overtime: "warning",
  under_reporting: "info",
  outside_hours: "warning",
  future_dated: "error",
  closed_target: "error",
  accrual_balance: "error",
};

export const RULE_TITLES: Record<RuleId, string> = {
  rounding: "Rounding",
  overlap: "Overlap",
  billable_notes: "Billable notes",
  overtime: "Overtime",
  under_reporting: "Under-reporting",
  outside_hours: "Outside business hours",
  future_dated: "Future-dated",
  closed_target: "Closed ticket/project/agreement",
  accrual_balance: "Accrual balance",
};

export type Settings = Required<ValidationOptions>;

export const DEFAULTS: Settings = {
  increment: 0.25,
  dailyOvertimeHours: 8,
  weeklyOvertimeHours: 40,
  minNoteChars: 20,
  businessStart: "08:00",
  businessEnd: "17:00",
};

export function settings(options: ValidationOptions = {}): Settings {
  const out = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
    const v = options[key];
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** "08:00" or "08:00:00" → minutes after midnight; "23:59" counts as the end of the day. */
export function minutesOf(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60 || Number(m[2]) > 59) return undefined;
  return minutes >= 23 * 60 + 59 ? 24 * 60 : minutes;
}

/** Monday to Friday, start to end: the fallback when ConnectWise has no calendar. */
export function weekdayHours(start: string, end: string): WeekHours {
  const open = minutesOf(start) ?? 8 * 60;
  const close = minutesOf(end) ?? 17 * 60;
  return [null, { open, close }, { open, close }, { open, close }, { open, close }, { open, close }, null];
}
