/**
 * Startup: spawn the built server → first tools/list answer, against the floor of spawning a bare
 * Node process that answers one line on stdio (what any Node MCP server pays before its own code runs).
 * Measured configured for ConnectWise (as deployed; its RSS after that first list is the memory figure)
 * and in demo mode, where the sandbox seeds its data in a worker thread at the same time.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { packageRoot } from "../../src/paths.js";
import { median, round } from "./stats.js";

/** Resident memory of a process, from /proc (Linux), in MB; undefined elsewhere. */
function rssMb(pid: number | null | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * With `withCredentials`, the server is configured for a ConnectWise it never calls, so no sandbox runs
 * in its process: the memory a deployed server holds after start (one list call).
 */
async function serverToFirstToolsList(withCredentials = false): Promise<{ ms: number; bytes: number; rssMb?: number }> {
  const t0 = performance.now();
  const env = withCredentials
    ? { PATH: process.env.PATH ?? "", CW_API_URL: "https://api-na.myconnectwise.net/v4_6_release/apis/3.0", CW_COMPANY_ID: "bench", CW_PUBLIC_KEY: "pub", CW_PRIVATE_KEY: "priv", CW_CLIENT_ID: "cid" }
    : undefined;
  const transport = new StdioClientTransport({ command: process.execPath, args: [join(packageRoot(), "dist", "cli.js")], stderr: "ignore", ...(env ? { env } : {}) });
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(transport);
  const list = await client.listTools();
  const ms = performance.now() - t0;
  const pid = transport.pid;
  const rss = withCredentials ? rssMb(pid) : undefined;
  await client.close();
  // The next start is measured on a quiet machine: wait for this process (and a demo sandbox's worker) to be gone.
  for (let i = 0; i < 200 && pid && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 10));
  return { ms, bytes: Buffer.byteLength(JSON.stringify(list.tools)), ...(rss !== undefined ? { rssMb: rss } : {}) };
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
  const configured: number[] = [];
  const demo: number[] = [];
  const bare: number[] = [];
  let bytes = 0;
  let rss: number | undefined;
  await serverToFirstToolsList(true); // warm the file cache once, as a second start would be
  // Interleaved, so a passing load on the machine touches all three alike.
  for (let i = 0; i < runs; i++) {
    const r = await serverToFirstToolsList(true);
    configured.push(r.ms);
    bytes = r.bytes;
    rss = r.rssMb;
    demo.push((await serverToFirstToolsList(false)).ms);
    bare.push(await bareNodeEcho());
  }
  return {
    /** Configured for ConnectWise, as deployed. */
    firstToolsListMs: round(median(configured)),
    /** No credentials: the demo sandbox starts (and seeds) in a worker thread alongside. */
    demoFirstToolsListMs: round(median(demo)),
    bareNodeMs: round(median(bare)),
    ratio: round(median(configured) / median(bare), 2),
    toolsListBytes: bytes,
    ...(rss !== undefined ? { rssMb: round(rss) } : {}),
  };
}
