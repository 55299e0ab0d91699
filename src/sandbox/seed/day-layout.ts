/**
 * One member's working day as time-entry slots: a start between 08:00 and 09:30 UTC, 6–8 hours in
 * quarter-hour pieces, a lunch break (or, on a long onsite block, lunch deducted with hoursDeduct),
 * now and then a short untracked break. Planted variants: a day over 8 hours, a piece whose length is
 * not a multiple of 15 minutes.
 */
import { HOUR, MINUTE } from "./dates.js";
import type { Random } from "../random.js";

export interface Slot {
  start: number;
  end: number;
  /** Hours deducted (lunch inside a long block). */
  deduct: number;
}

export interface DayOptions {
  /** A planted long day: 9.5–11 hours. */
  overtime?: boolean;
  /** A planted piece off the quarter-hour grid. */
  badRounding?: boolean;
  /** Long blocks may carry lunch as a deduction rather than a gap. */
  deductLunch?: boolean;
  /** Nothing may end after this instant. */
  until: number;
}

const QUARTER = 15 * MINUTE;
const ODD_MINUTES = [-13, -11, -8, -7, -4, -2, 1, 3, 4, 7, 8, 11, 13, 14];

export function layoutDay(rng: Random, day: number, count: number, options: DayOptions): Slot[] {
  const quarters = options.overtime ? rng.int(38, 44) : rng.weighted([[24, 1], [26, 2], [27, 2], [28, 4], [29, 3], [30, 3], [31, 2], [32, 2]] as const);
  const pieces = split(rng, quarters, Math.max(1, Math.min(count, quarters)));
  const lunchAfter = rng.int(14, 18);
  const lunchLength = rng.int(2, 4);
  let at = day + (options.overtime ? 7.5 * HOUR : 8 * HOUR + rng.int(0, 6) * QUARTER);
  let done = 0;
  let lunched = false;
  const slots: Slot[] = [];
  for (const piece of pieces) {
    let length = piece * QUARTER;
    let deduct = 0;
    if (!lunched && options.deductLunch && piece >= 10 && done < lunchAfter && done + piece > lunchAfter) {
      length += lunchLength * QUARTER;
      deduct = lunchLength / 4;
      lunched = true;
    }
    slots.push({ start: at, end: at + length, deduct });
    at += length;
    done += piece;
    if (!lunched && done >= lunchAfter) {
      at += lunchLength * QUARTER;
      lunched = true;
    } else if (rng.chance(0.08)) {
      at += QUARTER;
    }
  }
  if (options.badRounding) {
    const candidates = slots.map((s, i) => (s.end - s.start >= 30 * MINUTE && s.deduct === 0 ? i : -1)).filter((i) => i >= 0);
    const index = candidates.length > 0 ? rng.pick(candidates) : 0;
    const delta = rng.pick(ODD_MINUTES) * MINUTE;
    slots[index]!.end += delta;
    for (let i = index + 1; i < slots.length; i++) {
      slots[i]!.start += delta;
      slots[i]!.end += delta;
    }
  }
  return slots.filter((s) => s.end <= options.until);
}

/** `total` quarter-hours as `n` positive pieces in random order and sizes. */
function split(rng: Random, total: number, n: number): number[] {
  if (n <= 1) return [total];
  const cuts = new Set<number>();
  while (cuts.size < n - 1) cuts.add(rng.int(1, total - 1));
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces: number[] = [];
  let last = 0;
  for (const c of [...sorted, total]) {
    pieces.push(c - last);
    last = c;
  }
  return pieces;
}
