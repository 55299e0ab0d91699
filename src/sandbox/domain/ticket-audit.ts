/**
 * A ticket's audit trail (`GET /system/audittrail?type=Ticket&id=N`).
 *
 * Seeded tickets carry their history in their own fields (entered, responded, resolution plan,
 * resolved, closed), so their trail is derived from those when asked rather than stored: the same
 * answer for the same data, at no seeding cost. Changes made through the API afterwards are recorded
 * as they happen (`recordTicketChanges`) and follow the derived part.
 *
 * The entry shape is the spec's AuditTrailEntry {text, enteredDate, enteredBy, auditType, auditSubType,
 * auditSource}. The wording of `text` ("Status changed from "New" to "Assigned"") is this sandbox's
 * choice: the spec does not fix it, so clients should lean on auditSubType and the quoted values.
 */
import { tableKey } from "../references.js";
import { isObject, isoSeconds, type JsonObject, type Row, type Store } from "../store.js";

export const AUDIT_TRAIL = tableKey("/system/audittrail");

export interface AuditEntry extends JsonObject {
  text: string;
  enteredDate: string;
  enteredBy: string;
  auditType: string;
  auditSubType: string;
  auditSource: string;
}

/** Fields whose changes ConnectWise audits, with the sub-type and how a value reads. */
const AUDITED: [field: string, subType: string, label: string][] = [
  ["status", "Status", "Status"],
  ["priority", "Priority", "Priority"],
  ["owner", "Resource", "Owner"],
  ["board", "Board", "Board"],
  ["company", "Company", "Company"],
  ["summary", "Ticket", "Summary"],
];

const scopeOf = (ticketId: number) => `ticket:${ticketId}`;

function shown(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (isObject(value)) return String(value.identifier ?? value.name ?? value.id ?? "");
  return String(value);
}

/** After a ticket is written through the API: one entry per audited field that changed. */
export function recordTicketChanges(store: Store, before: Row | undefined, after: Row): void {
  const table = store.table(AUDIT_TRAIL);
  const at = isoSeconds(store.now());
  const entry = (text: string, subType: string): AuditEntry => ({ text, enteredDate: at, enteredBy: store.apiMember, auditType: "Ticket", auditSubType: subType, auditSource: "API" });
  if (!before) {
    table.insert(entry(`Ticket created on board "${shown(after.board)}" with status "${shown(after.status)}"`, "Ticket"), { scope: scopeOf(after.id) });
    return;
  }
  for (const [field, subType, label] of AUDITED) {
    const from = shown(before[field]);
    const to = shown(after[field]);
    if (from !== to) table.insert(entry(`${label} changed from "${from}" to "${to}"`, subType), { scope: scopeOf(after.id) });
  }
}

/** The trail of one ticket, oldest first: derived from the seeded record, then what the API changed. */
export function ticketAuditTrail(store: Store, ticket: Row): AuditEntry[] {
  const recorded = store.table(AUDIT_TRAIL).list(scopeOf(ticket.id)).map(({ id: _id, _info: _i, ...e }) => e as AuditEntry);
  if (recorded[0]?.auditSubType === "Ticket" && recorded[0].text.startsWith("Ticket created")) return recorded;
  // The status the seed left the ticket in: where the first recorded status change started from.
  const firstStatusChange = recorded.find((e) => e.auditSubType === "Status");
  const seededStatus = firstStatusChange ? /from "(.*)" to "/.exec(firstStatusChange.text)?.[1] ?? shown(ticket.status) : shown(ticket.status);
  return [...derivedTrail(ticket, seededStatus), ...recorded];
}

/**
 * New at entry; Assigned when responded; In Progress once a resolution plan was set (work began);
 * then the status the ticket rests in, reached when it was resolved or last updated.
 */
function derivedTrail(ticket: Row, finalStatus: string): AuditEntry[] {
  const info = isObject(ticket._info) ? ticket._info : {};
  const entered = String(info.dateEntered ?? "");
  const enteredBy = String(info.enteredBy ?? "");
  const out: AuditEntry[] = [];
  const add = (enteredDate: string, by: string, subType: string, text: string, source = "Member") =>
    out.push({ text, enteredDate, enteredBy: by, auditType: "Ticket", auditSubType: subType, auditSource: by === "sandbox-api" ? "API" : source });
  add(entered, enteredBy, "Ticket", `Ticket created on board "${shown(ticket.board)}" with status "New"`);
  const owner = shown(ticket.owner);
  if (owner) add(entered, enteredBy, "Resource", `Owner changed from "" to "${owner}"`);
  let status = "New";
  const move = (to: string, at: unknown, by: unknown) => {
    if (to === status || typeof at !== "string" || !at) return;
    add(at, String(by || enteredBy), "Status", `Status changed from "${status}" to "${to}"`);
    status = to;
  };
  const open = !["Resolved", "Closed", "Cancelled"].includes(finalStatus);
  if (finalStatus !== "New") move(finalStatus === "Scheduled" && !ticket.dateResplan ? "Scheduled" : "Assigned", ticket.dateResponded, ticket.respondedBy);
  if (!["New", "Assigned", "Scheduled"].includes(finalStatus) && ticket.dateResplan) move("In Progress", ticket.dateResplan, ticket.resplanBy);
  if (!open) move(finalStatus, ticket.closedDate ?? ticket.dateResolved, ticket.closedBy ?? ticket.resolvedBy);
  else move(finalStatus, info.lastUpdated, info.updatedBy);
  return out.sort((a, b) => (a.enteredDate < b.enteredDate ? -1 : a.enteredDate > b.enteredDate ? 1 : 0));
}
