/**
 * Time entries (research §7.3–7.4): charged to a ticket, project ticket, charge code or a company;
 * `actualHours` = (timeEnd − timeStart) − hoursDeduct; each entry lands on its member's weekly time sheet
 * (created when the week has none) and takes the sheet's status; a sheet that is submitted or approved
 * is closed to new or changed time. The ticket's `actualHours` and the sheet's `hours` follow.
 */
import type { ApiContext } from "../api.js";
import { invalidObject } from "../errors.js";
import { tableKey } from "../references.js";
import { isObject, isoSeconds, type JsonObject, type Row, type Store } from "../store.js";
import { isEditable } from "./approval.js";
import type { TableRules } from "./index.js";

export const TIME_ENTRIES = tableKey("/time/entries");
export const TIME_SHEETS = tableKey("/time/sheets");
const MEMBERS = tableKey("/system/members");
const SERVICE_TICKETS = tableKey("/service/tickets");
const PROJECT_TICKETS = tableKey("/project/tickets");
const CHARGE_CODES = tableKey("/time/chargeCodes");
const STATUSES = tableKey("/service/boards/{parentId}/statuses");

const DAY = 86_400_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

export const timeEntryRules: TableRules = {
  prepare(record: JsonObject, ctx: ApiContext, existing?: Row): JsonObject {
    const store = ctx.store;
    const out: JsonObject = { ...record };
    const invalid = (field: string, message: string) => invalidObject("timeEntry", [{ code: "InvalidField", message, resource: "timeEntry", field }]);

    if (!isObject(out.member)) {
      const me = store.table(MEMBERS).findBy("identifier", store.apiMember);
      if (me) out.member = { id: me.id };
    }
    const memberId = isObject(out.member) ? Number(out.member.id) : NaN;
    const member = store.table(MEMBERS).get(memberId);
    if (!member) throw invalid("member", "member: a time entry needs a member.");

    if (out.chargeToId !== undefined && out.chargeToId !== null && !out.chargeToType) out.chargeToType = "ServiceTicket";
    const chargeId = Number(out.chargeToId);
    if (out.chargeToType === "ServiceTicket" || out.chargeToType === "ProjectTicket") {
      const table = out.chargeToType === "ServiceTicket" ? SERVICE_TICKETS : PROJECT_TICKETS;
      const ticket = store.table(table).get(chargeId);
      if (!ticket) throw invalid("chargeToId", `chargeToId: ticket ${String(out.chargeToId)} was not found.`);
      const status = isObject(ticket.status) && typeof ticket.status.id === "number" ? store.table(STATUSES).get(ticket.status.id) : undefined;
      if (status?.timeEntryNotAllowed === true) {
        throw invalid("chargeToId", `Time entries are not allowed on ticket ${ticket.id} while its status is "${String(status.name)}".`);
      }
      out.ticket = { id: ticket.id, summary: ticket.summary };
      out.company ??= ticket.company;
      if (ticket.agreement) out.agreement ??= ticket.agreement;
      if (ticket.project) out.project ??= ticket.project;
      if (ticket.phase) out.phase ??= ticket.phase;
    } else if (out.chargeToType === "ChargeCode") {
      if (!store.table(CHARGE_CODES).get(chargeId)) throw invalid("chargeToId", `chargeToId: charge code ${String(out.chargeToId)} was not found.`);
    } else if (!isObject(out.company)) {
      throw invalidObject("timeEntry", [{ code: "MissingRequiredField", message: "company is required when chargeToId is not given.", resource: "timeEntry", field: "company" }]);
    }

    const start = Date.parse(String(out.timeStart));
    const end = out.timeEnd ? Date.parse(String(out.timeEnd)) : NaN;
    if (!Number.isNaN(end) && end <= start) throw invalid("timeEnd", "timeEnd must be after timeStart.");
    out.hoursDeduct = typeof out.hoursDeduct === "number" ? out.hoursDeduct : 0;
    if (!Number.isNaN(end)) out.actualHours = round2((end - start) / 3_600_000 - (out.hoursDeduct as number));
    else if (typeof out.actualHours !== "number") throw invalid("timeEnd", "Give timeEnd or actualHours.");
    out.billableOption ??= "Billable";
    const billable = out.billableOption === "Billable";
    out.hoursBilled = billable ? out.actualHours : 0;
    out.invoiceHours = billable ? out.actualHours : 0;
    out.hourlyRate ??= member.hourlyRate ?? null;

    if (existing) assertOpen(store, existing, invalid);
    const sheet = sheetFor(store, member, start);
    if (!isEditable(sheet.status)) {
      throw invalid("timeSheet", `The time sheet ${sheetName(sheet)} is ${String(sheet.status)}: time cannot be added or changed until it is rejected or reversed.`);
    }
    out.timeSheet = { id: sheet.id, name: sheetName(sheet) };
    out.status = sheet.status;
    return out;
  },

  after(row: Row, ctx: ApiContext, existing?: Row): void {
    refreshTotals(ctx.store, row, existing);
  },

  beforeDelete(row: Row, ctx: ApiContext): void {
    assertOpen(ctx.store, row, (field, message) => invalidObject("timeEntry", [{ code: "InvalidField", message, resource: "timeEntry", field }]));
  },

  afterDelete(row: Row, ctx: ApiContext): void {
    refreshTotals(ctx.store, row);
  },
};

