/**
 * Check a call against the spec before anything is sent: query parameters (names, types) and the request
 * body (required fields, types, enums, lengths, unknown members) with the generated zod schemas. Every
 * problem names the field and what to do, and all of them are reported at once.
 */
import { z } from "zod";
import type { Catalogue, EndpointRow } from "../catalogue/catalogue.js";
import { editDistance } from "../catalogue/path-match.js";
import { CwApiError, type CwFieldError } from "../http/errors.js";
import { normaliseBodyDates, normaliseConditionDates } from "../http/timestamps.js";
import { schemasFor } from "../schemas.js";

const CONDITION_PARAMS = new Set(["conditions", "childConditions", "customFieldConditions"]);

export async function validateQuery(endpoint: EndpointRow, query: Record<string, unknown>): Promise<Record<string, string | number | boolean>> {
  const schema = (await schemasFor(endpoint.category)).queryParams[endpoint.operationId];
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const out: Record<string, unknown> = {};
  const problems: CwFieldError[] = [];
  for (const [given, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    const name = known.find((k) => k.toLowerCase() === given.toLowerCase());
    if (!name) {
      problems.push({ field: given, message: `not a query parameter of ${endpoint.method} ${endpoint.path}.${suggest(given, known)}${known.length ? ` Valid: ${known.join(", ")}.` : " It takes none."}` });
      continue;
    }
    out[name] = typeof value === "string" && /^-?\d+$/.test(value.trim()) && isNumberParam(schema, name) ? Number(value) : value;
  }
  if (schema && problems.length === 0) {
    const result = schema.safeParse(out);
    if (!result.success) for (const issue of result.error.issues) problems.push({ field: issue.path.join("."), message: issue.message });
  }
  if (problems.length > 0) throw invalid(endpoint, "query parameters", problems);
  for (const key of Object.keys(out)) if (CONDITION_PARAMS.has(key) && typeof out[key] === "string") out[key] = normaliseConditionDates(out[key] as string);
  return out as Record<string, string | number | boolean>;
}

export async function validateBody(catalogue: Catalogue, endpoint: EndpointRow, body: unknown): Promise<unknown> {
  const spec = catalogue.requestBody(endpoint.id);
  if (!spec) {
    if (body !== undefined && !(isPlainObject(body) && Object.keys(body).length === 0)) {
      throw new CwApiError({ kind: "refused", method: endpoint.method, path: endpoint.path, message: `${endpoint.method} ${endpoint.path} takes no request body; leave body out.` });
    }
    return undefined;
  }
  if (body === undefined) {
    throw new CwApiError({
      kind: "refused",
      method: endpoint.method,
      path: endpoint.path,
      message: `${endpoint.method} ${endpoint.path} needs a body (${spec.isArray ? `an array of ${spec.schemaName}` : spec.schemaName}).`,
      hint: "cw_endpoint_details lists its fields and which are required.",
    });
  }
  const schema = (await schemasFor(endpoint.category)).requestBodies[endpoint.operationId];
  const problems: CwFieldError[] = [];
  if (schema instanceof z.ZodObject && isPlainObject(body)) {
    const known = Object.keys(schema.shape);
    for (const key of Object.keys(body)) {
      if (!known.includes(key)) problems.push({ field: key, message: `not a field of ${spec.schemaName}.${suggest(key, known)}` });
    }
  }
  if (schema) {
    const result = schema.safeParse(body);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.join(".") || "(body)";
        const given = valueAt(body, issue.path);
        const required = issue.code === "invalid_type" && given === undefined;
        problems.push({ field, message: required ? "is required." : issue.message });
      }
    }
  }
  if (problems.length > 0) throw invalid(endpoint, "body", problems, "cw_endpoint_details shows every field with its type, allowed values and length.");
  return normaliseBodyDates(body);
}

function invalid(endpoint: EndpointRow, what: string, problems: CwFieldError[], hint?: string): CwApiError {
  return new CwApiError({
    kind: "refused",
    method: endpoint.method,
    path: endpoint.path,
    message: `The ${what} do${what === "body" ? "es" : ""} not fit ${endpoint.method} ${endpoint.path}; nothing was sent.`,
    fieldErrors: problems,
    ...(hint ? { hint } : {}),
  });
}

function suggest(given: string, known: string[]): string {
  const best = [...known].sort((a, b) => editDistance(a.toLowerCase(), given.toLowerCase()) - editDistance(b.toLowerCase(), given.toLowerCase()))[0];
  return best && editDistance(best.toLowerCase(), given.toLowerCase()) <= Math.max(2, Math.floor(given.length / 3)) ? ` Did you mean "${best}"?` : "";
}

function isNumberParam(schema: z.ZodType | undefined, name: string): boolean {
  if (!(schema instanceof z.ZodObject)) return false;
  const probe = (schema.shape as Record<string, z.ZodType>)[name];
  return probe !== undefined && probe.safeParse(1).success && !probe.safeParse("x").success;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = body;
  for (const key of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}
