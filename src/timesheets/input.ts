/**
 * Checking a validation request before anything is read: the dates (as people give them, in
 * CW_TIMEZONE), the rule ids, the options. Each refusal names the field and the fix.
 */
import { DateTime } from "luxon";
import { editDistance } from "../catalogue/path-match.js";
import { CwApiError } from "../http/errors.js";
import { parseDateInput } from "../operations/dates.js";
import { DAY, weekStart, ZoneClock } from "./clock.js";
import { minutesOf } from "./model.js";
import { RULE_IDS, type RuleId, type ValidationOptions, type ValidationRequest } from "./types.js";

/** Longer ranges are refused: split them (a quarter is what a manager reviews at once). */
export const MAX_DAYS = 93;

export interface Window {
  /** Local dates, inclusive. */
  start: string;
  end: string;
  firstDay: number;
  lastDay: number;
  /** UTC ISO instants: the window (end exclusive), the whole weeks around it, Jan 1 of the first week's year. */
  from: string;
  to: string;
  fetchFrom: string;
  fetchTo: string;
  yearStart: string;
}

const refuse = (message: string, hint: string) => new CwApiError({ kind: "refused", message, hint });
const isoOf = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function parseWindow(request: Pick<ValidationRequest, "start" | "end">, zone: string, now: Date): Window {
  const clock = new ZoneClock(zone);
  const read = (field: "start" | "end", value: unknown, endOfDay: boolean) => {
    try {
      return Date.parse(parseDateInput(value, zone, endOfDay, now));
    } catch (err) {
      if (err instanceof CwApiError) throw refuse(`${field}: ${err.message}`, `${err.hint ?? ""} Dates are read in ${zone}.`.trim());
      throw err;
    }
  };
  if (request.start === undefined || String(request.start).trim() === "") throw refuse("start: a first day is required.", "Give start as 2026-03-01, -7d or today.");
  if (request.end === undefined || String(request.end).trim() === "") throw refuse("end: a last day is required.", "Give end as 2026-03-07, today or +0d; the end day is included.");
  const firstDay = clock.day(read("start", request.start, false));
  // End is inclusive: the day holding the last instant before the end of the given day.
  const lastDay = clock.day(read("end", request.end, true) - 1000);
  const start = clock.date(firstDay);
  const end = clock.date(lastDay);
  if (lastDay < firstDay) throw refuse(`end (${end}) is before start (${start}).`, "Swap them: start is the first day, end the last day (included).");
  if (lastDay - firstDay + 1 > MAX_DAYS) {
    throw refuse(`start to end is ${lastDay - firstDay + 1} days (${start} to ${end}); at most ${MAX_DAYS} days are validated at once.`, "Split the range, e.g. one month at a time.");
  }
  const fetchFirst = weekStart(firstDay);
  const fetchLast = weekStart(lastDay) + 7;
  const year = DateTime.fromMillis(clock.startOf(fetchFirst), { zone }).startOf("year");
  return {
    start,
    end,
    firstDay,
    lastDay,
    from: isoOf(clock.startOf(firstDay)),
    to: isoOf(clock.startOf(lastDay + 1)),
    fetchFrom: isoOf(clock.startOf(fetchFirst)),
    fetchTo: isoOf(clock.startOf(fetchLast)),
    yearStart: isoOf(year.toMillis()),
  };
}

/** A sheet's first or last day as ConnectWise writes it: midnight UTC of the local date. */
export const sheetStamp = (day: number) => isoOf(day * DAY);

export function checkRules(rules: readonly string[] | undefined): RuleId[] {
  if (rules === undefined) return [...RULE_IDS];
  if (rules.length === 0) throw refuse("rules: the list is empty.", `Leave rules out for all nine, or name some of: ${RULE_IDS.join(", ")}.`);
  const unknown = rules.filter((r) => !(RULE_IDS as readonly string[]).includes(r));
  if (unknown.length) {
    const near = unknown.map((u) => {
      const best = [...RULE_IDS].sort((a, b) => editDistance(a, u) - editDistance(b, u))[0]!;
      return editDistance(best, u) <= 4 ? `"${u}" (did you mean ${best}?)` : `"${u}"`;
    });
    throw refuse(`rules: ${near.join(", ")} ${unknown.length === 1 ? "is not a rule" : "are not rules"}.`, `The rules are: ${RULE_IDS.join(", ")}.`);
  }
  return RULE_IDS.filter((r) => rules.includes(r));
}

export function checkOptions(options: ValidationOptions | undefined): void {
  if (!options) return;
  const positive = (field: keyof ValidationOptions, max: number) => {
    const v = options[field];
    if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v > 0 && v <= max)) {
      throw refuse(`options.${field}: ${String(v)} is not a number of hours between 0 and ${max}.`, `Leave it out for the default, or give e.g. ${field === "increment" ? "0.25 (15 minutes) or 0.1 (6 minutes)" : field === "weeklyOvertimeHours" ? "40" : "8"}.`);
    }
  };
  positive("increment", 24);
  positive("dailyOvertimeHours", 24);
  positive("weeklyOvertimeHours", 168);
  const chars = options.minNoteChars;
  if (chars !== undefined && !(Number.isInteger(chars) && chars >= 0 && chars <= 1000)) {
    throw refuse(`options.minNoteChars: ${String(chars)} is not a whole number of characters (0–1000).`, "Leave it out for the default 20.");
  }
  for (const field of ["businessStart", "businessEnd"] as const) {
    const v = options[field];
    if (v !== undefined && minutesOf(v) === undefined) throw refuse(`options.${field}: "${v}" is not a time of day.`, 'Give it as HH:mm, e.g. "08:00" or "17:30".');
  }
  if (options.businessStart && options.businessEnd && minutesOf(options.businessStart)! >= minutesOf(options.businessEnd)!) {
    throw refuse(`options.businessStart (${options.businessStart}) is not before options.businessEnd (${options.businessEnd}).`, "Business hours run from businessStart to a later businessEnd on the same day.");
  }
}
