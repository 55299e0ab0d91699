/**
 * The timesheet rule engine on a month of a 50-person MSP: 10,000 entries (ten a working day each,
 * in America/Chicago, across the spring DST change), with every rule's data present — calendars and
 * holidays, closed tickets, agreements, accrual grants and earlier time off, sheets — and a few percent
 * of entries breaking each rule. CPU time of runRules alone, by process.cpuUsage (which also counts V8's
 * compiler and GC threads): the first run, as a freshly started server would do it; target < 200 ms.
 */
import { Random } from "../../src/sandbox/random.js";
import { ZoneClock } from "../../src/timesheets/clock.js";
import type { AgreementRow, ClosedTarget, EntryRow, MemberCalendar, MemberRow, TimesheetData } from "../../src/timesheets/model.js";
import { weekdayHours } from "../../src/timesheets/model.js";
import { runRules } from "../../src/timesheets/rules.js";

const ZONE = "America/Chicago";
const MEMBERS = 50;
const ENTRIES = 10_000;
const MINUTE = 60_000;

export function generateTimesheetData(seed = 1): TimesheetData {
  const rng = new Random(seed);
  const clock = new ZoneClock(ZONE);
  const first = ZoneClock.dayOf("2026-03-01");
  const holiday = "2026-03-13";
  const days: number[] = [];
  for (let d = first; days.length < 20; d++) if (ZoneClock.weekday(d) >= 1 && ZoneClock.weekday(d) <= 5 && clock.date(d) !== holiday) days.push(d);
  const members: MemberRow[] = Array.from({ length: MEMBERS }, (_, i) => ({ id: i + 1, identifier: `tech${i + 1}`, name: `Tech ${i + 1}`, dailyCapacity: 8, hireDate: "2020-01-01", requireTimeSheetEntryFlag: true }));
  const calendar: MemberCalendar = { hours: weekdayHours("08:00", "17:00"), holidays: new Map([[holiday, "Company day"]]), name: "Standard Business Hours" };
  const entries: EntryRow[] = [];
  const perDay = ENTRIES / (MEMBERS * days.length);
  let id = 1;
  for (const m of members) {
    for (const day of days) {
      // Eight hours in ten pieces (eight of 45 minutes, two of an hour), from 08:00–08:15; now and then a long or a short day.
      const pieces = rng.shuffle([3, 3, 3, 3, 3, 3, 3, 3, 4, 4].slice(0, perDay));
      if (rng.chance(0.03)) pieces[0]! += 6;
      else if (rng.chance(0.03)) pieces[0] = 1;
      let at = clock.startOf(day) + (8 * 60 + rng.int(0, 1) * 15) * MINUTE;
      pieces.forEach((quarters, k) => {
        const off = rng.chance(0.02) ? rng.int(1, 13) : 0; // off the 15-minute grid
        const start = rng.chance(0.01) ? at - 30 * MINUTE : at; // overlapping the previous entry
        const end = start + (quarters * 15 + off) * MINUTE;
        const timeOff = k === 0 && rng.chance(0.02);
        const ticket = 1 + rng.int(0, 999);
        entries.push({
          id: id++, memberId: m.id, member: m.identifier, timeStart: iso(start), timeEnd: iso(end), actualHours: Math.round(((end - start) / 3_600_000) * 100) / 100,
          billableOption: timeOff ? "NoCharge" : "Billable", notes: rng.chance(0.03) ? "done" : "Reset the user's password and confirmed sign-in with them.",
          chargeToType: timeOff ? "ChargeCode" : "ServiceTicket", chargeToId: timeOff ? 4 : ticket, workTypeId: timeOff ? 9 : 1, workTypeName: timeOff ? "PTO" : "Remote Support",
          ...(timeOff ? {} : { agreementId: 1 + (ticket % 40) }), sheetId: m.id * 100 + Math.floor((day - first) / 7),
        });
        at = end;
      });
    }
  }
  const tickets = new Map<number, ClosedTarget>();
  for (let t = 1; t <= 1000; t += 25) tickets.set(t, { closedAt: iso(clock.startOf(days[10]!)), label: `ticket #${t}` });
  const agreements = new Map<number, AgreementRow>();
  for (let a = 1; a <= 40; a++) agreements.set(a, { id: a, name: `Agreement ${a}`, ...(a === 40 ? { endDate: "2026-03-15T00:00:00Z" } : {}) });
  const grants = new Map<string, number>();
  for (const m of members) grants.set(`${m.id}:2026:PTO`, 8);
  const prior: EntryRow[] = members.slice(0, 10).map((m) => ({ id: 900_000 + m.id, memberId: m.id, member: m.identifier, timeStart: "2026-02-10T14:00:00Z", timeEnd: "2026-02-10T22:00:00Z", actualHours: 8, workTypeId: 9 }));
  const sheets = members.flatMap((m) => [0, 1, 2, 3, 4].map((w) => ({ id: m.id * 100 + w, memberId: m.id, dateStart: `${clock.date(first + 7 * w)}T00:00:00Z`, dateEnd: `${clock.date(first + 7 * w + 6)}T00:00:00Z` })));
  return {
    window: { start: clock.date(first), end: clock.date(days.at(-1)!) },
    entries,
    members,
    calendars: new Map(members.map((m) => [m.id, calendar])),
    defaultCalendar: calendar,
    closed: { tickets, projectTickets: new Map(), projects: new Map(), agreements },
    accrualTypes: new Map([[9, "PTO"]]),
    accruals: { grants, prior },
    sheets,
    // Validated on the month's last afternoon: the last entries of the day are still ahead.
    now: Date.parse("2026-03-30T20:30:00Z"),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function cpuMs(run: () => unknown): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export function benchTimesheets() {
  const data = generateTimesheetData();
  let findings = 0;
  // The first run pays for compiling the rules and the zone's offset look-ups; both are part of a real call.
  const coldCpuMs = cpuMs(() => (findings = runRules(data, ZONE).length));
  const warm = Array.from({ length: 5 }, () => cpuMs(() => runRules(data, ZONE))).sort((a, b) => a - b);
  return { entries: data.entries.length, members: data.members!.length, findings, cpuMs: Math.round(coldCpuMs), warmCpuMs: Math.round(warm[2]!) };
}

if (process.argv[1]?.endsWith("bench/timesheets.ts")) process.stderr.write(`${JSON.stringify(benchTimesheets())}\n`);
