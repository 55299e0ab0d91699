import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { endpoints } from "../../../generated/endpoints.js";
import { zodModules, type ZodModuleName } from "../../../generated/zod/index.js";
import { packageRoot } from "../../../src/paths.js";
import { SandboxModel } from "../../../src/sandbox/model.js";
import { REFERENCE_TARGETS, tableKey } from "../../../src/sandbox/references.js";
import { seedStore, type Scale, type SeedSummary } from "../../../src/sandbox/seed/index.js";
import { isObject, Store, type JsonObject, type Row } from "../../../src/sandbox/store.js";
import { builtCatalogue } from "../../helpers/catalogue.js";

const NOW = new Date("2026-03-16T00:00:00Z");
const DAY = 86_400_000;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function seeded(seed: number, scale: Scale, now = NOW): { store: Store; summary: SeedSummary; ms: number } {
  const store = new Store(() => now);
  const t0 = performance.now();
  const summary = seedStore(store, { seed, scale, now });
  return { store, summary, ms: performance.now() - t0 };
}

const rows = (store: Store, template: string): Row[] => store.table(tableKey(template)).list();
const byId = (list: Row[]) => new Map(list.map((r) => [r.id, r]));
const ref = (v: unknown): JsonObject => (isObject(v) ? v : {});
const round2 = (n: number) => Math.round(n * 100) / 100;
const hoursOf = (e: Row) => round2((Date.parse(String(e.timeEnd)) - Date.parse(String(e.timeStart))) / 3_600_000 - Number(e.hoursDeduct));

/** Every table with its rows and their scopes: what "the same store content" means. */
function snapshot(store: Store) {
  return store.templates().map((t) => ({ t, rows: store.table(t).list().map((r) => ({ scope: store.table(t).scopeOf(r.id) ?? null, r })) }));
}

let small: ReturnType<typeof seeded>;
beforeAll(() => {
  small = seeded(7, "small");
});

describe("determinism", () => {
  it("seeds the same store twice from the same seed, scale and now", () => {
    const again = seeded(7, "small");
    expect(snapshot(again.store)).toEqual(snapshot(small.store));
    expect(again.summary).toEqual(small.summary);
  });

  it("seeds different data from a different seed", () => {
    const other = seeded(8, "small");
    expect(rows(other.store, "/company/companies").map((c) => c.name)).not.toEqual(rows(small.store, "/company/companies").map((c) => c.name));
    expect(rows(other.store, "/time/entries").slice(0, 50).map((e) => e.timeStart)).not.toEqual(rows(small.store, "/time/entries").slice(0, 50).map((e) => e.timeStart));
  });

  it("dates everything relative to now: six months of history, nothing entered after now", () => {
    const tickets = rows(small.store, "/service/tickets");
    const entered = tickets.map((t) => Date.parse(String(ref(t._info).dateEntered)));
    expect(Math.max(...entered)).toBeLessThanOrEqual(NOW.getTime());
    expect(Math.min(...entered)).toBeGreaterThanOrEqual(NOW.getTime() - 27 * 7 * DAY);
    expect(Math.min(...entered)).toBeLessThan(NOW.getTime() - 24 * 7 * DAY);
    const later = seeded(7, "small", new Date(NOW.getTime() + 7 * DAY));
    const shifted = rows(later.store, "/service/tickets").map((t) => Date.parse(String(ref(t._info).dateEntered)));
    expect(Math.max(...shifted)).toBeGreaterThan(NOW.getTime());
  });

  it("refuses a store that already has records", () => {
    expect(() => seedStore(small.store, { seed: 7, scale: "small", now: NOW })).toThrow(/empty store/);
  });
});

describe("medium scale", () => {
  let medium: ReturnType<typeof seeded>;
  beforeAll(() => {
    medium = seeded(1, "medium");
    console.log(`medium seed: ${Math.round(medium.ms)} ms`, Object.fromEntries(
      ["/company/companies", "/company/contacts", "/company/configurations", "/service/tickets", "/service/tickets/{parentid}/notes", "/time/entries", "/time/sheets", "/finance/invoices"].map((t) => [t, medium.summary.counts[t]]),
    ));
  });

  it("has at least 200 companies, 10,000 service tickets and 50,000 time entries", () => {
    expect(medium.summary.counts["/company/companies"]).toBeGreaterThanOrEqual(200);
    expect(medium.summary.counts["/service/tickets"]).toBe(10_000);
    expect(medium.summary.counts["/time/entries"]).toBeGreaterThanOrEqual(50_000);
    expect(medium.summary.counts["/time/entries"]).toBe(rows(medium.store, "/time/entries").length);
  });

  it("keeps ticket hours equal to the sum of their time entries", () => {
    expectTicketHoursAreSums(medium.store);
  });

  it("plants a few dozen of each timesheet problem", () => {
    const p = medium.summary.planted;
    for (const list of [p.overlappingTimeEntries, p.timeEntriesMissingNotes, p.badlyRoundedTimeEntries, p.futureTimeEntries, p.timeOnClosedTickets, p.overtimeDays]) {
      expect(list.length).toBeGreaterThanOrEqual(20);
      expect(list.length).toBeLessThan(200);
    }
  });
});

