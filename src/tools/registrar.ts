/**
 * Tool groups register through this, so the server knows what it serves without repeating names. Every
 * handler runs inside its request's context (src/mcp/context.ts), so logging notifications from deep in the
 * HTTP client reach the client that made the call. tools/list is answered from what was registered here, with
 * compact schemas (src/mcp/tool-list.ts).
 */
import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withRequest, type ToolExtra } from "../mcp/context.js";
import { serveCompactToolList } from "../mcp/tool-list.js";

export interface Registrar {
  registerTool: McpServer["registerTool"];
  /** Names registered so far, in order. */
  readonly names: readonly string[];
  /** The server the tools are registered on (its client's capabilities decide, e.g., whether writes are confirmed by elicitation). */
  readonly server: McpServer;
}

export function registrar(server: McpServer): Registrar {
  const names: string[] = [];
  const registered = new Map<string, RegisteredTool>();
  const registerTool = ((name: string, config: unknown, handler: (...args: unknown[]) => unknown) => {
    names.push(name);
    // Handlers are (args, extra) or, for tools without input, (extra): extra is always last.
    const wrapped = (...args: unknown[]) => withRequest({ server, extra: args.at(-1) as ToolExtra }, () => handler(...args));
    const tool = (server.registerTool as (...args: unknown[]) => RegisteredTool).call(server, name, config, wrapped);
    registered.set(name, tool);
    // The SDK installs its own tools/list handler with the first tool; ours replaces it.
    if (registered.size === 1) serveCompactToolList(server, registered);
    return tool;
  }) as McpServer["registerTool"];
  return { registerTool, names, server };
}
