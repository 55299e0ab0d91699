/**
 * stdout carries JSON-RPC and nothing else. The built server is spawned with plain pipes and spoken to by hand
 * (no SDK client in between to forgive a stray line): initialize, logging at debug, tools/list, then every listed
 * tool on its main path against an in-process sandbox — writes previewed and one confirmed, a web report through
 * Chromium, a paginated fetch with a progress token, a retried request so log notifications flow — plus prompts,
 * resources and a resource read. Every byte the server wrote to stdout is kept and must split into newline-ended
 * lines, each one JSON-RPC 2.0 object: a response (id with result or error) or a request/notification (method).
 * stderr (and stdout) must not hold the credentials.
 *
 * The arguments come from RECIPES, one per tool name; a tool tools/list lists without a recipe (or a recipe for a
 * tool no longer listed) fails the test, so a new tool has to be added here. Structure is asserted, not texts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LATEST_PROTOCOL_VERSION } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { utcMidnight } from "../../src/sandbox/server.js";
import { envFor } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";

/** Credentials distinct enough to be found if they ever leak. */
const SECRETS = { company: "puritymsp", publicKey: "pub-3c7e91d0", privateKey: "priv-9d2b6f0a4e7c", clientId: "cid-51f0e8a2c3" };
const WEB_PASSWORD = "sandbox-password";
const WEB = { CW_WEB_USERNAME: "sandbox-admin", CW_WEB_PASSWORD: WEB_PASSWORD, CW_TIMEZONE: "UTC" };
const SLOW = 180_000;

// ---- the checker ------------------------------------------------------------------------------------------

const FRAME_KEYS = new Set(["jsonrpc", "id", "method", "params", "result", "error"]);

/** Problems with a stdout capture as a stream of newline-delimited JSON-RPC frames; [] when it is one. */
function frameProblems(raw: Buffer): string[] {
  const problems: string[] = [];
  const text = raw.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(raw)) problems.push("stdout is not valid UTF-8");
  if (text.length > 0 && !text.endsWith("\n")) problems.push(`stdout ends in a partial frame: ${JSON.stringify(text.slice(text.lastIndexOf("\n") + 1).slice(0, 120))}`);
  const lines = text.split("\n");
  lines.pop(); // after the last newline: "" (or the partial frame reported above)
  lines.forEach((line, i) => {
    const where = `line ${i + 1} ${JSON.stringify(line.slice(0, 120))}`;
    if (line.trim() === "") return void problems.push(`${where}: blank`);
    if (line.includes("\r")) problems.push(`${where}: carriage return`);
    let frame: unknown;
    try {
      frame = JSON.parse(line);
    } catch {
      return void problems.push(`${where}: not JSON`);
    }
    if (typeof frame !== "object" || frame === null || Array.isArray(frame)) return void problems.push(`${where}: not a JSON object`);
    const f = frame as Record<string, unknown>;
    if (f.jsonrpc !== "2.0") problems.push(`${where}: jsonrpc is not "2.0"`);
    const extra = Object.keys(f).filter((k) => !FRAME_KEYS.has(k));
    if (extra.length > 0) problems.push(`${where}: unexpected keys ${extra.join(", ")}`);
    const hasId = "id" in f && (typeof f.id === "number" || typeof f.id === "string");
    if (typeof f.method === "string") {
      if ("result" in f || "error" in f) problems.push(`${where}: a request or notification with a result or error`);
      if ("id" in f && !hasId) problems.push(`${where}: a request whose id is not a number or string`);
    } else if (hasId) {
      if (("result" in f) === ("error" in f)) problems.push(`${where}: a response needs exactly one of result and error`);
      if ("error" in f) {
        const e = f.error as { code?: unknown; message?: unknown } | null;
        if (typeof e?.code !== "number" || typeof e.message !== "string") problems.push(`${where}: an error without a numeric code and a message`);
      }
    } else {
      problems.push(`${where}: neither a response (id + result/error) nor a request/notification (method)`);
    }
  });
  return problems;
}

