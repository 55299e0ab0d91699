/**
 * The set-up most end-to-end files share: an in-process sandbox, the built server pointed at it over
 * stdio, a raw client for arranging data, the request log and faults cleared before each test, and
 * `call` for a tool's text, error flag and structuredContent.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/server.js";
import { envFor, startServer, textOf, type RunningServer } from "./mcp.js";
import { client, sandbox } from "./sandbox.js";

export interface E2e {
  sb: Sandbox;
  server: RunningServer;
  api: ReturnType<typeof client>;
  call(name: string, args: Record<string, unknown>, on?: RunningServer): Promise<{ isError: boolean; text: string; data: Record<string, any> }>;
}

export function useE2e(options: { sandbox?: SandboxOptions; env?: Record<string, string> } = {}): E2e {
  const h = {
    async call(name: string, args: Record<string, unknown>, on?: RunningServer) {
      const result = await (on ?? h.server).client.callTool({ name, arguments: args });
      return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
    },
  } as E2e;
  beforeAll(async () => {
    h.sb = await sandbox(options.sandbox);
    h.api = client(h.sb);
    h.server = await startServer([], { ...envFor(h.sb), ...options.env });
  });
  afterAll(async () => {
    await h.server?.close();
    await h.sb?.close();
  });
  beforeEach(() => {
    h.sb.requests.length = 0;
    h.sb.faults.reset();
  });
  return h;
}
