/**
 * A named operation and the caller's params → one ConnectWise call: params checked and typed, names
 * resolved to records, conditions rendered and ANDed, path filled, body assembled (an object for
 * POST/PUT, replace operations for PATCH), then checked against the spec like any cw_api_call.
 */
import type { EndpointRow } from "../catalogue/catalogue.js";
import { editDistance } from "../catalogue/path-match.js";
import type { CallPlan } from "../calls/execute.js";
import { validateBody, validateQuery } from "../calls/validate.js";
import { CwApiError, type CwFieldError } from "../http/errors.js";
import type { Runtime } from "../runtime.js";
import { parseDateInput } from "./dates.js";
import type { Lookups, Resolved } from "./lookups.js";
import { renderCondition } from "./render.js";
import { REFERENCE_TYPES, type OperationDef, type OperationParam } from "./types.js";

export interface BuiltCall {
  plan: CallPlan;
  confirm: boolean;
  includeInfo: boolean;
}

/** Parameters every operation understands besides its own. */
const RESERVED = ["confirm", "include_info"];

export async function buildCall(def: OperationDef, input: Record<string, unknown>, runtime: Runtime, lookups: Lookups, signal?: AbortSignal): Promise<BuiltCall> {
  const values = checkParams(def, input, runtime.config.timezone);
  const refs = new Map<string, Resolved>();
  // Boards first: a status is looked up on the board given with it.
  const ordered = [...def.params].sort((a, b) => Number(b.type === "board") - Number(a.type === "board"));
  for (const p of ordered) {
    if (!(p.name in values) || !isReference(p)) continue;
    const board = [...def.params].find((q) => q.type === "board" && refs.has(q.name));
    refs.set(p.name, await lookups.resolve(p.type, values[p.name], p.name, p.type === "status" && board ? { boardId: refs.get(board.name)!.id } : undefined, signal));
  }

  const query: Record<string, unknown> = { ...def.query };
  const conditions: string[] = def.query.conditions ? [def.query.conditions] : [];
  const childConditions: string[] = def.query.childConditions ? [def.query.childConditions] : [];
  const pathValues: Record<string, string> = {};
  let body: unknown = def.method === "PATCH" ? [] : def.body ? { ...def.body } : undefined;
  const patches: { op: "replace"; path: string; value: unknown }[] = def.method === "PATCH" ? Object.entries(def.body ?? {}).map(([path, value]) => ({ op: "replace", path, value })) : [];

  for (const p of def.params) {
    if (!(p.name in values)) continue;
    const value = values[p.name];
    const ref = refs.get(p.name);
    // Statuses are board-specific: a write names one by name, and ConnectWise finds it on the record's board.
    const asValue = ref ? (p.type === "status" ? { name: ref.name } : { id: ref.id }) : value;
    switch (p.in) {
      case "path":
        pathValues[p.target!] = String(ref?.id ?? value);
        break;
      case "query":
        query[p.target!] = ref?.id ?? value;
        break;
      case "condition":
        conditions.push(renderCondition(p.template!, ref ? { ref } : { value }));
        break;
      case "child_condition":
        childConditions.push(renderCondition(p.template!, ref ? { ref } : { value }));
        break;
      case "conditions":
        if (String(value).trim()) conditions.push(String(value));
        break;
      case "body":
        body = { ...(body as Record<string, unknown> | undefined), [p.target!]: asValue };
        break;
      case "patch":
        patches.push({ op: "replace", path: p.target!, value: asValue });
        break;
      case "body_object":
        body = def.method === "PATCH" ? toPatch(value) : mergeBody(body, value);
        break;
    }
  }
  if (def.method === "PATCH") body = [...(Array.isArray(body) ? body : []), ...patches];
  const and = (parts: string[]) => (parts.length === 1 ? parts[0] : parts.map((c) => `(${c})`).join(" and "));
  if (conditions.length > 0) query.conditions = and(conditions);
  if (childConditions.length > 0) query.childConditions = and(childConditions);

  const path = def.path!.replace(/\{([^}:]+)[^}]*\}/g, (_, name: string) => encodeURIComponent(pathValues[name]!));
  const endpoint = endpointOf(runtime, def);
  const checkedQuery = await validateQuery(endpoint, query);
  const checkedBody = await validateBody(runtime.catalogue, endpoint, def.kind === "write" ? body : undefined);
  return {
    plan: { method: def.method!, path, query: checkedQuery, ...(checkedBody !== undefined ? { body: checkedBody } : {}), endpoint },
    confirm: input.confirm === true || input.confirm === "true",
    includeInfo: input.include_info === true || input.include_info === "true",
  };
}

function endpointOf(runtime: Runtime, def: OperationDef): EndpointRow {
  const endpoint = runtime.catalogue.endpoints().find((e) => e.operationId === def.operationId);
  if (!endpoint) throw new CwApiError({ kind: "refused", message: `The operation ${def.name} names ${def.operationId}, which the catalogue does not have; rebuild.` });
  return endpoint;
}

