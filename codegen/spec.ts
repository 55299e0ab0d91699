/**
 * Load data/manage.json and normalise it into Endpoint records.
 *
 * Everything downstream (types, endpoint map, zod schemas, catalogue) reads these records, so this is
 * the one place that knows the shape of an OpenAPI document. Anything we cannot represent faithfully
 * fails here with the exact place in the document, never later as a confusing emitter error.
 */
import { readFileSync } from "node:fs";
import type { SchemaObject } from "../src/catalogue/schema-object.js";

export { refName, type SchemaObject } from "../src/catalogue/schema-object.js";

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description: string;
  schema: SchemaObject;
  /** Where the official description declared it (see data/README.md, "Relocated parameters"). */
  originalIn?: string;
}

export interface RequestBody {
  contentType: string;
  required: boolean;
  description: string;
  schema: SchemaObject;
}

export interface Response {
  status: string;
  description: string;
  contentType?: string;
  schema?: SchemaObject;
}

export interface Endpoint {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** The API module: the first path segment (company, service, time, ...). */
  category: string;
  tag: string;
  summary: string;
  description: string;
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
}

export interface Spec {
  /** The file it was read from, for error messages. */
  source: string;
  title: string;
  version: string;
  /** The parsed document, for emitters that hand it to other tools (openapi-typescript). */
  document: Record<string, unknown>;
  schemas: Record<string, SchemaObject>;
  /** In document order: paths as listed, methods in HTTP_METHODS order within a path. */
  endpoints: Endpoint[];
}

/** A spec we cannot use. `where` names the place, e.g. `paths["/service/tickets"].get.parameters[2]`. */
export class SpecError extends Error {
  constructor(
    readonly source: string,
    readonly where: string,
    problem: string,
  ) {
    super(`${source}: ${where ? `${where}: ` : ""}${problem}`);
    this.name = "SpecError";
  }
}

type Loc = (string | number)[];

