/** The sandbox's ticket audit trail and ticket configurations, over HTTP as a client sees them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableKey } from "../../../src/sandbox/references.js";
import type { Sandbox } from "../../../src/sandbox/server.js";
import type { Row } from "../../../src/sandbox/store.js";
import { client, sandbox } from "../../helpers/sandbox.js";

let sb: Sandbox;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  sb = await sandbox();
  api = client(sb);
});
afterAll(async () => sb?.close());

const tickets = () => sb.store.table(tableKey("/service/tickets")).list();
const name = (r: Row, k: string) => (r[k] as { name?: string } | undefined)?.name;

describe("GET /system/audittrail", () => {
  it("derives a seeded ticket's history from its own fields, oldest first", async () => {
    const t = tickets().find((x) => name(x, "status") === "Closed" && x.dateResplan)!;
    const res = await api("GET", `/system/audittrail?type=Ticket&id=${t.id}`);
    expect(res.status).toBe(200);
    const statuses = (res.body as Row[]).filter((e) => e.auditSubType === "Status").map((e) => e.text);
    expect(statuses).toEqual(['Status changed from "New" to "Assigned"', 'Status changed from "Assigned" to "In Progress"', 'Status changed from "In Progress" to "Closed"']);
    expect(res.body[0]).toMatchObject({ auditType: "Ticket", auditSubType: "Ticket", enteredDate: (t._info as { dateEntered: string }).dateEntered });
    const dates = (res.body as Row[]).map((e) => String(e.enteredDate));
    expect([...dates].sort()).toEqual(dates);
    expect((await api("GET", `/system/audittrail/count?type=Ticket&id=${t.id}`)).body).toEqual({ count: res.body.length });
  });

  it("records changes made through the API after the derived part", async () => {
    const t = tickets().find((x) => x.closedFlag === false && name(x, "status") === "Assigned")!;
    const patched = await api("PATCH", `/service/tickets/${t.id}`, [{ op: "replace", path: "status", value: { name: "Waiting on Client" } }, { op: "replace", path: "priority", value: { id: 1 } }]);
    expect(patched.status).toBe(200);
    const trail = (await api("GET", `/system/audittrail?type=Ticket&id=${t.id}&pageSize=1000`)).body as Row[];
    const last = trail.slice(-2);
    expect(last.map((e) => [e.auditSubType, e.auditSource, e.enteredBy])).toEqual([["Status", "API", "sandbox-api"], ["Priority", "API", "sandbox-api"]]);
    expect(last[0]!.text).toBe('Status changed from "Assigned" to "Waiting on Client"');
    // The derived history still ends where the seed left the ticket.
    expect(trail.filter((e) => e.auditSubType === "Status" && e.auditSource !== "API").at(-1)?.text).toMatch(/to "Assigned"$/);
  });

  it("a ticket created through the API has only its recorded trail", async () => {
    const created = await api("POST", "/service/tickets", { summary: "Audit me", company: { id: 2 } });
    expect(created.status).toBe(201);
    const trail = (await api("GET", `/system/audittrail?type=Ticket&id=${created.body.id}`)).body as Row[];
    expect(trail.map((e) => e.auditSubType)).toEqual(["Ticket"]);
    expect(trail[0]!.text).toMatch(/^Ticket created on board ".+" with status ".+"$/);
  });

  it("needs type and id, pages like a list, and 404s an unknown ticket", async () => {
    expect((await api("GET", "/system/audittrail")).status).toBe(400);
    expect((await api("GET", "/system/audittrail?type=Ticket&id=99999")).status).toBe(404);
    expect((await api("GET", "/system/audittrail?type=Company&id=2")).body).toEqual([]);
    const t = tickets().find((x) => name(x, "status") === "Closed")!;
    const page = await api("GET", `/system/audittrail?type=Ticket&id=${t.id}&pageSize=2&page=1`);
    expect(page.body).toHaveLength(2);
    expect(page.headers.get("link")).toMatch(/rel="next"/);
  });
});

describe("GET /service/tickets/{id}/configurations", () => {
  it("attaches the company's configurations a ticket names in its summary", async () => {
    const configs = sb.store.table(tableKey("/company/configurations")).list();
    const t = tickets().find((x) => configs.some((c) => (c.company as Row).id === (x.company as Row).id && String(x.summary).includes(String(c.name))))!;
    const res = await api("GET", `/service/tickets/${t.id}/configurations`);
    expect(res.status).toBe(200);
    const expected = configs.filter((c) => (c.company as Row).id === (t.company as Row).id && String(t.summary).includes(String(c.name)));
    expect((res.body as Row[]).map((c) => c.id)).toEqual(expected.map((c) => c.id));
    expect(res.body[0]).toMatchObject({ deviceIdentifier: expected[0]!.deviceIdentifier });
  });
});
