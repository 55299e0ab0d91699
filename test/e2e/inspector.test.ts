/**
 * A client nobody here wrote: the MCP Inspector's CLI (@modelcontextprotocol/inspector-cli 1.0.x, the line
 * that runs on Node 20; 2.x needs Node 22) drives the built server over stdio and over Streamable HTTP,
 * against an in-process sandbox.
 *
 * The Inspector CLI exits 0 even when a tool call fails, so these tests read its stdout (JSON) and never
 * trust its exit code alone. It also finds its own package.json through a path relative to the working
 * directory (1.0.3), which works from any folder one level under a package root: it runs from test/ here.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { tableKey } from "../../src/sandbox/references.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { envFor } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";
import { removeDir, scratchDir } from "../helpers/tmp.js";

const ROOT = packageRoot();
const INSPECTOR = join(ROOT, "node_modules", ".bin", "mcp-inspector-cli");
const CLI = join(ROOT, "dist", "cli.js");
let sb: Sandbox;
let home: string;

beforeAll(async () => {
  sb = await sandbox();
  home = scratchDir("inspector-home");
});
afterAll(async () => {
  await sb?.close();
  removeDir(home);
});

/**
 * Run the Inspector CLI; resolves with its parsed stdout (JSON) and the rest for messages. Asynchronous on
 * purpose: the sandbox answers from this process, so a synchronous spawn would leave it unable to.
 */
async function inspector(args: string[], env: Record<string, string> = {}): Promise<{ json: any; stdout: string; stderr: string; status: number | null }> {
  const child = spawn(INSPECTOR, args, { cwd: join(ROOT, "test"), env: { PATH: process.env.PATH ?? "", HOME: home, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { json, stdout, stderr, status };
}

/** `-e KEY=VALUE` for each variable: how an Inspector user passes the server its environment. */
const envArgs = (env: Record<string, string>) => Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);

describe("the MCP Inspector CLI over stdio", () => {
  it("lists the tools, each with a schema and annotations", async () => {
    const out = await inspector(["--cli", ...envArgs(envFor(sb)), "node", CLI, "--method", "tools/list"]);
    expect(out.json, `${out.stdout}\n${out.stderr}`).toBeDefined();
    const names: string[] = out.json.tools.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(["cw_search_endpoints", "cw_api_call", "cw_count", "cw_operation", "cw_batch_update"]));
    for (const tool of out.json.tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.annotations, tool.name).toBeDefined();
    }
  });

  it("calls cw_count against the sandbox, which sees the request", async () => {
    sb.requests.length = 0;
    const out = await inspector(["--cli", ...envArgs(envFor(sb)), "node", CLI, "--method", "tools/call", "--tool-name", "cw_count", "--tool-arg", "path=/service/boards"]);
    const boards = sb.store.table(tableKey("/service/boards")).list().length;
    expect(out.json, `${out.stdout}\n${out.stderr}`).toMatchObject({ structuredContent: { path: "/service/boards", count: boards }, content: [{ type: "text", text: `${boards} boards.` }] });
    expect(out.json.isError).toBeUndefined();
    expect(sb.requests).toEqual([expect.objectContaining({ method: "GET", path: "/service/boards/count", status: 200 })]);
  });

  it("reports a failed call in its output while exiting 0, so the output is what is checked", async () => {
    const out = await inspector(["--cli", ...envArgs(envFor(sb)), "node", CLI, "--method", "tools/call", "--tool-name", "cw_count", "--tool-arg", "path=/service/no-such-thing"]);
    expect(out.status).toBe(0);
    expect(out.json).toMatchObject({ isError: true, content: [{ type: "text", text: expect.stringMatching(/No ConnectWise endpoint has the path/) }] });
  });

  it("reads prompts and resources", async () => {
    const prompts = await inspector(["--cli", ...envArgs(envFor(sb)), "node", CLI, "--method", "prompts/list"]);
    expect(prompts.json.prompts.map((p: { name: string }) => p.name)).toEqual(["triage_my_queue", "weekly_timesheet_review", "client_health_review", "dispatch_board_today"]);
    const resource = await inspector(["--cli", ...envArgs(envFor(sb)), "node", CLI, "--method", "resources/read", "--uri", "cw://endpoints/GET/service/boards"]);
    expect(resource.json.contents[0].text).toMatch(/^GET \/service\/boards — /);
  });
});

describe("the MCP Inspector CLI over Streamable HTTP", () => {
  it("lists and calls tools with the bearer token, and gets nothing without it", async () => {
    const token = "inspector-token-0123456789";
    const server = spawn(process.execPath, [CLI, "--http", "0"], { env: { PATH: process.env.PATH ?? "", HOME: home, ...envFor(sb), MCP_HTTP_TOKEN: token }, stdio: ["ignore", "ignore", "pipe"] });
    try {
      let stderr = "";
      server.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
      const until = Date.now() + 20_000;
      let url: string | undefined;
      while (!(url = /on (http:\/\/127\.0\.0\.1:\d+\/mcp):/.exec(stderr)?.[1])) {
        if (Date.now() > until) throw new Error(`no banner: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const auth = ["--header", `Authorization: Bearer ${token}`];
      const listed = await inspector(["--cli", url, "--transport", "http", ...auth, "--method", "tools/list"]);
      expect(listed.json?.tools?.length, `${listed.stdout}\n${listed.stderr}`).toBeGreaterThan(20);
      const called = await inspector(["--cli", url, "--transport", "http", ...auth, "--method", "tools/call", "--tool-name", "cw_count", "--tool-arg", "path=/service/boards"]);
      expect(called.json).toMatchObject({ structuredContent: { path: "/service/boards", count: sb.store.table(tableKey("/service/boards")).list().length } });
      const refused = await inspector(["--cli", url, "--transport", "http", "--method", "tools/list"]);
      expect(refused.json?.tools).toBeUndefined();
      expect(`${refused.stdout}${refused.stderr}`).toMatch(/401|Unauthorized/i);
    } finally {
      server.kill("SIGTERM");
    }
  });
});
