/**
 * Time off balances: the accrual rules per location (TimeAccrual with tiers by years of service) and
 * each member's yearly grants (MemberAccrual): vacation by tenure, sick time, holidays, a floating
 * PTO day, and last year's carry-over.
 */
import type { SeedContext } from "./context.js";
import { DAY, utc, yearOf } from "./dates.js";
import type { MemberInfo } from "./members.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";

export function seedAccruals(ctx: SeedContext, setup: Setup, members: readonly MemberInfo[]): void {
  const rng = ctx.random("accruals");
  const { system } = setup;
  const at = ctx.historyStart - 2 * 365 * DAY;
  for (const location of Object.values(system.locations)) {
    const rule = ctx.insert("/time/accruals", {
      location: ref("SystemLocationReference", location), vacationFlag: true, vacationAvailableType: "CalendarYear", vacationCarryoverAllowedFlag: true,
      vacationCarryoverLimit: 40, sickFlag: true, sickAvailableType: "CalendarYear", sickCarryoverAllowedFlag: false, sickCarryoverLimit: 0,
      ptoFlag: true, ptoAvailableType: "CalendarYear", ptoCarryoverAllowedFlag: false, ptoCarryoverLimit: 0,
      holidayFlag: true, holidayAvailableType: "CalendarYear", holidayCarryoverAllowedFlag: false, holidayCarryoverLimit: 0,
    }, { at });
    const tiers: [string, number, number, number][] = [["Vacation", 0, 2, 80], ["Vacation", 3, 5, 120], ["Vacation", 6, 99, 160], ["Sick", 0, 99, 40], ["PTO", 0, 99, 8], ["Holiday", 0, 99, 64]];
    for (const [accrualType, startYear, endYear, hours] of tiers) {
      ctx.insert("/time/accruals/{parentId}/details", { accrualType, startYear, endYear, hours, timeAccrual: { id: rule.id, name: String(location.name) } }, { at, scope: rule.id });
    }
  }
  const holidaysIn = (year: number) => [...system.holidays.keys()].filter((d) => yearOf(d) === year).length;
  for (const m of members) {
    if (m.role === "api") continue;
    for (let year = yearOf(Math.max(ctx.historyStart, m.hiredAt)); year <= yearOf(m.leftAt ?? ctx.now); year++) {
      const grantedAt = Math.max(m.hiredAt, utc(year, 1, 1));
      if (grantedAt > ctx.now) continue;
      const tenure = year - yearOf(m.hiredAt);
      const vacation = tenure >= 6 ? 160 : tenure >= 3 ? 120 : 80;
      const prorate = yearOf(m.hiredAt) === year ? Math.max(0, (utc(year + 1, 1, 1) - m.hiredAt) / (365 * DAY)) : 1;
      const grants: [string, number, string][] = [
        ["Vacation", Math.round(vacation * prorate), `${year} vacation accrual (${tenure} years of service)`],
        ["Sick", Math.round(40 * prorate), `${year} sick time`],
        ["Holiday", holidaysIn(year) * m.dailyCapacity, `${year} company holidays`],
        ["PTO", 8, `${year} floating holiday`],
      ];
      if (tenure > 0 && rng.chance(0.6)) grants.push(["Vacation", rng.pick([8, 16, 24, 40]), `Carry-over from ${year - 1}`]);
      for (const [accrualType, hours, reason] of grants) {
        ctx.insert("/system/members/{parentId}/accruals", { accrualType, year, hours, reason, member: ref("MemberReference", m.row) }, { at: grantedAt, scope: m.id });
      }
    }
  }
}
