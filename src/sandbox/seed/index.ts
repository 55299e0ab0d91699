/**
 * The sandbox's dataset: a Tampa Bay MSP's ConnectWise, seeded deterministically from a number, a
 * scale and the sandbox's "today". Same options, same data; every date is relative to `now`.
 *
 * The order matters: setup and staff first, then clients and what they own and have signed, then the
 * tickets, which a day-by-day simulation of the technicians' work turns into time entries, statuses,
 * hours and SLA figures; invoices, schedules and expenses follow from that work.
 */
import type { Store } from "../store.js";
import { seedAccruals } from "./accruals.js";
import { seedAgreements } from "./agreements.js";
import { seedCatalog } from "./catalog.js";
import { seedChargeCodes } from "./charge-codes.js";
import { seedCompanies } from "./companies.js";
import { seedConfigurations } from "./configurations.js";
import { SeedContext } from "./context.js";
import { seedExpenses } from "./expenses.js";
import { seedInvoices } from "./finance.js";
import { planRoster, seedMembers } from "./members.js";
import { detectPlanted, type Planted } from "./planted.js";
import { seedPurchaseOrders } from "./procurement.js";
import { insertProjects, planProjects, projectItems } from "./projects.js";
import { Random } from "../random.js";
import { SCALES, type Scale } from "./scale.js";
import { seedScheduleEntries } from "./schedule.js";
import { seedSales } from "./sales.js";
import { insertServiceTickets, planServiceTickets } from "./service.js";
import { seedSetup } from "./setup.js";
import { seedBoardTeams } from "./setup-service.js";
import { applyAgreements, insertTimeEntries, seedTimeSheets } from "./time.js";
import type { WorkItem } from "./work-items.js";
import { simulateWork } from "./work.js";
import { planWorkdays } from "./workdays.js";

export type { Scale } from "./scale.js";

export interface SeedOptions {
  seed: number;
  scale: Scale;
  /** The sandbox's "today"; all dates are relative to it. */
  now: Date;
}

export interface SeedSummary {
  /** Rows per table key. */
  counts: Record<string, number>;
  /** Ids of deliberately planted problems, for tests of timesheet validation and analytics. */
  planted: Planted;
}

export function seedStore(store: Store, options: SeedOptions): SeedSummary {
  if (store.templates().some((t) => store.table(t).size > 0)) throw new Error("seedStore fills an empty store; this one already has records");
  const profile = SCALES[options.scale];
  if (!profile) throw new Error(`unknown scale "${String(options.scale)}": use small, medium or large`);
  const roster = planRoster(new Random(options.seed).fork("roster"), profile);
  const ctx = new SeedContext(store, options.seed, profile, options.now, roster[0]!.identifier);

  const setup = seedSetup(ctx);
  const members = seedMembers(ctx, setup, roster);
  const teams = seedBoardTeams(ctx, setup.service, members);
  seedAccruals(ctx, setup, members);
  const companies = seedCompanies(ctx, setup, members);
  const codes = seedChargeCodes(ctx, setup, companies.own);
  const catalog = seedCatalog(ctx, setup, companies);
  const configurations = seedConfigurations(ctx, setup, companies, members);
  const agreements = seedAgreements(ctx, setup, companies, catalog, configurations, members);

  const workdays = planWorkdays(ctx, members, setup.system.holidays);
  const serviceTickets = planServiceTickets(ctx, setup, companies, members, agreements, configurations, workdays);
  const projects = planProjects(ctx, companies, members, agreements, workdays, serviceTickets);
  const items = numbered([...serviceTickets, ...projectItems(projects)]);
  const drafts = simulateWork(ctx, setup, members, workdays, items, codes);

  const tickets = { service: insertServiceTickets(ctx, setup, items, teams), project: insertProjects(ctx, setup, projects) };
  seedTimeSheets(ctx, members, drafts);
  applyAgreements(drafts);
  seedInvoices(ctx, setup, companies, agreements, drafts);
  insertTimeEntries(ctx, drafts, tickets, projects, companies.own);
  seedScheduleEntries(ctx, setup, items, drafts, tickets.service);
  seedSales(ctx, setup, companies, members);
  seedPurchaseOrders(ctx, setup, companies, catalog, members);
  seedExpenses(ctx, setup, drafts, tickets, companies.own, codes);

  const counts: Record<string, number> = {};
  for (const template of store.templates()) {
    const size = store.table(template).size;
    if (size > 0) counts[template] = size;
  }
  return { counts, planted: detectPlanted(store, ctx.now, drafts) };
}

/** Service and project tickets share one id sequence, in order of entry. */
function numbered(items: WorkItem[]): WorkItem[] {
  items.sort((a, b) => a.enteredAt - b.enteredAt || (a.kind === b.kind ? 0 : a.kind === "ServiceTicket" ? -1 : 1));
  items.forEach((item, i) => (item.id = i + 1));
  return items;
}
