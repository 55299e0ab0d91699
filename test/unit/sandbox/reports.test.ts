import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../../src/sandbox/server.js";
import { client, sandbox } from "../../helpers/sandbox.js";

let sb: Sandbox;
let cw: ReturnType<typeof client>;

beforeAll(async () => {
  sb = await sandbox();
  cw = client(sb);
});
afterAll(() => sb?.close());

const q = (text: string) => encodeURIComponent(text);

/** A ReportDataResponse as records keyed by column name. */
function records(body: { column_definitions: Record<string, unknown>[]; row_values: unknown[][] }): Record<string, unknown>[] {
  const names = body.column_definitions.map((d) => Object.keys(d)[0]!);
  return body.row_values.map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]])));
}

const columnNames = (defs: Record<string, unknown>[]) => defs.map((d) => Object.keys(d)[0]);

describe("GET /system/reports", () => {
  it("lists the report names as Report {name}", async () => {
    const res = await cw("GET", "/system/reports");
    expect(res.status).toBe(200);
    const names = res.body.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(["AgreementList", "ChargeCode", "Company", "Holiday", "Service", "Time"]));
    for (const r of res.body) expect(Object.keys(r)).toEqual(["name"]);
  });

  it("filters, orders and pages the names like any list", async () => {
    expect((await cw("GET", `/system/reports?conditions=${q('name like "S*"')}`)).body).toEqual([{ name: "Service" }]);
    const all = (await cw("GET", "/system/reports?orderBy=name%20desc")).body.map((r: { name: string }) => r.name);
    expect(all).toEqual([...all].sort().reverse());
    const second = await cw("GET", "/system/reports?orderBy=name%20desc&pageSize=2&page=2");
    expect(second.body.map((r: { name: string }) => r.name)).toEqual(all.slice(2, 4));
    expect(second.headers.get("link")).toContain('rel="prev"');
    expect((await cw("GET", `/system/reports?conditions=${q("title = 'x'")}`)).status).toBe(400);
  });
});

