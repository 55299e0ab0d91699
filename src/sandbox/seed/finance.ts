/**
 * Invoices: each month's agreement invoice (billed in advance on the 1st) and a time-and-materials
 * invoice per company for the billed time of the month before. Net 30; most are paid, the last
 * month's are open, and some are overdue (all of a credit-hold client's).
 */
import type { JsonObject, Row } from "../store.js";
import type { AgreementInfo } from "./agreements.js";
import type { CompanyInfo, Companies } from "./companies.js";
import { contactName } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY, HOUR, iso, monthStart, yearOf } from "./dates.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";
import { billedAmount } from "./time.js";
import type { EntryDraft } from "./work.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;

interface InvoicePlan {
  date: number;
  company: CompanyInfo;
  type: "Agreement" | "Standard";
  agreement?: AgreementInfo;
  amount: number;
  entries: EntryDraft[];
}

export function seedInvoices(ctx: SeedContext, setup: Setup, companies: Companies, agreements: Map<number, AgreementInfo[]>, drafts: readonly EntryDraft[]): Row[] {
  const rng = ctx.random("invoices");
  const { system } = setup;
  const plans: InvoicePlan[] = [];
  for (const list of agreements.values()) {
    for (const a of list) {
      if (a.kind === "breakFix" || a.monthlyAmount <= 0) continue;
      for (let date = monthStart(ctx.historyStart, 1); date <= ctx.now; date = monthStart(date, 1)) {
        if (a.start <= date && (a.end === undefined || date < a.end)) plans.push({ date, company: a.company, type: "Agreement", agreement: a, amount: a.monthlyAmount, entries: [] });
      }
    }
  }
  const tm = new Map<string, InvoicePlan>();
  for (const d of drafts) {
    if (d.status !== "Billed" || !d.item) continue;
    const amount = billedAmount(d);
    if (amount <= 0) continue;
    const date = monthStart(d.start, 1);
    if (date > ctx.now) continue;
    const key = `${d.item.company.id}:${date}`;
    let plan = tm.get(key);
    if (!plan) tm.set(key, (plan = { date, company: d.item.company, type: "Standard", amount: 0, entries: [] }));
    plan.amount += amount;
    plan.entries.push(d);
  }
  plans.push(...tm.values());
  plans.sort((a, b) => a.date - b.date || a.company.id - b.company.id || (a.type === b.type ? 0 : a.type === "Agreement" ? -1 : 1));

  const due = plans.filter((p) => p.date + 30 * DAY < ctx.now);
  const overdue = new Set(rng.sample(due.filter((p) => p.date > ctx.now - 120 * DAY), Math.max(2, Math.ceil(ctx.scale.plants / 2))));
  const rows: Row[] = [];
  plans.forEach((plan, i) => {
    const company = plan.company;
    const total = round2(plan.amount);
    const dueDate = plan.date + 30 * DAY;
    const creditHold = (company.row.status as JsonObject).name === "Credit Hold";
    const isDue = dueDate < ctx.now;
    const late = isDue && (overdue.has(plan) || (creditHold && plan.date > ctx.now - 150 * DAY) || rng.chance(0.04));
    const paidEarly = !isDue && rng.chance(0.35);
    const paid = isDue ? !late : paidEarly;
    const partial = late && rng.chance(0.3);
    const payments = paid ? total : partial ? round2(total / 2) : 0;
    const balance = round2(total - payments);
    const paidAt = paid ? Math.min(ctx.now - HOUR, plan.date + rng.int(8, 40) * DAY) : undefined;
    const billing = company.contacts[Math.min(1, company.contacts.length - 1)]!;
    const site = company.sites[0]!;
    const status = balance === 0 ? system.billingStatuses.paid : partial ? system.billingStatuses.partial : ctx.now - plan.date < 3 * DAY ? system.billingStatuses.new : system.billingStatuses.sent;
    const row = ctx.insert("/finance/invoices", {
      invoiceNumber: String(10_000 + i + 1), type: plan.type, status: ref("BillingStatusReference", status), company: ref("CompanyReference", company.row),
      billToCompany: ref("CompanyReference", company.row), shipToCompany: ref("CompanyReference", company.row), accountNumber: company.row.accountNumber,
      applyToType: plan.type === "Agreement" ? "Agreement" : "All", ...(plan.agreement ? { applyToId: plan.agreement.id } : {}),
      attention: contactName(billing).slice(0, 60), billingSite: ref("SiteReference", site), billingSiteAddressLine1: site.addressLine1, billingSiteCity: site.city,
      billingSiteState: (site.stateReference as JsonObject | undefined)?.identifier, billingSiteZip: site.zip, billingSiteCountry: "United States",
      billingTerms: ref("BillingTermsReference", system.billingTerms.net30), reference: plan.agreement ? String(plan.agreement.row.name).slice(0, 50) : "Time & materials",
      date: iso(plan.date), dueDate: iso(dueDate), restrictDownpaymentFlag: false, locationId: system.locations.tampa.id, location: ref("SystemLocationReference", system.locations.tampa),
      departmentId: system.departments.services.id, department: ref("BillingUnitReference", system.departments.services),
      territoryId: (company.row.territory as JsonObject).id, territory: company.row.territory,
      topComment: plan.type === "Agreement" ? `Monthly services for ${MONTHS[new Date(plan.date).getUTCMonth()]!} ${yearOf(plan.date)}.` : "Time and materials for the previous month; see the attached time detail.",
      taxableFlag: false, taxCode: company.row.taxCode, downpaymentPreviouslyTaxedFlag: false, overrideDownPaymentAmountFlag: false,
      serviceTotal: plan.type === "Standard" ? total : 0, expenseTotal: 0, productTotal: 0, agreementAmount: plan.type === "Agreement" ? total : 0,
      previousProgressApplied: 0, serviceAdjustmentAmount: 0, downpaymentApplied: 0, subtotal: total, total, remainingDownpayment: 0, salesTax: 0,
      payments, credits: 0, balance, specialInvoiceFlag: false, currency: ref("CurrencyReference", system.currency),
      ...(plan.agreement ? { agreement: ref("AgreementReference", plan.agreement.row) } : {}), addToBatchEmailList: false,
    }, { at: Math.min(ctx.now, plan.date + 9 * HOUR), ...(paidAt !== undefined ? { updatedAt: paidAt } : {}) });
    for (const d of plan.entries) d.invoice = row;
    rows.push(row);
  });
  return rows;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
