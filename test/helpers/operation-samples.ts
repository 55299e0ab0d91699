/**
 * Sample params for any named operation, taken from what the sandbox holds: ids of real records
 * (with their parents' ids for child collections), names of real boards, members, companies …, and
 * request bodies with every required field of the spec's schema. The table-driven operation tests run
 * every operation with these.
 */
import { join } from "node:path";
import { loadSpec, refName, type SchemaObject, type Spec } from "../../codegen/spec.js";
import type { OperationDef, OperationParam } from "../../src/operations/types.js";
import { packageRoot } from "../../src/paths.js";
import { tableKey } from "../../src/sandbox/references.js";
import { collectionOf } from "../../src/sandbox/routes.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { Row, Table } from "../../src/sandbox/store.js";

export interface Sample {
  params: Record<string, unknown>;
  /** The collection the operation reads or writes holds no record the path could name. */
  recordMissing: boolean;
}

/** Params the list operations all share; the samples leave them to their defaults except a small page. */
const LIST_PARAMS = new Set(["conditions", "order_by", "fields", "page"]);

/** Path placeholders that take a name rather than an id. */
const NAMED_PATH_SAMPLES: Record<string, string> = { reportName: "Service" };

let spec: Spec | undefined;
const specOf = () => (spec ??= loadSpec(join(packageRoot(), "data", "manage.json")));

/** `createMissing`: when the sandbox holds no record for an item path, insert one (for reads that need a record). */
export function sampleParams(op: OperationDef, sb: Sandbox, options: { createMissing?: boolean } = {}): Sample {
  const params: Record<string, unknown> = {};
  const { values: pathValues, recordMissing } = samplePath(op.path!, sb, options.createMissing === true);
  const board = sb.store.table("/service/boards").list()[0]!;
  for (const p of op.params) {
    if (p.in === "path") {
      params[p.name] = p.type === "string" ? (NAMED_PATH_SAMPLES[p.target!] ?? pathValues[p.target!]) : Number(pathValues[p.target!]);
      continue;
    }
    if (LIST_PARAMS.has(p.name) && !p.required) continue;
    if (p.name === "page_size") {
      params[p.name] = 3;
      continue;
    }
    params[p.name] = sampleValue(op, p, sb, board);
  }
  return { params, recordMissing };
}

/** Placeholder values for a path: a real record's id and its parents' ids, when the sandbox has one. */
function samplePath(path: string, sb: Sandbox, create: boolean): { values: Record<string, string>; recordMissing: boolean } {
  const placeholders = [...path.matchAll(/\{([^}:]+)[^}]*\}/g)].map((m) => m[1]!);
  if (placeholders.length === 0) return { values: {}, recordMissing: false };
  const itemLike = /\}$/.test(path) || /\/\{[^}]+\}\/[a-z]+$/i.test(path);
  const { template, idParam } = collectionOf(path, /\}$/.test(path) ? "item" : "collection");
  const scopeParams = [...template.matchAll(/\{([^}:]+)[^}]*\}/g)].map((m) => m[1]!);
  const table = tableOf(sb, template);
  const row = table?.list().find((r) => (scopeParams.length === 0 ? true : table.scopeOf(r.id) !== undefined));
  const values: Record<string, string> = {};
  if (row) {
    const scope = scopeParams.length > 0 ? table!.scopeOf(row.id)!.split("/") : [];
    scopeParams.forEach((name, i) => (values[name] = scope[i]!));
    if (idParam) values[idParam] = String(row.id);
  } else {
    fillParents(template, sb, values);
    if (idParam && create) {
      // The sandbox seeds no record here: add one with the fields the schema requires, as a user's earlier create would.
      const scope = scopeParams.map((name) => values[name]).join("/");
      const inserted = sb.store.table(tableKey(template)).insert(sampleRecord(path), scopeParams.length > 0 ? { scope } : {});
      values[idParam] = String(inserted.id);
      return finish(values, placeholders, false);
    }
    if (idParam) values[idParam] = "987654";
  }
  return finish(values, placeholders, !row && (idParam !== undefined || itemLike));
}

function finish(values: Record<string, string>, placeholders: string[], recordMissing: boolean): { values: Record<string, string>; recordMissing: boolean } {
  // Placeholders the collection does not explain (actions on an item: /time/sheets/{id}/approve …) take the parent's ids.
  for (const name of placeholders) values[name] ??= "1";
  return { values, recordMissing };
}

/** A record for an item path: the response schema's required fields, and a name where it has one. */
function sampleRecord(itemPath: string): Record<string, unknown> {
  const s = specOf();
  const get = s.endpoints.find((e) => e.method === "GET" && e.path === itemPath);
  const schema = get?.responses.find((r) => /^2/.test(r.status))?.schema;
  const record = (schema ? sampleOf(schema, s, 0) : {}) as Record<string, unknown>;
  const properties = resolve(schema, s)?.properties ?? {};
  for (const field of ["name", "summary", "description", "identifier", "text"]) {
    if (properties[field]?.type === "string" && record[field] === undefined) record[field] = `Sample ${field}`;
  }
  return record;
}

