/**
 * The sales pipeline: opportunities with prospects (new managed-services deals) and clients
 * (refreshes, upgrades, projects) moving through the stages to won, lost or no decision, the
 * activities around them, and quarterly business reviews with managed clients.
 */
import type { JsonObject, Row } from "../store.js";
import type { CompanyInfo, Companies } from "./companies.js";
import { contactEmail, contactPhone } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY, HOUR, iso, MINUTE, nextWeekday, WEEK } from "./dates.js";
import type { MemberInfo } from "./members.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";

type OpportunityKind = "managed" | "project" | "hardware" | "licensing" | "consulting";

const CLIENT_DEALS: readonly [string, OpportunityKind, number][] = [
  ["Server Refresh", "project", 18_000], ["Laptop Refresh ({n} units)", "hardware", 1_300], ["Microsoft 365 E3 Upgrade", "licensing", 2_500],
  ["Firewall Replacement", "hardware", 3_500], ["Backup & DR Upgrade", "project", 9_000], ["Security Assessment", "consulting", 4_500],
  ["Office Move", "project", 12_000], ["Wi-Fi Upgrade", "hardware", 6_000], ["Intune Rollout", "project", 7_500], ["Phishing Training Add-on", "licensing", 1_200],
];

export function seedSales(ctx: SeedContext, setup: Setup, companies: Companies, members: readonly MemberInfo[]): { opportunities: Row[]; activities: Row[] } {
  const rng = ctx.random("sales");
  const { lists, system } = setup;
  const reps = members.filter((m) => m.role === "sales");
  const owner = members.find((m) => m.role === "owner")!;
  const sellers = reps.length > 0 ? reps : [owner];
  const engineers = members.filter((m) => m.role === "project" || m.role === "network");
  const clients = companies.clients.filter((c) => !c.former);
  const plans: { company: CompanyInfo; name: string; kind: OpportunityKind; value: number; created: number; close: number; rep: MemberInfo }[] = [];
  for (let i = 0; i < ctx.scale.opportunities; i++) {
    const prospect = companies.prospects.length > 0 && rng.chance(0.35);
    const company = prospect ? rng.pick(companies.prospects) : rng.pick(clients);
    const deal = rng.pick(CLIENT_DEALS);
    const units = rng.int(4, 25);
    const [name, kind, value] = prospect ? ["Managed Services Agreement", "managed" as const, Math.round(company.employees * 110 / 50) * 50 * 12] : [deal[0].replace("{n}", String(units)), deal[1], deal[1] === "hardware" && deal[0].includes("{n}") ? deal[2] * units : Math.round(deal[2] * rng.float(0.6, 1.8) / 50) * 50];
    const created = ctx.historyStart - 8 * WEEK + rng.int(0, Math.floor((ctx.now - ctx.historyStart) / DAY) + 50) * DAY + rng.int(8, 17) * HOUR;
    if (created >= ctx.now) continue;
    const close = created + rng.int(14, 120) * DAY;
    plans.push({ company, name: `${String(company.row.name)} - ${name}`.slice(0, 100), kind, value, created, close, rep: rng.pick(sellers) });
  }
  plans.sort((a, b) => a.created - b.created);

  const opportunities: Row[] = [];
  const activities: { record: JsonObject; at: number; by: string }[] = [];
  const probability = (p: number) => ref("OpportunityProbabilityReference", lists.probabilities.get(p)!);
  for (const p of plans) {
    const closed = p.close < ctx.now && rng.chance(0.9);
    const outcome = closed ? rng.weighted([["won", 45], ["lost", 40], ["noDecision", 15]] as const) : "open";
    const age = (ctx.now - p.created) / (p.close - p.created);
    const stageIndex = closed ? 4 : Math.min(3, Math.floor(Math.max(0, age) * 4));
    const stage = lists.stages[stageIndex as 0 | 1 | 2 | 3 | 4];
    const pct = outcome === "won" ? 100 : outcome === "open" ? [10, 25, 50, 75][stageIndex] ?? 50 : 0;
    const contact = p.company.primary;
    const closedAt = closed ? Math.min(ctx.now - HOUR, p.close + rng.int(-10, 10) * DAY) : undefined;
    const expected = closed ? closedAt! : Math.max(p.close, ctx.now + rng.int(3, 45) * DAY);
    const row = ctx.insert("/sales/opportunities", {
      name: p.name, expectedCloseDate: iso(expected), type: ref("OpportunityTypeReference", lists.opportunityTypes[p.kind]), stage: ref("OpportunityStageReference", stage),
      status: ref("OpportunityStatusReference", lists.opportunityStatuses[outcome]), notes: `${p.name}. Estimated value $${p.value.toLocaleString("en-US")}.`,
      probability: probability(pct), source: p.company.kind === "prospect" ? String(p.company.row.leadSource ?? "Referral") : "Existing Client",
      rating: ref("OpportunityRatingReference", pct >= 75 ? lists.ratings.hot : pct >= 25 ? lists.ratings.warm : lists.ratings.cold),
      primarySalesRep: ref("MemberReference", p.rep.row), ...(p.kind === "project" && engineers.length > 0 ? { secondarySalesRep: ref("MemberReference", rng.pick(engineers).row) } : {}),
      locationId: system.locations.tampa.id, businessUnitId: system.departments.sales.id, company: ref("CompanyReference", p.company.row),
      contact: ref("ContactReference", contact), site: ref("SiteReference", p.company.sites[0]!), pipelineChangeDate: iso(Math.min(ctx.now - HOUR, p.created + (closedAt !== undefined ? closedAt - p.created : (ctx.now - p.created) / 2))),
      dateBecameLead: iso(p.created), ...(closedAt !== undefined ? { closedDate: iso(closedAt), closedBy: ref("MemberReference", p.rep.row) } : {}), totalSalesTax: 0,
      shipToCompany: ref("CompanyReference", p.company.row), shipToContact: ref("ContactReference", contact), shipToSite: ref("SiteReference", p.company.sites[0]!),
      billToCompany: ref("CompanyReference", p.company.row), billToContact: ref("ContactReference", contact), billToSite: ref("SiteReference", p.company.sites[0]!),
      billingTerms: ref("BillingTermsReference", system.billingTerms.net30), taxCode: p.company.row.taxCode, currency: ref("CurrencyReference", system.currency),
      companyLocationId: system.locations.tampa.id, technicalContact: ref("ContactReference", contact),
    }, { at: p.created, by: p.rep.identifier, ...(closedAt !== undefined ? { updatedAt: closedAt } : {}) });
    opportunities.push(row);

    const steps: [keyof typeof lists.activityTypes, string, number][] = [["call", "Discovery call", p.created + rng.int(1, 5) * DAY]];
    if (stageIndex >= 2 || closed) steps.push(["email", "Send proposal and quote", p.created + (p.close - p.created) * 0.5]);
    if (stageIndex >= 3 || closed) steps.push(["quote", "Follow up on quote", p.created + (p.close - p.created) * 0.8]);
    if (!closed) steps.push(["call", "Check in on decision timeline", Math.max(ctx.now + rng.int(1, 14) * DAY, p.created + DAY)]);
    for (const [type, title, when] of steps) {
      const start = nextWeekday(when, rng.int(9, 16), rng.pick([0, 30]));
      const done = start < ctx.now;
      activities.push({
        record: {
          name: `${title} - ${String(p.company.row.name)}`.slice(0, 100), type: ref("ActivityTypeReference", lists.activityTypes[type]), company: ref("CompanyReference", p.company.row),
          contact: ref("ContactReference", contact), phoneNumber: contactPhone(contact), email: contactEmail(contact),
          status: ref("ActivityStatusReference", done ? lists.activityStatuses.closed : lists.activityStatuses.open), opportunity: ref("OpportunityReference", row),
          notes: `${title} for ${p.name}.`, dateStart: iso(start), dateEnd: iso(start + 30 * MINUTE), assignedBy: ref("MemberReference", p.rep.row), assignTo: ref("MemberReference", p.rep.row),
          notifyFlag: false, currency: ref("CurrencyReference", system.currency),
        },
        at: Math.min(ctx.now - MINUTE, done ? start : p.created), by: p.rep.identifier,
      });
    }
  }

  // Quarterly business reviews with managed clients, run by the owner (vCIO).
  for (const company of clients.filter((c) => c.tier === "managed")) {
    for (let q = ctx.historyStart + rng.int(0, 12) * WEEK; q < ctx.now + 4 * WEEK; q += 13 * WEEK) {
      const start = nextWeekday(q, rng.int(9, 15));
      const done = start < ctx.now;
      activities.push({
        record: {
          name: `Quarterly business review - ${String(company.row.name)}`.slice(0, 100), type: ref("ActivityTypeReference", lists.activityTypes.qbr),
          company: ref("CompanyReference", company.row), contact: ref("ContactReference", company.primary), phoneNumber: contactPhone(company.primary), email: contactEmail(company.primary),
          status: ref("ActivityStatusReference", done ? (rng.chance(0.3) ? lists.activityStatuses.followUp : lists.activityStatuses.closed) : lists.activityStatuses.open),
          notes: "Review ticket trends, SLA performance, aging hardware and the technology roadmap.", dateStart: iso(start), dateEnd: iso(start + HOUR),
          assignedBy: ref("MemberReference", owner.row), assignTo: ref("MemberReference", owner.row), notifyFlag: true, currency: ref("CurrencyReference", system.currency),
        },
        at: Math.min(ctx.now - MINUTE, start - rng.int(7, 21) * DAY), by: owner.identifier,
      });
    }
  }
  activities.sort((a, b) => a.at - b.at);
  return { opportunities, activities: activities.map((a) => ctx.insert("/sales/activities", a.record, { at: a.at, by: a.by })) };
}
