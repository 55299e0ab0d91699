/**
 * The work simulation: day by day, each technician fills their day with time entries, taking tickets
 * from their own queue (the one due soonest first) and falling back to internal work when nothing
 * can be worked. A ticket is resolved when its effort is used up and may wait on the client or a
 * vendor between sessions, so ticket status, hours and SLA figures follow from the time entries.
 *
 * The planted timesheet problems are made here too: long days, off-grid durations, empty notes,
 * time on closed tickets, overlapping and future-dated entries.
 */
import type { Row } from "../store.js";
import type { ChargeCode, ChargeCodeKey } from "./charge-codes.js";
import type { SeedContext } from "./context.js";
import { addBusinessMinutes, businessMinutes, DAY, HOUR, MINUTE, nextWeekday, startOfDay } from "./dates.js";
import { layoutDay, type Slot } from "./day-layout.js";
import { boardShare, type MemberInfo } from "./members.js";
import { apportion, type Random } from "../random.js";
import type { Setup } from "./setup.js";
import { BAD_NOTES, INTERNAL_WORK, PROJECT_WORK } from "./texts.js";
import { fill, type WorkItem } from "./work-items.js";
import type { DayKind, MemberDay } from "./workdays.js";

export type BillableOption = "Billable" | "DoNotBill" | "NoCharge";

export interface EntryDraft {
  member: MemberInfo;
  start: number;
  end: number;
  deduct: number;
  hours: number;
  item?: WorkItem;
  chargeCode?: ChargeCode;
  workType: Row;
  billable: BillableOption;
  notes: string;
  enteredAt: number;
  /** The entry that resolved its ticket (its notes go to the resolution). */
  resolves: boolean;
  /** Filled in later: its row id, its time sheet and the sheet's status, agreement hours, the invoice that billed it. */
  id: number;
  sheet?: Row;
  status?: string;
  agreementHours?: number;
  invoice?: Row;
}

type DraftFields = Pick<EntryDraft, "member" | "start" | "end" | "deduct" | "hours" | "workType" | "billable" | "notes" | "enteredAt"> & Partial<Pick<EntryDraft, "item" | "chargeCode" | "resolves">>;

/** A time entry draft, every field present in one order (there are fifty thousand). */
function draft(f: DraftFields): EntryDraft {
  return {
    member: f.member, start: f.start, end: f.end, deduct: f.deduct, hours: f.hours, item: f.item, chargeCode: f.chargeCode, workType: f.workType,
    billable: f.billable, notes: f.notes, enteredAt: f.enteredAt, resolves: f.resolves ?? false, id: 0, sheet: undefined, status: undefined, agreementHours: 0, invoice: undefined,
  };
}

interface Queue {
  arrivals: WorkItem[];
  next: number;
  open: WorkItem[];
  previous?: WorkItem;
}

type Plant = "overtime" | "badRounding" | "missingNotes" | "closedTicket";

const FOLLOW_UPS = [
  "Followed up with {user}: confirmed the earlier changes are holding and checked for any related issues.",
  "Continued troubleshooting with {user}; reviewed logs and retested after the last change.",
  "Checked in with {user} and monitored the issue; no recurrence so far, keeping the ticket open one more day.",
  "Reviewed the ticket history, tested again remotely and updated {user} on next steps.",
] as const;

