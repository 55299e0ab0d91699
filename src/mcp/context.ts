/**
 * The MCP request a piece of work belongs to. Tool handlers run inside `withRequest` (the registrar wraps
 * every handler), so code far below them — the HTTP client's retry loop, the slow-call timer — can tell the
 * right client what is happening without a logger threaded through every call. One Runtime (one ConnectWise
 * client) serves every session of an HTTP deployment, and this is how a retry reaches the session that
 * caused it and no other.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface RequestContext {
  /** The McpServer answering this request (one per stdio process, one per HTTP session). */
  server: McpServer;
  extra: ToolExtra;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function withRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The request being served, or undefined outside a tool call (start-up, a background task). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
