/**
 * The one path every ConnectWise call from a tool takes: the read-only gate, preview unless confirmed,
 * the "changed since preview" check, the request, and a compact answer. Errors come back as tool errors
 * that say what to change; nothing here prints credentials.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { EndpointRow } from "../catalogue/catalogue.js";
import { isReportData, recordLine, summariseList, summariseReport, withoutInfo } from "../format/compact.js";
import { headed, jsonText, withNotice, withoutNotice } from "../format/untrusted.js";
import type { CwResponse } from "../http/client.js";
import { CwApiError } from "../http/errors.js";
import { withConditionHint } from "../http/hints.js";
import { redactDeep } from "../http/redact.js";
import { notSentText, type Confirm } from "../mcp/elicit.js";
import type { Runtime } from "../runtime.js";
import { assertUnchangedSincePreview, buildPreview, shownLabel, type WritePlan } from "../writes/preview.js";

export interface CallPlan extends WritePlan {
  /** The spec's endpoint, when known: for hints and nouns. */
  endpoint?: EndpointRow;
}

export interface CallOptions {
  confirm?: boolean | undefined;
  includeInfo?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Extra refusal for writes (raw writes disabled); read-only mode is always checked. */
  refuseWrites?: string | undefined;
  /** How this tool's caller confirms a write, for the preview's last line. */
  confirmWith?: string | undefined;
  /**
   * Ask the person (MCP elicitation) when a write is not confirmed: the preview is shown to them and the write is
   * sent only if they accept. Absent when the client cannot be asked: the preview is the answer.
   */
  askHuman?: Confirm | undefined;
}

const MAX_TEXT = 12_000;
const MAX_INLINE_BYTES = 256 * 1024;

export async function runCall(runtime: Runtime, plan: CallPlan, options: CallOptions): Promise<CallToolResult> {
  const method = plan.method.toUpperCase();
  try {
    if (method !== "GET") {
      if (runtime.config.readOnly) {
        throw new CwApiError({ kind: "refused", method, path: plan.path, message: "This server is read-only (CW_READ_ONLY is set): it sends no POST, PUT, PATCH or DELETE.", hint: "Unset CW_READ_ONLY to allow writes." });
      }
      if (options.refuseWrites) throw new CwApiError({ kind: "refused", method, path: plan.path, message: options.refuseWrites });
    }
    const http = await runtime.http();
    const signal = options.signal;
    let confirmedByHuman = false;
    if (method !== "GET" && !options.confirm) {
      const preview = await buildPreview(http, runtime.previews, plan, signal, options.confirmWith);
      const structured = { ...preview, path: plan.path };
      if (!options.askHuman) return ok(runtime, previewText(preview), structured);
      const said = await options.askHuman(runtime.redact(`Send this write to ConnectWise?\n${withoutNotice(previewText(preview, false))}`));
      if (said.outcome === "failed") return ok(runtime, `${previewText(preview)}\n(The confirmation dialog could not be shown: ${said.reason}.)`, structured);
      if (said.outcome !== "accepted") return ok(runtime, headed(notSentText(said.outcome), previewText(preview, false)), { ...structured, confirmation: said.outcome });
      // Accepted: sent below, after the same "changed since the preview" check a confirm: true call gets.
      confirmedByHuman = true;
    }
    if (method !== "GET") await assertUnchangedSincePreview(http, runtime.previews, plan, signal);
    const response = await http.request({ method, path: plan.path, query: plan.query, ...(plan.body !== undefined ? { body: plan.body } : {}), ...(signal ? { signal } : {}) });
    if (method !== "GET") runtime.previews.forget(plan);
    const result = answer(runtime, plan, response, options.includeInfo === true);
    return confirmedByHuman ? confirmedAnswer(result) : result;
  } catch (err) {
    return failure(runtime, err, plan.endpoint);
  }
}

export function failure(runtime: Runtime, err: unknown, endpoint?: EndpointRow): CallToolResult {
  if (err instanceof CwApiError) {
    const described = (err.code === "ApiFindCondition" ? withConditionHint(err, runtime.catalogue, endpoint) : err).describe();
    return { isError: true, content: [{ type: "text", text: runtime.redact(described) }] };
  }
  return { isError: true, content: [{ type: "text", text: runtime.redact(`Unexpected error: ${err instanceof Error ? err.message : String(err)}`) }] };
}