/** Unknown, missing and mistyped params, all reported at once; defaults applied; values typed. */
export function checkParams(def: OperationDef, input: Record<string, unknown>, timezone: string): Record<string, unknown> {
  const problems: CwFieldError[] = [];
  const known = def.params.map((p) => p.name);
  for (const key of Object.keys(input)) {
    if (known.includes(key) || RESERVED.includes(key)) continue;
    const near = [...known].sort((a, b) => editDistance(a, key) - editDistance(b, key))[0];
    problems.push({ field: key, message: `not a parameter of ${def.name}.${near && editDistance(near, key) <= 3 ? ` Did you mean "${near}"?` : ""} It takes: ${known.join(", ") || "nothing"}.` });
  }
  const out: Record<string, unknown> = {};
  for (const p of def.params) {
    const given = input[p.name];
    const value = given === undefined || given === null || given === "" ? p.default : given;
    if (value === undefined) {
      if (p.required) problems.push({ field: p.name, message: `is required: ${p.description}.` });
      continue;
    }
    try {
      out[p.name] = typed(p, value, timezone);
    } catch (err) {
      problems.push({ field: p.name, message: err instanceof CwApiError ? `${err.message}${err.hint ? ` ${err.hint}` : ""}` : String(err) });
    }
  }
  if (def.kind === "write" && input.confirm !== undefined && typeof input.confirm !== "boolean" && !["true", "false"].includes(String(input.confirm))) {
    problems.push({ field: "confirm", message: "must be true or false." });
  }
  if (problems.length > 0) {
    throw new CwApiError({ kind: "refused", message: `The params do not fit ${def.name}; nothing was sent.`, fieldErrors: problems, hint: "cw_list_operations with keyword set to the operation's name lists its params." });
  }
  return out;
}

function typed(p: OperationParam, value: unknown, timezone: string): unknown {
  const bad = (expected: string) => new CwApiError({ kind: "refused", message: `expected ${expected}, got ${JSON.stringify(value)?.slice(0, 60)}.` });
  if (p.enum && !p.enum.includes(String(value))) throw new CwApiError({ kind: "refused", message: `must be one of ${p.enum.join(", ")}.` });
  switch (p.type) {
    case "string":
    case "conditions":
      if (typeof value === "object") throw bad("text");
      return String(value);
    case "integer": {
      const n = typeof value === "number" ? value : /^-?\d+$/.test(String(value).trim()) ? Number(value) : NaN;
      if (!Number.isInteger(n)) throw bad("a whole number");
      return n;
    }
    case "number": {
      const n = typeof value === "number" ? value : Number(String(value).trim());
      if (!Number.isFinite(n) || String(value).trim() === "") throw bad("a number");
      return n;
    }
    case "boolean":
      if (value === true || value === "true") return true;
      if (value === false || value === "false") return false;
      throw bad("true or false");
    case "date":
      return parseDateInput(value, timezone, p.endOfDay === true);
    case "integer_list": {
      const items = Array.isArray(value) ? value : String(value).split(",").map((s) => s.trim()).filter(Boolean);
      const ints = items.map((v) => (typeof v === "number" ? v : Number(v)));
      if (ints.length === 0 || ints.some((n) => !Number.isInteger(n))) throw bad("whole numbers, e.g. [12, 15] or \"12,15\"");
      return ints;
    }
    case "string_list": {
      const items = Array.isArray(value) ? value.map(String) : String(value).split(",").map((s) => s.trim()).filter(Boolean);
      if (items.length === 0) throw bad("one or more values");
      return items;
    }
    case "json":
      if (typeof value === "string") {
        try {
          return JSON.parse(value);
        } catch (err) {
          throw new CwApiError({ kind: "refused", message: `is not valid JSON: ${(err as Error).message}.` });
        }
      }
      if (typeof value !== "object") throw bad("an object (or a JSON string of one)");
      return value;
    default:
      // Reference types: a name, an identifier, or an id.
      if (typeof value === "object") throw bad(`a ${p.type.replace("_", " ")} name or id`);
      return value;
  }
}

function isReference(p: OperationParam): boolean {
  return (REFERENCE_TYPES as readonly string[]).includes(p.type);
}

/** PATCH bodies: `{field: value}` becomes replace operations; an array of operations passes through. */
function toPatch(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") return Object.entries(value).map(([path, v]) => ({ op: "replace", path, value: v }));
  throw new CwApiError({ kind: "refused", message: "The changes must be an object {field: value} or an array of {op, path, value}." });
}

function mergeBody(defaults: unknown, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value) && defaults && typeof defaults === "object") return { ...defaults, ...value };
  return value;
}
