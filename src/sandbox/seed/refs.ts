/**
 * References as the spec's *Reference schemas shape them, built from the very row they point at, so a
 * ticket's `company` is `{id, identifier, name}` of that company. Where a reference field is not a copy
 * of a same-named row field (an agreement reference's `type` is the type's name, an invoice reference's
 * `identifier` is its invoice number), REFERENCE_TARGETS in ../references.ts says how, for the seed and
 * the API alike.
 */
import { referenceTo } from "../references.js";
import type { JsonObject, Row } from "../store.js";

/** The fields of each *Reference schema the seed writes (references.ts says where each value comes from). */
const FIELDS = {
  ActivityReference: ["id", "name"],
  AgreementReference: ["id", "name", "type"],
  BillingStatusReference: ["id", "name", "isClosed"],
  CatalogItemReference: ["id", "identifier", "name"],
  CommunicationTypeReference: ["id", "name"],
  ConfigurationReference: ["id", "deviceIdentifier"],
  ContactTypeReference: ["id", "name"],
  CurrencyReference: [
    "id", "symbol", "currencyIdentifier", "name", "decimalSeparator", "thousandsSeparator", "numberOfDecimals",
    "displaySymbolFlag", "displayIdFlag", "negativeParenthesesFlag", "rightAlign",
  ],
  ExpenseReportReference: ["id", "name"],
  InvoiceReference: ["id", "identifier", "billingType", "applyToType", "invoiceDate"],
  OpportunityTypeReference: ["id", "name"],
  ProductReference: ["id", "description"],
  TaxCodeReference: ["id", "name"],
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

export type ReferenceSchema = keyof typeof FIELDS;

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
    built = Object.freeze(referenceTo(schema, row, FIELDS[schema]));
    byRow[schema] = built;
  }
  return built;
}
