/**
 * Saved queries: a cw_api_call (method, path, params, body) kept under a name in fast-memory.db, with how
 * often and when it last ran, so the calls someone makes every week are one short call away. The store
 * checks names and shapes only; that a query fits the spec is checked by the tool before it saves.
 *
 * Nothing is cached in memory: another server process may share the file.
 */
import type { HttpMethod } from "../catalogue/catalogue.js";
import { editDistance } from "../catalogue/path-match.js";
import { guardStore, StoreError } from "./errors.js";
import type { StoreDb } from "./sqlite.js";

export type ParamValue = string | number | boolean;

export interface SavedQueryInput {
  name: string;
  method: HttpMethod;
  path: string;
  params?: Record<string, ParamValue> | undefined;
  body?: unknown;
  description?: string | undefined;
}

export interface SavedQuery {
  name: string;
  method: HttpMethod;
  path: string;
  params: Record<string, ParamValue>;
  body?: unknown;
  description?: string;
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
  useCount: number;
  lastUsedAt?: string;
}

export const MAX_NAME_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 500;
const NAME_CHARS = /^[\p{L}\p{M}\p{Nd} _.-]+$/u;

interface Row {
  name: string;
  method: string;
  path: string;
  params: string;
  body: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
  use_count: number;
  last_used_at: string | null;
}

const COLUMNS = "name, method, path, params, body, description, created_at, updated_at, use_count, last_used_at";

