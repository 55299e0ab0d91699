/**
 * Emit generated/catalogue.db: the endpoint catalogue the discovery tools read.
 *
 * Rows are inserted in document order with explicit ids, the FTS index is optimised and the file is
 * vacuumed, so two runs produce byte-identical files. Row counts equal the spec's (one row per
 * operation, one per `parameters` entry, the clientId header included, as data/README.md counts them).
 */
import Database from "better-sqlite3";
import { refName, type Endpoint, type Parameter, type SchemaObject, type Spec } from "./spec.js";
import { compare } from "./write.js";
import { pathWords, splitWords } from "../src/catalogue/words.js";
import type { EndpointKind } from "../src/catalogue/catalogue.js";

export const CATALOGUE_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE categories (
  name TEXT PRIMARY KEY,
  endpoint_count INTEGER NOT NULL,
  description TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE endpoints (
  id INTEGER PRIMARY KEY,
  operation_id TEXT NOT NULL UNIQUE,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  category TEXT NOT NULL REFERENCES categories(name),
  tag TEXT NOT NULL,
  summary TEXT NOT NULL,
  description TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('collection', 'item', 'count', 'info', 'usages', 'action', 'resource')),
  resource TEXT NOT NULL,
  resource_words TEXT NOT NULL,
  words TEXT NOT NULL,
  relations TEXT NOT NULL,
  UNIQUE (path, method)
);
CREATE INDEX endpoints_by_category ON endpoints (category, method);
CREATE TABLE parameters (
  id INTEGER PRIMARY KEY,
  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  location TEXT NOT NULL,
  required INTEGER NOT NULL,
  type TEXT NOT NULL,
  format TEXT,
  nullable INTEGER NOT NULL,
  enum_json TEXT,
  description TEXT NOT NULL,
  original_location TEXT
);
CREATE INDEX parameters_by_endpoint ON parameters (endpoint_id, position);
CREATE TABLE request_bodies (
  endpoint_id INTEGER PRIMARY KEY REFERENCES endpoints(id),
  content_type TEXT NOT NULL,
  required INTEGER NOT NULL,
  description TEXT NOT NULL,
  schema_name TEXT,
  is_array INTEGER NOT NULL,
  schema_json TEXT NOT NULL
);
CREATE TABLE response_bodies (
  endpoint_id INTEGER NOT NULL REFERENCES endpoints(id),
  status TEXT NOT NULL,
  description TEXT NOT NULL,
  content_type TEXT,
  schema_name TEXT,
  is_array INTEGER NOT NULL,
  schema_json TEXT,
  PRIMARY KEY (endpoint_id, status)
) WITHOUT ROWID;
CREATE TABLE schemas (name TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE endpoint_search USING fts5(
  path, summary, description, category, parameters, keywords, relations,
  tokenize = 'porter unicode61'
);
`;

/** Query parameters every list endpoint has; they say nothing about what an endpoint is for. */
export const STANDARD_QUERY_PARAMS = new Set([
  "conditions", "childConditions", "customFieldConditions", "orderBy", "fields", "page", "pageSize", "pageId", "clientId",
]);

export interface CatalogueCounts {
  endpoints: number;
  parameters: number;
  requestBodies: number;
  responses: number;
  categories: number;
  schemas: number;
}

export function emitCatalogue(spec: Spec, file: string): CatalogueCounts {
  const db = new Database(file);
  try {
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.exec(CATALOGUE_SCHEMA);
    const counts = db.transaction(() => fill(db, spec))();
    db.exec("INSERT INTO endpoint_search (endpoint_search) VALUES ('optimize')");
    db.exec("VACUUM");
    return counts;
  } finally {
    db.close();
  }
}

function fill(db: Database.Database, spec: Spec): CatalogueCounts {
  const insertEndpoint = db.prepare(
    "INSERT INTO endpoints (id, operation_id, method, path, category, tag, summary, description, kind, resource, resource_words, words, relations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertParameter = db.prepare(
    "INSERT INTO parameters (endpoint_id, position, name, location, required, type, format, nullable, enum_json, description, original_location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertBody = db.prepare(
    "INSERT INTO request_bodies (endpoint_id, content_type, required, description, schema_name, is_array, schema_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertResponse = db.prepare(
    "INSERT INTO response_bodies (endpoint_id, status, description, content_type, schema_name, is_array, schema_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertSearch = db.prepare(
    "INSERT INTO endpoint_search (rowid, path, summary, description, category, parameters, keywords, relations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );

  const counts: CatalogueCounts = { endpoints: 0, parameters: 0, requestBodies: 0, responses: 0, categories: 0, schemas: 0 };
  const collections = collectionPaths(spec.endpoints);
  const vocabulary = vocabularyOf(spec);
  const categories = new Map<string, Endpoint[]>();
  for (const e of spec.endpoints) categories.set(e.category, [...(categories.get(e.category) ?? []), e]);
  const insertCategory = db.prepare("INSERT INTO categories (name, endpoint_count, description) VALUES (?, ?, ?)");
  for (const [name, list] of [...categories].sort(([a], [b]) => compare(a, b))) {
    insertCategory.run(name, list.length, describeCategory(list));
    counts.categories++;
  }

  spec.endpoints.forEach((e, index) => {
    const id = index + 1;
    const words = pathWords(e.path, vocabulary);
    const resource = resourceOf(e.path);
    const relations = relationsOf(spec, e).join(" ");
    insertEndpoint.run(
      id, e.operationId, e.method, e.path, e.category, e.tag, e.summary, e.description,
      kindOf(e, collections), resource, pathWords(`/${resource}`, vocabulary).join(" "), words.join(" "), relations,
    );
    counts.endpoints++;
    e.parameters.forEach((p, position) => {
      insertParameter.run(
        id, position, p.name, p.in, p.required ? 1 : 0, typeOf(p.schema), p.schema.format ?? null, p.schema.nullable ? 1 : 0,
        p.schema.enum ? JSON.stringify(p.schema.enum) : null, p.description, p.originalIn ?? null,
      );
      counts.parameters++;
    });
    if (e.requestBody) {
      const b = e.requestBody;
      const shape = shapeOf(b.schema);
      insertBody.run(id, b.contentType, b.required ? 1 : 0, b.description, shape.name, shape.isArray ? 1 : 0, JSON.stringify(b.schema));
      counts.requestBodies++;
    }
    for (const r of e.responses) {
      const shape = r.schema ? shapeOf(r.schema) : { name: null, isArray: false };
      insertResponse.run(id, r.status, r.description, r.contentType ?? null, shape.name, shape.isArray ? 1 : 0, r.schema ? JSON.stringify(r.schema) : null);
      counts.responses++;
    }
    insertSearch.run(id, e.path, e.summary, e.description, e.category, searchParameters(e.parameters), keywordsFor(e, words), relations);
  });

  const insertSchema = db.prepare("INSERT INTO schemas (name, json) VALUES (?, ?)");
  for (const name of Object.keys(spec.schemas).sort(compare)) {
    insertSchema.run(name, JSON.stringify(spec.schemas[name]));
    counts.schemas++;
  }

  const insertMeta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
  const meta: Record<string, string> = {
    spec_title: spec.title,
    spec_version: spec.version,
    endpoint_count: String(counts.endpoints),
    parameter_count: String(counts.parameters),
    request_body_count: String(counts.requestBodies),
    response_count: String(counts.responses),
    category_count: String(counts.categories),
    schema_count: String(counts.schemas),
  };
  for (const [k, v] of Object.entries(meta)) insertMeta.run(k, v);
  return counts;
}

/** Paths that answer GET with an array: POSTs to them create, so they are collections too. */
function collectionPaths(endpoints: Endpoint[]): Set<string> {
  const out = new Set<string>();
  for (const e of endpoints) {
    if (e.method === "GET" && e.responses.some((r) => r.schema && shapeOf(r.schema).isArray)) out.add(e.path);
  }
  return out;
}

function kindOf(e: Endpoint, collections: Set<string>): EndpointKind {
  const segments = e.path.split("/").filter(Boolean);
  const last = segments.at(-1)!;
  if (last === "count") return "count";
  if (segments.includes("info") || last === "infos") return "info";
  if (segments.includes("usages")) return "usages";
  if (last.startsWith("{")) return "item";
  if (collections.has(e.path)) return "collection";
  return e.method === "GET" ? "resource" : "action";
}

/** The last fixed segment: what the endpoint is about (`notes` for /service/tickets/{id}/notes/count). */
function resourceOf(path: string): string {
  const fixed = path.split("/").filter((s) => s && !s.startsWith("{") && s !== "count" && s !== "info" && s !== "usages" && s !== "list");
  return fixed.at(-1) ?? "";
}

function typeOf(s: SchemaObject): string {
  if (s.$ref) return refName(s.$ref);
  if (s.type === "array") return `${s.items ? typeOf(s.items) : "any"}[]`;
  return s.type ?? "any";
}

function shapeOf(s: SchemaObject): { name: string | null; isArray: boolean } {
  if (s.type === "array" && s.items) return { name: s.items.$ref ? refName(s.items.$ref) : (s.items.type ?? null), isArray: true };
  return { name: s.$ref ? refName(s.$ref) : (s.type ?? null), isArray: false };
}

function searchParameters(params: Parameter[]): string {
  return params.filter((p) => !STANDARD_QUERY_PARAMS.has(p.name)).map((p) => splitWords(p.name).join(" ")).join(" ");
}

/** Path words (run-together words split) plus the words of the tag and body/response schema names. */
function keywordsFor(e: Endpoint, words: string[]): string {
  const names = [e.tag];
  if (e.requestBody) names.push(shapeOf(e.requestBody.schema).name ?? "");
  for (const r of e.responses) if (r.schema) names.push(shapeOf(r.schema).name ?? "");
  return [...new Set([...words, ...names.flatMap(splitWords)])].join(" ");
}

/**
 * Words known to be whole words: the parts of camelCase path segments and of schema and tag names.
 * Lower-case path segments are left out, since those are the run-together words to split.
 */
function vocabularyOf(spec: Spec): Set<string> {
  const vocabulary = new Set<string>();
  const add = (text: string) => {
    const parts = splitWords(text);
    if (parts.length > 1 || /^[A-Z]/.test(text)) for (const w of parts) if (w.length >= 3) vocabulary.add(w);
  };
  for (const name of Object.keys(spec.schemas)) add(name);
  for (const e of spec.endpoints) {
    add(e.tag);
    for (const seg of e.path.split("/")) if (seg && !seg.startsWith("{")) add(seg);
  }
  return vocabulary;
}

/** The records an endpoint's record refers to (board, company, member ...): what it can be "for". */
function relationsOf(spec: Spec, e: Endpoint): string[] {
  const ok = e.responses.find((r) => /^2/.test(r.status) && r.schema);
  const candidates = [ok?.schema, e.requestBody?.schema];
  for (const s of candidates) {
    const item = s?.type === "array" ? s.items : s;
    const record = item?.$ref ? spec.schemas[refName(item.$ref)] : undefined;
    if (record?.properties) {
      const refs = Object.entries(record.properties).filter(([name, p]) => p.$ref && name !== "_info");
      if (refs.length > 0) return [...new Set(refs.flatMap(([name]) => splitWords(name)))];
    }
  }
  return [];
}

/** "tickets, boards, ..." : the category's top-level resources, largest first. */
function describeCategory(list: Endpoint[]): string {
  const sizes = new Map<string, number>();
  for (const e of list) {
    const top = e.path.split("/")[2] ?? "";
    if (top) sizes.set(top, (sizes.get(top) ?? 0) + 1);
  }
  return [...sizes]
    .sort(([a, x], [b, y]) => y - x || compare(a, b))
    .map(([name]) => name)
    .join(", ");
}
