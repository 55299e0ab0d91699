/**
 * The sandbox's in-memory database: one table per collection path template.
 *
 * A child collection (`/service/tickets/{parentId}/notes`) is one table whose rows each carry a scope:
 * the parent ids from the path, joined with "/" ("5" for ticket 5's notes). Ids are unique per table,
 * as they are in ConnectWise, and assigned in increasing order.
 */
export type JsonObject = Record<string, unknown>;
export type Row = JsonObject & { id: number };

export interface InsertOptions {
  /** Parent ids for a child collection, e.g. "5" or "3/12". */
  scope?: string;
  /** Who entered it (the `_info.enteredBy` / `updatedBy` value). */
  by?: string;
  /** When it was entered; defaults to the store's clock. */
  at?: Date;
}

export class Table {
  private readonly rows = new Map<number, Row>();
  private readonly scopes = new Map<number, string>();
  private ordered: Row[] | undefined;

  constructor(
    readonly template: string,
    private readonly store: Store,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  /** Adds a record (id assigned unless given) and stamps `_info`. Returns the stored row. */
  insert(record: JsonObject, options: InsertOptions = {}): Row {
    const given = typeof record.id === "number" && record.id > 0 ? record.id : undefined;
    if (given !== undefined && this.rows.has(given)) throw new Error(`${this.template}: id ${given} already exists`);
    const id = this.store.nextId(this.template, given);
    const at = isoSeconds(options.at ?? this.store.now());
    const by = options.by ?? this.store.apiMember;
    const info = { ...(isObject(record._info) ? record._info : {}), dateEntered: at, enteredBy: by, lastUpdated: at, updatedBy: by };
    // ConnectWise's order: id first, _info last (one copy: seeding inserts 100,000s of rows).
    const row: Row = { id, ...record, _info: info };
    row.id = id;
    this.rows.set(id, row);
    if (options.scope !== undefined) this.scopes.set(id, options.scope);
    this.changed();
    return row;
  }

  get(id: number, scope?: string): Row | undefined {
    const row = this.rows.get(id);
    if (!row || (scope !== undefined && this.scopes.get(id) !== scope)) return undefined;
    return row;
  }

  /** Rows in id order; only those of `scope` when given. */
  list(scope?: string): Row[] {
    this.ordered ??= [...this.rows.values()].sort((a, b) => a.id - b.id);
    return scope === undefined ? this.ordered : this.ordered.filter((r) => this.scopes.get(r.id) === scope);
  }

  scopeOf(id: number): string | undefined {
    return this.scopes.get(id);
  }

  /** Replaces a row's fields (id, scope and `_info.dateEntered/enteredBy` kept) and stamps the update. */
  replace(id: number, record: JsonObject, by = this.store.apiMember): Row {
    const old = this.rows.get(id);
    if (!old) throw new Error(`${this.template}: no row ${id}`);
    const oldInfo = isObject(old._info) ? old._info : {};
    const { id: _id, _info: _meta, ...fields } = record;
    const row: Row = { id, ...fields, _info: { ...oldInfo, lastUpdated: isoSeconds(this.store.now()), updatedBy: by } };
    this.rows.set(id, row);
    this.changed();
    return row;
  }

  delete(id: number): boolean {
    this.scopes.delete(id);
    this.changed();
    return this.rows.delete(id);
  }

  private changed(): void {
    this.ordered = undefined;
    this.store.version++;
  }

  /** The first row whose `field` equals `value` (strings compared case-insensitively). */
  findBy(field: string, value: unknown, scope?: string): Row | undefined {
    const wanted = typeof value === "string" ? value.toLowerCase() : value;
    return this.list(scope).find((r) => {
      const v = r[field];
      return (typeof v === "string" ? v.toLowerCase() : v) === wanted;
    });
  }
}

/**
 * Tables that draw ids from one sequence, as in ConnectWise: service and project tickets are one table
 * there, so a ticket id names exactly one ticket of either kind.
 */
const SHARED_SEQUENCES: Record<string, string> = {
  "/service/tickets": "tickets",
  "/project/tickets": "tickets",
};

export class Store {
  private readonly tables = new Map<string, Table>();
  /** Goes up with every insert, replace and delete in any table: what a cached query result is checked against. */
  version = 0;
  private readonly sequences = new Map<string, number>();

  constructor(
    /** The clock that stamps `_info`; the seed and tests pin it. */
    readonly now: () => Date = () => new Date(),
    /** The member name writes are attributed to. */
    readonly apiMember = "sandbox-api",
  ) {}

  table(template: string): Table {
    let t = this.tables.get(template);
    if (!t) {
      t = new Table(template, this);
      this.tables.set(template, t);
    }
    return t;
  }

  /** The next id for a table (or `given`, which moves the sequence past it). */
  nextId(template: string, given?: number): number {
    const sequence = SHARED_SEQUENCES[template] ?? template;
    const next = this.sequences.get(sequence) ?? 1;
    const id = given ?? next;
    this.sequences.set(sequence, Math.max(next, id + 1));
    return id;
  }

  has(template: string): boolean {
    return this.tables.has(template);
  }

  templates(): string[] {
    return [...this.tables.keys()].sort();
  }
}

/** `2025-01-01T09:30:00Z`: ConnectWise dates are UTC with whole seconds. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
