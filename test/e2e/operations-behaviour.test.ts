/**
 * Named operations answer what their names promise: each MSP view is checked against the sandbox's own
 * records, names resolve (or come back as candidates), writes default to safe choices, bodies come as
 * objects or JSON strings, and hostile values stay inside their quotes. Real MCP, real HTTP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allOperations } from "../../src/operations/registry.js";
import { parseConditions } from "../../src/sandbox/conditions/index.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { Row } from "../../src/sandbox/store.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";
import { afterNotice } from "../helpers/notice.js";

const operations = allOperations();
let sb: Sandbox;
let server: RunningServer;

beforeAll(async () => {
  sb = await sandbox();
  server = await startServer([], { ...envFor(sb), CW_TIMEZONE: "America/Chicago" });
});
afterAll(async () => {
  await server?.close();
  await sb?.close();
});
beforeEach(() => {
  sb.requests.length = 0;
});

async function call(tool: string, args: Record<string, unknown>) {
  const result = await server.client.callTool({ name: tool, arguments: args });
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
}
const op = (name: string, params: Record<string, unknown> = {}) => call("cw_operation", { name, params });
/** Records of a successful list answer. */
async function records(name: string, params: Record<string, unknown>): Promise<any[]> {
  const res = await op(name, { page_size: 1000, ...params });
  expect(res.isError, res.text).toBe(false);
  return res.data.data as any[];
}

const rows = (template: string) => sb.store.table(template).list();
const tickets = () => rows("/service/tickets");
const ids = (list: { id: number }[]) => list.map((r) => r.id).sort((a, b) => a - b);
const board = () => rows("/service/boards").find((b) => tickets().some((t) => (t.board as Row).id === b.id && t.closedFlag === false))!;
const sentConditions = () => sb.requests.filter((r) => r.method === "GET" && !/boards|members|companies|priorities|statuses/.test(r.path)).map((r) => r.query.conditions);