describe("the frame checker", () => {
  const good = [
    { jsonrpc: "2.0", id: 1, result: {} },
    { jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "x" } },
    { jsonrpc: "2.0", id: "a", error: { code: -32601, message: "no" } },
    { jsonrpc: "2.0", id: 7, method: "elicitation/create", params: {} },
  ]
    .map((f) => `${JSON.stringify(f)}\n`)
    .join("");

  it("accepts newline-delimited JSON-RPC frames", () => {
    expect(frameProblems(Buffer.from(good))).toEqual([]);
    expect(frameProblems(Buffer.alloc(0))).toEqual([]);
  });

  it.each([
    ["a stray line of text", `${good}connectwise-psa-mcp ready\n`, /not JSON/],
    ["a console.log of an object", `${good}{ a: 1 }\n`, /not JSON/],
    ["a blank line", `${good}\n`, /blank/],
    ["a partial frame at exit", `${good}{"jsonrpc":"2.0","id":9,"res`, /partial frame/],
    ["JSON that is not JSON-RPC", `${good}{"hello":"world"}\n`, /jsonrpc is not|unexpected keys|neither/],
    ["an array", `${good}[1,2]\n`, /not a JSON object/],
    ["a response with both result and error", `${good}{"jsonrpc":"2.0","id":2,"result":{},"error":{"code":1,"message":"x"}}\n`, /exactly one/],
    ["a carriage return", `${good.slice(0, -1)}\r\n`, /carriage return/],
    ["broken UTF-8", Buffer.concat([Buffer.from(good), Buffer.from([0xff, 0x0a])]), /UTF-8/],
  ])("rejects %s", (_name, raw, problem) => {
    const problems = frameProblems(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toMatch(problem);
  });
});

// ---- a hand-made JSON-RPC client over the server's pipes ----------------------------------------------------

interface Frame {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

class RawClient {
  readonly stdout: Buffer[] = [];
  stderr = "";
  readonly notifications: Frame[] = [];
  private pending = new Map<number, (frame: Frame) => void>();
  private next = 1;
  get requests(): number {
    return this.next - 1;
  }
  private partial = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on("data", (chunk: Buffer) => {
      this.stdout.push(chunk);
      this.partial += chunk.toString("utf8");
      const lines = this.partial.split("\n");
      this.partial = lines.pop()!;
      for (const line of lines) this.dispatch(line);
    });
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    this.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  }

  private dispatch(line: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(line) as Frame;
    } catch {
      return; // the checker reports it
    }
    if (frame.method !== undefined && frame.id !== undefined) {
      // A request from the server: this client offers no capabilities, so nothing is supported.
      this.send({ jsonrpc: "2.0", id: frame.id, error: { code: -32601, message: "Method not found" } });
    } else if (frame.method !== undefined) {
      this.notifications.push(frame);
    } else if (typeof frame.id === "number") {
      this.pending.get(frame.id)?.(frame);
      this.pending.delete(frame.id);
    }
  }

  send(frame: Frame): void {
    this.child.stdin.write(`${JSON.stringify(frame)}\n`);
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: "2.0", method, ...(params !== undefined ? { params } : {}) });
  }

  request(method: string, params?: unknown, timeoutMs = SLOW): Promise<Frame> {
    const id = this.next++;
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} (id ${id}) had no answer in ${timeoutMs} ms; stderr:\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.pending.set(id, (frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
      this.send({ jsonrpc: "2.0", id, method, ...(params !== undefined ? { params } : {}) });
    });
  }

  /** A result, or the test fails with the JSON-RPC error. */
  async result(method: string, params?: unknown): Promise<any> {
    const frame = await this.request(method, params);
    if (frame.error) throw new Error(`${method}: JSON-RPC error ${frame.error.code} ${frame.error.message}`);
    return frame.result;
  }
}

// ---- the recipes: valid arguments for every tool, on its main path --------------------------------------------

interface Context {
  sb: Sandbox;
  ticket: { id: number; summary: string };
  member: string;
  agreementId: number;
}

interface Step {
  args: Record<string, unknown>;
  /** Extra request _meta (a progress token). */
  meta?: Record<string, unknown>;
  /** Arrange the sandbox just before (faults). */
  before?: (ctx: Context) => void;
  /** Check the result beyond "not an error". */
  check?: (result: any, client: RawClient) => void;
}

const rename = (summary: string) => [{ op: "replace", path: "summary", value: summary }];

