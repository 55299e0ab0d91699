/**
 * cw_batch_update: several writes reviewed together, then run in order. The first call checks every item
 * against the spec and returns a preview with a preview_token (a hash of the exact plan); only the same
 * plan with confirm: true and that token runs, once, within the token's lifetime, and only if no targeted
 * record changed since the preview. The answer always says which items were sent and which were not.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { jsonArgument } from "../calls/nesting.js";
import { changedTargets, checkItems, itemName, previewItems, runItems, targetsOf, type ChangedTarget, type CheckedItem, type Outcome } from "../calls/batch.js";
import { failure } from "../calls/execute.js";
import { withoutInfo } from "../format/compact.js";
import { headed, jsonText, name, withNotice, withoutNotice } from "../format/untrusted.js";
import { redactDeep } from "../http/redact.js";
import { confirmer, notSentText } from "../mcp/elicit.js";
import type { Runtime } from "../runtime.js";
import { BatchTokens, type BatchPlan } from "../writes/batch.js";
import { shownLabel, type Preview } from "../writes/preview.js";
import type { Registrar } from "./registrar.js";

export const MAX_BATCH = 100;
const MAX_TEXT = 12_000;
const CHANGES_SHOWN = 10;

const operationInput = z.object({
  method: z.enum(["POST", "PUT", "PATCH", "DELETE"]),
  path: z.string().min(1).max(500).describe("e.g. /service/tickets/{id} or /service/tickets/123"),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe("Path and query parameters, as cw_api_call takes them"),
  body: jsonArgument.optional().describe("Request body for POST/PUT/PATCH (PATCH: [{op, path, value}])"),
});

const itemOutput = z.object({
  index: z.number(),
  method: z.string(),
  path: z.string(),
  url: z.string().optional(),
  body: z.unknown().optional(),
  current: z.object({ id: z.unknown().optional(), lastUpdated: z.string().optional(), label: z.string().optional() }).optional(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })).optional(),
  warning: z.string().optional(),
  outcome: z.enum(["sent", "failed", "not_sent"]).optional(),
  status: z.number().optional(),
  id: z.number().optional(),
  error: z.string().optional(),
});
type ItemOutput = z.infer<typeof itemOutput>;

export interface BatchToolOptions {
  /** The clock for token lifetimes (tests move it). */
  now?: () => number;
}

export function registerBatchTools(server: Registrar, runtime: Runtime, options: BatchToolOptions = {}): void {
  const tokens = new BatchTokens(options.now ? { now: options.now } : {});
  server.registerTool(
    "cw_batch_update",
    {
      title: "Batch of reviewed writes",
      description:
        `Up to ${MAX_BATCH} POST/PUT/PATCH/DELETE calls, each checked like cw_api_call. Without confirm: a preview (records before → after) ` +
        "and a preview_token; nothing sent. The same operations with confirm: true and that token run in order, stopping at the first " +
        "failure unless continue_on_error. A token works once, for 15 minutes, and not after a targeted record changed.",
      inputSchema: {
        operations: z.array(operationInput).min(1).max(MAX_BATCH).describe("The writes, in the order to run them"),
        preview_token: z.string().max(200).optional().describe("From the preview of exactly these operations"),
        confirm: z.boolean().optional().describe("Run the batch (needs preview_token)"),
        continue_on_error: z.boolean().optional().describe("Keep going after a failed item (default: stop at the first failure)"),
      },
      outputSchema: {
        preview: z.boolean(),
        preview_token: z.string().optional(),
        expires_at: z.string().optional(),
        continue_on_error: z.boolean(),
        count: z.number(),
        items: z.array(itemOutput),
        sent: z.array(z.number()).optional(),
        failed: z.array(z.number()).optional(),
        not_sent: z.array(z.number()).optional(),
        cancelled: z.boolean().optional(),
      },
      annotations: { title: "Batch of reviewed writes", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ operations, preview_token, confirm, continue_on_error }, extra) => {
      try {
        if (runtime.config.readOnly) {
          return refused(runtime, "This server is read-only (CW_READ_ONLY is set): cw_batch_update sends no writes, so the batch was refused and nothing was sent.", "Unset CW_READ_ONLY to allow writes.");
        }
        const checked = await checkItems(runtime.catalogue, operations);
        if (!checked.ok) return refused(runtime, checked.text);
        const items = checked.items;
        const plan: BatchPlan = { items: items.map(({ endpoint: _, ...item }) => item), continueOnError: continue_on_error === true };
        const http = await runtime.http();

        let token = preview_token;
        let confirmedByHuman = false;
        if (!confirm) {
          const previews = await previewItems(http, items, extra.signal);
          const issued = tokens.issue(plan, targetsOf(items, previews));
          const rows = previews.map((p, index) => previewRow(index, items[index]!, p));
          const structured = { preview: true, preview_token: issued.token, expires_at: iso(issued.expiresAt), continue_on_error: plan.continueOnError, count: items.length, items: rows };
          const text = previewText(rows, items, issued.token, iso(issued.expiresAt), plan.continueOnError, preview_token !== undefined);
          // A client that can ask its user shows them the preview; only their "yes" runs the batch (with the same checks as confirm).
          const ask = confirmer(server.server, extra);
          if (!ask) return ok(runtime, text, structured);
          const said = await ask(runtime.redact(`Run this batch of writes in ConnectWise?\n${withoutNotice(text.slice(0, text.lastIndexOf("\n")))}`));
          if (said.outcome === "failed") return ok(runtime, `${text}\n(The confirmation dialog could not be shown: ${said.reason}.)`, structured);
          if (said.outcome !== "accepted") {
            tokens.claim(issued.token, plan); // used up: the person said no, so this preview cannot be confirmed behind their back
            const { preview_token: _, expires_at: __, ...rest } = structured;
            return ok(runtime, headed(notSentText(said.outcome), text.slice(0, text.lastIndexOf("\n"))), rest);
          }
          token = issued.token;
          confirmedByHuman = true;
        }

        const claim = tokens.claim(token, plan);
        if (!claim.ok) return refused(runtime, claim.refusal.message, claim.refusal.hint);
        let changed: ChangedTarget[];
        try {
          changed = await changedTargets(http, claim.targets, extra.signal);
        } catch (err) {
          tokens.release(token!);
          throw err;
        }
        if (changed.length > 0) {
          tokens.release(token!);
          return refused(runtime, staleText(changed, items), "Preview the batch again to see the records as they are now, then confirm with the new token.");
        }

        const progressToken = extra._meta?.progressToken;
        const outcomes = await runItems(http, items, {
          continueOnError: plan.continueOnError,
          signal: extra.signal,
          onItem: async (index, outcome) => {
            if (progressToken === undefined) return;
            await extra.sendNotification({
              method: "notifications/progress",
              params: { progressToken, progress: index + 1, total: items.length, message: runtime.redact(`${itemName(index, items[index]!.method, items[index]!.path)}: ${outcome.outcome.replace("_", " ")}`) },
            });
          },
        });
        const report = runReport(items, outcomes, plan.continueOnError);
        // A cancelled client never sees the answer, so the person running the server hears what was sent.
        if (report.structured.cancelled) process.stderr.write(`connectwise-psa-mcp: ${runtime.redact(report.summary)}\n`);
        const result = confirmedByHuman
          ? ok(runtime, `Confirmed by the user in the client's dialog.\n${report.text}`, report.structured)
          : ok(runtime, report.text, report.structured);
        return report.anyFailed || report.structured.cancelled ? { ...result, isError: true } : result;
      } catch (err) {
        return failure(runtime, err);
      }
    },
  );
}

