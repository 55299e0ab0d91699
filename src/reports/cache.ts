/**
 * report-cache.db: every live run of a report (rows, when, how long), keyed by report id, web origin and the
 * canonical parameters, plus a per-report timing calibration. The newest run for a key answers while it is
 * younger than the report's TTL; older runs are history (cw_report shows the last few, cw_report_purge
 * removes them). Report rows can name customers, so the file is 0600 (openStoreDb) and deleted rows are
 * overwritten (secure_delete), not merely unlinked from the b-tree.
 */
import { guardStore } from "../store/errors.js";
import type { Migration } from "../store/migrations.js";
import { openStoreDb, type StoreDb } from "../store/sqlite.js";

export const REPORT_CACHE_FILE = "report-cache.db";
/** Runs kept per report + parameters; older ones go when a new one arrives (purge removes the rest by age). */
export const HISTORY_PER_KEY = 20;
/** Weight of the newest run in the moving average: recent enough to follow a slower site, steady against one outlier. */
const EWMA_WEIGHT = 0.3;

export const REPORT_CACHE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "report runs and timing",
    up(db) {
      db.exec(`
        CREATE TABLE report_runs (
          id INTEGER PRIMARY KEY,
          report_id TEXT NOT NULL,
          origin TEXT NOT NULL,
          params_key TEXT NOT NULL CHECK (json_valid(params_key)),
          url TEXT NOT NULL,
          columns TEXT NOT NULL CHECK (json_valid(columns)),
          rows TEXT NOT NULL CHECK (json_valid(rows)),
          row_count INTEGER NOT NULL CHECK (row_count >= 0),
          extract TEXT NOT NULL CHECK (extract IN ('table', 'csv')),
          fetched_at TEXT NOT NULL,
          duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0)
        ) STRICT;
        CREATE INDEX report_runs_key ON report_runs (report_id, origin, params_key, fetched_at);
        CREATE INDEX report_runs_age ON report_runs (fetched_at);
        CREATE TABLE report_timing (
          report_id TEXT NOT NULL,
          origin TEXT NOT NULL,
          runs INTEGER NOT NULL CHECK (runs > 0),
          avg_ms REAL NOT NULL,
          last_ms INTEGER NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (report_id, origin)
        ) STRICT;
      `);
    },
  },
];

export type Cell = string | number | null;

export interface RunKey {
  reportId: string;
  origin: string;
  paramsKey: string;
}

export interface NewRun extends RunKey {
  url: string;
  columns: string[];
  rows: Cell[][];
  extract: "table" | "csv";
  /** The whole call, browser start and sign-in included. */
  durationMs: number;
  /** Opening the report and reading its rows only: what the calibration learns from. */
  reportMs: number;
}

export interface CachedRun extends RunKey {
  id: number;
  url: string;
  columns: string[];
  rows: Cell[][];
  extract: "table" | "csv";
  fetchedAt: string;
  durationMs: number;
}

export interface PastRun {
  fetchedAt: string;
  rowCount: number;
  durationMs: number;
}

export interface Timing {
  runs: number;
  avgMs: number;
  lastMs: number;
}

interface RunRow {
  id: number;
  report_id: string;
  origin: string;
  params_key: string;
  url: string;
  columns: string;
  rows: string;
  extract: "table" | "csv";
  fetched_at: string;
  duration_ms: number;
}

export function openReportCache(dataDir: string): StoreDb {
  const db = openStoreDb(dataDir, REPORT_CACHE_FILE, REPORT_CACHE_MIGRATIONS);
  db.pragma("secure_delete = ON");
  return db;
}

