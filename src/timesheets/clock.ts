/**
 * Local days in CW_TIMEZONE, fast. The rules ask, for tens of thousands of instants, which local day and
 * minute they fall on; luxon answers correctly but each zone look-up costs microseconds. So the offset is
 * asked of luxon's zone twice per UTC day (its first and last minute) and cached: when the two agree the
 * whole day has that offset; when they differ (a DST change) the change is found by bisection to the
 * quarter hour, on which every real-world offset change falls. Zones change offset at most once a day.
 */
import { DateTime, IANAZone } from "luxon";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const QUARTER = 15 * MINUTE;

export class ZoneClock {
  private readonly zone: IANAZone;
  /** UTC day → its offset, or the instant it changes and the offsets before and after. */
  private readonly days = new Map<number, { at: number; before: number; after: number }>();
  private lastDay = NaN;
  private last: { at: number; before: number; after: number } | undefined;
  private readonly dates = new Map<number, string>();

  constructor(readonly name: string) {
    const zone = IANAZone.create(name);
    if (!zone.isValid) throw new Error(`"${name}" is not an IANA time zone`);
    this.zone = zone;
  }

  /** The zone's offset from UTC at `ms`, in ms. */
  offset(ms: number): number {
    const utcDay = Math.floor(ms / DAY);
    // Entries come day after day: the last day asked for is usually the one asked for next.
    let d = utcDay === this.lastDay ? this.last : this.days.get(utcDay);
    if (d === undefined) {
      d = this.scan(utcDay);
      this.days.set(utcDay, d);
    }
    this.lastDay = utcDay;
    this.last = d;
    return ms < d.at ? d.before : d.after;
  }

  private scan(utcDay: number): { at: number; before: number; after: number } {
    const at = (ms: number) => this.zone.offset(ms) * MINUTE;
    const first = utcDay * DAY;
    const before = at(first);
    const after = at(first + DAY - QUARTER);
    if (before === after) return { at: first, before, after };
    // The change lies in (lo, hi]: the first quarter hour with the new offset.
    let lo = 0;
    let hi = DAY / QUARTER - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (at(first + mid * QUARTER) === before) lo = mid;
      else hi = mid;
    }
    return { at: first + hi * QUARTER, before, after };
  }

  /** Days since 1970-01-01 of the local date holding `ms`. */
  day(ms: number): number {
    return Math.floor((ms + this.offset(ms)) / DAY);
  }

  /** Minutes after local midnight (0–1439; 1440 is never returned). */
  minuteOfDay(ms: number): number {
    const local = ms + this.offset(ms);
    return Math.floor((local - Math.floor(local / DAY) * DAY) / MINUTE);
  }

  /** YYYY-MM-DD of a day number. */
  date(day: number): string {
    let d = this.dates.get(day);
    if (d === undefined) {
      d = new Date(day * DAY).toISOString().slice(0, 10);
      this.dates.set(day, d);
    }
    return d;
  }

  /** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
  static weekday(day: number): number {
    return (((day + 4) % 7) + 7) % 7;
  }

  /** The day number of a YYYY-MM-DD local date. */
  static dayOf(date: string): number {
    return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY);
  }

  /** The UTC instant of local midnight starting `day` (DST-safe: luxon resolves it). */
  startOf(day: number): number {
    const d = new Date(day * DAY);
    return DateTime.fromObject({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, { zone: this.zone }).toMillis();
  }

  /** "2026-03-02 09:00" for messages. */
  local(ms: number): string {
    return `${this.date(this.day(ms))} ${hhmm(this.minuteOfDay(ms))}`;
  }
}

export function hhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}`;
}

/** The Sunday on or before `day` (ConnectWise's weekly time sheets run Sunday to Saturday). */
export function weekStart(day: number): number {
  return day - ZoneClock.weekday(day);
}
