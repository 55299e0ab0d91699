/**
 * Each time-logging member's weekdays over the history: worked, a company holiday, or time off
 * (a vacation week, single PTO days, the odd sick day). Only days that have started by "now".
 */
import type { SeedContext } from "./context.js";
import { DAY, isWeekend, startOfDay } from "./dates.js";
import type { MemberInfo } from "./members.js";

export type DayKind = "work" | "holiday" | "vacation" | "pto" | "sick";

export interface MemberDay {
  day: number;
  kind: DayKind;
}

export function planWorkdays(ctx: SeedContext, members: readonly MemberInfo[], holidays: ReadonlyMap<number, string>): Map<number, MemberDay[]> {
  const rng = ctx.random("workdays");
  const plans = new Map<number, MemberDay[]>();
  for (const m of members) {
    if (!m.spec.logsTime) continue;
    const first = Math.max(ctx.historyStart, startOfDay(m.hiredAt));
    const last = m.leftAt ?? ctx.now;
    const days: MemberDay[] = [];
    for (let d = first; d <= last && d < ctx.now; d += DAY) {
      if (!isWeekend(d)) days.push({ day: d, kind: holidays.has(d) ? "holiday" : "work" });
    }
    const working = () => days.map((d, i) => (d.kind === "work" ? i : -1)).filter((i) => i >= 0);
    // One vacation of 3–5 days (a few take two), two or three PTO days, up to three sick days.
    const vacations = days.length > 60 ? (rng.chance(0.3) ? 2 : 1) : 0;
    for (let v = 0; v < vacations; v++) {
      const open = working();
      const start = open[rng.int(0, Math.max(0, open.length - 6))];
      if (start === undefined) break;
      const length = rng.int(3, 5);
      for (let i = start; i < Math.min(days.length, start + length); i++) if (days[i]!.kind === "work") days[i]!.kind = "vacation";
    }
    for (const [kind, count] of [["pto", rng.int(1, 3)], ["sick", rng.int(0, 3)]] as const) {
      for (const i of rng.sample(working(), Math.min(count, Math.floor(days.length / 40)))) days[i]!.kind = kind;
    }
    plans.set(m.id, days);
  }
  return plans;
}
