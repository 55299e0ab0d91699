/**
 * Startup: spawn the built server → first tools/list answer, against the floor of spawning a bare
 * Node process that answers one line on stdio (what any Node MCP server pays before its own code runs).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { packageRoot } from "../../src/paths.js";
import { median, round } from "./stats.js";

async function serverToFirstToolsList(): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args: [join(packageRoot(), "dist", "cli.js")], stderr: "ignore" });
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(transport);
  const list = await client.listTools();
  const ms = performance.now() - t0;
  await client.close();
  return { ms, bytes: Buffer.byteLength(JSON.stringify(list.tools)) };
}

async function bareNodeEcho(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["-e", "process.stdin.once('data', d => { process.stdout.write(d); process.exit(0); })"]);
  const answered = new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  child.stdin.write("ping\n");
  await answered;
  return performance.now() - t0;
}

export async function benchStartup(runs = 7) {
  const server: number[] = [];
  const bare: number[] = [];
  let bytes = 0;
  await serverToFirstToolsList(); // warm the file cache once, as a second start would be
  for (let i = 0; i < runs; i++) {
    const r = await serverToFirstToolsList();
    server.push(r.ms);
    bytes = r.bytes;
    bare.push(await bareNodeEcho());
  }
  return {
    firstToolsListMs: round(median(server)),
    bareNodeMs: round(median(bare)),
    ratio: round(median(server) / median(bare), 2),
    toolsListBytes: bytes,
  };
}
