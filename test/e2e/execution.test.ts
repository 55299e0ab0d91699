import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/server.js";
import { sandbox } from "../helpers/sandbox.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { afterNotice } from "../helpers/notice.js";

/** Credentials distinct enough to be found if they ever leak into output. */
const SECRETS = { company: "acmemsp", publicKey: "pub-4a8e6c1d", privateKey: "priv-9f3b2c7d1e5a", clientId: "cid-7d2f91b0c4" };
const TOKEN = Buffer.from(`${SECRETS.company}+${SECRETS.publicKey}:${SECRETS.privateKey}`).toString("base64");

let sb: Sandbox;
let server: RunningServer;
const outputs: string[] = [];

beforeAll(async () => {
  sb = await sandbox({ credentials: SECRETS });
  server = await startServer([], envFor(sb));
});
afterAll(async () => {
  await server?.close();
  await sb?.close();
});
beforeEach(() => {
  sb.requests.length = 0;
  sb.faults.reset();
});

async function call(name: string, args: Record<string, unknown>, options: Parameters<RunningServer["client"]["callTool"]>[2] = {}) {
  const result = await server.client.callTool({ name, arguments: args }, undefined, options);
  outputs.push(JSON.stringify(result));
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
}

const writes = () => sb.requests.filter((r) => r.method !== "GET");
const anyTicket = () => sb.store.table("/service/tickets").list().find((t) => t.closedFlag === false)!;

