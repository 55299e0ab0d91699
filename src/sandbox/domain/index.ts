/**
 * Per-collection behaviour beyond generic CRUD: derived fields and side effects (RULES), and child
 * collections that are views over another table (VIEWS: a ticket's time entries are time entries).
 * Keys are table keys (lower-cased path templates).
 */
import type { ApiContext } from "../api.js";
import { tableKey } from "../references.js";
import { isObject, type JsonObject, type Row, type Store } from "../store.js";
import { TICKET_NOTES, ticketNoteRules, ticketRules } from "./tickets.js";
import { TIME_ENTRIES, timeEntryRules } from "./time-entries.js";

export interface TableRules {
  /** Defaults and derived fields of a record about to be written; may refuse it with a ConnectWise error. */
  prepare?(record: JsonObject, ctx: ApiContext, existing?: Row): JsonObject;
  /** Side effects once the row is stored (notes, roll-ups). */
  after?(row: Row, ctx: ApiContext, existing?: Row): void;
  beforeDelete?(row: Row, ctx: ApiContext): void;
  afterDelete?(row: Row, ctx: ApiContext): void;
  /** Accepted on writes, never returned (ticket initialDescription ...). */
  writeOnly?: string[];
}

export const RULES: Record<string, TableRules> = {
  [tableKey("/service/tickets")]: ticketRules,
  [TICKET_NOTES]: ticketNoteRules,
  [TIME_ENTRIES]: timeEntryRules,
};

type View = (store: Store, params: Record<string, string>) => Row[];

const entriesCharged = (chargeToType: string): View => (store, params) =>
  store.table(TIME_ENTRIES).list().filter((e) => e.chargeToType === chargeToType && e.chargeToId === Number(params.parentId));

export const VIEWS: Record<string, View> = {
  [tableKey("/service/tickets/{parentId}/timeentries")]: entriesCharged("ServiceTicket"),
  [tableKey("/project/tickets/{parentId}/timeentries")]: entriesCharged("ProjectTicket"),
  [tableKey("/service/tickets/{parentId}/scheduleentries")]: (store, params) =>
    store.table(tableKey("/schedule/entries")).list().filter((s) => s.objectId === Number(params.parentId) && scheduleType(s) === "S"),
  [tableKey("/service/tickets/{parentId}/allNotes")]: (store, params) => store.table(TICKET_NOTES).list(params.parentId),
  [tableKey("/service/tickets/{parentId}/configurations")]: ticketConfigurations,
};

const TICKET_CONFIGURATIONS = tableKey("/service/tickets/{parentId}/configurations");

/**
 * The configurations attached to a ticket: seeded tickets name the device they are about in their
 * summary ("RPM-FW01 dropping VPN tunnels"), so those of the ticket's company named there are attached;
 * links added through the API follow. Answered as ConfigurationReference {id, deviceIdentifier, name}.
 */
function ticketConfigurations(store: Store, params: Record<string, string>): Row[] {
  const ticket = store.table(tableKey("/service/tickets")).get(Number(params.parentId));
  if (!ticket) return [];
  const companyId = isObject(ticket.company) ? ticket.company.id : undefined;
  const summary = String(ticket.summary ?? "");
  const named = store
    .table(tableKey("/company/configurations"))
    .list()
    .filter((c) => isObject(c.company) && c.company.id === companyId && typeof c.name === "string" && c.name.length > 2 && summary.includes(c.name))
    .map((c): Row => ({ id: c.id, deviceIdentifier: String(c.deviceIdentifier ?? c.name), name: c.name }));
  const linked = store.table(TICKET_CONFIGURATIONS).list(params.parentId);
  return [...named, ...linked.filter((l) => !named.some((n) => n.id === l.id))];
}

function scheduleType(entry: Row): unknown {
  return isObject(entry.type) ? entry.type.identifier ?? "S" : "S";
}
