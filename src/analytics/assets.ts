/**
 * Assets (ConnectWise configurations): age, warranties, and whether agreements bill for what is managed.
 *
 * Aging, active configurations: age = today − purchaseDate (installationDate when there is none), in years;
 *   buckets < 1, 1–3, 3–5, 5+ years; out of warranty = warrantyExpirationDate before today; past end of
 *   support = an operating system whose vendor support has ended (Microsoft's published dates, OS_END_OF_SUPPORT).
 *
 * Warranties, active configurations whose warrantyExpirationDate is before today + days (already expired
 *   ones too unless include_expired is false); days left = that date − today; buckets expired, 0–30, 31–60,
 *   61–90, 91+.
 *
 * License compliance, per addition in effect on an active agreement, billed quantity against what is there:
 *   devices by the addition's description — workstation (workstation/laptop/desktop configurations), server
 *   (server configurations), network (firewall/switch/access point/router), endpoint security such as EDR or
 *   antivirus (workstations + servers); per-user additions against the company's active contacts.
 *   gap = counted − billed; under-billed when gap > 0 (monthly revenue missed = gap × unitPrice); devices
 *   billed beyond what is there are over-billed. Contacts are often incomplete, so users are only flagged when
 *   there are more active contacts than seats billed.
 */
import { num, text } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { dayNumber, groupBy, isoDay, todayNumber, utcDate } from "./common.js";
import { mean, money, pct, percent, round1, round2, table } from "./table.js";
import { define, type Env, type Rec } from "./types.js";
import { additionsOf } from "./agreements.js";
import { name } from "../format/untrusted.js";

/** When vendor support ended or ends (Microsoft lifecycle), matched against osType. Most specific first. */
export const OS_END_OF_SUPPORT: [RegExp, string, string][] = [
  [/windows server 2008/i, "Windows Server 2008", "2020-01-14"],
  [/windows server 2012/i, "Windows Server 2012", "2023-10-10"],
  [/windows server 2016/i, "Windows Server 2016", "2027-01-12"],
  [/windows server 2019/i, "Windows Server 2019", "2029-01-09"],
  [/windows server 2022/i, "Windows Server 2022", "2031-10-14"],
  [/windows 7\b/i, "Windows 7", "2020-01-14"],
  [/windows 8(\.1)?\b/i, "Windows 8.1", "2023-01-10"],
  [/windows 10\b/i, "Windows 10", "2025-10-14"],
];

export function endOfSupport(osType: unknown): { os: string; date: string } | undefined {
  const os = String(osType ?? "");
  const hit = OS_END_OF_SUPPORT.find(([re]) => re.test(os));
  return hit ? { os: hit[1], date: hit[2] } : undefined;
}

interface CompanyParams {
  company?: Resolved;
}

const CONFIG_FIELDS = "id,name,type/name,company/id,company/name,purchaseDate,installationDate,warrantyExpirationDate,osType";

function activeConfigurations(read: import("./read.js").AnalyticsReader, company?: Resolved, extra = "", fields = CONFIG_FIELDS): Promise<Rec[]> {
  return read.all("/company/configurations", { conditions: `activeFlag = true${company ? ` and company/id = ${company.id}` : ""}${extra}`, fields }, 100_000);
}

export interface AgingRow {
  type: string;
  configurations: number;
  mean_age_years: number | null;
  under_1: number;
  y1_3: number;
  y3_5: number;
  over_5: number;
  unknown_age: number;
  out_of_warranty: number;
  out_of_warranty_pct: number | null;
}