describe("the MSP", () => {
  it("has one API member, one inactive member, and technicians with the time settings ConnectWise uses", () => {
    const members = rows(small.store, "/system/members");
    expect(members.filter((m) => m.licenseClass === "A")).toEqual([expect.objectContaining({ identifier: "sandbox-api" })]);
    expect(members.filter((m) => m.inactiveFlag === true)).toHaveLength(1);
    for (const m of members) {
      expect(String(m.identifier).length).toBeLessThanOrEqual(15);
      if (m.licenseClass !== "F") continue;
      expect(m.dailyCapacity).toBeGreaterThanOrEqual(7.5);
      expect(m.dailyCapacity).toBeLessThanOrEqual(8);
      expect(m).toMatchObject({ hourlyCost: expect.any(Number), hourlyRate: expect.any(Number), workRole: { id: expect.any(Number) }, minimumHours: expect.any(Number), daysTolerance: expect.any(Number) });
    }
  });

  it("has the five boards, each with open, waiting, closed and no-time statuses", () => {
    const boards = rows(small.store, "/service/boards");
    expect(boards.map((b) => b.name).sort()).toEqual(["Alerts", "Help Desk", "Network Operations", "Onsite", "Projects"]);
    expect(boards.find((b) => b.name === "Projects")?.projectFlag).toBe(true);
    for (const b of boards) {
      const statuses = small.store.table(tableKey("/service/boards/{parentId}/statuses")).list(String(b.id));
      expect(statuses.find((s) => s.name === "New")?.defaultFlag).toBe(true);
      expect(statuses.find((s) => s.name === "Waiting on Client")?.escalationStatus).toBe("NoEscalation");
      expect(statuses.filter((s) => s.closedStatus === true).map((s) => s.name)).toEqual(expect.arrayContaining(["Resolved", "Closed"]));
      expect(statuses.some((s) => s.timeEntryNotAllowed === true)).toBe(true);
    }
    expect(rows(small.store, "/service/priorities").map((p) => [p.name, p.level])).toEqual(expect.arrayContaining([
      ["Priority 1 - Emergency Response", "Critical"], ["Priority 2 - Quick Response", "High"], ["Priority 3 - Normal Response", "Medium"], ["Priority 4 - Schedule Maintenance", "Low"],
    ]));
  });

  it("has open and closed tickets whose flags agree with their status", () => {
    const statuses = byId(rows(small.store, "/service/boards/{parentId}/statuses"));
    const tickets = rows(small.store, "/service/tickets");
    for (const t of tickets) {
      const status = statuses.get(Number(ref(t.status).id))!;
      expect(t.closedFlag).toBe(status.closedStatus === true);
      if (t.closedFlag) expect(t).toMatchObject({ closedDate: expect.stringMatching(ISO), closedBy: expect.any(String), slaStatus: "Resolved" });
      else expect(t.closedDate).toBeUndefined();
    }
    const open = tickets.filter((t) => !t.closedFlag).length;
    expect(open).toBeGreaterThan(10);
    expect(open).toBeLessThan(tickets.length / 5);
    const missed = tickets.filter((t) => t.closedFlag && t.isInSla === false).length;
    expect(missed).toBeGreaterThan(0);
    expect(missed).toBeLessThan(tickets.length / 2);
  });

  it("schedules technicians on tickets, done in the past and booked for the coming days", () => {
    const tickets = byId(rows(small.store, "/service/tickets"));
    const entries = rows(small.store, "/schedule/entries");
    for (const e of entries) {
      expect(tickets.has(Number(e.objectId))).toBe(true);
      expect(e.type).toMatchObject({ identifier: "S" });
      expect(e.doneFlag).toBe(Date.parse(String(e.dateEnd)) < NOW.getTime());
    }
    expect(entries.some((e) => Date.parse(String(e.dateStart)) > NOW.getTime())).toBe(true);
  });

  it("puts the members' weekly time sheets through every status of the approval workflow", () => {
    const spec = JSON.parse(readFileSync(join(packageRoot(), "data", "manage.json"), "utf8")) as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } };
    const statuses = spec.components.schemas.TimeSheet!.properties.status!.enum!;
    const sheets = rows(small.store, "/time/sheets");
    expect(new Set(sheets.map((s) => s.status))).toEqual(new Set(statuses));
    const thisWeek = sheets.filter((s) => Date.parse(String(s.dateStart)) <= NOW.getTime() && NOW.getTime() < Date.parse(String(s.dateEnd)) + DAY);
    expect(thisWeek.length).toBeGreaterThan(0);
    expect(thisWeek.every((s) => s.status === "Open")).toBe(true);
  });
});

