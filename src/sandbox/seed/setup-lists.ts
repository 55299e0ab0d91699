/**
 * The pick lists other records refer to: company statuses and types, markets, contact and
 * communication types, configuration types and statuses, agreement types, project and phase
 * statuses, the sales pipeline, purchase order statuses, the product catalogue's classification,
 * schedule types and statuses, expense types.
 */
import type { JsonObject, Row } from "../store.js";
import type { SeedContext } from "./context.js";
import { DAY } from "./dates.js";
import { MARKETS, type MarketKey } from "./names.js";
import { ref } from "./refs.js";
import type { ServiceSetup } from "./setup-service.js";
import type { SystemSetup } from "./setup-system.js";
import { PROJECT_TEMPLATES } from "./texts.js";

export const CONFIGURATION_TYPES = [
  "Managed Workstation", "Laptop", "Managed Server", "Virtual Server", "Firewall", "Switch", "Wireless Access Point", "Printer", "NAS", "UPS", "Backup Appliance",
] as const;
export type ConfigurationTypeName = (typeof CONFIGURATION_TYPES)[number];

export const MANUFACTURERS = ["Dell", "HP", "Lenovo", "Fortinet", "Cisco Meraki", "Ubiquiti", "Synology", "APC", "Microsoft", "Datto", "Brother", "Ricoh", "Adobe"] as const;

const PRODUCT_CLASSES: Record<string, readonly string[]> = {
  Hardware: ["Laptops", "Desktops", "Servers", "Networking", "Printers", "Power", "Accessories"],
  Software: ["Licensing", "Security Software"],
  Services: ["Managed Services", "Labor", "Backup"],
  Cloud: ["Microsoft 365", "Cloud Backup"],
};

