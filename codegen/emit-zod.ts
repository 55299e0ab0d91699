/**
 * Emit zod schemas for request bodies and path/query parameters, one ES module per API module
 * (company, service, time, ...), plus an index that loads a module on demand.
 *
 * Each module is self-contained: it carries the component schemas its bodies reach, so loading
 * `service` never pulls in `finance`. Modules are plain JavaScript with a small declaration file:
 * the runtime looks schemas up by operationId, so precise inferred types would only cost type-check
 * time. `$ref` cycles become `z.lazy` on the back edge.
 */
import { GENERATED_HEADER, compare } from "./write.js";
import { refName, SpecError, type Endpoint, type SchemaObject, type Spec } from "./spec.js";

export interface ZodEmitResult {
  /** file name (relative to generated/zod/) → contents */
  files: Map<string, string>;
  modules: string[];
}

export function emitZod(spec: Spec): ZodEmitResult {
  const byModule = new Map<string, Endpoint[]>();
  for (const e of spec.endpoints) {
    const list = byModule.get(e.category) ?? [];
    list.push(e);
    byModule.set(e.category, list);
  }
  const modules = [...byModule.keys()].sort();
  const identifiers = schemaIdentifiers(spec);
  const files = new Map<string, string>();
  for (const name of modules) {
    const endpoints = [...byModule.get(name)!].sort((a, b) => compare(a.operationId, b.operationId));
    files.set(`${name}.js`, new ModuleEmitter(spec, identifiers).emit(endpoints));
  }
  files.set("index.js", emitIndex(modules));
  files.set("index.d.ts", emitIndexTypes(modules));
  files.set("module.d.ts", MODULE_TYPES);
  for (const name of modules) files.set(`${name}.d.ts`, `${GENERATED_HEADER}\nexport * from "./module.js";\n`);
  return { files, modules };
}

/** Component schema name → a JavaScript identifier, failing on collisions (`A.B` and `A_B`). */
function schemaIdentifiers(spec: Spec): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Map<string, string>();
  for (const name of Object.keys(spec.schemas)) {
    let id = name.replace(/[^\w$]/g, "_");
    if (/^\d/.test(id) || RESERVED.has(id)) id = `_${id}`;
    const clash = taken.get(id);
    if (clash) {
      throw new SpecError(spec.source, `components.schemas[${JSON.stringify(name)}]`, `"${name}" and "${clash}" both become the identifier ${id}; rename one`);
    }
    taken.set(id, name);
    ids.set(name, id);
  }
  return ids;
}

const RESERVED = new Set(["z", "schemas", "requestBodies", "pathParams", "queryParams", "Object", "Array", "String", "Number", "Boolean", "Date", "Error", "Map", "Set", "Promise"]);

class ModuleEmitter {
  private readonly emitted = new Set<string>();
  private readonly onStack = new Set<string>();
  private readonly lines: string[] = [];
  private readonly shared = new Map<string, string>();
  private readonly perKind = new Map<string, number>();

  constructor(
    private readonly spec: Spec,
    private readonly ids: Map<string, string>,
  ) {}

  emit(endpoints: Endpoint[]): string {
    const bodies: [string, string][] = [];
    const pathParams: [string, string][] = [];
    const queryParams: [string, string][] = [];

    for (const e of endpoints) {
      if (e.requestBody) {
        this.visitRefs(e.requestBody.schema);
        bodies.push([e.operationId, this.named(this.expr(e.requestBody.schema), "body")]);
      }
      for (const where of ["path", "query"] as const) {
        const params = e.parameters.filter((p) => p.in === where);
        if (params.length === 0) continue;
        params.forEach((p) => this.visitRefs(p.schema));
        const shape = params.map((p) => `${key(p.name)}: ${this.expr(p.schema)}${p.required ? "" : ".optional()"}`);
        const list = where === "path" ? pathParams : queryParams;
        list.push([e.operationId, this.named(`z.object({ ${shape.join(", ")} })`, where)]);
      }
    }

    const schemaNames = [...this.emitted].sort(compare);
    return [
      GENERATED_HEADER,
      `import { z } from "zod";`,
      "",
      ...this.lines,
      "",
      ...[...this.shared].map(([expr, name]) => `const ${name} = ${expr};`),
      "",
      exportMap("schemas", schemaNames.map((n) => [n, this.ids.get(n)!])),
      exportMap("requestBodies", bodies),
      exportMap("pathParams", pathParams),
      exportMap("queryParams", queryParams),
    ].join("\n");
  }

  /** Emit (depth first, dependencies before dependants) every component schema `schema` reaches. */
  private visitRefs(schema: SchemaObject): void {
    for (const name of directRefs(schema)) this.visitComponent(name);
  }

  private visitComponent(name: string): void {
    if (this.emitted.has(name) || this.onStack.has(name)) return;
    this.onStack.add(name);
    const schema = this.spec.schemas[name]!;
    this.visitRefs(schema);
    // Built before `name` counts as emitted, so a reference back to it (or to an ancestor) is lazy.
    const expr = this.expr(schema);
    this.onStack.delete(name);
    this.emitted.add(name);
    this.lines.push(`const ${this.ids.get(name)} = ${expr};`);
  }