describe("GET /system/reports/{reportName}", () => {
  it("answers the Service report in columnar form, one row per ticket in the store", async () => {
    const count = (await cw("GET", "/service/tickets/count")).body.count as number;
    expect(count).toBeGreaterThan(100);
    const res = await cw("GET", "/system/reports/Service?pageSize=1000");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(["column_definitions", "row_values"]);
    expect(res.body.column_definitions[0]).toEqual({ SR_Service_RecID: { type: "Numeric", isNullable: false, identityColumn: true } });
    expect(res.body.column_definitions).toContainEqual({ Date_Entered_UTC: { type: "DateTime", isNullable: true } });
    for (const row of res.body.row_values) expect(row).toHaveLength(res.body.column_definitions.length);

    const rows = records(res.body);
    expect(rows).toHaveLength(count);
    const tickets = (await cw("GET", "/service/tickets?pageSize=1000&fields=id,summary,closedFlag,company/name,board/name,status/name,_info/dateEntered")).body;
    const byId = new Map(tickets.map((t: any) => [t.id, t]));
    expect(rows.map((r) => r.SR_Service_RecID).sort()).toEqual([...byId.keys()].sort());
    for (const r of rows) {
      const t: any = byId.get(r.SR_Service_RecID);
      expect(r).toMatchObject({
        Summary: t.summary,
        Company_Name: t.company.name,
        Board_Name: t.board.name,
        Status_Description: t.status.name,
        Closed_Flag: t.closedFlag,
        Date_Entered_UTC: t._info.dateEntered,
      });
    }
  });

  it("matches report names case-insensitively", async () => {
    const a = await cw("GET", "/system/reports/service?pageSize=5");
    const b = await cw("GET", "/system/reports/SERVICE?pageSize=5");
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
  });

  it("narrows column_definitions and every row to `columns`, in the order asked", async () => {
    const full = records((await cw("GET", "/system/reports/Time?pageSize=20")).body);
    const res = await cw("GET", "/system/reports/Time?pageSize=20&columns=Hours_Actual,time_recid,Member_ID");
    expect(res.body.column_definitions).toEqual([
      { Hours_Actual: { type: "Numeric", isNullable: false } },
      { Time_RecID: { type: "Numeric", isNullable: false, identityColumn: true } },
      { Member_ID: { type: "Text", isNullable: false } },
    ]);
    expect(res.body.row_values).toEqual(full.map((r) => [r.Hours_Actual, r.Time_RecID, r.Member_ID]));
  });

  it("filters with conditions on the report's columns, as the resource's own list does", async () => {
    const res = await cw("GET", `/system/reports/Service?pageSize=1000&conditions=${q('Closed_Flag = false and Board_Name = "Help Desk"')}`);
    const rows = records(res.body);
    const expected = (await cw("GET", `/service/tickets/count?conditions=${q('closedFlag = false and board/name = "Help Desk"')}`)).body.count;
    expect(expected).toBeGreaterThan(0);
    expect(rows).toHaveLength(expected);
    for (const r of rows) expect(r).toMatchObject({ Closed_Flag: false, Board_Name: "Help Desk" });
  });

  it("compares DateTime columns with [datetime] literals (the Holiday report)", async () => {
    const holidays = (await cw("GET", "/schedule/holidaylists/1/holidays?pageSize=1000")).body as { date: string; name: string }[];
    const after = holidays.filter((h) => h.date > "2027-01-01");
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(holidays.length);
    const res = await cw("GET", `/system/reports/Holiday?pageSize=1000&conditions=${q("Holiday_Date > [2027-01-01T00:00:00Z]")}&columns=Holiday_List_RecID,Holiday_Date,Description`);
    expect(res.status).toBe(200);
    expect(res.body.column_definitions).toEqual([
      { Holiday_List_RecID: { type: "Numeric", isNullable: false } },
      { Holiday_Date: { type: "DateTime", isNullable: false } },
      { Description: { type: "Text", isNullable: false } },
    ]);
    expect(res.body.row_values).toEqual(after.map((h) => [1, `${h.date}T00:00:00Z`, h.name]));
    expect((await cw("GET", `/system/reports/Holiday?conditions=${q('Holiday_Date = "soon"')}`)).status).toBe(400);
  });

  it("orders by orderBy (several keys, asc by default)", async () => {
    const desc = records((await cw("GET", "/system/reports/Time?pageSize=200&orderBy=Hours_Actual%20desc")).body);
    const hours = desc.map((r) => r.Hours_Actual as number);
    expect(hours).toEqual([...hours].sort((a, b) => b - a));
    expect(new Set(hours).size).toBeGreaterThan(1);
    const byName = records((await cw("GET", "/system/reports/Company?pageSize=100&orderBy=company_name,Company_RecID%20desc")).body);
    const names = byName.map((r) => String(r.Company_Name).toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it("pages with page and pageSize, with Link headers", async () => {
    const all = records((await cw("GET", "/system/reports/Time?pageSize=1000&orderBy=Time_RecID")).body);
    const page = await cw("GET", "/system/reports/Time?pageSize=10&page=3&orderBy=Time_RecID");
    expect(records(page.body)).toEqual(all.slice(20, 30));
    expect(page.headers.get("link")).toContain('rel="next"');
    expect((await cw("GET", "/system/reports/Time")).body.row_values).toHaveLength(25);
    expect((await cw("GET", "/system/reports/ChargeCode")).headers.get("link")).toBeNull();
  });

  it("answers DateTime values as UTC instants and missing values as null", async () => {
    const rows = records((await cw("GET", "/system/reports/Time?pageSize=100")).body);
    for (const r of rows) expect(r.Time_Start_UTC).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(rows.some((r) => r.SR_Service_RecID === null && r.TE_Charge_Code_RecID !== null)).toBe(true);
  });

  it("refuses an unknown column in conditions, orderBy or columns with ApiFindCondition", async () => {
    for (const query of [`conditions=${q("Ticket_Owner = 'x'")}`, "orderBy=Ticket_Owner", "columns=Summary,Ticket_Owner"]) {
      const res = await cw("GET", `/system/reports/Service?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: "ApiFindCondition", message: "Ticket_Owner is not a recognized name." });
    }
  });

  it("answers an unknown report with 404 NotFound", async () => {
    for (const path of ["/system/reports/NoSuchReport", "/system/reports/NoSuchReport/columns", "/system/reports/NoSuchReport/count"]) {
      const res = await cw("GET", path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: "NotFound", message: expect.stringContaining("NoSuchReport") });
    }
  });
});

describe("GET /system/reports/{reportName}/columns and /count", () => {
  it("lists the column definitions as one-key objects, the same as the data's", async () => {
    const res = await cw("GET", "/system/reports/ChargeCode/columns");
    expect(res.status).toBe(200);
    expect(res.body[0]).toEqual({ TE_Charge_Code_RecID: { type: "Numeric", isNullable: false, identityColumn: true } });
    for (const def of res.body) {
      expect(Object.keys(def)).toHaveLength(1);
      expect(["Numeric", "Text", "DateTime", "Boolean"]).toContain((Object.values(def)[0] as { type: string }).type);
    }
    expect(res.body).toEqual((await cw("GET", "/system/reports/ChargeCode")).body.column_definitions);
    expect(columnNames((await cw("GET", "/system/reports/AgreementList/columns")).body)).toEqual(
      expect.arrayContaining(["AGR_Header_RecID", "AGR_Name", "Company_Name", "Agreement_Status"]),
    );
  });

  it("counts the rows the same conditions select", async () => {
    const all = (await cw("GET", "/system/reports/Time/count")).body;
    expect(all).toEqual({ count: (await cw("GET", "/time/entries/count")).body.count });
    const conditions = q('Billable_Flag = true and Company_Name like "S*"');
    const count = (await cw("GET", `/system/reports/Time/count?conditions=${conditions}`)).body.count;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(all.count);
    expect((await cw("GET", `/system/reports/Time?pageSize=1000&conditions=${conditions}`)).body.row_values).toHaveLength(count);
  });
});

describe("reports reflect writes", () => {
  it("shows a newly POSTed ticket, and a later change to it, in the Service report", async () => {
    const before = (await cw("GET", "/system/reports/Service/count")).body.count as number;
    const company = (await cw("GET", "/company/companies?pageSize=1&orderBy=id%20desc")).body[0];
    const created = await cw("POST", "/service/tickets", { summary: "Report me", company: { identifier: company.identifier }, board: { name: "Help Desk" } });
    expect(created.status).toBe(201);
    expect((await cw("GET", "/system/reports/Service/count")).body.count).toBe(before + 1);

    const one = (id: number) => cw("GET", `/system/reports/Service?conditions=${q(`SR_Service_RecID = ${id}`)}&columns=SR_Service_RecID,Summary,Company_Name,Board_Name,Closed_Flag`);
    expect((await one(created.body.id)).body.row_values).toEqual([[created.body.id, "Report me", company.name, "Help Desk", false]]);

    await cw("PATCH", `/service/tickets/${created.body.id}`, [{ op: "replace", path: "summary", value: "Reported" }]);
    expect((await one(created.body.id)).body.row_values[0][1]).toBe("Reported");
  });
});