export function simulateWork(
  ctx: SeedContext, setup: Setup, members: readonly MemberInfo[], workdays: Map<number, MemberDay[]>, items: readonly WorkItem[], codes: Record<ChargeCodeKey, ChargeCode>,
): EntryDraft[] {
  const rng = ctx.random("work");
  const { system } = setup;
  const entries: EntryDraft[] = [];
  const queues = new Map<number, Queue>();
  for (const m of members) queues.set(m.id, { arrivals: [], next: 0, open: [] });
  for (const item of items) {
    if (item.outcome) {
      closeWithoutWork(ctx, rng, item);
      continue;
    }
    queues.get(item.assignee.id)!.arrivals.push(item);
  }
  for (const q of queues.values()) q.arrivals.sort((a, b) => a.enteredAt - b.enteredAt || a.id - b.id);

  // Entry quotas per working day, so the total is exact: absences are one entry each.
  type DayTask = { member: MemberInfo; day: number; kind: DayKind; quota: number; plants: Set<Plant> };
  const tasks: DayTask[] = [];
  for (const m of members) for (const d of workdays.get(m.id) ?? []) tasks.push({ member: m, day: d.day, kind: d.kind, quota: 1, plants: new Set() });
  const working = tasks.filter((t) => t.kind === "work");
  const quotas = apportion(working.map((t) => t.member.spec.entryWeight * rng.float(0.7, 1.3)), Math.max(working.length, ctx.scale.timeEntries - (tasks.length - working.length)), 1, 24);
  working.forEach((t, i) => (t.quota = quotas[i] ?? 1));
  const recent = working.filter((t) => t.day >= startOfDay(ctx.now) - 28 * DAY && t.day + 18 * HOUR <= ctx.now);
  for (const plant of ["overtime", "badRounding", "missingNotes", "closedTicket"] as const) {
    for (const t of rng.sample(recent, ctx.scale.plants)) t.plants.add(plant);
  }
  tasks.sort((a, b) => a.day - b.day || a.member.id - b.member.id);

  const leavers = new Map<number, MemberInfo[]>();
  for (const m of members) {
    if (m.leftAt === undefined) continue;
    const day = startOfDay(m.leftAt);
    leavers.set(day, [...(leavers.get(day) ?? []), m]);
  }

  let currentDay = -1;
  for (const task of tasks) {
    if (task.day !== currentDay) {
      if (currentDay >= 0) for (const m of leavers.get(currentDay) ?? []) handOver(rng, m, members, queues);
      currentDay = task.day;
    }
    const m = task.member;
    if (task.kind !== "work") {
      const code = codes[task.kind];
      const start = task.day + 8 * HOUR;
      const end = start + m.dailyCapacity * HOUR;
      if (end > ctx.now) continue;
      const holiday = system.holidays.get(task.day);
      entries.push(draft({
        member: m, start, end, deduct: 0, hours: m.dailyCapacity, chargeCode: code, workType: code.workType, billable: "NoCharge",
        notes: task.kind === "holiday" ? `Company holiday: ${holiday ?? "office closed"}` : task.kind === "vacation" ? "Vacation - out of the office all day" : task.kind === "sick" ? "Sick day - out of the office" : "PTO - personal day off",
        enteredAt: task.kind === "sick" ? start + rng.int(10, 90) * MINUTE : Math.max(task.day - rng.int(3, 21) * DAY, ctx.historyStart - 14 * DAY),
      }));
      continue;
    }
    const queue = queues.get(m.id)!;
    const dayEnd = task.day + DAY;
    while (queue.next < queue.arrivals.length && queue.arrivals[queue.next]!.enteredAt < dayEnd) queue.open.push(queue.arrivals[queue.next++]!);
    queue.open = queue.open.filter((i) => i.resolvedAt === undefined);
    const slots = layoutDay(rng, task.day, task.quota, {
      overtime: task.plants.has("overtime"), badRounding: task.plants.has("badRounding"), deductLunch: m.role === "onsite" || m.role === "project", until: ctx.now,
    });
    const dayEntries: EntryDraft[] = [];
    let closedPlanted = !task.plants.has("closedTicket");
    slots.forEach((slot) => {
      if (!closedPlanted) {
        const closed = recentlyClosed(queue, slot.start);
        if (closed) {
          closedPlanted = true;
          dayEntries.push(workEntry(ctx, rng, setup, m, slot, closed, "after-close"));
          return;
        }
      }
      const item = choose(rng, queue, m, slot);
      if (item) dayEntries.push(workEntry(ctx, rng, setup, m, slot, item, "work"));
      else dayEntries.push(internalEntry(ctx, rng, m, slot, codes));
    });
    if (task.plants.has("missingNotes")) {
      const candidates = dayEntries.filter((e) => e.item && e.billable === "Billable");
      const target = candidates.length > 0 ? rng.pick(candidates) : dayEntries.find((e) => e.item);
      if (target) {
        target.billable = "Billable";
        target.notes = rng.pick(BAD_NOTES);
      }
    }
    entries.push(...dayEntries);
  }

  plantOverlaps(ctx, rng, entries);
  plantFuture(ctx, rng, members, queues, entries, codes, setup);
  return entries;
}

