/**
 * What every seeding step shares: the store, the sandbox's "today", the history window, the scale and
 * seeded random streams. `insert` always passes an explicit entry time, so nothing depends on the
 * store's (real-time) clock.
 */
import { tableKey } from "../references.js";
import { isObject, type JsonObject, type Row, type Store, type Table } from "../store.js";
import { iso, startOfWeek, WEEK } from "./dates.js";
import { Random } from "./random.js";
import { HISTORY_WEEKS, type ScaleProfile } from "./scale.js";

export interface InsertOptions {
  /** When the record was entered (ms). */
  at: number;
  /** Who entered it; the MSP's administrator unless given. */
  by?: string;
  /** Parent id of a child collection row. */
  scope?: number | string;
  /** A later last update than the entry, e.g. a ticket closed after it was opened. */
  updatedAt?: number;
  updatedBy?: string;
}

export class SeedContext {
  /** The sandbox's "today" (ms). */
  readonly now: number;
  /** Sunday 00:00 that starts the history: tickets, time and invoices run from here to now. */
  readonly historyStart: number;
  private readonly root: Random;
  private readonly tables = new Map<string, Table>();

  constructor(
    readonly store: Store,
    seed: number,
    readonly scale: ScaleProfile,
    now: Date,
    /** The member identifier setup records are attributed to. */
    readonly admin: string,
  ) {
    this.now = now.getTime();
    this.historyStart = startOfWeek(this.now) - (HISTORY_WEEKS - 1) * WEEK;
    this.root = new Random(seed);
  }

  /** The random stream of one area of the dataset. */
  random(area: string): Random {
    return this.root.fork(area);
  }

  insert(template: string, record: JsonObject, options: InsertOptions): Row {
    let table = this.tables.get(template);
    if (!table) this.tables.set(template, (table = this.store.table(tableKey(template))));
    const row = table.insert(shaped(record), {
      at: new Date(options.at),
      by: options.by ?? this.admin,
      ...(options.scope !== undefined ? { scope: String(options.scope) } : {}),
    });
    if ((options.updatedAt !== undefined && options.updatedAt > options.at) || options.updatedBy !== undefined) {
      // The store stamps lastUpdated = dateEntered; a seeded record may have changed since it was entered.
      if (isObject(row._info)) {
        if (options.updatedAt !== undefined && options.updatedAt > options.at) row._info.lastUpdated = iso(options.updatedAt);
        if (options.updatedBy !== undefined) row._info.updatedBy = options.updatedBy;
      }
    }
    return row;
  }
}

/**
 * The record as the store should get it: with `id` first and an `_info` slot last (the store copies a
 * record that already has both keys several times faster), without undefined-valued fields (JSON
 * drops them; deep equality and schemas should not see them). Hot builders (time entries, tickets,
 * notes) pass records already in that shape, with both slots and no undefined values.
 */
function shaped(record: JsonObject): JsonObject {
  if ("_info" in record && "id" in record) return record;
  let clean = true;
  for (const key in record) {
    if (record[key] === undefined) {
      clean = false;
      break;
    }
  }
  if (clean) return { id: record.id ?? 0, ...record, _info: undefined };
  const out: JsonObject = { id: record.id ?? 0 };
  for (const key in record) if (record[key] !== undefined) out[key] = record[key];
  out._info = undefined;
  return out;
}
