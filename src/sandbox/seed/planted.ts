/**
 * Finds the problems the seed plants, in the stored rows: what a timesheet validator or an analytics
 * report should flag. Read from the store rather than remembered while seeding, so every id listed
 * really has the problem and none is missed.
 */
import { tableKey } from "../references.js";
import { isObject, type Row, type Store } from "../store.js";
import { DAY, iso, startOfDay } from "./dates.js";

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
const refId = (v: unknown): number | undefined => (isObject(v) && typeof v.id === "number" ? v.id : undefined);
const round2 = (n: number) => Math.round(n * 100) / 100;

export function detectPlanted(store: Store, now: number): Planted {
  const nowIso = iso(now);
  const closedAt = new Map<number, string>();
  for (const [kind, template] of [[0, "/service/tickets"], [1, "/project/tickets"]] as const) {
    for (const t of rows(store, template)) if (t.closedFlag === true && typeof t.closedDate === "string") closedAt.set(t.id * 2 + kind, t.closedDate);
  }

  // One pass over the entries (there are tens of thousands); same-format ISO strings compare chronologically.
  const missingNotes: number[] = [];
  const badlyRounded: number[] = [];
  const future: number[] = [];
  const onClosed: number[] = [];
  const byMember = new Map<number, { id: number; start: string; end: string }[]>();
  const daily = new Map<string, { memberId: number; date: string; hours: number }>();
  for (const e of rows(store, "/time/entries")) {
    const start = String(e.timeStart);
    const hours = Number(e.actualHours ?? 0);
    if (e.billableOption === "Billable" && String(e.notes ?? "").trim().length < 20) missingNotes.push(e.id);
    if (Math.abs(hours * 4 - Math.round(hours * 4)) > 1e-6) badlyRounded.push(e.id);
    if (start > nowIso) future.push(e.id);
    const kind = e.chargeToType === "ServiceTicket" ? 0 : e.chargeToType === "ProjectTicket" ? 1 : -1;
    if (kind >= 0) {
      const closed = closedAt.get(Number(e.chargeToId) * 2 + kind);
      if (closed !== undefined && start >= closed) onClosed.push(e.id);
    }
    const memberId = refId(e.member);
    if (memberId === undefined) continue;
    let list = byMember.get(memberId);
    if (!list) byMember.set(memberId, (list = []));
    list.push({ id: e.id, start, end: String(e.timeEnd) });
    const key = `${memberId}:${start.slice(0, 10)}`;
    let day = daily.get(key);
    if (!day) daily.set(key, (day = { memberId, date: start.slice(0, 10), hours: 0 }));
    day.hours += hours;
  }

  const overlapping: number[][] = [];
  for (const [, list] of [...byMember].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id - b.id));
    let group: number[] = [];
    let groupEnd = "";
    for (const { id, start, end } of list) {
      if (start < groupEnd) {
        group.push(id);
        if (end > groupEnd) groupEnd = end;
      } else {
        if (group.length > 1) overlapping.push(group.sort((a, b) => a - b));
        group = [id];
        groupEnd = end;
      }
    }
    if (group.length > 1) overlapping.push(group.sort((a, b) => a - b));
  }
  overlapping.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

  return {
    overlappingTimeEntries: overlapping,
    timeEntriesMissingNotes: missingNotes,
    badlyRoundedTimeEntries: badlyRounded,
    overtimeDays: [...daily.values()].filter((d) => d.hours > 8).map((d) => ({ ...d, hours: round2(d.hours) })).sort((a, b) => a.date.localeCompare(b.date) || a.memberId - b.memberId),
    futureTimeEntries: future,
    timeOnClosedTickets: onClosed,
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
