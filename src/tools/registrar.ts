/**
 * Tool groups register through this, so the server knows what it serves without repeating names. Every
 * handler runs inside its request's context (src/mcp/context.ts), so logging notifications from deep in the
 * HTTP client reach the client that made the call.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withRequest, type ToolExtra } from "../mcp/context.js";

export interface Registrar {
  registerTool: McpServer["registerTool"];
  /** Names registered so far, in order. */
  readonly names: readonly string[];
  /** The server the tools are registered on (its client's capabilities decide, e.g., whether writes are confirmed by elicitation). */
  readonly server: McpServer;
}

export function registrar(server: McpServer): Registrar {
  const names: string[] = [];
  const registerTool = ((name: string, config: unknown, handler: (...args: unknown[]) => unknown) => {
    names.push(name);
    // Handlers are (args, extra) or, for tools without input, (extra): extra is always last.
    const wrapped = (...args: unknown[]) => withRequest({ server, extra: args.at(-1) as ToolExtra }, () => handler(...args));
    return (server.registerTool as (...args: unknown[]) => unknown).call(server, name, config, wrapped);
  }) as McpServer["registerTool"];
  return { registerTool, names, server };
}
