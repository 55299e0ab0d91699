/**
 * Action endpoints the MCP tools rely on, with real behaviour: time sheet and expense report approval,
 * ticket and company merges, the invoice PDF, the system reports (reports.ts) and the audit trail. Keys: "METHOD /path/template"
 * as in the spec, lower-cased.
 */
import type { ApiContext, ApiResponse } from "../api.js";
import { nextStatus, type ApprovalAction, type ApprovalStatus } from "../domain/approval.js";
import { TIME_ENTRIES, TIME_SHEETS } from "../domain/time-entries.js";
import { cwError, invalidObject, notFound } from "../errors.js";
import { resolveReference, tableKey } from "../references.js";
import { isObject, isoSeconds, type JsonObject, type Row, type Store } from "../store.js";
import { requestBodySchema } from "../../schemas.js";
import { checkBody } from "../validate.js";
import { invoicePdf } from "./pdf.js";
import { AUDIT_TRAIL_ACTIONS } from "./audit-trail.js";
import { REPORT_ACTIONS } from "./reports.js";

export type Action = (ctx: ApiContext) => Promise<ApiResponse> | ApiResponse;

const success = (message: string): ApiResponse => ({ status: 200, body: { success: true, message } });

function recordById(ctx: ApiContext, table: string, param = "id"): Row {
  const id = Number(ctx.match.params[param]);
  const row = Number.isInteger(id) ? ctx.store.table(table).get(id) : undefined;
  if (!row) throw notFound(`Record with id ${ctx.match.params[param]} was not found.`);
  return row;
}

async function validBody(ctx: ApiContext): Promise<JsonObject> {
  const schema = await requestBodySchema(ctx.match.route.category, ctx.match.route.operationId);
  const body = ctx.request.body ?? {};
  if (schema) checkBody(schema, body, ctx.table.resource, ctx.table.schemaName ?? "Object");
  return isObject(body) ? body : {};
}

/**
 * Move a time sheet or expense report through the approval workflow, record an audit row, and give
 * the sheet's entries its new status.
 */
function approval(kind: "time sheet" | "expense report", table: string, auditTable: string, entriesTable: string, link: (entry: Row) => unknown, action: ApprovalAction): Action {
  return async (ctx) => {
    const body = action === "approve" ? await validBody(ctx) : {};
    const row = recordById(ctx, table);
    const from = (row.status ?? "Open") as ApprovalStatus;
    const to = nextStatus(from, action, typeof body.approvalType === "string" ? body.approvalType : undefined);
    if (typeof to !== "string") {
      throw cwError(400, "InvalidObject", `The ${kind} ${row.id} cannot be ${action === "submit" ? "submitted" : `${action}ed`}: ${to.refused}.`);
    }
    const store = ctx.store;
    store.table(table).replace(row.id, { ...row, status: to });
    for (const entry of store.table(entriesTable).list()) {
      if (link(entry) === row.id) store.table(entriesTable).replace(entry.id, { ...entry, status: to });
    }
    store.table(auditTable).insert(
      { source: "API", type: "Status", message: `Status changed from ${from} to ${to}`, oldValue: from, newValue: to, value: to, member: apiMemberReference(store) },
      { scope: String(row.id) },
    );
    return success(`The ${kind} is now ${to}.`);
  };
}

function apiMemberReference(store: Store): JsonObject | null {
  const me = store.table(tableKey("/system/members")).findBy("identifier", store.apiMember);
  return me ? { id: me.id, identifier: me.identifier } : null;
}

const sheetOf = (entry: Row) => (isObject(entry.timeSheet) ? entry.timeSheet.id : undefined);
const reportOf = (entry: Row) => (isObject(entry.expenseReport) ? entry.expenseReport.id : undefined);
const TIME_SHEET_AUDITS = tableKey("/time/sheets/{parentId}/audits");
const EXPENSE_REPORTS = tableKey("/expense/reports");
const EXPENSE_AUDITS = tableKey("/expense/reports/{parentId}/audits");
const EXPENSE_ENTRIES = tableKey("/expense/entries");
const TICKETS = tableKey("/service/tickets");

