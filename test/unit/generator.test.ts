import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { generate } from "../../codegen/index.js";
import type { OperationDef } from "../../src/operations/types.js";
import { fixture, removeDir, scratchDir } from "../helpers/tmp.js";

type Table = Record<string, z.ZodType>;
interface ZodModule {
  schemas: Table;
  requestBodies: Table;
  pathParams: Table;
  queryParams: Table;
}

let out: string;
let service: ZodModule;
let company: ZodModule;

beforeAll(async () => {
  out = scratchDir("mini");
  await generate({ specFile: fixture("mini-spec.json"), overlayFile: fixture("mini-overlay.json"), operationsFile: fixture("mini-operations.yaml"), outDir: out, force: true });
  const load = async (name: string) => (await import(pathToFileURL(join(out, "zod", `${name}.js`)).href)) as ZodModule;
  service = await load("service");
  company = await load("company");
});

afterAll(() => removeDir(out));

const issues = (schema: z.ZodType | undefined, value: unknown) =>
  schema!.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.code}`) ?? [];

describe("generator on a small spec", () => {
  it("maps every operationId to its method, path, category and summary, sorted", async () => {
    const { endpoints } = (await import(pathToFileURL(join(out, "endpoints.ts")).href)) as {
      endpoints: Record<string, { method: string; path: string; category: string; summary: string }>;
    };
    expect(Object.keys(endpoints)).toEqual([...Object.keys(endpoints)].sort());
    expect(Object.keys(endpoints)).toHaveLength(8);
    expect(endpoints.getServiceTicketsByParentIdNotesById).toEqual({
      method: "GET",
      path: "/service/tickets/{parentId}/notes/{id}",
      category: "service",
      summary: "Get ServiceNote",
    });
  });

  it("splits zod schemas by API module, each with only what it reaches", () => {
    expect(Object.keys(service.requestBodies).sort()).toEqual(["patchServiceTicketsById", "postServiceTickets"]);
    expect(Object.keys(service.schemas).sort()).toEqual(["BoardReference", "PatchOperation", "Ticket", "TicketNode"]);
    expect(Object.keys(company.requestBodies)).toEqual([]);
    expect(Object.keys(company.queryParams)).toEqual(["getCompanyCompanies"]);
  });

  it("keeps required fields, maxLength, enums, nullable, arrays and formats", () => {
    const ticket = service.requestBodies.postServiceTickets;
    expect(issues(ticket, { summary: "Printer down", board: { name: "Help Desk" } })).toEqual([]);
    expect(issues(ticket, {})).toEqual(["summary: invalid_type", "board: invalid_type"]);
    expect(issues(ticket, { summary: "x".repeat(101), board: {} })).toEqual(["summary: too_big"]);
    expect(issues(ticket, { summary: "s", board: {}, status: "Pending" })).toEqual(["status: invalid_value"]);
    expect(issues(ticket, { summary: "s", board: {}, status: null, budgetHours: null, mobileGuid: null })).toEqual([]);
    expect(issues(ticket, { summary: "s", board: {}, tags: ["vip", 3] })).toEqual(["tags.1: invalid_type"]);
    expect(issues(ticket, { summary: "s", board: {}, requiredDate: "2025-01-01T09:00:00Z" })).toEqual([]);
    expect(issues(ticket, { summary: "s", board: {}, requiredDate: "next tuesday" })).toEqual(["requiredDate: invalid_format"]);
    expect(issues(ticket, { summary: "s", board: {}, mobileGuid: "not-a-guid" })).toEqual(["mobileGuid: invalid_format"]);
    expect(issues(ticket, { summary: "s", board: { id: 1.5 } })).toEqual(["board.id: invalid_type"]);
    expect(issues(ticket, { summary: "s", board: {}, customFields: { a: "b", c: 1 } })).toEqual(["customFields.c: invalid_type"]);
  });

  it("follows self and mutual $ref cycles lazily, at any depth", () => {
    const ticket = service.requestBodies.postServiceTickets;
    const deep = { summary: "a", board: {}, parent: { summary: "b", board: {}, children: [{ depth: 1, ticket: { summary: "x".repeat(101), board: {} } }] } };
    expect(issues(ticket, deep)).toEqual(["parent.children.0.ticket.summary: too_big"]);
    const source = readFileSync(join(out, "zod", "service.js"), "utf8");
    expect(source).toMatch(/z\.lazy\(\(\) => Ticket\)/);
  });

  it("takes PATCH operations with values of any JSON type (the overlay's fix)", () => {
    const patch = service.requestBodies.patchServiceTicketsById;
    const ops = [
      { op: "replace", path: "summary", value: "New summary" },
      { op: "replace", path: "budgetHours", value: 2.5 },
      { op: "replace", path: "board", value: { id: 3 } },
      { op: "remove", path: "tags" },
    ];
    expect(issues(patch, ops)).toEqual([]);
    expect(issues(patch, { op: "replace" })).toEqual([": invalid_type"]);
  });

  it("validates path parameters and query parameters, relocated ones included", () => {
    expect(issues(service.pathParams.getServiceTicketsByParentIdNotesById, { parentId: 1, id: 2 })).toEqual([]);
    expect(issues(service.pathParams.getServiceTicketsByParentIdNotesById, { parentId: 1 })).toEqual(["id: invalid_type"]);
    expect(issues(service.queryParams.getServiceTicketsByParentIdNotesById, { useDefaultFlag: "yes" })).toEqual(["useDefaultFlag: invalid_type"]);
    expect(issues(service.queryParams.getServiceTickets, { conditions: 'status/name = "Open"', page: null })).toEqual([]);
    expect(issues(company.queryParams.getCompanyCompanies, { orderBy: "date" })).toEqual(["orderBy: invalid_value"]);
  });

  it("emits identical parameter schemas once", () => {
    const source = readFileSync(join(out, "zod", "service.js"), "utf8");
    expect(source.match(/z\.object\(\{ id: z\.int32\(\) \}\)/g)).toHaveLength(1);
  });

  it("leaves the clientId header out of the typed surface", () => {
    const types = readFileSync(join(out, "schema.d.ts"), "utf8");
    expect(types).toContain('"/service/tickets/{id}"');
    expect(types).not.toContain("clientId");
  });

  it("builds the catalogue with a row per operation and per parameter entry", () => {
    const db = new Database(join(out, "catalogue.db"), { readonly: true });
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count("endpoints")).toBe(8);
    expect(count("parameters")).toBe(18);
    expect(count("request_bodies")).toBe(2);
    expect(count("response_bodies")).toBe(8);
    expect(db.prepare("SELECT name, endpoint_count AS n FROM categories ORDER BY name").all()).toEqual([
      { name: "company", n: 1 },
      { name: "service", n: 7 },
    ]);
    const kinds = db.prepare("SELECT method || ' ' || path AS op, kind FROM endpoints ORDER BY id").all();
    expect(kinds).toContainEqual({ op: "GET /service/tickets", kind: "collection" });
    expect(kinds).toContainEqual({ op: "GET /service/tickets/count", kind: "count" });
    expect(kinds).toContainEqual({ op: "PATCH /service/tickets/{id}", kind: "item" });
    const hits = db.prepare("SELECT rowid FROM endpoint_search WHERE endpoint_search MATCH ?").all('"note"');
    expect(hits).toEqual([{ rowid: 7 }]);
    db.close();
  });

  it("emits the named operations resolved against the spec, sorted by name", async () => {
    const operations = JSON.parse(readFileSync(join(out, "operations.json"), "utf8")) as OperationDef[];
    expect(operations.map((o) => o.name)).toEqual([
      "count_tickets",
      "create_ticket",
      "delete_ticket",
      "get_ticket",
      "list_tickets",
      "open_tickets_on_board",
      "ticket_note",
      "update_ticket",
    ]);
    const byName = new Map(operations.map((o) => [o.name, o]));
    expect(byName.get("ticket_note")).toMatchObject({
      kind: "read",
      method: "GET",
      path: "/service/tickets/{parentId}/notes/{id}",
      operationId: "getServiceTicketsByParentIdNotesById",
      params: [
        { name: "ticket_id", type: "integer", required: true, in: "path", target: "parentId" },
        { name: "note_id", type: "integer", required: true, in: "path", target: "id" },
      ],
    });
    const open = byName.get("open_tickets_on_board")!;
    expect(open.query).toEqual({ conditions: 'status = "Open"' });
    // A list gains the paging and sorting parameters the endpoint accepts, and no others (no orderBy in the mini spec).
    expect(open.params.map((p) => p.name)).toEqual(["board", "conditions", "page"]);
    expect(byName.get("delete_ticket")).toMatchObject({ kind: "write", method: "DELETE", path: "/service/tickets/{id}" });
  });

  it("skips a run whose inputs have not changed", async () => {
    const again = await generate({ specFile: fixture("mini-spec.json"), overlayFile: fixture("mini-overlay.json"), operationsFile: fixture("mini-operations.yaml"), outDir: out });
    expect(again.skipped).toBe(true);
  });
});
