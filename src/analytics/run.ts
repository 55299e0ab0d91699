/**
 * An analytics definition → an MCP answer: read the params against the operation's declaration,
 * gather the fetch plan through the shared client (every branch at once, the limiter bounding what is
 * in flight), fail on a required branch and report an optional one like the composites do, compute,
 * and answer with the compact table, the full figures as structuredContent and, when the definition
 * drew one, a chart image.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { DateTime } from "luxon";
import { failure } from "../calls/execute.js";
import { gather, required, type BranchFailure } from "../composites/fanout.js";
import { failureLines } from "../composites/show.js";
import { withoutInfo } from "../format/compact.js";
import { withNotice } from "../format/untrusted.js";
import { CwApiError } from "../http/errors.js";
import { redactDeep } from "../http/redact.js";
import type { HandlerContext } from "../operations/handlers.js";
import { analyticsReader } from "./read.js";
import { readParams } from "./params.js";
import type { AnyDefinition, Env, Rec } from "./types.js";

export async function runAnalytics(def: AnyDefinition, ctx: HandlerContext): Promise<CallToolResult> {
  const { runtime, signal } = ctx;
  // The chart modules take a while to load: start now, so loading overlaps the reads.
  const wantsChart = ctx.operation?.params.some((p) => p.name === "chart") === true && String(ctx.params.chart ?? "").toLowerCase() !== "none";
  const chartModule = wantsChart ? import("./chart.js") : undefined;
  chartModule?.catch(() => undefined);
  try {
    if (!ctx.operation) throw new CwApiError({ kind: "refused", message: `${def.name} was called without its operation declaration.` });
    const zone = runtime.config.timezone;
    const nowDate = new Date();
    const env: Env = { zone, now: DateTime.fromJSDate(nowDate, { zone }) };
    const values = await readParams(ctx.operation, ctx.params, { lookups: runtime.lookups, zone, now: nowDate, ...(signal ? { signal } : {}) });
    const p = def.parse(values, env);
    const read = analyticsReader(await runtime.http(), signal);
    const lists = { members: () => runtime.lookups.records("member", signal), workRoles: () => runtime.lookups.records("work_role", signal) };
    const describe = (err: unknown) => runtime.redact(err instanceof CwApiError ? err.describe() : err instanceof Error ? err.message : String(err));
    const got = await gather(def.plan(p, { read, lists, env }), describe);

    const optional = (def.optional ?? {}) as Rec;
    const data: Rec = {};
    const failures: BranchFailure[] = [];
    for (const failed of got.failures) {
      if (!(failed.branch in optional)) required(got, failed.branch as never);
      failures.push(failed);
    }
    for (const [branch, fallback] of Object.entries(optional)) if (!(branch in got.values)) data[branch] = fallback;
    Object.assign(data, got.values);

    const result = def.compute(data, p, env);
    const notes = read.truncated.length ? [`Partial figures: ${read.truncated.join("; ")}.`] : [];
    const text = withNotice([result.text, ...notes, ...failureLines(failures)].join("\n"));
    const structured = { ...result.structured, ...(notes.length ? { truncated: read.truncated } : {}), failures };
    const content: CallToolResult["content"] = [{ type: "text", text: runtime.redact(text) }];

    const format = values.string("chart") ?? "png";
    if (result.chart && chartModule && format !== "none") {
      try {
        const { renderChart } = await chartModule;
        content.push(await renderChart(result.chart, format === "svg" ? "svg" : "png"));
      } catch (err) {
        // A picture that cannot be drawn costs the picture, never the figures.
        content[0] = { type: "text", text: `${runtime.redact(text)}\n(The chart could not be drawn: ${runtime.redact(err instanceof Error ? err.message : String(err))})` };
      }
    }
    return { content, structuredContent: redactDeep(withoutInfo(structured), runtime.redact) as Rec };
  } catch (err) {
    return failure(runtime, err);
  }
}
