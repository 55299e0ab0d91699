/**
 * Saved queries as calls: checking one against the spec before it is saved (the same checks cw_api_call
 * makes, so a broken query cannot be saved), turning a saved one plus the caller's overrides into the
 * call to make, and counting a run once something was really sent.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Catalogue, HttpMethod } from "../catalogue/catalogue.js";
import { matchTemplates } from "../catalogue/path-match.js";
import { CwApiError } from "../http/errors.js";
import { safeApiPath } from "../http/safe-path.js";
import type { Runtime } from "../runtime.js";
import { StoreError } from "../store/errors.js";
import { times, type ParamValue, type SavedQuery, type SavedQueryStore } from "../store/saved-queries.js";
import { failure } from "./execute.js";
import { resolveCall } from "./resolve.js";
import { validateBody, validateQuery } from "./validate.js";
import { headed } from "../format/untrusted.js";

export interface CallInput {
  method: HttpMethod;
  path: string;
  params: Record<string, ParamValue>;
  body?: unknown;
}

/**
 * Check a query about to be saved, as cw_api_call would check it. Path parameters left as placeholders
 * (`/service/tickets/{id}/notes` with no id) are allowed — they are given at run time — and returned.
 */
export async function checkForSaving(catalogue: Catalogue, input: CallInput): Promise<{ path: string; openPathParams: string[] }> {
  try {
    const path = safeApiPath(input.path);
    const open = openPathParams(catalogue, input.method, path, input.params);
    const call = resolveCall(catalogue, input.method, path, { ...input.params, ...Object.fromEntries(open.map((name) => [name, 1])) });
    await validateQuery(call.endpoint, call.query);
    await validateBody(catalogue, call.endpoint, input.body);
    return { path, openPathParams: open };
  } catch (err) {
    if (!(err instanceof CwApiError)) throw err;
    // The checks speak of a call ("nothing was sent"); here nothing is saved.
    const lines = [`Not saved: ${err.message.replace(/[;.]?\s*nothing was sent\.?$/i, ".")}`];
    for (const f of err.fieldErrors) lines.push(`  - ${f.field ? `${f.field}: ` : ""}${f.message}`);
    if (err.hint) lines.push(err.hint);
    throw new StoreError(lines.join("\n"));
  }
}

/** The saved query by name, or an error listing the closest saved names. */
export function findSavedQuery(store: SavedQueryStore, name: string): SavedQuery {
  const saved = store.get(name);
  if (saved) return saved;
  throw unknownQuery(store, name);
}

export function unknownQuery(store: SavedQueryStore, name: string): StoreError {
  const near = store.closest(name);
  return new StoreError(
    `There is no saved query named "${name}".`,
    near.length > 0 ? `Closest: ${near.map((n) => `"${n}"`).join(", ")}. cw_list_queries lists them.` : "No queries are saved yet; cw_save_query saves one.",
  );
}

/**
 * The call a saved query makes: its method and path; its params with the caller's on top, key by key
 * (names compared ignoring case, as ConnectWise does; "" drops a saved one); the caller's body instead
 * of the saved one when given. A method or path given alongside must be the saved one.
 */
export function callFromSaved(saved: SavedQuery, given: { method?: string | undefined; path?: string | undefined; params?: Record<string, ParamValue> | undefined; body?: unknown }): CallInput {
  const comparable = (p: string) => p.trim().replace(/\/+$/, "").toLowerCase();
  const samePath = given.path === undefined || comparable(given.path) === comparable(saved.path);
  if ((given.method !== undefined && given.method.toUpperCase() !== saved.method) || !samePath) {
    throw new StoreError(
      `The saved query "${saved.name}" is ${saved.method} ${saved.path}; it cannot run as ${given.method ?? saved.method} ${given.path ?? saved.path}.`,
      "Leave method and path out when giving query (params and body adjust it), or call without query.",
    );
  }
  const params: Record<string, ParamValue> = { ...saved.params };
  for (const [key, value] of Object.entries(given.params ?? {})) {
    for (const existing of Object.keys(params)) if (existing.toLowerCase() === key.toLowerCase()) delete params[existing];
    params[key] = value;
  }
  const body = given.body !== undefined ? given.body : saved.body;
  return { method: saved.method, path: saved.path, params, ...(body !== undefined ? { body } : {}) };
}

/**
 * Say which saved query ran, and count the run when something was sent: a GET that was answered, or a
 * confirmed write that went through. A preview or a refusal is not a use.
 */
export function noteSavedRun(runtime: Runtime, saved: SavedQuery, result: CallToolResult, sent: boolean): CallToolResult {
  let line = `Saved query "${saved.name}" (${saved.method} ${saved.path})`;
  const structured: Record<string, unknown> = { saved_query: saved.name };
  if (sent && !result.isError) {
    try {
      const used = runtime.savedQueries().recordUse(saved.name);
      if (used) {
        line += `, run ${times(used.useCount)}`;
        structured.use_count = used.useCount;
      }
    } catch (err) {
      // The request went out; not counting it must not hide the answer.
      line += ` (its use was not recorded: ${err instanceof Error ? err.message : String(err)})`;
    }
  }
  const content = result.content.map((c, i) => (i === 0 && c.type === "text" ? { ...c, text: runtime.redact(headed(`${line}:`, c.text)) } : c));
  return { ...result, content, ...(result.structuredContent ? { structuredContent: { ...structured, ...result.structuredContent } } : {}) };
}

/** A tool error from a store problem (what to fix) or a call problem (as every call reports it). */
export function storeOrCallFailure(runtime: Runtime, err: unknown): CallToolResult {
  if (err instanceof StoreError) return { isError: true, content: [{ type: "text", text: runtime.redact(err.describe()) }] };
  return failure(runtime, err);
}

/** Placeholders of the endpoint's path that neither the path nor params fill. */
function openPathParams(catalogue: Catalogue, method: HttpMethod, path: string, params: Record<string, ParamValue>): string[] {
  const endpoint = matchTemplates(catalogue.endpoints(), path).find((e) => e.method === method);
  if (!endpoint) return []; // resolveCall reports the unknown path or method
  const given = path.split("/").filter(Boolean);
  return endpoint.path
    .split("/")
    .filter(Boolean)
    .flatMap((segment, i) => {
      if (!segment.startsWith("{") || !given[i]?.startsWith("{")) return [];
      const name = segment.replace(/^\{/, "").replace(/[:}].*$/, "");
      return Object.keys(params).some((k) => k.toLowerCase() === name.toLowerCase()) ? [] : [name];
    });
}
