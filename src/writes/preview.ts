/**
 * Writes people can review. Without `confirm: true`, a write is only previewed: the exact method, URL,
 * query and body, and for PUT, PATCH and DELETE the record as it is now with each field that would
 * change shown as before → after. Nothing is written. The preview remembers the record's
 * `_info.lastUpdated`; when the same write is then confirmed, the record is read again and the write
 * refused if someone changed it in between.
 */
import { quote } from "../format/untrusted.js";
import { CwApiError } from "../http/errors.js";
import type { CwHttp } from "../http/client.js";

export interface WritePlan {
  method: string;
  /** Concrete API-relative path. */
  path: string;
  query: Record<string, string | number | boolean>;
  body?: unknown;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface Preview {
  preview: true;
  method: string;
  url: string;
  query: Record<string, string | number | boolean>;
  body?: unknown;
  /** The record the write targets, as it is now (PUT, PATCH, DELETE on a record). */
  current?: { id?: unknown; lastUpdated?: string; label?: string };
  changes?: FieldChange[];
  /** Why the record could not be read, when it could not. */
  warning?: string;
  next: string;
}

const TTL_MS = 30 * 60_000;
const MAX_REMEMBERED = 500;

/** Previews shown, by write, with the lastUpdated they saw. */
export class PreviewLedger {
  private readonly seen = new Map<string, { lastUpdated?: string; at: number }>();

