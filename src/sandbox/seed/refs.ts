/**
 * References as the spec's *Reference schemas shape them, built from the very row they point at, so a
 * ticket's `company` is `{id, identifier, name}` of that company. Where a reference field is not a
 * copy of a same-named row field (an agreement reference's `type` is the type's name, an invoice
 * reference's `identifier` is its invoice number), the builder below says how.
 */
import { referenceTo } from "../references.js";
import { isObject, type JsonObject, type Row } from "../store.js";

const FIELDS = {
  ActivityReference: ["id", "name"],
  ActivityStatusReference: ["id", "name"],
  ActivityTypeReference: ["id", "name"],
  AgreementTypeReference: ["id", "name"],
  BillingCycleReference: ["id", "name"],
  BillingTermsReference: ["id", "name"],
  BillingUnitReference: ["id", "name"],
  BoardReference: ["id", "name"],
  CalendarReference: ["id", "name"],
  ChargeCodeReference: ["id", "name"],
  CompanyReference: ["id", "identifier", "name"],
  CompanyStatusReference: ["id", "name"],
  CorporateStructureLevelReference: ["id", "name"],
  CompanyTypeReference: ["id", "name"],
  ConfigurationStatusReference: ["id", "name"],
  ConfigurationTypeReference: ["id", "name"],
  ContactReference: ["id", "name"],
  CountryReference: ["id", "identifier", "name"],
  ExpenseTypeReference: ["id", "name"],
  HolidayListReference: ["id", "name"],
  IvItemReference: ["id", "identifier", "serializedFlag"],
  ManufacturerReference: ["id", "name"],
  MarketDescriptionReference: ["id", "name"],
  MemberReference: ["id", "identifier", "name", "dailyCapacity"],
  OpportunityReference: ["id", "name"],
  OpportunityProbabilityReference: ["id", "name"],
  OpportunityRatingReference: ["id", "name"],
  OpportunityStageReference: ["id", "name"],
  OpportunityStatusReference: ["id", "name"],
  OwnerLevelReference: ["id", "name"],
  PhaseStatusReference: ["id", "name"],
  PriorityReference: ["id", "name", "sort", "level"],
  ProductCategoryReference: ["id", "name"],
  ProductSubCategoryReference: ["id", "name"],
  ProductTypeReference: ["id", "name"],
  ProjectBoardReference: ["id", "name"],
  ProjectPhaseReference: ["id", "name"],
  ProjectReference: ["id", "name"],
  ProjectStatusReference: ["id", "name"],
  ProjectTypeReference: ["id", "name"],
  PurchaseOrderStatusReference: ["id", "name"],
  ScheduleStatusReference: ["id", "name"],
  ScheduleTypeReference: ["id", "identifier"],
  SecurityRoleReference: ["id", "name"],
  ServiceItemReference: ["id", "name"],
  ServiceLocationReference: ["id", "name"],
  ServiceSourceReference: ["id", "name"],
  ServiceStatusReference: ["id", "name", "sort"],
  ServiceSubTypeReference: ["id", "name"],
  ServiceTeamReference: ["id", "name"],
  ServiceTypeReference: ["id", "name"],
  SiteReference: ["id", "name"],
  SLAReference: ["id", "name"],
  StateReference: ["id", "identifier", "name"],
  SystemDepartmentReference: ["id", "identifier", "name"],
  SystemLocationReference: ["id", "name"],
  TicketReference: ["id", "summary"],
  TimeAccrualReference: ["id", "name"],
  TimeSheetReference: ["id", "name"],
  UnitOfMeasureReference: ["id", "name"],
  WorkRoleReference: ["id", "name"],
  WorkTypeReference: ["id", "name", "utilizationFlag"],
} as const satisfies Record<string, readonly string[]>;

const day = (v: unknown) => String(v ?? "").slice(0, 10);

/** References whose fields are not copies of the target row's same-named fields. */
const BUILDERS = {
  AgreementReference: (r: Row) => ({ id: r.id, name: r.name, type: isObject(r.type) ? r.type.name : undefined }),
  BillingStatusReference: (r: Row) => ({ id: r.id, name: r.name, isClosed: r.closedFlag === true }),
  CommunicationTypeReference: (r: Row) => ({ id: r.id, name: r.description }),
  ContactTypeReference: (r: Row) => ({ id: r.id, name: r.description }),
  TaxCodeReference: (r: Row) => ({ id: r.id, name: r.identifier }),
  OpportunityTypeReference: (r: Row) => ({ id: r.id, name: r.description }),
  ConfigurationReference: (r: Row) => ({ id: r.id, deviceIdentifier: r.deviceIdentifier ?? r.name }),
  CurrencyReference: (r: Row) => ({
    id: r.id, symbol: r.symbol, currencyIdentifier: r.currencyIdentifier, name: r.name, decimalSeparator: r.decimalSeparator,
    thousandsSeparator: r.thousandsSeparator, numberOfDecimals: r.numberOfDecimals, displaySymbolFlag: r.displaySymbolFlag,
    displayIdFlag: r.displayIdFlag, negativeParenthesesFlag: r.negativeParenthesesFlag, rightAlign: r.rightAlign,
  }),
  ExpenseReportReference: (r: Row) => ({ id: r.id, name: `${day(r.dateStart)} to ${day(r.dateEnd)}` }),
  InvoiceReference: (r: Row) => ({ id: r.id, identifier: r.invoiceNumber, billingType: r.type, applyToType: r.applyToType, invoiceDate: r.date }),
  ProductReference: (r: Row) => ({ id: r.id, description: r.description }),
  CatalogItemReference: (r: Row) => ({ id: r.id, identifier: r.identifier, name: r.description }),
} as const satisfies Record<string, (r: Row) => JsonObject>;

export type ReferenceSchema = keyof typeof FIELDS | keyof typeof BUILDERS;

const cache = new WeakMap<Row, Record<string, JsonObject>>();

/**
 * The reference `schema` makes to `row`. References are shared and frozen: records never edit a
 * reference in place (they point elsewhere), and freezing turns an accidental edit into an error
 * instead of a change to every record that shares it.
 */
export function ref(schema: ReferenceSchema, row: Row): JsonObject {
  let byRow = cache.get(row);
  if (!byRow) cache.set(row, (byRow = {}));
  let built = byRow[schema];
  if (!built) {
    const builder = (BUILDERS as Record<string, (r: Row) => JsonObject>)[schema];
    built = Object.freeze(builder ? dropUndefined(builder(row)) : referenceTo(schema, row, (FIELDS as Record<string, readonly string[]>)[schema] ?? ["id", "name"]));
    byRow[schema] = built;
  }
  return built;
}

function dropUndefined(o: JsonObject): JsonObject {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
