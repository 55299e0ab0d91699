/**
 * fast-memory.db: what the server remembers between runs (saved queries; a report cache later adds its
 * tables as the next migration). One file, one connection per server process.
 */
import type { Migration } from "./migrations.js";
import { openStoreDb, type StoreDb } from "./sqlite.js";

export const FAST_MEMORY_FILE = "fast-memory.db";

export const FAST_MEMORY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "saved queries",
    up(db) {
      // name_key is the name folded for comparison (trimmed, spaces collapsed, lower case): unique case-insensitively,
      // also for letters SQLite's NOCASE does not fold. JSON columns are checked so a bad write cannot land.
      db.exec(`
        CREATE TABLE saved_queries (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          name_key TEXT NOT NULL UNIQUE,
          method TEXT NOT NULL CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
          path TEXT NOT NULL,
          params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params) AND json_type(params) = 'object'),
          body TEXT CHECK (body IS NULL OR json_valid(body)),
          description TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          use_count INTEGER NOT NULL DEFAULT 0 CHECK (use_count >= 0),
          last_used_at TEXT
        ) STRICT;
      `);
    },
  },
];

export function openFastMemory(dataDir: string): StoreDb {
  return openStoreDb(dataDir, FAST_MEMORY_FILE, FAST_MEMORY_MIGRATIONS);
}
