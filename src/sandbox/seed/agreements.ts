/**
 * Client agreements: managed services (per-device and per-user additions, premium SLA), monthly
 * block time (hours that run out), break fix (time and materials); plus the history an MSP carries:
 * block time replaced by managed services, former clients' cancelled agreements, terms ending soon.
 */
import type { JsonObject, Row } from "../store.js";
import type { Catalog } from "./catalog.js";
import type { ClientTier, CompanyInfo, Companies } from "./companies.js";
import { configurationsOf, type CompanyConfigurations } from "./configurations.js";
import type { SeedContext } from "./context.js";
import { addMonths, DAY, iso, monthStart, startOfDay } from "./dates.js";
import type { MemberInfo } from "./members.js";
import type { Random } from "../random.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";

export type AgreementStatus = "Active" | "Cancelled" | "Expired" | "Inactive";

export interface AgreementInfo {
  id: number;
  row: Row;
  company: CompanyInfo;
  kind: ClientTier;
  start: number;
  /** The last covered instant (exclusive), when the agreement ends. */
  end?: number;
  status: AgreementStatus;
  coversTime: boolean;
  sla: Row;
  /** Block time: hours a month. */
  monthlyHours?: number;
  /** What one month bills: billAmount plus the additions. */
  monthlyAmount: number;
}

