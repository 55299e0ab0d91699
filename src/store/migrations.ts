/**
 * Versioned schema changes for a store file. The file's version is SQLite's `PRAGMA user_version` (0 for a
 * new file); each migration moves it up by one, inside one transaction with its own changes, so a crash
 * leaves the file at the old version or the new one, never between. Migrations are only ever appended:
 * a released version's `up` never changes.
 */
import type Database from "better-sqlite3";
import { StoreError } from "./errors.js";

export interface Migration {
  /** 1, 2, 3 … in order, no gaps. */
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma("user_version", { simple: true }));
}

/** A file written by a newer release would be damaged by this one's code: refuse it without writing anything. */
export function refuseNewerSchema(db: Database.Database, migrations: readonly Migration[], file: string): void {
  const found = schemaVersion(db);
  const known = latestVersion(migrations);
  if (found > known) {
    throw new StoreError(
      `${file} has schema version ${found}, newer than this connectwise-psa-mcp knows (${known}): it was written by a newer release. It was left untouched.`,
      "Upgrade connectwise-psa-mcp, or set CW_DATA_DIR to another directory to start a separate store.",
    );
  }
}

/** Apply the migrations the file has not had yet. Returns the versions before and after. */
export function migrate(db: Database.Database, migrations: readonly Migration[], file: string): { from: number; to: number } {
  checkOrder(migrations);
  const from = schemaVersion(db);
  refuseNewerSchema(db, migrations, file);
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    // IMMEDIATE takes the write lock first: of two servers starting together, the second waits, then sees the new version and skips.
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration "${m.description}" has version ${m.version}; expected ${i + 1} (versions run 1, 2, 3 … in order).`);
  });
}
