/**
 * Finds the problems the seed plants: what a timesheet validator or an analytics report should flag.
 * Found by scanning everything seeded rather than remembered while planting, so every id listed
 * really has the problem and none is missed.
 */
import { tableKey } from "../references.js";
import type { Row, Store } from "../store.js";
import { DAY, iso, isoDate, startOfDay } from "./dates.js";
import type { EntryDraft } from "./work.js";

export interface Planted {
  overlappingTimeEntries: number[][];
  timeEntriesMissingNotes: number[];
  badlyRoundedTimeEntries: number[];
  overtimeDays: { memberId: number; date: string; hours: number }[];
  futureTimeEntries: number[];
  timeOnClosedTickets: number[];
  expiredWarrantyConfigurations: number[];
  agreementsEndingSoon: number[];
  overdueInvoices: number[];
}

const rows = (store: Store, template: string): Row[] => (store.has(tableKey(template)) ? store.table(tableKey(template)).list() : []);
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Time entries are checked from their drafts (id, member, times, notes, the ticket's closing time),
 * which hold the same values as the stored rows and are much cheaper to scan; the smaller tables
 * are read from the store.
 */
export function detectPlanted(store: Store, now: number, entries: readonly EntryDraft[]): Planted {
  const nowIso = iso(now);
  const missingNotes: number[] = [];
  const badlyRounded: number[] = [];
  const future: number[] = [];
  const onClosed: number[] = [];
  const byMember = new Map<number, EntryDraft[]>();
  const daily = new Map<string, { memberId: number; date: string; hours: number }>();
  for (const e of entries) {
    if (e.billable === "Billable" && e.notes.trim().length < 20) missingNotes.push(e.id);
    if (Math.abs(e.hours * 4 - Math.round(e.hours * 4)) > 1e-6) badlyRounded.push(e.id);
    if (e.start > now) future.push(e.id);
    if (e.item?.resolvedAt !== undefined && e.start >= e.item.resolvedAt) onClosed.push(e.id);
    let list = byMember.get(e.member.id);
    if (!list) byMember.set(e.member.id, (list = []));
    list.push(e);
    const date = isoDate(e.start);
    const key = `${e.member.id}:${date}`;
    let day = daily.get(key);
    if (!day) daily.set(key, (day = { memberId: e.member.id, date, hours: 0 }));
    day.hours += e.hours;
  }

  const overlapping: number[][] = [];
  for (const [, list] of [...byMember].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.start - b.start || a.id - b.id);
    let group: number[] = [];
    let groupEnd = Number.NEGATIVE_INFINITY;
    for (const e of list) {
      if (e.start < groupEnd) {
        group.push(e.id);
        groupEnd = Math.max(groupEnd, e.end);
      } else {
        if (group.length > 1) overlapping.push(group.sort((a, b) => a - b));
        group = [e.id];
        groupEnd = e.end;
      }
    }
    if (group.length > 1) overlapping.push(group.sort((a, b) => a - b));
  }
  overlapping.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  const ascending = (a: number, b: number) => a - b;

  return {
    overlappingTimeEntries: overlapping,
    timeEntriesMissingNotes: missingNotes.sort(ascending),
    badlyRoundedTimeEntries: badlyRounded.sort(ascending),
    overtimeDays: [...daily.values()].filter((d) => d.hours > 8).map((d) => ({ ...d, hours: round2(d.hours) })).sort((a, b) => a.date.localeCompare(b.date) || a.memberId - b.memberId),
    futureTimeEntries: future.sort(ascending),
    timeOnClosedTickets: onClosed.sort(ascending),
    expiredWarrantyConfigurations: rows(store, "/company/configurations")
      .filter((c) => c.activeFlag === true && typeof c.warrantyExpirationDate === "string" && c.warrantyExpirationDate < nowIso).map((c) => c.id),
    agreementsEndingSoon: rows(store, "/finance/agreements").filter((a) => {
      if (a.agreementStatus !== "Active" || typeof a.endDate !== "string") return false;
      const end = Date.parse(a.endDate);
      return end >= startOfDay(now) && end <= now + 30 * DAY;
    }).map((a) => a.id),
    overdueInvoices: rows(store, "/finance/invoices").filter((i) => Number(i.balance ?? 0) > 0 && typeof i.dueDate === "string" && i.dueDate < nowIso).map((i) => i.id),
  };
}
