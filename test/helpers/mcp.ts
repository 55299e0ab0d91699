/**
 * Spawn the built server (dist/cli.js) and talk to it with the SDK's own client over stdio,
 * exactly as Claude Desktop or Claude Code would.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import { packageRoot } from "../../src/paths.js";

export interface RunningServer {
  client: Client;
  /** Everything the server wrote to stderr so far. */
  stderr: () => string;
  /** Resolves with stderr once it matches (the banner comes when the sandbox is ready). */
  waitForStderr: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  close: () => Promise<void>;
}

/** An empty home directory, so no developer's ~/.config/connectwise-psa/.env leaks into a test. */
const emptyHome = mkdtempSync(join(tmpdir(), "cw-mcp-home-"));

export interface ClientSetup {
  /** What the client declares (e.g. elicitation); none by default, as most clients. */
  capabilities?: ClientCapabilities;
  /** Install request and notification handlers before connecting. */
  setup?: (client: Client) => void;
}

export async function startServer(args: string[] = [], env: Record<string, string> = {}, clientSetup: ClientSetup = {}): Promise<RunningServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(packageRoot(), "dist", "cli.js"), ...args],
    env: { PATH: process.env.PATH ?? "", HOME: emptyHome, ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "e2e-test", version: "1.0.0" }, clientSetup.capabilities ? { capabilities: clientSetup.capabilities } : {});
  clientSetup.setup?.(client);
  await client.connect(transport);
  const waitForStderr = async (pattern: RegExp, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(stderr)) {
      if (Date.now() > until) throw new Error(`stderr never matched ${pattern}: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return stderr;
  };
  return { client, stderr: () => stderr, waitForStderr, close: () => client.close() };
}

/** The text of a tool result's first content block. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((c) => c.type === "text")?.text ?? "";
}

/** The environment that points the server at an in-process sandbox, as a user's would at ConnectWise. */
export function envFor(sandbox: { apiUrl: string; credentials: { company: string; publicKey: string; privateKey: string; clientId: string } }): Record<string, string> {
  const c = sandbox.credentials;
  return { CW_API_URL: sandbox.apiUrl, CW_COMPANY_ID: c.company, CW_PUBLIC_KEY: c.publicKey, CW_PRIVATE_KEY: c.privateKey, CW_CLIENT_ID: c.clientId };
}
