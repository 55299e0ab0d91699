/**
 * The nine timesheet rules: pure, data in and findings out, one small function each. Days are local
 * days in the MSP's zone (CW_TIMEZONE); only entries and days inside the validated window produce
 * findings, the rest of the data is context (a week's total, an overlap at the window's edge, the time
 * off already taken this year). Severities and why: see SEVERITY in model.ts.
 */
import { HOUR, hhmm, MINUTE, weekStart, ZoneClock } from "./clock.js";
import { RULE_TITLES, settings, SEVERITY, type ClosedTarget, type TimesheetData } from "./model.js";
import { dayKey, dayName, fmtHours, prepare, type Context, type Prepared } from "./prepare.js";
import { RULE_IDS, type Finding, type RuleId, type Severity, type ValidationOptions } from "./types.js";
import { name as shown, quote } from "../format/untrusted.js";

type Rule = (ctx: Context, out: Out) => void;

/** Time that ends within this long after "now" is not yet called future-dated (entered just before leaving). */
const FUTURE_GRACE = HOUR;
const EPSILON = 1e-9;
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

/** Where the rules put findings: one about an entry, or one about a member's day or week. Messages name the rule and the fix. */
class Out {
  readonly findings: Finding[] = [];
  rule: RuleId = "rounding";
  private prefix = "";

  constructor(private readonly ctx: Context) {}

  start(rule: RuleId): void {
    this.rule = rule;
    this.prefix = `${RULE_TITLES[rule]} [${rule}]: `;
  }

  entry(p: Prepared, problem: string, fix: string, severity: Severity = SEVERITY[this.rule]): void {
    const sheet = p.e.sheetId;
    const member = this.ctx.identifiers.get(p.e.memberId) ?? String(p.e.memberId);
    const date = this.ctx.clock.date(p.day);
    const message = `${this.prefix}${problem}. Fix: ${fix}.`;
    this.findings.push(
      sheet === undefined
        ? { rule: this.rule, severity, member, date, entry_id: p.e.id, message }
        : { rule: this.rule, severity, member, date, entry_id: p.e.id, sheet_id: sheet, message },
    );
  }

  day(memberId: number, day: number, problem: string, fix: string, severity: Severity = SEVERITY[this.rule]): void {
    const sheet = this.ctx.sheetOf(memberId, day);
    const member = this.ctx.identifiers.get(memberId) ?? String(memberId);
    const date = this.ctx.clock.date(day);
    const message = `${this.prefix}${problem}. Fix: ${fix}.`;
    this.findings.push(sheet === undefined ? { rule: this.rule, severity, member, date, message } : { rule: this.rule, severity, member, date, sheet_id: sheet, message });
  }
}

export function runRules(data: TimesheetData, zone: string, options: ValidationOptions = {}, rules: readonly RuleId[] = RULE_IDS): Finding[] {
  const ctx = prepare(data, zone, settings(options));
  const out = new Out(ctx);
  for (const rule of RULE_IDS) {
    if (!rules.includes(rule)) continue;
    out.start(rule);
    RULES[rule](ctx, out);
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const order = new Map(RULE_IDS.map((r, i) => [r, i]));
  return out.findings.sort(
    (a, b) =>
      (a.member < b.member ? -1 : a.member > b.member ? 1 : 0) ||
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      rank[a.severity] - rank[b.severity] ||
      order.get(a.rule)! - order.get(b.rule)! ||
      (a.entry_id ?? 0) - (b.entry_id ?? 0),
  );
}

/** 1. Durations on the minimum increment (CW stores hours to two decimals, hence the half-hundredth tolerance). */
const rounding: Rule = (ctx, out) => {
  const inc = ctx.s.increment;
  for (let i = 0; i < ctx.window.length; i++) {
    const p = ctx.window[i]!;
    const h = p.e.actualHours;
    const q = h / inc;
    if (Math.abs(h - Math.round(q) * inc) <= 0.005 + EPSILON) continue;
    const lower = Math.floor(q) * inc;
    const fix = lower > 0 ? `make it ${fmtHours(lower)} or ${fmtHours(lower + inc)} (adjust the end time)` : `make it ${fmtHours(inc)} (adjust the end time)`;
    out.entry(p, `entry ${ctx.label(p)} is ${fmtHours(h)}, not a multiple of ${fmtHours(inc)}`, fix);
  }
};

/** 2. Overlapping entries of one member: every entry that shares time with another is reported, naming the others. */
const overlap: Rule = (ctx, out) => {
  for (const list of ctx.byMember.values()) {
    let partners: Map<Prepared, Prepared[]> | undefined;
    const active: Prepared[] = [];
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      if (p.end <= p.start) continue;
      // Entries still running when this one starts (the list is in start order); pruned in place.
      let kept = 0;
      for (let j = 0; j < active.length; j++) if (active[j]!.end > p.start) active[kept++] = active[j]!;
      active.length = kept;
      for (let j = 0; j < kept; j++) {
        const a = active[j]!;
        partners ??= new Map();
        const mine = partners.get(p);
        if (mine) mine.push(a);
        else partners.set(p, [a]);
        const theirs = partners.get(a);
        if (theirs) theirs.push(p);
        else partners.set(a, [p]);
      }
      active.push(p);
    }
    if (!partners) continue;
    for (const [p, others] of partners) {
      if (!p.inWindow) continue;
      let shared = 0;
      for (const o of others) shared = Math.max(shared, Math.min(o.end, p.end) - Math.max(o.start, p.start));
      const names = others.slice(0, 3).map((o) => ctx.label(o)).join(", ") + (others.length > 3 ? ` and ${others.length - 3} more` : "");
      out.entry(p, `entry ${ctx.label(p)} overlaps ${names} by ${Math.round(shared / MINUTE)} min: the same time is logged twice`, "delete the duplicate or correct the times so the entries do not overlap");
    }
  }
};

