/**
 * Reference objects: `"company": {"id": 250, "identifier": "ACME", "name": "Acme Corp"}`.
 *
 * ConnectWise accepts a reference by id, identifier or name and answers with the referenced record's
 * current values. This registry says which table each reference schema points at, how to name a row,
 * and, for board-specific lists (statuses, types), which field of the referring record gives the scope.
 */
import { isObject, type Row, type Store } from "./store.js";

interface ReferenceTarget {
  table: string;
  /** The referring record's field whose id scopes the target (a ticket's status lives on its board). */
  scopeFrom?: string;
  /** How the row is named in a reference, when not by its `name` field. */
  name?: (row: Row) => string;
  /** Reference fields read from differently named record fields (an invoice's `identifier` is its number). */
  fields?: Record<string, (row: Row) => unknown>;
}

const fullName = (row: Row) => `${String(row.firstName ?? "")} ${String(row.lastName ?? "")}`.trim();
const day = (v: unknown) => String(v ?? "").slice(0, 10);

export const REFERENCE_TARGETS: Record<string, ReferenceTarget> = {
  CompanyReference: { table: "/company/companies" },
  CompanyStatusReference: { table: "/company/companies/statuses" },
  CompanyTypeReference: { table: "/company/companies/types" },
  ContactReference: { table: "/company/contacts", name: fullName },
  SiteReference: { table: "/company/companies/{parentId}/sites", scopeFrom: "company" },
  CountryReference: { table: "/company/countries" },
  CommunicationTypeReference: { table: "/company/communicationTypes", name: (r) => String(r.description ?? "") },
  ContactTypeReference: { table: "/company/contacts/types", name: (r) => String(r.description ?? "") },
  StateReference: { table: "/company/states" },
  ConfigurationReference: { table: "/company/configurations", fields: { deviceIdentifier: (r) => r.deviceIdentifier ?? r.name } },
  ConfigurationTypeReference: { table: "/company/configurations/types" },
  ConfigurationStatusReference: { table: "/company/configurations/statuses", name: (r) => String(r.description ?? "") },
  BoardReference: { table: "/service/boards" },
  ServiceStatusReference: { table: "/service/boards/{parentId}/statuses", scopeFrom: "board" },
  ServiceTypeReference: { table: "/service/boards/{parentId}/types", scopeFrom: "board" },
  ServiceSubTypeReference: { table: "/service/boards/{parentId}/subtypes", scopeFrom: "board" },
  ServiceItemReference: { table: "/service/boards/{parentId}/items", scopeFrom: "board" },
  ServiceTeamReference: { table: "/service/boards/{parentId}/teams", scopeFrom: "board" },
  PriorityReference: { table: "/service/priorities" },
  ServiceSourceReference: { table: "/service/sources" },
  SLAReference: { table: "/service/slas" },
  TicketReference: { table: "/service/tickets", name: (r) => String(r.summary ?? "") },
  MemberReference: { table: "/system/members", name: fullName },
  SystemLocationReference: { table: "/system/locations" },
  SystemDepartmentReference: { table: "/system/departments" },
  WorkRoleReference: { table: "/time/workroles" },
  WorkTypeReference: { table: "/time/worktypes" },
  ChargeCodeReference: { table: "/time/chargecodes" },
  TimeSheetReference: { table: "/time/sheets", name: (r) => `${day(r.dateStart)} to ${day(r.dateEnd)}` },
  AgreementReference: { table: "/finance/agreements", fields: { type: (r) => (isObject(r.type) ? r.type.name : r.type) } },
  AgreementTypeReference: { table: "/finance/agreements/types" },
  BillingStatusReference: { table: "/finance/billingStatuses", fields: { isClosed: (r) => r.closedFlag === true } },
  InvoiceReference: {
    table: "/finance/invoices",
    fields: { identifier: (r) => r.invoiceNumber, billingType: (r) => r.type, invoiceDate: (r) => r.date },
  },
  CurrencyReference: { table: "/finance/currencies", name: (r) => String(r.currencyName ?? r.name ?? "") },
  TaxCodeReference: { table: "/finance/taxcodes", name: (r) => String(r.identifier ?? r.name ?? "") },
  BillingTermsReference: { table: "/finance/billingterms" },
  ProjectReference: { table: "/project/projects" },
  ProjectStatusReference: { table: "/project/statuses" },
  ProjectTypeReference: { table: "/project/projecttypes" },
  ProjectPhaseReference: { table: "/project/projects/{parentId}/phases", scopeFrom: "project", name: (r) => String(r.description ?? "") },
  OpportunityReference: { table: "/sales/opportunities" },
  OpportunityStageReference: { table: "/sales/stages" },
  OpportunityStatusReference: { table: "/sales/opportunities/statuses" },
  OpportunityTypeReference: { table: "/sales/opportunities/types", name: (r) => String(r.description ?? "") },
  OpportunityProbabilityReference: { table: "/sales/probabilities", name: (r) => String(r.probability ?? "") },
  ActivityReference: { table: "/sales/activities" },
  ActivityTypeReference: { table: "/sales/activities/types" },
  ActivityStatusReference: { table: "/sales/activities/statuses" },
  PurchaseOrderReference: { table: "/procurement/purchaseorders", name: (r) => String(r.poNumber ?? "") },
  PurchaseOrderStatusReference: { table: "/procurement/purchaseorderstatuses" },
  CatalogItemReference: { table: "/procurement/catalog", name: (r) => String(r.description ?? "") },
  ProductReference: { table: "/procurement/catalog", name: (r) => String(r.description ?? "") },
  ExpenseTypeReference: { table: "/expense/types" },
  ExpenseReportReference: { table: "/expense/reports", name: (r) => `${day(r.dateStart)} to ${day(r.dateEnd)}` },
  ScheduleTypeReference: { table: "/schedule/types" },
  ScheduleStatusReference: { table: "/schedule/statuses" },
  HolidayListReference: { table: "/schedule/holidaylists" },
  CalendarReference: { table: "/schedule/calendars" },
};