describe("cw_api_call", () => {
  it("reads a list compactly: one line per record in the text, records without _info in structuredContent", async () => {
    const res = await call("cw_api_call", { method: "GET", path: "/service/tickets", params: { pageSize: 5, orderBy: "id desc" } });
    expect(res.isError).toBeFalsy();
    expect(afterNotice(res.text)).toMatch(/^5 tickets:\n- #\d+ /);
    expect(res.data).toMatchObject({ method: "GET", path: "/service/tickets", status: 200, count: 5, next: "page=2" });
    expect(JSON.stringify(res.data.data)).not.toContain("_info");
    const raw = await call("cw_api_call", { method: "GET", path: "/service/tickets", params: { pageSize: 5, orderBy: "id desc" }, include_info: true });
    expect(raw.data.data[0]._info.lastUpdated).toMatch(/Z$/);
  });

  it("fills path parameters from params or from a concrete path, and passes fields through", async () => {
    const t = anyTicket();
    const a = await call("cw_api_call", { method: "GET", path: "/service/tickets/{id}", params: { id: t.id, fields: "id,summary,status/name" } });
    const b = await call("cw_api_call", { method: "GET", path: `/service/tickets/${t.id}`, params: { fields: "id,summary,status/name" } });
    expect(a.data.data).toEqual({ id: t.id, summary: t.summary, status: { name: expect.any(String) } });
    expect(b.data.data).toEqual(a.data.data);
    expect(sb.requests.map((r) => r.path)).toEqual([`/service/tickets/${t.id}`, `/service/tickets/${t.id}`]);
  });

  it("checks the call against the spec before sending anything", async () => {
    const unknownPath = await call("cw_api_call", { method: "GET", path: "/service/tikets" });
    expect(unknownPath.isError).toBe(true);
    expect(unknownPath.text).toMatch(/No ConnectWise endpoint has the path \/service\/tikets\.\nClosest paths: \/service\/tickets/);
    const wrongMethod = await call("cw_api_call", { method: "DELETE", path: "/service/tickets" });
    expect(wrongMethod.text).toContain("/service/tickets has no DELETE.\nIt supports GET, POST.");
    const badParam = await call("cw_api_call", { method: "GET", path: "/service/tickets", params: { condition: "id = 1" } });
    expect(badParam.text).toContain('condition: not a query parameter of GET /service/tickets. Did you mean "conditions"?');
    const missing = await call("cw_api_call", { method: "GET", path: "/service/tickets/{id}" });
    expect(missing.text).toContain('The path parameter "id" of GET /service/tickets/{id} is missing.');
    const badBody = await call("cw_api_call", { method: "POST", path: "/service/tickets", body: { sumary: "x", budgetHours: "lots" }, confirm: true });
    expect(badBody.text).toContain('sumary: not a field of Ticket. Did you mean "summary"?');
    expect(badBody.text).toContain("summary: is required.");
    expect(badBody.text).toContain("budgetHours:");
    expect(sb.requests).toEqual([]);
  });

  it("turns ConnectWise's unknown-field 400 into the fields the records do have", async () => {
    const res = await call("cw_api_call", { method: "GET", path: "/service/tickets", params: { conditions: "assignedTo/id = 5" } });
    expect(res.isError).toBe(true);
    expect(res.text).toContain("(HTTP 400 ApiFindCondition): assignedTo/id is not a recognized name.");
    expect(res.text).toMatch(/"assignedTo\/id" is not a field of these records\. Closest: [^\n]*owner\/id/);
  });

  it("sends datetimes in conditions as whole seconds in UTC", async () => {
    await call("cw_api_call", { method: "GET", path: "/service/tickets", params: { conditions: "dateEntered > [2026-01-01T10:00:00.250+02:00] and lastUpdated > [2026-01-02]" } });
    expect(sb.requests[0]!.query.conditions).toBe("dateEntered > [2026-01-01T08:00:00Z] and lastUpdated > [2026-01-02T00:00:00Z]");
  });
});

describe("writes: preview, confirm, and the changed-since-preview check", () => {
  it("previews a POST without sending it, then sends exactly one POST when confirmed", async () => {
    const company = sb.store.table("/company/companies").list()[3]!;
    const args = { method: "POST", path: "/service/tickets", body: { summary: "Scanner offline in reception", company: { id: company.id }, board: { name: "Help Desk" } } };
    const preview = await call("cw_api_call", args);
    expect(preview.isError).toBeFalsy();
    expect(preview.data).toMatchObject({ preview: true, method: "POST", url: `${sb.apiUrl}/service/tickets` });
    expect(preview.text).toMatch(/^Preview only — POST /);
    expect(preview.text).toContain("Nothing was sent.");
    expect(writes()).toEqual([]);

    const done = await call("cw_api_call", { ...args, confirm: true });
    expect(done.isError).toBeFalsy();
    expect(done.data).toMatchObject({ status: 201, data: { summary: "Scanner offline in reception", company: { id: company.id } } });
    expect(writes()).toEqual([{ method: "POST", path: "/service/tickets", query: {}, status: 201 }]);
  });

  it("shows each field a PATCH changes as before → after, and writes it when confirmed", async () => {
    const t = anyTicket();
    const args = { method: "PATCH", path: `/service/tickets/${t.id}`, body: [{ op: "replace", path: "summary", value: "Renamed by the assistant" }] };
    const preview = await call("cw_api_call", args);
    expect(preview.data.changes).toEqual([{ field: "summary", before: t.summary, after: "Renamed by the assistant" }]);
    expect(preview.text).toContain(`summary: ${JSON.stringify(t.summary)} → "Renamed by the assistant"`);
    expect(writes()).toEqual([]);
    const done = await call("cw_api_call", { ...args, confirm: true });
    expect(done.data).toMatchObject({ status: 200, data: { id: t.id, summary: "Renamed by the assistant" } });
  });

  it("refuses a confirmed write when the record changed since its preview, sending nothing", async () => {
    const t = anyTicket();
    const args = { method: "PATCH", path: `/service/tickets/${t.id}`, body: [{ op: "replace", path: "budgetHours", value: 4 }] };
    await call("cw_api_call", args);
    // Someone else edits the ticket in ConnectWise in the meantime.
    await new Promise((r) => setTimeout(r, 1100));
    const table = sb.store.table("/service/tickets");
    table.replace(t.id, { ...table.get(t.id)!, summary: "Edited by a colleague" }, "colleague");
    const refused = await call("cw_api_call", { ...args, confirm: true });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/The record changed since the preview \(last updated .+, now .+ by colleague\)\. Nothing was sent\./);
    expect(writes()).toEqual([]);
  });

  it("previews a DELETE with the record it would remove", async () => {
    const t = anyTicket();
    const preview = await call("cw_api_call", { method: "DELETE", path: `/service/tickets/${t.id}` });
    expect(preview.data.changes).toEqual([{ field: "(record)", before: `#${t.id} ${t.summary}`, after: "(deleted)" }]);
    const done = await call("cw_api_call", { method: "DELETE", path: `/service/tickets/${t.id}`, confirm: true });
    expect(done.data).toMatchObject({ status: 204 });
    expect(sb.store.table("/service/tickets").get(t.id)).toBeUndefined();
  });
});

