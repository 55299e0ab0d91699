/**
 * Web reports end to end, through a real browser: MCP over stdio to the built server, which drives the
 * system Chromium (Playwright) against the web UI of an in-process sandbox — signing in through its form,
 * reading HTML tables and downloading CSV exports. Every row is checked against the sandbox's own report
 * over the same store; every sign-in is counted in the sandbox's web request log.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DOWNLOADS_DIR } from "../../src/reports/downloads.js";
import { toCell } from "../../src/reports/extract.js";
import { findReport as sandboxReport } from "../../src/sandbox/web/reports.js";
import { configureWeb, DEFAULT_WEB_OPTIONS } from "../../src/sandbox/web/index.js";
import { utcMidnight, type Sandbox } from "../../src/sandbox/server.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";

const PASSWORD = "sandbox-password";
const WEB = { CW_WEB_USERNAME: "sandbox-admin", CW_WEB_PASSWORD: PASSWORD, CW_TIMEZONE: "UTC" };
/** Two shared cores and a browser per server: generous. */
const SLOW = 120_000;

let sb: Sandbox;
let data: string;
let server: RunningServer;
const dirs: string[] = [];
const servers: RunningServer[] = [];

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "cw-reports-"));
  dirs.push(dir);
  return dir;
};

async function serve(env: Record<string, string>): Promise<RunningServer> {
  const s = await startServer([], { ...envFor(sb), ...WEB, ...env });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  sb = await sandbox({ now: utcMidnight(new Date()) });
  data = tempDir();
  // Left by a server killed mid-export: a folder of a process that is gone, and a stray file.
  mkdirSync(join(data, DOWNLOADS_DIR, "2147480001"), { recursive: true });
  writeFileSync(join(data, DOWNLOADS_DIR, "2147480001", "export.csv"), "a,b\r\n");
  writeFileSync(join(data, DOWNLOADS_DIR, "stray.csv"), "x");
  server = await serve({ CW_DATA_DIR: data });
}, SLOW);

afterAll(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
  await sb?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

beforeEach(() => {
  sb.webRequests.length = 0;
  sb.faults.reset();
  configureWeb(DEFAULT_WEB_OPTIONS);
});

interface Called {
  isError: boolean;
  text: string;
  data: Record<string, any>;
  progress: { progress: number; total?: number; message?: string }[];
}

async function call(name: string, args: Record<string, unknown>, on: RunningServer = server, signal?: AbortSignal): Promise<Called> {
  const progress: Called["progress"] = [];
  const result = await on.client.callTool({ name, arguments: args }, undefined, { onprogress: (p) => void progress.push(p), timeout: SLOW, ...(signal ? { signal } : {}) });
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any>, progress };
}

const signIns = () => sb.webRequests.filter((r) => r.method === "POST" && /\/login$/.test(r.path)).length;
const pageLoads = (id: string) => sb.webRequests.filter((r) => r.path.endsWith(`/reports/${id}`) && r.status === 200).length;

