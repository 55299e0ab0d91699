/**
 * Prompts, resources and logging notifications over MCP: real stdio to the built server, an in-process
 * sandbox behind it. Prompts may name only tools the server serves and operations the registry has.
 */
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allOperations } from "../../src/operations/registry.js";
import { PROMPTS } from "../../src/mcp/prompts.js";
import { tableKey } from "../../src/sandbox/references.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";
import { removeDir, scratchDir } from "../helpers/tmp.js";

let sb: Sandbox;
let server: RunningServer;
let dataDir: string;
const logs: LoggingMessageNotification["params"][] = [];

beforeAll(async () => {
  sb = await sandbox();
  dataDir = scratchDir("prompts-resources");
  server = await startServer([], { ...envFor(sb), CW_DATA_DIR: dataDir, CW_SLOW_CALL_MS: "300" }, {
    setup: (c) => c.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params)),
  });
});
afterAll(async () => {
  await server?.close();
  await sb?.close();
  removeDir(dataDir);
});
beforeEach(async () => {
  sb.requests.length = 0;
  sb.faults.reset();
  logs.length = 0;
  await server.client.setLoggingLevel("debug");
});

const operationNames = new Set(allOperations().map((o) => o.name));
const ARGS: Record<string, Record<string, string>> = {
  triage_my_queue: { member: "lcruz" },
  weekly_timesheet_review: { member: "lcruz", week: "2026-03-09" },
  client_health_review: { company: "Siesta Roofing" },
  dispatch_board_today: { board: "Help Desk" },
};

describe("prompts", () => {
  it("lists the four workflows with their arguments", async () => {
    const { prompts } = await server.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["triage_my_queue", "weekly_timesheet_review", "client_health_review", "dispatch_board_today"]);
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(byName.triage_my_queue!.arguments).toEqual([expect.objectContaining({ name: "member", required: true })]);
    expect(byName.weekly_timesheet_review!.arguments).toEqual([expect.objectContaining({ name: "member", required: false }), expect.objectContaining({ name: "week", required: false })]);
    expect(byName.client_health_review!.arguments).toEqual([expect.objectContaining({ name: "company", required: true })]);
    expect(byName.dispatch_board_today!.arguments).toEqual([expect.objectContaining({ name: "board", required: false })]);
  });

  it("name only tools this server serves and operations the registry has, in the order to call them", async () => {
    const tools = new Set((await server.client.listTools()).tools.map((t) => t.name));
    for (const spec of PROMPTS) {
      for (const tool of spec.tools) expect(tools, `${spec.name} declares ${tool}`).toContain(tool);
      for (const op of spec.operations) expect(operationNames, `${spec.name} declares ${op}`).toContain(op);
      for (const args of [ARGS[spec.name]!, {}]) {
        if (Object.keys(args).length === 0 && ["triage_my_queue", "client_health_review"].includes(spec.name)) continue; // required argument
        const { messages } = await server.client.getPrompt({ name: spec.name, arguments: args });
        expect(messages).toHaveLength(1);
        const text = (messages[0]!.content as { type: string; text: string }).text;
        const namedTools = new Set(text.match(/\bcw_[a-z_]+\b/g));
        const namedOps = new Set([...text.matchAll(/"name": "([a-z0-9_]+)"/g)].map((m) => m[1]!));
        expect([...namedTools].sort()).toEqual([...spec.tools].sort());
        expect([...namedOps].sort()).toEqual([...spec.operations].sort());
        for (const value of Object.values(args)) expect(text).toContain(value);
      }
    }
  });

  it("weekly_timesheet_review turns the week into its Sunday–Saturday dates, and refuses a week it cannot read", async () => {
    const { messages } = await server.client.getPrompt({ name: "weekly_timesheet_review", arguments: { week: "2026-03-11" } });
    const text = (messages[0]!.content as { text: string }).text;
    expect(text).toContain('cw_validate_timesheets {"start": "2026-03-08", "end": "2026-03-14"}');
    expect(text).toContain("of every technician");
    await expect(server.client.getPrompt({ name: "weekly_timesheet_review", arguments: { week: "fortnight" } })).rejects.toThrow(/week: "fortnight" is not a week/);
  });

  it("completes members, boards and companies from ConnectWise, and weeks from the list", async () => {
    const members = sb.store.table(tableKey("/system/members")).list().filter((m) => m.inactiveFlag !== true).map((m) => String(m.identifier));
    const first = members[0]!;
    const member = await server.client.complete({ ref: { type: "ref/prompt", name: "triage_my_queue" }, argument: { name: "member", value: first.slice(0, 2) } });
    expect(member.completion.values).toContain(first);
    expect(member.completion.values.every((v) => v.toLowerCase().includes(first.slice(0, 2).toLowerCase()))).toBe(true);

    const board = await server.client.complete({ ref: { type: "ref/prompt", name: "dispatch_board_today" }, argument: { name: "board", value: "help" } });
    expect(board.completion.values).toContain("Help Desk");

    const company = String(sb.store.table(tableKey("/company/companies")).list()[3]!.name);
    const companies = await server.client.complete({ ref: { type: "ref/prompt", name: "client_health_review" }, argument: { name: "company", value: company.slice(0, 4) } });
    expect(companies.completion.values).toContain(company);

    const week = await server.client.complete({ ref: { type: "ref/prompt", name: "weekly_timesheet_review" }, argument: { name: "week", value: "this" } });
    expect(week.completion.values).toEqual(["this_week"]);
  });
});