export class SavedQueryStore {
  constructor(
    private readonly db: StoreDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Save a new query; an existing name (in any case) is refused unless `replace`, which keeps its use count and creation time. */
  save(input: SavedQueryInput, options: { replace?: boolean | undefined } = {}): { query: SavedQuery; replaced: boolean } {
    const name = checkName(input.name);
    const key = nameKey(name);
    const description = checkDescription(input.description);
    const params = JSON.stringify(input.params ?? {});
    const body = input.body === undefined ? null : JSON.stringify(input.body);
    const at = this.timestamp();
    return this.guard(() =>
      this.db
        .transaction(() => {
          const existing = this.row(key);
          if (existing && !options.replace) {
            const old = fromRow(existing);
            throw new StoreError(
              `A saved query named "${old.name}" already exists: ${describeQuery(old)}${old.description ? ` — ${old.description}` : ""} (used ${times(old.useCount)}).`,
              `To overwrite it, save again with replace: true; otherwise choose another name.`,
            );
          }
          if (existing) {
            this.db
              .prepare("UPDATE saved_queries SET name = ?, method = ?, path = ?, params = ?, body = ?, description = ?, updated_at = ? WHERE name_key = ?")
              .run(name, input.method, input.path, params, body, description, at, key);
          } else {
            this.db
              .prepare("INSERT INTO saved_queries (name, name_key, method, path, params, body, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .run(name, key, input.method, input.path, params, body, description, at, at);
          }
          return { query: fromRow(this.row(key)!), replaced: existing !== undefined };
        })
        .immediate(),
    );
  }

  get(name: string): SavedQuery | undefined {
    const row = this.guard(() => this.row(nameKey(name)));
    return row ? fromRow(row) : undefined;
  }

  /** Most used first, then by name; with a keyword, those whose name, description, method, path or params contain every word of it. */
  list(keyword?: string): SavedQuery[] {
    const rows = this.guard(() => this.db.prepare(`SELECT ${COLUMNS} FROM saved_queries ORDER BY use_count DESC, name_key`).all() as Row[]);
    const queries = rows.map(fromRow);
    const words = (keyword ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return queries;
    return queries.filter((q) => {
      const text = [q.name, q.description ?? "", q.method, q.path, JSON.stringify(q.params)].join(" ").toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }

  /** The deleted query, or undefined when there was none by that name. */
  delete(name: string): SavedQuery | undefined {
    // all(), not get(), with RETURNING: get() stops at the first row, and a commit failing after it (a full disk) went unreported.
    const [row] = this.guard(() => this.db.prepare(`DELETE FROM saved_queries WHERE name_key = ? RETURNING ${COLUMNS}`).all(nameKey(name)) as Row[]);
    return row ? fromRow(row) : undefined;
  }

  /** Delete every saved query; returns the names deleted, by name. */
  clear(): string[] {
    const rows = this.guard(() => this.db.prepare("DELETE FROM saved_queries RETURNING name, name_key").all() as { name: string; name_key: string }[]);
    return rows.sort((a, b) => (a.name_key < b.name_key ? -1 : a.name_key > b.name_key ? 1 : 0)).map((r) => r.name);
  }

  /** Count one run: use_count + 1, last_used_at now. Undefined when the query is gone (deleted meanwhile). */
  recordUse(name: string): SavedQuery | undefined {
    const at = this.timestamp();
    // all(), as in delete: the statement runs to its end, so a commit that fails says so.
    const [row] = this.guard(
      () => this.db.prepare(`UPDATE saved_queries SET use_count = use_count + 1, last_used_at = ? WHERE name_key = ? RETURNING ${COLUMNS}`).all(at, nameKey(name)) as Row[],
    );
    return row ? fromRow(row) : undefined;
  }

  /** Saved names nearest to a name that was not found: containing it (or contained in it) first, then by edit distance. */
  closest(name: string, limit = 5): string[] {
    const wanted = nameKey(name);
    const names = this.guard(() => this.db.prepare("SELECT name, name_key AS key FROM saved_queries").all() as { name: string; key: string }[]);
    return names
      .map((n) => ({ ...n, contains: n.key.includes(wanted) || wanted.includes(n.key), distance: editDistance(n.key, wanted) }))
      .sort((a, b) => Number(b.contains) - Number(a.contains) || a.distance - b.distance || (a.key < b.key ? -1 : 1))
      .slice(0, limit)
      .map((n) => n.name);
  }

  /** A full disk, a read-only file, a damaged file: a StoreError saying so, naming the file (see storeFault). */
  private guard<T>(fn: () => T): T {
    return guardStore(this.db.name, fn);
  }

  private row(key: string): Row | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM saved_queries WHERE name_key = ?`).get(key) as Row | undefined;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

/** The name as stored: trimmed, inner runs of spaces made one, NFC. Refuses names that break the rules, saying which. */
export function checkName(raw: string): string {
  const name = tidy(raw);
  const rules = `Names are 1–${MAX_NAME_LENGTH} characters: letters, digits, spaces, _ - and . (e.g. "open tickets help desk").`;
  if (name.length === 0) throw new StoreError("A saved query needs a name.", rules);
  if (name.length > MAX_NAME_LENGTH) throw new StoreError(`The name "${name.slice(0, MAX_NAME_LENGTH)}…" is ${name.length} characters long.`, rules);
  if (!NAME_CHARS.test(name)) {
    const bad = [...new Set([...name].filter((c) => !NAME_CHARS.test(c)))].map((c) => JSON.stringify(c)).join(" ");
    throw new StoreError(`The name "${name}" has characters a name cannot have: ${bad}.`, rules);
  }
  return name;
}

/** How names compare: case and spacing ignored. */
export function nameKey(name: string): string {
  return tidy(name).toLowerCase();
}

/** One line: GET /service/tickets {"conditions":"closedFlag = false"} body […] (long bodies cut). */
export function describeQuery(q: Pick<SavedQuery, "method" | "path" | "params" | "body">): string {
  const params = Object.keys(q.params).length > 0 ? ` ${JSON.stringify(q.params)}` : "";
  const body = q.body === undefined ? "" : ` body ${cut(JSON.stringify(q.body), 160)}`;
  return `${q.method} ${q.path}${params}${body}`;
}

export function times(n: number): string {
  return n === 1 ? "once" : `${n} times`;
}

function tidy(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ");
}

function checkDescription(raw: string | undefined): string | null {
  const text = raw?.trim() ?? "";
  if (text.length > MAX_DESCRIPTION_LENGTH) throw new StoreError(`The description is ${text.length} characters long; keep it to ${MAX_DESCRIPTION_LENGTH}.`);
  return text === "" ? null : text;
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function fromRow(row: Row): SavedQuery {
  return {
    name: row.name,
    method: row.method as HttpMethod,
    path: row.path,
    params: JSON.parse(row.params) as Record<string, ParamValue>,
    ...(row.body !== null ? { body: JSON.parse(row.body) as unknown } : {}),
    ...(row.description !== null ? { description: row.description } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    useCount: row.use_count,
    ...(row.last_used_at !== null ? { lastUsedAt: row.last_used_at } : {}),
  };
}
