/**
 * Session limits of the HTTP transport, in-process (serveHttp over one Runtime): a cap on open sessions,
 * idle sessions closed, and one Runtime shared by all of them.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalogue } from "../../src/catalogue/catalogue.js";
import { loadConfig } from "../../src/config.js";
import { cataloguePath } from "../../src/paths.js";
import { connectionFromConfig, Runtime } from "../../src/runtime.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { serveHttp, type HttpHandle } from "../../src/transports/http.js";
import { envFor } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";
import { removeDir, scratchDir } from "../helpers/tmp.js";

let sb: Sandbox;
let runtime: Runtime;
let http: HttpHandle;
let home: string;
/** Requests to the MCP endpoint, as the server reports them (what the search warm-up waits on). */
let mcpRequests = 0;

beforeAll(async () => {
  sb = await sandbox();
  home = scratchDir("http-sessions");
  const config = loadConfig({ home, env: { ...envFor(sb), CW_DATA_DIR: home } });
  runtime = new Runtime(config, new Catalogue(cataloguePath()), async () => connectionFromConfig(config));
  http = await serveHttp({ port: 0, runtime, maxSessions: 2, idleMs: 1_500, onRequest: () => void mcpRequests++ });
});
afterAll(async () => {
  await http?.close();
  runtime?.close();
  runtime?.catalogue.close();
  await sb?.close();
  removeDir(home);
});

async function open(): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(http.url));
  const client = new Client({ name: "sessions", version: "1" });
  await client.connect(transport);
  return { client, transport };
}

describe("HTTP sessions", () => {
  it("reports every request to the MCP endpoint, and none to others", async () => {
    // No session is open yet, so nothing else can be talking to the server.
    const base = http.url.replace(/\/mcp$/, "");
    const before = mcpRequests;
    await (await fetch(`${base}/healthz`)).text();
    await (await fetch(`${base}/elsewhere`)).text();
    expect(mcpRequests).toBe(before);
    const { client, transport } = await open();
    expect(mcpRequests).toBeGreaterThan(before);
    const beforePing = mcpRequests;
    await client.ping();
    expect(mcpRequests).toBeGreaterThan(beforePing);
    await transport.terminateSession();
    await client.close();
  });

  it("refuses a session over the cap with 503, and closes idle ones (then 404)", async () => {
    const a = await open();
    const b = await open();
    expect(http.sessions()).toBe(2);
    await expect(open()).rejects.toThrow(/503|Too many sessions/);

    // Both share the runtime: one ConnectWise client, so one look-up cache, whichever session asks.
    expect((await a.client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } })).isError).toBeFalsy();
    const client = await runtime.http();
    expect(await runtime.http()).toBe(client);

    const idleId = b.transport.sessionId!;
    // a stays busy, b goes idle.
    for (let i = 0; i < 6; i++) {
      await a.client.ping();
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(http.sessions()).toBe(1);
    const gone = await fetch(http.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", "Mcp-Session-Id": idleId, "Mcp-Protocol-Version": "2025-06-18" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }),
    });
    expect(gone.status).toBe(404);
    // The freed place can be taken again.
    const c = await open();
    expect(http.sessions()).toBe(2);
    await Promise.all([a.client.close(), c.client.close(), b.client.close().catch(() => undefined)]);
  });
});