/** A duplicate closed within hours, or an alert that cleared itself. */
function closeWithoutWork(ctx: SeedContext, rng: Random, item: WorkItem): void {
  const at = item.outcome === "autoResolved" ? item.enteredAt + rng.int(5, 90) * MINUTE : Math.max(item.enteredAt, item.respondAt) + rng.int(10, 120) * MINUTE;
  if (at > ctx.now) return;
  item.resolvedAt = at;
  item.resolvedBy = item.outcome === "autoResolved" ? "sandbox-api" : item.assignee.identifier;
  if (item.outcome === "autoResolved" && item.respondAt > at) item.respondAt = at;
}

/**
 * The next ticket to work: the one due soonest, preferring a change of ticket (except onsite and
 * project work, which run in blocks). A ticket due within the working day comes before the member's
 * usual mix of ticket and internal work.
 */
function choose(rng: Random, queue: Queue, m: MemberInfo, slot: Slot): WorkItem | undefined {
  const eligible: WorkItem[] = [];
  let urgent = false;
  for (const i of queue.open) {
    if (i.resolvedAt !== undefined || i.effort <= 0 || i.workFrom > slot.start || i.waitingUntil > slot.start || (i.workUntil !== undefined && slot.start >= i.workUntil)) continue;
    eligible.push(i);
    if (i.kind === "ServiceTicket" && i.dueAt < slot.start + 8 * HOUR) urgent = true;
  }
  if (eligible.length === 0) return undefined;
  const mix = m.spec.mix;
  const want = urgent ? "service" : rng.weighted([["service", mix.service], ["project", mix.project], ["internal", mix.internal]] as const);
  if (want === "internal") return undefined;
  const wanted = eligible.filter((i) => (i.kind === "ProjectTicket") === (want === "project"));
  const pool = wanted.length > 0 ? wanted : eligible;
  const previous = queue.previous;
  if (!urgent && previous && pool.includes(previous) && (previous.board === "onsite" || previous.kind === "ProjectTicket") && rng.chance(0.75)) return previous;
  pool.sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
  const choices = previous && pool.length > 1 && pool[0] === previous && !urgent ? pool.slice(1) : pool;
  const pick = (rng.chance(0.85) ? choices[0] : choices[1]) ?? choices[0]!;
  queue.previous = pick;
  return pick;
}

function recentlyClosed(queue: Queue, at: number): WorkItem | undefined {
  for (let i = queue.next - 1; i >= 0; i--) {
    const item = queue.arrivals[i]!;
    if (item.kind === "ServiceTicket" && item.resolvedAt !== undefined && item.resolvedAt < at - HOUR && item.resolvedAt > at - 10 * DAY && item.entries > 0) return item;
  }
  return undefined;
}

