/**
 * Saved queries end to end: the built server over stdio, its own CW_DATA_DIR, the in-process sandbox as
 * ConnectWise. The sandbox's request log proves what was (and was not) sent.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/server.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";
import { afterNotice } from "../helpers/notice.js";

const SECRETS = { company: "acmemsp", publicKey: "pub-5b9f7d2e", privateKey: "priv-0a4c3d8e2f6b", clientId: "cid-8e3a02c1d5" };
const TOKEN = Buffer.from(`${SECRETS.company}+${SECRETS.publicKey}:${SECRETS.privateKey}`).toString("base64");

let sb: Sandbox;
let base: string;
let dataDir: string;
let server: RunningServer;
const outputs: string[] = [];

beforeAll(async () => {
  sb = await sandbox({ credentials: SECRETS });
  base = mkdtempSync(join(tmpdir(), "cw-queries-e2e-"));
  dataDir = join(base, "nested", "data");
  server = await startServer([], { ...envFor(sb), CW_DATA_DIR: dataDir });
});
afterAll(async () => {
  await server?.close();
  await sb?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});
beforeEach(() => {
  sb.requests.length = 0;
});

async function callOn(on: RunningServer, name: string, args: Record<string, unknown>) {
  const result = await on.client.callTool({ name, arguments: args });
  outputs.push(JSON.stringify(result));
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
}
const call = (name: string, args: Record<string, unknown>) => callOn(server, name, args);

const writes = () => sb.requests.filter((r) => r.method !== "GET");
const anyTicket = () => sb.store.table("/service/tickets").list().find((t) => t.closedFlag === false)!;
const mode = (path: string) => statSync(path).mode & 0o777;
const listed = async (keyword?: string) => (await call("cw_list_queries", keyword ? { keyword } : {})).data.queries as Record<string, any>[];

const OPEN_TICKETS = {
  name: "Open tickets",
  method: "GET",
  path: "/service/tickets",
  params: { conditions: "closedFlag = false", orderBy: "id desc", pageSize: 5, fields: "id,summary" },
  description: "Newest open tickets",
};

describe("saved queries", () => {
  it("leave the data directory alone until one is used", async () => {
    const tools = (await server.client.listTools()).tools;
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["cw_save_query", "cw_list_queries", "cw_delete_query", "cw_clear_queries"]));
    const save = tools.find((t) => t.name === "cw_save_query")!;
    // Values equal to MCP's defaults (readOnlyHint false) are left out of tools/list; destructiveHint stays explicit.
    expect(save.annotations).toEqual({ destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(tools.find((t) => t.name === "cw_clear_queries")!.annotations).toEqual({ destructiveHint: true, idempotentHint: true, openWorldHint: false });
    expect(tools.find((t) => t.name === "cw_list_queries")!.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    await call("cw_api_call", { method: "GET", path: "/service/boards" });
    expect(existsSync(dataDir)).toBe(false);
  });

  it("are saved, listed and run through cw_api_call {query}, counting each run", async () => {
    const saved = await call("cw_save_query", OPEN_TICKETS);
    expect(saved.isError, saved.text).toBe(false);
    expect(saved.text).toBe(
      `Saved "Open tickets": GET /service/tickets ${JSON.stringify(OPEN_TICKETS.params)}.\nRun it with cw_api_call {query: "Open tickets"}.`,
    );
    expect(saved.data).toMatchObject({ replaced: false, open_path_params: [], saved: { name: "Open tickets", use_count: 0, params: OPEN_TICKETS.params } });
    await call("cw_save_query", { name: "boards", method: "GET", path: "/service/boards" });

    const before = await listed();
    expect(before.map((q) => [q.name, q.use_count])).toEqual([
      ["boards", 0],
      ["Open tickets", 0],
    ]);
    expect(before[1]).toEqual({ ...OPEN_TICKETS, use_count: 0, created: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) });
    expect(before[1]!.last_used).toBeUndefined();

    const run = await call("cw_api_call", { query: "open TICKETS" });
    expect(run.isError, run.text).toBe(false);
    expect(afterNotice(run.text)).toMatch(/^Saved query "Open tickets" \(GET \/service\/tickets\), run once:\n5 tickets:\n- #\d+ /);
    expect(run.data).toMatchObject({ saved_query: "Open tickets", use_count: 1, method: "GET", path: "/service/tickets", status: 200, count: 5 });
    expect(sb.requests).toEqual([
      { method: "GET", path: "/service/tickets", query: { conditions: "closedFlag = false", orderby: "id desc", pagesize: "5", fields: "id,summary" }, status: 200 },
    ]);
    const again = await call("cw_api_call", { query: "Open tickets" });
    expect(again.data.use_count).toBe(2);

    const after = await listed();
    expect(after.map((q) => [q.name, q.use_count])).toEqual([
      ["Open tickets", 2],
      ["boards", 0],
    ]);
    expect(Date.parse(after[0]!.last_used)).toBeGreaterThan(Date.parse(after[0]!.created) - 1);
    expect(after[0]!.last_used >= before[1]!.created).toBe(true);
    const text = (await call("cw_list_queries", {})).text;
    expect(text).toContain("2 saved queries, most used first:\n- Open tickets: GET /service/tickets");
    expect(text).toContain("— run 2 times, last 20");
    expect(text).toContain("- boards: GET /service/boards — never run");
  });

  it("find by keyword", async () => {
    expect((await listed("BOARDS")).map((q) => q.name)).toEqual(["boards"]);
    expect((await listed("newest open")).map((q) => q.name)).toEqual(["Open tickets"]);
    const none = await call("cw_list_queries", { keyword: "invoices" });
    expect(none.data.queries).toEqual([]);
    expect(none.text).toBe('No saved query matches "invoices" (2 saved; cw_list_queries without a keyword lists them).');
  });

  it("take the call's params over the saved ones key by key, and an empty value drops one", async () => {
    const res = await call("cw_api_call", { query: "Open tickets", params: { pageSize: 2, Conditions: "closedFlag = true", fields: "" } });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.count).toBe(2);
    expect(sb.requests).toEqual([{ method: "GET", path: "/service/tickets", query: { conditions: "closedFlag = true", orderby: "id desc", pagesize: "2" }, status: 200 }]);
    expect((await listed("newest"))[0]!.params).toEqual(OPEN_TICKETS.params);
  });

  it("keep writes behind preview and confirm, and count only a write that was sent", async () => {
    const t = anyTicket();
    const body = [{ op: "replace", path: "summary", value: "Renamed by a saved query" }];
    const saved = await call("cw_save_query", { name: "rename ticket", method: "PATCH", path: "/service/tickets/{id}", body, description: "demo rename" });
    expect(saved.isError, saved.text).toBe(false);
    expect(saved.data.open_path_params).toEqual(["id"]);
    expect(saved.text).toContain('Run it with cw_api_call {query: "rename ticket", params: {id: …}}; as a write it is previewed until you add confirm: true.');

    const missingId = await call("cw_api_call", { query: "rename ticket" });
    expect(missingId.isError).toBe(true);
    expect(missingId.text).toContain('The path parameter "id" of PATCH /service/tickets/{id} is missing.');

    const preview = await call("cw_api_call", { query: "rename ticket", params: { id: t.id } });
    expect(preview.isError, preview.text).toBe(false);
    expect(afterNotice(preview.text)).toMatch(/^Saved query "rename ticket" \(PATCH \/service\/tickets\/\{id\}\):\nPreview only — PATCH /);
    expect(preview.data).toMatchObject({ saved_query: "rename ticket", preview: true, changes: [{ field: "summary", before: t.summary, after: "Renamed by a saved query" }] });
    expect(preview.data.use_count).toBeUndefined();
    expect(writes()).toEqual([]);
    expect((await listed("demo rename"))[0]!.use_count).toBe(0);

    const done = await call("cw_api_call", { query: "rename ticket", params: { id: t.id }, confirm: true });
    expect(done.isError, done.text).toBe(false);
    expect(done.data).toMatchObject({ saved_query: "rename ticket", use_count: 1, status: 200, data: { id: t.id, summary: "Renamed by a saved query" } });
    expect(writes()).toEqual([{ method: "PATCH", path: `/service/tickets/${t.id}`, query: {}, status: 200 }]);
    expect(sb.store.table("/service/tickets").get(t.id)!.summary).toBe("Renamed by a saved query");
    expect((await listed("demo rename"))[0]).toMatchObject({ use_count: 1, last_used: expect.any(String), body });
  });

  it("refuse to save what cw_api_call would refuse, naming the field and the fix, and save nothing", async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ method: "GET", path: "/service/tikets" }, ["Not saved: No ConnectWise endpoint has the path /service/tikets.", "Closest paths: /service/tickets"]],
      [{ method: "DELETE", path: "/service/tickets" }, ["Not saved: /service/tickets has no DELETE.", "It supports GET, POST."]],
      [{ method: "GET", path: "/service/tickets", params: { condition: "id = 1" } }, ["Not saved: The query parameters do not fit GET /service/tickets.", '  - condition: not a query parameter of GET /service/tickets. Did you mean "conditions"?']],
      [{ method: "GET", path: "/service/tickets", params: { pageSize: "lots" } }, ["  - pageSize:"]],
      [
        { method: "POST", path: "/service/tickets", body: { sumary: "x" } },
        ["Not saved: The body does not fit POST /service/tickets.", '  - sumary: not a field of Ticket. Did you mean "summary"?', "  - summary: is required.", "cw_endpoint_details shows every field"],
      ],
      [{ method: "PATCH", path: "/service/tickets/{id}" }, ["needs a body (an array of PatchOperation)"]],
      [{ method: "GET", path: "//evil.example/service/tickets" }, ["Not saved: Refused the path"]],
    ];
    for (const [args, expected] of cases) {
      const res = await call("cw_save_query", { name: "broken", ...args });
      expect(res.isError, JSON.stringify(args)).toBe(true);
      for (const line of expected) expect(res.text, JSON.stringify(args)).toContain(line);
    }
    const badName = await call("cw_save_query", { name: "tickets/open", method: "GET", path: "/service/tickets" });
    expect(badName.text).toContain('The name "tickets/open" has characters a name cannot have: "/".');
    expect((await listed()).map((q) => q.name)).not.toContain("broken");
    expect(sb.requests).toEqual([]);
  });

  it("refuse a name already saved (in any case) unless replace is true", async () => {
    const dup = await call("cw_save_query", { name: "BOARDS", method: "GET", path: "/service/boards", params: { pageSize: 10 } });
    expect(dup.isError).toBe(true);
    expect(dup.text).toBe('A saved query named "boards" already exists: GET /service/boards (used 0 times).\nTo overwrite it, save again with replace: true; otherwise choose another name.');
    const replaced = await call("cw_save_query", { name: "Boards", method: "GET", path: "/service/boards", params: { pageSize: 10 }, replace: true });
    expect(replaced.isError, replaced.text).toBe(false);
    expect(replaced.text).toMatch(/^Replaced "Boards": GET \/service\/boards \{"pageSize":10\} \(use count kept: 0\)\./);
    expect((await listed("boards")).map((q) => [q.name, q.params])).toEqual([["Boards", { pageSize: 10 }]]);
  });

  it("answer an unknown name with the closest saved ones, sending nothing", async () => {
    const run = await call("cw_api_call", { query: "opne tickets" });
    expect(run.isError).toBe(true);
    expect(run.text).toMatch(/^There is no saved query named "opne tickets"\.\nClosest: "Open tickets", /);
    const del = await call("cw_delete_query", { name: "bords" });
    expect(del.isError).toBe(true);
    expect(del.text).toMatch(/^There is no saved query named "bords"\.\nClosest: "Boards"/);
    expect(sb.requests).toEqual([]);
  });

  it("need method and path when no query is given, and keep a saved query's own method and path", async () => {
    const none = await call("cw_api_call", {});
    expect(none.isError).toBe(true);
    expect(none.text).toContain("cw_api_call needs method and path, or query: the name of a saved query.");
    expect((await call("cw_api_call", { method: "GET" })).text).toContain("cw_api_call needs path, or query");
    const other = await call("cw_api_call", { query: "Open tickets", method: "DELETE" });
    expect(other.text).toContain('The saved query "Open tickets" is GET /service/tickets; it cannot run as DELETE /service/tickets.');
    const same = await call("cw_api_call", { query: "Open tickets", method: "GET", path: "/service/tickets/" });
    expect(same.isError, same.text).toBe(false);
    expect(sb.requests).toHaveLength(1);
  });

  it("are deleted one at a time, the answer showing what was deleted", async () => {
    const del = await call("cw_delete_query", { name: "boards" });
    expect(del.isError, del.text).toBe(false);
    expect(del.text).toBe('Deleted "Boards": GET /service/boards {"pageSize":10} (it had run 0 times).');
    expect(del.data.deleted).toMatchObject({ name: "Boards", method: "GET", path: "/service/boards" });
    expect((await listed()).map((q) => q.name)).toEqual(["Open tickets", "rename ticket"]);
  });

  it("live in a private file: directory 0700, database and its WAL 0600", () => {
    const file = join(dataDir, "fast-memory.db");
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(mode(`${file}-wal`)).toBe(0o600);
  });

  it("are shared with a second server on the same data directory and survive a restart", async () => {
    const second = await startServer([], { ...envFor(sb), CW_DATA_DIR: dataDir });
    try {
      const run = await callOn(second, "cw_api_call", { query: "Open tickets" });
      // 2 runs, 1 with overrides, 1 with its own method and path given, and this one.
      expect(run.data.use_count).toBe(5);
    } finally {
      await second.close();
    }
    await server.close();
    server = await startServer([], { ...envFor(sb), CW_DATA_DIR: dataDir });
    const queries = await listed();
    expect(queries.map((q) => [q.name, q.use_count])).toEqual([
      ["Open tickets", 5],
      ["rename ticket", 1],
    ]);
    expect(queries[0]).toMatchObject({ params: OPEN_TICKETS.params, description: OPEN_TICKETS.description });
  });

  it("are cleared only when confirmed: a preview first says how many and which", async () => {
    const preview = await call("cw_clear_queries", {});
    expect(preview.isError, preview.text).toBe(false);
    expect(preview.data).toEqual({ preview: true, count: 2, names: ["Open tickets", "rename ticket"] });
    expect(preview.text).toBe('Preview only — this would delete 2 saved queries: "Open tickets", "rename ticket".\nNothing was deleted. To delete them, call again with confirm: true.');
    expect(await listed()).toHaveLength(2);
    const done = await call("cw_clear_queries", { confirm: true });
    expect(done.data).toEqual({ preview: false, count: 2, names: ["Open tickets", "rename ticket"] });
    expect(done.text).toBe('Deleted 2 saved queries: "Open tickets", "rename ticket".');
    expect(await listed()).toEqual([]);
    expect((await call("cw_list_queries", {})).text).toBe("No queries are saved yet. cw_save_query saves a cw_api_call under a name.");
    expect((await call("cw_api_call", { query: "Open tickets" })).text).toContain("No queries are saved yet; cw_save_query saves one.");
  });

  it("say how to fix an unusable CW_DATA_DIR, while calls without a saved query still work", async () => {
    const blocker = join(base, "a-file");
    writeFileSync(blocker, "x");
    const broken = await startServer([], { ...envFor(sb), CW_DATA_DIR: join(blocker, "data") });
    try {
      const list = await callOn(broken, "cw_list_queries", {});
      expect(list.isError).toBe(true);
      expect(list.text).toContain(`Cannot create the data directory ${join(blocker, "data")}`);
      expect(list.text).toContain("Set CW_DATA_DIR to a directory this user can write");
      const run = await callOn(broken, "cw_api_call", { query: "anything" });
      expect(run.text).toContain("Set CW_DATA_DIR");
      const plain = await callOn(broken, "cw_api_call", { method: "GET", path: "/service/boards" });
      expect(plain.isError, plain.text).toBe(false);
    } finally {
      await broken.close();
    }
  });

  it("keep credentials out of every output", () => {
    const all = [...outputs, server.stderr()].join("\n");
    expect(outputs.length).toBeGreaterThan(40);
    for (const secret of [SECRETS.privateKey, SECRETS.publicKey, SECRETS.clientId, TOKEN]) expect(all).not.toContain(secret);
  });
});
