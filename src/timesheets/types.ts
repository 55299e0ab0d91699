/**
 * Timesheet validation: the contract between the rules (pure: data in, findings out), the gathering of
 * that data from ConnectWise, and the tools that use it (cw_validate_timesheets, cw_approve_timesheets).
 */

export const RULE_IDS = [
  "rounding",
  "overlap",
  "billable_notes",
  "overtime",
  "under_reporting",
  "outside_hours",
  "future_dated",
  "closed_target",
  "accrual_balance",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** error: the sheet must not be approved as it is; warning: a reviewer should look; info: worth knowing. */
export type Severity = "error" | "warning" | "info";

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Member identifier (lcruz). */
  member: string;
  /** The day in CW_TIMEZONE, YYYY-MM-DD (for weekly findings: the week's first day). */
  date: string;
  /** The entry the finding is about; absent for day- or week-level findings (overtime, under-reporting). */
  entry_id?: number;
  /** The time sheet the entry (or day) belongs to, when known: approval decides per sheet. */
  sheet_id?: number;
  /** Names the entry, the rule and the fix. */
  message: string;
}

/** Options the caller may set; every field has a default. */
export interface ValidationOptions {
  /** Minimum increment in hours (rule 1). Default 0.25. */
  increment?: number;
  /** Daily and weekly overtime thresholds in hours (rule 4). Defaults 8 and 40. */
  dailyOvertimeHours?: number;
  weeklyOvertimeHours?: number;
  /** Minimum characters of notes on a billable entry (rule 3). Default 20. */
  minNoteChars?: number;
  /** Business hours when ConnectWise's calendar cannot be read (rule 6), "HH:mm". Defaults 08:00–17:00, Monday–Friday. */
  businessStart?: string;
  businessEnd?: string;
}

export interface ValidationRequest {
  /** Member identifier, name or id; all members when absent. */
  member?: string | number;
  /** Dates as people give them (2026-03-01, -7d, today), read in CW_TIMEZONE; end is inclusive. */
  start: string;
  end: string;
  /** Only these rules (default: all nine). */
  rules?: RuleId[];
  options?: ValidationOptions;
}

export interface ValidationResult {
  zone: string;
  /** UTC instants the request covered. */
  from: string;
  to: string;
  /** The same as local dates in the zone, both included. */
  window?: { start: string; end: string };
  members: { id: number; identifier: string; name: string }[];
  entries: number;
  findings: Finding[];
  /** Sheets the entries belong to, with their status: approval works from these. */
  sheets: { id: number; member: string; dateStart: string; dateEnd: string; status: string; hours?: number }[];
  /** Rules that could not run and why (e.g. the holiday list could not be read); never silently skipped. */
  skipped: { rule: RuleId; reason: string }[];
  /** What ran on less than everything (no calendar in ConnectWise, sheets unreadable): said, not hidden. */
  notes?: string[];
}
