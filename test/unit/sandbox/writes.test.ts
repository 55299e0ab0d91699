import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../../src/sandbox/server.js";
import { client, sandbox } from "../../helpers/sandbox.js";

let sb: Sandbox;
let cw: ReturnType<typeof client>;
let company: { id: number; identifier: string; name: string };
let board: { id: number; name: string };

beforeAll(async () => {
  sb = await sandbox();
  cw = client(sb);
  company = (await cw("GET", "/company/companies?pageSize=1&orderBy=id%20desc")).body[0];
  board = (await cw("GET", `/service/boards?conditions=${encodeURIComponent('name = "Help Desk"')}`)).body[0];
});
afterAll(() => sb?.close());

const newTicket = (extra: Record<string, unknown> = {}) =>
  cw("POST", "/service/tickets", { summary: "Printer offline on 2nd floor", company: { identifier: company.identifier }, board: { name: "Help Desk" }, ...extra });

describe("POST", () => {
  it("creates a record: 201, a new id, _info, references resolved by identifier or name", async () => {
    const res = await newTicket({ initialDescription: "HP LaserJet shows offline since this morning." });
    expect(res.status).toBe(201);
    const t = res.body;
    expect(t.id).toBeGreaterThan(0);
    expect(t.company).toMatchObject({ id: company.id, identifier: company.identifier, name: company.name });
    expect(t.board).toMatchObject({ id: board.id, name: "Help Desk" });
    expect(t.status.name).toBeTruthy();
    expect(t).toMatchObject({ recordType: "ServiceTicket", closedFlag: false });
    expect(t._info).toMatchObject({ dateEntered: expect.stringMatching(/Z$/), lastUpdated: expect.any(String), updatedBy: "sandbox-api", enteredBy: "sandbox-api" });
    expect(t).not.toHaveProperty("initialDescription");
    const notes = await cw("GET", `/service/tickets/${t.id}/notes`);
    expect(notes.body).toEqual([expect.objectContaining({ text: "HP LaserJet shows offline since this morning.", detailDescriptionFlag: true, ticketId: t.id })]);
  });

  it("refuses a missing required field with InvalidObject and MissingRequiredField", async () => {
    const res = await cw("POST", "/service/tickets", { company: { id: company.id } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: "InvalidObject",
      message: "ticket object is invalid",
      errors: [{ code: "MissingRequiredField", message: "summary is required.", resource: "ticket", field: "summary" }],
    });
  });

  it("refuses a member the model lacks, as ConnectWise's deserialiser does", async () => {
    const res = await newTicket({ sumary: "typo" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("ConnectWiseApi");
    expect(res.body.message).toMatch(/^Could not find member 'sumary' on object of type 'Ticket'\. Path 'sumary'/);
  });

  it("answers a value of the wrong type with ConnectWise's 500 conversion error", async () => {
    const res = await newTicket({ budgetHours: "lots" });
    expect(res.status).toBe(500);
    expect(res.body.code).toBe("ConnectWiseApi");
    expect(res.body.message).toMatch(/^Error converting value "\\"lots\\"" to type/);
  });

  it("refuses a string over its maximum length and a reference that does not exist", async () => {
    const long = await newTicket({ summary: "x".repeat(101) });
    expect(long.status).toBe(400);
    expect(long.body.errors[0]).toMatchObject({ field: "summary", resource: "ticket" });
    const ghost = await newTicket({ board: { name: "No Such Board" } });
    expect(ghost.status).toBe(400);
    expect(ghost.body.errors[0]).toMatchObject({ field: "board", message: 'board: no record with name "No Such Board".' });
  });
});

describe("PUT, PATCH and DELETE", () => {
  it("PATCH applies replace, add and remove, with or without a leading slash, and references by name", async () => {
    const t = (await newTicket()).body;
    const closed = (await cw("GET", `/service/boards/${board.id}/statuses?conditions=closedStatus%3Dtrue`)).body[0];
    const res = await cw("PATCH", `/service/tickets/${t.id}`, [
      { op: "replace", path: "summary", value: "Printer back online" },
      { op: "replace", path: "/budgetHours", value: 1.5 },
      { op: "add", path: "poNumber", value: "PO-77" },
      { op: "replace", path: "status", value: { name: closed.name } },
      { op: "remove", path: "requiredDate" },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ summary: "Printer back online", budgetHours: 1.5, poNumber: "PO-77", status: { id: closed.id }, closedFlag: true, requiredDate: null });
    expect(res.body.closedDate).toMatch(/Z$/);
  });

  it("PATCH re-points a reference through a nested path such as company/identifier", async () => {
    const t = (await newTicket()).body;
    const other = (await cw("GET", `/company/companies?conditions=${encodeURIComponent(`id != ${company.id}`)}&pageSize=1`)).body[0];
    const res = await cw("PATCH", `/service/tickets/${t.id}`, [{ op: "replace", path: "company/identifier", value: other.identifier }]);
    expect(res.body.company).toMatchObject({ id: other.id, name: other.name });
    expect((await cw("GET", `/company/companies/${company.id}`)).body.identifier).toBe(company.identifier);
  });

  it("PATCH refuses an object body, an unknown op and a read-only path", async () => {
    const t = (await newTicket()).body;
    expect((await cw("PATCH", `/service/tickets/${t.id}`, { summary: "x" })).status).toBe(500);
    const op = await cw("PATCH", `/service/tickets/${t.id}`, [{ op: "move", path: "summary", value: "x" }]);
    expect(op.status).toBe(400);
    expect(op.body.errors[0].message).toMatch(/op must be add, replace or remove/);
    expect((await cw("PATCH", `/service/tickets/${t.id}`, [{ op: "replace", path: "id", value: 1 }])).status).toBe(400);
  });

  it("PUT replaces the record and keeps its id and entry date", async () => {
    const t = (await newTicket({ poNumber: "PO-1" })).body;
    const res = await cw("PUT", `/service/tickets/${t.id}`, { summary: "Replaced", company: { id: company.id }, board: { id: board.id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: t.id, summary: "Replaced" });
    expect(res.body.poNumber).toBeUndefined();
    expect(res.body._info.dateEntered).toBe(t._info.dateEntered);
  });

  it("DELETE answers 204, after which the record is gone", async () => {
    const t = (await newTicket()).body;
    const res = await cw("DELETE", `/service/tickets/${t.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await cw("GET", `/service/tickets/${t.id}`)).status).toBe(404);
  });

  it("answers 404 for a child collection of a record that does not exist", async () => {
    expect((await cw("GET", "/service/tickets/99999999/notes")).status).toBe(404);
  });
});

describe("lists read after a write", () => {
  // List answers reuse the filtered, ordered rows of the same question until anything in the store changes.
  it("see a record created, changed, re-pointed and deleted, in every page and order", async () => {
    const marker = `ListProbe${Date.now()}`;
    const list = async (extra = "") =>
      (await cw("GET", `/service/tickets?conditions=${encodeURIComponent(`summary like "${marker}%"`)}&fields=id,summary,company/id&pageSize=2${extra}`)).body as {
        id: number;
        summary: string;
        company: { id: number };
      }[];
    expect(await list()).toEqual([]);
    const a = (await newTicket({ summary: `${marker} b` })).body;
    expect((await list()).map((t) => t.id)).toEqual([a.id]);
    const b = (await newTicket({ summary: `${marker} a` })).body;
    const c = (await newTicket({ summary: `${marker} c` })).body;
    expect((await list("&orderBy=summary")).map((t) => t.id)).toEqual([b.id, a.id]);
    expect((await list("&orderBy=summary&page=2")).map((t) => t.id)).toEqual([c.id]);
    // Changing the sort key reorders the cached question's answer.
    await cw("PATCH", `/service/tickets/${c.id}`, [{ op: "replace", path: "summary", value: `${marker} 0` }]);
    expect((await list("&orderBy=summary")).map((t) => t.id)).toEqual([c.id, b.id]);
    // Re-pointing a reference is seen by a filter on it.
    const other = (await cw("GET", `/company/companies?conditions=${encodeURIComponent(`id != ${company.id}`)}&pageSize=1`)).body[0];
    const onOther = async () =>
      (await cw("GET", `/service/tickets?conditions=${encodeURIComponent(`summary like "${marker}%" and company/id = ${other.id}`)}&fields=id`)).body.map((t: { id: number }) => t.id);
    expect(await onOther()).toEqual([]);
    await cw("PATCH", `/service/tickets/${a.id}`, [{ op: "replace", path: "company/identifier", value: other.identifier }]);
    expect(await onOther()).toEqual([a.id]);
    // Leaving the filter, then leaving the store.
    await cw("PATCH", `/service/tickets/${b.id}`, [{ op: "replace", path: "summary", value: "No longer a probe" }]);
    expect((await list("&orderBy=summary&pageSize=10")).map((t) => t.id)).toEqual([c.id, a.id]);
    expect((await cw("DELETE", `/service/tickets/${c.id}`)).status).toBe(204);
    expect((await list("&orderBy=summary&pageSize=10")).map((t) => t.id)).toEqual([a.id]);
    expect((await cw("GET", `/service/tickets/count?conditions=${encodeURIComponent(`summary like "${marker}%"`)}`)).body.count).toBe(1);
  });
});

describe("records the seed does not cover", () => {
  it("supports CRUD on any collection of the spec, shaped by its schema", async () => {
    expect((await cw("GET", "/company/addressFormats")).body).toEqual([]);
    const created = await cw("POST", "/company/addressFormats", { name: "EU format", format: "[STREET]\n[ZIP] [CITY]" });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect((await cw("GET", "/company/addressFormats")).body).toEqual([created.body]);
    const patched = await cw("PATCH", `/company/addressFormats/${id}`, [{ op: "replace", path: "name", value: "EU" }]);
    expect(patched.body.name).toBe("EU");
    expect((await cw("GET", `/company/addressFormats/count`)).body).toEqual({ count: 1 });
    expect((await cw("DELETE", `/company/addressFormats/${id}`)).status).toBe(204);
    expect((await cw("GET", "/company/addressFormats")).body).toEqual([]);
  });
});

describe("references", () => {
  it("answer with the referenced record's current values", async () => {
    const t = (await newTicket()).body;
    const target = (await cw("GET", `/company/companies/${company.id}`)).body;
    await cw("PATCH", `/company/companies/${company.id}`, [{ op: "replace", path: "name", value: "Acme Renamed Ltd" }]);
    expect((await cw("GET", `/service/tickets/${t.id}`)).body.company).toMatchObject({ id: company.id, name: "Acme Renamed Ltd" });
    await cw("PATCH", `/company/companies/${company.id}`, [{ op: "replace", path: "name", value: target.name }]);
  });
});

describe("time entries and time sheets", () => {
  const member = async () => (await cw("GET", `/system/members?conditions=${encodeURIComponent('identifier != "sandbox-api" and inactiveFlag = false')}&pageSize=1`)).body[0];

  it("computes actualHours, files the entry on the member's week and rolls hours up to the ticket", async () => {
    const m = await member();
    const t = (await newTicket()).body;
    const res = await cw("POST", "/time/entries", {
      chargeToId: t.id, chargeToType: "ServiceTicket", member: { identifier: m.identifier },
      timeStart: "2026-03-18T14:15:00Z", timeEnd: "2026-03-18T15:00:00Z", notes: "Restarted the spooler and updated the driver.",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ actualHours: 0.75, billableOption: "Billable", hoursBilled: 0.75, company: { id: company.id }, ticket: { id: t.id }, status: "Open" });
    expect(res.body.timeSheet.name).toBe("2026-03-15 to 2026-03-21");
    expect((await cw("GET", `/service/tickets/${t.id}`)).body.actualHours).toBe(0.75);
    expect((await cw("GET", `/service/tickets/${t.id}/timeentries`)).body.map((e: { id: number }) => e.id)).toEqual([res.body.id]);
  });

  it("walks a time sheet through submit, approve, reject and reverse, entries following, refusing wrong moves", async () => {
    const m = await member();
    const t = (await newTicket()).body;
    const entry = (await cw("POST", "/time/entries", { chargeToId: t.id, member: { id: m.id }, timeStart: "2026-03-24T09:00:00Z", timeEnd: "2026-03-24T11:00:00Z", notes: "Firewall firmware upgrade and reboot." })).body;
    const sheet = entry.timeSheet.id as number;
    const status = async () => (await cw("GET", `/time/sheets/${sheet}`)).body.status;

    expect((await cw("POST", `/time/sheets/${sheet}/approve`, { id: sheet, approvalType: "Tier1Update" })).status).toBe(400);
    expect((await cw("POST", `/time/sheets/${sheet}/submit`)).body).toEqual({ success: true, message: "The time sheet is now PendingApproval." });
    expect(await status()).toBe("PendingApproval");
    expect((await cw("GET", `/time/entries/${entry.id}`)).body.status).toBe("PendingApproval");
    const blocked = await cw("PATCH", `/time/entries/${entry.id}`, [{ op: "replace", path: "notes", value: "changed after submit" }]);
    expect(blocked.status).toBe(400);
    expect(blocked.body.errors[0].field).toBe("timeSheet");

    await cw("POST", `/time/sheets/${sheet}/reject`);
    expect(await status()).toBe("Rejected");
    await cw("POST", `/time/sheets/${sheet}/submit`);
    expect(await status()).toBe("ErrorsCorrected");
    await cw("POST", `/time/sheets/${sheet}/approve`, { id: sheet, approvalType: "Tier1Update" });
    expect(await status()).toBe("ApprovedByTierOne");
    await cw("POST", `/time/sheets/${sheet}/approve`, { id: sheet, approvalType: "Tier2Update" });
    expect(await status()).toBe("ApprovedByTierTwo");
    await cw("POST", `/time/sheets/${sheet}/reverse`);
    expect(await status()).toBe("Open");
    const audits = await cw("GET", `/time/sheets/${sheet}/audits?pageSize=100`);
    expect(audits.body.map((a: { newValue: string }) => a.newValue)).toEqual(["PendingApproval", "Rejected", "ErrorsCorrected", "ApprovedByTierOne", "ApprovedByTierTwo", "Open"]);
  });

  it("refuses time on a ticket whose status does not allow time entries", async () => {
    const statuses = (await cw("GET", `/service/boards/${board.id}/statuses?conditions=timeEntryNotAllowed%3Dtrue`)).body;
    expect(statuses.length).toBeGreaterThan(0);
    const t = (await newTicket({ status: { id: statuses[0].id } })).body;
    const res = await cw("POST", "/time/entries", { chargeToId: t.id, timeStart: "2026-03-18T09:00:00Z", timeEnd: "2026-03-18T10:00:00Z", member: { id: (await member()).id } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/not allowed/);
  });
});

describe("actions", () => {
  it("merges tickets: the others close into the parent and their time moves with them", async () => {
    const parent = (await newTicket()).body;
    const child = (await newTicket()).body;
    const closed = (await cw("GET", `/service/boards/${board.id}/statuses?conditions=closedStatus%3Dtrue`)).body[0];
    const res = await cw("POST", `/service/tickets/${parent.id}/merge`, { mergeTicketIds: [child.id], status: { id: closed.id } });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect((await cw("GET", `/service/tickets/${child.id}`)).body).toMatchObject({ closedFlag: true, mergedParentTicket: { id: parent.id } });
    expect((await cw("GET", `/service/tickets/${parent.id}`)).body.hasMergedChildTicketFlag).toBe(true);
    expect((await cw("POST", `/service/tickets/${parent.id}/merge`, { mergeTicketIds: [99999999], status: { id: closed.id } })).status).toBe(400);
  });

  it("merges companies: records that referred to the merged company now refer to the target", async () => {
    const companies = (await cw("GET", "/company/companies?pageSize=3&orderBy=id%20desc")).body;
    const [from, to] = [companies[1], companies[2]];
    const before = (await cw("GET", `/service/tickets/count?conditions=company/id%3D${from.id}`)).body.count as number;
    const res = await cw("POST", `/company/companies/${from.id}/merge`, { toCompanyId: to.id });
    expect(res.status).toBe(200);
    expect((await cw("GET", `/service/tickets/count?conditions=company/id%3D${from.id}`)).body.count).toBe(0);
    expect((await cw("GET", `/service/tickets/count?conditions=company/id%3D${to.id}`)).body.count).toBeGreaterThanOrEqual(before);
  });

  it("serves an invoice as a small valid PDF", async () => {
    const invoice = (await cw("GET", "/finance/invoices?pageSize=1")).body[0];
    const res = await fetch(`${sb.apiUrl}/finance/invoices/${invoice.id}/pdf`, {
      headers: { Authorization: `Basic ${Buffer.from("sandbox+sandbox-public:sandbox-private").toString("base64")}`, clientId: "sandbox-client" },
    });
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await res.arrayBuffer()).toString("latin1");
    expect(pdf.startsWith("%PDF-1.4")).toBe(true);
    expect(pdf.trimEnd().endsWith("%%EOF")).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(xref, xref + 4)).toBe("xref");
    expect(pdf).toContain(`Invoice ${invoice.invoiceNumber}`);
  });

  it("approves and rejects expense reports through the same workflow", async () => {
    const report = (await cw("GET", `/expense/reports?conditions=${encodeURIComponent('status = "PendingApproval"')}&pageSize=1`)).body[0];
    expect(report).toBeDefined();
    expect((await cw("POST", `/expense/reports/${report.id}/approve`, { id: report.id, approvalType: "Tier1Update" })).status).toBe(200);
    expect((await cw("GET", `/expense/reports/${report.id}`)).body.status).toBe("ApprovedByTierOne");
    expect((await cw("POST", `/expense/reports/${report.id}/reject`)).status).toBe(200);
    expect((await cw("GET", `/expense/reports/${report.id}`)).body.status).toBe("RejectBySecondTier");
  });
});