/** Tools run in this order (saving a query before using and deleting it); each tool may take several steps. */
const RECIPES: Record<string, (ctx: Context) => Step[]> = {
  cw_search_endpoints: () => [{ args: { query: "open tickets for a company", limit: 5 } }],
  cw_endpoint_details: () => [{ args: { method: "GET", path: "/service/tickets" } }],
  cw_api_categories: () => [{ args: {} }],
  cw_category_endpoints: () => [{ args: { category: "service", limit: 5 } }],
  cw_save_query: () => [{ args: { name: "purity open tickets", method: "GET", path: "/service/tickets", params: { conditions: "closedFlag = false", pageSize: 3 } } }],
  cw_list_queries: () => [{ args: {} }],
  cw_api_call: ({ ticket }) => [
    // A retried GET: the sandbox answers 503 once, the client retries, and a log notification goes out.
    {
      args: { method: "GET", path: "/service/boards" },
      before: ({ sb }) => sb.faults.update({ script: [{ status: 503 }] }),
      check: (_r, client) => expect(client.notifications.some((n) => n.method === "notifications/message")).toBe(true),
    },
    { args: { query: "purity open tickets" } },
    { args: { method: "PATCH", path: `/service/tickets/${ticket.id}`, body: rename("Purity preview") } },
    { args: { method: "PATCH", path: `/service/tickets/${ticket.id}`, body: rename("Purity confirmed"), confirm: true } },
  ],
  cw_raw_request: ({ ticket }) => [
    { args: { method: "GET", path: "/system/info" } },
    { args: { method: "POST", path: `/service/tickets/${ticket.id}/notes`, body: { text: "Purity preview note", internalAnalysisFlag: true } } },
  ],
  cw_paginated_fetch: () => [
    {
      args: { path: "/company/companies", fields: "id,name", max_items: 200 },
      meta: { progressToken: "purity-progress" },
      check: (_r, client) =>
        expect(client.notifications.some((n) => n.method === "notifications/progress" && n.params?.progressToken === "purity-progress")).toBe(true),
    },
  ],
  cw_count: () => [{ args: { path: "/service/tickets", conditions: "closedFlag = false" } }],
  cw_operation: ({ ticket }) => [
    { args: { name: "list_open_tickets", params: {} } },
    { args: { name: "add_ticket_note", params: { ticket_id: ticket.id, text: "Purity operation preview" } } },
  ],
  cw_list_operations: () => [{ args: { category: "Tickets" } }],
  cw_ticket_context: ({ ticket }) => [{ args: { ticket_id: ticket.id } }],
  cw_member_dashboard: ({ member }) => [{ args: { member, days: 3 } }],
  cw_agreement_health: ({ agreementId }) => [{ args: { agreement_id: agreementId } }],
  cw_audit_ticket: ({ ticket }) => [{ args: { ticket_id: ticket.id } }],
  cw_delete_query: () => [{ args: { name: "purity open tickets" } }],
  cw_clear_queries: () => [{ args: {} }],
  cw_batch_update: ({ ticket }) => [{ args: { operations: [{ method: "PATCH", path: `/service/tickets/${ticket.id}`, body: rename("Purity batch") }] } }],
  cw_validate_timesheets: ({ member }) => [{ args: { member, start: "-14d", end: "today" } }],
  cw_accrual_balance: ({ member }) => [{ args: { member } }],
  cw_approve_timesheets: () => [{ args: { period: "last_week" } }],
  cw_list_reports: () => [{ args: {} }],
  cw_report: () => [{ args: { id: "open-tickets-by-age" }, meta: { progressToken: "purity-report" } }],
  cw_discover_report: () => [{ args: { url: "/v2026_1/reports/ar-aging", name: "Purity AR", save: false } }],
  cw_report_purge: () => [{ args: {} }],
};

// ---- the run ---------------------------------------------------------------------------------------------

let sb: Sandbox;
let client: RawClient;
const dirs: string[] = [];
let exit: { code: number | null; signal: NodeJS.Signals | null };
const called: string[] = [];
const toolErrors: string[] = [];
let listed: string[] = [];

