/**
 * The subset of an OpenAPI 3.0 schema object this project understands: what codegen/spec.ts accepts
 * from the spec and what the catalogue stores as JSON.
 */
export interface SchemaObject {
  $ref?: string;
  type?: "string" | "integer" | "number" | "boolean" | "object" | "array";
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  description?: string;
  maxLength?: number;
  default?: unknown;
}

/** `#/components/schemas/Foo` → `Foo` */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}
