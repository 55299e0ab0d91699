import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CREDENTIALS } from "../../../src/sandbox/auth.js";
import { tableKey } from "../../../src/sandbox/references.js";
import { Store } from "../../../src/sandbox/store.js";
import { toCsv } from "../../../src/sandbox/web/csv.js";
import { configureWeb, DEFAULT_WEB_OPTIONS, handleWeb, safeNext, type WebContext } from "../../../src/sandbox/web/index.js";

const V = "v2026_1";
const TODAY = new Date("2026-01-15T09:00:00Z");
const SCRIPT_SUMMARY = `<script>alert("pwned")</script> Printer & scanner down`;
const BOB = `Bob "Ace" O'Neil, Jr.`;
const AGREEMENT = `Managed Services, "Gold"\nTier`;

const jane = { id: 1, identifier: "jsmith", name: "Jane Smith" };
const bob = { id: 2, identifier: "bob", name: BOB };

/** A store with a few hand-made records for each report; the numbers below are worked out from them. */
function fixtureStore(): Store {
  const store = new Store(() => TODAY);
  const entries = store.table(tableKey("/time/entries"));
  entries.insert({ member: jane, timeStart: "2026-01-05T09:00:00Z", actualHours: 2.5, billableOption: "Billable" });
  entries.insert({ member: jane, timeStart: "2026-01-06T09:00:00Z", actualHours: 1.25, billableOption: "DoNotBill" });
  entries.insert({ member: jane, timeStart: "2026-01-10T23:30:00Z", actualHours: 1, billableOption: "NoCharge" });
  entries.insert({ member: jane, timeStart: "2026-01-11T00:00:00Z", actualHours: 6, billableOption: "Billable" });
  entries.insert({ member: bob, timeStart: "2026-01-07T13:00:00Z", actualHours: 3, billableOption: "Billable" });
  entries.insert({ member: bob, timeStart: "2025-12-31T13:00:00Z", actualHours: 8, billableOption: "Billable" });

  const tickets = store.table(tableKey("/service/tickets"));
  const helpDesk = { id: 1, name: "Help Desk" };
  const projects = { id: 2, name: "Projects" };
  const acme = { id: 10, name: "Acme Corp" };
  tickets.insert({ summary: SCRIPT_SUMMARY, board: helpDesk, status: { id: 1, name: "New" }, company: acme, closedFlag: false }, { at: new Date("2026-01-02T10:00:00Z") });
  tickets.insert({ summary: "VPN drops", board: helpDesk, status: { id: 1, name: "New" }, company: acme, closedFlag: false }, { at: new Date("2026-01-10T10:00:00Z") });
  tickets.insert({ summary: "Laptop setup", board: helpDesk, status: { id: 2, name: "In Progress" }, company: acme }, { at: new Date("2026-01-12T10:00:00Z") });
  tickets.insert({ summary: "Server move", board: projects, status: { id: 3, name: "New" }, company: acme, closedFlag: false }, { at: new Date("2026-01-08T10:00:00Z") });
  tickets.insert({ summary: "Old and done", board: helpDesk, status: { id: 4, name: "Closed" }, company: acme, closedFlag: true }, { at: new Date("2025-12-01T10:00:00Z") });

  const agreements = store.table(tableKey("/finance/agreements"));
  agreements.insert({ company: acme, name: AGREEMENT, type: { name: "Managed Services" }, startDate: "2025-01-01T00:00:00Z", endDate: "2025-12-31T00:00:00Z", billAmount: 1500, agreementStatus: "Active" });
  agreements.insert({ company: { name: "Beta LLC" }, name: "Block Hours", type: { name: "Block" }, startDate: "2025-06-01T00:00:00Z", noEndingDateFlag: true, billAmount: 250.5, agreementStatus: "Active" });
  agreements.insert({ company: { name: "Gamma Inc" }, name: "Old Support", type: { name: "Break/Fix" }, startDate: "2023-01-01T00:00:00Z", endDate: "2024-01-01T00:00:00Z", billAmount: 99, agreementStatus: "Cancelled" });

  const invoices = store.table(tableKey("/finance/invoices"));
  const invoice = (company: string, dueDate: string, balance: number) => invoices.insert({ company: { name: company }, dueDate: `${dueDate}T00:00:00Z`, balance, total: balance + 10 });
  invoice("Acme Corp", "2026-01-20", 100); // not yet due: Current
  invoice("Acme Corp", "2026-01-15", 50); // due today: Current
  invoice("Acme Corp", "2026-01-14", 10); // 1 day late
  invoice("Acme Corp", "2025-12-01", 200); // 45 days late
  invoice("Beta LLC", "2025-11-01", 300); // 75 days late
  invoice("Beta LLC", "2025-09-01", 400.5); // 136 days late
  invoice("Beta LLC", "2025-08-01", 0); // paid

  const sheets = store.table(tableKey("/time/sheets"));
  sheets.insert({ member: jane, dateStart: "2026-01-05", dateEnd: "2026-01-11", status: "ApprovedByTierOne", hours: 40 });
  sheets.insert({ member: jane, dateStart: "2025-12-29", dateEnd: "2026-01-04", status: "Open", hours: 38.5 });
  sheets.insert({ member: bob, dateStart: "2026-01-12", dateEnd: "2026-01-18", status: "PendingApproval", hours: 12 });
  sheets.insert({ member: bob, dateStart: "2025-12-15", dateEnd: "2025-12-21", status: "Billed", hours: 40 });
  return store;
}