describe("MSP views answer what their names say", () => {
  it("list_open_tickets on a board: exactly the board's open tickets, newest first", async () => {
    const b = board();
    const got = await records("list_open_tickets", { board: String(b.name).toUpperCase() });
    const expected = tickets().filter((t) => t.closedFlag === false && (t.board as Row).id === b.id);
    expect(got.length).toBeGreaterThan(0);
    expect(ids(got)).toEqual(ids(expected));
    expect(got.map((t) => t.id)).toEqual([...got.map((t) => t.id)].sort((x, y) => y - x));
  });

  it("tickets_by_company takes the identifier or the name and gives the same open tickets", async () => {
    const company = rows("/company/companies").find((c) => tickets().some((t) => (t.company as Row).id === c.id && t.closedFlag === false))!;
    const byIdentifier = await records("tickets_by_company", { company: company.identifier });
    const byName = await records("tickets_by_company", { company: company.name });
    const expected = tickets().filter((t) => (t.company as Row).id === company.id && t.closedFlag === false);
    expect(ids(byIdentifier)).toEqual(ids(expected));
    expect(ids(byName)).toEqual(ids(expected));
    const closed = await records("tickets_by_company", { company: company.identifier, closed: true });
    expect(ids(closed)).toEqual(ids(tickets().filter((t) => (t.company as Row).id === company.id && t.closedFlag === true)));
  });

  it("unassigned_tickets: open, no owner, no resources", async () => {
    // A ticket that just came in from the portal: nobody has picked it up.
    const { id: _id, owner: _owner, resources: _resources, ...fresh } = tickets().find((t) => t.closedFlag === false)!;
    const added = sb.store.table("/service/tickets").insert({ ...fresh, summary: "Portal: new starter laptop" });
    const got = await records("unassigned_tickets", {});
    const expected = tickets().filter((t) => t.closedFlag === false && !(t.owner as Row | undefined)?.id && !t.resources);
    expect(got.length).toBeGreaterThan(0);
    expect(ids(got)).toEqual(ids(expected));
    expect(ids(got)).toContain(added.id);
    sb.store.table("/service/tickets").delete(added.id);
  });

  it("overdue_tickets: open tickets whose required date has passed, most overdue first", async () => {
    const asOf = "2026-03-16T00:00:00Z";
    const got = await records("overdue_tickets", { as_of: asOf });
    const expected = tickets().filter((t) => t.closedFlag === false && typeof t.requiredDate === "string" && t.requiredDate < asOf);
    expect(got.length).toBeGreaterThan(0);
    expect(ids(got)).toEqual(ids(expected));
    const dates = got.map((t) => t.requiredDate as string);
    expect(dates).toEqual([...dates].sort());
  });

  it("my_open_tickets: tickets the member owns or works on", async () => {
    const member = rows("/system/members").find((m) => tickets().some((t) => t.closedFlag === false && (t.owner as Row | undefined)?.id === m.id))!;
    const got = await records("my_open_tickets", { member: member.identifier });
    const mine = (t: Row) => (t.owner as Row | undefined)?.id === member.id || String(t.resources ?? "").toLowerCase().includes(String(member.identifier).toLowerCase());
    expect(ids(got)).toEqual(ids(tickets().filter((t) => t.closedFlag === false && mine(t))));
  });

  it("time_entries_for_member_between counts whole days in CW_TIMEZONE, both ends included", async () => {
    const member = rows("/system/members")[0]!;
    const got = await records("time_entries_for_member_between", { member: member.identifier, start: "2026-03-02", end: "2026-03-06" });
    // Chicago is UTC-6 in early March: the days run 06:00Z to 06:00Z.
    const expected = rows("/time/entries").filter((e) => (e.member as Row).id === member.id && String(e.timeStart) >= "2026-03-02T06:00:00Z" && String(e.timeStart) < "2026-03-07T06:00:00Z");
    expect(got.length).toBeGreaterThan(0);
    expect(ids(got)).toEqual(ids(expected));
    expect(sentConditions().at(-1)).toBe(`(member/id = ${member.id}) and (timeStart >= [2026-03-02T06:00:00Z]) and (timeStart < [2026-03-07T06:00:00Z])`);
  });

  it("timesheets_pending_approval: submitted sheets only", async () => {
    const got = await records("timesheets_pending_approval", {});
    const expected = rows("/time/sheets").filter((s) => s.status === "PendingApproval" || s.status === "ErrorsCorrected");
    expect(got.length).toBeGreaterThan(0);
    expect(ids(got)).toEqual(ids(expected));
  });

  it("expiring_agreements and configurations_with_expiring_warranty keep to their window", async () => {
    const agreements = await records("expiring_agreements", { from: "2026-01-01", until: "2027-12-31" });
    const inWindow = (d: unknown) => typeof d === "string" && d >= "2026-01-01T06:00:00Z" && d < "2028-01-01T06:00:00Z";
    expect(ids(agreements)).toEqual(ids(rows("/finance/agreements").filter((a) => a.agreementStatus === "Active" && inWindow(a.endDate))));
    const devices = await records("configurations_with_expiring_warranty", { from: "2026-01-01", until: "2027-12-31" });
    expect(devices.length).toBeGreaterThan(0);
    expect(ids(devices)).toEqual(ids(rows("/company/configurations").filter((c) => c.activeFlag === true && inWindow(c.warrantyExpirationDate))));
  });
});

