/**
 * Finds the problems the seed plants, in the stored rows: what a timesheet validator or an analytics
 * report should flag. Read from the store rather than remembered while seeding, so every id listed
 * really has the problem and none is missed.
 */
import { tableKey } from "../references.js";
import { isObject, type Row, type Store } from "../store.js";
import { DAY, isoDate, startOfDay } from "./dates.js";

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
  const entries = rows(store, "/time/entries");
  const byMember = new Map<number, Row[]>();
  for (const e of entries) {
    const member = refId(e.member);
    if (member === undefined) continue;
    const list = byMember.get(member);
    if (list) list.push(e);
    else byMember.set(member, [e]);
  }

  const overlapping: number[][] = [];
  const daily = new Map<string, { memberId: number; date: string; hours: number }>();
  for (const [memberId, list] of [...byMember].sort((a, b) => a[0] - b[0])) {
    const sorted = [...list].sort((a, b) => Date.parse(String(a.timeStart)) - Date.parse(String(b.timeStart)) || a.id - b.id);
    let group: number[] = [];
    let groupEnd = Number.NEGATIVE_INFINITY;
    for (const e of sorted) {
      const start = Date.parse(String(e.timeStart));
      const end = Date.parse(String(e.timeEnd));
      if (start < groupEnd) {
        group.push(e.id);
        groupEnd = Math.max(groupEnd, end);
      } else {
        if (group.length > 1) overlapping.push(group.sort((a, b) => a - b));
        group = [e.id];
        groupEnd = end;
      }
      const date = isoDate(start);
      const day = daily.get(`${memberId}:${date}`) ?? { memberId, date, hours: 0 };
      day.hours += Number(e.actualHours ?? 0);
      daily.set(`${memberId}:${date}`, day);
    }
    if (group.length > 1) overlapping.push(group.sort((a, b) => a - b));
  }
  overlapping.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

  const closedAt = new Map<string, number>();
  for (const [kind, template] of [["ServiceTicket", "/service/tickets"], ["ProjectTicket", "/project/tickets"]] as const) {
    for (const t of rows(store, template)) if (t.closedFlag === true && t.closedDate) closedAt.set(`${kind}:${t.id}`, Date.parse(String(t.closedDate)));
  }

  return {
    overlappingTimeEntries: overlapping,
    timeEntriesMissingNotes: entries.filter((e) => e.billableOption === "Billable" && String(e.notes ?? "").trim().length < 20).map((e) => e.id),
    badlyRoundedTimeEntries: entries.filter((e) => {
      const quarters = Number(e.actualHours ?? 0) * 4;
      return Math.abs(quarters - Math.round(quarters)) > 1e-6;
    }).map((e) => e.id),
    overtimeDays: [...daily.values()].filter((d) => d.hours > 8).map((d) => ({ ...d, hours: round2(d.hours) })).sort((a, b) => a.date.localeCompare(b.date) || a.memberId - b.memberId),
    futureTimeEntries: entries.filter((e) => Date.parse(String(e.timeStart)) > now).map((e) => e.id),
    timeOnClosedTickets: entries.filter((e) => {
      const closed = closedAt.get(`${String(e.chargeToType)}:${String(e.chargeToId)}`);
      return closed !== undefined && Date.parse(String(e.timeStart)) >= closed;
    }).map((e) => e.id),
    expiredWarrantyConfigurations: rows(store, "/company/configurations")
      .filter((c) => c.activeFlag === true && typeof c.warrantyExpirationDate === "string" && Date.parse(c.warrantyExpirationDate) < now).map((c) => c.id),
    agreementsEndingSoon: rows(store, "/finance/agreements").filter((a) => {
      if (a.agreementStatus !== "Active" || typeof a.endDate !== "string") return false;
      const end = Date.parse(a.endDate);
      return end >= startOfDay(now) && end <= now + 30 * DAY;
    }).map((a) => a.id),
    overdueInvoices: rows(store, "/finance/invoices").filter((i) => Number(i.balance ?? 0) > 0 && typeof i.dueDate === "string" && Date.parse(i.dueDate) < now).map((i) => i.id),
  };
}
