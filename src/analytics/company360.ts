/**
 * company_360_view: one client on one page — who they are, their health score (the client-health
 * arithmetic of clients.ts over the last `days` days), open tickets, time, agreements and what they are
 * worth a month, invoices open and overdue, assets (age, warranties, unsupported operating systems),
 * open projects with their burn, and open opportunities with their forecast value.
 *
 * Every part is read at once (a second round only for what depends on a list: agreement additions,
 * opportunity forecasts); a part that cannot be read is reported and the rest still answered.
 */
import { num, text } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { additionsOf, monthlyValue } from "./agreements.js";
import { assetAging, warranties } from "./assets.js";
import { clientHealth } from "./clients.js";
import { at, calendarDay, daysBetween, groupBy, previousWindow, utc, utcDate, windowJson } from "./common.js";
import { budgetBurn } from "./projects.js";
import { forecastItems, pipeline } from "./sales.js";
import { money, pct, percent, round2 } from "./table.js";
import { define, type Env, type Rec, type Window } from "./types.js";
import { name } from "../format/untrusted.js";

interface Params {
  company: Resolved;
  window: Window;
}

interface Data extends Record<string, unknown> {
  company: Rec;
  contacts: number;
  openTickets: Rec[];
  tickets: Rec[];
  time: Rec[];
  members: Rec[];
  agreements: Rec[];
  additions: Map<number, Rec[]>;
  invoices: Rec[];
  agreementInvoices: Rec[];
  configurations: Rec[];
  projects: Rec[];
  statuses: Rec[];
  opportunities: Rec[];
  forecasts: Map<number, Rec[]>;
  surveys: Rec[];
}

const EMPTY: Partial<Data> = {
  contacts: 0, openTickets: [], tickets: [], time: [], members: [], agreements: [], additions: new Map(), invoices: [], agreementInvoices: [],
  configurations: [], projects: [], statuses: [], opportunities: [], forecasts: new Map(), surveys: [],
};

export function company360(d: Data, p: Params, env: Env) {
  const today = env.now.startOf("day");
  const w = p.window;
  const overdue = d.invoices.filter((i) => {
    const due = calendarDay(i.dueDate, env.zone);
    return due !== undefined && due < today;
  });
  const health = clientHealth({ tickets: d.tickets, overdue, agreementInvoices: d.agreementInvoices, time: d.time.filter((e) => num(e, "agreement.id") !== undefined), members: d.members, surveys: d.surveys }, w, env, p.company.id)[0];

  const open = d.openTickets;
  const oldest = open.map((t) => at(text(t, "_info.dateEntered"), env.zone)).filter((x) => x !== undefined).sort((a, b) => a!.toMillis() - b!.toMillis())[0];
  const byPriority = [...groupBy(open, (t) => nameOf(t.priority) || "(none)")].map(([priority, list]) => ({ priority, tickets: list.length })).sort((a, b) => a.priority.localeCompare(b.priority, "en", { numeric: true }));
  const hours = round2(d.time.reduce((s, e) => s + (num(e, "actualHours") ?? 0), 0));
  const billable = round2(d.time.filter((e) => e.billableOption === "Billable").reduce((s, e) => s + (num(e, "actualHours") ?? 0), 0));
  const agreements = d.agreements.map((a) => ({
    id: Number(a.id), name: String(a.name ?? ""), type: nameOf(a.type), end_date: a.noEndingDateFlag === true ? null : (text(a, "endDate")?.slice(0, 10) ?? null),
    monthly_value: monthlyValue(a, d.additions.get(Number(a.id)) ?? [], env.now.toMillis()),
  }));
  const openBalance = round2(d.invoices.reduce((s, i) => s + (num(i, "balance") ?? 0), 0));
  const aging = assetAging(d.configurations, env);
  const warrantyRows = warranties(d.configurations, env);
  const projects = budgetBurn(d.projects, [], env);
  const openStatus = new Set(d.statuses.filter((s) => s.closedFlag !== true).map((s) => Number(s.id)));
  const pipe = pipeline(d.opportunities.filter((o) => openStatus.size === 0 || openStatus.has(num(o, "status.id") ?? -1)), d.forecasts, env);
  const next = agreements.filter((a) => a.end_date).sort((a, b) => String(a.end_date).localeCompare(String(b.end_date)))[0];
  return {
    company: { id: Number(d.company.id), identifier: text(d.company, "identifier") ?? "", name: String(d.company.name ?? ""), status: nameOf(d.company.status), types: Array.isArray(d.company.types) ? (d.company.types as Rec[]).map(nameOf) : [], phone: text(d.company, "phoneNumber") ?? "", territory: nameOf(d.company.territory), since: text(d.company, "dateAcquired")?.slice(0, 10) ?? null },
    contacts: d.contacts,
    health: health ?? null,
    tickets: { open: open.length, open_by_priority: byPriority, oldest_open_days: oldest ? daysBetween(oldest, env.now) : null, entered: health?.tickets ?? 0, entered_previous: health?.tickets_previous ?? 0, sla_miss_rate_pct: health?.sla_miss_rate_pct ?? null },
    time: { hours, billable_hours: billable, billable_pct: percent(billable, hours) },
    agreements: { active: agreements.length, monthly_value: round2(agreements.reduce((s, a) => s + a.monthly_value, 0)), next_end: next ? { id: next.id, name: next.name, end_date: next.end_date } : null, list: agreements },
    invoices: { open: d.invoices.length, open_balance: openBalance, overdue: overdue.length, overdue_balance: round2(overdue.reduce((s, i) => s + (num(i, "balance") ?? 0), 0)) },
    assets: { active: aging.totals.configurations, by_type: aging.types.map((t) => ({ type: t.type, configurations: t.configurations })), mean_age_years: aging.totals.mean_age_years, out_of_warranty: aging.totals.out_of_warranty, warranties_ending_90_days: warrantyRows.filter((r) => r.days_left >= 0 && r.days_left <= 90).length, unsupported_os: aging.unsupported_os },
    projects: projects.map((x) => ({ id: x.id, name: x.name, status: x.status, budget_hours: x.budget_hours, actual_hours: x.actual_hours, burn_pct: x.burn_pct, flags: x.flags })),
    pipeline: { open: pipe.totals.opportunities, value: pipe.totals.value, weighted: pipe.totals.weighted, opportunities: pipe.opportunities.slice(0, 10) },
  };
}