describe("reports", () => {
  it("run_report answers a built-in report's rows, filtered on its columns, one line per row", async () => {
    const b = board();
    const res = await op("run_report", { report_name: "Service", conditions: `Closed_Flag = false and Board_Name = "${String(b.name)}"`, page_size: 1000 });
    expect(res.isError, res.text).toBe(false);
    const columns = res.data.data.column_definitions.map((c: object) => Object.keys(c)[0]);
    expect(columns.slice(0, 2)).toEqual(["SR_Service_RecID", "Summary"]);
    const rowIds = (res.data.data.row_values as unknown[][]).map((r) => r[0] as number);
    expect(rowIds.sort((x, y) => x - y)).toEqual(ids(tickets().filter((t) => t.closedFlag === false && (t.board as Row).id === b.id)));
    expect(afterNotice(res.text)).toMatch(/^\d+ rows; columns: SR_Service_RecID, Summary, [^\n]+:\n- SR_Service_RecID \d+ · Summary /);
  });
});

describe("names, not ids", () => {
  it("an unknown or misspelt name returns the candidates and sends no search", async () => {
    const b = board();
    const typo = `${String(b.name).slice(0, -1)}x`;
    const res = await op("list_open_tickets", { board: typo });
    expect(res.isError).toBe(true);
    expect(res.text).toContain(`Parameter "board": "${typo}" matches no board.`);
    expect(res.text).toMatch(new RegExp(`Candidates: ${String(b.name)}[;.]`));
    expect(sb.requests.filter((r) => r.path === "/service/tickets")).toEqual([]);
  });

  it("an ambiguous company name lists the companies it could mean", async () => {
    const [a, c] = rows("/company/companies");
    const shared = "Sample Holdings";
    const one = sb.store.table("/company/companies").insert({ ...a, id: undefined, identifier: "SampleA", name: `${shared} East` });
    const two = sb.store.table("/company/companies").insert({ ...c, id: undefined, identifier: "SampleB", name: `${shared} West` });
    const res = await op("tickets_by_company", { company: shared });
    expect(res.isError).toBe(true);
    expect(res.text).toContain(`${shared} East`);
    expect(res.text).toContain(`${shared} West`);
    sb.store.table("/company/companies").delete(one.id);
    sb.store.table("/company/companies").delete(two.id);
  });

  it("an id works where a name would", async () => {
    const b = board();
    const byId = await records("list_open_tickets", { board: b.id });
    const byName = await records("list_open_tickets", { board: b.name });
    expect(ids(byId)).toEqual(ids(byName));
  });
});

describe("writes", () => {
  it("add_ticket_note previews an internal note that emails nobody; confirming stores exactly that", async () => {
    const ticket = tickets().find((t) => t.closedFlag === false)!;
    const preview = await op("add_ticket_note", { ticket_id: ticket.id, text: "Checked the backups" });
    expect(preview.isError, preview.text).toBe(false);
    expect(preview.data).toMatchObject({
      preview: true,
      method: "POST",
      path: `/service/tickets/${ticket.id}/notes`,
      body: { text: "Checked the backups", internalAnalysisFlag: true, detailDescriptionFlag: false, resolutionFlag: false, processNotifications: false },
    });
    expect(sb.requests.filter((r) => r.method !== "GET")).toEqual([]);
    const done = await op("add_ticket_note", { ticket_id: ticket.id, text: "Checked the backups", confirm: true });
    expect(done.isError, done.text).toBe(false);
    const note = sb.store.table("/service/tickets/{parentid}/notes").get(done.data.data.id)!;
    expect(note).toMatchObject({ text: "Checked the backups", internalAnalysisFlag: true, detailDescriptionFlag: false });
    const emailed = await op("add_ticket_note", { ticket_id: ticket.id, text: "On my way", customer_visible: true, send_email: true });
    expect(emailed.data.body).toMatchObject({ detailDescriptionFlag: true, processNotifications: true });
  });

  it("takes body as an object or as a JSON string, with the same preview", async () => {
    const ticket = tickets().find((t) => t.closedFlag === false)!;
    const object = await op("update_ticket", { id: ticket.id, body: { summary: "Printer jam on floor 2" } });
    const text = await op("update_ticket", { id: ticket.id, body: '{"summary": "Printer jam on floor 2"}' });
    expect(object.data.body).toEqual([{ op: "replace", path: "summary", value: "Printer jam on floor 2" }]);
    expect(text.data.body).toEqual(object.data.body);
    const broken = await op("update_ticket", { id: ticket.id, body: '{"summary": ' });
    expect(broken.isError).toBe(true);
    expect(broken.text).toMatch(/body: is not valid JSON/);
  });

  it("a status on a write goes by name, for ConnectWise to find on the ticket's board", async () => {
    const ticket = tickets().find((t) => t.closedFlag === false)!;
    const boardId = (ticket.board as Row).id;
    const other = sb.store.table("/service/boards/{parentid}/statuses").list(String(boardId)).find((s) => s.name !== (ticket.status as Row).name)!;
    const res = await op("change_ticket_status", { ticket_id: ticket.id, status: other.name });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.body).toEqual([{ op: "replace", path: "status", value: { name: other.name } }]);
    expect(res.text).toContain(String(other.name));
  });

  it("wrong params are all named at once, with the fix, and nothing is sent", async () => {
    const res = await op("add_ticket_note", { ticket: 5, txt: "x" });
    expect(res.isError).toBe(true);
    expect(res.text).toContain('ticket: not a parameter of add_ticket_note. Did you mean "ticket_id"?');
    expect(res.text).toContain('txt: not a parameter of add_ticket_note. Did you mean "text"?');
    expect(res.text).toContain("ticket_id: is required");
    expect(sb.requests).toEqual([]);
  });
});

