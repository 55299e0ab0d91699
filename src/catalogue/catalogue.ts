/**
 * Read-only access to generated/catalogue.db. Statements are prepared once; the endpoint list is
 * small (3,053 rows) and is kept in memory after the first path lookup.
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import type { SchemaObject } from "./schema-object.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
export type EndpointKind = "collection" | "item" | "count" | "info" | "usages" | "action" | "resource";

export interface EndpointRow {
  id: number;
  operationId: string;
  method: HttpMethod;
  path: string;
  category: string;
  tag: string;
  summary: string;
  description: string;
  kind: EndpointKind;
  resource: string;
  /** The resource segment's words, run-together words split (space-separated). */
  resourceWords: string;
  /** Words of the path's fixed segments, run-together words split (space-separated). */
  words: string;
  /** Words of the fields that refer to other records (board, company, member ...), space-separated. */
  relations: string;
}

export interface ParameterRow {
  name: string;
  location: "path" | "query" | "header";
  required: boolean;
  type: string;
  format: string | null;
  nullable: boolean;
  enum: string[] | null;
  description: string;
}

export interface BodyRow {
  contentType: string;
  required: boolean;
  description: string;
  schemaName: string | null;
  isArray: boolean;
  schema: SchemaObject;
}

export interface ResponseRow {
  status: string;
  description: string;
  contentType: string | null;
  schemaName: string | null;
  isArray: boolean;
}

export interface CategoryRow {
  name: string;
  endpoints: number;
  description: string;
}

/** bm25 with the column weights: path, summary, description, category, parameters, keywords, relations. */
const BM25 = "bm25(endpoint_search, 8.0, 4.0, 1.0, 2.0, 0.5, 6.0, 0.3)";

export interface SearchHit {
  id: number;
  /** FTS5 bm25: lower (more negative) is better. */
  bm25: number;
}

export interface CatalogueStats {
  specTitle: string;
  specVersion: string;
  endpoints: number;
  parameters: number;
  categories: number;
}

export class CatalogueMissingError extends Error {
  constructor(file: string) {
    super(`The endpoint catalogue ${file} does not exist. Run \`npm run generate\` (or \`npm run build\`) first.`);
    this.name = "CatalogueMissingError";
  }
}

const ENDPOINT_COLUMNS =
  "id, operation_id AS operationId, method, path, category, tag, summary, description, kind, resource, resource_words AS resourceWords, words, relations";

export class Catalogue {
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<Catalogue["prepare"]>;
  private all: EndpointRow[] | undefined;
  private readonly schemaCache = new Map<string, SchemaObject | null>();

  constructor(file: string) {
    if (!existsSync(file)) throw new CatalogueMissingError(file);
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.stmt = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      meta: db.prepare<[], { key: string; value: string }>("SELECT key, value FROM meta"),
      categories: db.prepare<[], CategoryRow>(
        "SELECT name, endpoint_count AS endpoints, description FROM categories ORDER BY name",
      ),
      all: db.prepare<[], EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM endpoints ORDER BY id`),
      parameters: db.prepare<[number], Omit<ParameterRow, "required" | "nullable" | "enum"> & { required: number; nullable: number; enumJson: string | null }>(
        "SELECT name, location, required, type, format, nullable, enum_json AS enumJson, description FROM parameters WHERE endpoint_id = ? ORDER BY position",
      ),
      body: db.prepare<[number], { contentType: string; required: number; description: string; schemaName: string | null; isArray: number; schemaJson: string }>(
        "SELECT content_type AS contentType, required, description, schema_name AS schemaName, is_array AS isArray, schema_json AS schemaJson FROM request_bodies WHERE endpoint_id = ?",
      ),
      responses: db.prepare<[number], { status: string; description: string; contentType: string | null; schemaName: string | null; isArray: number }>(
        "SELECT status, description, content_type AS contentType, schema_name AS schemaName, is_array AS isArray FROM response_bodies WHERE endpoint_id = ? ORDER BY status",
      ),
      schema: db.prepare<[string], { json: string }>("SELECT json FROM schemas WHERE name = ?"),
      search: db.prepare<[string, number], SearchHit>(
        `SELECT rowid AS id, ${BM25} AS bm25 FROM endpoint_search WHERE endpoint_search MATCH ? ORDER BY bm25 LIMIT ?`,
      ),
      phrase: db.prepare<[string], [number, number]>(`SELECT rowid, ${BM25} FROM endpoint_search WHERE endpoint_search MATCH ? ORDER BY rowid`).raw(),
    };
  }

  stats(): CatalogueStats {
    const meta = Object.fromEntries(this.stmt.meta.all().map((r) => [r.key, r.value]));
    return {
      specTitle: meta.spec_title ?? "",
      specVersion: meta.spec_version ?? "",
      endpoints: Number(meta.endpoint_count),
      parameters: Number(meta.parameter_count),
      categories: Number(meta.category_count),
    };
  }

  categories(): CategoryRow[] {
    return this.stmt.categories.all();
  }

  /** Every endpoint in document order (cached). */
  endpoints(): readonly EndpointRow[] {
    return (this.all ??= this.stmt.all.all());
  }

  /** Ids are 1-based document positions (see codegen/emit-catalogue.ts). */
  endpoint(id: number): EndpointRow | undefined {
    return this.endpoints()[id - 1];
  }

  parameters(id: number): ParameterRow[] {
    return this.stmt.parameters.all(id).map(({ enumJson, required, nullable, ...p }) => ({
      ...p,
      required: required === 1,
      nullable: nullable === 1,
      enum: enumJson ? (JSON.parse(enumJson) as unknown[]).map(String) : null,
    }));
  }

  requestBody(id: number): BodyRow | undefined {
    const row = this.stmt.body.get(id);
    if (!row) return undefined;
    const { schemaJson, required, isArray, ...rest } = row;
    return { ...rest, required: required === 1, isArray: isArray === 1, schema: JSON.parse(schemaJson) as SchemaObject };
  }

  responses(id: number): ResponseRow[] {
    return this.stmt.responses.all(id).map((r) => ({ ...r, isArray: r.isArray === 1 }));
  }

  schema(name: string): SchemaObject | undefined {
    if (!this.schemaCache.has(name)) {
      const row = this.stmt.schema.get(name);
      this.schemaCache.set(name, row ? (JSON.parse(row.json) as SchemaObject) : null);
    }
    return this.schemaCache.get(name) ?? undefined;
  }

  /** Raw FTS5 match; `match` must be a well-formed FTS5 query (see search.ts). */
  match(match: string, limit: number): SearchHit[] {
    return this.stmt.search.all(match, limit);
  }

  /**
   * Every endpoint one FTS5 phrase (`"ticket"*`) matches, in id order, with the bm25 that phrase alone
   * gives it. See text-match.ts for how these add up to a whole question's bm25.
   */
  phrase(phrase: string): { ids: Int32Array; scores: Float64Array } {
    const rows = this.stmt.phrase.all(phrase);
    const ids = new Int32Array(rows.length);
    const scores = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) [ids[i], scores[i]] = rows[i]!;
    return { ids, scores };
  }

  close(): void {
    this.db.close();
  }
}
