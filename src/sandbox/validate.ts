/**
 * Request bodies checked the way ConnectWise checks them, with the generated zod schemas:
 * a member the model lacks → 400 "Could not find member"; a missing required field → 400 InvalidObject
 * with MissingRequiredField; a value of the wrong type or an unknown enum value → 500 conversion error
 * (yes, 500: research §4.2); a string over its maximum length → 400 InvalidObject.
 */
import type { z } from "zod";
import type { SchemaObject } from "../catalogue/schema-object.js";
import { conversionError, invalidObject, unknownMember, type FieldError } from "./errors.js";
import { isObject } from "./store.js";

/** Refuse members the record's schema does not have (names compared case-insensitively, as .NET does). */
export function checkMembers(body: unknown, schema: SchemaObject, typeName: string, text: string): void {
  if (!isObject(body) || !schema.properties) return;
  const known = new Set(Object.keys(schema.properties).map((k) => k.toLowerCase()));
  for (const key of Object.keys(body)) {
    if (!known.has(key.toLowerCase())) {
      const at = text.indexOf(JSON.stringify(key));
      throw unknownMember(key, typeName, at >= 0 ? at + key.length + 2 : 1);
    }
  }
}

/** Validate with zod; the parsed value (unknown members already refused) or a ConnectWise error. */
export function checkBody<T>(schema: z.ZodType<T>, body: unknown, resource: string, typeName: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const missing: FieldError[] = [];
  const invalid: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join("/") || resource;
    const value = valueAt(body, issue.path);
    // .NET reads null into any string, object or list member; only value types (int, bool, enum) refuse it.
    if (value === null && issue.code === "invalid_type" && NULLABLE_IN_DOTNET.has(String(issue.expected))) continue;
    if (issue.code === "invalid_type" && value === undefined) {
      missing.push({ code: "MissingRequiredField", message: `${field} is required.`, resource, field });
    } else if (issue.code === "too_big" && typeof value === "string") {
      invalid.push({ code: "InvalidField", message: `${field} may not be longer than ${String(issue.maximum)} characters.`, resource, field });
    } else {
      throw conversionError(value, fieldTypeName(issue, typeName), issue.path.map(String).join("."));
    }
  }
  if (missing.length + invalid.length === 0) return body as T;
  throw invalidObject(resource, [...missing, ...invalid]);
}

const NULLABLE_IN_DOTNET = new Set(["string", "object", "array", "record", "map", "unknown"]);

function fieldTypeName(issue: z.core.$ZodIssue, typeName: string): string {
  if (issue.code === "invalid_type") return DOTNET_TYPES[String(issue.expected)] ?? `System.${capitalise(String(issue.expected))}`;
  if (issue.code === "invalid_value") return `${typeName}.${String(issue.path.at(-1) ?? "value")}`;
  return typeName;
}

const DOTNET_TYPES: Record<string, string> = { number: "System.Double", int: "System.Int32", boolean: "System.Boolean", string: "System.String" };

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = body;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