function assertOpen(store: Store, entry: Row, invalid: (field: string, message: string) => Error): void {
  const sheetId = isObject(entry.timeSheet) ? Number(entry.timeSheet.id) : NaN;
  const sheet = store.table(TIME_SHEETS).get(sheetId);
  if (sheet && !isEditable(sheet.status)) {
    throw invalid("timeSheet", `The time sheet ${sheetName(sheet)} is ${String(sheet.status)}: its time cannot be changed until it is rejected or reversed.`);
  }
}

/** The member's sheet for the week (Sunday to Saturday, UTC) that holds `at`; created Open when missing. */
export function sheetFor(store: Store, member: Row, at: number): Row {
  const sheets = store.table(TIME_SHEETS);
  const found = sheets.list().find((s) => {
    if (!isObject(s.member) || s.member.id !== member.id) return false;
    const from = Date.parse(String(s.dateStart));
    const to = Date.parse(String(s.dateEnd)) + DAY;
    return at >= from && at < to;
  });
  if (found) return found;
  const day = new Date(at);
  const start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - day.getUTCDay());
  const yearStart = Date.UTC(new Date(start).getUTCFullYear(), 0, 1);
  return sheets.insert({
    member: { id: member.id, identifier: member.identifier, name: `${String(member.firstName ?? "")} ${String(member.lastName ?? "")}`.trim() },
    year: new Date(start).getUTCFullYear(),
    period: Math.floor((start - yearStart) / (7 * DAY)) + 1,
    dateStart: isoSeconds(new Date(start)),
    dateEnd: isoSeconds(new Date(start + 6 * DAY)),
    status: "Open",
    hours: 0,
    deadline: isoSeconds(new Date(start + 8 * DAY)),
  });
}

export function sheetName(sheet: Row): string {
  return `${String(sheet.dateStart).slice(0, 10)} to ${String(sheet.dateEnd).slice(0, 10)}`;
}

/** Ticket actualHours and sheet hours are sums of their entries; recompute the ones an entry touched. */
function refreshTotals(store: Store, ...entries: (Row | undefined)[]): void {
  const all = store.table(TIME_ENTRIES).list();
  for (const entry of entries) {
    if (!entry) continue;
    if (entry.chargeToType === "ServiceTicket" || entry.chargeToType === "ProjectTicket") {
      const table = store.table(entry.chargeToType === "ServiceTicket" ? SERVICE_TICKETS : PROJECT_TICKETS);
      const ticket = table.get(Number(entry.chargeToId));
      if (ticket) {
        const hours = all.filter((e) => e.chargeToType === entry.chargeToType && e.chargeToId === ticket.id).reduce((n, e) => n + Number(e.actualHours ?? 0), 0);
        table.replace(ticket.id, { ...ticket, actualHours: round2(hours) }, String((ticket._info as JsonObject | undefined)?.updatedBy ?? store.apiMember));
      }
    }
    const sheetId = isObject(entry.timeSheet) ? Number(entry.timeSheet.id) : NaN;
    const sheet = store.table(TIME_SHEETS).get(sheetId);
    if (sheet) {
      const hours = all.filter((e) => isObject(e.timeSheet) && e.timeSheet.id === sheet.id).reduce((n, e) => n + Number(e.actualHours ?? 0), 0);
      store.table(TIME_SHEETS).replace(sheet.id, { ...sheet, hours: round2(hours) });
    }
  }
}

