/**
 * Execution tools: call ConnectWise. Reads run; writes are previewed unless `confirm: true`.
 */
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { jsonArgument } from "../calls/nesting.js";
import { failure, runCall } from "../calls/execute.js";
import { resolveCall } from "../calls/resolve.js";
import { callFromSaved, findSavedQuery, noteSavedRun, storeOrCallFailure } from "../calls/saved-query.js";
import { validateBody, validateQuery } from "../calls/validate.js";
import type { EndpointRow, HttpMethod } from "../catalogue/catalogue.js";
import { matchTemplates } from "../catalogue/path-match.js";
import { summariseList, withoutInfo } from "../format/compact.js";
import { withNotice } from "../format/untrusted.js";
import { CwApiError } from "../http/errors.js";
import { fetchAll } from "../http/paginate.js";
import { safeApiPath } from "../http/safe-path.js";
import { normaliseBodyDates, normaliseConditionDates } from "../http/timestamps.js";
import { confirmer } from "../mcp/elicit.js";
import type { Runtime } from "../runtime.js";
import type { Registrar } from "./registrar.js";

const WRITES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
const READS: ToolAnnotations = { readOnlyHint: true, openWorldHint: true };
const method = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const confirm = z.boolean().optional().describe("Send the write (otherwise only previewed)");
const includeInfo = z.boolean().optional().describe("Keep _info blocks (dropped by default)");

const callOutput = z.looseObject({
  method: z.string(),
  path: z.string(),
  status: z.number().optional(),
  preview: z.boolean().optional(),
  url: z.string().optional(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })).optional(),
  count: z.number().optional(),
  next: z.string().optional(),
  data: z.unknown().optional(),
  /** cw_api_call {query}: the saved query that ran, and its use count once a run was sent. */
  saved_query: z.string().optional(),
  use_count: z.number().optional(),
});

export const PAGE_SIZE = 250;
export const DEFAULT_MAX_ITEMS = 1000;
export const MAX_ITEMS = 5000;