function workEntry(ctx: SeedContext, rng: Random, setup: Setup, m: MemberInfo, slot: Slot, item: WorkItem, mode: "work" | "after-close"): EntryDraft {
  const { system } = setup;
  const hours = round2((slot.end - slot.start) / HOUR - slot.deduct);
  const hourOfDay = new Date(slot.start).getUTCHours();
  const workType = item.kind === "ProjectTicket" ? system.workTypes.project
    : hourOfDay >= 18 || hourOfDay < 7 ? system.workTypes.afterHours : item.board === "onsite" ? system.workTypes.onsite : system.workTypes.remote;
  const billable: BillableOption = item.kind === "ProjectTicket" ? rng.weighted([["Billable", 90], ["NoCharge", 10]] as const)
    : item.board === "alerts" && item.agreement ? "Billable"
    : item.agreement?.coversTime ? rng.weighted([["Billable", 90], ["NoCharge", 8], ["DoNotBill", 2]] as const)
    : rng.weighted([["Billable", 88], ["NoCharge", 6], ["DoNotBill", 6]] as const);
  let resolves = false;
  let notes: string;
  if (mode === "after-close") {
    notes = fill("Follow-up after the ticket was closed: checked with {user} that everything is still working and answered a related question.", item.vars);
  } else {
    item.effort -= hours;
    const position = item.entries;
    if (item.effort <= 0.05) {
      item.effort = 0;
      const at = slot.end + rng.int(1, 20) * MINUTE;
      if (at <= ctx.now) {
        item.resolvedAt = at;
        item.resolvedBy = m.identifier;
        resolves = true;
      }
    } else if (rng.chance(item.waitChance)) {
      const wait = rng.int(120, 2400);
      item.waitingUntil = addBusinessMinutes(slot.end, wait);
      item.minutesWaiting += item.waitingUntil > ctx.now ? businessMinutes(slot.end, ctx.now) : wait;
      item.firstWaitAt ??= slot.end;
      item.waitingOn = item.kind === "ProjectTicket" || rng.chance(0.75) ? "client" : "vendor";
    }
    notes = noteFor(rng, item, position, resolves);
    item.firstWorkEnd ??= slot.end;
  }
  item.entries++;
  item.hours += hours;
  if (!item.workers.includes(m)) item.workers.push(m);
  item.lastWorkEnd = Math.max(item.lastWorkEnd ?? 0, slot.end);
  item.lastWorker = m;
  return draft({ member: m, start: slot.start, end: slot.end, deduct: slot.deduct, hours, item, workType, billable, notes, enteredAt: enteredAfter(ctx, rng, slot.end), resolves });
}

function internalEntry(ctx: SeedContext, rng: Random, m: MemberInfo, slot: Slot, codes: Record<ChargeCodeKey, ChargeCode>): EntryDraft {
  const key = rng.weighted([["admin", 6], ["meeting", 2.5], ["training", 1.5]] as const);
  const code = codes[key];
  const notes = rng.pick(INTERNAL_WORK[key]!);
  return draft({
    member: m, start: slot.start, end: slot.end, deduct: slot.deduct, hours: round2((slot.end - slot.start) / HOUR - slot.deduct), chargeCode: code,
    workType: code.workType, billable: code.billTime, notes, enteredAt: enteredAfter(ctx, rng, slot.end),
  });
}

function noteFor(rng: Random, item: WorkItem, position: number, resolves: boolean): string {
  if (item.kind === "ProjectTicket") return fill(rng.pick(PROJECT_WORK), item.vars);
  const work = item.issue?.work ?? [];
  if (position < work.length) return fill(work[position]!, item.vars);
  if (resolves && item.issue) return fill(`${item.issue.resolution} Confirmed with {user} and closed the ticket.`, item.vars);
  return fill(rng.pick(FOLLOW_UPS), item.vars);
}

/** Most entries go in within the hour; some at the end of the day, a few the next morning. */
function enteredAfter(ctx: SeedContext, rng: Random, end: number): number {
  const kind = rng.weighted([["soon", 70], ["evening", 20], ["morning", 10]] as const);
  const day = startOfDay(end);
  const at = kind === "soon" ? end + rng.int(2, 45) * MINUTE
    : kind === "evening" ? Math.max(end + 5 * MINUTE, day + 17 * HOUR + rng.int(15, 59) * MINUTE)
    : nextWeekday(day + DAY, 8, rng.int(5, 50));
  return Math.min(at, Math.max(end, ctx.now - rng.int(1, 30) * MINUTE));
}