/** POST /service/tickets/{parentId}/merge {mergeTicketIds, status}: the others close into the parent. */
const mergeTickets: Action = async (ctx) => {
  const body = await validBody(ctx);
  const parent = recordById(ctx, TICKETS, "parentId");
  const store = ctx.store;
  const ids = (body.mergeTicketIds as number[]).filter((id) => id !== parent.id);
  const children = ids.map((id) => store.table(TICKETS).get(id));
  const missing = ids.filter((_, i) => !children[i]);
  if (missing.length > 0 || ids.length === 0) {
    throw invalidObject("ticketMerge", [{ code: "InvalidField", message: ids.length === 0 ? "mergeTicketIds must name at least one other ticket." : `Tickets ${missing.join(", ")} were not found.`, resource: "ticketMerge", field: "mergeTicketIds" }]);
  }
  const board = isObject(parent.board) ? String(parent.board.id) : undefined;
  const status = resolveReference(store, "ServiceStatusReference", body.status as JsonObject, board);
  if (!status || "error" in status) {
    throw invalidObject("ticketMerge", [{ code: "InvalidField", message: `status: ${status && "error" in status ? status.error : "unknown"} on the parent ticket's board.`, resource: "ticketMerge", field: "status" }]);
  }
  const closedAt = isoSeconds(store.now());
  for (const child of children as Row[]) {
    store.table(TICKETS).replace(child.id, {
      ...child,
      status: { id: status.row.id, name: status.row.name },
      closedFlag: true,
      closedDate: closedAt,
      closedBy: store.apiMember,
      mergedParentTicket: { id: parent.id, summary: parent.summary },
    });
    for (const entry of store.table(TIME_ENTRIES).list()) {
      if (entry.chargeToType === "ServiceTicket" && entry.chargeToId === child.id) {
        store.table(TIME_ENTRIES).replace(entry.id, { ...entry, chargeToId: parent.id, ticket: { id: parent.id, summary: parent.summary } });
      }
    }
  }
  const actual = store.table(TIME_ENTRIES).list().filter((e) => e.chargeToType === "ServiceTicket" && e.chargeToId === parent.id).reduce((n, e) => n + Number(e.actualHours ?? 0), 0);
  store.table(TICKETS).replace(parent.id, { ...parent, hasMergedChildTicketFlag: true, actualHours: Math.round(actual * 100) / 100 });
  return success(`Merged ticket(s) ${ids.join(", ")} into ticket ${parent.id}.`);
};

/**
 * POST /company/companies/{id}/merge {toCompanyId, ...}: every record that refers to the company now
 * refers to the target, and the merged company is marked deleted.
 */
const mergeCompanies: Action = async (ctx) => {
  const body = await validBody(ctx);
  const companies = ctx.store.table(tableKey("/company/companies"));
  const from = recordById(ctx, tableKey("/company/companies"));
  const to = companies.get(Number(body.toCompanyId));
  if (!to || to.id === from.id) {
    throw invalidObject("companyMerge", [{ code: "InvalidField", message: "toCompanyId must name another existing company.", resource: "companyMerge", field: "toCompanyId" }]);
  }
  const reference = { id: to.id, identifier: to.identifier, name: to.name };
  let moved = 0;
  for (const template of ctx.store.templates()) {
    const table = ctx.store.table(template);
    for (const row of table.list()) {
      let changed = false;
      const copy: JsonObject = { ...row };
      for (const [k, v] of Object.entries(row)) {
        if (isObject(v) && v.id === from.id && k.toLowerCase().includes("company") && template !== tableKey("/company/companies")) {
          copy[k] = { ...v, ...reference };
          changed = true;
        }
      }
      if (changed) {
        table.replace(row.id, copy);
        moved++;
      }
    }
  }
  companies.replace(from.id, { ...from, deletedFlag: true });
  return success(`Merged company ${String(from.identifier)} into ${String(to.identifier)}; ${moved} records moved.`);
};

const pdf: Action = (ctx) => {
  const invoice = recordById(ctx, tableKey("/finance/invoices"));
  return { status: 200, raw: { contentType: "application/pdf", data: invoicePdf(invoice) } };
};

function approvals(kind: "time sheet" | "expense report", path: string, table: string, audits: string, entries: string, link: (e: Row) => unknown): Record<string, Action> {
  const out: Record<string, Action> = {};
  for (const action of ["submit", "approve", "reject", "reverse"] as const) {
    out[`POST ${path}/{id}/${action}`] = approval(kind, table, audits, entries, link, action);
  }
  return out;
}

export const ACTIONS: Record<string, Action> = {
  ...approvals("time sheet", "/time/sheets", TIME_SHEETS, TIME_SHEET_AUDITS, TIME_ENTRIES, sheetOf),
  ...approvals("expense report", "/expense/reports", EXPENSE_REPORTS, EXPENSE_AUDITS, EXPENSE_ENTRIES, reportOf),
  "POST /service/tickets/{parentid}/merge": mergeTickets,
  "POST /company/companies/{id}/merge": mergeCompanies,
  "GET /finance/invoices/{id}/pdf": pdf,
  ...REPORT_ACTIONS,
  ...AUDIT_TRAIL_ACTIONS,
};