describe("resources", () => {
  it("lists the operations registry, each category, and the saved queries; templates for categories and endpoints", async () => {
    const { resources } = await server.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(["cw://operations", "cw://queries", "cw://operations/tickets", "cw://operations/msp-analytics"]));
    const { resourceTemplates } = await server.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(["cw://endpoints/{method}/{+path}", "cw://operations/{category}"]);
  });

  it("cw://operations has every named operation; a category's resource has their params", async () => {
    const all = JSON.parse(await read("cw://operations"));
    expect(all.total).toBe(allOperations().length);
    expect(all.categories.flatMap((c: { operations: { name: string }[] }) => c.operations.map((o) => o.name)).sort()).toEqual([...operationNames].sort());
    const analytics = JSON.parse(await read("cw://operations/msp-analytics"));
    expect(analytics.category).toBe("MSP Analytics");
    expect(analytics.operations.find((o: { name: string }) => o.name === "company_360_view").params).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "company", required: true }), expect.objectContaining({ name: "days", default: 30 })]),
    );
    await expect(read("cw://operations/nonsense")).rejects.toThrow(/No operation category "nonsense"/);
  });

  it("cw://queries shows what cw_save_query saved", async () => {
    expect(JSON.parse(await read("cw://queries"))).toEqual({ count: 0, queries: [] });
    const saved = await server.client.callTool({ name: "cw_save_query", arguments: { name: "open help desk", method: "GET", path: "/service/tickets", params: { conditions: 'board/name = "Help Desk"' } } });
    expect(saved.isError, textOf(saved)).toBeFalsy();
    const after = JSON.parse(await read("cw://queries"));
    expect(after.count).toBe(1);
    expect(after.queries[0]).toMatchObject({ name: "open help desk", method: "GET", path: "/service/tickets", params: { conditions: 'board/name = "Help Desk"' } });
  });

  it("cw://endpoints/{method}/{+path} gives an endpoint's details, with the path plain or encoded", async () => {
    for (const uri of ["cw://endpoints/GET/service/tickets/{id}", "cw://endpoints/GET/service/tickets/%7Bid%7D", "cw://endpoints/get/service/tickets/123"]) {
      const { contents } = await server.client.readResource({ uri });
      expect((contents[0] as { text: string }).text).toMatch(/^GET \/service\/tickets\/\{id\} — /);
      expect(JSON.parse((contents[1] as { text: string }).text)).toMatchObject({ method: "GET", path: "/service/tickets/{id}", category: "service" });
    }
    await expect(read("cw://endpoints/DELETE/system/info")).rejects.toThrow(/has no DELETE/);
    await expect(read("cw://endpoints/GET/service/tikets")).rejects.toThrow(/Closest: .*\/service\/tickets/);
    const paths = await server.client.complete({ ref: { type: "ref/resource", uri: "cw://endpoints/{method}/{+path}" }, argument: { name: "path", value: "service/tickets/{parentId}/n" }, context: { arguments: { method: "POST" } } });
    expect(paths.completion.values).toContain("service/tickets/{parentId}/notes");
    expect(sb.requests).toEqual([]); // resources never call ConnectWise
  });
});

describe("logging notifications", () => {
  it("warns the client when ConnectWise throttles (429) and the call waits and retries", async () => {
    sb.faults.update({ script: [{ status: 429, retryAfter: 1 }] });
    const res = await server.client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect(logs).toContainEqual({ level: "warning", logger: "connectwise-psa-mcp", data: expect.stringMatching(/^ConnectWise is throttling requests \(HTTP 429\) on GET \/service\/boards\/count: waiting 1 s before retry 1\.$/) });
    expect(server.stderr()).toMatch(/GET \/service\/boards\/count: HTTP 429; retry 1 in 1000 ms/);
  });

  it("tells the client about a slow call while it runs, and when it ends", async () => {
    sb.faults.update({ latencyMs: 700 });
    const res = await server.client.callTool({ name: "cw_count", arguments: { path: "/service/tickets" } });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect(logs.map((l) => [l.level, l.data])).toEqual([
      ["notice", "ConnectWise is slow: GET /service/tickets/count has been running for 300 ms (CW_SLOW_CALL_MS)."],
      ["info", expect.stringMatching(/^Slow ConnectWise call: GET \/service\/tickets\/count answered 200 after (7\d\d ms|\d(\.\d)? s)\.$/)],
    ]);
  });

  it("respects logging/setLevel", async () => {
    await server.client.setLoggingLevel("error");
    sb.faults.update({ latencyMs: 400, script: [{ status: 429, retryAfter: 1 }] });
    const res = await server.client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect(logs).toEqual([]);
  });
});

async function read(uri: string): Promise<string> {
  const { contents } = await server.client.readResource({ uri });
  return (contents[0] as { text: string }).text;
}