/** A leaver's open tickets go to a colleague in the same role (or anyone who works the board). */
function handOver(rng: Random, leaver: MemberInfo, members: readonly MemberInfo[], queues: Map<number, Queue>): void {
  const from = queues.get(leaver.id)!;
  const colleagues = members.filter((m) => m !== leaver && m.leftAt === undefined && m.spec.logsTime && m.role === leaver.role);
  const pending = [...from.open, ...from.arrivals.slice(from.next)].filter((i) => i.resolvedAt === undefined);
  for (const item of pending) {
    const heirs = colleagues.length > 0 ? colleagues : members.filter((m) => m.leftAt === undefined && item.board !== "projects" && boardShare(m, item.board, members) > 0);
    if (heirs.length === 0) continue;
    const heir = rng.pick(heirs);
    item.assignee = heir;
    const to = queues.get(heir.id)!;
    to.arrivals.splice(to.next, 0, item);
  }
  from.open = [];
  from.arrivals.length = from.next;
}

/** Double-logged time: a second entry inside an earlier one of the same member, same ticket. */
function plantOverlaps(ctx: SeedContext, rng: Random, entries: EntryDraft[]): void {
  const since = startOfDay(ctx.now) - 28 * DAY;
  const candidates = entries.filter((e) => e.item && e.start >= since && e.end - e.start >= 30 * MINUTE && e.deduct === 0 && Number.isInteger(e.hours * 4) && (e.item.resolvedAt === undefined || e.end <= e.item.resolvedAt));
  for (const original of rng.sample(candidates, ctx.scale.plants)) {
    const item = original.item!;
    const quarters = Math.round((original.end - original.start) / (15 * MINUTE));
    const start = original.start + rng.int(0, quarters - 2) * 15 * MINUTE;
    const end = Math.min(original.end, start + rng.int(1, 4) * 15 * MINUTE);
    const hours = round2((end - start) / HOUR);
    item.entries++;
    item.hours += hours;
    entries.push(draft({
      member: original.member, start, end, deduct: 0, hours, item, workType: original.workType, billable: original.billable,
      notes: `Worked on ${item.summary.charAt(0).toLowerCase()}${item.summary.slice(1)} with ${item.vars.user ?? "the client"}; see earlier notes for details.`,
      enteredAt: Math.min(ctx.now - MINUTE, original.enteredAt + rng.int(1, 48) * HOUR),
    }));
  }
}

/** Time entered ahead of the work: an onsite visit or a task booked in the coming days. */
function plantFuture(ctx: SeedContext, rng: Random, members: readonly MemberInfo[], queues: Map<number, Queue>, entries: EntryDraft[], codes: Record<ChargeCodeKey, ChargeCode>, setup: Setup): void {
  const crew = members.filter((m) => m.spec.logsTime && m.leftAt === undefined);
  if (crew.length === 0) return;
  for (let k = 0; k < ctx.scale.plants; k++) {
    const m = crew[k % crew.length]!;
    const day = nextWeekday(ctx.now + (1 + Math.floor(k / crew.length)) * DAY, 0);
    const start = day + 9 * HOUR + rng.int(0, 16) * 15 * MINUTE;
    const slot: Slot = { start, end: start + rng.int(2, 8) * 15 * MINUTE, deduct: 0 };
    const open = queues.get(m.id)!.open.filter((i) => i.resolvedAt === undefined && i.respondAt <= ctx.now && (i.workUntil === undefined || i.workUntil > ctx.now));
    const item = open.length > 0 ? rng.pick(open) : undefined;
    let entry: EntryDraft;
    if (item) {
      const hours = round2((slot.end - slot.start) / HOUR);
      item.entries++;
      item.hours += hours;
      if (!item.workers.includes(m)) item.workers.push(m);
      entry = draft({
        member: m, start: slot.start, end: slot.end, deduct: 0, hours, item, billable: "Billable",
        workType: item.kind === "ProjectTicket" ? setup.system.workTypes.project : item.board === "onsite" ? setup.system.workTypes.onsite : setup.system.workTypes.remote,
        notes: `Planned session: continue work on "${item.summary}" with ${item.vars.user ?? "the client"}.`, enteredAt: ctx.now - rng.int(5, 240) * MINUTE,
      });
    } else {
      entry = internalEntry(ctx, rng, m, slot, codes);
      entry.enteredAt = ctx.now - rng.int(5, 240) * MINUTE;
    }
    entries.push(entry);
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