/** Fill a child collection's parent placeholders from the parent collection's first record. */
function fillParents(template: string, sb: Sandbox, values: Record<string, string>): void {
  const segments = template.split("/");
  const last = segments.findLastIndex((s) => s.startsWith("{"));
  if (last < 0) return;
  const name = segments[last]!.replace(/^\{|[:}].*$/g, "");
  const parentTemplate = segments.slice(0, last).join("/");
  fillParents(parentTemplate, sb, values);
  const table = tableOf(sb, parentTemplate);
  const parentScope = [...parentTemplate.matchAll(/\{([^}:]+)[^}]*\}/g)].map((m) => values[m[1]!]).join("/");
  const row = table?.list(parentScope.length > 0 ? parentScope : undefined)[0];
  values[name] = String(row?.id ?? 987654);
}

function tableOf(sb: Sandbox, template: string): Table | undefined {
  const key = tableKey(template);
  return sb.store.has(key) ? sb.store.table(key) : undefined;
}

function first(sb: Sandbox, template: string, pick: (r: Row) => boolean = () => true): Row {
  const row = sb.store.table(template).list().find(pick);
  if (!row) throw new Error(`the sandbox has no record in ${template}`);
  return row;
}

function sampleValue(op: OperationDef, p: OperationParam, sb: Sandbox, board: Row): unknown {
  if (p.enum) return p.enum[0];
  switch (p.type) {
    case "board":
      return board.name;
    case "status": {
      const onBoard = op.params.some((q) => q.type === "board");
      const statuses = sb.store.table("/service/boards/{parentid}/statuses");
      const status = statuses.list(onBoard ? String(board.id) : undefined)[0]!;
      return status.name;
    }
    case "priority":
      return first(sb, "/service/priorities").name;
    case "member":
      return first(sb, "/system/members", (m) => m.inactiveFlag !== true).identifier;
    case "company":
      return first(sb, "/company/companies").identifier;
    case "contact": {
      const c = first(sb, "/company/contacts");
      return `${String(c.firstName)} ${String(c.lastName)}`;
    }
    case "work_type":
      return first(sb, "/time/worktypes").name;
    case "work_role":
      return first(sb, "/time/workroles").name;
    case "location":
      return first(sb, "/system/locations").name;
    case "department":
      return first(sb, "/system/departments").name;
    case "project_status":
      return first(sb, "/project/statuses").name;
    case "opportunity_stage":
      return first(sb, "/sales/stages").name;
    case "string":
      return p.name.includes("email") ? "help@example.com" : "a";
    case "integer":
      return 1;
    case "number":
      return 1.5;
    case "boolean":
      return true;
    case "date":
      return p.endOfDay ? "today" : "-30d";
    case "integer_list":
      return [1, 2];
    case "string_list":
      return ["a", "b"];
    case "conditions":
      return "id > 0";
    case "json":
      return sampleBody(op);
  }
}

/** A body for a write: every required field of the request schema, or one field to change for PATCH. */
export function sampleBody(op: OperationDef): unknown {
  const s = specOf();
  const endpoint = s.endpoints.find((e) => e.operationId === op.operationId);
  if (op.method === "PATCH") {
    const get = s.endpoints.find((e) => e.method === "GET" && e.path === op.path);
    const record = resolve(get?.responses.find((r) => /^2/.test(r.status))?.schema, s);
    const field = Object.entries(record?.properties ?? {}).find(([name, f]) => f.type === "string" && !f.enum && !f.format && name !== "id");
    return { [field?.[0] ?? "name"]: "Changed by the operation tests" };
  }
  const schema = endpoint?.requestBody?.schema;
  return schema ? sampleOf(schema, s, 0) : {};
}

function resolve(schema: SchemaObject | undefined, s: Spec): SchemaObject | undefined {
  return schema?.$ref ? s.schemas[refName(schema.$ref)] : schema;
}

function sampleOf(schema: SchemaObject, s: Spec, depth: number): unknown {
  const name = schema.$ref ? refName(schema.$ref) : "";
  const resolved = resolve(schema, s);
  if (!resolved) return {};
  if (/Reference$/.test(name)) return { id: 1 };
  if (resolved.enum) return resolved.enum[0];
  switch (resolved.type) {
    case "string":
      return resolved.format === "date-time" ? "2026-03-16T00:00:00Z" : resolved.format === "date" ? "2026-03-16" : "x";
    case "integer":
      return 1;
    case "number":
      return 1;
    case "boolean":
      return false;
    case "array":
      return [];
    default: {
      if (depth > 3) return {};
      const out: Record<string, unknown> = {};
      for (const field of resolved.required ?? []) {
        const prop = resolved.properties?.[field];
        if (prop) out[field] = sampleOf(prop, s, depth + 1);
      }
      return out;
    }
  }
}
