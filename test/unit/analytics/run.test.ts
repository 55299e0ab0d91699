/**
 * From definition to MCP answer, with ConnectWise played by a fake client: params checked against the
 * declaration, branches gathered, an optional branch's failure reported (the rest answered), a required
 * one's failing the call, and the chart drawn as PNG (default) or SVG, or left out.
 */
import { describe, expect, it } from "vitest";
import { runAnalytics } from "../../../src/analytics/run.js";
import { analyticsReader } from "../../../src/analytics/read.js";
import { DEFINITIONS } from "../../../src/analytics/time.js";
import { CwApiError } from "../../../src/http/errors.js";
import { operation } from "../../../src/operations/registry.js";

type Request = { method: string; path: string; query?: Record<string, unknown> };

function fakeHttp(answer: (r: Request) => unknown) {
  const seen: Request[] = [];
  return {
    seen,
    async request(r: Request) {
      seen.push(r);
      const data = answer(r);
      if (data instanceof Error) throw data;
      return { status: 200, data, headers: new Headers() };
    },
  };
}

const entries = [
  { id: 1, member: { id: 1, identifier: "ana" }, actualHours: 3, billableOption: "Billable", chargeToType: "ServiceTicket", workType: { utilizationFlag: true } },
  { id: 2, member: { id: 1, identifier: "ana" }, actualHours: 1, billableOption: "DoNotBill", chargeToType: "ChargeCode", workType: { utilizationFlag: false } },
];

function runtimeWith(http: ReturnType<typeof fakeHttp>, members: () => Promise<Record<string, unknown>[]> = async () => [{ id: 1, identifier: "ana", dailyCapacity: 8 }]) {
  return {
    config: { timezone: "America/Chicago" },
    redact: (s: string) => s,
    http: async () => http,
    lookups: { records: members, resolve: async () => ({ id: 1, name: "Ana Lee", identifier: "ana" }) },
  } as never;
}

const standard = (r: Request) => (r.path === "/time/entries/count" ? { count: entries.length } : r.path === "/time/entries" ? entries : r.path.includes("holiday") ? [] : []);

describe("runAnalytics", () => {
  it("answers with the table and the figures; a failed optional branch is reported, the rest still answered", async () => {
    const http = fakeHttp(standard);
    const res = await runAnalytics(DEFINITIONS.time_totals_by_member, { runtime: runtimeWith(http, async () => { throw new CwApiError({ kind: "http", status: 503, method: "GET", path: "/system/members", message: "Service Unavailable" }); }), params: { start: "2026-03-01", end: "2026-03-07" }, operation: operation("time_totals_by_member")! });
    expect(res.isError).toBeUndefined();
    const text = (res.content[0] as { text: string }).text;
    expect(text).toContain("Time by member, 2026-03-01 to 2026-03-07 (America/Chicago): 4 h in 2 entries, 75% billable.");
    expect(text).toMatch(/Could not read:\n- members: GET \/system\/members failed \(HTTP 503\)/);
    expect(res.structuredContent).toMatchObject({ totals: { hours: 4, billable_hours: 3 }, failures: [{ branch: "members", error: expect.stringContaining("HTTP 503") }] });
    // The window reached ConnectWise as UTC instants of the MSP's days.
    expect(http.seen.find((r) => r.path === "/time/entries")!.query).toMatchObject({ conditions: "timeStart >= [2026-03-01T06:00:00Z] and timeStart < [2026-03-08T06:00:00Z]", orderBy: "id", page: 1, pageSize: 1000 });
  });

  it("a required branch that fails fails the call, with ConnectWise's error", async () => {
    const http = fakeHttp((r) => (r.path.startsWith("/time/entries") ? new CwApiError({ kind: "http", status: 500, method: "GET", path: "/time/entries", message: "Internal Server Error" }) : []));
    const res = await runAnalytics(DEFINITIONS.time_totals_by_member, { runtime: runtimeWith(http), params: {}, operation: operation("time_totals_by_member")! });
    expect(res.isError).toBe(true);
    expect((res.content[0] as { text: string }).text).toMatch(/GET \/time\/entries failed \(HTTP 500\)/);
  });

  it("bad params are refused before anything is read", async () => {
    const http = fakeHttp(standard);
    const res = await runAnalytics(DEFINITIONS.time_totals_by_member, { runtime: runtimeWith(http), params: { start: "someday" }, operation: operation("time_totals_by_member")! });
    expect(res.isError).toBe(true);
    expect((res.content[0] as { text: string }).text).toMatch(/Parameter "start": "someday" is not a date I can read/);
    expect(http.seen).toEqual([]);
  });

  it("draws the chart as PNG by default, SVG when asked, none when told", async () => {
    const run = (chart?: string) => runAnalytics(DEFINITIONS.member_utilization, { runtime: runtimeWith(fakeHttp(standard)), params: chart ? { chart } : {}, operation: operation("member_utilization")! });
    const png = (await run()).content[1] as { type: string; mimeType: string; data: string };
    expect(png).toMatchObject({ type: "image", mimeType: "image/png" });
    expect(Buffer.from(png.data, "base64").subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = (await run("svg")).content[1] as { mimeType: string; data: string };
    expect(svg.mimeType).toBe("image/svg+xml");
    expect(Buffer.from(svg.data, "base64").toString()).toMatch(/^<svg[^>]*>[\s\S]*ana[\s\S]*<\/svg>$/);
    expect((await run("none")).content).toHaveLength(1);
  }, 30_000);
});

describe("analyticsReader.all", () => {
  it("one page and the count together; the other pages at once when there are more", async () => {
    const http = fakeHttp((r) => (r.path.endsWith("/count") ? { count: 2500 } : Array.from({ length: Number(r.query!.page) === 3 ? 500 : 1000 }, (_, i) => ({ id: (Number(r.query!.page) - 1) * 1000 + i + 1 }))));
    const rows = await analyticsReader(http as never).all("/time/entries", { conditions: "x = 1" });
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(http.seen.map((r) => `${r.path} ${String(r.query?.page ?? "")}`)).toEqual(["/time/entries 1", "/time/entries/count ", "/time/entries 2", "/time/entries 3"]);
  });

  it("a short first page is the whole answer", async () => {
    const http = fakeHttp((r) => (r.path.endsWith("/count") ? { count: 2 } : [{ id: 1 }, { id: 2 }]));
    expect(await analyticsReader(http as never).all("/finance/agreements")).toHaveLength(2);
    expect(http.seen).toHaveLength(2);
  });

  it("stops at its limit and says so", async () => {
    const http = fakeHttp((r) => (r.path.endsWith("/count") ? { count: 5000 } : Array.from({ length: Number(r.query!.pageSize) }, (_, i) => ({ id: i }))));
    const read = analyticsReader(http as never);
    expect(await read.all("/time/entries", {}, 1500)).toHaveLength(1500);
    expect(read.truncated).toEqual(["/time/entries: read the first 1,500 of 5,000"]);
  });
});