/** Render a location the way a reader finds it in the file: paths["/a/{id}"].get.parameters[0]. */
export function formatLocation(loc: Loc): string {
  let out = "";
  for (const seg of loc) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

const SUPPORTED_SCHEMA_KEYS = new Set([
  "$ref", "type", "format", "nullable", "enum", "items", "properties", "required",
  "additionalProperties", "description", "maxLength", "default",
]);
const SCHEMA_TYPES = new Set(["string", "integer", "number", "boolean", "object", "array"]);

export function loadSpec(file: string, overlay?: (doc: Record<string, unknown>) => void): Spec {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new SpecError(file, "", `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseSpec(text, file, overlay);
}

export function parseSpec(text: string, source: string, overlay?: (doc: Record<string, unknown>) => void): Spec {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SpecError(source, jsonErrorPosition(text, err), `not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(doc)) throw new SpecError(source, "", "the document must be a JSON object");
  overlay?.(doc);
  return new SpecReader(source, doc).read();
}

function jsonErrorPosition(text: string, err: unknown): string {
  const m = /position (\d+)/.exec(String((err as Error).message));
  if (!m) return "";
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class SpecReader {
  private readonly schemas: Record<string, SchemaObject>;

  constructor(
    private readonly source: string,
    private readonly doc: Record<string, unknown>,
  ) {
    this.schemas = {};
  }

  read(): Spec {
    const doc = this.doc;
    if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
      this.fail(["openapi"], `expected an OpenAPI 3.x version string, found ${JSON.stringify(doc.openapi)}`);
    }
    const info = this.object(doc.info, ["info"]);
    const title = this.string(info.title, ["info", "title"]);
    const version = this.string(info.version, ["info", "version"]);

    const components = doc.components === undefined ? {} : this.object(doc.components, ["components"]);
    const rawSchemas = components.schemas === undefined ? {} : this.object(components.schemas, ["components", "schemas"]);
    for (const [name, raw] of Object.entries(rawSchemas)) {
      this.schemas[name] = this.schema(raw, ["components", "schemas", name]);
    }

    const paths = this.object(doc.paths, ["paths"]);
    const endpoints: Endpoint[] = [];
    const seenIds = new Map<string, string>();
    for (const [path, rawItem] of Object.entries(paths)) {
      if (!path.startsWith("/")) this.fail(["paths", path], "a path must start with '/'");
      const item = this.object(rawItem, ["paths", path]);
      const shared = item.parameters === undefined ? [] : this.array(item.parameters, ["paths", path, "parameters"]);
      for (const method of HTTP_METHODS) {
        if (item[method] === undefined) continue;
        const endpoint = this.operation(path, method, item[method], shared);
        const where = `${endpoint.method} ${path}`;
        const clash = seenIds.get(endpoint.operationId);
        if (clash) this.fail(["paths", path, method, "operationId"], `"${endpoint.operationId}" is already used by ${clash}`);
        seenIds.set(endpoint.operationId, where);
        endpoints.push(endpoint);
      }
    }
    if (endpoints.length === 0) this.fail(["paths"], "the document has no operations");
    this.checkRefs(this.doc, []);
    return { source: this.source, title, version, document: this.doc, schemas: this.schemas, endpoints };
  }

  private operation(path: string, method: (typeof HTTP_METHODS)[number], raw: unknown, shared: unknown[]): Endpoint {
    const loc: Loc = ["paths", path, method];
    const op = this.object(raw, loc);
    const operationId = this.string(op.operationId, [...loc, "operationId"]);
    if (!/^[A-Za-z_$][\w$]*$/.test(operationId)) {
      this.fail([...loc, "operationId"], `"${operationId}" is not usable as an identifier`);
    }
    const tags = op.tags === undefined ? [] : this.array(op.tags, [...loc, "tags"]);
    const own = op.parameters === undefined ? [] : this.array(op.parameters, [...loc, "parameters"]);
    const parameters = this.parameters(path, shared, own, loc);

    let requestBody: RequestBody | undefined;
    if (op.requestBody !== undefined) {
      const bodyLoc = [...loc, "requestBody"];
      const body = this.resolveComponent(op.requestBody, bodyLoc, "requestBodies");
      const content = this.object(body.content, [...bodyLoc, "content"]);
      const types = Object.keys(content);
      if (types.length !== 1) this.fail([...bodyLoc, "content"], `expected exactly one media type, found ${types.length}`);
      const contentType = types[0]!;
      const media = this.object(content[contentType], [...bodyLoc, "content", contentType]);
      requestBody = {
        contentType,
        required: body.required === true,
        description: typeof body.description === "string" ? body.description : "",
        schema: this.schema(media.schema, [...bodyLoc, "content", contentType, "schema"]),
      };
    }

    const responses: Response[] = [];
    const rawResponses = this.object(op.responses, [...loc, "responses"]);
    for (const [status, rawResponse] of Object.entries(rawResponses)) {
      const rLoc = [...loc, "responses", status];
      if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) this.fail(rLoc, `"${status}" is not an HTTP status code`);
      const response = this.resolveComponent(rawResponse, rLoc, "responses");
      const out: Response = { status, description: typeof response.description === "string" ? response.description : "" };
      if (response.content !== undefined) {
        const content = this.object(response.content, [...rLoc, "content"]);
        const first = Object.keys(content)[0];
        if (first !== undefined) {
          const media = this.object(content[first], [...rLoc, "content", first]);
          out.contentType = first;
          if (media.schema !== undefined) out.schema = this.schema(media.schema, [...rLoc, "content", first, "schema"]);
        }
      }
      responses.push(out);
    }
    if (responses.length === 0) this.fail([...loc, "responses"], "an operation needs at least one response");

    return {
      operationId,
      method: method.toUpperCase() as HttpMethod,
      path,
      category: path.split("/")[1]!,
      tag: typeof tags[0] === "string" ? tags[0] : "",
      summary: typeof op.summary === "string" ? op.summary : "",
      description: typeof op.description === "string" ? op.description : "",
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }

  private parameters(path: string, shared: unknown[], own: unknown[], loc: Loc): Parameter[] {
    const byKey = new Map<string, Parameter>();
    const read = (list: unknown[], base: Loc) =>
      list.forEach((raw, i) => {
        const pLoc = [...base, i];
        const p = this.resolveComponent(raw, pLoc, "parameters");
        const name = this.string(p.name, [...pLoc, "name"]);
        const where = this.string(p.in, [...pLoc, "in"]);
        if (where !== "path" && where !== "query" && where !== "header") {
          this.fail([...pLoc, "in"], `unsupported parameter location "${where}" (expected path, query or header)`);
        }
        if (p.schema === undefined) this.fail(pLoc, `parameter "${name}" has no schema`);
        if (where === "path" && !path.includes(`{${name}`)) {
          this.fail(pLoc, `path parameter "${name}" does not appear in the path template`);
        }
        const param: Parameter = {
          name,
          in: where,
          required: where === "path" ? true : p.required === true,
          description: typeof p.description === "string" ? p.description : "",
          schema: this.schema(p.schema, [...pLoc, "schema"]),
        };
        if (typeof p["x-original-in"] === "string") param.originalIn = p["x-original-in"];
        byKey.set(`${where}:${name}`, param);
      });
    read(shared, ["paths", path, "parameters"]);
    read(own, [...loc, "parameters"]);
    return [...byKey.values()];
  }

  /** Follow a `$ref` to #/components/<kind>/<name> for parameters, bodies and responses. */
  private resolveComponent(raw: unknown, loc: Loc, kind: string): Record<string, unknown> {
    const obj = this.object(raw, loc);
    if (typeof obj.$ref !== "string") return obj;
    const prefix = `#/components/${kind}/`;
    if (!obj.$ref.startsWith(prefix)) this.fail([...loc, "$ref"], `expected a reference into ${prefix}, found "${obj.$ref}"`);
    const components = isObject(this.doc.components) ? this.doc.components : {};
    const group = isObject(components[kind]) ? components[kind] : {};
    const target = group[obj.$ref.slice(prefix.length)];
    if (!isObject(target)) this.fail([...loc, "$ref"], `"${obj.$ref}" does not resolve`);
    return target;
  }

  private schema(raw: unknown, loc: Loc): SchemaObject {
    const s = this.object(raw, loc);
    for (const key of Object.keys(s)) {
      if (!SUPPORTED_SCHEMA_KEYS.has(key) && !key.startsWith("x-")) {
        this.fail([...loc, key], `unsupported schema keyword "${key}" (the generator understands ${[...SUPPORTED_SCHEMA_KEYS].join(", ")})`);
      }
    }
    if (s.$ref !== undefined) {
      const ref = this.string(s.$ref, [...loc, "$ref"]);
      if (!ref.startsWith("#/components/schemas/")) this.fail([...loc, "$ref"], `only #/components/schemas/ references are supported, found "${ref}"`);
      return s as SchemaObject;
    }
    if (s.type !== undefined && (typeof s.type !== "string" || !SCHEMA_TYPES.has(s.type))) {
      this.fail([...loc, "type"], `unknown type ${JSON.stringify(s.type)}`);
    }
    if (s.type === "array" && s.items === undefined) this.fail(loc, "an array schema needs \"items\"");
    if (s.items !== undefined) this.schema(s.items, [...loc, "items"]);
    if (s.properties !== undefined) {
      for (const [name, prop] of Object.entries(this.object(s.properties, [...loc, "properties"]))) {
        this.schema(prop, [...loc, "properties", name]);
      }
    }
    if (s.required !== undefined) {
      const required = this.array(s.required, [...loc, "required"]);
      required.forEach((r, i) => {
        if (typeof r !== "string") this.fail([...loc, "required", i], "required entries must be property names");
      });
    }
    if (isObject(s.additionalProperties)) this.schema(s.additionalProperties, [...loc, "additionalProperties"]);
    if (s.enum !== undefined && this.array(s.enum, [...loc, "enum"]).length === 0) this.fail([...loc, "enum"], "an enum needs at least one value");
    if (s.maxLength !== undefined && (!Number.isInteger(s.maxLength) || (s.maxLength as number) < 0)) {
      this.fail([...loc, "maxLength"], "maxLength must be a non-negative integer");
    }
    return s as SchemaObject;
  }

  /** Every $ref anywhere in the document must point at something that exists. */
  private checkRefs(node: unknown, loc: Loc): void {
    if (Array.isArray(node)) {
      node.forEach((v, i) => this.checkRefs(v, [...loc, i]));
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.$ref === "string") {
      if (!node.$ref.startsWith("#/")) this.fail([...loc, "$ref"], `external reference "${node.$ref}" is not supported`);
      let target: unknown = this.doc;
      for (const raw of node.$ref.slice(2).split("/")) {
        const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        target = isObject(target) ? target[seg] : undefined;
      }
      if (target === undefined) this.fail([...loc, "$ref"], `"${node.$ref}" does not resolve`);
    }
    for (const [k, v] of Object.entries(node)) if (k !== "$ref") this.checkRefs(v, [...loc, k]);
  }

  private object(v: unknown, loc: Loc): Record<string, unknown> {
    if (!isObject(v)) this.fail(loc, `expected an object, found ${describe(v)}`);
    return v;
  }

  private array(v: unknown, loc: Loc): unknown[] {
    if (!Array.isArray(v)) this.fail(loc, `expected an array, found ${describe(v)}`);
    return v;
  }

  private string(v: unknown, loc: Loc): string {
    if (typeof v !== "string" || v === "") this.fail(loc, `expected a non-empty string, found ${describe(v)}`);
    return v;
  }

  private fail(loc: Loc, problem: string): never {
    throw new SpecError(this.source, formatLocation(loc), problem);
  }
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "string" ? `"${v.slice(0, 40)}"` : typeof v;
}
