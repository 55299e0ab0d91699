/**
 * Which names a conditions string may use on a resource, and how to read them from a record: the field
 * model, derived from the resource's OpenAPI schema (research §3.2.1–2). Resolution happens once per
 * request; the readers it returns run once per record.
 */
import { refName, type SchemaObject } from "../../catalogue/schema-object.js";

export type FieldType = "string" | "number" | "boolean" | "datetime" | "object" | "array" | "any";

export interface FieldModel {
  /** `segments` as typed (`["Board", "ID"]`); names match case-insensitively. Undefined: no such name. */
  resolve(segments: string[]): ResolvedField | undefined;
}

export interface ResolvedField {
  type: FieldType;
  /** Canonical names, as in the record: `["board", "id"]`, `["_info", "dateEntered"]`. */
  path: string[];
  /**
   * The value at `path`; undefined when anything on the way is missing. For a path that passes through an
   * array (`via`) it is the list of values reached, one per element.
   */
  read(record: unknown): unknown;
  /** For arrays: the model of one element (`resolve([])` is the element itself). */
  element?: FieldModel;
  /** Set when the path passes through an array: the array, and the rest of the path within one element. */
  via?: { array: ResolvedField; rest: ResolvedField };
}

type Shape =
  | { kind: "scalar"; type: FieldType }
  | { kind: "object"; properties: Record<string, SchemaObject>; names: Map<string, string> }
  | { kind: "map"; values: SchemaObject }
  | { kind: "array"; items: SchemaObject };

type Lookup = (name: string) => SchemaObject | undefined;

/**
 * The `_info` timestamps and authors. ConnectWise also accepts them as top-level names (`lastUpdated`,
 * `dateEntered` on tickets, which have no such property), and types the dates as DateTime although the
 * spec declares `_info` a map of strings.
 */
const AUDIT = new Map<string, { name: string; type: FieldType }>(
  (
    [
      ["dateEntered", "datetime"],
      ["lastUpdated", "datetime"],
      ["enteredBy", "string"],
      ["updatedBy", "string"],
    ] as const
  ).map(([name, type]) => [name.toLowerCase(), { name, type }]),
);

const INFO = "_info";
const FREE_FORM: SchemaObject = {};
/** The hop limit for `$ref` chains, so a cyclic spec cannot hang a request. */
const MAX_REF_HOPS = 32;

export function schemaFieldModel(schema: SchemaObject, lookup: Lookup): FieldModel {
  return new SchemaFieldModel(schema, new Shapes(lookup), true);
}

class SchemaFieldModel implements FieldModel {
  constructor(
    private readonly schema: SchemaObject,
    private readonly shapes: Shapes,
    /** Only the resource itself has the top-level `_info` aliases; its references and elements do not. */
    private readonly root: boolean,
  ) {}

  resolve(segments: string[]): ResolvedField | undefined {
    let schema = this.schema;
    let override: FieldType | undefined;
    const path: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (segment === "") return undefined;
      const key = segment.toLowerCase();
      const shape = this.shapes.of(schema);
      if (shape.kind === "array") {
        const rest = new SchemaFieldModel(shape.items, this.shapes, false).resolve(segments.slice(i));
        return rest && throughArray(this.field(path, schema), rest);
      }
      if (shape.kind === "object") {
        const name = shape.names.get(key);
        const alias = AUDIT.get(key);
        if (name !== undefined) {
          path.push(name);
          schema = shape.properties[name]!;
          override = undefined;
        } else if (this.root && i === 0 && alias && shape.names.has(INFO)) {
          path.push(shape.names.get(INFO)!, alias.name);
          schema = FREE_FORM;
          override = alias.type;
        } else {
          return undefined;
        }
      } else if (shape.kind === "map") {
        // Map keys are data, not schema: accept any, but spell the audit keys as the records do.
        const audit = path[path.length - 1] === INFO ? AUDIT.get(key) : undefined;
        path.push(audit?.name ?? segment);
        schema = shape.values;
        override = audit?.type;
      } else {
        return undefined;
      }
    }
    return this.field(path, schema, override);
  }

  private field(path: string[], schema: SchemaObject, override?: FieldType): ResolvedField {
    const shape = this.shapes.of(schema);
    const type = override ?? (shape.kind === "scalar" ? shape.type : shape.kind === "map" ? "object" : shape.kind);
    const field: ResolvedField = { type, path: [...path], read: reader(path) };
    if (shape.kind === "array") field.element = new SchemaFieldModel(shape.items, this.shapes, false);
    return field;
  }
}

function throughArray(array: ResolvedField, rest: ResolvedField): ResolvedField {
  const field: ResolvedField = {
    type: rest.type,
    path: [...array.path, ...rest.path],
    via: { array, rest },
    read(record) {
      const values: unknown[] = [];
      const elements = array.read(record);
      if (!Array.isArray(elements)) return values;
      for (const element of elements) {
        const value = rest.read(element);
        if (rest.via && Array.isArray(value)) values.push(...value);
        else values.push(value);
      }
      return values;
    },
  };
  if (rest.element) field.element = rest.element;
  return field;
}

function reader(path: readonly string[]): (record: unknown) => unknown {
  const keys = [...path];
  if (keys.length === 0) return (record) => record;
  if (keys.length === 1) {
    const key = keys[0]!;
    return (record) => (isRecord(record) ? record[key] : undefined);
  }
  return (record) => {
    let value = record;
    for (const key of keys) {
      if (!isRecord(value)) return undefined;
      value = value[key];
    }
    return value;
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Schema → shape, following `$ref`s through the catalogue, computed once per schema object. */
class Shapes {
  private readonly cache = new WeakMap<SchemaObject, Shape>();

  constructor(private readonly lookup: Lookup) {}

  of(schema: SchemaObject): Shape {
    let shape = this.cache.get(schema);
    if (!shape) {
      shape = shapeOf(this.deref(schema));
      this.cache.set(schema, shape);
    }
    return shape;
  }

  private deref(schema: SchemaObject): SchemaObject {
    let current: SchemaObject | undefined = schema;
    for (let hops = 0; current?.$ref !== undefined; hops++) {
      if (hops === MAX_REF_HOPS) return FREE_FORM;
      current = this.lookup(refName(current.$ref));
    }
    return current ?? FREE_FORM;
  }
}

function shapeOf(schema: SchemaObject): Shape {
  if (schema.type === "array") return { kind: "array", items: schema.items ?? FREE_FORM };
  const properties = schema.properties;
  if (properties && Object.keys(properties).length > 0) {
    return { kind: "object", properties, names: new Map(Object.keys(properties).map((name) => [name.toLowerCase(), name])) };
  }
  const values = schema.additionalProperties;
  if (typeof values === "object" && (values.type !== undefined || values.$ref !== undefined || values.properties)) {
    return { kind: "map", values };
  }
  switch (schema.type) {
    case "string":
      return { kind: "scalar", type: schema.format === "date-time" || schema.format === "date" ? "datetime" : "string" };
    case "integer":
    case "number":
      return { kind: "scalar", type: "number" };
    case "boolean":
      return { kind: "scalar", type: "boolean" };
    case undefined:
      return { kind: "scalar", type: schema.enum?.every((v) => typeof v === "string") ? "string" : "any" };
    default:
      // An object without properties (`additionalProperties: {}`): a free-form value such as a custom field's.
      return { kind: "scalar", type: "any" };
  }
}