function answer(runtime: Runtime, plan: CallPlan, response: CwResponse, includeInfo: boolean): CallToolResult {
  const base = { method: plan.method.toUpperCase(), path: plan.path, status: response.status };
  if (response.bytes) {
    const inline = response.bytes.length <= MAX_INLINE_BYTES;
    return ok(runtime, `${base.method} ${plan.path}: ${response.status}, ${response.contentType}, ${response.bytes.length} bytes${inline ? " (base64 in structuredContent.data)" : ""}.`, {
      ...base,
      contentType: response.contentType,
      bytes: response.bytes.length,
      ...(inline ? { data: Buffer.from(response.bytes).toString("base64") } : {}),
    });
  }
  const data = includeInfo ? response.data : withoutInfo(response.data);
  if (data === undefined) return ok(runtime, `${base.method} ${plan.path}: done (${response.status}).`, base);
  const next = nextLink(response.headers.get("link"));
  if (Array.isArray(data)) {
    const noun = nounOf(plan);
    const more = next ? `\nMore records follow: ask for ${next}.` : "";
    return ok(runtime, withNotice(`${summariseList(data, noun)}${more}`), { ...base, count: data.length, ...(next ? { next } : {}), data });
  }
  if (isReportData(data)) {
    const more = next ? `\nMore rows follow: ask for ${next}.` : "";
    return ok(runtime, withNotice(`${summariseReport(data)}${more}`), { ...base, count: data.row_values.length, ...(next ? { next } : {}), data });
  }
  const json = jsonText(data);
  const text = json.length > MAX_TEXT ? `${recordLine(data)}\n${json.slice(0, MAX_TEXT)}… (cut; the whole record is in structuredContent.data)` : json;
  return ok(runtime, withNotice(`${base.method} ${plan.path}: ${response.status}\n${text}`), { ...base, data });
}

function ok(runtime: Runtime, text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: runtime.redact(text) }], structuredContent: redactDeep(structured, runtime.redact) };
}

/** A write the person accepted in the dialog: the answer says so, in text and structuredContent. */
function confirmedAnswer(result: CallToolResult): CallToolResult {
  const [first, ...rest] = result.content;
  const content = first?.type === "text" ? [{ ...first, text: headed("Confirmed by the user in the client's dialog, and sent.", first.text) }, ...rest] : result.content;
  return { ...result, content, ...(result.structuredContent ? { structuredContent: { ...result.structuredContent, confirmation: "accepted" } } : {}) };
}

/** The preview as text; `withNext` false leaves out how to confirm (for the person in the dialog, who confirms by ticking). */
function previewText(p: Awaited<ReturnType<typeof buildPreview>>, withNext = true): string {
  const lines = [`Preview only — ${p.method} ${p.url}`];
  if (p.body !== undefined) lines.push(`Body: ${jsonText(p.body)}`);
  if (p.current) lines.push(`Record now: ${shownLabel(p.current.label)}${p.current.lastUpdated ? ` (last updated ${p.current.lastUpdated})` : ""}`);
  if (p.changes?.length) {
    lines.push("Changes:");
    for (const c of p.changes.slice(0, 40)) lines.push(`  ${c.field}: ${show(c.before)} → ${show(c.after)}`);
    if (p.changes.length > 40) lines.push(`  … ${p.changes.length - 40} more`);
  }
  if (p.warning) lines.push(`Warning: ${p.warning}`);
  if (withNext) lines.push(p.next);
  // The record as it is now is ConnectWise's text; a preview of a POST shows only what the caller sent.
  return p.current ? withNotice(lines.join("\n")) : lines.join("\n");
}

function show(v: unknown): string {
  if (v === undefined) return "(not set)";
  const s = jsonText(withoutInfo(v));
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}

function nounOf(plan: CallPlan): string {
  const last = (plan.endpoint?.resource || plan.path.split("/").filter((s) => !/^\d+$/.test(s)).at(-1) || "record").replace(/s$/, "");
  return last.length > 1 ? last : "record";
}

/** The next page of a Link header, as the query to ask for: "page=3" or "pageId=1234". */
function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  const m = /<[^>]*[?&](page(?:Id)?=\d+)[^>]*>;\s*rel="next"/i.exec(link);
  return m ? m[1] : undefined;
}
