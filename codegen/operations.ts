/**
 * operations.yaml → resolved named operations.
 *
 * The file has two parts: `entities`, families of the usual list/get/count/create/update/delete
 * operations for one ConnectWise collection, and `operations`, written out one by one (the filtered
 * views MSP people ask for, actions, note-adding with safe defaults). Both are checked against the spec:
 * the method and path exist; every parameter lands on a real path or query parameter, a field of the
 * request body or record, or a condition whose fields exist in the response schema; every condition
 * template uses only the escaping helpers. Any problem fails the build with the operation's name.
 */
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { refName, type Endpoint, type SchemaObject, type Spec } from "./spec.js";
import { parseConditions, schemaFieldModel, type ConditionNode, type FieldModel } from "../src/sandbox/conditions/index.js";
import { CONDITION_HELPERS } from "../src/operations/template-helpers.js";
import {
  OPERATION_CATEGORIES,
  REFERENCE_TYPES,
  VALUE_TYPES,
  type OperationDef,
  type OperationParam,
  type ParamPlacement,
} from "../src/operations/types.js";

const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const DESCRIPTION_MAX = 220;
const HANDLER_DESCRIPTION_MAX = 480;
const PLACEMENTS: Exclude<ParamPlacement, "handler">[] = ["path", "query", "condition", "child_condition", "conditions", "body", "patch", "body_object"];
const types = [...VALUE_TYPES, ...REFERENCE_TYPES] as [string, ...string[]];

const paramSchema = z
  .strictObject({
    name: z.string().regex(NAME, "snake_case"),
    type: z.enum(types),
    required: z.boolean().default(false),
    description: z.string().min(3).max(200),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    enum: z.array(z.string()).min(1).optional(),
    end_of_day: z.boolean().optional(),
    path: z.string().optional(),
    query: z.string().optional(),
    condition: z.string().optional(),
    child_condition: z.string().optional(),
    conditions: z.literal(true).optional(),
    body: z.string().optional(),
    patch: z.string().optional(),
    body_object: z.literal(true).optional(),
  })
  // Endpoint operations need exactly one placement, handler operations none: checked in resolveOperations,
  // which knows which kind the operation is.
  .refine((p) => placementsOf(p).length <= 1, { message: `give exactly one of ${PLACEMENTS.join(", ")}` });

function placementsOf(p: object): typeof PLACEMENTS {
  return PLACEMENTS.filter((k) => (p as Record<string, unknown>)[k] !== undefined);
}

const operationSchema = z.strictObject({
  name: z.string().regex(NAME, "snake_case"),
  category: z.enum(OPERATION_CATEGORIES),
  // Handler operations state their formula, so they may say more (checked in resolveOperations).
  description: z.string().min(10).max(HANDLER_DESCRIPTION_MAX).refine((d) => !d.includes("\n"), "one line"),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
  path: z.string().startsWith("/").optional(),
  query: z.record(z.string(), z.string()).default({}),
  body: z.record(z.string(), z.unknown()).optional(),
  params: z.array(paramSchema).default([]),
  list_params: z.boolean().optional(),
  handler: z.string().optional(),
});

const entitySchema = z.strictObject({
  name: z.string().regex(NAME, "snake_case"),
  plural: z.string().regex(NAME, "snake_case"),
  label: z.string().min(3),
  labels: z.string().min(3).optional(),
  category: z.enum(OPERATION_CATEGORIES),
  path: z.string().startsWith("/"),
  parents: z.array(z.strictObject({ name: z.string().regex(NAME), label: z.string() })).default([]),
  operations: z.array(z.enum(["list", "get", "count", "create", "update", "replace", "delete"])).min(1),
  order_by: z.string().optional(),
  find: z.strictObject({ param: z.string().regex(NAME), field: z.string(), description: z.string() }).optional(),
});

const fileSchema = z.strictObject({
  version: z.literal(1),
  entities: z.array(entitySchema).default([]),
  operations: z.array(operationSchema).default([]),
});

export type RawOperation = z.infer<typeof operationSchema>;
type RawEntity = z.infer<typeof entitySchema>;