describe("cw_raw_request", () => {
  it("calls any path under the API root, previews writes, and refuses paths that leave it", async () => {
    const info = await call("cw_raw_request", { method: "GET", path: "/system/info" });
    expect(info.isError).toBeFalsy();
    const preview = await call("cw_raw_request", { method: "POST", path: "/service/tickets/999999/notes", body: { text: "hello" } });
    expect(preview.data.preview).toBe(true);
    expect(writes()).toEqual([]);
  });

  it.each([
    ["an absolute URL", "https://evil.example/v4_6_release/apis/3.0/service/tickets"],
    ["a protocol-relative URL", "//evil.example/service/tickets"],
    ["a backslash host", "\\\\evil.example\\service"],
    ["a .. segment", "/service/../../evil"],
    ["an encoded .. segment", "/service/%2e%2e/%2e%2e/evil"],
    ["an encoded slash", "/service%2f..%2fevil"],
    ["a doubly encoded dot", "/service/%252e%252e/evil"],
    ["an embedded query", "/service/tickets?conditions=id=1"],
    ["a control character", "/service/tickets\r\nHost: evil.example"],
    ["a user-info URL", "http://user:pass@evil.example/"],
  ])("refuses %s without sending anything", async (_, path) => {
    for (const tool of ["cw_raw_request", "cw_api_call"]) {
      const res = await call(tool, { method: "GET", path });
      expect(res.isError, `${tool} ${path}`).toBe(true);
      expect(res.text).toMatch(/Refused the path/);
    }
    expect(sb.requests).toEqual([]);
  });
});

describe("cw_paginated_fetch and cw_count", () => {
  it("fetches numbered pages together after the first round trip, with the total when it stops early", async () => {
    const total = sb.store.table("/time/entries").list().length;
    const res = await call("cw_paginated_fetch", { path: "/time/entries", fields: "id,actualHours", max_items: 600 });
    expect(res.data).toMatchObject({ path: "/time/entries", fetched: 600, total, truncated: true, pages: 3 });
    const ids = res.data.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    expect(new Set(ids).size).toBe(600);
    expect(res.text).toContain(`Stopped at 600 of ${total}`);
    const pages = sb.requests.filter((r) => r.path === "/time/entries");
    expect(pages.map((r) => r.query.page).sort()).toEqual(["1", "2", "3"]);
    expect(sb.requests.filter((r) => r.path === "/time/entries/count")).toHaveLength(1);
  });

  it("reads the whole list without a count when it fits, asking for the first pages on speculation", async () => {
    const companies = sb.store.table("/company/companies").list().length;
    const res = await call("cw_paginated_fetch", { path: "/company/companies", fields: "id,name" });
    expect(res.data).toMatchObject({ fetched: companies, total: companies, truncated: false });
    expect(sb.requests.filter((r) => r.path === "/company/companies/count")).toHaveLength(0);
    expect(sb.requests.filter((r) => r.path === "/company/companies").map((r) => r.query.page)).toEqual(["1", "2", "3", "4"]);
  });

  it("follows forward-only pages one after another when asked, reporting progress", async () => {
    const total = sb.store.table("/time/entries").list().length;
    const progress: number[] = [];
    const res = await call("cw_paginated_fetch", { path: "/time/entries", fields: "id,actualHours", max_items: 600, forward_only: true }, { onprogress: (p) => progress.push(p.progress) });
    expect(res.data).toMatchObject({ path: "/time/entries", fetched: 600, total, truncated: true, pages: 3 });
    expect(res.data.items).toHaveLength(600);
    expect(res.data.items[0]).toEqual({ id: expect.any(Number), actualHours: expect.any(Number) });
    // The SDK client may drop a progress notification that arrives together with the result, so the last one is optional.
    expect(progress.slice(0, 2)).toEqual([250, 500]);
    expect(progress.every((p, i) => p <= 600 && (i === 0 || p > progress[i - 1]!))).toBe(true);
    expect(res.text).toContain(`Stopped at 600 of ${total}`);
    const pages = sb.requests.filter((r) => r.path === "/time/entries");
    expect(pages.map((r) => r.query.pagesize)).toEqual(["250", "250", "100"]);
    expect(pages[1]!.query.pageid).toBeDefined();
  });

  it("uses numbered pages fetched together when an orderBy is given", async () => {
    const res = await call("cw_paginated_fetch", { path: "/company/companies", orderBy: "name asc", fields: "id,name", max_items: 5000 });
    const names = res.data.items.map((c: { name: string }) => c.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(res.data.truncated).toBe(false);
    expect(res.data.fetched).toBe(sb.store.table("/company/companies").list().length);
  });

  it("refuses forward_only with an orderBy, sending nothing", async () => {
    const res = await call("cw_paginated_fetch", { path: "/company/companies", orderBy: "name asc", forward_only: true });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/forward_only and orderBy cannot be combined/);
    expect(sb.requests).toEqual([]);
  });

  it("stops when the client cancels", async () => {
    await fetch(`${sb.url}/__sandbox/faults`, { method: "PUT", body: JSON.stringify({ latencyMs: 300 }) });
    const controller = new AbortController();
    const pending = server.client.callTool({ name: "cw_paginated_fetch", arguments: { path: "/time/entries", max_items: 5000 } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort(),
    });
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 1000));
    // Of the 20 pages the call would need, at most two waves of four went out: the first round trip, and the
    // pages queued as page 1 answered, before the cancellation reached the server.
    const pages = sb.requests.filter((r) => r.path === "/time/entries").length;
    expect(pages).toBeLessThanOrEqual(8);
    await new Promise((r) => setTimeout(r, 700));
    expect(sb.requests.filter((r) => r.path === "/time/entries").length).toBe(pages);
    expect(sb.store.table("/time/entries").list().length).toBeGreaterThan(1000);
  });

  it("counts through /count", async () => {
    const open = sb.store.table("/service/tickets").list().filter((t) => t.closedFlag === false).length;
    const res = await call("cw_count", { path: "/service/tickets", conditions: "closedFlag = false" });
    expect(res.data).toEqual({ path: "/service/tickets", count: open });
    expect(res.text).toBe(`${open} tickets where closedFlag = false.`);
    expect(sb.requests).toEqual([{ method: "GET", path: "/service/tickets/count", query: { conditions: "closedFlag = false" }, status: 200 }]);
  });
});