export function assetAging(configs: Rec[], env: Env): { types: AgingRow[]; totals: AgingRow; unsupported_os: { os: string; end_of_support: string; configurations: number }[]; oldest: { id: number; name: string; company: string; type: string; age_years: number }[] } {
  const today = todayNumber(env.now);
  const ageOf = (c: Rec) => {
    const bought = dayNumber(c.purchaseDate ?? c.installationDate);
    return bought !== undefined ? round1((today - bought) / 365.2425) : undefined;
  };
  const row = (type: string, list: Rec[]): AgingRow => {
    const ages = list.map(ageOf);
    const known = ages.filter((a): a is number => a !== undefined);
    const out = list.filter((c) => {
      const end = dayNumber(c.warrantyExpirationDate);
      return end !== undefined && end < today;
    }).length;
    const m = mean(known);
    return {
      type, configurations: list.length, mean_age_years: m === null ? null : round1(m),
      under_1: known.filter((a) => a < 1).length, y1_3: known.filter((a) => a >= 1 && a < 3).length, y3_5: known.filter((a) => a >= 3 && a < 5).length, over_5: known.filter((a) => a >= 5).length,
      unknown_age: ages.length - known.length, out_of_warranty: out, out_of_warranty_pct: percent(out, list.length),
    };
  };
  const types = [...groupBy(configs, (c) => nameOf(c.type) || "(no type)")].map(([t, list]) => row(t, list)).sort((a, b) => b.configurations - a.configurations || a.type.localeCompare(b.type));
  const unsupported = [...groupBy(configs.filter((c) => {
    const eos = endOfSupport(c.osType);
    return eos !== undefined && eos.date <= isoDay(today);
  }), (c) => endOfSupport(c.osType)!.os)].map(([os, list]) => ({ os, end_of_support: endOfSupport(list[0]!.osType)!.date, configurations: list.length })).sort((a, b) => b.configurations - a.configurations);
  const oldest = configs
    .map((c) => ({ id: Number(c.id), name: String(c.name ?? ""), company: nameOf(c.company), type: nameOf(c.type), age_years: ageOf(c) }))
    .filter((c): c is typeof c & { age_years: number } => c.age_years !== undefined)
    .sort((a, b) => b.age_years - a.age_years || a.id - b.id)
    .slice(0, 10);
  return { types, totals: row("All", configs), unsupported_os: unsupported, oldest };
}

const aging = define<CompanyParams, { configurations: Rec[] }>({
  name: "asset_aging",
  params: ["company"],
  parse: (v) => (v.ref("company") ? { company: v.ref("company")! } : {}),
  plan: (p, { read }) => ({ configurations: () => activeConfigurations(read, p.company) }),
  compute({ configurations }, p, env) {
    const r = assetAging(configurations, env);
    const t = r.totals;
    const head =
      `Asset age, active configurations${p.company ? ` of ${name(p.company.name)}` : ""} (as of ${env.now.toISODate()}, ${env.zone}): ${t.configurations}, mean age ${t.mean_age_years ?? "—"} years; ` +
      `${t.over_5} five years or older; ${t.out_of_warranty} (${pct(t.out_of_warranty_pct)}) out of warranty.` +
      (r.unsupported_os.length ? ` Past end of support: ${r.unsupported_os.map((o) => `${o.os} ${o.configurations} (since ${o.end_of_support})`).join(", ")}.` : "");
    const body = table(
      [{ header: "Type", align: "left" }, "Count", "Mean age y", "<1y", "1-3y", "3-5y", "5y+", "Unknown", "No warranty", "%"],
      r.types.map((x) => [x.type, x.configurations, x.mean_age_years, x.under_1, x.y1_3, x.y3_5, x.over_5, x.unknown_age, x.out_of_warranty, pct(x.out_of_warranty_pct)]),
    );
    return { text: `${head}\n${body}`, structured: { as_of: env.now.toISODate(), ...r } };
  },
});

interface WarrantyParams extends CompanyParams {
  days: number;
  includeExpired: boolean;
}

export interface WarrantyRow {
  id: number;
  name: string;
  company: string;
  type: string;
  manufacturer: string;
  model: string;
  expires: string;
  days_left: number;
  bucket: "expired" | "0-30" | "31-60" | "61-90" | "91+";
}

export function warranties(configs: Rec[], env: Env): WarrantyRow[] {
  const today = todayNumber(env.now);
  return configs
    .map((c): WarrantyRow | undefined => {
      const end = dayNumber(c.warrantyExpirationDate);
      if (end === undefined) return undefined;
      const days = end - today;
      return {
        id: Number(c.id), name: String(c.name ?? ""), company: nameOf(c.company), type: nameOf(c.type), manufacturer: nameOf(c.manufacturer), model: text(c, "modelNumber") ?? "",
        expires: isoDay(end), days_left: days, bucket: days < 0 ? "expired" : days <= 30 ? "0-30" : days <= 60 ? "31-60" : days <= 90 ? "61-90" : "91+",
      };
    })
    .filter((w): w is WarrantyRow => w !== undefined)
    // What runs out next first; then what ran out most recently.
    .sort((a, b) => Number(a.days_left < 0) - Number(b.days_left < 0) || (a.days_left < 0 ? b.days_left - a.days_left : a.days_left - b.days_left) || a.id - b.id);
}

