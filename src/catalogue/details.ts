/**
 * Everything a caller needs to use one endpoint: parameters, the request body resolved one level
 * (with the fields each reference accepts), the response shape, and example `conditions`.
 */
import type { Catalogue, EndpointRow, HttpMethod } from "./catalogue.js";
import { refName, type SchemaObject } from "./schema-object.js";
import { HTTP_METHODS } from "./catalogue.js";
import { matchTemplates } from "./path-match.js";

/** The server supplies this header on every call; callers never pass it. */
const SUPPLIED_HEADERS = new Set(["clientId"]);

export interface FieldInfo {
  name: string;
  type: string;
  required?: boolean;
  nullable?: boolean;
  enum?: string[];
  maxLength?: number;
  format?: string;
  /** For a reference to another record: the keys that identify it (id, identifier, name). */
  refFields?: string[];
  description?: string;
}

export interface EndpointDetails {
  method: HttpMethod;
  path: string;
  operationId: string;
  category: string;
  summary: string;
  parameters: {
    name: string;
    in: "path" | "query" | "header";
    type: string;
    required: boolean;
    description?: string;
    enum?: string[];
  }[];
  requestBody?: {
    contentType: string;
    schema: string;
    isArray: boolean;
    required: string[];
    fields: FieldInfo[];
    /** For PATCH: the fields of the record that `path` in each operation may name. */
    patchableFields?: string[];
  };
  response: {
    status: string;
    description: string;
    schema?: string;
    isArray: boolean;
    fields?: FieldInfo[];
  };
  exampleConditions?: string[];
  /** Other methods on the same path. */
  otherMethods: HttpMethod[];
}

export type DetailsLookup =
  | { found: true; details: EndpointDetails }
  | { found: false; reason: "unknown-path" }
  | { found: false; reason: "method-not-allowed"; path: string; allowed: HttpMethod[] };

export function endpointDetails(catalogue: Catalogue, method: HttpMethod, path: string): DetailsLookup {
  const matches = matchTemplates(catalogue.endpoints(), path);
  if (matches.length === 0) return { found: false, reason: "unknown-path" };
  const row = matches.find((r) => r.method === method);
  const allowed = sortMethods(matches.map((r) => r.method));
  if (!row) return { found: false, reason: "method-not-allowed", path: matches[0]!.path, allowed };
  return { found: true, details: describeEndpoint(catalogue, row, allowed.filter((m) => m !== method)) };
}

function describeEndpoint(catalogue: Catalogue, row: EndpointRow, otherMethods: HttpMethod[]): EndpointDetails {
  const params = catalogue.parameters(row.id).filter((p) => !(p.location === "header" && SUPPLIED_HEADERS.has(p.name)));
  const details: EndpointDetails = {
    method: row.method,
    path: row.path,
    operationId: row.operationId,
    category: row.category,
    summary: row.summary.replace(/\s+/g, " ").trim(),
    parameters: params.map((p) => ({
      name: p.name,
      in: p.location,
      type: p.format && p.type !== "string" ? `${p.type} (${p.format})` : p.type,
      required: p.required,
      ...(p.description ? { description: p.description } : {}),
      ...(p.enum ? { enum: p.enum } : {}),
    })),
    response: { status: "", description: "", isArray: false },
    otherMethods,
  };

  const body = catalogue.requestBody(row.id);
  if (body) {
    const target = body.isArray ? body.schema.items : body.schema;
    const resolved = target ? resolve(catalogue, target) : undefined;
    details.requestBody = {
      contentType: body.contentType,
      schema: body.schemaName ?? "object",
      isArray: body.isArray,
      required: resolved?.required ?? [],
      fields: resolved ? fieldsOf(catalogue, resolved) : [],
    };
    if (row.method === "PATCH") {
      const record = recordSchemaFor(catalogue, row);
      if (record?.properties) details.requestBody.patchableFields = Object.keys(record.properties).filter((f) => f !== "_info" && f !== "id");
    }
  }

  const responses = catalogue.responses(row.id);
  const ok = responses.find((r) => /^2/.test(r.status)) ?? responses[0];
  if (ok) {
    details.response = { status: ok.status, description: ok.description, isArray: ok.isArray };
    if (ok.schemaName) {
      details.response.schema = ok.schemaName;
      const schema = catalogue.schema(ok.schemaName);
      if (schema?.properties) details.response.fields = fieldsOf(catalogue, schema).map(({ name, type }) => ({ name, type }));
      if (ok.isArray && schema && params.some((p) => p.name === "conditions")) {
        const examples = exampleConditions(catalogue, schema);
        if (examples.length > 0) details.exampleConditions = examples;
      }
    }
  }
  return details;
}

