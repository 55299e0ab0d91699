import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { builtCatalogue } from "../helpers/catalogue.js";
import { startServer, textOf, type RunningServer } from "../helpers/mcp.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const call = (name: string, args: Record<string, unknown> = {}) => server.client.callTool({ name, arguments: args });

describe("the MCP server over stdio", () => {
  it("announces itself on stderr with live counts, and never on stdout", async () => {
    await server.client.ping();
    expect(await server.waitForStderr(/ready in \d+ ms/)).toMatch(
      /connectwise-psa-mcp \d+\.\d+\.\d+ on stdio: 26 tools, \d{3,4} named operations, 3053 endpoints in 12 categories \(ConnectWise API 2025\.1\); target: sandbox at http:\/\/127\.0\.0\.1:\d+\/v4_6_release\/apis\/3\.0 \(no ConnectWise credentials set\)/,
    );
    expect(server.client.getServerVersion()).toMatchObject({ name: "connectwise-psa-mcp" });
    expect(server.client.getInstructions()).toContain("cw_search_endpoints");
    expect(server.client.getInstructions()).toContain("cw_list_operations");
  });

  it("lists every tool with annotations that match what it does, within the 20 KB budget", async () => {
    const { tools } = await server.client.listTools();
    // Annotations equal to MCP's defaults are left out of the list; read them as a client must.
    const byName = Object.fromEntries(
      tools.map((t) => [t.name, { ...t, annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true, ...t.annotations } }]),
    );
    expect(tools.map((t) => t.name)).toEqual([
      "cw_search_endpoints", "cw_endpoint_details", "cw_api_categories", "cw_category_endpoints",
      "cw_api_call", "cw_raw_request", "cw_paginated_fetch", "cw_count", "cw_operation", "cw_list_operations",
      "cw_ticket_context", "cw_member_dashboard", "cw_agreement_health", "cw_audit_ticket",
      "cw_save_query", "cw_list_queries", "cw_delete_query", "cw_clear_queries", "cw_batch_update",
      "cw_validate_timesheets", "cw_accrual_balance", "cw_approve_timesheets",
      "cw_report", "cw_list_reports", "cw_discover_report", "cw_report_purge",
    ]);
    for (const name of ["cw_search_endpoints", "cw_endpoint_details", "cw_api_categories", "cw_category_endpoints"]) {
      expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    }
    for (const name of ["cw_paginated_fetch", "cw_count"]) expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    expect(byName.cw_list_operations!.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    for (const name of ["cw_ticket_context", "cw_member_dashboard", "cw_agreement_health", "cw_audit_ticket", "cw_validate_timesheets", "cw_accrual_balance"]) {
      expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: true });
    }
    // The saved-query store is local: nothing it does reaches ConnectWise.
    for (const name of ["cw_save_query", "cw_list_queries", "cw_delete_query", "cw_clear_queries"]) expect(byName[name]!.annotations).toMatchObject({ openWorldHint: false });
    for (const name of ["cw_delete_query", "cw_clear_queries"]) expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.cw_list_queries!.annotations).toMatchObject({ readOnlyHint: true });
    for (const name of ["cw_api_call", "cw_raw_request", "cw_operation", "cw_batch_update", "cw_approve_timesheets"]) {
      expect(byName[name]!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true });
    }
    // Every byte here is in the model's context on every conversation (src/mcp/tool-list.ts): no output
    // schemas (still enforced on the server), no SDK boilerplate, under 20,000 bytes for all tools.
    for (const tool of tools) expect(tool.outputSchema).toBeUndefined();
    expect(JSON.stringify(tools).length).toBeLessThan(20_000);
    expect(JSON.stringify(tools)).not.toMatch(/\$schema|9007199254740991|"taskSupport":"forbidden"/);
  });

  it("matches the reviewed snapshot of every tool definition", async () => {
    const { tools } = await server.client.listTools();
    const surface = tools.map(({ name, title, description, inputSchema, outputSchema, annotations }) => ({
      name, title, description, inputSchema, outputSchema, annotations,
    }));
    await expect(`${JSON.stringify(surface, null, 2)}\n`).toMatchFileSnapshot("../tools.snapshot.json");
  });

  it("cw_search_endpoints ranks the endpoint a technician means first", async () => {
    const result = await call("cw_search_endpoints", { query: "add a note to a ticket", limit: 3 });
    expect(result.isError).toBeFalsy();
    const { results } = result.structuredContent as { results: { method: string; path: string; category: string; score: number }[] };
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ method: "POST", path: "/service/tickets/{parentId}/notes", category: "service" });
    expect(textOf(result)).toContain("1. POST /service/tickets/{parentId}/notes");
  });

  it("cw_search_endpoints filters by method and category, and says so when nothing matches", async () => {
    const filtered = await call("cw_search_endpoints", { query: "tickets", method: "DELETE", category: "project" });
    const { results } = filtered.structuredContent as { results: { method: string; path: string }[] };
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.method === "DELETE" && r.path.startsWith("/project/"))).toBe(true);

    const none = await call("cw_search_endpoints", { query: "how do I" });
    expect(none.isError).toBeFalsy();
    expect(textOf(none)).toMatch(/No endpoint matches/);

    const badCategory = await call("cw_search_endpoints", { query: "tickets", category: "helpdesk" });
    expect(badCategory.isError).toBe(true);
    expect(textOf(badCategory)).toContain('Unknown category "helpdesk". Use one of: company, configurations, expense');
  });

  it("cw_endpoint_details explains a write: required fields, references, enums", async () => {
    const result = await call("cw_endpoint_details", { method: "POST", path: "/service/tickets" });
    expect(result.isError).toBeFalsy();
    const details = result.structuredContent as { requestBody: { required: string[]; fields: { name: string; refFields?: string[] }[] } };
    expect(details.requestBody.required).toEqual(["summary", "company"]);
    expect(details.requestBody.fields.find((f) => f.name === "board")?.refFields).toEqual(["id", "name"]);
    expect(textOf(result)).toContain("summary*: string, max 100");
    expect(textOf(result)).toContain("severity: string, Low|Medium|High, nullable");
  });

  it("cw_endpoint_details accepts a concrete path and gives example conditions for a list", async () => {
    const result = await call("cw_endpoint_details", { method: "GET", path: "/company/companies" });
    const details = result.structuredContent as { exampleConditions: string[]; response: { isArray: boolean; schema: string } };
    expect(details.response).toMatchObject({ isArray: true, schema: "Company" });
    expect(details.exampleConditions.length).toBeGreaterThan(2);

    const item = await call("cw_endpoint_details", { method: "GET", path: "https://na.myconnectwise.net/v4_6_release/apis/3.0/service/tickets/123/notes" });
    expect((item.structuredContent as { path: string }).path).toBe("/service/tickets/{parentId}/notes");
  });

  it("cw_endpoint_details turns a wrong method or a typo into a next step", async () => {
    const wrongMethod = await call("cw_endpoint_details", { method: "DELETE", path: "/service/tickets" });
    expect(wrongMethod.isError).toBe(true);
    expect(textOf(wrongMethod)).toBe("/service/tickets has no DELETE. It supports GET, POST.");

    const typo = await call("cw_endpoint_details", { method: "GET", path: "/service/tikets" });
    expect(typo.isError).toBe(true);
    expect(textOf(typo)).toMatch(/^No endpoint has the path \/service\/tikets\. Closest paths: \/service\/tickets, /);

    const badInput = await call("cw_endpoint_details", { method: "FETCH", path: "/service/tickets" });
    expect(badInput.isError).toBe(true);
    expect(textOf(badInput)).toMatch(/method/);
  });

  it("cw_api_categories lists every module with its endpoint count", async () => {
    const result = await call("cw_api_categories");
    const { categories } = result.structuredContent as { categories: { name: string; endpoints: number }[] };
    expect(categories.map((c) => c.name)).toEqual([
      "company", "configurations", "expense", "finance", "marketing", "procurement", "project", "sales", "schedule", "service", "system", "time",
    ]);
    expect(categories.reduce((n, c) => n + c.endpoints, 0)).toBe(3053);
    expect(categories.find((c) => c.name === "service")).toMatchObject({ endpoints: 355 });
    expect(textOf(result)).toMatch(/^12 categories:\ncompany \(493\): companies, contacts, configurations/);
  });

  it("keeps every endpoint of the spec reachable through discovery, with the small tool list", async () => {
    // tools/list stays under 20 KB because the 3,053 endpoints are not tools: they are found by category,
    // and each one found is one cw_endpoint_details away from a call.
    const { categories } = (await call("cw_api_categories")).structuredContent as { categories: { name: string }[] };
    const found = new Set<string>();
    for (const { name } of categories) {
      let offset: number | undefined = 0;
      while (offset !== undefined) {
        const page = (await call("cw_category_endpoints", { category: name, offset, limit: 500 })).structuredContent as {
          endpoints: { method: string; path: string }[];
          nextOffset?: number;
        };
        for (const e of page.endpoints) found.add(`${e.method} ${e.path}`);
        offset = page.nextOffset;
      }
    }
    const spec = builtCatalogue().endpoints().map((e) => `${e.method} ${e.path}`);
    expect(found.size).toBe(3053);
    expect([...found].sort()).toEqual([...new Set(spec)].sort());
    // A sample, spread over the spec, each explained by cw_endpoint_details.
    for (const key of spec.filter((_, i) => i % 300 === 0)) {
      const [method, path] = key.split(" ");
      const details = await call("cw_endpoint_details", { method, path });
      expect(details.isError, key).toBeFalsy();
      expect(details.structuredContent, key).toMatchObject({ method, path });
    }
  });

  it("cw_category_endpoints pages through a module", async () => {
    const first = await call("cw_category_endpoints", { category: "Time", method: "GET", limit: 20 });
    const page = first.structuredContent as { category: string; total: number; endpoints: { method: string }[]; nextOffset?: number };
    expect(page).toMatchObject({ category: "time", total: 67, nextOffset: 20 });
    expect(page.endpoints).toHaveLength(20);
    expect(page.endpoints.every((e) => e.method === "GET")).toBe(true);
    expect(textOf(first)).toContain("More: call again with offset 20.");

    const last = await call("cw_category_endpoints", { category: "time", method: "GET", offset: 60, limit: 20 });
    expect(last.structuredContent).toMatchObject({ total: 67, offset: 60 });
    expect((last.structuredContent as { endpoints: unknown[]; nextOffset?: number }).endpoints).toHaveLength(7);
    expect((last.structuredContent as { nextOffset?: number }).nextOffset).toBeUndefined();

    const unknown = await call("cw_category_endpoints", { category: "tickets" });
    expect(unknown.isError).toBe(true);
  });
});

