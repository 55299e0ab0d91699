/** Small helpers the analytics modules share: windows in conditions and text, grouping. */
import { DateTime } from "luxon";
import type { Window } from "./types.js";

/** A condition date: `[2026-03-01T06:00:00Z]` (ConnectWise compares in UTC). */
export function utc(d: DateTime): string {
  return `[${d.toUTC().toISO({ suppressMilliseconds: true })}]`;
}

/** "2026-03-01 to 2026-03-31" — the end is exclusive, so the last day shown is the day before it. */
export function windowLabel(w: Window): string {
  return `${w.start.toISODate()} to ${w.end.minus({ milliseconds: 1 }).toISODate()}`;
}

export function windowJson(w: Window): { from: string; to: string; zone: string } {
  return { from: w.start.toISODate()!, to: w.end.minus({ milliseconds: 1 }).toISODate()!, zone: w.start.zoneName ?? "" };
}

/** An ISO instant from ConnectWise, in the MSP's zone; undefined when missing or unreadable. */
export function at(iso: unknown, zone: string): DateTime | undefined {
  if (typeof iso !== "string" || !iso) return undefined;
  const d = DateTime.fromISO(iso, { zone: "utc" }).setZone(zone);
  return d.isValid ? d : undefined;
}

export function inWindow(iso: unknown, w: Window): boolean {
  const d = typeof iso === "string" ? Date.parse(iso) : NaN;
  return Number.isFinite(d) && d >= w.start.toMillis() && d < w.end.toMillis();
}

/** Group by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Whole days from a to b (b later is positive), by calendar day in the zone of a. */
export function daysBetween(a: DateTime, b: DateTime): number {
  return Math.round(b.setZone(a.zone).startOf("day").diff(a.startOf("day"), "days").days);
}

/** The same length of time just before a window (for trends). */
export function previousWindow(w: Window): Window {
  const length = w.end.diff(w.start);
  return { start: w.start.minus(length), end: w.start };
}

/**
 * A condition bound for a calendar-date field (endDate, dueDate, warrantyExpirationDate): ConnectWise
 * keeps those at midnight UTC of the day, so the day itself — not the zone's midnight — is compared.
 */
export function utcDate(d: DateTime): string {
  return `[${d.toISODate()}T00:00:00Z]`;
}

/** The calendar day of a date field ("2026-12-11T00:00:00Z" → 2026-12-11) as a DateTime at midnight in `zone`. */
export function calendarDay(iso: unknown, zone: string): DateTime | undefined {
  if (typeof iso !== "string" || iso.length < 10) return undefined;
  const d = DateTime.fromISO(iso.slice(0, 10), { zone });
  return d.isValid ? d : undefined;
}

const DAY_MS = 86_400_000;

/**
 * A calendar date's day number (days since 1970-01-01) from "2026-12-11…", or undefined. Plain integer
 * arithmetic: aggregations over thousands of records cannot afford a luxon object per record.
 */
export function dayNumber(iso: unknown): number | undefined {
  if (typeof iso !== "string") return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : undefined;
}

/** Today's day number in the MSP's zone. */
export function todayNumber(now: DateTime): number {
  return Date.UTC(now.year, now.month - 1, now.day) / DAY_MS;
}

/** A day number back to "2026-12-11". */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
