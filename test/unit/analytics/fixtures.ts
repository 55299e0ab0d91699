/** Shared by the analytics unit tests: a fixed clock in the MSP's zone, windows in it. */
import { DateTime } from "luxon";
import type { Env, Window } from "../../../src/analytics/types.js";

export const ZONE = "America/Chicago";

/** Env at a local time in Chicago, e.g. "2026-03-16T12:00". */
export function envAt(local: string): Env {
  return { zone: ZONE, now: DateTime.fromISO(local, { zone: ZONE }) };
}

/** [first day, day after the last) in Chicago. */
export function days(first: string, dayAfterLast: string): Window {
  return { start: DateTime.fromISO(first, { zone: ZONE }), end: DateTime.fromISO(dayAfterLast, { zone: ZONE }) };
}
