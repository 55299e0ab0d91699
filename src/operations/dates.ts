/**
 * Dates as people give them — "2025-03-01", "2025-03-01T14:00", "today", "yesterday", "-7d", "+2w" — into
 * the UTC instants ConnectWise compares. A date without a time starts at midnight in CW_TIMEZONE (the
 * MSP's day, not UTC's); with `endOfDay` it means the end of that day, for inclusive "to" dates.
 */
import { DateTime } from "luxon";
import { CwApiError } from "../http/errors.js";

export function parseDateInput(input: unknown, zone: string, endOfDay = false, now: Date = new Date()): string {
  const text = String(input ?? "").trim();
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  let day: DateTime | undefined;
  let instant: DateTime | undefined;
  const relative = /^([+-])(\d{1,4})\s*([dwm])$/i.exec(text);
  if (/^today$/i.test(text)) day = today;
  else if (/^yesterday$/i.test(text)) day = today.minus({ days: 1 });
  else if (/^tomorrow$/i.test(text)) day = today.plus({ days: 1 });
  else if (/^now$/i.test(text)) instant = DateTime.fromJSDate(now);
  else if (relative) {
    const amount = Number(relative[2]) * (relative[1] === "-" ? -1 : 1);
    const unit = { d: "days", w: "weeks", m: "months" }[relative[3]!.toLowerCase() as "d" | "w" | "m"];
    day = today.plus({ [unit]: amount });
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    day = DateTime.fromISO(text, { zone });
  } else {
    const parsed = DateTime.fromISO(text, { zone, setZone: false });
    if (parsed.isValid) instant = parsed;
  }
  if (day && !day.isValid) day = undefined;
  if (!day && !instant) {
    throw new CwApiError({
      kind: "refused",
      message: `"${text}" is not a date I can read.`,
      hint: 'Use 2025-03-01, 2025-03-01T14:30, today, yesterday, tomorrow, now, or an offset such as -7d, +2w, -1m.',
    });
  }
  const at = instant ?? (endOfDay ? day!.plus({ days: 1 }) : day!);
  return at.toUTC().set({ millisecond: 0 }).toISO({ suppressMilliseconds: true })!;
}