export function seedAgreements(ctx: SeedContext, setup: Setup, companies: Companies, catalog: Catalog, configs: Map<number, CompanyConfigurations>, members: readonly MemberInfo[]): Map<number, AgreementInfo[]> {
  const rng = ctx.random("agreements");
  const { lists, service, system } = setup;
  const owner = members.find((m) => m.role === "owner")!;
  const byCompany = new Map<number, AgreementInfo[]>();
  const clients = companies.clients;
  const endingSoon = new Set(rng.sample(clients.filter((c) => !c.former && c.tier !== "breakFix" && c.since < ctx.now - 400 * DAY).map((c) => c.id), Math.max(2, Math.ceil(ctx.scale.plants / 2))));

  const put = (company: CompanyInfo, kind: ClientTier, spec: { name: string; start: number; end?: number; status: AgreementStatus; cancelled?: { at: number; reason: string }; monthlyHours?: number }, additions: [string, number][]): AgreementInfo => {
    const type = kind === "managed" ? lists.agreementTypes.managed : kind === "block" ? lists.agreementTypes.block : lists.agreementTypes.breakFix;
    const sla = kind === "managed" ? service.slas.premium : kind === "block" ? service.slas.standard : service.slas.basic;
    const billing = company.contacts[Math.min(1, company.contacts.length - 1)]!;
    const base = kind === "managed" ? Math.round((150 + company.employees * 5) / 25) * 25 : kind === "block" ? (spec.monthlyHours ?? 10) * 135 : 0;
    const active = spec.status === "Active";
    const record: JsonObject = {
      name: spec.name, type: ref("AgreementTypeReference", type), company: ref("CompanyReference", company.row), contact: ref("ContactReference", company.primary),
      site: ref("SiteReference", company.sites[0]!), location: ref("SystemLocationReference", system.locations.tampa), department: ref("SystemDepartmentReference", system.departments.services),
      restrictLocationFlag: false, restrictDepartmentFlag: false, startDate: iso(spec.start), ...(spec.end !== undefined ? { endDate: iso(spec.end - DAY) } : {}),
      noEndingDateFlag: spec.end === undefined, cancelledFlag: spec.cancelled !== undefined,
      ...(spec.cancelled ? { dateCancelled: iso(spec.cancelled.at), reasonCancelled: spec.cancelled.reason } : {}),
      sla: ref("SLAReference", sla), ...(kind === "managed" ? { internalNotes: "Covers remote and onsite support for managed devices; projects quoted separately." } : {}),
      applicationUnits: kind === "block" ? "Hours" : "Amount", ...(kind === "block" ? { applicationLimit: spec.monthlyHours, applicationCycle: "CalendarMonth" } : {}),
      applicationUnlimitedFlag: kind === "managed", oneTimeFlag: false, coverAgreementTime: kind !== "breakFix", coverAgreementProduct: false, coverAgreementExpense: false,
      coverSalesTax: false, carryOverUnused: false, allowOverruns: kind === "block", expiredDays: 0, limit: 0, expireWhenZero: false, chargeToFirm: false,
      employeeCompRate: "Actual", employeeCompNotExceed: "Billing", billingCycle: ref("BillingCycleReference", system.billingCycles.monthly), billOneTimeFlag: false,
      billingTerms: ref("BillingTermsReference", system.billingTerms.net30), invoicingCycle: "ContractYear", billToCompany: ref("CompanyReference", company.row),
      billToContact: ref("ContactReference", billing), billToSite: ref("SiteReference", company.sites[0]!), billAmount: base, taxable: false, billStartDate: iso(spec.start),
      restrictDownPayment: false, prorateFlag: false, invoiceProratedAdditionsFlag: false, invoiceDescription: `${spec.name} for ${String(company.row.name)}`.slice(0, 200),
      topComment: false, bottomComment: false, workRole: ref("WorkRoleReference", system.workRoles.helpdesk), workType: ref("WorkTypeReference", system.workTypes.remote),
      billTime: "Billable", billExpenses: "Billable", billProducts: "Billable", billableTimeInvoice: true, billableExpenseInvoice: true, billableProductInvoice: true,
      currency: ref("CurrencyReference", system.currency), periodType: "Current", autoInvoiceFlag: kind !== "breakFix",
      ...(active && kind !== "breakFix" ? { nextInvoiceDate: iso(monthStart(ctx.now, 1)) } : {}),
      companyLocation: ref("SystemLocationReference", system.locations.tampa), agreementStatus: spec.status,
    };
    const entered = Math.min(spec.start - rng.int(3, 20) * DAY, ctx.now - DAY);
    const row = ctx.insert("/finance/agreements", record, { at: entered, by: owner.identifier, ...(spec.cancelled ? { updatedAt: spec.cancelled.at } : {}) });
    let monthly = base;
    additions.forEach(([identifier, quantity], i) => {
      const product = catalog.get(identifier);
      if (!product || quantity <= 0) return;
      const unitPrice = Number(product.price);
      const unitCost = Number(product.cost);
      const extPrice = round2(unitPrice * quantity);
      const extCost = round2(unitCost * quantity);
      if (active) monthly += extPrice;
      ctx.insert("/finance/agreements/{parentId}/additions", {
        product: ref("IvItemReference", product), quantity, lessIncluded: 0, unitPrice, unitCost, billCustomer: "Billable", effectiveDate: iso(spec.start),
        ...(spec.cancelled ? { cancelledDate: iso(spec.cancelled.at) } : {}), taxableFlag: false, invoiceDescription: String(product.description),
        purchaseItemFlag: false, specialOrderFlag: false, agreementId: row.id, description: String(product.description), billedQuantity: quantity,
        uom: String((product.unitOfMeasure as JsonObject).name), extPrice, extCost, sequenceNumber: i + 1, margin: round2(extPrice - extCost),
        prorateCurrentPeriodFlag: false, agreementStatus: spec.status,
      }, { at: entered, by: owner.identifier, scope: row.id });
    });
    const info: AgreementInfo = {
      id: row.id, row, company, kind, start: spec.start, ...(spec.end !== undefined ? { end: spec.end } : {}), status: spec.status,
      coversTime: kind !== "breakFix", sla, ...(spec.monthlyHours !== undefined ? { monthlyHours: spec.monthlyHours } : {}), monthlyAmount: round2(monthly),
    };
    const list = byCompany.get(company.id);
    if (list) list.push(info);
    else byCompany.set(company.id, [info]);
    return info;
  };

  // Every dataset shows some history: a block-time client that moved up to managed services, a block agreement that ran out.
  const converted = clients.find((c) => !c.former && c.tier === "managed");
  const renewed = clients.find((c) => !c.former && c.tier === "block");
  for (const company of clients) {
    const tier = company.tier ?? "breakFix";
    const startedAt = monthStart(company.since, 1);
    if (company.former) {
      const cancelledAt = ctx.historyStart - rng.int(30, 300) * DAY;
      const start = Math.min(startedAt, monthStart(cancelledAt, -rng.int(12, 40)));
      put(company, "managed", { name: managedName(company), start, end: cancelledAt, status: "Cancelled", cancelled: { at: cancelledAt, reason: rng.pick(["Client moved IT in-house", "Acquired by a larger firm", "Switched to another provider", "Business closed"]) } }, []);
      continue;
    }
    const cfg = configurationsOf(configs, company);
    if (tier === "managed") {
      if (company === converted || (rng.chance(0.15) && startedAt > ctx.historyStart - 3 * 365 * DAY)) {
        // A block-time client that moved up to managed services.
        const blockStart = addMonths(startedAt, -rng.int(8, 24));
        put(company, "block", { name: "Block Time - 10 Hours/Month", start: blockStart, end: startedAt, status: "Cancelled", cancelled: { at: startedAt - DAY, reason: "Converted to managed services" }, monthlyHours: 10 }, []);
      }
      const term = rng.pick([12, 12, 24, 36]);
      const evergreen = !endingSoon.has(company.id) && rng.chance(0.3);
      const { start, end } = currentTerm(ctx, rng, startedAt, term, endingSoon.has(company.id));
      put(company, "managed", { name: managedName(company), start, ...(evergreen ? {} : { end }), status: "Active" }, managedAdditions(rng, company, cfg));
    } else if (tier === "block") {
      const hours = rng.pick([5, 10, 10, 20, 40]);
      if (company === renewed || rng.chance(0.3)) {
        const oldHours = rng.pick([5, 10]);
        put(company, "block", { name: `Block Time - ${oldHours} Hours/Month`, start: addMonths(startedAt, -12), end: startedAt, status: "Expired", monthlyHours: oldHours }, []);
      }
      const { start, end } = currentTerm(ctx, rng, startedAt, 12, endingSoon.has(company.id));
      put(company, "block", { name: `Block Time - ${hours} Hours/Month`, start, end, status: "Active", monthlyHours: hours }, rng.chance(0.5) ? [["M365-BS", company.employees]] : []);
    } else if (rng.chance(0.5)) {
      put(company, "breakFix", { name: "Break Fix - Time & Materials", start: startedAt, status: "Active" }, rng.chance(0.4) ? [["EXO-P1", company.employees]] : []);
    }
  }
  return byCompany;
}

