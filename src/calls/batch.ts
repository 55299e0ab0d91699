/**
 * The steps of cw_batch_update that talk to the catalogue and to ConnectWise: check every item as
 * cw_api_call checks one call (all problems at once), preview each item, re-read the targeted records
 * before a confirmed run, and run the items in order.
 */
import type { Catalogue, EndpointRow } from "../catalogue/catalogue.js";
import type { CwHttp } from "../http/client.js";
import { CwApiError } from "../http/errors.js";
import type { Target } from "../writes/batch.js";
import { buildPreview, PreviewLedger, targetsRecord, type Preview, type WritePlan } from "../writes/preview.js";
import { resolveCall } from "./resolve.js";
import { validateBody, validateQuery } from "./validate.js";

export type BatchMethod = "POST" | "PUT" | "PATCH" | "DELETE";

export interface BatchOperation {
  method: BatchMethod;
  path: string;
  params?: Record<string, string | number | boolean> | undefined;
  body?: unknown;
}

export interface CheckedItem extends WritePlan {
  endpoint: EndpointRow;
}

export type Checked = { ok: true; items: CheckedItem[] } | { ok: false; text: string };

/** `operations[2] PATCH /service/tickets/5`: how every message names an item. */
export function itemName(index: number, method: string, path: string): string {
  return `operations[${index}] ${method.toUpperCase()} ${path}`;
}

/** Resolve and validate every item (path, path and query params, body; dates normalised), reporting every problem. */
export async function checkItems(catalogue: Catalogue, operations: BatchOperation[]): Promise<Checked> {
  const results = await Promise.all(
    operations.map(async (op, index): Promise<CheckedItem | string> => {
      try {
        const call = resolveCall(catalogue, op.method, op.path, op.params ?? {});
        const query = await validateQuery(call.endpoint, call.query);
        const body = await validateBody(catalogue, call.endpoint, op.body);
        return { method: op.method, path: call.path, query, ...(body !== undefined ? { body } : {}), endpoint: call.endpoint };
      } catch (err) {
        return problemText(index, op, err);
      }
    }),
  );
  const problems = results.filter((r): r is string => typeof r === "string");
  if (problems.length === 0) return { ok: true, items: results as CheckedItem[] };
  const head = `${problems.length} of ${operations.length} operation${operations.length === 1 ? "" : "s"} do${problems.length === 1 ? "es" : ""} not fit the ConnectWise spec, so the batch was refused and nothing was sent:`;
  const tail = "Fix these and preview again; cw_endpoint_details shows an endpoint's fields, types and allowed values.";
  return { ok: false, text: [head, ...problems, tail].join("\n") };
}

function problemText(index: number, op: BatchOperation, err: unknown): string {
  const lines = [`${itemName(index, op.method, op.path)}: ${err instanceof Error ? err.message : String(err)}`];
  if (err instanceof CwApiError) {
    for (const f of err.fieldErrors) lines.push(`  - ${f.field ? `${f.field}: ` : ""}${f.message}`);
    // Hints that only repeat the general advice in the tail are left out; path hints (closest paths, methods) stay.
    if (err.hint && !err.hint.startsWith("cw_endpoint_details")) lines.push(`  ${err.hint}`);
  }
  return lines.join("\n");
}

/**
 * Each item's preview, reading the records PUT/PATCH/DELETE items target (concurrently; the client's limiter
 * bounds it). A throwaway ledger: the batch keeps its own snapshot in the token, and 100 items must not
 * push single-call previews out of the shared one.
 */
export async function previewItems(http: CwHttp, items: CheckedItem[], signal?: AbortSignal): Promise<Preview[]> {
  const ledger = new PreviewLedger();
  return Promise.all(items.map(({ endpoint: _, ...plan }) => buildPreview(http, ledger, plan, signal)));
}

