/**
 * What every seeding step shares: the store, the sandbox's "today", the history window, the scale and
 * seeded random streams. `insert` always passes an explicit entry time, so nothing depends on the
 * store's (real-time) clock. Records never carry undefined-valued fields (builders leave a field out
 * instead; the seed test checks every row), so they go to the store as built.
 */
import { tableKey } from "../references.js";
import { isObject, type JsonObject, type Row, type Store, type Table } from "../store.js";
import { iso, startOfWeek, WEEK } from "./dates.js";
import { Random } from "../random.js";
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
    const row = table.insert(record, {
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
