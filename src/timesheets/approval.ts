/**
 * Which time sheets to approve, reject or hold, and why — pure, from the sheets and the validation
 * findings. The rule a manager relies on: a sheet with an error is never approved unless that sheet was
 * explicitly overridden; it is rejected with its errors as the reasons. A sheet with only warnings is held
 * for review unless warnings are allowed. Sheets that are not waiting for approval are left alone.
 */
import { DateTime } from "luxon";
import type { Finding } from "./types.js";

export interface SheetRow {
  id: number;
  member: string;
  /** ConnectWise sends the sheet's first and last day as midnight UTC of the local dates. */
  dateStart: string;
  dateEnd: string;
  status: string;
  hours?: number;
}

export type Decision = "approve" | "reject" | "hold" | "skip";

export interface SheetDecision {
  sheet: SheetRow;
  decision: Decision;
  /** The approve call's tier: tier 1 for a submitted sheet, tier 2 for one tier 1 already approved. */
  approvalType?: "Tier1Update" | "Tier2Update";
  /** Why, in a line a manager can forward to the technician. */
  reason: string;
  errors: Finding[];
  warnings: Finding[];
  overridden: boolean;
}

/** Statuses waiting for someone to approve them. */
const AWAITING_TIER1 = new Set(["PendingApproval", "ErrorsCorrected", "PendingProjectApproval"]);
const AWAITING_TIER2 = new Set(["ApprovedByTierOne"]);

export const sheetDay = (iso: string) => iso.slice(0, 10);

/** Findings that belong to a sheet: by its id, or the member's findings dated within the sheet's days. */
export function findingsOf(sheet: SheetRow, findings: Finding[]): Finding[] {
  const first = sheetDay(sheet.dateStart);
  const last = sheetDay(sheet.dateEnd);
  return findings.filter((f) => (f.sheet_id !== undefined ? f.sheet_id === sheet.id : f.member.toLowerCase() === sheet.member.toLowerCase() && f.date >= first && f.date <= last));
}

export function decide(sheets: SheetRow[], findings: Finding[], options: { allowWarnings?: boolean; overrideSheetIds?: number[] } = {}): SheetDecision[] {
  const overrides = new Set(options.overrideSheetIds ?? []);
  return sheets.map((sheet) => {
    const mine = findingsOf(sheet, findings);
    const errors = mine.filter((f) => f.severity === "error");
    const warnings = mine.filter((f) => f.severity === "warning");
    const overridden = overrides.has(sheet.id);
    const base = { sheet, errors, warnings, overridden };
    const tier = AWAITING_TIER1.has(sheet.status) ? "Tier1Update" : AWAITING_TIER2.has(sheet.status) ? "Tier2Update" : undefined;
    if (!tier) return { ...base, decision: "skip", reason: skipReason(sheet.status) };
    if (errors.length > 0 && !overridden) {
      return { ...base, decision: "reject", reason: `${errors.length} error${errors.length === 1 ? "" : "s"}: ${summarise(errors)}` };
    }
    if (warnings.length > 0 && !options.allowWarnings && !overridden) {
      return { ...base, decision: "hold", reason: `${warnings.length} warning${warnings.length === 1 ? "" : "s"} to review (${summarise(warnings)}); pass allow_warnings: true to approve anyway` };
    }
    const note = overridden && errors.length > 0 ? `approved by override despite ${errors.length} error${errors.length === 1 ? "" : "s"} (${summarise(errors)})` : warnings.length > 0 ? `clean apart from ${warnings.length} warning${warnings.length === 1 ? "" : "s"} (allowed)` : "no findings";
    return { ...base, decision: "approve", approvalType: tier, reason: note };
  });
}

function skipReason(status: string): string {
  if (status === "Open" || status === "Rejected" || status === "RejectBySecondTier") return `${status}: not submitted for approval yet`;
  return `${status}: not waiting for approval`;
}

/** "2 overlap, 1 future_dated". */
function summarise(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${n} ${rule}`).join(", ");
}

/**
 * The days a period names, in the MSP's zone: "last_week" (default) and "this_week" run Sunday to
 * Saturday like ConnectWise time sheets; a date means the week that contains it; "A..B" is a range.
 */
export function periodRange(period: string | undefined, zone: string, now: Date): { start: string; end: string } {
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const weekOf = (d: DateTime) => d.minus({ days: d.weekday % 7 });
  const week = (start: DateTime) => ({ start: start.toISODate()!, end: start.plus({ days: 6 }).toISODate()! });
  const text = (period ?? "last_week").trim().toLowerCase().replace(/\s+/g, "_");
  if (text === "last_week") return week(weekOf(today).minus({ days: 7 }));
  if (text === "this_week") return week(weekOf(today));
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (range) {
    const [a, b] = [DateTime.fromISO(range[1]!, { zone }), DateTime.fromISO(range[2]!, { zone })];
    if (a.isValid && b.isValid && a <= b) return { start: a.toISODate()!, end: b.toISODate()! };
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = DateTime.fromISO(text, { zone });
    if (d.isValid) return week(weekOf(d));
  }
  throw new PeriodError(period ?? "");
}

export class PeriodError extends Error {
  constructor(readonly period: string) {
    super(`period "${period}" is not one I can read`);
  }
}
