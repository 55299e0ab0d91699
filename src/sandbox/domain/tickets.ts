/**
 * Service tickets: the defaults and derived fields ConnectWise fills in (research §4.2–4.4, §7.2).
 * A new ticket gets its board's default status; a status with `closedStatus` closes the ticket
 * (closedFlag, closedDate, closedBy) and leaving one reopens it; `initialDescription`,
 * `initialInternalAnalysis` and `initialResolution` become the first notes and are never returned.
 */
import type { ApiContext } from "../api.js";
import { tableKey } from "../references.js";
import { isObject, isoSeconds, type JsonObject, type Row } from "../store.js";
import type { TableRules } from "./index.js";
import { recordTicketChanges } from "./ticket-audit.js";

const BOARDS = tableKey("/service/boards");
const STATUSES = tableKey("/service/boards/{parentId}/statuses");
export const TICKET_NOTES = tableKey("/service/tickets/{parentId}/notes");

const INITIAL_NOTES: [field: string, flag: string][] = [
  ["initialDescription", "detailDescriptionFlag"],
  ["initialInternalAnalysis", "internalAnalysisFlag"],
  ["initialResolution", "resolutionFlag"],
];

export const ticketRules: TableRules = {
  writeOnly: INITIAL_NOTES.map(([field]) => field),

  prepare(record: JsonObject, ctx: ApiContext, existing?: Row): JsonObject {
    const out: JsonObject = { ...record, recordType: "ServiceTicket" };
    const boards = ctx.store.table(BOARDS);
    if (!isObject(out.board)) {
      const board = boards.list()[0];
      if (board) out.board = { id: board.id };
    }
    const boardId = isObject(out.board) ? Number(out.board.id) : undefined;
    const statuses = ctx.store.table(STATUSES);
    if (!isObject(out.status) && boardId !== undefined) {
      const onBoard = statuses.list(String(boardId));
      const status = onBoard.find((s) => s.defaultFlag === true) ?? onBoard[0];
      if (status) out.status = { id: status.id };
    }
    const status = isObject(out.status) && typeof out.status.id === "number" ? statuses.get(out.status.id) : undefined;
    const closed = status?.closedStatus === true;
    const wasClosed = existing?.closedFlag === true;
    out.closedFlag = closed;
    if (closed && !wasClosed) {
      out.closedDate = isoSeconds(ctx.store.now());
      out.closedBy = ctx.store.apiMember;
    } else if (!closed) {
      out.closedDate = null;
      out.closedBy = null;
    } else {
      out.closedDate = existing?.closedDate ?? out.closedDate;
      out.closedBy = existing?.closedBy ?? out.closedBy;
    }
    out.actualHours ??= existing?.actualHours ?? null;
    return out;
  },

  after(row: Row, ctx: ApiContext, existing?: Row): void {
    recordTicketChanges(ctx.store, existing, row);
    if (existing) return;
    const notes = ctx.store.table(TICKET_NOTES);
    for (const [field, flag] of INITIAL_NOTES) {
      const text = row[field];
      if (typeof text !== "string" || !text.trim()) continue;
      notes.insert(
        { ticketId: row.id, text, [flag]: true, internalFlag: flag === "internalAnalysisFlag", externalFlag: flag !== "internalAnalysisFlag", dateCreated: isoSeconds(ctx.store.now()), createdBy: ctx.store.apiMember },
        { scope: String(row.id) },
      );
    }
  },
};

export const ticketNoteRules: TableRules = {
  prepare(record: JsonObject, ctx: ApiContext): JsonObject {
    return {
      ...record,
      ticketId: Number(ctx.match.params.parentId),
      dateCreated: record.dateCreated ?? isoSeconds(ctx.store.now()),
      createdBy: record.createdBy ?? ctx.store.apiMember,
    };
  },
};