/** 3. Billable time needs notes the client can read on the invoice. */
const billableNotes: Rule = (ctx, out) => {
  const min = ctx.s.minNoteChars;
  for (let i = 0; i < ctx.window.length; i++) {
    const p = ctx.window[i]!;
    if (p.e.billableOption !== "Billable") continue;
    const raw = p.e.notes ?? "";
    if (raw.length >= min && raw.trim().length >= min) continue;
    const notes = raw.trim();
    out.entry(
      p,
      `billable entry ${ctx.label(p)} ${notes ? `has only ${notes.length} characters of notes (${quote(notes, 40)})` : "has no notes"}`,
      `write what was done and the outcome, at least ${min} characters: the client sees these notes on the invoice`,
    );
  }
};

/** 4. More than the daily threshold on a local day, or the weekly threshold in a Sunday–Saturday week. */
const overtime: Rule = (ctx, out) => {
  const { dailyOvertimeHours: daily, weeklyOvertimeHours: weekly } = ctx.s;
  const fix = "confirm the overtime was worked and approved, or correct the entries";
  const weeks = new Map<number, { memberId: number; week: number; hours: number }>();
  for (const t of ctx.dayHours.values()) {
    const week = weekStart(t.day);
    const key = dayKey(t.memberId, week);
    const w = weeks.get(key);
    if (w) w.hours += t.hours;
    else weeks.set(key, { memberId: t.memberId, week, hours: t.hours });
    if (t.day < ctx.firstDay || t.day > ctx.lastDay || t.hours <= daily + EPSILON) continue;
    const member = ctx.identifiers.get(t.memberId) ?? String(t.memberId);
    out.day(t.memberId, t.day, `${member} logged ${fmtHours(t.hours)} on ${dayName(ctx.clock, t.day)} in ${t.entries} entr${t.entries === 1 ? "y" : "ies"}, ${fmtHours(t.hours - daily)} over the ${fmtHours(daily)} daily threshold`, fix);
  }
  for (const w of weeks.values()) {
    if (w.week > ctx.lastDay || w.week + 6 < ctx.firstDay || w.hours <= weekly + EPSILON) continue;
    const member = ctx.identifiers.get(w.memberId) ?? String(w.memberId);
    out.day(w.memberId, w.week, `${member} logged ${fmtHours(w.hours)} in the week of ${dayName(ctx.clock, w.week)}, ${fmtHours(w.hours - weekly)} over the ${fmtHours(weekly)} weekly threshold`, fix);
  }
};

/** 5. Working days (calendar hours, not a holiday, employed, already over) with less than the member's daily capacity. */
const underReporting: Rule = (ctx, out) => {
  const today = ctx.clock.day(ctx.data.now);
  const fix = "add the missing time: the work done, or time off on the PTO, Vacation or Sick charge code";
  for (const m of ctx.data.members ?? []) {
    const capacity = m.dailyCapacity ?? 0;
    if (capacity <= 0 || m.requireTimeSheetEntryFlag === false || (m.inactiveFlag && !m.inactiveDate)) continue;
    const first = Math.max(ctx.firstDay, m.hireDate ? ZoneClock.dayOf(m.hireDate) : ctx.firstDay);
    // The day someone leaves is still a working day; a day that is not over yet is not judged.
    const last = Math.min(ctx.lastDay, m.inactiveDate ? ZoneClock.dayOf(m.inactiveDate) : ctx.lastDay, today - 1);
    const cal = ctx.calendarOf(m.id);
    for (let day = first; day <= last; day++) {
      if (!cal.hours[ZoneClock.weekday(day)] || cal.holidays.has(ctx.clock.date(day))) continue;
      const logged = ctx.dayHours.get(dayKey(m.id, day))?.hours ?? 0;
      if (logged >= capacity - EPSILON) continue;
      if (logged === 0) out.day(m.id, day, `${m.identifier} logged no time on working day ${dayName(ctx.clock, day)} (capacity ${fmtHours(capacity)})`, fix, "warning");
      else out.day(m.id, day, `${m.identifier} logged ${fmtHours(logged)} on ${dayName(ctx.clock, day)}, ${fmtHours(capacity - logged)} short of the ${fmtHours(capacity)} daily capacity`, fix);
    }
  }
};