beforeAll(async () => {
  sb = await sandbox({ credentials: SECRETS, now: utcMidnight(new Date()) });
  const home = mkdtempSync(join(tmpdir(), "cw-purity-home-"));
  const data = mkdtempSync(join(tmpdir(), "cw-purity-data-"));
  dirs.push(home, data);
  const child = spawn(process.execPath, [join(packageRoot(), "dist", "cli.js")], {
    env: { PATH: process.env.PATH ?? "", HOME: home, ...envFor(sb), ...WEB, CW_DATA_DIR: data },
    stdio: ["pipe", "pipe", "pipe"],
  });
  client = new RawClient(child);

  const init = await client.result("initialize", { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: "stdout-purity", version: "1.0.0" } });
  expect(init.capabilities.logging).toBeDefined();
  client.notify("notifications/initialized");
  await client.result("logging/setLevel", { level: "debug" });

  const tools: { name: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.result("tools/list", cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  listed = tools.map((t) => t.name);

  const prompts = await client.result("prompts/list", {});
  expect(prompts.prompts.length).toBeGreaterThan(0);
  const resources = await client.result("resources/list", {});
  expect(resources.resources.length).toBeGreaterThan(0);
  await client.result("resources/templates/list", {});
  const read = await client.result("resources/read", { uri: "cw://operations" });
  expect(read.contents[0].text.length).toBeGreaterThan(0);

  // Every tool on its main path; run even when a recipe is missing, so the output of the rest is checked too.
  const open = sb.store.table("/service/tickets").list().find((t) => t.closedFlag === false) as { id: number; summary: string };
  const member = String(sb.store.table("/system/members").list()[0]!.identifier);
  const agreementId = sb.store.table("/finance/agreements").list()[0]!.id;
  const ctx: Context = { sb, ticket: open, member, agreementId };
  for (const name of Object.keys(RECIPES).filter((n) => listed.includes(n))) {
    for (const step of RECIPES[name]!(ctx)) {
      sb.faults.reset();
      step.before?.(ctx);
      const label = `${name} ${JSON.stringify(step.args).slice(0, 200)}`;
      // Failures are collected, not thrown: the stdout checks below run whatever a tool answered.
      try {
        const result = await client.result("tools/call", { name, arguments: step.args, ...(step.meta ? { _meta: step.meta } : {}) });
        const text = (result.content ?? []).find((c: { type: string }) => c.type === "text")?.text ?? "";
        if (result.isError === true) toolErrors.push(`${label}: ${text.slice(0, 300)}`);
        step.check?.(result, client);
      } catch (err) {
        toolErrors.push(`${label}: ${err instanceof Error ? err.message.slice(0, 300) : String(err)}`);
      }
      called.push(name);
    }
  }
  sb.faults.reset();

  // Closing stdin ends the server: whatever it writes on the way out is part of stdout too.
  client.child.stdin.end();
  const timer = setTimeout(() => client.child.kill("SIGKILL"), 20_000);
  exit = await client.exited;
  clearTimeout(timer);
}, SLOW);

afterAll(async () => {
  if (client && client.child.exitCode === null && client.child.signalCode === null) client.child.kill("SIGKILL");
  await sb?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("stdout purity over stdio", () => {
  it("has an argument recipe for every tool tools/list lists, and no recipe for a tool it does not", () => {
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((n) => !(n in RECIPES)), "tools without a recipe in RECIPES: add one").toEqual([]);
    expect(Object.keys(RECIPES).filter((n) => !listed.includes(n)), "recipes for tools no longer listed: remove them").toEqual([]);
    expect([...new Set(called)].sort()).toEqual([...listed].sort());
  });

  it("ran every tool on its main path without a tool error, with progress and log notifications flowing", () => {
    expect(toolErrors).toEqual([]);
    const methods = new Set(client.notifications.map((n) => n.method));
    expect(methods).toContain("notifications/progress");
    expect(methods).toContain("notifications/message");
  });

  it("wrote only newline-delimited JSON-RPC 2.0 frames to stdout, to the last byte, and exited cleanly", () => {
    const raw = Buffer.concat(client.stdout);
    expect(raw.length).toBeGreaterThan(0);
    expect(frameProblems(raw)).toEqual([]);
    const frames = raw.toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Frame);
    // Exactly one answer per request sent: ids 1…n, each once.
    const ids = frames.filter((f) => f.method === undefined).map((f) => f.id as number);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: client.requests }, (_, i) => i + 1));
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it("kept the credentials out of stderr and stdout", () => {
    const stdout = Buffer.concat(client.stdout).toString("utf8");
    const basic = Buffer.from(`${SECRETS.company}+${SECRETS.publicKey}:${SECRETS.privateKey}`).toString("base64");
    expect(client.stderr.length).toBeGreaterThan(0); // the banner, at least
    for (const secret of [SECRETS.privateKey, WEB_PASSWORD, basic]) {
      expect(client.stderr, "stderr").not.toContain(secret);
      expect(stdout, "stdout").not.toContain(secret);
    }
  });
});