const warrantyDef = define<WarrantyParams, { configurations: Rec[] }>({
  name: "warranty_expirations",
  params: ["days", "company", "include_expired"],
  parse: (v) => ({ days: v.int("days", { min: 1, max: 1095 }) ?? 90, includeExpired: v.bool("include_expired") ?? true, ...(v.ref("company") ? { company: v.ref("company")! } : {}) }),
  plan: (p, { read, env }) => {
    const today = env.now.startOf("day");
    const from = p.includeExpired ? "" : ` and warrantyExpirationDate >= ${utcDate(today)}`;
    return { configurations: () => activeConfigurations(read, p.company, ` and warrantyExpirationDate < ${utcDate(today.plus({ days: p.days + 1 }))}${from}`, `${CONFIG_FIELDS},manufacturer/name,modelNumber`) };
  },
  compute({ configurations }, p, env) {
    const rows = warranties(configurations, env);
    const buckets = (["0-30", "31-60", "61-90", "91+", "expired"] as const).map((b) => ({ bucket: b, configurations: rows.filter((r) => r.bucket === b).length })).filter((b) => b.configurations > 0);
    const companies = [...groupBy(rows, (r) => r.company)].map(([company, list]) => ({ company, expiring: list.filter((r) => r.days_left >= 0).length, expired: list.filter((r) => r.days_left < 0).length })).sort((a, b) => b.expiring - a.expiring || b.expired - a.expired);
    const expiring = rows.filter((r) => r.days_left >= 0).length;
    const head =
      `Warranties ending in the next ${p.days} days${p.includeExpired ? ", and already expired," : ""} on active configurations${p.company ? ` of ${name(p.company.name)}` : ""} (from ${env.now.toISODate()}, ${env.zone}): ` +
      `${expiring} expiring${p.includeExpired ? `, ${rows.length - expiring} expired` : ""}. ${buckets.map((b) => `${b.bucket}: ${b.configurations}`).join(", ")}.`;
    const body = table(
      [{ header: "Configuration", align: "left" }, { header: "Company", align: "left", max: 28 }, { header: "Type", align: "left" }, { header: "Model", align: "left", max: 24 }, { header: "Expires", align: "left" }, "Days left"],
      rows.map((r) => [r.name, r.company, r.type, r.model, r.expires, r.days_left]),
      30,
    );
    return { text: `${head}\n${body}`, structured: { as_of: env.now.toISODate(), days: p.days, include_expired: p.includeExpired, buckets, companies, configurations: rows } };
  },
});

export type DeviceClass = "workstation" | "server" | "network" | "endpoint" | "user";

/** What an addition bills for, from its description, product and unit of measure; undefined when nothing here counts it. */
export function classOf(addition: Rec): DeviceClass | undefined {
  const what = `${text(addition, "description") ?? ""} ${text(addition, "product.identifier") ?? ""}`;
  if (/endpoint|\bedr\b|anti-?virus|\bav\b/i.test(what)) return "endpoint";
  if (/server/i.test(what)) return "server";
  if (/workstation|desktop|laptop|\bpc\b/i.test(what)) return "workstation";
  if (/network|firewall|switch|access point|wi-?fi|router/i.test(what)) return "network";
  if (/user|seat/i.test(text(addition, "uom") ?? "")) return "user";
  return undefined;
}

const TYPE_CLASSES: [DeviceClass, RegExp][] = [
  ["workstation", /workstation|laptop|desktop|notebook/i],
  ["server", /server/i],
  ["network", /firewall|switch|access point|router|wireless/i],
];

export interface LicenseRow {
  company_id: number;
  company: string;
  agreement_id: number;
  agreement: string;
  product: string;
  class: DeviceClass;
  billed: number;
  counted: number;
  gap: number;
  status: "matches" | "under-billed" | "over-billed" | "check";
  monthly_revenue_missed: number;
}