function previewRow(index: number, item: CheckedItem, p: Preview): ItemOutput {
  return {
    index,
    method: p.method,
    path: item.path,
    url: p.url,
    ...(p.body !== undefined ? { body: p.body } : {}),
    ...(p.current ? { current: p.current } : {}),
    ...(p.changes ? { changes: p.changes } : {}),
    ...(p.warning ? { warning: p.warning } : {}),
  };
}

function previewText(rows: ItemOutput[], items: CheckedItem[], token: string, expiresAt: string, continueOnError: boolean, tokenIgnored: boolean): string {
  const n = rows.length;
  const lines = [`Preview only — nothing was sent. ${n} operation${n === 1 ? "" : "s"}, to run in this order; ${continueOnError ? "continue_on_error: later items run even when one fails" : "the run stops at the first failure"}.`];
  if (tokenIgnored) lines.push("(preview_token is only used with confirm: true; this call previewed the batch again.)");
  const repeated = new Set(items.map((i) => i.path.toLowerCase()).filter((p, i, all) => all.indexOf(p) !== i));
  for (const row of rows) {
    lines.push(`operations[${row.index}] ${row.method} ${row.url}`);
    if (row.body !== undefined) lines.push(`  Body: ${cut(jsonText(row.body), 400)}`);
    if (row.current) lines.push(`  Record now: ${shownLabel(row.current.label)}${row.current.lastUpdated ? ` (last updated ${row.current.lastUpdated})` : ""}`);
    if (row.changes?.length) {
      lines.push("  Changes:");
      for (const c of row.changes.slice(0, CHANGES_SHOWN)) lines.push(`    ${c.field}: ${show(c.before)} → ${show(c.after)}`);
      if (row.changes.length > CHANGES_SHOWN) lines.push(`    … ${row.changes.length - CHANGES_SHOWN} more (structuredContent.items[${row.index}].changes)`);
    }
    if (row.warning) lines.push(`  Warning: ${row.warning}`);
  }
  if (repeated.size > 0) lines.push("Note: several operations write to the same path; each one's \"before\" is the record as it is now, not after the earlier ones.");
  lines.push(
    `To run ${n === 1 ? "it" : `all ${n} in this order`}, call cw_batch_update again with exactly these operations${continueOnError ? " and continue_on_error: true" : ""}, confirm: true and preview_token: "${token}". ` +
      `The token works once, until ${expiresAt}, and is refused if the operations change or a record they write to changes first.`,
  );
  // Records as they are now are ConnectWise's text.
  return rows.some((r) => r.current) ? withNotice(fit(lines)) : fit(lines);
}