describe("references", () => {
  it("gives each ticket its company's id, identifier and name, a status of its own board, and the company's contact and site", () => {
    const companies = byId(rows(small.store, "/company/companies"));
    const contacts = byId(rows(small.store, "/company/contacts"));
    const statuses = small.store.table(tableKey("/service/boards/{parentId}/statuses"));
    const sites = small.store.table(tableKey("/company/companies/{parentId}/sites"));
    for (const template of ["/service/tickets", "/project/tickets"]) {
      for (const t of rows(small.store, template)) {
        const company = companies.get(Number(ref(t.company).id))!;
        expect(t.company).toEqual({ id: company.id, identifier: company.identifier, name: company.name });
        const status = statuses.get(Number(ref(t.status).id))!;
        expect(statuses.scopeOf(status.id)).toBe(String(ref(t.board).id));
        expect(ref(t.status).name).toBe(status.name);
        expect(ref(contacts.get(Number(ref(t.contact).id))?.company).id).toBe(company.id);
        expect(sites.scopeOf(Number(ref(t.site).id))).toBe(String(company.id));
      }
    }
  });

  it("gives each time entry its member, the sheet of its week with the sheet's status, and hours that add up", () => {
    const members = byId(rows(small.store, "/system/members"));
    const sheets = byId(rows(small.store, "/time/sheets"));
    for (const e of rows(small.store, "/time/entries")) {
      const member = members.get(Number(ref(e.member).id))!;
      expect(e.member).toEqual({ id: member.id, identifier: member.identifier, name: `${String(member.firstName)} ${String(member.lastName)}`, dailyCapacity: member.dailyCapacity });
      const sheet = sheets.get(Number(ref(e.timeSheet).id))!;
      expect(ref(sheet.member).id).toBe(member.id);
      const start = Date.parse(String(e.timeStart));
      expect(start).toBeGreaterThanOrEqual(Date.parse(String(sheet.dateStart)));
      expect(start).toBeLessThan(Date.parse(String(sheet.dateEnd)) + DAY);
      expect(e.status).toBe(sheet.status);
      expect(e.timeStart).toMatch(ISO);
      expect(e.timeEnd).toMatch(ISO);
      expect(e.actualHours).toBe(hoursOf(e));
      expect(e.hoursBilled).toBe(e.billableOption === "Billable" ? e.actualHours : 0);
    }
    for (const sheet of sheets.values()) {
      const entries = rows(small.store, "/time/entries").filter((e) => ref(e.timeSheet).id === sheet.id);
      expect(sheet.hours).toBe(round2(entries.reduce((s, e) => s + Number(e.actualHours), 0)));
    }
  });

  it("charges ticket time to the ticket's company and agreement, and keeps ticket hours the sum of their entries", () => {
    const tickets = byId(rows(small.store, "/service/tickets"));
    for (const e of rows(small.store, "/time/entries").filter((x) => x.chargeToType === "ServiceTicket")) {
      const ticket = tickets.get(Number(e.chargeToId))!;
      expect(e.company).toEqual(ticket.company);
      expect(e.ticket).toEqual({ id: ticket.id, summary: ticket.summary });
      expect(e.agreement).toEqual(ticket.agreement);
    }
    expectTicketHoursAreSums(small.store);
  });

  it("names in every reference the very row it points at, as the API answers it", () => {
    const model = new SandboxModel(builtCatalogue());
    const differ: Record<string, string[] | "all"> = {};
    const problems: string[] = [];
    for (const table of small.store.templates()) {
      const fields = model.forTable(table).references;
      for (const row of fields.length > 0 ? small.store.table(table).list() : []) {
        const hydrated = model.hydrate(small.store, table, row);
        for (const { field, schema } of fields) {
          const value = row[field];
          if (!isObject(value)) continue;
          // A time entry's `ticket` may be a project ticket (project and service tickets share one id sequence).
          const targets = schema === "TicketReference" ? ["/service/tickets", "/project/tickets"] : [REFERENCE_TARGETS[schema]!.table];
          if (!targets.some((t) => small.store.table(tableKey(t)).get(Number(value.id)))) problems.push(`${table} ${row.id} ${field}: no ${schema} row ${String(value.id)}`);
          const skip = differ[schema];
          if (skip === "all") continue;
          const ours = comparable(value, skip);
          const answered = comparable(ref(hydrated[field]), skip);
          if (JSON.stringify(ours) !== JSON.stringify(answered)) problems.push(`${table} ${row.id} ${field}: ${JSON.stringify(value)} but the API answers ${JSON.stringify(hydrated[field])}`);
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});

describe("planted problems", () => {
  const entries = () => byId(rows(small.store, "/time/entries"));

  it("plants every kind of problem", () => {
    for (const [kind, list] of Object.entries(small.summary.planted)) expect(list.length, kind).toBeGreaterThan(0);
  });

  it("lists overlapping entries of one member, and no overlap goes unlisted", () => {
    const all = entries();
    for (const group of small.summary.planted.overlappingTimeEntries) {
      const list = group.map((id) => all.get(id)!).sort((a, b) => Date.parse(String(a.timeStart)) - Date.parse(String(b.timeStart)));
      expect(new Set(list.map((e) => ref(e.member).id)).size).toBe(1);
      let end = Date.parse(String(list[0]!.timeEnd));
      for (const e of list.slice(1)) {
        expect(Date.parse(String(e.timeStart))).toBeLessThan(end);
        end = Math.max(end, Date.parse(String(e.timeEnd)));
      }
    }
    const listed = new Set(small.summary.planted.overlappingTimeEntries.flat());
    const byMember = new Map<unknown, Row[]>();
    for (const e of all.values()) byMember.set(ref(e.member).id, [...(byMember.get(ref(e.member).id) ?? []), e]);
    for (const list of byMember.values()) {
      list.sort((a, b) => Date.parse(String(a.timeStart)) - Date.parse(String(b.timeStart)));
      for (let i = 1; i < list.length; i++) {
        if (Date.parse(String(list[i]!.timeStart)) < Date.parse(String(list[i - 1]!.timeEnd))) expect(listed.has(list[i]!.id)).toBe(true);
      }
    }
  });

  it("lists exactly the billable entries whose notes are empty or under 20 characters", () => {
    const short = [...entries().values()].filter((e) => e.billableOption === "Billable" && String(e.notes ?? "").trim().length < 20).map((e) => e.id);
    expect(small.summary.planted.timeEntriesMissingNotes).toEqual(short);
  });

  it("lists exactly the entries whose hours are not a multiple of a quarter hour", () => {
    const odd = [...entries().values()].filter((e) => !Number.isInteger(round2(Number(e.actualHours) * 4))).map((e) => e.id);
    expect(small.summary.planted.badlyRoundedTimeEntries).toEqual(odd);
  });

  it("lists member-days over 8 hours with their total", () => {
    for (const day of small.summary.planted.overtimeDays) {
      const total = [...entries().values()].filter((e) => ref(e.member).id === day.memberId && String(e.timeStart).startsWith(day.date)).reduce((s, e) => s + Number(e.actualHours), 0);
      expect(round2(total)).toBe(day.hours);
      expect(day.hours).toBeGreaterThan(8);
    }
  });

  it("lists future entries, time on closed tickets, expired warranties, agreements ending soon and overdue invoices", () => {
    const all = entries();
    const now = NOW.getTime();
    for (const id of small.summary.planted.futureTimeEntries) expect(Date.parse(String(all.get(id)!.timeStart))).toBeGreaterThan(now);
    const tickets = byId(rows(small.store, "/service/tickets"));
    for (const id of small.summary.planted.timeOnClosedTickets) {
      const e = all.get(id)!;
      const ticket = tickets.get(Number(e.chargeToId))!;
      expect(ticket.closedFlag).toBe(true);
      expect(Date.parse(String(e.timeStart))).toBeGreaterThanOrEqual(Date.parse(String(ticket.closedDate)));
    }
    const configurations = byId(rows(small.store, "/company/configurations"));
    for (const id of small.summary.planted.expiredWarrantyConfigurations) expect(Date.parse(String(configurations.get(id)!.warrantyExpirationDate))).toBeLessThan(now);
    expect([...configurations.values()].some((c) => Date.parse(String(c.warrantyExpirationDate)) > now && Date.parse(String(c.warrantyExpirationDate)) < now + 60 * DAY)).toBe(true);
    const agreements = byId(rows(small.store, "/finance/agreements"));
    for (const id of small.summary.planted.agreementsEndingSoon) {
      const a = agreements.get(id)!;
      expect(a.agreementStatus).toBe("Active");
      expect(Date.parse(String(a.endDate)) - now).toBeLessThanOrEqual(30 * DAY);
    }
    expect([...agreements.values()].map((a) => a.agreementStatus)).toEqual(expect.arrayContaining(["Active", "Expired", "Cancelled"]));
    const invoices = byId(rows(small.store, "/finance/invoices"));
    for (const id of small.summary.planted.overdueInvoices) {
      const i = invoices.get(id)!;
      expect(Number(i.balance)).toBeGreaterThan(0);
      expect(Date.parse(String(i.dueDate))).toBeLessThan(now);
    }
  });
});

describe("schemas", () => {
  const spec = () => JSON.parse(readFileSync(join(packageRoot(), "data", "manage.json"), "utf8")) as {
    paths: Record<string, Record<string, { operationId?: string; requestBody?: { content: Record<string, { schema: { $ref?: string } }> }; responses?: Record<string, { content?: Record<string, { schema: { $ref?: string; items?: { $ref?: string } } }> }> }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  const refName = (r: string | undefined) => (r ?? "").split("/").pop() ?? "";

  it("passes every seeded row through the request-body schema of its collection's POST", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const table of small.store.templates()) {
      const post = Object.entries(endpoints).find(([, e]) => e.method === "POST" && tableKey(e.path.replace(/\/+$/, "")) === table);
      if (!post) continue;
      const [operationId, endpoint] = post;
      const schema = (await zodModules[endpoint.category as ZodModuleName]()).requestBodies[operationId];
      if (!schema) continue;
      for (const row of small.store.table(table).list()) {
        checked++;
        const result = schema.safeParse(row);
        if (!result.success) failures.push(`${table} ${row.id}: ${result.error.issues.slice(0, 2).map((i) => `${i.path.join("/")} ${i.message}`).join("; ")}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThan(5_000);
  });

  it("uses only field names the spec declares, and no undefined values", () => {
    const { paths, components } = spec();
    const byTable = new Map<string, string>();
    for (const [path, item] of Object.entries(paths)) {
      const key = tableKey(path.replace(/\/+$/, ""));
      const body = refName(item.post?.requestBody?.content["application/json"]?.schema.$ref);
      const answer = Object.values(item.get?.responses?.["200"]?.content ?? {})[0]?.schema;
      const name = body || refName(answer?.items?.$ref ?? answer?.$ref);
      if (name && !byTable.has(key)) byTable.set(key, name);
    }
    const problems: string[] = [];
    for (const table of small.store.templates()) {
      const schemaName = byTable.get(table);
      const properties = schemaName ? components.schemas[schemaName]?.properties : undefined;
      if (!properties) {
        problems.push(`${table}: no schema`);
        continue;
      }
      for (const row of small.store.table(table).list()) {
        for (const [key, value] of Object.entries(row)) {
          // The store stamps `_info` on every row, including the few schemas that do not declare it.
          if (!(key in properties) && key !== "_info") problems.push(`${table}.${key} is not a ${schemaName} field`);
          if (value === undefined) problems.push(`${table} ${row.id}.${key} is undefined`);
        }
      }
    }
    expect([...new Set(problems)].slice(0, 10)).toEqual([]);
  });
});

function expectTicketHoursAreSums(store: Store): void {
  const sums = new Map<string, number>();
  for (const e of rows(store, "/time/entries")) {
    if (e.chargeToType !== "ServiceTicket" && e.chargeToType !== "ProjectTicket") continue;
    const key = `${String(e.chargeToType)}:${String(e.chargeToId)}`;
    sums.set(key, (sums.get(key) ?? 0) + Number(e.actualHours));
  }
  const wrong: string[] = [];
  for (const [kind, template] of [["ServiceTicket", "/service/tickets"], ["ProjectTicket", "/project/tickets"]] as const) {
    for (const t of rows(store, template)) {
      const sum = round2(sums.get(`${kind}:${t.id}`) ?? 0);
      if (t.actualHours !== sum) wrong.push(`${kind} ${t.id}: ${String(t.actualHours)} ≠ ${sum}`);
    }
  }
  expect(wrong.slice(0, 10)).toEqual([]);
}

/** A reference without `_info` and the given fields, keys in order. */
function comparable(o: JsonObject, without: string[] = []): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => k !== "_info" && v !== undefined && !without.includes(k)).sort(([a], [b]) => a.localeCompare(b)));
}