const view = define<Params, Data>({
  name: "company_360_view",
  params: ["company", "days"],
  parse: (v, env) => {
    const days = v.int("days", { min: 7, max: 365 }) ?? 30;
    const end = env.now.startOf("day").plus({ days: 1 });
    return { company: v.ref("company")!, window: { start: end.minus({ days }), end } };
  },
  plan(p, { read, lists }) {
    const id = p.company.id;
    const w = p.window;
    const mine = `company/id = ${id}`;
    return {
      company: () => read.one(`/company/companies/${id}`, { fields: "id,identifier,name,status/name,types,phoneNumber,territory/name,dateAcquired" }),
      contacts: () => read.count("/company/contacts", `${mine} and inactiveFlag = false`),
      openTickets: () => read.all("/service/tickets", { conditions: `${mine} and closedFlag = false`, fields: "id,summary,priority/name,status/name,_info/dateEntered" }, 5000),
      tickets: () => read.all("/service/tickets", { conditions: `${mine} and dateEntered >= ${utc(previousWindow(w).start)} and dateEntered < ${utc(w.end)}`, fields: "id,company/id,company/name,isInSla,closedFlag,dateResolved,_info/dateEntered" }),
      time: () => read.all("/time/entries", { conditions: `${mine} and timeStart >= ${utc(w.start)} and timeStart < ${utc(w.end)}`, fields: "id,company/id,company/name,member/id,agreement/id,actualHours,billableOption" }),
      members: () => lists.members(),
      agreements: () => read.all("/finance/agreements", { conditions: `${mine} and agreementStatus = "Active" and cancelledFlag = false`, fields: "id,name,type/name,company/id,company/name,billAmount,endDate,noEndingDateFlag" }, 500),
      additions: async (need) => additionsOf(read, await need("agreements")),
      invoices: () => read.all("/finance/invoices", { conditions: `${mine} and balance > 0`, fields: "id,invoiceNumber,company/id,company/name,balance,dueDate" }, 5000),
      agreementInvoices: () => read.all("/finance/invoices", { conditions: `${mine} and type = "Agreement" and date >= ${utcDate(w.end.minus({ days: 62 }))} and date < ${utcDate(w.end)}`, fields: "id,company/id,company/name,agreement/id,applyToId,total,date" }),
      configurations: () => read.all("/company/configurations", { conditions: `${mine} and activeFlag = true`, fields: "id,name,type/name,company/id,company/name,purchaseDate,installationDate,warrantyExpirationDate,osType" }, 20_000),
      projects: () => read.all("/project/projects", { conditions: `${mine} and closedFlag = false`, fields: "id,name,company/name,status/name,budgetHours,actualHours,percentComplete,estimatedEnd,closedFlag" }, 500),
      statuses: () => read.list("/sales/opportunities/statuses", { fields: "id,closedFlag" }, 500),
      opportunities: async (need) => {
        const open = (await need("statuses")).filter((s) => s.closedFlag !== true).map((s) => Number(s.id));
        return open.length ? read.all("/sales/opportunities", { conditions: `${mine} and status/id in (${open.join(",")})`, fields: "id,name,company/name,stage/name,status/id,probability/name,primarySalesRep/identifier,expectedCloseDate" }, 500) : [];
      },
      forecasts: async (need) => new Map(await Promise.all((await need("opportunities")).map(async (o) => [Number(o.id), forecastItems(await read.body(`/sales/opportunities/${String(o.id)}/forecast`))] as const))),
      surveys: async () => {
        const surveys = await read.list("/service/surveys", { fields: "id" }, 100);
        return (await Promise.all(surveys.map((s) => read.all(`/service/surveys/${String(s.id)}/results`, { conditions: mine, fields: "id,company/id,company/name,totalPoints,_info/dateEntered" }, 5000)))).flat();
      },
    };
  },
  // Only the company itself is required: any other part that fails is reported and left empty.
  optional: EMPTY,
  compute(d, p, env) {
    const v = company360(d, p, env);
    const c = v.company;
    const h = v.health;
    const lines = [
      `Company 360: ${name(c.name)} (${name(c.identifier)}) · ${name(c.status)}${c.types.length ? ` · ${c.types.map((t) => name(t)).join(", ")}` : ""}${c.since ? ` · client since ${c.since}` : ""} · ${v.contacts} active contacts`,
      h ? `Health ${h.score}/100 (${h.grade}) over ${windowJson(p.window).from} to ${windowJson(p.window).to}${h.reasons.length ? `: ${h.reasons.join("; ")}` : ": nothing against it"}.` : "Health: no activity in the window.",
      `Tickets: ${v.tickets.open} open${v.tickets.open_by_priority.length ? ` (${v.tickets.open_by_priority.map((x) => `${x.priority}: ${x.tickets}`).join(", ")})` : ""}${v.tickets.oldest_open_days !== null ? `, oldest ${v.tickets.oldest_open_days} days` : ""}; ${v.tickets.entered} entered in the window (${v.tickets.entered_previous} the period before), ${pct(v.tickets.sla_miss_rate_pct)} outside SLA.`,
      `Time in the window: ${v.time.hours} h, ${v.time.billable_hours} h billable (${pct(v.time.billable_pct)}).`,
      `Agreements: ${v.agreements.active} active, ${money(v.agreements.monthly_value)}/month${v.agreements.next_end ? `; next to end: ${name(v.agreements.next_end.name)} on ${v.agreements.next_end.end_date}` : ""}.`,
      `Invoices: ${money(v.invoices.open_balance)} open on ${v.invoices.open}; ${money(v.invoices.overdue_balance)} overdue on ${v.invoices.overdue}.`,
      `Assets: ${v.assets.active} active configurations${v.assets.by_type.length ? ` (${v.assets.by_type.slice(0, 6).map((t) => `${t.type} ${t.configurations}`).join(", ")})` : ""}, mean age ${v.assets.mean_age_years ?? "—"} years; ${v.assets.out_of_warranty} out of warranty, ${v.assets.warranties_ending_90_days} ending within 90 days${v.assets.unsupported_os.length ? `; past end of support: ${v.assets.unsupported_os.map((o) => `${o.os} ${o.configurations}`).join(", ")}` : ""}.`,
      `Projects: ${v.projects.length} open${v.projects.length ? ` — ${v.projects.map((x) => `#${x.id} ${name(x.name)} (${pct(x.burn_pct)} of budget${x.flags.length ? `; ${x.flags.join(", ")}` : ""})`).join("; ")}` : ""}.`,
      `Pipeline: ${v.pipeline.open} open opportunities, ${money(v.pipeline.value)} forecast (${money(v.pipeline.weighted)} weighted).`,
    ];
    return { text: lines.join("\n"), structured: { period: windowJson(p.window), ...v } };
  },
});

export const DEFINITIONS = { company_360_view: view };