export function seedLists(ctx: SeedContext, system: SystemSetup, service: ServiceSetup) {
  const at = ctx.historyStart - 3 * 365 * DAY;
  const put = (template: string, record: JsonObject) => ctx.insert(template, record, { at });
  const named = <K extends string>(template: string, entries: readonly (readonly [K, JsonObject])[]) =>
    Object.fromEntries(entries.map(([k, r]) => [k, put(template, r)])) as Record<K, Row>;

  const companyStatuses = named("/company/companies/statuses", [
    ["active", { name: "Active", defaultFlag: true, inactiveFlag: false, notifyFlag: false, disallowSavingFlag: false, customNoteFlag: false, cancelOpenTracksFlag: false }],
    ["inactive", { name: "Inactive", defaultFlag: false, inactiveFlag: true, notifyFlag: false, disallowSavingFlag: false, customNoteFlag: false, cancelOpenTracksFlag: true }],
    ["creditHold", { name: "Credit Hold", defaultFlag: false, inactiveFlag: false, notifyFlag: true, notificationMessage: "Account on credit hold: check with accounting before starting billable work.", disallowSavingFlag: false, customNoteFlag: false, cancelOpenTracksFlag: false }],
    ["notApproved", { name: "Not-Approved", defaultFlag: false, inactiveFlag: false, notifyFlag: true, notificationMessage: "Not yet approved as a client.", disallowSavingFlag: false, customNoteFlag: false, cancelOpenTracksFlag: false }],
  ] as const);
  const companyTypes = named("/company/companies/types", [
    ["client", { name: "Client", defaultFlag: true, vendorFlag: false, serviceAlertFlag: false }],
    ["prospect", { name: "Prospect", defaultFlag: false, vendorFlag: false, serviceAlertFlag: false }],
    ["vendor", { name: "Vendor", defaultFlag: false, vendorFlag: true, serviceAlertFlag: false }],
    ["partner", { name: "Partner", defaultFlag: false, vendorFlag: false, serviceAlertFlag: false }],
    ["owner", { name: "Owner", defaultFlag: false, vendorFlag: false, serviceAlertFlag: false }],
    ["breakFix", { name: "Break Fix Client", defaultFlag: false, vendorFlag: false, serviceAlertFlag: true, serviceAlertMessage: "No managed services agreement: work is billed time and materials." }],
  ] as const);
  const markets = new Map<MarketKey, Row>(MARKETS.map((m) => [m.market, put("/company/marketDescriptions", { name: m.market })]));
  const contactTypes = named("/company/contacts/types", [
    ["primary", { description: "Primary Contact", defaultFlag: false }],
    ["billing", { description: "Billing", defaultFlag: false }],
    ["technical", { description: "Technical", defaultFlag: false }],
    ["decisionMaker", { description: "Decision Maker", defaultFlag: false }],
    ["endUser", { description: "End User", defaultFlag: true }],
  ] as const);
  const communicationTypes = named("/company/communicationTypes", [
    ["email", { description: "Email", phoneFlag: false, faxFlag: false, emailFlag: true, defaultFlag: true }],
    ["direct", { description: "Direct", phoneFlag: true, faxFlag: false, emailFlag: false, defaultFlag: true }],
    ["cell", { description: "Cell", phoneFlag: true, faxFlag: false, emailFlag: false, defaultFlag: false }],
    ["fax", { description: "Fax", phoneFlag: false, faxFlag: true, emailFlag: false, defaultFlag: false }],
  ] as const);

  const configurationTypes = new Map<ConfigurationTypeName, Row>(CONFIGURATION_TYPES.map((name) => [name, put("/company/configurations/types", { name, inactiveFlag: false, systemFlag: false })]));
  const configurationStatuses = named("/company/configurations/statuses", [
    ["active", { description: "Active", closedFlag: false, defaultFlag: true }],
    ["inactive", { description: "Inactive", closedFlag: false, defaultFlag: false }],
    ["retired", { description: "Retired", closedFlag: true, defaultFlag: false }],
  ] as const);

  const agreementType = (name: string, extra: JsonObject): JsonObject => ({
    name, prefixSuffixOption: "Prefix", defaultFlag: false, inactiveFlag: false, prePaymentFlag: false, location: ref("SystemLocationReference", system.locations.tampa),
    department: ref("SystemDepartmentReference", system.departments.services), restrictLocationFlag: false, restrictDepartmentFlag: false,
    employeeCompRate: "Actual", employeeCompNotExceed: "Billing", invoicingCycle: "ContractYear", billTime: "Billable", billExpenses: "Billable",
    billProducts: "Billable", billingCycle: ref("BillingCycleReference", system.billingCycles.monthly), billingTerms: ref("BillingTermsReference", system.billingTerms.net30),
    billableTimeInvoiceFlag: true, billableExpenseInvoiceFlag: true, billableProductInvoiceFlag: true, taxableFlag: false, autoInvoiceFlag: false, ...extra,
  });
  const agreementTypes = named("/finance/agreements/types", [
    ["managed", agreementType("Managed Services", { defaultFlag: true, invoicePreSuffix: "MS", sla: ref("SLAReference", service.slas.premium), applicationUnits: "Amount", applicationUnlimitedFlag: true, coverAgreementTimeFlag: true, coverAgreementProductFlag: false, coverAgreementExpenseFlag: false, workRole: ref("WorkRoleReference", system.workRoles.helpdesk), workType: ref("WorkTypeReference", system.workTypes.remote) })],
    ["block", agreementType("Block Time", { invoicePreSuffix: "BT", prePaymentFlag: true, sla: ref("SLAReference", service.slas.standard), applicationUnits: "Hours", applicationLimit: 10, applicationCycle: "CalendarMonth", applicationUnlimitedFlag: false, coverAgreementTimeFlag: true, carryOverUnusedFlag: false, allowOverrunsFlag: true })],
    ["breakFix", agreementType("Break Fix", { invoicePreSuffix: "BF", sla: ref("SLAReference", service.slas.basic), applicationUnits: "Amount", applicationUnlimitedFlag: false, coverAgreementTimeFlag: false, billAmount: 0 })],
  ] as const);

  const projectStatuses = named("/project/statuses", [
    ["open", { name: "Open", defaultFlag: true, inactiveFlag: false, noTimeFlag: false, closedFlag: false }],
    ["inProgress", { name: "In Progress", defaultFlag: false, inactiveFlag: false, noTimeFlag: false, closedFlag: false }],
    ["onHold", { name: "On-Hold", defaultFlag: false, inactiveFlag: false, noTimeFlag: true, closedFlag: false }],
    ["closed", { name: "Closed", defaultFlag: false, inactiveFlag: false, noTimeFlag: true, closedFlag: true }],
  ] as const);
  const projectTypes = new Map<string, Row>([...new Set(PROJECT_TEMPLATES.map((t) => t.type))].map((name) => [name, put("/project/projectTypes", { name, defaultFlag: name === "Implementation", inactiveFlag: false })]));
  const phaseStatuses = named("/project/phaseStatuses", [
    ["open", { name: "Open", defaultFlag: true, inactiveFlag: false, collapsedFlag: false, closedFlag: false, boardAssociationIds: [service.boards.projects.row.id] }],
    ["inProgress", { name: "In Progress", defaultFlag: false, inactiveFlag: false, collapsedFlag: false, closedFlag: false, boardAssociationIds: [service.boards.projects.row.id] }],
    ["completed", { name: "Completed", defaultFlag: false, inactiveFlag: false, collapsedFlag: true, closedFlag: true, boardAssociationIds: [service.boards.projects.row.id] }],
  ] as const);

  const probabilities = new Map<number, Row>([0, 10, 25, 50, 75, 90, 100].map((p) => [p, put("/sales/probabilities", { probability: p })]));
  const stage = (name: string, probability: number, color: string, sequenceNumber: number): JsonObject => ({ name, probability: ref("OpportunityProbabilityReference", probabilities.get(probability)!), color, sequenceNumber });
  const stages = [
    put("/sales/stages", stage("1. Prospect", 10, "#9E9E9E", 1)),
    put("/sales/stages", stage("2. Qualification", 25, "#2196F3", 2)),
    put("/sales/stages", stage("3. Quote", 50, "#FFC107", 3)),
    put("/sales/stages", stage("4. Negotiation", 75, "#FF9800", 4)),
    put("/sales/stages", stage("5. Closed", 100, "#4CAF50", 5)),
  ] as const;
  const opportunityStatuses = named("/sales/opportunities/statuses", [
    ["open", { name: "Open", wonFlag: false, lostFlag: false, closedFlag: false, inactiveFlag: false, defaultFlag: true }],
    ["won", { name: "Won", wonFlag: true, lostFlag: false, closedFlag: true, inactiveFlag: false, defaultFlag: false }],
    ["lost", { name: "Lost", wonFlag: false, lostFlag: true, closedFlag: true, inactiveFlag: false, defaultFlag: false }],
    ["noDecision", { name: "No Decision", wonFlag: false, lostFlag: false, closedFlag: true, inactiveFlag: false, defaultFlag: false }],
  ] as const);
  const opportunityTypes = named("/sales/opportunities/types", [
    ["managed", { description: "Managed Services", inactiveFlag: false }],
    ["project", { description: "Project", inactiveFlag: false }],
    ["hardware", { description: "Hardware", inactiveFlag: false }],
    ["licensing", { description: "Software Licensing", inactiveFlag: false }],
    ["consulting", { description: "Consulting", inactiveFlag: false }],
  ] as const);
  const ratings = named("/sales/opportunities/ratings", [
    ["hot", { name: "Hot", sortOrder: 1 }],
    ["warm", { name: "Warm", sortOrder: 2 }],
    ["cold", { name: "Cold", sortOrder: 3 }],
  ] as const);
  const activityTypes = named("/sales/activities/types", [
    ["call", { name: "Call", points: 1, defaultFlag: true, inactiveFlag: false, emailFlag: false, memoFlag: false, historyFlag: false }],
    ["email", { name: "Email", points: 1, defaultFlag: false, inactiveFlag: false, emailFlag: true, memoFlag: false, historyFlag: false }],
    ["meeting", { name: "Meeting", points: 3, defaultFlag: false, inactiveFlag: false, emailFlag: false, memoFlag: false, historyFlag: false }],
    ["quote", { name: "Quote Follow-up", points: 2, defaultFlag: false, inactiveFlag: false, emailFlag: false, memoFlag: false, historyFlag: false }],
    ["qbr", { name: "Quarterly Business Review", points: 5, defaultFlag: false, inactiveFlag: false, emailFlag: false, memoFlag: false, historyFlag: false }],
    ["task", { name: "Task", points: 0, defaultFlag: false, inactiveFlag: false, emailFlag: false, memoFlag: true, historyFlag: false }],
  ] as const);
  const activityStatuses = named("/sales/activities/statuses", [
    ["open", { name: "Open", defaultFlag: true, inactiveFlag: false, spawnFollowupFlag: false, closedFlag: false }],
    ["closed", { name: "Closed", defaultFlag: false, inactiveFlag: false, spawnFollowupFlag: false, closedFlag: true }],
    ["followUp", { name: "Closed - Follow Up", defaultFlag: false, inactiveFlag: false, spawnFollowupFlag: true, closedFlag: true }],
  ] as const);

  const poStatuses = named("/procurement/purchaseorderstatuses", [
    ["new", { name: "New", defaultFlag: true, closedFlag: false, inactiveFlag: false, defaultClosedFlag: false, sortOrder: 1 }],
    ["ordered", { name: "Ordered", defaultFlag: false, closedFlag: false, inactiveFlag: false, defaultClosedFlag: false, sortOrder: 2 }],
    ["partial", { name: "Partially Received", defaultFlag: false, closedFlag: false, inactiveFlag: false, defaultClosedFlag: false, sortOrder: 3 }],
    ["received", { name: "Received", defaultFlag: false, closedFlag: true, inactiveFlag: false, defaultClosedFlag: true, sortOrder: 4 }],
    ["cancelled", { name: "Cancelled", defaultFlag: false, closedFlag: true, inactiveFlag: false, defaultClosedFlag: false, sortOrder: 5 }],
  ] as const);

  const categories = new Map<string, Row>();
  const subcategories = new Map<string, Row>();
  for (const [category, subs] of Object.entries(PRODUCT_CLASSES)) {
    const c = put("/procurement/categories", { name: category, inactiveFlag: false, defaultFlag: category === "Hardware", locationIds: [] });
    categories.set(category, c);
    for (const sub of subs) subcategories.set(sub, put("/procurement/subcategories", { name: sub, inactiveFlag: false, defaultFlag: false, category: ref("ProductCategoryReference", c) }));
  }
  const productTypes = named("/procurement/types", [
    ["hardware", { name: "Hardware", inactiveFlag: false, typeXref: "InventoryPart", defaultFlag: true }],
    ["software", { name: "Software", inactiveFlag: false, typeXref: "NonInventoryPart", defaultFlag: false }],
    ["service", { name: "Service", inactiveFlag: false, typeXref: "Service", defaultFlag: false }],
    ["recurring", { name: "Recurring", inactiveFlag: false, typeXref: "OtherCharge", defaultFlag: false }],
  ] as const);
  const units = named("/procurement/unitOfMeasures", [
    ["each", { name: "Each", inactiveFlag: false, defaultFlag: true }],
    ["user", { name: "Per User", inactiveFlag: false, defaultFlag: false }],
    ["device", { name: "Per Device", inactiveFlag: false, defaultFlag: false }],
    ["month", { name: "Per Month", inactiveFlag: false, defaultFlag: false }],
    ["hour", { name: "Hour", inactiveFlag: false, defaultFlag: false }],
    ["tb", { name: "TB", inactiveFlag: false, defaultFlag: false }],
  ] as const);
  const manufacturers = new Map<string, Row>(MANUFACTURERS.map((name) => [name, put("/procurement/manufacturers", { name, inactiveFlag: false })]));

  const scheduleTypes = named("/schedule/types", [
    ["S", { name: "Service", identifier: "S", systemFlag: true }],
    ["P", { name: "Project", identifier: "P", systemFlag: true }],
    ["C", { name: "Sales Activity", identifier: "C", systemFlag: true }],
    ["M", { name: "Meeting", identifier: "M", systemFlag: false }],
    ["O", { name: "Out of Office", identifier: "O", systemFlag: false }],
  ] as const);
  const scheduleStatuses = named("/schedule/statuses", [
    ["firm", { name: "Firm", defaultFlag: true, showAsTentativeFlag: false }],
    ["tentative", { name: "Tentative", defaultFlag: false, showAsTentativeFlag: true }],
    ["confirmed", { name: "Confirmed", defaultFlag: false, showAsTentativeFlag: false }],
  ] as const);
  const expenseType = (name: string, extra: JsonObject = {}): JsonObject => ({
    name, amountCaption: "Amount", reimbursementRate: 1, billExpenses: "Billable", invoiceMarkupOption: "Percent", invoiceMarkupAmount: 0,
    advancedAmountFlag: false, mileageFlag: false, quantityFlag: false, inactiveFlag: false, maxAmount: 0, defaultFlag: false, ...extra,
  });
  const expenseTypes = named("/expense/types", [
    ["mileage", expenseType("Mileage", { amountCaption: "Miles", reimbursementRate: 0.7, mileageFlag: true, invoiceMarkupOption: "Mile", invoiceMarkupAmount: 0.7 })],
    ["parking", expenseType("Parking & Tolls")],
    ["meals", expenseType("Meals", { billExpenses: "DoNotBill", maxAmount: 75 })],
    ["supplies", expenseType("Supplies", { invoiceMarkupAmount: 15, defaultFlag: true })],
    ["lodging", expenseType("Lodging", { maxAmount: 250 })],
    ["training", expenseType("Training & Certification", { billExpenses: "DoNotBill" })],
  ] as const);

  return {
    companyStatuses, companyTypes, markets, contactTypes, communicationTypes, configurationTypes, configurationStatuses, agreementTypes,
    projectStatuses, projectTypes, phaseStatuses, stages, probabilities, opportunityStatuses, opportunityTypes, ratings, activityTypes, activityStatuses,
    poStatuses, categories, subcategories, productTypes, units, manufacturers, scheduleTypes, scheduleStatuses, expenseTypes,
  };
}

export type ListSetup = ReturnType<typeof seedLists>;