let server: Server;
let origin: string;
const credentials = { ...DEFAULT_CREDENTIALS };
let ctx: WebContext;

beforeAll(async () => {
  ctx = { store: fixtureStore(), credentials };
  server = createServer((req, res) => {
    handleWeb(req, res, new URL(req.url ?? "/", "http://sandbox"), ctx)
      .then((handled) => {
        if (!handled) res.writeHead(404).end("not web");
      })
      .catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  configureWeb(DEFAULT_WEB_OPTIONS);
});

function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${origin}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
}

function postLogin(fields: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(`${origin}/${V}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

const goodLogin = { company: "SANDBOX", username: "sandbox-admin", password: "sandbox-password" };

/** Signs in and answers the `name=value` to send as the Cookie header. */
async function signIn(): Promise<string> {
  const res = await postLogin(goodLogin);
  expect(res.status).toBe(303);
  const [cookie] = res.headers.getSetCookie();
  return cookie!.split(";")[0]!;
}

const decode = (html: string) =>
  html.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[name] ?? "");

/** The header cells and body rows of `<table id="report">`, as text. */
function reportTable(html: string): { header: string[]; rows: string[][] } {
  const table = /<table id="report">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => decode(m[1]!));
  const thead = /<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? "";
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  return { header: cells(thead), rows: [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1]!)) };
}

/** An RFC 4180 reader, strict about CRLF, for checking the export. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error("unterminated quoted field");
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        field += '"';
        i++;
      }
    } else {
      const end = text.slice(i).search(/[,\r\n]/);
      field = end < 0 ? text.slice(i) : text.slice(i, i + end);
      i = end < 0 ? text.length : i + end;
    }
    record.push(field);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  return records;
}

describe("sandbox web UI: signing in", () => {
  it("shows a form with company, username and password fields", async () => {
    const res = await get(`/${V}/login`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    for (const name of ["company", "username", "password"]) expect(html).toContain(`name="${name}"`);
    expect(html).toContain('<button type="submit">');
  });

  it("signs in (company case-insensitive), sets an HttpOnly session cookie and redirects to the reports", async () => {
    const res = await postLogin(goodLogin);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/${V}/reports`);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^cwsandbox_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax$/);
    const list = await get(`/${V}/reports`, cookie!.split(";")[0]);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain("Time by Member");
  });

  it("refuses a wrong password with 401, the form again and no cookie", async () => {
    const res = await postLogin({ ...goodLogin, password: "guess" });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
    const html = await res.text();
    expect(html).toContain('id="login-error"');
    expect(html).toContain('name="password"');
    expect(html).not.toContain("guess");
  });

  it("refuses another company", async () => {
    expect((await postLogin({ ...goodLogin, company: "other" })).status).toBe(401);
  });

  it("takes the web user from the credentials when they carry one", async () => {
    const custom = { ...DEFAULT_CREDENTIALS, webUsername: "boss", webPassword: "s3cret" };
    const own = createServer((req, res) => void handleWeb(req, res, new URL(req.url ?? "/", "http://sandbox"), { store: new Store(), credentials: custom }));
    await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(own.address() as AddressInfo).port}/${V}/login`;
    const post = (body: Record<string, string>) =>
      fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString() });
    try {
      expect((await post(goodLogin)).status).toBe(401);
      expect((await post({ company: "sandbox", username: "boss", password: "s3cret" })).status).toBe(303);
    } finally {
      await new Promise<void>((resolve) => own.close(() => resolve()));
    }
  });

  it("redirects a protected page without a session to the sign-in page, then back to it", async () => {
    const path = `/${V}/reports/time-by-member?start=2026-01-05&end=2026-01-10`;
    const res = await get(path);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toBe(`/${V}/login?next=${encodeURIComponent(path)}`);
    const form = await (await get(location)).text();
    expect(form).toContain(`<input type="hidden" name="next" value="${path.replace("&", "&amp;")}">`);
    const login = await postLogin({ ...goodLogin, next: path });
    expect(login.headers.get("location")).toBe(path);
  });

  it.each([
    ["//evil.example/v2026_1/reports"],
    ["https://evil.example/v2026_1/reports"],
    ["/\\evil.example"],
    ["/v2026_1/../evil"],
    ["/elsewhere"],
    ["/v2026_1/login"],
  ])("refuses to send a signed-in user to %s", async (next) => {
    const res = await postLogin({ ...goodLogin, next });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/${V}/reports`);
  });

  it("keeps an unsafe next out of the sign-in form", async () => {
    const html = await (await get(`/${V}/login?next=${encodeURIComponent("//evil.example")}`)).text();
    expect(html).not.toContain("evil.example");
  });

  it.each([
    ["/v2026_1/reports/ar-aging?x=1", "/v2026_1/reports/ar-aging?x=1"],
    ["/v2025_2/reports", "/v2025_2/reports"],
    ["/v2026_1/reports/../reports/agreement-list", "/v2026_1/reports/agreement-list"],
    ["//evil.example", undefined],
    ["/v4_6_release/apis/3.0/service/tickets", undefined],
    ["/v2026_1/logout", undefined],
    ["/v2026_1/\tx", undefined],
    ["", undefined],
  ])("safeNext(%j) is %j", (next, want) => {
    expect(safeNext(next)).toBe(want);
  });

  it("ends the session on sign-out", async () => {
    const cookie = await signIn();
    const out = await get(`/${V}/logout`, cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe(`/${V}/login`);
    expect(out.headers.getSetCookie()[0]).toContain("Max-Age=0");
    expect((await get(`/${V}/reports`, cookie)).status).toBe(303);
  });

  it("expires a session after the configured time and sends the user back to sign in", async () => {
    let now = 1_000_000;
    configureWeb({ sessionTtlMs: 60_000, now: () => now });
    const cookie = await signIn();
    now += 59_999;
    expect((await get(`/${V}/reports`, cookie)).status).toBe(200);
    now += 1;
    const res = await get(`/${V}/reports/ar-aging`, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/${V}/login?next=${encodeURIComponent(`/${V}/reports/ar-aging`)}`);
  });

  it("expires sessions after 8 hours by default", async () => {
    let now = 5_000_000;
    configureWeb({ now: () => now });
    const cookie = await signIn();
    now += 8 * 3_600_000 - 1;
    expect((await get(`/${V}/reports`, cookie)).status).toBe(200);
    now += 1;
    expect((await get(`/${V}/reports`, cookie)).status).toBe(303);
  });
});

describe("sandbox web UI: routing", () => {
  it("leaves paths without a web-version prefix to the server", async () => {
    for (const path of ["/reports", "/v4_6_release/reports", "/v26_1/reports", "/favicon.ico"]) {
      expect(await (await get(path)).text(), path).toBe("not web");
    }
  });

  it("accepts any web version and sends its root to the reports", async () => {
    const res = await get("/v2025_3/");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/v2025_3/reports");
  });

  it("answers an unknown page and an unknown report with an HTML 404", async () => {
    expect((await get(`/${V}/nowhere`)).status).toBe(404);
    const res = await get(`/${V}/reports/nope`, await signIn());
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("time-by-member");
  });

  it("refuses other methods with 405 and Allow", async () => {
    const res = await fetch(`${origin}/${V}/reports`, { method: "DELETE", redirect: "manual" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });
});

describe("sandbox web UI: reports", () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await signIn();
  });

  async function report(path: string): Promise<{ html: string; header: string[]; rows: string[][] }> {
    const res = await get(`/${V}/reports/${path}`, cookie);
    expect(res.status, path).toBe(200);
    const html = await res.text();
    return { html, ...reportTable(html) };
  }

  it("lists every report with a link, name and description", async () => {
    const html = await (await get(`/${V}/reports`, cookie)).text();
    for (const id of ["time-by-member", "open-tickets-by-board", "open-tickets", "agreement-list", "ar-aging", "timesheet-status"]) {
      expect(html).toContain(`<a href="/${V}/reports/${id}" data-report-id="${id}">`);
    }
    expect(html).toContain("Accounts Receivable Aging");
  });

  it("time-by-member totals hours per member between two dates, inclusive", async () => {
    const { header, rows, html } = await report("time-by-member?start=2026-01-05&end=2026-01-10");
    expect(header).toEqual(["Member", "Identifier", "Total Hours", "Billable Hours", "Non-Billable Hours", "Entries"]);
    expect(rows).toEqual([
      [BOB, "bob", "3.00", "3.00", "0.00", "1"],
      ["Jane Smith", "jsmith", "4.75", "2.50", "2.25", "3"],
    ]);
    expect(html).toContain('<dd data-param="start">2026-01-05</dd>');
    expect(html).toContain('<dd data-param="member">All</dd>');
    expect(html).toContain(`<a id="export-csv" href="/${V}/reports/time-by-member/export.csv?start=2026-01-05&amp;end=2026-01-10" download>Export to CSV</a>`);
  });

  it("time-by-member narrows to one member by identifier", async () => {
    const { rows } = await report("time-by-member?start=2026-01-01&end=2026-01-31&member=JSMITH");
    expect(rows).toEqual([["Jane Smith", "jsmith", "10.75", "8.50", "2.25", "4"]]);
  });

  it("open-tickets-by-board counts open tickets by board and status with the oldest date", async () => {
    const all = await report("open-tickets-by-board");
    expect(all.header).toEqual(["Board", "Status", "Open Tickets", "Oldest Ticket"]);
    expect(all.rows).toEqual([
      ["Help Desk", "In Progress", "1", "2026-01-12"],
      ["Help Desk", "New", "2", "2026-01-02"],
      ["Projects", "New", "1", "2026-01-08"],
    ]);
    expect((await report("open-tickets-by-board?board=projects")).rows).toEqual([["Projects", "New", "1", "2026-01-08"]]);
  });

  it("open-tickets lists open tickets oldest first and escapes their summaries", async () => {
    const { html, rows } = await report("open-tickets?board=Help%20Desk");
    expect(rows.map((r) => r[1])).toEqual([SCRIPT_SUMMARY, "VPN drops", "Laptop setup"]);
    expect(rows[0]).toEqual(["1", SCRIPT_SUMMARY, "Acme Corp", "Help Desk", "New", "2026-01-02", "13"]);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Printer &amp; scanner down");
  });

  it("agreement-list shows active agreements by default and another status on request", async () => {
    const active = await report("agreement-list");
    expect(active.header).toEqual(["Company", "Agreement", "Type", "Start", "End", "Bill Amount"]);
    expect(active.rows).toEqual([
      ["Acme Corp", AGREEMENT, "Managed Services", "2025-01-01", "2025-12-31", "1500.00"],
      ["Beta LLC", "Block Hours", "Block", "2025-06-01", "", "250.50"],
    ]);
    expect(active.html).toContain('<dd data-param="status">Active</dd>');
    expect((await report("agreement-list?status=cancelled")).rows).toEqual([["Gamma Inc", "Old Support", "Break/Fix", "2023-01-01", "2024-01-01", "99.00"]]);
  });

  it("ar-aging buckets unpaid balances by days past due, as of the store's today", async () => {
    const { header, rows, html } = await report("ar-aging");
    expect(header).toEqual(["Company", "Invoices", "Current", "1-30", "31-60", "61-90", "90+", "Total"]);
    expect(rows).toEqual([
      ["Acme Corp", "4", "150.00", "10.00", "200.00", "0.00", "0.00", "360.00"],
      ["Beta LLC", "2", "0.00", "0.00", "0.00", "300.00", "400.50", "700.50"],
    ]);
    expect(html).toContain("<dt>As of</dt><dd>2026-01-15</dd>");
  });

  it("timesheet-status shows the timesheets whose period overlaps the dates", async () => {
    const { header, rows } = await report("timesheet-status?start=2026-01-01&end=2026-01-12");
    expect(header).toEqual(["Member", "Period", "Status", "Hours"]);
    expect(rows).toEqual([
      [BOB, "2026-01-12 to 2026-01-18", "PendingApproval", "12.00"],
      ["Jane Smith", "2025-12-29 to 2026-01-04", "Open", "38.50"],
      ["Jane Smith", "2026-01-05 to 2026-01-11", "ApprovedByTierOne", "40.00"],
    ]);
  });

  it("reads live store data: a new record shows on the next request", async () => {
    const row = ctx.store.table(tableKey("/finance/invoices")).insert({ company: { name: "Delta Co" }, dueDate: "2026-02-01T00:00:00Z", balance: 5 });
    try {
      expect((await report("ar-aging")).rows.at(-1)).toEqual(["Delta Co", "1", "5.00", "0.00", "0.00", "0.00", "0.00", "5.00"]);
    } finally {
      ctx.store.table(tableKey("/finance/invoices")).delete(row.id);
    }
  });

  it.each([
    ["time-by-member", "start", "YYYY-MM-DD"],
    ["time-by-member?start=2026-01-01", "end", "YYYY-MM-DD"],
    ["time-by-member?start=2026-02-30&end=2026-03-01", "start", "YYYY-MM-DD"],
    ["time-by-member?start=2026-01-10&end=2026-01-01", "end", "on or after the start"],
    ["timesheet-status?start=01/05/2026&end=2026-01-10", "start", "YYYY-MM-DD"],
    ["agreement-list?status=Bogus", "status", "Active, Cancelled, Expired, Inactive"],
  ])("%s answers 400 naming %s", async (path, param, expected) => {
    for (const url of [`/${V}/reports/${path}`, `/${V}/reports/${path.replace(/^([\w-]+)/, "$1/export.csv")}`]) {
      const res = await get(url, cookie);
      expect(res.status, url).toBe(400);
      const html = await res.text();
      expect(html).toContain(`id="param-error" data-param="${param}"`);
      expect(html).toContain(`&quot;${param}&quot;`);
      expect(html).toContain(expected);
    }
  });
});

describe("sandbox web UI: CSV export", () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await signIn();
  });

  it("quotes fields with commas, quotes and newlines, and matches the HTML rows", async () => {
    const page = reportTable(await (await get(`/${V}/reports/agreement-list`, cookie)).text());
    const res = await get(`/${V}/reports/agreement-list/export.csv`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="agreement-list-2026-01-15.csv"');
    const text = await res.text();
    expect(text).toBe(
      'Company,Agreement,Type,Start,End,Bill Amount\r\nAcme Corp,"Managed Services, ""Gold""\nTier",Managed Services,2025-01-01,2025-12-31,1500.00\r\nBeta LLC,Block Hours,Block,2025-06-01,,250.50\r\n',
    );
    expect(parseCsv(text)).toEqual([page.header, ...page.rows]);
  });

  it.each(["time-by-member?start=2026-01-01&end=2026-01-31", "open-tickets-by-board", "open-tickets", "ar-aging", "timesheet-status?start=2025-12-01&end=2026-01-31"])(
    "%s exports the rows its page shows",
    async (path) => {
      const page = reportTable(await (await get(`/${V}/reports/${path}`, cookie)).text());
      const csv = await (await get(`/${V}/reports/${path.replace(/^([\w-]+)/, "$1/export.csv")}`, cookie)).text();
      expect(page.rows.length).toBeGreaterThan(0);
      expect(parseCsv(csv)).toEqual([page.header, ...page.rows]);
    },
  );

  it.each([
    [["plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", ""], 'plain,"a,b","say ""hi""","two\nlines","cr\rhere",\r\n'],
    [["x"], "x\r\n"],
  ])("toCsv(%j)", (row, want) => {
    expect(toCsv(row, [])).toBe(want);
  });
});

describe("sandbox web UI: sign-in with MFA", () => {
  const mfaLogin = { ...goodLogin, username: "sandbox-mfa" };

  it("asks the MFA user for a verification code instead of signing in", async () => {
    const res = await postLogin({ ...mfaLogin, next: `/${V}/reports/ar-aging` });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const html = await res.text();
    expect(html).toContain('id="mfa-code"');
    expect(html).toContain('autocomplete="one-time-code"');
    expect(html).not.toContain('name="password"');
  });

  it("never accepts a code, and refuses the MFA user's wrong password like anyone's", async () => {
    const code = await fetch(`${origin}/${V}/login/mfa`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "code=123456" });
    expect(code.status).toBe(401);
    expect(await code.text()).toContain('id="login-error"');
    const wrong = await postLogin({ ...mfaLogin, password: "guess" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("mfa-code");
  });
});

describe("sandbox web UI: the weekly reports", () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await signIn();
  });

  async function rowsOf(path: string): Promise<{ header: string[]; rows: string[][] }> {
    const res = await get(`/${V}/reports/${path}`, cookie);
    expect(res.status, path).toBe(200);
    return reportTable(await res.text());
  }

  /** Insert rows for one test and take them out again. */
  async function withRows(rows: [string, Record<string, unknown>, Date?][], run: () => Promise<void>): Promise<void> {
    const made = rows.map(([template, row, at]) => ({ template, id: ctx.store.table(tableKey(template)).insert(row, at ? { at } : {}).id }));
    try {
      await run();
    } finally {
      for (const m of made) ctx.store.table(tableKey(m.template)).delete(m.id);
    }
  }

  it("open-tickets-by-age counts open tickets per board by days since entered, as of the store's today", async () => {
    const { header, rows } = await rowsOf("open-tickets-by-age");
    expect(header).toEqual(["Board", "Open Tickets", "0-2 Days", "3-7 Days", "8-14 Days", "15-30 Days", "31+ Days", "Oldest (Days)"]);
    // Help Desk: entered 01-02 (13 days), 01-10 (5), 01-12 (3); Projects: 01-08 (7). Today is 2026-01-15.
    expect(rows).toEqual([
      ["Help Desk", "3", "0", "2", "1", "0", "0", "13"],
      ["Projects", "1", "0", "1", "0", "0", "0", "7"],
    ]);
    expect((await rowsOf("open-tickets-by-age?board=projects")).rows).toEqual([["Projects", "1", "0", "1", "0", "0", "0", "7"]]);
  });

  it("unbilled-time sums billable time not on an invoice, at the entries' amounts", async () => {
    const acme = { id: 10, name: "Acme Corp" };
    await withRows(
      [
        ["/time/entries", { company: acme, timeStart: "2026-01-05T10:00:00Z", actualHours: 2, billableOption: "Billable", hourlyRate: 150 }],
        ["/time/entries", { company: acme, timeStart: "2026-01-09T10:00:00Z", actualHours: 1.5, billableOption: "Billable", extendedInvoiceAmount: 100 }],
        ["/time/entries", { company: acme, timeStart: "2026-01-06T10:00:00Z", actualHours: 4, billableOption: "Billable", invoice: { id: 5, identifier: "10005" } }],
        ["/time/entries", { company: acme, timeStart: "2026-01-07T10:00:00Z", actualHours: 1, billableOption: "DoNotBill" }],
      ],
      async () => {
        const { header, rows } = await rowsOf("unbilled-time?company=acme%20corp");
        expect(header).toEqual(["Company", "Entries", "Unbilled Hours", "Unbilled Amount", "Oldest Entry"]);
        expect(rows).toEqual([["Acme Corp", "2", "3.50", "400.00", "2026-01-05"]]);
        expect((await rowsOf("unbilled-time?company=Acme%20Corp&through=2026-01-06")).rows).toEqual([["Acme Corp", "1", "2.00", "300.00", "2026-01-05"]]);
        expect((await rowsOf("unbilled-time")).rows.map((r) => r[0])).toContain("(no company)");
      },
    );
  });

  it("closed-tickets-by-technician counts tickets closed in the dates by who closed them, with the average days to close", async () => {
    const board = { id: 1, name: "Help Desk" };
    await withRows(
      [
        ["/system/members", { identifier: "jsmith", firstName: "Jane", lastName: "Smith" }],
        ["/service/tickets", { summary: "a", board, closedFlag: true, closedDate: "2026-01-10T12:00:00Z", closedBy: "jsmith" }, new Date("2026-01-08T12:00:00Z")],
        ["/service/tickets", { summary: "b", board, closedFlag: true, closedDate: "2026-01-12T00:00:00Z", closedBy: "jsmith" }, new Date("2026-01-11T00:00:00Z")],
        ["/service/tickets", { summary: "c", board: { id: 2, name: "Projects" }, closedFlag: true, closedDate: "2026-01-11T00:00:00Z", closedBy: "bob" }, new Date("2026-01-05T00:00:00Z")],
        ["/service/tickets", { summary: "d", board, closedFlag: true, closedDate: "2025-12-20T00:00:00Z", closedBy: "jsmith" }, new Date("2025-12-01T00:00:00Z")],
      ],
      async () => {
        const { header, rows } = await rowsOf("closed-tickets-by-technician?start=2026-01-05&end=2026-01-12");
        expect(header).toEqual(["Technician", "Identifier", "Closed Tickets", "Average Days to Close"]);
        expect(rows).toEqual([
          ["Jane Smith", "jsmith", "2", "1.50"],
          ["bob", "bob", "1", "6.00"],
        ]);
        expect((await rowsOf("closed-tickets-by-technician?start=2026-01-05&end=2026-01-12&board=Projects")).rows).toEqual([["bob", "bob", "1", "6.00"]]);
      },
    );
  });

  it("closed-tickets-by-technician needs its dates", async () => {
    expect((await get(`/${V}/reports/closed-tickets-by-technician`, cookie)).status).toBe(400);
  });
});
