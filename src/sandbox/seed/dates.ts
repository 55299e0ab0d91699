/**
 * Date arithmetic for the seed, all in UTC milliseconds. ConnectWise writes datetimes as
 * `2026-03-16T09:30:00Z` (whole seconds) and plain dates as `2026-03-16`.
 */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const WEEK = 7 * DAY;

/** The business day the SLA clock and the working patterns use (UTC). */
export const WORKDAY_START_HOUR = 8;
export const WORKDAY_END_HOUR = 17;

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const DAY_PREFIX = new Map<number, string>();

/** The same as `new Date(ms).toISOString()` without milliseconds; the seed formats hundreds of thousands. */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY) * DAY;
  let prefix = DAY_PREFIX.get(day);
  if (prefix === undefined) {
    prefix = new Date(day).toISOString().slice(0, 11);
    DAY_PREFIX.set(day, prefix);
  }
  const seconds = Math.floor((ms - day) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${prefix}${TWO[h]!}:${TWO[m]!}:${TWO[seconds % 60]!}Z`;
}

export function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}

export function startOfDay(ms: number): number {
  return ms - (((ms % DAY) + DAY) % DAY);
}

/** Sunday 00:00 of the week holding `ms`: ConnectWise's default weekly time period. */
export function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  return day - weekday(day) * DAY;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(ms: number): number {
  return (((Math.floor(ms / DAY) + 4) % 7) + 7) % 7;
}

export function isWeekend(ms: number): boolean {
  const d = weekday(ms);
  return d === 0 || d === 6;
}

export function utc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute);
}

export function yearOf(ms: number): number {
  return new Date(ms).getUTCFullYear();
}

const MONTH_OF_DAY = new Map<number, number>();

/** The first day of the month holding `ms`, moved `months` months on. */
export function monthStart(ms: number, months = 0): number {
  const day = Math.floor(ms / DAY);
  let first = MONTH_OF_DAY.get(day);
  if (first === undefined) {
    const d = new Date(ms);
    first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    MONTH_OF_DAY.set(day, first);
  }
  if (months === 0) return first;
  const d = new Date(first);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
}

/** Minutes of the business day (weekdays 08:00–17:00 UTC) between two instants. */
export function businessMinutes(from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  for (let day = startOfDay(from); day < to; day += DAY) {
    if (isWeekend(day)) continue;
    const open = Math.max(from, day + WORKDAY_START_HOUR * HOUR);
    const close = Math.min(to, day + WORKDAY_END_HOUR * HOUR);
    if (close > open) total += close - open;
  }
  return Math.round(total / MINUTE);
}

/** The instant `minutes` business minutes after `from`. */
export function addBusinessMinutes(from: number, minutes: number): number {
  let left = minutes * MINUTE;
  let at = from;
  for (let guard = 0; guard < 4000; guard++) {
    const day = startOfDay(at);
    if (!isWeekend(day)) {
      const open = Math.max(at, day + WORKDAY_START_HOUR * HOUR);
      const close = day + WORKDAY_END_HOUR * HOUR;
      if (close > open) {
        if (open + left <= close) return open + left;
        left -= close - open;
      }
    }
    at = day + DAY;
  }
  return at;
}

/** The next weekday at or after `ms`'s day, at `hour`:`minute`. */
export function nextWeekday(ms: number, hour: number, minute = 0): number {
  let day = startOfDay(ms);
  while (isWeekend(day)) day += DAY;
  return day + hour * HOUR + minute * MINUTE;
}

/** "Mon 03/16 4:00 PM UTC+00": the form ConnectWise uses in `slaStatus`. */
export function slaClock(ms: number): string {
  const d = new Date(ms);
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()] ?? "";
  const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(d.getUTCDate()).padStart(2, "0");
  const h = d.getUTCHours();
  const hh = h % 12 === 0 ? 12 : h % 12;
  const min = String(d.getUTCMinutes()).padStart(2, "0");
  return `${weekday} ${mm}/${dd} ${hh}:${min} ${h < 12 ? "AM" : "PM"} UTC+00`;
}