export class OperationsError extends Error {
  constructor(readonly problems: string[]) {
    super(`operations.yaml has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "OperationsError";
  }
}

export function loadOperations(file: string, spec: Spec, handlers: readonly string[] = []): OperationDef[] {
  return resolveOperations(readOperationsFile(file), spec, handlers);
}

/** Parse and schema-check operations.yaml and expand its entity families; not yet checked against the spec. */
export function readOperationsFile(file: string): RawOperation[] {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, "utf8"));
  } catch (err) {
    throw new OperationsError([`${file}: ${(err as Error).message}`]);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new OperationsError(parsed.error.issues.map((i) => `${file}: ${formatPath(raw, i.path)}: ${i.message}`));
  }
  return [...parsed.data.entities.flatMap(expandEntity), ...parsed.data.operations];
}

/** Resolve operations against the spec; all problems are collected before failing. */
export function resolveOperations(raw: RawOperation[], spec: Spec, handlers: readonly string[] = []): OperationDef[] {
  const problems: string[] = [];
  const byKey = new Map(spec.endpoints.map((e) => [`${e.method} ${e.path}`, e]));
  const seen = new Set<string>();
  const out: OperationDef[] = [];
  for (const op of raw) {
    const fail = (problem: string) => problems.push(`${op.name}: ${problem}`);
    if (seen.has(op.name)) fail("the name is used twice");
    seen.add(op.name);
    if (op.handler) {
      if (!handlers.includes(op.handler)) fail(`handler "${op.handler}" is not registered (known: ${handlers.join(", ") || "none"})`);
      if (op.method || op.path) fail("a handler operation has no method or path: its handler makes the calls");
      for (const p of op.params) {
        if (placementsOf(p).length > 0) fail(`parameter "${p.name}" is read by the handler: give no ${placementsOf(p).join(", ")}`);
      }
      out.push({ name: op.name, category: op.category, description: op.description, kind: "read", query: op.query, params: op.params.map(toParam), handler: op.handler });
      continue;
    }
    if (!op.method || !op.path) {
      fail("needs method and path, or a handler");
      continue;
    }
    if (op.description.length > DESCRIPTION_MAX) fail(`the description has ${op.description.length} characters; at most ${DESCRIPTION_MAX} (handler operations, which state a formula, may have ${HANDLER_DESCRIPTION_MAX})`);
    for (const p of op.params) if (placementsOf(p).length === 0) fail(`parameter "${p.name}": give exactly one of ${PLACEMENTS.join(", ")}`);
    const endpoint = byKey.get(`${op.method} ${op.path}`);
    if (!endpoint) {
      const samePath = spec.endpoints.filter((e) => e.path.toLowerCase() === op.path!.toLowerCase()).map((e) => `${e.method} ${e.path}`);
      fail(`${op.method} ${op.path} is not in the spec${samePath.length ? ` (the path has: ${samePath.join(", ")})` : ""}`);
      continue;
    }
    const before = problems.length;
    const params = withListParams(op, endpoint).map(toParam);
    checkOperation(op, params, endpoint, spec, fail);
    if (problems.length > before) continue;
    out.push({
      name: op.name,
      category: op.category,
      description: op.description,
      kind: op.method === "GET" ? "read" : "write",
      method: op.method,
      path: op.path,
      operationId: endpoint.operationId,
      query: op.query,
      ...(op.body ? { body: op.body } : {}),
      params,
    });
  }
  if (problems.length > 0) throw new OperationsError(problems);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function toParam(p: z.infer<typeof paramSchema>): OperationParam {
  const placement: OperationParam["in"] = PLACEMENTS.find((k) => p[k] !== undefined) ?? "handler";
  const value = placement === "handler" ? undefined : p[placement];
  return {
    name: p.name,
    type: p.type as OperationParam["type"],
    required: p.required,
    description: p.description,
    in: placement,
    ...(placement === "condition" || placement === "child_condition" ? { template: value as string } : typeof value === "string" ? { target: value } : {}),
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(p.enum ? { enum: p.enum } : {}),
    ...(p.end_of_day ? { endOfDay: true } : {}),
  };
}

/** List operations get the caller's own conditions, order, fields and paging unless they opt out. */
function withListParams(op: RawOperation, endpoint: Endpoint): z.infer<typeof paramSchema>[] {
  const accepts = new Set(endpoint.parameters.filter((p) => p.in === "query").map((p) => p.name));
  const isList = op.method === "GET" && !/\{[^}]+\}$/.test(op.path!) && !op.path!.endsWith("/count");
  if (!isList || op.list_params === false) return op.params;
  const has = (name: string) => op.params.some((p) => p.name === name);
  const standard: z.infer<typeof paramSchema>[] = [
    { name: "conditions", type: "conditions", required: false, description: "More ConnectWise conditions, ANDed with the operation's own", conditions: true },
    { name: "order_by", type: "string", required: false, description: 'Sort order, e.g. "id desc"', query: "orderBy" },
    { name: "fields", type: "string", required: false, description: "Only these fields, e.g. id,summary,status/name", query: "fields" },
    { name: "page", type: "integer", required: false, description: "Page number, from 1", query: "page" },
    { name: "page_size", type: "integer", required: false, description: "Records per page (default 25, at most 1000)", query: "pageSize" },
  ];
  return [...op.params, ...standard.filter((p) => !has(p.name) && accepts.has(p.query ?? p.name))];
}

function checkOperation(op: RawOperation, params: OperationParam[], endpoint: Endpoint, spec: Spec, fail: (p: string) => void): void {
  const placeholders = [...op.path!.matchAll(/\{([^}:]+)[^}]*\}/g)].map((m) => m[1]!);
  for (const name of placeholders) {
    if (!params.some((p) => p.in === "path" && p.target === name)) fail(`the path placeholder {${name}} has no parameter (add one with path: ${name})`);
  }
  const queryNames = new Set(endpoint.parameters.filter((p) => p.in === "query").map((p) => p.name));
  for (const key of Object.keys(op.query)) if (!queryNames.has(key)) fail(`fixed query "${key}" is not a query parameter of ${op.method} ${op.path}`);

  const record = recordSchema(endpoint, spec);
  const fields = record ? schemaFieldModel(record, (n) => spec.schemas[n]) : undefined;
  const bodySchema = endpoint.requestBody ? resolve(endpoint.requestBody.schema, spec) : undefined;
  const bodyFields = bodySchema?.type === "array" ? undefined : bodySchema?.properties;

  if (op.query.conditions) checkConditionFields(op.query.conditions, fields, (m) => fail(`fixed conditions: ${m}`));
  for (const [field] of Object.entries(op.body ?? {})) {
    const known = op.method === "PATCH" ? record?.properties : bodyFields;
    if (known && !(field in known)) fail(`fixed body field "${field}" is not a field of ${op.method === "PATCH" ? "the record" : "the request body"}`);
  }

  const names = new Set<string>();
  for (const p of params) {
    const where = `parameter "${p.name}"`;
    if (names.has(p.name)) fail(`${where} is declared twice`);
    names.add(p.name);
    if (p.default !== undefined && p.required) fail(`${where} is required and has a default; choose one`);
    switch (p.in) {
      case "path":
        if (!placeholders.includes(p.target!)) fail(`${where} fills {${p.target}}, which is not in ${op.path}`);
        break;
      case "query":
        if (!queryNames.has(p.target!)) fail(`${where} sets query "${p.target}", which ${op.method} ${op.path} does not take (it takes: ${[...queryNames].join(", ") || "none"})`);
        break;
      case "conditions":
        if (!queryNames.has("conditions")) fail(`${where} adds conditions, which ${op.method} ${op.path} does not take`);
        break;
      case "child_condition":
      case "condition": {
        const query = p.in === "condition" ? "conditions" : "childConditions";
        if (!queryNames.has(query)) fail(`${where} renders ${query}, but ${op.method} ${op.path} takes no ${query}`);
        const problem = checkTemplate(p.template!, p);
        if (problem) fail(`${where}: ${problem}`);
        else checkConditionFields(renderSample(p.template!), fields, (m) => fail(`${where}: ${m}`));
        break;
      }
      case "body":
        if (!endpoint.requestBody) fail(`${where} sets a body field, but ${op.method} ${op.path} takes no body`);
        else if (!bodyFields || !(p.target!.split("/")[0]! in bodyFields)) fail(`${where} sets body field "${p.target}", which is not a field of ${refOf(endpoint.requestBody.schema)}`);
        break;
      case "patch":
        if (op.method !== "PATCH") fail(`${where} is a PATCH replacement, but the method is ${op.method}`);
        else if (!record?.properties || !(p.target!.split("/")[0]! in record.properties)) fail(`${where} replaces "${p.target}", which is not a field of the record`);
        break;
      case "body_object":
        if (!endpoint.requestBody) fail(`${where} is the body, but ${op.method} ${op.path} takes no body`);
        break;
    }
  }
}

/** The schema of the records an endpoint answers with (the item of a list). */
function recordSchema(endpoint: Endpoint, spec: Spec): SchemaObject | undefined {
  const ok = endpoint.responses.find((r) => /^2/.test(r.status) && r.schema);
  let schema = ok?.schema;
  if (schema?.type === "array") schema = schema.items;
  if (!schema?.$ref && endpoint.method !== "GET") {
    const get = spec.endpoints.find((e) => e.method === "GET" && e.path === endpoint.path);
    return get ? recordSchema(get, spec) : undefined;
  }
  const resolved = schema ? resolve(schema, spec) : undefined;
  if (resolved?.properties && (refOf(schema!) === "SuccessResponse" || refOf(schema!) === "Count")) return undefined;
  return resolved?.properties ? resolved : undefined;
}

function resolve(s: SchemaObject, spec: Spec): SchemaObject | undefined {
  return s.$ref ? spec.schemas[refName(s.$ref)] : s;
}

function refOf(s: SchemaObject): string {
  return s.$ref ? refName(s.$ref) : s.type === "array" && s.items?.$ref ? `${refName(s.items.$ref)}[]` : (s.type ?? "object");
}

/**
 * A condition template may only print values through the escaping helpers: `{{str value}}`,
 * `{{int ref.id}}` … No raw `{{value}}`, no `{{{ }}}`, no blocks or partials.
 */
export function checkTemplate(template: string, param: Pick<OperationParam, "type">): string | undefined {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(template);
  } catch (err) {
    return `the template does not parse: ${(err as Error).message.split("\n")[0]}`;
  }
  for (const node of ast.body) {
    if (node.type === "ContentStatement") continue;
    if (node.type !== "MustacheStatement") return `only text and {{helper value}} are allowed, found ${node.type}`;
    const m = node as hbs.AST.MustacheStatement;
    if (!m.escaped) return "triple-stash {{{ }}} is not allowed: values must go through an escaping helper";
    const helper = (m.path as hbs.AST.PathExpression).original;
    if (!(helper in CONDITION_HELPERS) || m.params.length !== 1) {
      return `{{${helper}${m.params.length ? " …" : ""}}} is not one of the escaping helpers (${Object.keys(CONDITION_HELPERS).join(", ")}) with one value`;
    }
    const arg = m.params[0]!;
    if (arg.type !== "PathExpression") return `{{${helper}}} must print a value (value, ref.id, ref.name, ref.identifier)`;
    const path = (arg as hbs.AST.PathExpression).original;
    const reference = (REFERENCE_TYPES as readonly string[]).includes(param.type);
    const allowed = reference ? ["ref.id", "ref.name", "ref.identifier"] : ["value"];
    if (!allowed.includes(path)) return `{{${helper} ${path}}}: a ${param.type} parameter prints ${allowed.join(" or ")}`;
  }
  return undefined;
}

/** The template with sample values, to check the fields it names exist. */
function renderSample(template: string): string {
  const sample: Record<string, string> = { str: '"x"', int: "1", num: "1.5", bool: "true", date: "[2025-01-01T00:00:00Z]", strs: '("x")', ints: "(1)" };
  return template.replace(/\{\{\s*(\w+)\s+[^}]*\}\}/g, (_, helper: string) => sample[helper] ?? "1");
}

function checkConditionFields(conditions: string, fields: FieldModel | undefined, fail: (m: string) => void): void {
  let ast: ConditionNode;
  try {
    ast = parseConditions(conditions);
  } catch (err) {
    fail(`does not parse as ConnectWise conditions: ${(err as Error).message}`);
    return;
  }
  if (!fields) return;
  for (const path of conditionPaths(ast)) {
    if (!fields.resolve(path.split("/"))) fail(`"${path}" is not a field of the records this endpoint returns`);
  }
}

function conditionPaths(node: ConditionNode): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, unknown>;
    if (o.kind === "comparison" && typeof o.path === "string") out.push(o.path);
    for (const v of Object.values(o)) if (v && typeof v === "object") walk(v);
  };
  walk(node);
  return out;
}

function formatPath(raw: unknown, path: PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = raw;
  for (const key of path) {
    node = node && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const name = node && typeof node === "object" && "name" in node ? ` (${String((node as { name: unknown }).name)})` : "";
    parts.push(`${String(key)}${name}`);
  }
  return parts.join(".");
}

// ---------------------------------------------------------------------------------------------------
// Entity families

const pluralLabel = (e: RawEntity) => e.labels ?? `${e.label}s`;

function expandEntity(e: RawEntity): RawOperation[] {
  const placeholders = [...e.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  if (placeholders.length !== e.parents.length) {
    return [{ name: `${e.name}_entity`, category: e.category, description: `entity ${e.name} has ${placeholders.length} placeholders but ${e.parents.length} parents`, query: {}, params: [] }];
  }
  const parentParams = e.parents.map((p, i) => ({ name: p.name, type: "integer" as const, required: true, description: `The ${p.label}'s id`, path: placeholders[i]! }));
  const of = e.parents.length > 0 ? ` of a ${e.parents.at(-1)!.label}` : "";
  const item = `${e.path}/{id}`;
  const id = { name: "id", type: "integer" as const, required: true, description: `The ${e.label}'s id`, path: "id" };
  const body = (what: string) => ({ name: "body", type: "json" as const, required: true, description: what, body_object: true as const });
  const ops: RawOperation[] = [];
  const base = { category: e.category, query: {}, params: [] as z.infer<typeof paramSchema>[] };
  for (const kind of e.operations) {
    switch (kind) {
      case "list":
        ops.push({
          ...base,
          name: `list_${e.plural}`,
          description: `List ${pluralLabel(e)}${of}${e.find ? `, optionally by ${e.find.param}` : ""}; filter, sort and page.`,
          method: "GET",
          path: e.path,
          query: e.order_by ? { orderBy: e.order_by } : {},
          params: [
            ...parentParams,
            ...(e.find ? [{ name: e.find.param, type: "string" as const, required: false, description: e.find.description, condition: `${e.find.field} contains {{str value}}` }] : []),
          ],
        });
        break;
      case "get":
        ops.push({ ...base, name: `get_${e.name}`, description: `One ${e.label}${of} by its id.`, method: "GET", path: item, params: [...parentParams, id] });
        break;
      case "count":
        ops.push({
          ...base,
          name: `count_${e.plural}`,
          description: `How many ${pluralLabel(e)}${of} there are, optionally matching conditions.`,
          method: "GET",
          path: `${e.path}/count`,
          params: [...parentParams, { name: "conditions", type: "conditions", required: false, description: "ConnectWise conditions to count", conditions: true }],
        });
        break;
      case "create":
        ops.push({ ...base, name: `create_${e.name}`, description: `Create a ${e.label}${of} from its fields (preview first).`, method: "POST", path: e.path, params: [...parentParams, body(`The new ${e.label}'s fields (object or JSON string)`)] });
        break;
      case "update":
        ops.push({
          ...base,
          name: `update_${e.name}`,
          description: `Change fields of a ${e.label}${of}: body {field: value} or PATCH operations (preview first).`,
          method: "PATCH",
          path: item,
          params: [...parentParams, id, body("The changes: {field: new value}, or [{op, path, value}]")],
        });
        break;
      case "replace":
        ops.push({ ...base, name: `replace_${e.name}`, description: `Replace a whole ${e.label}${of} (PUT; fields left out are cleared; preview first).`, method: "PUT", path: item, params: [...parentParams, id, body(`The complete ${e.label}`)] });
        break;
      case "delete":
        ops.push({ ...base, name: `delete_${e.name}`, description: `Delete a ${e.label}${of} by its id (preview first).`, method: "DELETE", path: item, params: [...parentParams, id] });
        break;
    }
  }
  return ops;
}