  /** Identical expressions (the standard list query, `{ id }` paths) are emitted once. */
  private named(expr: string, kind: string): string {
    if (/^[\w$]+$/.test(expr)) return expr;
    let name = this.shared.get(expr);
    if (!name) {
      const n = (this.perKind.get(kind) ?? 0) + 1;
      this.perKind.set(kind, n);
      name = `${kind}${n}`;
      this.shared.set(expr, name);
    }
    return name;
  }

  private expr(s: SchemaObject): string {
    let out: string;
    if (s.$ref) {
      const target = refName(s.$ref);
      const id = this.ids.get(target)!;
      // A reference to a schema still being emitted is a cycle: defer it until parse time.
      out = this.emitted.has(target) ? id : `z.lazy(() => ${id})`;
    } else {
      out = this.typeExpr(s);
    }
    if (s.nullable) out += ".nullable()";
    const text = meaningfulDescription(s.description);
    if (text) out += `.describe(${JSON.stringify(text)})`;
    return out;
  }

  private typeExpr(s: SchemaObject): string {
    switch (s.type) {
      case "string": {
        if (s.enum) return `z.enum(${JSON.stringify(s.enum.map(String))})`;
        let out = STRING_FORMATS[s.format ?? ""] ?? "z.string()";
        if (s.maxLength !== undefined && out === "z.string()") out += `.max(${s.maxLength})`;
        return out;
      }
      case "integer":
        return s.format === "int32" ? "z.int32()" : "z.int()";
      case "number":
        return "z.number()";
      case "boolean":
        return "z.boolean()";
      case "array":
        return `z.array(${this.expr(s.items!)})`;
      case "object":
      case undefined: {
        if (s.properties) {
          const required = new Set(s.required ?? []);
          const props = Object.entries(s.properties).map(
            ([name, prop]) => `${key(name)}: ${this.expr(prop)}${required.has(name) ? "" : ".optional()"}`,
          );
          return `z.object({ ${props.join(", ")} })`;
        }
        if (s.type === "object" || s.additionalProperties !== undefined) {
          const ap = s.additionalProperties;
          const value = typeof ap === "object" && Object.keys(ap).length > 0 ? this.expr(ap) : "z.unknown()";
          return `z.record(z.string(), ${value})`;
        }
        return "z.unknown()";
      }
    }
  }
}

const STRING_FORMATS: Record<string, string> = {
  "date-time": "z.iso.datetime({ offset: true, local: true })",
  date: "z.iso.date()",
  uuid: "z.guid()",
  binary: "z.union([z.instanceof(Blob), z.instanceof(Uint8Array)])",
};

function directRefs(s: SchemaObject, out: string[] = []): string[] {
  if (s.$ref) out.push(refName(s.$ref));
  if (s.items) directRefs(s.items, out);
  if (s.properties) for (const p of Object.values(s.properties)) directRefs(p, out);
  if (typeof s.additionalProperties === "object") directRefs(s.additionalProperties, out);
  return out;
}

/** Descriptions worth keeping: the spec's " Max length: 50;" boilerplate is already `.max(50)`. */
export function meaningfulDescription(text: string | undefined): string {
  if (!text) return "";
  return text
    .replace(/\s*Max length: \d+;/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function exportMap(name: string, entries: [string, string][]): string {
  if (entries.length === 0) return `export const ${name} = {};`;
  return `export const ${name} = {\n${entries.map(([k, v]) => `  ${key(k)}: ${v},`).join("\n")}\n};`;
}

function emitIndex(modules: string[]): string {
  return [
    GENERATED_HEADER,
    "export const zodModules = {",
    ...modules.map((m) => `  ${key(m)}: () => import("./${m}.js"),`),
    "};",
    "",
  ].join("\n");
}

function emitIndexTypes(modules: string[]): string {
  return [
    GENERATED_HEADER,
    `import type { ZodModule } from "./module.js";`,
    `export type { ZodModule } from "./module.js";`,
    `export type ZodModuleName = ${modules.map((m) => JSON.stringify(m)).join(" | ")};`,
    "export declare const zodModules: Readonly<Record<ZodModuleName, () => Promise<ZodModule>>>;",
    "",
  ].join("\n");
}

const MODULE_TYPES = `${GENERATED_HEADER}
import type { z } from "zod";
type Table = Readonly<Record<string, z.ZodType>>;
/** Component schemas reached from this module's request bodies, by their spec name. */
export declare const schemas: Table;
/** Request body schema by operationId. */
export declare const requestBodies: Table;
/** Path parameter object schema by operationId. */
export declare const pathParams: Table;
/** Query parameter object schema by operationId. */
export declare const queryParams: Table;
export interface ZodModule {
  schemas: Table;
  requestBodies: Table;
  pathParams: Table;
  queryParams: Table;
}
`;
