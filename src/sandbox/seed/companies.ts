/**
 * Companies: the MSP itself, its clients (managed, block-time and break-fix), prospects and vendors,
 * each with sites and contacts, the contacts' email and phone as communication items.
 * Company, site, contact and communication ids are planned up front because they refer to each other.
 */
import type { JsonObject, Row } from "../store.js";
import type { SeedContext } from "./context.js";
import { DAY, HOUR, iso, startOfDay, yearOf } from "./dates.js";
import type { MemberInfo } from "./members.js";
import { CITIES, COMPANY_STEMS, CONTACT_TITLES, FIRST_NAMES, LAST_NAMES, MARKETS, OWN_COMPANY, STREETS, VENDORS, type CityInfo, type MarketKey } from "./names.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";

export type CompanyKind = "own" | "client" | "prospect" | "vendor";
export type ClientTier = "managed" | "block" | "breakFix";

export interface CompanyInfo {
  id: number;
  row: Row;
  kind: CompanyKind;
  tier?: ClientTier;
  /** A former client: inactive, no work during the history. */
  former: boolean;
  market?: MarketKey;
  employees: number;
  domain: string;
  /** Short code used in device names (HPD-WS014). */
  code: string;
  /** When the company became a client (or was entered). */
  since: number;
  sites: Row[];
  contacts: Row[];
  /** The day-to-day contact (the company's default contact). */
  primary: Row;
  /** Relative number of tickets it raises. */
  ticketWeight: number;
}

export interface Companies {
  own: CompanyInfo;
  clients: CompanyInfo[];
  prospects: CompanyInfo[];
  vendors: CompanyInfo[];
  all: CompanyInfo[];
  byId: Map<number, CompanyInfo>;
}

interface Draft {
  kind: CompanyKind;
  tier?: ClientTier;
  former: boolean;
  market?: MarketKey;
  name: string;
  identifier: string;
  domain: string;
  code: string;
  employees: number;
  since: number;
  city: CityInfo;
  address: string;
  phone: string;
  vendor?: (typeof VENDORS)[number];
}

