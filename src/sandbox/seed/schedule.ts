/**
 * Schedule entries (type S, objectId = the ticket): the onsite visits that happened (one per
 * technician and day, spanning their time on the ticket), the visits booked in the coming days, and
 * remote sessions arranged with clients for open tickets.
 */
import type { Row } from "../store.js";
import type { SeedContext } from "./context.js";
import { DAY, HOUR, iso, MINUTE, nextWeekday, startOfDay } from "./dates.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";
import type { WorkItem } from "./work-items.js";
import type { EntryDraft } from "./work.js";

export function seedScheduleEntries(ctx: SeedContext, setup: Setup, items: readonly WorkItem[], drafts: readonly EntryDraft[], tickets: Map<number, Row>): Row[] {
  const rng = ctx.random("schedule");
  const { lists, service } = setup;
  const plans: { item: WorkItem; member: EntryDraft["member"]; start: number; end: number; done: boolean; remote: boolean; bookedAt: number }[] = [];

  const visits = new Map<string, { item: WorkItem; member: EntryDraft["member"]; start: number; end: number }>();
  for (const d of drafts) {
    if (!d.item || d.item.kind !== "ServiceTicket" || d.item.board !== "onsite" || d.start > ctx.now) continue;
    const key = `${d.item.id}:${d.member.id}:${startOfDay(d.start)}`;
    const visit = visits.get(key);
    if (visit) {
      visit.start = Math.min(visit.start, d.start);
      visit.end = Math.max(visit.end, d.end);
    } else {
      visits.set(key, { item: d.item, member: d.member, start: d.start, end: d.end });
    }
  }
  for (const v of visits.values()) plans.push({ ...v, done: true, remote: false, bookedAt: Math.min(v.item.respondAt, v.start - HOUR) });

  for (const item of items) {
    if (item.kind !== "ServiceTicket" || item.resolvedAt !== undefined || item.outcome) continue;
    if (item.board === "onsite" && item.workFrom > ctx.now) {
      const hours = Math.max(1, Math.round((item.budgetHours ?? 2) * 2) / 2);
      plans.push({ item, member: item.assignee, start: item.workFrom, end: item.workFrom + hours * HOUR, done: false, remote: false, bookedAt: Math.min(ctx.now - MINUTE, item.respondAt) });
    } else if (item.respondAt <= ctx.now && item.board !== "alerts" && rng.chance(0.12)) {
      const start = nextWeekday(ctx.now + rng.int(1, 5) * DAY, rng.int(10, 15), rng.pick([0, 30]));
      plans.push({ item, member: item.assignee, start, end: start + rng.pick([30, 60, 90]) * MINUTE, done: false, remote: true, bookedAt: ctx.now - rng.int(1, 48) * HOUR });
    }
  }

  plans.sort((a, b) => a.bookedAt - b.bookedAt || a.start - b.start || a.item.id - b.item.id);
  const rows: Row[] = [];
  for (const p of plans) {
    const ticket = tickets.get(p.item.id);
    if (!ticket) continue;
    rows.push(ctx.insert("/schedule/entries", {
      objectId: p.item.id, name: `${String(p.item.company.row.name)} / ${p.item.summary}`.slice(0, 250), member: ref("MemberReference", p.member.row),
      where: ref("ServiceLocationReference", p.remote ? service.serviceLocations.remote : service.serviceLocations.onsite),
      dateStart: iso(p.start), dateEnd: iso(p.end), status: ref("ScheduleStatusReference", p.done || rng.chance(0.7) ? lists.scheduleStatuses.firm : lists.scheduleStatuses.tentative),
      type: ref("ScheduleTypeReference", lists.scheduleTypes.S), doneFlag: p.done, acknowledgedFlag: p.done || rng.chance(0.6), ownerFlag: p.member.id === p.item.assignee.id,
      meetingFlag: false, allowScheduleConflictsFlag: false, ...(p.done ? { closeDate: iso(p.end) } : {}), notifyResource: true,
      hours: Math.round(((p.end - p.start) / HOUR) * 100) / 100, startTimeSet: true, endTimeSet: true,
    }, { at: Math.max(p.item.enteredAt, Math.min(p.bookedAt, ctx.now)), by: p.remote ? p.member.identifier : p.item.enteredBy === "sandbox-api" ? p.member.identifier : p.item.enteredBy, ...(p.done ? { updatedAt: Math.min(ctx.now, p.end + 10 * MINUTE), updatedBy: p.member.identifier } : {}) }));
  }
  return rows;
}