function staleText(changed: ChangedTarget[], items: CheckedItem[]): string {
  const lines = [`Stale preview_token: ${changed.length === 1 ? "a record" : `${changed.length} records`} the batch writes to changed since the preview, so nothing was sent:`];
  for (const c of changed) {
    const item = items[c.index]!;
    const now = c.now === null ? "could not be read now" : `now ${c.now}${c.updatedBy ? ` by ${name(c.updatedBy)}` : ""}`;
    lines.push(`  ${itemName(c.index, item.method, item.path)}: last updated ${c.lastUpdated ?? "(unreadable)"} at the preview, ${now}`);
  }
  return lines.join("\n");
}

interface Report {
  text: string;
  summary: string;
  anyFailed: boolean;
  structured: { preview: false; continue_on_error: boolean; count: number; items: ItemOutput[]; sent: number[]; failed: number[]; not_sent: number[]; cancelled?: boolean };
}

function runReport(items: CheckedItem[], outcomes: Outcome[], continueOnError: boolean): Report {
  const rows: ItemOutput[] = outcomes.map((o, index) => {
    const item = items[index]!;
    const base = { index, method: item.method, path: item.path };
    if (o.outcome === "sent") return { ...base, outcome: "sent", status: o.status, ...(o.id !== undefined ? { id: o.id } : {}) };
    if (o.outcome === "failed") return { ...base, outcome: "failed", error: o.error, ...(o.status !== undefined ? { status: o.status } : {}) };
    return { ...base, outcome: "not_sent" };
  });
  const by = (kind: string) => rows.filter((r) => r.outcome === kind).map((r) => r.index);
  const sent = by("sent");
  const failed = by("failed");
  const notSent = by("not_sent");
  const cancelled = outcomes.some((o) => o.outcome === "not_sent" && o.reason === "cancelled");
  const n = items.length;
  const list = (ix: number[]) => (ix.length === 0 ? "none" : ix.map((i) => `operations[${i}]`).join(", "));
  let head: string;
  if (failed.length === 0 && !cancelled) head = `Batch done: all ${n} operation${n === 1 ? "" : "s"} sent, in order.`;
  else if (cancelled) head = `Batch cancelled: ${sent.length} of ${n} sent, ${failed.length} failed, ${notSent.length} not sent.`;
  else if (continueOnError) head = `Batch finished with failures (continue_on_error): ${sent.length} of ${n} sent, ${failed.length} failed.`;
  else head = `Batch stopped at operations[${failed[0]}]: ${sent.length} of ${n} sent, ${failed.length} failed, ${notSent.length} not sent.`;
  const summary = `${head} Sent: ${list(sent)}. Failed: ${list(failed)}. Not sent: ${list(notSent)}.`;
  const lines = [head];
  if (failed.length > 0 || notSent.length > 0) lines.push(`Sent: ${list(sent)}. Failed: ${list(failed)}. Not sent: ${list(notSent)}.`);
  for (const [index, o] of outcomes.entries()) {
    const name = itemName(index, items[index]!.method, items[index]!.path);
    if (o.outcome === "sent") lines.push(`${name}: sent (${o.status})${o.id !== undefined ? `, record #${o.id}` : ""}`);
    else if (o.outcome === "failed") lines.push(`${name}: FAILED\n  ${o.error.replace(/\n/g, "\n  ")}`);
    else lines.push(`${name}: not sent (${o.reason === "cancelled" ? "cancelled" : "an earlier operation failed"})`);
  }
  if (failed.length > 0 || notSent.length > 0) {
    const redo = failed.length > 0 ? "fix what failed and preview a new batch" : "preview a new batch";
    lines.push(
      sent.length > 0
        ? `The operations that were sent are not undone. To finish, ${redo} of the operations that were not sent${failed.length > 0 ? " or failed" : ""}.`
        : `Nothing was changed in ConnectWise. To run it, ${redo}.`,
    );
  }
  return {
    text: fit(lines),
    summary,
    anyFailed: failed.length > 0,
    structured: { preview: false, continue_on_error: continueOnError, count: n, items: rows, sent, failed, not_sent: notSent, ...(cancelled ? { cancelled: true } : {}) },
  };
}

/** A refusal: said plainly (the CwApiError wording, "… failed: …", would suggest something was attempted). */
function refused(runtime: Runtime, message: string, hint?: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: runtime.redact(hint ? `${message}\n${hint}` : message) }] };
}

function ok(runtime: Runtime, text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: runtime.redact(text) }], structuredContent: redactDeep(structured, runtime.redact) };
}

/** The whole answer is in structuredContent; the text keeps its head and, when long, says where the rest is. */
function fit(lines: string[]): string {
  const text = lines.join("\n");
  if (text.length <= MAX_TEXT) return text;
  const last = lines.at(-1)!;
  return `${text.slice(0, MAX_TEXT - last.length - 80)}\n… (cut; every item is in structuredContent.items)\n${last}`;
}

function show(v: unknown): string {
  if (v === undefined) return "(not set)";
  return cut(jsonText(withoutInfo(v)), 120);
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