/** The record a PATCH edits: the schema its path answers GET with. */
function recordSchemaFor(catalogue: Catalogue, row: EndpointRow): SchemaObject | undefined {
  const get = catalogue.endpoints().find((r) => r.path === row.path && r.method === "GET");
  const name = get && catalogue.responses(get.id).find((r) => /^2/.test(r.status))?.schemaName;
  return name ? catalogue.schema(name) : undefined;
}

function resolve(catalogue: Catalogue, s: SchemaObject): SchemaObject | undefined {
  return s.$ref ? catalogue.schema(refName(s.$ref)) : s;
}

function fieldsOf(catalogue: Catalogue, schema: SchemaObject): FieldInfo[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([name]) => name !== "_info")
    .map(([name, prop]) => {
      const field: FieldInfo = { name, type: typeName(prop) };
      if (required.has(name)) field.required = true;
      if (prop.nullable) field.nullable = true;
      if (prop.enum) field.enum = prop.enum.map(String);
      if (prop.maxLength !== undefined) field.maxLength = prop.maxLength;
      if (prop.format && !["int32", "double"].includes(prop.format)) field.format = prop.format;
      if (prop.$ref) {
        const target = catalogue.schema(refName(prop.$ref));
        if (target?.properties && /Reference$/.test(refName(prop.$ref))) {
          field.refFields = Object.keys(target.properties).filter((k) => k !== "_info");
        }
      }
      const description = prop.description?.replace(/\s*Max length: \d+;/g, "").replace(/\s+/g, " ").trim();
      if (description) field.description = description;
      return field;
    });
}

function typeName(s: SchemaObject): string {
  if (s.$ref) return refName(s.$ref);
  if (s.type === "array") return `${s.items ? typeName(s.items) : "any"}[]`;
  if (s.type === "integer") return "integer";
  if (s.type === "object" || (!s.type && s.additionalProperties !== undefined)) return "object";
  return s.type ?? "any";
}

/**
 * Conditions a technician would write against this list, built from the record's own fields: a
 * reference by name, a flag, a date window, an enum value, a text match.
 */
export function exampleConditions(catalogue: Catalogue, schema: SchemaObject): string[] {
  const props = Object.entries(schema.properties ?? {});
  const out: string[] = [];
  const refByName = props.find(([n, p]) => p.$ref && ["status", "board", "company", "member", "type", "priority"].includes(n));
  if (refByName) {
    const [name, prop] = refByName;
    const keys = Object.keys(catalogue.schema(refName(prop.$ref!))?.properties ?? {});
    const key = keys.includes("name") ? "name" : keys.includes("identifier") ? "identifier" : "id";
    out.push(key === "id" ? `${name}/id = 12` : `${name}/${key} = "${EXAMPLE_VALUES[name] ?? "Example"}"`);
  }
  const flag = props.find(([n, p]) => p.type === "boolean" && /^(closed|inactive|billable|active)Flag$|^closedFlag$/.test(n))
    ?? props.find(([, p]) => p.type === "boolean");
  if (flag) out.push(`${flag[0]} = ${flag[0].startsWith("inactive") || flag[0].startsWith("closed") ? "false" : "true"}`);
  const date = props.find(([n, p]) => p.format === "date-time" && /date|last/i.test(n));
  if (date) out.push(`${date[0]} >= [2025-01-01T00:00:00Z]`);
  else out.push("lastUpdated >= [2025-01-01T00:00:00Z]");
  const text = props.find(([n, p]) => p.type === "string" && !p.enum && ["summary", "name", "identifier", "notes", "description"].includes(n));
  if (text) out.push(["name", "identifier"].includes(text[0]) ? `${text[0]} like "Acme*"` : `${text[0]} contains "backup"`);
  const enumProp = props.find(([, p]) => p.enum && p.enum.length > 0);
  if (enumProp) out.push(`${enumProp[0]} = "${String(enumProp[1].enum![0])}"`);
  if (out.length >= 2) out.push(`(${out[0]}) and (${out[1]})`);
  return out;
}

const EXAMPLE_VALUES: Record<string, string> = {
  status: "New",
  board: "Help Desk",
  company: "AcmeCorp",
  member: "jsmith",
  type: "Break-fix",
  priority: "Priority 2 - High",
};

function sortMethods(methods: HttpMethod[]): HttpMethod[] {
  return HTTP_METHODS.filter((m) => methods.includes(m));
}