describe("the sandbox command", () => {
  it("starts the simulator, prints the CW_* lines that point at it, and serves the API", async () => {
    const child = spawn(process.execPath, [join(packageRoot(), "dist", "cli.js"), "sandbox", "--port", "0", "--seed", "3"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("CW_CLIENT_ID=")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
      const env = Object.fromEntries([...out.matchAll(/^\s+(CW_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      expect(env).toMatchObject({ CW_COMPANY_ID: "sandbox", CW_PUBLIC_KEY: "sandbox-public", CW_PRIVATE_KEY: "sandbox-private", CW_CLIENT_ID: "sandbox-client" });
      expect(env.CW_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v4_6_release\/apis\/3\.0$/);
      const res = await fetch(`${env.CW_API_URL}/service/tickets/count`, {
        headers: { Authorization: `Basic ${Buffer.from("sandbox+sandbox-public:sandbox-private").toString("base64")}`, clientId: "sandbox-client" },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { count: number }).count).toBeGreaterThan(0);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("takes faults as flags at start", async () => {
    const child = spawn(process.execPath, [join(packageRoot(), "dist", "cli.js"), "sandbox", "--port", "0", "--error-rate", "1", "--error-statuses", "503"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const apiUrl = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const m = /CW_API_URL=(\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
      const res = await fetch(`${apiUrl}/service/boards`, {
        headers: { Authorization: `Basic ${Buffer.from("sandbox+sandbox-public:sandbox-private").toString("base64")}`, clientId: "sandbox-client" },
      });
      expect(res.status).toBe(503);
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses a bad option value with the usage", () => {
    const result = spawnSync(process.execPath, [join(packageRoot(), "dist", "cli.js"), "sandbox", "--scale", "huge"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--scale must be small, medium or large, not "huge"');
  });
});

describe("the command line", () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(packageRoot(), "dist", "cli.js"), ...args], { encoding: "utf8" });

  it("prints help and version on stderr, leaving stdout to MCP", () => {
    const help = cli("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toBe("");
    expect(help.stderr).toMatch(/^Usage:\n  connectwise-psa-mcp \[--sandbox\]/);
    expect(cli("--version").stderr).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("refuses an unknown option with exit code 2", () => {
    const result = cli("--bogus");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain("Usage:");
  });
});