export function licenseCompliance(agreements: Rec[], additions: Map<number, Rec[]>, configs: Rec[], contacts: Rec[], env: Env): { rows: LicenseRow[]; not_counted: { agreement_id: number; product: string; quantity: number }[] } {
  const nowMs = env.now.toMillis();
  const counts = new Map<string, number>();
  const bump = (company: number | undefined, cls: DeviceClass) => company !== undefined && counts.set(`${company}:${cls}`, (counts.get(`${company}:${cls}`) ?? 0) + 1);
  for (const c of configs) {
    const company = num(c, "company.id");
    const cls = TYPE_CLASSES.find(([, re]) => re.test(nameOf(c.type)))?.[0];
    if (!cls) continue;
    bump(company, cls);
    if (cls === "workstation" || cls === "server") bump(company, "endpoint");
  }
  for (const c of contacts) bump(num(c, "company.id"), "user");
  const rows: LicenseRow[] = [];
  const notCounted: { agreement_id: number; product: string; quantity: number }[] = [];
  for (const a of agreements) {
    const company = num(a, "company.id") ?? -1;
    for (const add of additions.get(Number(a.id)) ?? []) {
      const effective = Date.parse(String(add.effectiveDate ?? ""));
      const cancelled = Date.parse(String(add.cancelledDate ?? ""));
      if ((Number.isFinite(effective) && effective > nowMs) || (Number.isFinite(cancelled) && cancelled <= nowMs)) continue;
      const product = text(add, "product.identifier") ?? text(add, "description") ?? `addition ${String(add.id)}`;
      const billed = num(add, "quantity") ?? 0;
      const cls = classOf(add);
      if (!cls) {
        notCounted.push({ agreement_id: Number(a.id), product, quantity: billed });
        continue;
      }
      const counted = counts.get(`${company}:${cls}`) ?? 0;
      const gap = counted - billed;
      const unit = num(add, "unitPrice") ?? (billed > 0 ? (num(add, "extPrice") ?? 0) / billed : 0);
      const status: LicenseRow["status"] = gap === 0 ? "matches" : gap > 0 ? "under-billed" : cls === "user" ? "check" : "over-billed";
      rows.push({
        company_id: company, company: nameOf(a.company), agreement_id: Number(a.id), agreement: String(a.name ?? ""), product, class: cls, billed, counted, gap, status,
        monthly_revenue_missed: gap > 0 ? round2(gap * unit) : 0,
      });
    }
  }
  const order = { "under-billed": 0, "over-billed": 1, check: 2, matches: 3 };
  rows.sort((a, b) => order[a.status] - order[b.status] || b.monthly_revenue_missed - a.monthly_revenue_missed || a.company.localeCompare(b.company) || a.product.localeCompare(b.product));
  return { rows, not_counted: notCounted };
}

const license = define<CompanyParams, { agreements: Rec[]; additions: Map<number, Rec[]>; configurations: Rec[]; contacts: Rec[] }>({
  name: "license_compliance",
  params: ["company"],
  parse: (v) => (v.ref("company") ? { company: v.ref("company")! } : {}),
  plan: (p, { read }) => {
    const company = p.company ? ` and company/id = ${p.company.id}` : "";
    return {
      agreements: () => read.all("/finance/agreements", { conditions: `agreementStatus = "Active" and cancelledFlag = false${company}`, fields: "id,name,company/id,company/name,type/name" }, 5000),
      additions: async (need) => additionsOf(read, await need("agreements")),
      configurations: () => activeConfigurations(read, p.company, "", "id,company/id,type/name"),
      contacts: () => read.all("/company/contacts", { conditions: `inactiveFlag = false${company}`, fields: "id,company/id" }, 200_000),
    };
  },
  compute(d, p, env) {
    const r = licenseCompliance(d.agreements, d.additions, d.configurations, d.contacts, env);
    const under = r.rows.filter((x) => x.status === "under-billed");
    const over = r.rows.filter((x) => x.status === "over-billed");
    const missed = round2(under.reduce((s, x) => s + x.monthly_revenue_missed, 0));
    const head =
      `License compliance, additions on active agreements${p.company ? ` of ${name(p.company.name)}` : ""} (as of ${env.now.toISODate()}): ${r.rows.length} reconciled — ` +
      `${under.length} under-billed (${money(missed)}/month not billed), ${over.length} over-billed, ${r.rows.filter((x) => x.status === "check").length} with fewer contacts than seats, ${r.rows.filter((x) => x.status === "matches").length} matching; ${r.not_counted.length} additions have nothing here to count them against.`;
    const body = table(
      [{ header: "Company", align: "left", max: 28 }, { header: "Product", align: "left" }, { header: "Counts", align: "left" }, "Billed", "Counted", "Gap", { header: "Status", align: "left" }, "Missed/mo"],
      r.rows.map((x) => [x.company, x.product, x.class, x.billed, x.counted, x.gap, x.status, x.monthly_revenue_missed ? money(x.monthly_revenue_missed) : ""]),
      30,
    );
    return { text: `${head}\n${body}`, structured: { as_of: env.now.toISODate(), totals: { reconciled: r.rows.length, under_billed: under.length, over_billed: over.length, monthly_revenue_missed: missed }, additions: r.rows, not_counted: r.not_counted } };
  },
});

export const DEFINITIONS = { asset_aging: aging, warranty_expirations: warrantyDef, license_compliance: license };
