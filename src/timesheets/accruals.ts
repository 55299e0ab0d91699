/**
 * cw_accrual_balance: a member's time-off balances for a year, per accrual type.
 *
 *   granted   = Σ hours of the member's accrual grants (/system/members/{id}/accruals) for the year and type
 *   used      = hours of that type's time (work types with an accrualType) in the year on approved or billed
 *               sheets (ApprovedByTierOne, ApprovedByTierTwo, ReadyToBill, Billed, BilledAgreement, WrittenOff)
 *               and not dated in the future
 *   pending   = the rest of that time: on open, submitted or rejected sheets, or dated in the future
 *   available = granted − used − pending (negative: more time off taken or booked than granted)
 *
 * Fetch plan: the grants and the work types at once; then the year's time-off entries; then the status
 * of their sheets (the sheet's status is authoritative; the entry's own is the fallback).
 */
import { DateTime } from "luxon";
import type { Reader, Rec } from "../composites/read.js";
import { num, round2, text } from "../composites/read.js";
import { byIds } from "./gather.js";
import { name, quote } from "../format/untrusted.js";

export const APPROVED = new Set(["ApprovedByTierOne", "ApprovedByTierTwo", "ReadyToBill", "Billed", "BilledAgreement", "WrittenOff"]);
const TYPE_ORDER = ["Vacation", "PTO", "Sick", "Holiday"];

export interface Balance {
  type: string;
  granted: number;
  used: number;
  pending: number;
  available: number;
  entries: number;
}

export interface BalanceInput {
  grants: Rec[];
  workTypes: Rec[];
  entries: Rec[];
  /** Sheet id → status. */
  sheetStatus: Map<number, string>;
  year: number;
  now: number;
}

export function accrualBalances(input: BalanceInput): Balance[] {
  const types = new Map(input.workTypes.filter((w) => text(w, "accrualType")).map((w) => [Number(w.id), text(w, "accrualType")!]));
  const rows = new Map<string, Balance>();
  const row = (type: string) => {
    let b = rows.get(type);
    if (!b) rows.set(type, (b = { type, granted: 0, used: 0, pending: 0, available: 0, entries: 0 }));
    return b;
  };
  for (const g of input.grants) {
    const type = text(g, "accrualType");
    if (type && num(g, "year") === input.year) row(type).granted += num(g, "hours") ?? 0;
  }
  for (const e of input.entries) {
    const type = types.get(num(e, "workType.id") ?? -1);
    if (!type) continue;
    const b = row(type);
    const hours = num(e, "actualHours") ?? 0;
    const sheet = num(e, "timeSheet.id");
    const status = (sheet !== undefined ? input.sheetStatus.get(sheet) : undefined) ?? text(e, "status") ?? "Open";
    const future = Date.parse(String(e.timeStart)) > input.now;
    if (APPROVED.has(status) && !future) b.used += hours;
    else b.pending += hours;
    b.entries++;
  }
  const rank = (t: string) => (TYPE_ORDER.includes(t) ? TYPE_ORDER.indexOf(t) : TYPE_ORDER.length);
  return [...rows.values()]
    .map((b) => ({ ...b, granted: round2(b.granted), used: round2(b.used), pending: round2(b.pending), available: round2(b.granted - b.used - b.pending) }))
    .sort((a, b) => rank(a.type) - rank(b.type) || a.type.localeCompare(b.type));
}

export interface BalanceData {
  grants: Rec[];
  workTypes: Rec[];
  entries: Rec[];
  sheetStatus: Map<number, string>;
}

/** The reads, in the order they depend on each other (grants and work types together). */
export async function readBalanceData(read: Reader, memberId: number, year: number, zone: string): Promise<BalanceData> {
  const [grants, workTypes] = await Promise.all([
    read.list(`/system/members/${memberId}/accruals`, { fields: "id,accrualType,year,hours,reason" }, 1000),
    read.list("/time/workTypes", { fields: "id,name,accrualType" }, 2000),
  ]);
  const ids = workTypes.filter((w) => text(w, "accrualType")).map((w) => Number(w.id));
  if (ids.length === 0) return { grants, workTypes, entries: [], sheetStatus: new Map() };
  const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone });
  const stamp = (d: DateTime) => `[${d.toUTC().toISO({ suppressMilliseconds: true })}]`;
  const entries = await read.list(
    "/time/entries",
    {
      conditions: `member/id = ${memberId} and workType/id in (${ids.join(",")}) and timeStart >= ${stamp(from)} and timeStart < ${stamp(from.plus({ years: 1 }))}`,
      fields: "id,timeStart,timeEnd,actualHours,workType/id,workType/name,timeSheet/id,status",
    },
    10_000,
  );
  const sheetIds = [...new Set(entries.map((e) => num(e, "timeSheet.id")).filter((n): n is number => n !== undefined))];
  const sheets = await byIds(read, "/time/sheets", sheetIds, "id,status", "");
  return { grants, workTypes, entries, sheetStatus: new Map(sheets.map((s) => [Number(s.id), String(s.status ?? "")])) };
}

export function renderBalances(member: { identifier: string; name: string }, year: number, balances: Balance[], grants: Rec[]): string {
  const lines = [`${name(member.name)} (${name(member.identifier)}) — time off ${year}: available = granted − used (approved) − pending (open, submitted or future)`];
  if (balances.length === 0) lines.push("No accrual grants and no time off this year.");
  for (const b of balances) {
    const warn = b.available < 0 ? `  ⚠ ${round2(-b.available)} h over` : "";
    lines.push(`- ${b.type}: ${b.available} h available of ${b.granted} h granted · used ${b.used} h · pending ${b.pending} h (${b.entries} entr${b.entries === 1 ? "y" : "ies"})${warn}`);
  }
  const mine = grants.filter((g) => num(g, "year") === year);
  if (mine.length) lines.push(`Grants: ${mine.map((g) => `${name(text(g, "accrualType") ?? "?")} ${num(g, "hours") ?? 0} h${text(g, "reason") ? ` (${quote(text(g, "reason"), 80)})` : ""}`).join("; ")}`);
  return lines.join("\n");
}
