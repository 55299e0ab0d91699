/**
 * Operations computed by code instead of one endpoint (`handler:` in operations.yaml). MSP analytics
 * register here; the generator refuses an operation whose handler is not in this table.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Runtime } from "../runtime.js";

export interface HandlerContext {
  runtime: Runtime;
  params: Record<string, unknown>;
  signal?: AbortSignal;
}

export type OperationHandler = (ctx: HandlerContext) => Promise<CallToolResult>;

export const HANDLERS: Record<string, OperationHandler> = {};