/** 6. Work (not time off) outside the member's calendar hours, on a weekend or on a holiday. */
const outsideHours: Rule = (ctx, out) => {
  const timeOff = ctx.data.accrualTypes;
  const fix = "check the times; if the work really was done then, make sure it was approved as after-hours work and uses the after-hours work type";
  for (let i = 0; i < ctx.window.length; i++) {
    const p = ctx.window[i]!;
    if (p.e.workTypeId !== undefined && timeOff?.has(p.e.workTypeId)) continue;
    const cal = ctx.calendarOf(p.e.memberId);
    const holiday = cal.holidays.size ? cal.holidays.get(ctx.clock.date(p.day)) : undefined;
    const hours = cal.hours[ZoneClock.weekday(p.day)];
    let problem: string;
    if (holiday !== undefined) problem = `is on a holiday (${holiday})`;
    else if (!hours) problem = `is on a ${DAY_NAMES[ZoneClock.weekday(p.day)]!}, when ${cal.name} is closed`;
    else {
      const startMin = ctx.clock.minuteOfDay(p.start);
      const endDay = ctx.clock.day(p.end);
      const endMin = endDay === p.day ? ctx.clock.minuteOfDay(p.end) : endDay === p.day + 1 && ctx.clock.minuteOfDay(p.end) === 0 ? 24 * 60 : Infinity;
      const early = startMin < hours.open;
      const late = endMin > hours.close;
      if (!early && !late) continue;
      const parts = `${early ? `starts at ${hhmm(startMin)}` : ""}${early && late ? " and " : ""}${late ? (endMin === Infinity ? "runs past midnight" : `ends at ${hhmm(endMin)}`) : ""}`;
      problem = `${parts}, outside business hours (${hhmm(hours.open)}–${hhmm(hours.close)}, ${cal.name})`;
    }
    out.entry(p, `entry ${ctx.label(p)} ${problem}`, fix);
  }
};

/** 7. Time that has not happened yet. */
const futureDated: Rule = (ctx, out) => {
  const now = ctx.data.now;
  let nowText: string | undefined;
  for (let i = 0; i < ctx.window.length; i++) {
    const p = ctx.window[i]!;
    if (p.start <= now && p.end <= now + FUTURE_GRACE) continue;
    nowText ??= ctx.clock.local(now);
    if (p.start > now) out.entry(p, `entry ${ctx.label(p)} starts in the future (now is ${nowText})`, "delete it and enter the time once the work is done");
    else out.entry(p, `entry ${ctx.label(p)} ends in the future (now is ${nowText})`, "end it at the time the work stopped");
  }
};

