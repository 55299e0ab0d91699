/** The built server (dist/cli.js) over stdio, pointed at a sandbox as a user's config would point it at ConnectWise. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { packageRoot } from "../../src/paths.js";
import type { Sandbox } from "../../src/sandbox/server.js";

export async function serverOn(sb: Sandbox, env: Record<string, string> = {}): Promise<Client> {
  return (await serverProcessOn(sb, env)).client;
}

/** serverOn, with the server's process id (for its memory in /proc/<pid>/status). */
export async function serverProcessOn(sb: Sandbox, env: Record<string, string> = {}): Promise<{ client: Client; pid: number }> {
  const c = sb.credentials;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(packageRoot(), "dist", "cli.js")],
    env: {
      PATH: process.env.PATH ?? "",
      // An empty home: no developer's ~/.config/connectwise-psa reaches the bench.
      HOME: mkdtempSync(join(tmpdir(), "cw-bench-home-")),
      CW_API_URL: sb.apiUrl, CW_COMPANY_ID: c.company, CW_PUBLIC_KEY: c.publicKey, CW_PRIVATE_KEY: c.privateKey, CW_CLIENT_ID: c.clientId,
      ...env,
    },
    stderr: "ignore",
  });
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(transport);
  return { client, pid: transport.pid! };
}