/** The records a batch writes to, with what the preview saw (one per record, first item that targets it). */
export function targetsOf(items: CheckedItem[], previews: Preview[]): Target[] {
  const seen = new Set<string>();
  const out: Target[] = [];
  items.forEach((item, index) => {
    const key = item.path.toLowerCase();
    if (!targetsRecord(item.method, item.path) || seen.has(key)) return;
    seen.add(key);
    out.push({ index, path: item.path, lastUpdated: previews[index]?.current?.lastUpdated ?? null });
  });
  return out;
}

export interface ChangedTarget extends Target {
  now: string | null;
  updatedBy?: string;
}

/** Read each targeted record again; those whose lastUpdated is not what the preview saw. */
export async function changedTargets(http: CwHttp, targets: Target[], signal?: AbortSignal): Promise<ChangedTarget[]> {
  const now = await Promise.all(
    targets.map(async (t) => {
      try {
        const record = (await http.request({ method: "GET", path: t.path, ...(signal ? { signal } : {}) })).data as { _info?: { lastUpdated?: unknown; updatedBy?: unknown } } | undefined;
        const info = record?._info;
        return { lastUpdated: typeof info?.lastUpdated === "string" ? info.lastUpdated : null, ...(typeof info?.updatedBy === "string" ? { updatedBy: info.updatedBy } : {}) };
      } catch (err) {
        // Cancelled or unreachable: not a reason to call the record changed, but no reason to run either.
        if (err instanceof CwApiError && (err.kind === "cancelled" || err.kind === "config")) throw err;
        return { lastUpdated: null };
      }
    }),
  );
  return targets.flatMap((t, i) => (now[i]!.lastUpdated === t.lastUpdated ? [] : [{ ...t, now: now[i]!.lastUpdated, ...(now[i]!.updatedBy ? { updatedBy: now[i]!.updatedBy } : {}) }]));
}

export type Outcome =
  | { outcome: "sent"; status: number; id?: number }
  | { outcome: "failed"; error: string; status?: number }
  | { outcome: "not_sent"; reason: "after_failure" | "cancelled" };

export interface RunOptions {
  continueOnError: boolean;
  signal?: AbortSignal | undefined;
  onItem?: (index: number, outcome: Outcome) => Promise<void> | void;
}

/**
 * Send the items one after another. A cancellation stops before the next item: the signal is not passed to
 * a write in flight, because a write aborted half-way may or may not have reached ConnectWise, and the
 * report must say which items were sent. (The client's timeout still bounds each one.)
 */
export async function runItems(http: CwHttp, items: CheckedItem[], options: RunOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let stopped: "after_failure" | "cancelled" | undefined;
  for (const [index, item] of items.entries()) {
    if (!stopped && options.signal?.aborted) stopped = "cancelled";
    if (stopped) {
      outcomes.push({ outcome: "not_sent", reason: stopped });
      continue;
    }
    let outcome: Outcome;
    try {
      const res = await http.request({ method: item.method, path: item.path, query: item.query, ...(item.body !== undefined ? { body: item.body } : {}) });
      const id = idOf(res.data) ?? idFromPath(item.path);
      outcome = { outcome: "sent", status: res.status, ...(id !== undefined ? { id } : {}) };
    } catch (err) {
      outcome = err instanceof CwApiError
        ? { outcome: "failed", error: err.describe(), ...(err.status !== undefined ? { status: err.status } : {}) }
        : { outcome: "failed", error: `Unexpected error: ${err instanceof Error ? err.message : String(err)}` };
      if (!options.continueOnError) stopped = "after_failure";
    }
    outcomes.push(outcome);
    await options.onItem?.(index, outcome);
  }
  return outcomes;
}

function idOf(data: unknown): number | undefined {
  const id = data && typeof data === "object" && !Array.isArray(data) ? (data as { id?: unknown }).id : undefined;
  return typeof id === "number" ? id : undefined;
}

function idFromPath(path: string): number | undefined {
  const last = /\/(\d+)$/.exec(path)?.[1];
  return last === undefined ? undefined : Number(last);
}
