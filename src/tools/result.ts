/** Tool results: a short text for the assistant plus the same data as structuredContent. */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export function ok(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/** A tool error the assistant can act on: what went wrong and what to do instead. */
export function fail(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}
