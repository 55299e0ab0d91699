/**
 * Web reports: ConnectWise web UI pages read through a real (headless) browser, for figures the REST API
 * does not compute. cw_report runs one (cached), cw_list_reports lists them, cw_discover_report scaffolds a
 * definition from a page, cw_report_purge clears the cache. The browser and the cache are loaded by the first
 * call that needs them; registering only sweeps leftover downloads, off the start-up path.
 */
import type { CallToolResult, ServerNotification, ServerRequest, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { z } from "zod";
import { failure } from "../calls/execute.js";
import { redactDeep } from "../http/redact.js";
import { sweepDownloads } from "../reports/downloads.js";
import { ReportError } from "../reports/errors.js";
import type { ProgressSink } from "../reports/progress.js";
import type { Runtime } from "../runtime.js";
import { StoreError } from "../store/errors.js";
import type { Registrar } from "./registrar.js";
import { withNotice } from "../format/untrusted.js";

const cell = z.union([z.string(), z.number(), z.null()]);
const paramValue = z.union([z.string(), z.number(), z.boolean()]);
const DEFAULT_MAX_ROWS = 500;

const reportParamOutput = z.object({
  name: z.string(),
  type: z.enum(["date", "text", "choice"]),
  description: z.string(),
  required: z.boolean(),
  default: z.string().optional(),
  choices: z.array(z.string()).optional(),
});

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Data directories swept by this process: once each, at the first registration (the HTTP transport registers per session). */
const swept = new Set<string>();

export function registerReportTools(server: Registrar, runtime: Runtime): void {
  // Downloads left by a server that was killed mid-export: removed now, without waiting and without a browser.
  // Only once per process, before any export of its own can be in flight.
  if (!swept.has(runtime.config.dataDir)) {
    swept.add(runtime.config.dataDir);
    void sweepDownloads(runtime.config.dataDir).catch(() => undefined);
  }

  server.registerTool(
    "cw_report",
    {
      title: "Run a web report",
      description:
        "Run a ConnectWise web UI report in a headless browser (signed in with CW_WEB_USERNAME / CW_WEB_PASSWORD) and return its rows. " +
        "Cached, usually for 1 hour (refresh: true fetches again). Weekly: open-tickets-by-age, time-by-member, agreement-summary, " +
        "unbilled-time, closed-tickets-by-technician; cw_list_reports lists all with parameters. Dates: YYYY-MM-DD, today, -7d, -2w.",
      inputSchema: {
        id: z.string().min(1).max(100).describe("Report id from cw_list_reports, e.g. time-by-member"),
        params: z.record(z.string(), paramValue).optional().describe('Report parameters, e.g. {"start": "-7d", "end": "yesterday"}; defaults fill the rest'),
        refresh: z.boolean().optional().describe("Fetch live even when a cached result is still fresh"),
        max_rows: z.int().min(1).max(5000).optional().describe(`Rows in structuredContent (default ${DEFAULT_MAX_ROWS}); the cache keeps them all`),
        timeout_seconds: z.int().min(1).max(600).optional().describe("Default: from past runs, at least 60"),
      },
      outputSchema: {
        id: z.string(),
        name: z.string(),
        url: z.string(),
        params: z.record(z.string(), z.string()),
        columns: z.array(z.string()),
        rows: z.array(z.record(z.string(), cell)),
        row_count: z.number(),
        truncated: z.boolean(),
        from_cache: z.boolean(),
        fetched_at: z.string(),
        duration_ms: z.number(),
        ttl_seconds: z.number(),
        signed_in: z.boolean(),
        extract: z.enum(["table", "csv"]),
        typical_seconds: z.number().optional(),
        history: z.array(z.object({ fetched_at: z.string(), row_count: z.number(), duration_ms: z.number() })),
      },
      annotations: { title: "Run a web report", readOnlyHint: true, openWorldHint: true },
    },
    async ({ id, params, refresh, max_rows, timeout_seconds }, extra) => {
      try {
        const { reportService } = await import("../reports/service.js");
        const { runReport } = await import("../reports/run.js");
        const { reportText, rowObjects } = await import("../reports/format.js");
        const service = reportService(runtime);
        const r = await runReport(await service.env(), id, params, { refresh, timeoutSeconds: timeout_seconds, signal: extra.signal, onProgress: progressOf(extra) });
        const shown = max_rows ?? DEFAULT_MAX_ROWS;
        return answer(runtime, withNotice(reportText(r, runtime.config.timezone, shown)), {
          id: r.definition.id,
          name: r.definition.name,
          url: r.url,
          params: r.params,
          columns: r.columns,
          rows: rowObjects(r.columns, r.rows.slice(0, shown)),
          row_count: r.rows.length,
          truncated: r.rows.length > shown || r.total > r.rows.length,
          from_cache: r.fromCache,
          fetched_at: r.fetchedAt,
          duration_ms: r.durationMs,
          ttl_seconds: r.ttlSeconds,
          signed_in: r.signedIn,
          extract: r.definition.extract.kind,
          ...(r.typicalMs !== undefined ? { typical_seconds: Math.round(r.typicalMs / 100) / 10 } : {}),
          history: r.history.map((h) => ({ fetched_at: h.fetchedAt, row_count: h.rowCount, duration_ms: h.durationMs })),
        });
      } catch (err) {
        return reportFailure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_list_reports",
    {
      title: "List web reports",
      description: "The web reports cw_report can run (weekly ones first), with parameters, defaults and when each was last fetched.",
      inputSchema: {},
      outputSchema: {
        reports: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            description: z.string(),
            weekly: z.boolean(),
            source: z.enum(["packaged", "discovered"]),
            extract: z.enum(["table", "csv"]),
            ttl_seconds: z.number(),
            params: z.array(reportParamOutput),
            last_fetched_at: z.string().optional(),
            cached_runs: z.number().optional(),
          }),
        ),
      },
      annotations: { title: "List web reports", readOnlyHint: true, openWorldHint: false },
    },
    async () => {
      try {
        const { allReports, DEFAULT_TTL_SECONDS } = await import("../reports/definitions.js");
        const reports = allReports(runtime.config.dataDir);
        const cached = await cacheSummary(runtime);
        const list = reports.map((r) => {
          const c = cached?.get(r.id);
          return {
            id: r.id,
            name: r.name,
            description: r.description,
            weekly: r.weekly === true,
            source: r.source,
            extract: r.extract.kind,
            ttl_seconds: r.ttl_seconds ?? DEFAULT_TTL_SECONDS,
            params: r.params.map((p) => ({
              name: p.name,
              type: p.type,
              description: p.description,
              required: p.required === true,
              ...(p.default !== undefined ? { default: p.default } : {}),
              ...(p.choices ? { choices: p.choices } : {}),
            })),
            ...(c ? { last_fetched_at: c.lastFetchedAt, cached_runs: c.runs } : {}),
          };
        });
        const lines = list.map((r) => {
          const ps = r.params.map((p) => `${p.name}${p.required ? "" : "?"}${p.default ? `=${p.default}` : ""}`).join(", ");
          return `${r.weekly ? "★ " : ""}${r.id}: ${r.name}${ps ? ` (${ps})` : ""}${r.source === "discovered" ? " [discovered]" : ""}${r.last_fetched_at ? `; last fetched ${r.last_fetched_at}` : ""}`;
        });
        return answer(runtime, `${list.length} web reports (★ = weekly). Run one with cw_report {id, params}.\n${lines.join("\n")}`, { reports: list });
      } catch (err) {
        return reportFailure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_discover_report",
    {
      title: "Discover a web report",
      description:
        "Open a ConnectWise web UI page in the headless browser, find its table, CSV export and parameter form, and save a report " +
        "definition for cw_report {id}. Only ConnectWise pages are opened (CW_DISCOVER_ALLOW_OFFORIGIN=true allows others).",
      inputSchema: {
        url: z.string().min(1).max(2000).describe("The report page's URL (or its path on the web UI), e.g. /v2026_1/reports/ar-aging"),
        name: z.string().min(1).max(120).describe("A name for the report; its id is made from it (e.g. 'AR by company' → ar-by-company)"),
        save: z.boolean().optional().describe("Save the definition for cw_report (default true); false only shows it"),
      },
      outputSchema: {
        definition: z.looseObject({ id: z.string(), name: z.string() }),
        saved: z.boolean(),
        replaced: z.boolean(),
        file: z.string().optional(),
        preview: z.object({ columns: z.array(z.string()), row_count: z.number(), sample: z.array(z.array(z.string())) }),
        notes: z.array(z.string()),
        signed_in: z.boolean(),
      },
      annotations: { title: "Discover a web report", readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    async ({ url, name, save }, extra) => {
      try {
        const { reportService } = await import("../reports/service.js");
        const { discoverReport } = await import("../reports/discover.js");
        const { table } = await import("../reports/format.js");
        const env = await reportService(runtime).env();
        const d = await discoverReport(env, url, name, { save, signal: extra.signal, onProgress: progressOf(extra) });
        const def = d.definition;
        const how = def.extract.kind === "csv" ? `its CSV export (${def.extract.trigger})` : `the table ${def.extract.selector}`;
        const lines = [
          `${d.saved ? (d.replaced ? "Replaced" : "Saved") : "Scaffolded (not saved)"} report "${def.id}" (${def.name}): ${def.path ?? def.url}, rows from ${how}.`,
          def.params.length ? `Parameters: ${def.params.map((p) => `${p.name} (${p.type}${p.default ? `, default ${p.default}` : ""})`).join(", ")}.` : "No parameters.",
          d.preview.columns.length ? `The page shows ${d.preview.rowCount} rows:\n${table(d.preview.columns, d.preview.sample)}` : "",
          ...d.notes,
          d.saved ? `Run it with cw_report {id: "${def.id}"}; edit ${d.file} to adjust it.` : "",
        ].filter(Boolean);
        return answer(runtime, withNotice(lines.join("\n")), {
          definition: def,
          saved: d.saved,
          replaced: d.replaced,
          ...(d.file ? { file: d.file } : {}),
          preview: { columns: d.preview.columns, row_count: d.preview.rowCount, sample: d.preview.sample },
          notes: d.notes,
          signed_in: d.signedIn,
        });
      } catch (err) {
        return reportFailure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_report_purge",
    {
      title: "Purge cached web reports",
      description: "Delete cached report results: older than older_than_days, of one report (id), both, or all when neither is given.",
      inputSchema: {
        older_than_days: z.number().min(0).max(3650).optional().describe("Fetched more than this many days ago (0 = all)"),
        id: z.string().min(1).max(100).optional().describe("Only this report's results"),
      },
      outputSchema: { deleted: z.number(), remaining: z.number(), older_than_days: z.number().optional(), id: z.string().optional() },
      annotations: { title: "Purge cached web reports", readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ older_than_days, id }) => {
      try {
        const { reportService } = await import("../reports/service.js");
        const { deleted, remaining } = reportService(runtime).cache().purge({ olderThanDays: older_than_days, reportId: id?.trim().toLowerCase() });
        const scope = [id ? `of ${id}` : "", older_than_days !== undefined ? `older than ${older_than_days} days` : ""].filter(Boolean).join(" ") || "(all)";
        return answer(runtime, `Deleted ${deleted} cached report result${deleted === 1 ? "" : "s"} ${scope}; ${remaining} remain.`, {
          deleted,
          remaining,
          ...(older_than_days !== undefined ? { older_than_days } : {}),
          ...(id ? { id } : {}),
        });
      } catch (err) {
        return reportFailure(runtime, err);
      }
    },
  );
}

function progressOf(extra: Extra): ProgressSink | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  return (update) => extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, ...update } });
}

/** Last-fetched times for the list; the list still answers when the cache cannot be opened. */
async function cacheSummary(runtime: Runtime): Promise<Map<string, { runs: number; lastFetchedAt: string }> | undefined> {
  try {
    const { reportService } = await import("../reports/service.js");
    const { webOriginOf } = await import("../reports/origin.js");
    const connection = await runtime.connection();
    return reportService(runtime).cache().summary(webOriginOf(connection.apiUrl, runtime.config.webUrl));
  } catch {
    return undefined;
  }
}

function answer(runtime: Runtime, text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: runtime.redact(text) }], structuredContent: redactDeep(structured, runtime.redact) };
}

function reportFailure(runtime: Runtime, err: unknown): CallToolResult {
  if (err instanceof ReportError || err instanceof StoreError) return { isError: true, content: [{ type: "text", text: runtime.redact(err.describe()) }] };
  return failure(runtime, err);
}
