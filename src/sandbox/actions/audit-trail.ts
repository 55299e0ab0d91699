/**
 * GET /system/audittrail?type=Ticket&id=N (and /count): a record's audit trail, oldest first, paged
 * like any list. Only tickets keep a trail in this sandbox; other types answer with an empty list.
 * The audit trail does not support forward-only paging (research §3.9), so only numbered pages.
 */
import type { ApiContext, ApiResponse } from "../api.js";
import { ticketAuditTrail } from "../domain/ticket-audit.js";
import { cwError, notFound } from "../errors.js";
import { pageRequest, paginate } from "../query/paging.js";
import { tableKey } from "../references.js";

function trail(ctx: ApiContext) {
  const query = ctx.request.query;
  const type = query.get("type")?.trim();
  const id = Number(query.get("id"));
  if (!type || !Number.isInteger(id) || id <= 0) throw cwError(400, "InvalidObject", "The audit trail needs type (e.g. Ticket) and id (the record's id).");
  if (type.toLowerCase() !== "ticket") return [];
  const ticket = ctx.store.table(tableKey("/service/tickets")).get(id);
  if (!ticket) throw notFound(`Ticket ${id} was not found.`);
  return ticketAuditTrail(ctx.store, ticket);
}

function list(ctx: ApiContext): ApiResponse {
  const rows = trail(ctx).map((entry, i) => ({ id: i + 1, entry }));
  const page = paginate(rows, pageRequest(ctx.request.query, false), ctx.request.query, `${ctx.request.baseUrl}${ctx.request.path}`);
  return { status: 200, ...(page.link !== undefined ? { headers: { Link: page.link } } : {}), body: page.items.map((r) => r.entry) };
}

export const AUDIT_TRAIL_ACTIONS: Record<string, (ctx: ApiContext) => ApiResponse> = {
  "GET /system/audittrail": list,
  "GET /system/audittrail/count": (ctx) => ({ status: 200, body: { count: trail(ctx).length } }),
};