  remember(plan: WritePlan, lastUpdated: string | undefined, now = Date.now()): void {
    this.seen.delete(keyOf(plan));
    this.seen.set(keyOf(plan), { ...(lastUpdated ? { lastUpdated } : {}), at: now });
    while (this.seen.size > MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
  }

  /** The lastUpdated a preview of exactly this write saw, if one was shown recently. */
  previewed(plan: WritePlan, now = Date.now()): { lastUpdated?: string } | undefined {
    const entry = this.seen.get(keyOf(plan));
    if (!entry || now - entry.at > TTL_MS) return undefined;
    return entry;
  }

  forget(plan: WritePlan): void {
    this.seen.delete(keyOf(plan));
  }
}

function keyOf(plan: WritePlan): string {
  const query = Object.keys(plan.query).sort().map((k) => [k, plan.query[k]]);
  return JSON.stringify([plan.method.toUpperCase(), plan.path.toLowerCase(), query, plan.body ?? null]);
}

/** Whether a write targets one existing record whose current state is worth showing. */
export function targetsRecord(method: string, path: string): boolean {
  return ["PUT", "PATCH", "DELETE"].includes(method.toUpperCase()) && /\/\d+$/.test(path);
}

/** `confirmWith`: how the caller confirms, in the words of the tool they used ("confirm: true", "params.confirm: true"). */
export async function buildPreview(http: CwHttp, ledger: PreviewLedger, plan: WritePlan, signal?: AbortSignal, confirmWith = "confirm: true"): Promise<Preview> {
  const preview: Preview = {
    preview: true,
    method: plan.method.toUpperCase(),
    url: urlOf(http.apiUrl, plan),
    query: plan.query,
    ...(plan.body !== undefined ? { body: plan.body } : {}),
    next: `Nothing was sent. To make this change, call again with the same arguments and ${confirmWith}.`,
  };
  let lastUpdated: string | undefined;
  if (targetsRecord(plan.method, plan.path)) {
    try {
      const current = (await http.request({ method: "GET", path: plan.path, ...(signal ? { signal } : {}) })).data as Record<string, unknown> | undefined;
      if (current && typeof current === "object") {
        lastUpdated = infoOf(current).lastUpdated;
        preview.current = { id: current.id, ...(lastUpdated ? { lastUpdated } : {}), label: labelOf(current) };
        preview.changes = changesOf(preview.method, current, plan.body);
      }
    } catch (err) {
      preview.warning = err instanceof CwApiError ? `The record could not be read, so the write would likely fail: ${err.describe()}` : String(err);
    }
  } else if (preview.method === "POST" && plan.body && typeof plan.body === "object" && !Array.isArray(plan.body)) {
    preview.changes = Object.entries(plan.body).map(([field, after]) => ({ field, before: undefined, after }));
  }
  ledger.remember(plan, lastUpdated);
  return preview;
}

/**
 * Before a confirmed write whose preview saw the record: read it again and refuse if it changed since.
 * Writes confirmed without a preview go ahead (the caller chose not to review).
 */
export async function assertUnchangedSincePreview(http: CwHttp, ledger: PreviewLedger, plan: WritePlan, signal?: AbortSignal): Promise<void> {
  const seen = ledger.previewed(plan);
  if (!seen?.lastUpdated || !targetsRecord(plan.method, plan.path)) return;
  const current = (await http.request({ method: "GET", path: plan.path, ...(signal ? { signal } : {}) })).data as Record<string, unknown> | undefined;
  const now = current ? infoOf(current).lastUpdated : undefined;
  if (now !== seen.lastUpdated) {
    ledger.forget(plan);
    throw new CwApiError({
      kind: "refused",
      method: plan.method.toUpperCase(),
      path: plan.path,
      message: `The record changed since the preview (last updated ${seen.lastUpdated}, now ${now ?? "unknown"}${current && infoOf(current).updatedBy ? ` by ${infoOf(current).updatedBy}` : ""}). Nothing was sent.`,
      hint: "Preview the change again (call without confirm) to see the record as it is now, then confirm.",
    });
  }
}

/** PATCH: each operation's field, before → after. PUT: every field that differs, and those it would clear. DELETE: the record. */
export function changesOf(method: string, current: Record<string, unknown>, body: unknown): FieldChange[] {
  if (method === "DELETE") return [{ field: "(record)", before: labelOf(current), after: "(deleted)" }];
  if (method === "PATCH" && Array.isArray(body)) {
    return body.map((op: { op?: string; path?: string; value?: unknown }) => {
      const field = String(op.path ?? "").replace(/^\/+/, "");
      return { field, before: sameShape(valueAt(current, field), op.value), after: String(op.op).toLowerCase() === "remove" ? null : op.value };
    });
  }
  if (method === "PUT" && body && typeof body === "object" && !Array.isArray(body)) {
    const out: FieldChange[] = [];
    const given = body as Record<string, unknown>;
    for (const [field, after] of Object.entries(given)) {
      if (field === "id" || field === "_info") continue;
      if (!sameValue(current[field], after)) out.push({ field, before: current[field], after });
    }
    for (const [field, before] of Object.entries(current)) {
      if (field === "id" || field === "_info" || field in given || before === null || before === undefined) continue;
      out.push({ field, before, after: "(cleared: not in the PUT body)" });
    }
    return out;
  }
  return [];
}

function valueAt(record: Record<string, unknown>, path: string): unknown {
  let v: unknown = record;
  for (const seg of path.split("/").filter(Boolean)) v = v && typeof v === "object" ? (v as Record<string, unknown>)[seg] : undefined;
  return stripInfo(v);
}

/** A reference given by name (`{name: "In Progress"}`) is shown against the current reference's name, not its whole object. */
function sameShape(before: unknown, after: unknown): unknown {
  if (!before || !after || typeof before !== "object" || typeof after !== "object" || Array.isArray(before) || Array.isArray(after)) return before;
  const keys = Object.keys(after);
  if (keys.length === 0 || !keys.every((k) => k in before)) return before;
  return Object.fromEntries(keys.map((k) => [k, (before as Record<string, unknown>)[k]]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    // A reference given by id (or identifier, name) is unchanged when it names the same record.
    for (const key of ["id", "identifier", "name"]) if (key in y) return x[key] === y[key];
  }
  return JSON.stringify(stripInfo(a)) === JSON.stringify(stripInfo(b));
}

function stripInfo(v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  const { _info: _, ...rest } = v as Record<string, unknown>;
  return rest;
}

function infoOf(record: Record<string, unknown>): { lastUpdated?: string; updatedBy?: string } {
  const info = record._info as Record<string, unknown> | undefined;
  return {
    ...(typeof info?.lastUpdated === "string" ? { lastUpdated: info.lastUpdated } : {}),
    ...(typeof info?.updatedBy === "string" ? { updatedBy: info.updatedBy } : {}),
  };
}

/** A label for text answers: `#5 "Printer offline"`, the record's own words quoted (src/format/untrusted.ts). */
export function shownLabel(label: string | undefined): string {
  const m = /^(#\S*)(?: ([\s\S]*))?$/.exec(label ?? "");
  if (!m) return quote(label ?? "", 100);
  return m[2] === undefined ? m[1]! : `${m[1]!} ${quote(m[2], 100)}`;
}

function labelOf(record: Record<string, unknown>): string {
  const label = ["summary", "name", "identifier", "description"].map((k) => record[k]).find((v) => typeof v === "string");
  return `#${String(record.id)}${label ? ` ${String(label)}` : ""}`;
}

function urlOf(apiUrl: string, plan: WritePlan): string {
  const query = new URLSearchParams(Object.entries(plan.query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `${apiUrl}${plan.path}${query ? `?${query}` : ""}`;
}