/** Table keys are path templates lower-cased: the spec spells some paths two ways (/service/SLAs, /service/slas/...). */
export function tableKey(template: string): string {
  return template.toLowerCase();
}

/** Build the reference a record carries to `row`, in the shape of `schemaName` (fields it declares). */
export function referenceTo(schemaName: string, row: Row, fields: readonly string[]): Record<string, unknown> {
  const target = REFERENCE_TARGETS[schemaName];
  const ref: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === "_info") continue;
    let v: unknown;
    const read = target?.fields?.[f];
    if (read) v = read(row);
    else if (f === "name") v = target?.name ? target.name(row) : row.name;
    else if (f === "sort") v = row.sortOrder ?? row.sort;
    else v = row[f];
    if (v !== undefined) ref[f] = v;
  }
  if (ref.id === undefined) ref.id = row.id;
  return ref;
}

export type ResolveResult = { row: Row } | { error: string };

/**
 * Find the row a reference value names: by id, else identifier, else name (case-insensitive).
 * `scope` is the parent id for board-specific targets.
 */
export function resolveReference(store: Store, schemaName: string, value: Record<string, unknown>, scope?: string): ResolveResult | undefined {
  const target = REFERENCE_TARGETS[schemaName];
  if (!target) return undefined;
  const table = store.table(tableKey(target.table));
  const scoped = target.scopeFrom ? scope : undefined;
  let row: Row | undefined;
  let by = "";
  if (typeof value.id === "number") {
    row = table.get(value.id);
    by = `id ${value.id}`;
    if (row && scoped !== undefined && table.scopeOf(row.id) !== scoped) row = undefined;
  } else if (typeof value.identifier === "string") {
    row = table.findBy("identifier", value.identifier, scoped);
    by = `identifier "${value.identifier}"`;
  } else if (typeof value.name === "string") {
    const wanted = value.name.toLowerCase();
    row = table.list(scoped).find((r) => (target.name ? target.name(r) : String(r.name ?? "")).toLowerCase() === wanted);
    by = `name "${value.name}"`;
  } else {
    return { error: "a reference needs an id, identifier or name" };
  }
  return row ? { row } : { error: `no record with ${by}` };
}
