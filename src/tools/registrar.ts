/** Tool groups register through this, so the server knows what it serves without repeating names. */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export interface Registrar {
  registerTool: McpServer["registerTool"];
  /** Names registered so far, in order. */
  readonly names: readonly string[];
}

export function registrar(server: McpServer): Registrar {
  const names: string[] = [];
  const registerTool = ((name: string, ...rest: unknown[]) => {
    names.push(name);
    return (server.registerTool as (...args: unknown[]) => unknown).call(server, name, ...rest);
  }) as McpServer["registerTool"];
  return { registerTool, names };
}
