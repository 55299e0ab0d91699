/**
 * Streamable HTTP end to end: the built CLI started with --http, the SDK's StreamableHTTPClientTransport as
 * the client, an in-process sandbox as ConnectWise. Auth, origin and host checks, sessions and their end,
 * and the refusal to start where it would be unsafe.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { tableKey } from "../../src/sandbox/references.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { envFor, textOf } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";
import { removeDir, scratchDir } from "../helpers/tmp.js";

const TOKEN = "test-token-0123456789abcdef";
const CLI = join(packageRoot(), "dist", "cli.js");
let sb: Sandbox;
let home: string;
let server: ChildProcess;
let url: string;
let stderr = "";

/** Start the CLI with --http and wait for its banner; resolves with the /mcp URL. */
async function startHttp(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, "--http", "0", ...args], { env: { PATH: process.env.PATH ?? "", HOME: home, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const until = Date.now() + 20_000;
  for (;;) {
    const m = /on (http:\/\/127\.0\.0\.1:\d+\/mcp):/.exec(err);
    if (m) return { child, url: m[1]!, stderr: () => err };
    if (child.exitCode !== null || Date.now() > until) throw new Error(`no banner: ${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  sb = await sandbox();
  home = scratchDir("http-home");
  const started = await startHttp([], { ...envFor(sb), MCP_HTTP_TOKEN: TOKEN, MCP_HTTP_ALLOWED_ORIGINS: "https://portal.example.com", CW_DATA_DIR: join(home, "data") });
  server = started.child;
  url = started.url;
  server.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
});
afterAll(async () => {
  server?.kill("SIGTERM");
  await sb?.close();
  removeDir(home);
});

async function connect(token: string | null = TOKEN, headers: Record<string, string> = {}): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } } });
  const client = new Client({ name: "http-e2e", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport };
}

const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };

async function post(headers: Record<string, string>, body: unknown = INITIALIZE): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers }, body: JSON.stringify(body) });
}

describe("--http with MCP_HTTP_TOKEN", () => {
  it("serves the tools to a client with the token, and calls ConnectWise for it", async () => {
    const { client, transport } = await connect();
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["cw_count", "cw_api_call", "cw_operation"]));
    sb.requests.length = 0;
    const res = await client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect(res.structuredContent).toEqual({ path: "/service/boards", count: sb.store.table(tableKey("/service/boards")).list().length });
    expect(sb.requests).toEqual([expect.objectContaining({ method: "GET", path: "/service/boards/count", status: 200 })]);
    expect((await client.listPrompts()).prompts).toHaveLength(4);
    await client.close();
  });

  it("answers 401 with WWW-Authenticate without a token or with a wrong one", async () => {
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="connectwise-psa-mcp"');
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/send Authorization: Bearer/);

    for (const header of [`Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}extra`, `Basic ${TOKEN}`, TOKEN]) {
      const wrong = await post({ Authorization: header });
      expect(wrong.status, header).toBe(401);
      expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="connectwise-psa-mcp", error="invalid_token"');
    }
    await expect(connect(null)).rejects.toThrow();
    await expect(connect("not-the-token-at-all-0000")).rejects.toThrow();
    // The token never shows up in what the server says.
    expect(stderr).not.toContain(TOKEN);
  });

  it("refuses browser origins other than localhost and the configured ones (403)", async () => {
    const evil = await post({ Authorization: `Bearer ${TOKEN}`, Origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { message: string } }).error.message).toMatch(/Origin https:\/\/evil\.example is not allowed/);
    // Checked before the token: a page elsewhere learns nothing about it.
    expect((await post({ Origin: "http://attacker.test" })).status).toBe(403);
    for (const origin of ["http://localhost:6274", "http://127.0.0.1:3000", "https://portal.example.com"]) {
      const ok = await post({ Authorization: `Bearer ${TOKEN}`, Origin: origin });
      expect(ok.status, origin).toBe(200);
      await fetch(url, { method: "DELETE", headers: { Authorization: `Bearer ${TOKEN}`, "Mcp-Session-Id": ok.headers.get("mcp-session-id")!, "Mcp-Protocol-Version": "2025-06-18" } });
    }
  });

  it("refuses a Host that is not this machine when bound to loopback (DNS rebinding)", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const u = new URL(url);
      const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { Host: `rebound.example:${u.port}`, Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(JSON.stringify(INITIALIZE));
    });
    expect(status).toBe(403);
  });

  it("keeps sessions apart: each has its own id, log level and batch tokens, and ending one leaves the other", async () => {
    const a = await connect();
    const b = await connect();
    expect(a.transport.sessionId).not.toBe(b.transport.sessionId);

    // A batch token issued in one session means nothing in another.
    const ticket = sb.store.table(tableKey("/service/tickets")).list()[0]!;
    const operations = [{ method: "POST", path: "/service/tickets/{parentId}/notes", params: { parentId: ticket.id }, body: { text: "Per-session token", internalAnalysisFlag: true } }];
    const preview = await a.client.callTool({ name: "cw_batch_update", arguments: { operations } });
    const token = (preview.structuredContent as { preview_token: string }).preview_token;
    const elsewhere = await b.client.callTool({ name: "cw_batch_update", arguments: { operations, confirm: true, preview_token: token } });
    expect(elsewhere.isError).toBe(true);

    // Logging goes to the session whose call it is, at that session's level.
    const logsA: string[] = [];
    const logsB: string[] = [];
    a.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logsA.push(String(n.params.data)));
    b.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logsB.push(String(n.params.data)));
    await b.client.setLoggingLevel("error");
    sb.faults.update({ script: [{ status: 429, retryAfter: 1 }] });
    expect((await a.client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } })).isError).toBeFalsy();
    sb.faults.update({ script: [{ status: 429, retryAfter: 1 }] });
    expect((await b.client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } })).isError).toBeFalsy();
    sb.faults.reset();
    expect(logsA).toEqual([expect.stringMatching(/^ConnectWise is throttling requests \(HTTP 429\)/)]);
    expect(logsB).toEqual([]);

    // DELETE ends a session: its id is then unknown (404), and the other session carries on.
    const ended = a.transport.sessionId!;
    await a.transport.terminateSession();
    const after = await post({ Authorization: `Bearer ${TOKEN}`, "Mcp-Session-Id": ended, "Mcp-Protocol-Version": "2025-06-18" }, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(after.status).toBe(404);
    expect((await b.client.listTools()).tools.length).toBeGreaterThan(20);
    await a.client.close();
    await b.client.close();
  });

  it("asks a client that declares elicitation to confirm a write, on the call's own stream", async () => {
    const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    const client = new Client({ name: "http-elicit", version: "1.0.0" }, { capabilities: { elicitation: {} } });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { confirm: true } };
    });
    await client.connect(transport);
    const ticket = sb.store.table(tableKey("/service/tickets")).list()[1]!;
    sb.requests.length = 0;
    const res = await client.callTool({ name: "cw_operation", arguments: { name: "add_ticket_note", params: { ticket_id: ticket.id, text: "Confirmed over HTTP" } } });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect(asked).toEqual([expect.stringMatching(/^Send this write to ConnectWise\?\nPreview only — POST /)]);
    expect(sb.requests.filter((r) => r.method === "POST")).toEqual([expect.objectContaining({ path: `/service/tickets/${ticket.id}/notes`, status: 201 })]);
    await client.close();
  });

  it("answers 400 to a request without a session that is not initialize, 404 elsewhere, and /healthz without auth", async () => {
    const noSession = await post({ Authorization: `Bearer ${TOKEN}` }, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(noSession.status).toBe(400);
    const unknown = await post({ Authorization: `Bearer ${TOKEN}`, "Mcp-Session-Id": "00000000-0000-0000-0000-000000000000" }, { jsonrpc: "2.0", id: 2, method: "tools/list" });
    expect(unknown.status).toBe(404);
    expect((await fetch(new URL("/other", url))).status).toBe(404);
    const health = await fetch(new URL("/healthz", url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
  });
});

describe("--http start-up", () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", HOME: home, ...env }, encoding: "utf8", timeout: 20_000 });

  it("refuses a non-loopback address without MCP_HTTP_TOKEN, and a token too short to be one", () => {
    const open = run(["--http", "0", "--host", "0.0.0.0"]);
    expect(open.status).toBe(1);
    expect(open.stderr).toMatch(/Refusing to serve MCP on 0\.0\.0\.0 without MCP_HTTP_TOKEN/);
    const short = run(["--http", "0"], { MCP_HTTP_TOKEN: "short" });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/MCP_HTTP_TOKEN is 5 characters; use at least 16/);
    const bad = run(["--http", "http"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--http must be a port/);
    expect(run(["--host", "127.0.0.1"]).stderr).toMatch(/--host is for --http/);
  });

  it("serves loopback without a token, saying so", async () => {
    const open = await startHttp([], envFor(sb));
    try {
      expect(open.stderr()).toMatch(/no MCP_HTTP_TOKEN: anyone on this machine can connect/);
      const transport = new StreamableHTTPClientTransport(new URL(open.url));
      const client = new Client({ name: "open", version: "1" });
      await client.connect(transport);
      expect((await client.listTools()).tools.length).toBeGreaterThan(20);
      await client.close();
    } finally {
      open.child.kill("SIGTERM");
    }
  });
});