describe("faults", () => {
  const setFaults = (faults: unknown) => fetch(`${sb.url}/__sandbox/faults`, { method: "PUT", body: JSON.stringify(faults) });

  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    await setFaults({ script: [{ status: 429, retryAfter: 1 }] });
    const t0 = Date.now();
    const res = await call("cw_count", { path: "/service/boards" });
    expect(res.isError).toBeFalsy();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(sb.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("retries a 503 on a read", async () => {
    await setFaults({ script: [{ status: 503 }, { status: 502 }] });
    const res = await call("cw_api_call", { method: "GET", path: "/service/boards" });
    expect(res.isError).toBeFalsy();
    expect(sb.requests.map((r) => r.status)).toEqual([503, 502, 200]);
  });

  it("never sends a POST twice, even when it fails with a retryable status", async () => {
    await setFaults({ script: [{ method: "POST", status: 503 }] });
    const company = sb.store.table("/company/companies").list()[0]!;
    const res = await call("cw_api_call", { method: "POST", path: "/service/tickets", body: { summary: "Once only", company: { id: company.id } }, confirm: true });
    expect(res.isError).toBe(true);
    expect(res.text).toContain("(HTTP 503");
    expect(writes()).toEqual([{ method: "POST", path: "/service/tickets", query: {}, status: 503 }]);
  });

  it("gives up on a request that takes longer than CW_TIMEOUT_MS, with a clear error", async () => {
    const slow = await startServer([], { ...envFor(sb), CW_TIMEOUT_MS: "1000" });
    try {
      await setFaults({ script: [{ delayMs: 3000 }] });
      const res = await slow.client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain("ConnectWise did not answer within 1000 ms.");
      expect(textOf(res)).toContain("raise CW_TIMEOUT_MS");
      // Let the slow answer land, so it is not counted in a later test's request log.
      for (let i = 0; i < 100 && !sb.requests.some((r) => r.path === "/service/boards/count"); i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await slow.close();
    }
  });

  it("reports a malformed JSON answer plainly", async () => {
    await setFaults({ script: [{ malformed: true }] });
    const res = await call("cw_api_call", { method: "GET", path: "/service/boards" });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/ConnectWise answered with something that is not valid JSON \(\d+ bytes/);
  });
});

describe("safety switches", () => {
  it("refuses every write in read-only mode, sending nothing", async () => {
    const ro = await startServer([], { ...envFor(sb), CW_READ_ONLY: "true" });
    try {
      await ro.waitForStderr(/read-only/);
      for (const tool of ["cw_api_call", "cw_raw_request"]) {
        const res = await ro.client.callTool({ name: tool, arguments: { method: "PATCH", path: `/service/tickets/${anyTicket().id}`, body: [{ op: "replace", path: "summary", value: "x" }], confirm: true } });
        expect(res.isError).toBe(true);
        expect(textOf(res)).toContain("This server is read-only (CW_READ_ONLY is set)");
      }
      expect(sb.requests).toEqual([]);
    } finally {
      await ro.close();
    }
  });

  it("refuses raw writes when CW_RAW_WRITES_ENABLED is false, but still reads", async () => {
    const noRaw = await startServer([], { ...envFor(sb), CW_RAW_WRITES_ENABLED: "no" });
    try {
      const write = await noRaw.client.callTool({ name: "cw_raw_request", arguments: { method: "POST", path: "/service/tickets", body: {}, confirm: true } });
      expect(textOf(write)).toContain("Raw writes are disabled (CW_RAW_WRITES_ENABLED is false)");
      const read = await noRaw.client.callTool({ name: "cw_raw_request", arguments: { method: "GET", path: "/service/boards" } });
      expect(read.isError).toBeFalsy();
      expect(writes()).toEqual([]);
    } finally {
      await noRaw.close();
    }
  });

  it("names exactly the missing variables when ConnectWise is not fully configured", async () => {
    const partial = await startServer([], { CW_API_URL: sb.apiUrl, CW_COMPANY_ID: "acmemsp" });
    try {
      const res = await partial.client.callTool({ name: "cw_count", arguments: { path: "/service/tickets" } });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/ConnectWise is not configured: CW_PUBLIC_KEY, CW_PRIVATE_KEY, CW_CLIENT_ID are not set\. Set them in the MCP client's "env" block, or in .+\/\.config\/connectwise-psa\/\.env \(chmod 600\)\./);
      const tools = await partial.client.listTools();
      expect(tools.tools.length).toBe(26);
    } finally {
      await partial.close();
    }
  });

  it("reads ~/.config/connectwise-psa/.env only when only its owner can read it; the environment wins over it", async () => {
    const home = mkdtempSync(join(tmpdir(), "cw-env-home-"));
    mkdirSync(join(home, ".config", "connectwise-psa"), { recursive: true });
    const file = join(home, ".config", "connectwise-psa", ".env");
    const lines = Object.entries({ ...envFor(sb), CW_CLIENT_ID: "wrong-client-id" }).map(([k, v]) => `${k}=${v}`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    chmodSync(file, 0o644);
    const open = await startServer([], { HOME: home });
    try {
      const res = await open.client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } });
      expect(res.isError).toBe(true);
      expect(textOf(res)).toContain(`Refusing to read ${file}: it is readable by group or others (mode 644)`);
      expect(textOf(res)).toContain(`chmod 600 ${file}`);
    } finally {
      await open.close();
    }
    chmodSync(file, 0o600);
    const closed = await startServer([], { HOME: home, CW_CLIENT_ID: SECRETS.clientId });
    try {
      const res = await closed.client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } });
      expect(res.isError).toBeFalsy();
      expect(sb.requests.at(-1)).toMatchObject({ path: "/service/boards/count", status: 200 });
    } finally {
      await closed.close();
    }
  });

  it("keeps credentials out of every output, errors included", async () => {
    const wrong = await startServer([], { ...envFor(sb), CW_PRIVATE_KEY: `${SECRETS.privateKey}x` });
    try {
      const denied = await wrong.client.callTool({ name: "cw_api_call", arguments: { method: "GET", path: "/service/boards" } });
      expect(textOf(denied)).toContain("(HTTP 401 Unauthorized)");
      outputs.push(JSON.stringify(denied), wrong.stderr());
    } finally {
      await wrong.close();
    }
    outputs.push(server.stderr());
    const all = outputs.join("\n");
    expect(outputs.length).toBeGreaterThan(30);
    for (const secret of [SECRETS.privateKey, SECRETS.publicKey, SECRETS.clientId, TOKEN]) expect(all).not.toContain(secret);
  });
});