export function seedCompanies(ctx: SeedContext, setup: Setup, members: readonly MemberInfo[]): Companies {
  const rng = ctx.random("companies");
  const profile = ctx.scale;
  const drafts: Draft[] = [];
  const identifiers = new Set<string>();
  const codes = new Set<string>();
  const unique = (base: string, used: Set<string>, max: number) => {
    let id = base.slice(0, max);
    for (let n = 2; used.has(id.toLowerCase()); n++) id = `${base.slice(0, max - String(n).length)}${n}`;
    used.add(id.toLowerCase());
    return id;
  };

  const tampa = CITIES.find((c) => c.zip === OWN_COMPANY.zip) ?? CITIES[0]!;
  drafts.push({
    kind: "own", former: false, name: OWN_COMPANY.name, identifier: unique(OWN_COMPANY.identifier, identifiers, 30), domain: OWN_COMPANY.domain,
    code: unique("TTP", codes, 6), employees: members.length, since: ctx.historyStart - 9 * 365 * DAY, city: tampa,
    address: OWN_COMPANY.addressLine1, phone: digits(OWN_COMPANY.phone),
  });

  const names = rng.shuffle(COMPANY_STEMS.flatMap((stem) => MARKETS.map((m) => [stem, m] as const)));
  let next = 0;
  const clientCount = profile.clients + profile.prospects;
  for (let i = 0; i < clientCount; i++) {
    // Markets by weight: walk the shuffled stem × market pairs until one of the wanted market turns up.
    const market = rng.weighted(MARKETS.map((m) => [m, m.weight] as const));
    let pair = names[next++ % names.length]!;
    for (let guard = 0; pair[1].market !== market.market && guard < 200; guard++) pair = names[next++ % names.length]!;
    const suffix = rng.pick(market.suffixes);
    const name = `${pair[0]} ${suffix}`.slice(0, 50);
    const prospect = i >= profile.clients;
    const employees = Math.round(rng.logNormal(Math.sqrt(market.employees[0] * market.employees[1]), 0.55));
    const size = Math.min(market.employees[1] * 1.5, Math.max(market.employees[0], employees));
    const tier: ClientTier | undefined = prospect ? undefined : rng.weighted([["managed", 0.55 + Math.min(0.2, size / 600)], ["block", 0.17], ["breakFix", 0.28]] as const);
    const city = rng.pick(CITIES);
    const former = !prospect && rng.chance(0.03);
    const newClient = !prospect && !former && rng.chance(0.05);
    drafts.push({
      kind: prospect ? "prospect" : "client", ...(tier ? { tier } : {}), former, market: market.market, name,
      identifier: unique(name.replace(/&/g, "And").replace(/[^A-Za-z0-9]/g, ""), identifiers, 30),
      domain: `${pair[0].toLowerCase().replace(/[^a-z0-9]/g, "")}${suffix.split(/\s+/)[0]!.toLowerCase().replace(/[^a-z0-9]/g, "")}.com`,
      code: unique(initials(name), codes, 6),
      employees: Math.round(size),
      since: newClient ? startOfDay(ctx.historyStart + rng.int(10, 120) * DAY) : prospect ? startOfDay(ctx.now - rng.int(10, 400) * DAY) : startOfDay(ctx.historyStart - rng.int(60, 3000) * DAY),
      city, address: `${rng.int(100, 19999)} ${rng.pick(STREETS)}`, phone: `${city.area}555${String(rng.int(100, 199)).padStart(4, "0")}`,
    });
  }
  for (const vendor of VENDORS.slice(0, profile.vendors)) {
    drafts.push({
      kind: "vendor", former: false, name: vendor.name, identifier: unique(vendor.identifier, identifiers, 30), domain: vendor.domain,
      code: unique(initials(vendor.name), codes, 6), employees: 1000, since: ctx.historyStart - rng.int(400, 3000) * DAY,
      city: { city: vendor.city, state: vendor.state, zip: vendor.zip, area: vendor.phone.slice(1, 4) }, address: `${rng.int(100, 9999)} ${rng.pick(["Corporate Dr", "Technology Pkwy", "Commerce Blvd", "Innovation Way"])}`,
      phone: digits(vendor.phone), vendor,
    });
  }

  // Plan ids: companies, then sites and contacts in company order.
  let siteId = 0;
  let contactId = 0;
  let commId = 0;
  const salesReps = members.filter((m) => m.role === "sales");
  const owner = members.find((m) => m.role === "owner")!;
  const siteRecords: [number, JsonObject, number][] = [];
  const contactRecords: [JsonObject, number, string][] = [];
  const commRecords: [number, JsonObject, number][] = [];
  const companyRecords: [JsonObject, number][] = [];
  const { lists, system } = setup;

  drafts.forEach((d, index) => {
    const companyId = index + 1;
    const companyRef = { id: companyId, identifier: d.identifier, name: d.name };
    const state = system.states.get(d.city.state);
    const entered = Math.min(d.since, ctx.now - DAY);

    const siteCount = d.kind === "client" ? (d.employees > 60 ? rng.int(2, 3) : rng.chance(0.15) ? 2 : 1) : 1;
    const sites: JsonObject[] = [];
    for (let s = 0; s < siteCount; s++) {
      const city = s === 0 ? d.city : rng.pick(CITIES);
      const siteState = system.states.get(city.state);
      const site: JsonObject = {
        id: ++siteId, name: s === 0 ? "Main" : `${city.city} Office`, addressLine1: s === 0 ? d.address : `${rng.int(100, 19999)} ${rng.pick(STREETS)}`,
        ...(rng.chance(0.5) ? { addressLine2: `Suite ${rng.int(1, 6)}${String(rng.int(0, 99)).padStart(2, "0")}` } : {}), city: city.city,
        ...(siteState ? { stateReference: ref("StateReference", siteState) } : {}), zip: city.zip, country: ref("CountryReference", system.country),
        phoneNumber: s === 0 ? d.phone : `${city.area}555${String(rng.int(100, 199)).padStart(4, "0")}`,
        taxCode: ref("TaxCodeReference", d.market === "Non-Profit" ? system.taxCodes.exempt : system.taxCodes.florida),
        primaryAddressFlag: s === 0, defaultShippingFlag: s === 0, defaultBillingFlag: s === 0, defaultMailingFlag: s === 0,
        inactiveFlag: false, billSeparateFlag: false, calendar: ref("CalendarReference", system.calendar), company: companyRef,
      };
      sites.push(site);
      siteRecords.push([companyId, site, entered]);
    }

    const contactCount = d.kind === "own" ? members.filter((m) => m.role !== "api").length
      : d.kind === "vendor" ? rng.int(1, 2) : d.kind === "prospect" ? rng.int(1, 3) : Math.max(2, Math.min(24, Math.round(d.employees * rng.float(0.12, 0.3))));
    const staff = members.filter((m) => m.role !== "api");
    const contacts: JsonObject[] = [];
    for (let c = 0; c < contactCount; c++) {
      const member = d.kind === "own" ? staff[c] : undefined;
      const firstName = member ? String(member.row.firstName) : rng.pick(FIRST_NAMES);
      const lastName = member ? String(member.row.lastName) : rng.pick(LAST_NAMES);
      const site = sites[c === 0 ? 0 : rng.int(0, sites.length - 1)]!;
      const email = `${firstName.charAt(0)}${lastName}`.toLowerCase().replace(/[^a-z]/g, "") + `@${d.domain}`;
      const phone = c === 0 ? d.phone : `${String(site.phoneNumber).slice(0, 6)}${String(rng.int(100, 199)).padStart(4, "0")}`;
      const id = ++contactId;
      const emailItem = { id: ++commId, type: ref("CommunicationTypeReference", lists.communicationTypes.email), value: email, defaultFlag: true, domain: `@${d.domain}`, communicationType: "Email" };
      const phoneItem = { id: ++commId, type: ref("CommunicationTypeReference", lists.communicationTypes.direct), value: phone, ...(c > 0 && rng.chance(0.4) ? { extension: String(rng.int(100, 399)) } : {}), defaultFlag: true, communicationType: "Phone" };
      const items: JsonObject[] = [emailItem, phoneItem];
      if (rng.chance(0.45)) items.push({ id: ++commId, type: ref("CommunicationTypeReference", lists.communicationTypes.cell), value: `${d.city.area}555${String(rng.int(200, 299)).padStart(4, "0")}`, defaultFlag: false, communicationType: "Phone" });
      const title = member ? String(member.row.title) : c === 0 ? rng.pick(CONTACT_TITLES.slice(0, 7)) : rng.pick(CONTACT_TITLES);
      const types = c === 0 ? [lists.contactTypes.primary, lists.contactTypes.decisionMaker] : c === 1 ? [lists.contactTypes.billing] : [lists.contactTypes.endUser];
      const contact: JsonObject = {
        id, firstName, lastName, company: companyRef, site: { id: site.id, name: site.name }, addressLine1: site.addressLine1,
        ...(site.addressLine2 ? { addressLine2: site.addressLine2 } : {}), city: site.city, state: stateCode(site.stateReference), zip: site.zip, country: ref("CountryReference", system.country),
        inactiveFlag: d.kind === "client" && c > 1 && rng.chance(0.05), title, marriedFlag: false, childrenFlag: false, disablePortalLoginFlag: c > 2,
        unsubscribeFlag: false, defaultPhoneType: "Direct", defaultPhoneNbr: phone, ...(phoneItem.extension ? { defaultPhoneExtension: phoneItem.extension } : {}),
        defaultBillingFlag: c === 1 || (contactCount === 1 && c === 0), defaultFlag: c === 0,
        companyLocation: ref("SystemLocationReference", d.city.area === "407" ? system.locations.orlando : system.locations.tampa),
        communicationItems: items, types: types.map((t) => ref("ContactTypeReference", t)),
      };
      contacts.push(contact);
      contactRecords.push([contact, companyId, rng.pick(staff).identifier]);
      for (const item of items) commRecords.push([id, { ...item, contactId: id }, entered]);
    }
    const primary = contacts[0]!;
    const billing = contacts[Math.min(1, contacts.length - 1)]!;
    const typeRefs = d.kind === "own" ? [lists.companyTypes.owner] : d.kind === "vendor" ? [lists.companyTypes.vendor]
      : d.kind === "prospect" ? [lists.companyTypes.prospect] : d.tier === "breakFix" ? [lists.companyTypes.client, lists.companyTypes.breakFix] : [lists.companyTypes.client];
    const status = d.former ? lists.companyStatuses.inactive : d.kind === "client" && rng.chance(0.02) ? lists.companyStatuses.creditHold : lists.companyStatuses.active;
    const territoryManager = salesReps.length > 0 ? rng.pick(salesReps) : owner;
    const record: JsonObject = {
      id: companyId, identifier: d.identifier, name: d.name, status: ref("CompanyStatusReference", status),
      addressLine1: d.address, ...(sites[0]!.addressLine2 ? { addressLine2: sites[0]!.addressLine2 } : {}), city: d.city.city, state: d.city.state, zip: d.city.zip,
      country: ref("CountryReference", system.country), phoneNumber: d.phone, website: `www.${d.domain}`,
      territory: ref("SystemLocationReference", d.city.area === "407" ? system.locations.orlando : system.locations.tampa),
      ...(d.market ? { market: ref("MarketDescriptionReference", lists.markets.get(d.market)!) } : {}),
      ...(d.kind === "client" || d.kind === "own" ? { accountNumber: `C${String(10000 + companyId)}` } : {}),
      defaultContact: { id: primary.id, name: `${String(primary.firstName)} ${String(primary.lastName)}` },
      dateAcquired: iso(d.since), ...(d.kind === "vendor" ? {} : { annualRevenue: Math.round(d.employees * rng.float(90_000, 180_000) / 1000) * 1000 }),
      numberOfEmployees: d.employees, yearEstablished: yearOf(d.since) - rng.int(2, 30), revenueYear: yearOf(ctx.now) - 1,
      ...(d.kind === "prospect" ? { leadSource: rng.pick(["Referral", "Website", "Networking Event", "Chamber of Commerce", "Cold Call"]) } : {}),
      leadFlag: d.kind === "prospect", unsubscribeFlag: false,
      taxCode: ref("TaxCodeReference", d.market === "Non-Profit" ? system.taxCodes.exempt : system.taxCodes.florida),
      billingTerms: ref("BillingTermsReference", system.billingTerms.net30),
      billingSite: { id: sites[0]!.id, name: sites[0]!.name }, billingContact: { id: billing.id, name: `${String(billing.firstName)} ${String(billing.lastName)}` },
      ...(d.kind === "client" ? { invoiceToEmailAddress: String((billing.communicationItems as JsonObject[])[0]!.value) } : {}),
      deletedFlag: false, currency: ref("CurrencyReference", system.currency),
      territoryManager: ref("MemberReference", territoryManager.row),
      ...(d.vendor ? { vendorIdentifier: d.vendor.identifier.toUpperCase().slice(0, 10) } : {}),
      isVendorFlag: d.kind === "vendor", types: typeRefs.map((t) => ref("CompanyTypeReference", t)),
      site: { id: sites[0]!.id, name: sites[0]!.name },
    };
    companyRecords.push([record, entered]);
  });

  const rows = companyRecords.map(([record, at]) => ctx.insert("/company/companies", record, { at, by: owner.identifier }));
  const sitesOf = drafts.map((): Row[] => []);
  const contactsOf = drafts.map((): Row[] => []);
  for (const [companyId, site, at] of siteRecords) sitesOf[companyId - 1]!.push(ctx.insert("/company/companies/{parentId}/sites", site, { at, scope: companyId, by: owner.identifier }));
  for (const [contact, companyId, by] of contactRecords) {
    const since = drafts[companyId - 1]!.since;
    contactsOf[companyId - 1]!.push(ctx.insert("/company/contacts", contact, { at: Math.min(since + rng.int(1, 48) * HOUR, ctx.now - DAY), by }));
  }
  for (const [contactId, item, at] of commRecords) ctx.insert("/company/contacts/{parentId}/communications", item, { at, scope: contactId });
  const companies: CompanyInfo[] = drafts.map((d, i) => ({
    id: i + 1, row: rows[i]!, kind: d.kind, ...(d.tier ? { tier: d.tier } : {}), former: d.former, ...(d.market ? { market: d.market } : {}),
    employees: d.employees, domain: d.domain, code: d.code, since: d.since, sites: sitesOf[i]!, contacts: contactsOf[i]!, primary: contactsOf[i]![0]!,
    ticketWeight: d.kind !== "client" || d.former ? 0 : (d.tier === "managed" ? 1 : d.tier === "block" ? 0.6 : 0.35) * Math.pow(d.employees, 0.85),
  }));

  const own = companies[0]!;
  return {
    own,
    clients: companies.filter((c) => c.kind === "client"),
    prospects: companies.filter((c) => c.kind === "prospect"),
    vendors: companies.filter((c) => c.kind === "vendor"),
    all: companies,
    byId: new Map(companies.map((c) => [c.id, c])),
  };
}