/** 8. Time worked after its ticket, project ticket or project closed, or after its agreement ended or was cancelled. */
const closedTarget: Rule = (ctx, out) => {
  const closed = ctx.data.closed;
  if (!closed) return;
  const instants = new Map<string, number>();
  const instant = (iso: string) => {
    let ms = instants.get(iso);
    if (ms === undefined) instants.set(iso, (ms = Date.parse(iso)));
    return ms;
  };
  const late = (t: ClosedTarget | undefined, p: Prepared) =>
    !t ? 0 : t.closedAt ? (p.start >= instant(t.closedAt) ? 1 : 0) : t.closedOn ? (p.day > ZoneClock.dayOf(t.closedOn) ? 1 : 0) : 2;
  for (let i = 0; i < ctx.window.length; i++) {
    const p = ctx.window[i]!;
    const e = p.e;
    const ticket = e.chargeToId === undefined ? undefined : e.chargeToType === "ServiceTicket" ? closed.tickets.get(e.chargeToId) : e.chargeToType === "ProjectTicket" ? closed.projectTickets.get(e.chargeToId) : undefined;
    const project = e.projectId !== undefined ? closed.projects.get(e.projectId) : undefined;
    const a = e.agreementId !== undefined ? closed.agreements.get(e.agreementId) : undefined;
    // Most entries charge to open things: decide before building any text (0 fine, 1 late, 2 closed at an unknown time).
    const ticketLate = late(ticket, p);
    const projectLate = late(project, p);
    const ended = !!a?.endDate && p.day > ZoneClock.dayOf(a.endDate);
    const agreementLate = !a ? 0
      : ended ? 1
      : a.cancelledFlag && a.dateCancelled ? (p.start >= instant(a.dateCancelled) ? 1 : 0)
      : a.cancelledFlag || a.agreementStatus === "Cancelled" || a.agreementStatus === "Expired" ? 2 : 0;
    if (ticketLate === 0 && projectLate === 0 && agreementLate === 0) continue;
    const definite: string[] = [];
    const unsure: string[] = [];
    for (const [t, how] of [[ticket, ticketLate], [project, projectLate]] as const) {
      if (!t || how === 0) continue;
      if (how === 2) unsure.push(`${t.label} is closed (ConnectWise gives no closing date)`);
      else definite.push(`was worked after ${t.label} closed (${t.closedAt ? ctx.clock.local(instant(t.closedAt)) : t.closedOn!.slice(0, 10)})`);
    }
    if (a && agreementLate !== 0) {
      const name = `agreement #${a.id} (${shown(a.name)})`;
      if (agreementLate === 2) unsure.push(`${name} is ${a.cancelledFlag ? "cancelled" : a.agreementStatus!.toLowerCase()} (ConnectWise gives no date)`);
      else if (ended) definite.push(`was worked after ${name} ended (${a.endDate!.slice(0, 10)})`);
      else definite.push(`was worked after ${name} was cancelled (${a.dateCancelled!.slice(0, 10)})`);
    }
    const fix = ticketLate === 0 && projectLate === 0
      ? "move the time to the client's current agreement, or bill it as time and materials"
      : definite.length ? "reopen the ticket or project if the work belongs to it, or move the time to a new ticket" : "check the work was done before it closed; otherwise reopen it or move the time to a new ticket";
    out.entry(p, `entry ${ctx.label(p)} ${[...definite, ...unsure].join("; ")}`, fix, definite.length ? SEVERITY.closed_target : "warning");
  }
};

/**
 * 9. Time off beyond the year's grant. Each member's accrual-type time is taken in time order (earlier in
 * the year first, whatever its sheet's status); an entry in the window that takes the year's total for its
 * type past the hours granted is reported.
 */
const accrualBalance: Rule = (ctx, out) => {
  const types = ctx.data.accrualTypes;
  const accruals = ctx.data.accruals;
  if (!types || !accruals) return;
  const seen = new Set<number>();
  const timeOff: Prepared[] = [];
  for (const list of ctx.byMember.values()) {
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      if (p.e.workTypeId === undefined || !types.has(p.e.workTypeId)) continue;
      seen.add(p.e.id);
      timeOff.push(p);
    }
  }
  for (const e of accruals.prior) {
    if (seen.has(e.id) || e.workTypeId === undefined || !types.has(e.workTypeId)) continue;
    const start = Date.parse(e.timeStart);
    timeOff.push({ e, start, end: start, day: ctx.clock.day(start), inWindow: false });
  }
  timeOff.sort((a, b) => a.start - b.start || a.e.id - b.e.id);
  const used = new Map<string, number>();
  for (const p of timeOff) {
    const type = types.get(p.e.workTypeId!)!;
    const year = ctx.clock.date(p.day).slice(0, 4);
    const key = `${p.e.memberId}:${year}:${type}`;
    const total = (used.get(key) ?? 0) + (p.e.actualHours || 0);
    used.set(key, total);
    const granted = accruals.grants.get(key) ?? 0;
    if (!p.inWindow || total <= granted + EPSILON) continue;
    const member = ctx.identifiers.get(p.e.memberId) ?? String(p.e.memberId);
    out.entry(
      p,
      `entry ${ctx.label(p)} brings ${shown(member)}'s ${shown(type)} time for ${year} to ${fmtHours(total)} of ${fmtHours(granted)} granted (${fmtHours(Math.min(total - granted, p.e.actualHours))} of this entry is beyond the balance)`,
      `charge the excess to unpaid time or another accrual type with hours left, or have HR add a ${type} grant for ${year}`,
    );
  }
};

const RULES: Record<RuleId, Rule> = {
  rounding,
  overlap,
  billable_notes: billableNotes,
  overtime,
  under_reporting: underReporting,
  outside_hours: outsideHours,
  future_dated: futureDated,
  closed_target: closedTarget,
  accrual_balance: accrualBalance,
};