/** The sandbox's own rows for a report page, typed as cw_report types cells. */
function expected(page: string, params: Record<string, string> = {}) {
  const report = sandboxReport(page)!;
  const values = Object.fromEntries(report.params.map((p) => [p.name, params[p.name] ?? p.fallback]));
  const table = report.run(sb.store, values);
  return { columns: table.columns.map((c) => c.label), rows: table.rows.map((r) => Object.fromEntries(r.map((cell, i) => [table.columns[i]!.label, toCell(cell)]))) };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe("cw_report through the browser", () => {
  it("sweeps browser-downloads at start-up, before any browser runs", async () => {
    const until = Date.now() + 10_000;
    while (filesUnder(join(data, DOWNLOADS_DIR)).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(filesUnder(join(data, DOWNLOADS_DIR))).toEqual([]);
    expect(readdirSync(join(data, DOWNLOADS_DIR))).toEqual([]);
  });

  it("reads an HTML table report, signing in once, with progress, and saves the session 0600", async () => {
    const res = await call("cw_report", { id: "open-tickets-by-age" });
    expect(res.isError, res.text).toBe(false);
    const want = expected("open-tickets-by-age");
    expect(res.data).toMatchObject({ id: "open-tickets-by-age", from_cache: false, signed_in: true, extract: "table", columns: want.columns, row_count: want.rows.length });
    expect(res.data.rows).toEqual(want.rows);
    expect(res.data.rows.length).toBeGreaterThan(0);
    expect(res.text).toMatch(/fetched live in [\d.]+ s, after signing in/);
    expect(res.text).toContain("| Board | Open Tickets |");
    expect(signIns()).toBe(1);

    const messages = res.progress.map((p) => p.message ?? "");
    expect(messages.some((m) => m.startsWith("starting the browser"))).toBe(true);
    expect(messages.some((m) => m.startsWith("signing in"))).toBe(true);
    expect(messages.some((m) => m.startsWith("reading the table"))).toBe(true);
    const values = res.progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(values).size).toBe(values.length);

    const state = join(data, "browser-state.json");
    expect(statSync(state).mode & 0o777).toBe(0o600);
    const saved = readFileSync(state, "utf8");
    expect(saved).toContain("cwsandbox_session");
    expect(saved).not.toContain(PASSWORD);
  }, SLOW);

  it("reads a CSV export: downloaded, read and deleted, on the saved session", async () => {
    const res = await call("cw_report", { id: "time-by-member", params: { start: "-14d", end: "yesterday" } });
    expect(res.isError, res.text).toBe(false);
    const want = expected("time-by-member", res.data.params);
    expect(res.data).toMatchObject({ extract: "csv", signed_in: false, columns: want.columns });
    expect(res.data.rows).toEqual(want.rows);
    expect(res.data.rows.length).toBeGreaterThan(0);
    expect(sb.webRequests.map((r) => r.path)).toContain("/v2026_1/reports/time-by-member/export.csv");
    expect(signIns()).toBe(0);
    expect(filesUnder(join(data, DOWNLOADS_DIR))).toEqual([]);
  }, SLOW);

  it("answers from the cache within the TTL without touching the web UI; refresh fetches again and keeps history", async () => {
    const cached = await call("cw_report", { id: "open-tickets-by-age" });
    expect(cached.isError, cached.text).toBe(false);
    expect(cached.data.from_cache).toBe(true);
    expect(cached.text).toMatch(/from cache, fetched at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \(\d+ s ago/);
    expect(sb.webRequests).toEqual([]);

    const fresh = await call("cw_report", { id: "open-tickets-by-age", refresh: true });
    expect(fresh.data).toMatchObject({ from_cache: false, signed_in: false });
    expect(fresh.data.history).toHaveLength(1);
    expect(fresh.data.typical_seconds).toBeGreaterThan(0);
    expect(pageLoads("open-tickets-by-age")).toBe(1);
    expect(Date.parse(fresh.data.fetched_at)).toBeGreaterThan(Date.parse(cached.data.fetched_at));

    const db = join(data, "report-cache.db");
    expect(statSync(db).mode & 0o777).toBe(0o600);
    for (const file of [db, `${db}-wal`].filter(existsSync)) expect(readFileSync(file).includes(PASSWORD)).toBe(false);
  }, SLOW);

  it("signs in again, once, when the web session has expired", async () => {
    configureWeb({ now: () => Date.now() + 9 * 3_600_000 });
    const res = await call("cw_report", { id: "ar-aging" });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.signed_in).toBe(true);
    expect(res.data.rows).toEqual(expected("ar-aging").rows);
    expect(signIns()).toBe(1);
  }, SLOW);

  it("a restarted server reuses the saved session from browser-state.json", async () => {
    const second = await serve({ CW_DATA_DIR: data });
    const res = await call("cw_report", { id: "agreement-summary", params: { status: "active" } }, second);
    expect(res.isError, res.text).toBe(false);
    expect(res.data).toMatchObject({ signed_in: false, params: { status: "Active" } });
    expect(res.data.rows).toEqual(expected("agreement-list", { status: "Active" }).rows);
    expect(signIns()).toBe(0);
    await second.close();
  }, SLOW);

  it("lists the reports, the weekly ones first, with parameters and when each was fetched", async () => {
    const res = await call("cw_list_reports", {});
    const reports = res.data.reports as { id: string; weekly: boolean; last_fetched_at?: string; params: { name: string }[] }[];
    expect(reports.slice(0, 5).map((r) => r.id)).toEqual(["open-tickets-by-age", "time-by-member", "agreement-summary", "unbilled-time", "closed-tickets-by-technician"]);
    expect(reports.slice(0, 5).every((r) => r.weekly)).toBe(true);
    expect(reports.find((r) => r.id === "open-tickets-by-age")?.last_fetched_at).toBeDefined();
    expect(reports.find((r) => r.id === "time-by-member")?.params.map((p) => p.name)).toEqual(["start", "end", "member"]);
    expect(res.text).toContain("★ unbilled-time");
  });

  it("runs the other weekly reports too", async () => {
    for (const [id, page] of [["unbilled-time", "unbilled-time"], ["closed-tickets-by-technician", "closed-tickets-by-technician"]] as const) {
      const res = await call("cw_report", { id });
      expect(res.isError, res.text).toBe(false);
      expect(res.data.rows, id).toEqual(expected(page, res.data.params).rows);
    }
  }, SLOW);

  it("explains unknown reports and bad parameters without opening a page", async () => {
    const unknown = await call("cw_report", { id: "time-by-membr" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain("Closest: time-by-member");
    const bad = await call("cw_report", { id: "time-by-member", params: { start: "soonish" } });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/"start" of time-by-member is not a date/);
    expect(sb.webRequests).toEqual([]);
  });

  it("times out with a clear message, closing the page; the browser stays usable", async () => {
    sb.faults.update({ webLatencyMs: 4_000 });
    const slow = await call("cw_report", { id: "ar-aging", refresh: true, timeout_seconds: 1 });
    expect(slow.isError).toBe(true);
    expect(slow.text).toMatch(/Accounts Receivable Aging did not finish within 1 s.*the page was closed/);
    expect(slow.text).toContain("timeout_seconds");
    sb.faults.update({ webLatencyMs: 0 });
    const again = await call("cw_report", { id: "ar-aging", refresh: true });
    expect(again.isError, again.text).toBe(false);
  }, SLOW);

  it("cancellation closes the page; the next call works", async () => {
    sb.faults.update({ webLatencyMs: 3_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    await expect(call("cw_report", { id: "ar-aging", refresh: true }, server, controller.signal)).rejects.toThrow(/abort/i);
    sb.faults.update({ webLatencyMs: 0 });
    const again = await call("cw_report", { id: "ar-aging", refresh: true });
    expect(again.isError, again.text).toBe(false);
    expect(server.stderr()).not.toMatch(/unhandled|TypeError/i);
  }, SLOW);
});

describe("cw_discover_report", () => {
  let other: Server;
  let otherOrigin: string;
  let otherHits = 0;

  beforeAll(async () => {
    // Another origin on this machine: a plain report page, and a page that redirects to yet another origin.
    other = createServer((req, res) => {
      otherHits += 1;
      if (req.url?.startsWith("/redirect")) {
        res.writeHead(302, { Location: `http://localhost:${(other.address() as AddressInfo).port}/report` }).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html" }).end(
        `<!doctype html><title>Partner report</title><h1>Partner report</h1><p>Uptime by site.</p>
         <table id="uptime"><thead><tr><th>Site</th><th>Uptime</th></tr></thead><tbody><tr><td>HQ</td><td>99.9</td></tr><tr><td>Branch</td><td>97.5</td></tr></tbody></table>`,
      );
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });

  it("refuses a URL off the ConnectWise origin before the browser opens anything", async () => {
    for (const url of ["https://evil.example/steal?notes=secret", `${otherOrigin}/report`, `http://localhost:${new URL(sb.url).port}/v2026_1/reports/ar-aging`]) {
      const res = await call("cw_discover_report", { url, name: "Planted" });
      expect(res.isError, url).toBe(true);
      expect(res.text).toContain("is not the ConnectWise site");
      expect(res.text).toContain("CW_DISCOVER_ALLOW_OFFORIGIN=true");
    }
    const file = await call("cw_discover_report", { url: "file:///etc/passwd", name: "Planted" });
    expect(file.text).toMatch(/Only http and https/);
    expect(otherHits).toBe(0);
    expect(sb.webRequests).toEqual([]);
    expect(existsSync(join(data, "discovered-reports.json"))).toBe(false);
  });

  it("scaffolds a definition from a report page, saves it 0600, and cw_report runs it", async () => {
    const res = await call("cw_discover_report", { url: `${sb.url}/v2026_1/reports/ar-aging`, name: "AR by company" });
    expect(res.isError, res.text).toBe(false);
    expect(res.data).toMatchObject({
      saved: true,
      replaced: false,
      definition: { id: "ar-by-company", path: "/{version}/reports/ar-aging", extract: { kind: "csv", trigger: "#export-csv" }, params: [] },
      preview: { columns: ["Company", "Invoices", "Current", "1-30", "31-60", "61-90", "90+", "Total"] },
    });
    expect(statSync(join(data, "discovered-reports.json")).mode & 0o777).toBe(0o600);

    const run = await call("cw_report", { id: "ar-by-company" });
    expect(run.isError, run.text).toBe(false);
    expect(run.data.rows).toEqual(expected("ar-aging").rows);
    const listed = (await call("cw_list_reports", {})).data.reports as { id: string; source: string }[];
    expect(listed.at(-1)).toMatchObject({ id: "ar-by-company", source: "discovered" });
  }, SLOW);

  it("takes the parameters from the page's form and URL", async () => {
    const res = await call("cw_discover_report", { url: "/v2026_1/reports/time-by-member?start=2026-01-05&end=2026-01-11", name: "Hours", save: false });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.saved).toBe(false);
    expect(res.data.definition.params).toEqual([
      { name: "start", type: "date", description: "From date", required: true, default: "2026-01-05" },
      { name: "end", type: "date", description: "To date (inclusive)", required: true, default: "2026-01-11" },
      { name: "member", type: "text", description: "Member identifier" },
    ]);
  }, SLOW);

  it("reports a page that does not exist", async () => {
    const res = await call("cw_discover_report", { url: "/v2026_1/reports/no-such-report", name: "Nothing" });
    expect(res.isError).toBe(true);
    expect(res.text).toContain("no page at /v2026_1/reports/no-such-report (HTTP 404)");
  }, SLOW);

  it("with CW_DISCOVER_ALLOW_OFFORIGIN=true, inspects another site without signing in there, and stops redirects to a third", async () => {
    const open = await serve({ CW_DATA_DIR: tempDir(), CW_DISCOVER_ALLOW_OFFORIGIN: "true" });
    const res = await call("cw_discover_report", { url: `${otherOrigin}/report`, name: "Partner uptime" }, open);
    expect(res.isError, res.text).toBe(false);
    expect(res.data.definition).toMatchObject({ id: "partner-uptime", url: `${otherOrigin}/report`, extract: { kind: "table", selector: "#uptime" } });
    expect(res.data.signed_in).toBe(false);
    const run = await call("cw_report", { id: "partner-uptime" }, open);
    expect(run.data.rows).toEqual([{ Site: "HQ", Uptime: 99.9 }, { Site: "Branch", Uptime: 97.5 }]);

    const away = await call("cw_discover_report", { url: `${otherOrigin}/redirect`, name: "Away" }, open);
    expect(away.isError).toBe(true);
    expect(away.text).toMatch(/tried to leave the ConnectWise site for http:\/\/localhost:\d+, and was stopped/);
    expect(signIns()).toBe(0);
    await open.close();
  }, SLOW);
});

describe("cw_report_purge", () => {
  it("removes one report's cached runs, then everything older than a day count", async () => {
    const one = await call("cw_report_purge", { id: "open-tickets-by-age" });
    expect(one.data.deleted).toBeGreaterThanOrEqual(2);
    expect(one.text).toMatch(/Deleted \d+ cached report results of open-tickets-by-age; \d+ remain/);
    const again = await call("cw_report", { id: "open-tickets-by-age" });
    expect(again.data.from_cache).toBe(false);

    const none = await call("cw_report_purge", { older_than_days: 30 });
    expect(none.data.deleted).toBe(0);
    const all = await call("cw_report_purge", { older_than_days: 0 });
    expect(all.data).toMatchObject({ remaining: 0 });
    expect(all.data.deleted).toBeGreaterThan(0);
    const listed = (await call("cw_list_reports", {})).data.reports as { last_fetched_at?: string }[];
    expect(listed.every((r) => r.last_fetched_at === undefined)).toBe(true);
  }, SLOW);
});

describe("cw_report errors", () => {
  async function fails(env: Record<string, string>) {
    const dir = tempDir();
    const s = await serve({ CW_DATA_DIR: dir, ...env });
    const res = await call("cw_report", { id: "ar-aging" }, s);
    await s.close();
    expect(res.isError).toBe(true);
    expect(res.text).not.toContain(PASSWORD);
    expect(res.text).not.toContain("wrong-password");
    return { text: res.text, dir };
  }

  it("says how to install Chromium when there is none", async () => {
    const { text } = await fails({ CW_CHROMIUM_PATH: "/nonexistent/chromium" });
    expect(text).toContain("apt-get install -y chromium");
    expect(text).toContain("CW_CHROMIUM_PATH");
    expect(sb.webRequests).toEqual([]);
  }, SLOW);

  it("names CW_WEB_USERNAME and CW_WEB_PASSWORD when they are missing", async () => {
    const { text } = await fails({ CW_WEB_USERNAME: "", CW_WEB_PASSWORD: "" });
    expect(text).toMatch(/CW_WEB_USERNAME and CW_WEB_PASSWORD are not set/);
  }, SLOW);

  it("reports refused web credentials, without saving a session", async () => {
    const { text, dir } = await fails({ CW_WEB_PASSWORD: "wrong-password" });
    expect(text).toMatch(/ConnectWise refused the web sign-in: "The company, username or password is not correct"/);
    expect(existsSync(join(dir, "browser-state.json"))).toBe(false);
    expect(signIns()).toBe(1);
  }, SLOW);

  it("reports that MFA is required", async () => {
    const { text } = await fails({ CW_WEB_USERNAME: "sandbox-mfa" });
    expect(text).toMatch(/asks for a second factor \(MFA\)/);
  }, SLOW);
});