/** The contact's state as the two-letter code, as ConnectWise stores it on contacts. */
function stateCode(v: unknown): string {
  return typeof v === "object" && v !== null && "identifier" in v ? String((v as { identifier: unknown }).identifier) : "";
}

function initials(name: string): string {
  const words = name.replace(/&/g, " ").split(/[^A-Za-z]+/).filter(Boolean);
  const letters = words.length >= 2 ? words.map((w) => w.charAt(0)).join("") : (words[0] ?? "X").slice(0, 3);
  return letters.toUpperCase().slice(0, 4);
}

function digits(phone: string): string {
  return phone.replace(/\D/g, "");
}

export function contactName(contact: Row): string {
  return `${String(contact.firstName ?? "")} ${String(contact.lastName ?? "")}`.trim();
}

export function contactEmail(contact: Row): string | undefined {
  const items = contact.communicationItems;
  if (!Array.isArray(items)) return undefined;
  const email = items.find((i: JsonObject) => i.communicationType === "Email") as JsonObject | undefined;
  return email ? String(email.value) : undefined;
}

export function contactPhone(contact: Row): string | undefined {
  const items = contact.communicationItems;
  if (!Array.isArray(items)) return undefined;
  const phone = items.find((i: JsonObject) => i.communicationType === "Phone") as JsonObject | undefined;
  return phone ? String(phone.value) : undefined;
}