export class ReportCache {
  constructor(
    private readonly db: StoreDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The newest run for the key, whatever its age (the caller compares it with the TTL). */
  latest(key: RunKey): CachedRun | undefined {
    const row = this.guard(
      () =>
        this.db
          .prepare("SELECT * FROM report_runs WHERE report_id = ? AND origin = ? AND params_key = ? ORDER BY fetched_at DESC, id DESC LIMIT 1")
          .get(key.reportId, key.origin, key.paramsKey) as RunRow | undefined,
    );
    return row ? fromRow(row) : undefined;
  }

  /** Earlier runs for the key, newest first, without their rows. */
  history(key: RunKey, limit = 5): PastRun[] {
    const rows = this.guard(
      () =>
        this.db
          .prepare("SELECT fetched_at, row_count, duration_ms FROM report_runs WHERE report_id = ? AND origin = ? AND params_key = ? ORDER BY fetched_at DESC, id DESC LIMIT ?")
          .all(key.reportId, key.origin, key.paramsKey, limit) as { fetched_at: string; row_count: number; duration_ms: number }[],
    );
    return rows.map((r) => ({ fetchedAt: r.fetched_at, rowCount: r.row_count, durationMs: r.duration_ms }));
  }

  /** Store a live run, trim the key's history, and fold its time into the report's calibration. */
  record(run: NewRun): CachedRun {
    const at = this.now().toISOString();
    // A full disk fails the insert, and the whole transaction rolls back: the cache holds what it held.
    return this.guard(() =>
      this.db
        .transaction(() => {
          const { id } = this.db
            .prepare(
              "INSERT INTO report_runs (report_id, origin, params_key, url, columns, rows, row_count, extract, fetched_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .get(run.reportId, run.origin, run.paramsKey, run.url, JSON.stringify(run.columns), JSON.stringify(run.rows), run.rows.length, run.extract, at, Math.round(run.durationMs)) as { id: number };
          this.db
            .prepare(
              `DELETE FROM report_runs WHERE report_id = ? AND origin = ? AND params_key = ? AND id NOT IN
               (SELECT id FROM report_runs WHERE report_id = ? AND origin = ? AND params_key = ? ORDER BY fetched_at DESC, id DESC LIMIT ${HISTORY_PER_KEY})`,
            )
            .run(run.reportId, run.origin, run.paramsKey, run.reportId, run.origin, run.paramsKey);
          const ms = Math.round(run.reportMs);
          this.db
            .prepare(
              `INSERT INTO report_timing (report_id, origin, runs, avg_ms, last_ms, updated_at) VALUES (?, ?, 1, ?, ?, ?)
               ON CONFLICT (report_id, origin) DO UPDATE SET runs = runs + 1, avg_ms = avg_ms * ${1 - EWMA_WEIGHT} + excluded.avg_ms * ${EWMA_WEIGHT},
               last_ms = excluded.last_ms, updated_at = excluded.updated_at`,
            )
            .run(run.reportId, run.origin, ms, ms, at);
          return fromRow(this.db.prepare("SELECT * FROM report_runs WHERE id = ?").get(id) as RunRow);
        })
        .immediate(),
    );
  }

  timing(reportId: string, origin: string): Timing | undefined {
    const row = this.guard(
      () =>
        this.db.prepare("SELECT runs, avg_ms, last_ms FROM report_timing WHERE report_id = ? AND origin = ?").get(reportId, origin) as
          | { runs: number; avg_ms: number; last_ms: number }
          | undefined,
    );
    return row ? { runs: row.runs, avgMs: row.avg_ms, lastMs: row.last_ms } : undefined;
  }

  /** Per report: how many runs are kept and when the newest was fetched. */
  summary(origin: string): Map<string, { runs: number; lastFetchedAt: string }> {
    const rows = this.guard(
      () =>
        this.db
          .prepare("SELECT report_id, COUNT(*) AS runs, MAX(fetched_at) AS last FROM report_runs WHERE origin = ? GROUP BY report_id")
          .all(origin) as { report_id: string; runs: number; last: string }[],
    );
    return new Map(rows.map((r) => [r.report_id, { runs: r.runs, lastFetchedAt: r.last }]));
  }

  /**
   * Delete runs: older than `olderThanDays` days, of one report, or both conditions together; everything when
   * neither is given. Timing stays (it describes the site, not its data). Returns how many were deleted and kept.
   */
  purge(options: { olderThanDays?: number | undefined; reportId?: string | undefined } = {}): { deleted: number; remaining: number } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (options.olderThanDays !== undefined) {
      where.push("fetched_at < ?");
      args.push(new Date(this.now().getTime() - options.olderThanDays * 86_400_000).toISOString());
    }
    if (options.reportId !== undefined) {
      where.push("report_id = ?");
      args.push(options.reportId);
    }
    return this.guard(() => {
      const deleted = this.db.prepare(`DELETE FROM report_runs${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`).run(...args).changes;
      // Move the deleted pages out of the WAL too, so purged rows do not linger in a side file.
      this.db.pragma("wal_checkpoint(TRUNCATE)");
      const { n } = this.db.prepare("SELECT COUNT(*) AS n FROM report_runs").get() as { n: number };
      return { deleted, remaining: n };
    });
  }

  /** A full disk, a read-only file, a damaged file: a StoreError saying so, naming the file (see storeFault). */
  private guard<T>(fn: () => T): T {
    return guardStore(this.db.name, fn);
  }
}

function fromRow(row: RunRow): CachedRun {
  return {
    id: row.id,
    reportId: row.report_id,
    origin: row.origin,
    paramsKey: row.params_key,
    url: row.url,
    columns: JSON.parse(row.columns) as string[],
    rows: JSON.parse(row.rows) as Cell[][],
    extract: row.extract,
    fetchedAt: row.fetched_at,
    durationMs: row.duration_ms,
  };
}