/**
 * The agreement's span: from the original start to the end of the term running now (renewals extend
 * the end date), or a term ending within the month when asked.
 */
function currentTerm(ctx: SeedContext, rng: Random, startedAt: number, months: number, endSoon: boolean): { start: number; end: number } {
  if (endSoon) {
    const end = startOfDay(ctx.now + rng.int(5, 28) * DAY);
    return { start: Math.min(startedAt, addMonths(end, -months)), end };
  }
  let end = addMonths(startedAt, months);
  while (end <= ctx.now + DAY) end = addMonths(end, months);
  return { start: startedAt, end };
}

function managedName(company: CompanyInfo): string {
  const level = company.employees >= 60 ? "Gold" : company.employees >= 20 ? "Silver" : "Bronze";
  return `Managed Services - ${level}`;
}

function managedAdditions(rng: Random, company: CompanyInfo, cfg: CompanyConfigurations): [string, number][] {
  const typeName = (r: Row) => String((r.type as JsonObject).name);
  const network = cfg.all.filter((r) => ["Firewall", "Switch", "Wireless Access Point"].includes(typeName(r)) && r.activeFlag === true).length;
  const backups = cfg.all.filter((r) => typeName(r) === "Backup Appliance").length;
  const list: [string, number][] = [
    ["MS-WORKSTATION", cfg.workstations.length],
    ["MS-SERVER", cfg.servers.length],
    ["MS-NETWORK", network],
    ["SEC-EDR", cfg.workstations.length + cfg.servers.length],
    [rng.chance(0.7) ? "M365-BP" : "M365-BS", company.employees],
  ];
  if (backups > 0) list.push(["BK-SIRIS-TB", rng.int(1, 4)]);
  if (rng.chance(0.5)) list.push(["BK-M365", company.employees]);
  if (rng.chance(0.4)) list.push(["SEC-SAT", company.employees]);
  return list;
}

/** The agreement covering a company's work at an instant, if any. */
export function agreementAt(agreements: readonly AgreementInfo[] | undefined, at: number): AgreementInfo | undefined {
  return agreements?.find((a) => a.start <= at && (a.end === undefined || at < a.end) && (a.status === "Active" || a.status === "Expired" || a.status === "Cancelled"));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