export function registerExecutionTools(server: Registrar, runtime: Runtime): void {
  server.registerTool(
    "cw_api_call",
    {
      title: "Call a ConnectWise endpoint",
      description:
        "Call one ConnectWise API endpoint, checked against the spec first. GET runs. POST/PUT/PATCH/DELETE return a preview " +
        "(each field before → after) and send nothing unless confirm is true. query runs a saved query instead of method and path.",
      inputSchema: {
        method: method.optional().describe("Required unless query is given"),
        path: z.string().min(1).max(500).optional().describe("e.g. /service/tickets/{id} or /service/tickets/123"),
        query: z.string().min(1).max(200).optional().describe("A saved query's name (cw_list_queries); params and body override its own"),
        params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe("Path and query parameters (conditions, orderBy, fields, page, pageSize …)"),
        body: jsonArgument.optional().describe("Request body for POST/PUT/PATCH (PATCH: [{op, path, value}])"),
        confirm,
        include_info: includeInfo,
      },
      outputSchema: callOutput,
      annotations: { ...WRITES, title: "Call a ConnectWise endpoint" },
    },
    async (args, extra) => {
      try {
        // A saved query supplies method, path, params and body; the store is opened only when one is asked for.
        const saved = args.query !== undefined ? findSavedQuery(runtime.savedQueries(), args.query) : undefined;
        const { method, path, params, body } = saved ? callFromSaved(saved, args) : given(args);
        const call = resolveCall(runtime.catalogue, method, path, params);
        const query = await validateQuery(call.endpoint, call.query);
        const checked = await validateBody(runtime.catalogue, call.endpoint, body);
        const result = await runCall(runtime, { method, path: call.path, query, ...(checked !== undefined ? { body: checked } : {}), endpoint: call.endpoint }, {
          confirm: args.confirm,
          includeInfo: args.include_info,
          signal: extra.signal,
          askHuman: confirmer(server.server, extra),
        });
        const sent = method === "GET" || args.confirm === true || result.structuredContent?.confirmation === "accepted";
        return saved ? noteSavedRun(runtime, saved, result, sent) : result;
      } catch (err) {
        return storeOrCallFailure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_raw_request",
    {
      title: "Raw ConnectWise request",
      description:
        "Send a request to any path under the ConnectWise API root, unchecked (for paths the spec lacks). Writes are previewed " +
        "unless confirm is true, and refused when CW_RAW_WRITES_ENABLED is false.",
      inputSchema: {
        method,
        path: z.string().min(1).max(500).describe("Path under the API root, e.g. /system/info"),
        query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe("Query parameters"),
        body: jsonArgument.optional().describe("JSON body"),
        confirm,
        include_info: includeInfo,
      },
      outputSchema: callOutput,
      annotations: { ...WRITES, title: "Raw ConnectWise request" },
    },
    async ({ method, path, query, body, confirm, include_info }, extra) => {
      try {
        const safe = safeApiPath(path);
        const normalised = Object.fromEntries(
          Object.entries(query ?? {}).map(([k, v]) => [k, typeof v === "string" && /conditions$/i.test(k) ? normaliseConditionDates(v) : v]),
        );
        const endpoint = matchTemplates(runtime.catalogue.endpoints(), safe).find((e) => e.method === method);
        return await runCall(
          runtime,
          { method, path: safe, query: normalised, ...(body !== undefined ? { body: normaliseBodyDates(body) } : {}), ...(endpoint ? { endpoint } : {}) },
          {
            confirm,
            includeInfo: include_info,
            signal: extra.signal,
            askHuman: confirmer(server.server, extra),
            refuseWrites: runtime.config.rawWritesEnabled ? undefined : "Raw writes are disabled (CW_RAW_WRITES_ENABLED is false): cw_raw_request only sends GET. Use cw_api_call, which checks writes against the spec.",
          },
        );
      } catch (err) {
        return failure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_paginated_fetch",
    {
      title: "Fetch a whole list",
      description: `Fetch a list across pages (${PAGE_SIZE} per page, several at once): default ${DEFAULT_MAX_ITEMS} records, at most ${MAX_ITEMS}. Filter with conditions; use fields to keep records small. Reports progress; can be cancelled.`,
      inputSchema: {
        path: z.string().min(1).max(500).describe("A list endpoint, e.g. /service/tickets or /service/tickets/123/notes"),
        conditions: z.string().max(4000).optional().describe('e.g. closedFlag = false and board/name = "Help Desk"'),
        childConditions: z.string().max(4000).optional(),
        customFieldConditions: z.string().max(4000).optional(),
        orderBy: z.string().max(500).optional().describe("e.g. id desc"),
        fields: z.string().max(2000).optional().describe("e.g. id,summary,status/name"),
        max_items: z.int().min(1).max(MAX_ITEMS).optional().describe(`Stop after this many (default ${DEFAULT_MAX_ITEMS})`),
        forward_only: z.boolean().optional().describe("Forward-only pages, one after another: slower, but nothing skipped or repeated while others edit. Not with orderBy"),
        include_info: includeInfo,
      },
      outputSchema: {
        path: z.string(),
        items: z.array(z.unknown()),
        fetched: z.number(),
        total: z.number().optional(),
        truncated: z.boolean(),
        pages: z.number(),
      },
      annotations: { ...READS, title: "Fetch a whole list" },
    },
    async ({ path, conditions, childConditions, customFieldConditions, orderBy, fields, max_items, forward_only, include_info }, extra) => {
      try {
        const call = resolveCall(runtime.catalogue, "GET", path);
        if (call.endpoint.kind !== "collection") {
          throw new CwApiError({ kind: "refused", message: `${call.endpoint.path} is not a list endpoint.`, hint: "Give a collection path such as /service/tickets; cw_api_call reads one record." });
        }
        if (forward_only && orderBy) {
          throw new CwApiError({ kind: "refused", message: "forward_only and orderBy cannot be combined: forward-only pages are always in id order.", hint: "Drop orderBy (and sort the answer), or drop forward_only." });
        }
        const query = await validateQuery(call.endpoint, { conditions, childConditions, customFieldConditions, orderBy, fields });
        const countPath = `${call.endpoint.path}/count`;
        const hasCount = runtime.catalogue.endpoints().some((e) => e.method === "GET" && e.path === countPath);
        const http = await runtime.http();
        const token = extra._meta?.progressToken;
        const result = await fetchAll(http, {
          path: call.path,
          ...(hasCount ? { countPath: `${call.path}/count` } : {}),
          query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
          maxItems: max_items ?? DEFAULT_MAX_ITEMS,
          pageSize: PAGE_SIZE,
          forwardOnly: forward_only === true,
          // A whole-list read usually spans pages: ask for as many as can be in flight in the first round trip.
          firstWave: http.limiter.max,
          signal: extra.signal,
          onPage: async ({ fetched, total }) => {
            if (token === undefined) return;
            await extra.sendNotification({
              method: "notifications/progress",
              params: { progressToken: token, progress: fetched, ...(total !== undefined ? { total: Math.min(total, max_items ?? DEFAULT_MAX_ITEMS) } : {}), message: `${fetched} records` },
            });
          },
        });
        const items = include_info ? result.items : (withoutInfo(result.items) as unknown[]);
        const tail = result.truncated ? `\nStopped at ${result.fetched}${result.total !== undefined ? ` of ${result.total}` : ""}: narrow the conditions or raise max_items (up to ${MAX_ITEMS}).` : "";
        return {
          content: [{ type: "text", text: runtime.redact(withNotice(`${summariseList(items, call.endpoint.resource.replace(/s$/, "") || "record", 30)}\n${result.pages} pages, ${result.strategy}.${tail}`)) }],
          structuredContent: { path: call.path, items, fetched: result.fetched, ...(result.total !== undefined ? { total: result.total } : {}), truncated: result.truncated, pages: result.pages },
        };
      } catch (err) {
        return failure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_count",
    {
      title: "Count ConnectWise records",
      description: "How many records of a list match the conditions (one cheap /count request).",
      inputSchema: {
        path: z.string().min(1).max(500).describe("A list endpoint, e.g. /service/tickets"),
        conditions: z.string().max(4000).optional().describe("e.g. closedFlag = false"),
      },
      outputSchema: { path: z.string(), count: z.number() },
      annotations: { ...READS, title: "Count ConnectWise records" },
    },
    async ({ path, conditions }, extra) => {
      let endpoint: EndpointRow | undefined;
      try {
        const safe = safeApiPath(path).replace(/\/count$/i, "");
        const call = resolveCall(runtime.catalogue, "GET", `${safe}/count`);
        endpoint = call.endpoint;
        const query = await validateQuery(call.endpoint, { conditions });
        const http = await runtime.http();
        const res = await http.request({ method: "GET", path: call.path, query, signal: extra.signal });
        const count = (res.data as { count?: unknown } | undefined)?.count;
        if (typeof count !== "number") throw new CwApiError({ kind: "malformed", message: `${call.path} did not answer with a count.` });
        return {
          content: [{ type: "text", text: `${count} ${call.endpoint.resource.replace(/s$/, "")}${count === 1 ? "" : "s"}${conditions ? ` where ${conditions}` : ""}.` }],
          structuredContent: { path: safe, count },
        };
      } catch (err) {
        return failure(runtime, err, endpoint);
      }
    },
  );
}

/** method and path are required when no saved query is named. */
function given(args: { method?: HttpMethod | undefined; path?: string | undefined; params?: Record<string, string | number | boolean> | undefined; body?: unknown }) {
  if (args.method === undefined || args.path === undefined) {
    const missing = [args.method === undefined ? "method" : "", args.path === undefined ? "path" : ""].filter(Boolean).join(" and ");
    throw new CwApiError({
      kind: "refused",
      message: `cw_api_call needs ${missing}, or query: the name of a saved query.`,
      hint: 'e.g. {"method": "GET", "path": "/service/tickets"}; cw_list_queries lists the saved queries.',
    });
  }
  return { method: args.method, path: args.path, params: args.params ?? {}, body: args.body };
}