describe("hostile values stay inside their quotes", () => {
  const hostile = ['x" or id > 0 or summary = "x', "x' or 1=1 --", "trailing\\", 'a\\" or id > 0 or "'];
  it.each(hostile)("%s", async (value) => {
    const res = await op("list_tickets", { summary: value });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.data).toEqual([]);
    const conditions = sentConditions().at(-1)!;
    const ast = parseConditions(conditions);
    expect(ast).toMatchObject({ kind: "comparison", path: "summary", operator: "contains", value: { kind: "string", value } });
  });

  it("a value with both kinds of quote is refused before anything is sent", async () => {
    const res = await op("list_tickets", { summary: `it's "broken"` });
    expect(res.isError).toBe(true);
    expect(res.text).toContain("both kinds of quote");
    expect(sb.requests.filter((r) => r.path === "/service/tickets")).toEqual([]);
  });
});

describe("finding operations", () => {
  it("an unknown name suggests the closest ones", async () => {
    const res = await op("list_open_ticket");
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/There is no operation named "list_open_ticket"\.[\s\S]*Closest: list_open_tickets/);
  });

  it("cw_list_operations without arguments counts per category, summing to the build's total", async () => {
    const res = await call("cw_list_operations", {});
    const categories = res.data.categories as { name: string; count: number }[];
    expect(categories.reduce((n, c) => n + c.count, 0)).toBe(operations.length);
    expect(res.data.total).toBe(operations.length);
    expect(categories.find((c) => c.name === "Tickets")!.count).toBe(operations.filter((o) => o.category === "Tickets").length);
    expect(res.text).toContain(`${operations.length} named operations`);
  });

  it("cw_list_operations by category and keyword gives each operation with its params", async () => {
    const tickets = await call("cw_list_operations", { category: "tickets", keyword: "open" });
    const found = tickets.data.operations as any[];
    expect(found.every((o) => o.category === "Tickets")).toBe(true);
    expect(found.find((o) => o.name === "list_open_tickets")).toEqual({
      name: "list_open_tickets",
      category: "Tickets",
      method: "GET",
      path: "/service/tickets",
      description: expect.stringContaining("Open service tickets"),
      params: expect.arrayContaining([{ name: "board", type: "board", required: false, description: "Board name" }]),
    });
    const none = await call("cw_list_operations", { category: "Tikets" });
    expect(none.data.operations).toEqual([]);
    expect(none.text).toContain("Categories: Tickets");
  });
});
