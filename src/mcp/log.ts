/**
 * MCP logging notifications (notifications/message) for what a person waiting on an answer wants to know:
 * ConnectWise throttled us and we are waiting (warning), a request failed and is being retried (warning),
 * a call is slow (notice while it runs, info when it ends). The stderr line stays: it is what the person
 * running the server reads.
 *
 * Messages go to the client whose tool call caused them (see context.ts), on that request's own stream, and
 * respect the level the client set with logging/setLevel (default: everything). Nothing here contains
 * credentials: paths are API-relative, reasons are redacted by the transport.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SetLevelRequestSchema, type LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import type { Middleware } from "openapi-fetch";
import { currentRequest } from "./context.js";

export const LOGGER = "connectwise-psa-mcp";

const SEVERITY: Record<LoggingLevel, number> = { debug: 0, info: 1, notice: 2, warning: 3, error: 4, critical: 5, alert: 6, emergency: 7 };

/** Servers that declared the logging capability, with the level their client asked for (undefined: all). */
const levels = new WeakMap<McpServer, { level: LoggingLevel | undefined }>();

/**
 * Declare the logging capability and answer logging/setLevel. Call before connecting. One McpServer talks
 * to one client (stdio, or one HTTP session), so one level per server is the client's level.
 */
export function enableClientLogging(server: McpServer): void {
  const state: { level: LoggingLevel | undefined } = { level: undefined };
  server.server.registerCapabilities({ logging: {} });
  server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    state.level = request.params.level;
    return {};
  });
  levels.set(server, state);
}

/** Send a log message to the client of the current tool call, if it has logging and wants this level. Never throws. */
export function clientLog(level: LoggingLevel, data: string): void {
  const context = currentRequest();
  if (!context) return;
  const state = levels.get(context.server);
  if (!state) return;
  if (state.level !== undefined && SEVERITY[level] < SEVERITY[state.level]) return;
  if (context.extra.signal.aborted) return;
  context.extra
    .sendNotification({ method: "notifications/message", params: { level, logger: LOGGER, data } })
    .catch(() => undefined);
}

export interface RetryInfo {
  method: string;
  path: string;
  attempt: number;
  waitMs: number;
  reason: string;
}

/** The HTTP client's onRetry: the stderr line as before, and a warning to the client. */
export function logRetry({ method, path, attempt, waitMs, reason }: RetryInfo): void {
  process.stderr.write(`${LOGGER}: ${method} ${path}: ${reason}; retry ${attempt} in ${waitMs} ms\n`);
  const throttled = reason === "HTTP 429";
  clientLog(
    "warning",
    throttled
      ? `ConnectWise is throttling requests (HTTP 429) on ${method} ${path}: waiting ${seconds(waitMs)} before retry ${attempt}.`
      : `${method} ${path} failed (${reason}): retry ${attempt} in ${seconds(waitMs)}.`,
  );
}

/**
 * openapi-fetch middleware that notices slow ConnectWise calls: after `thresholdMs` (queueing for a slot
 * and retries included, which is what the person waits for) a notice that the call is still running, and
 * when it ends, an info line with how long it took. Timers are unref'd: they never keep the process alive.
 */
export function slowCallMiddleware(thresholdMs: number): Middleware {
  const running = new Map<string, { started: number; timer: NodeJS.Timeout; fired: boolean; what: string }>();
  const finish = (id: string, outcome: string) => {
    const call = running.get(id);
    if (!call) return;
    running.delete(id);
    clearTimeout(call.timer);
    if (!call.fired) return;
    const ms = Math.round(performance.now() - call.started);
    process.stderr.write(`${LOGGER}: slow call: ${call.what} ${outcome} after ${ms} ms\n`);
    clientLog("info", `Slow ConnectWise call: ${call.what} ${outcome} after ${seconds(ms)}.`);
  };
  return {
    onRequest({ request, id }) {
      const what = `${request.method} ${apiPath(request.url)}`;
      const call = { started: performance.now(), fired: false, what, timer: undefined as unknown as NodeJS.Timeout };
      // The timer runs in this call's async context, so its notice reaches the client that made the call.
      call.timer = setTimeout(() => {
        call.fired = true;
        clientLog("notice", `ConnectWise is slow: ${what} has been running for ${seconds(thresholdMs)} (CW_SLOW_CALL_MS).`);
      }, thresholdMs);
      call.timer.unref();
      running.set(id, call);
      return undefined;
    },
    onResponse({ response, id }) {
      finish(id, `answered ${response.status}`);
      return undefined;
    },
    onError({ id }) {
      finish(id, "failed");
      return undefined;
    },
  };
}

/** /v4_6_release/apis/3.0/service/tickets?… → /service/tickets (no query: conditions can hold names). */
function apiPath(url: string): string {
  try {
    return new URL(url).pathname.replace(/^.*?\/apis\/3\.0(?=\/)/, "");
  } catch {
    return "(unparsable URL)";
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}
