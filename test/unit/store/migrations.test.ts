import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/store/errors.js";
import { FAST_MEMORY_FILE, FAST_MEMORY_MIGRATIONS, openFastMemory } from "../../../src/store/fast-memory.js";
import { latestVersion, schemaVersion, type Migration } from "../../../src/store/migrations.js";
import { openStoreDb } from "../../../src/store/sqlite.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cw-migrate-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Migrations that count their runs, so a re-run shows. */
function counted(runs: Record<number, number>, extra: Migration[] = []): Migration[] {
  const base: Migration[] = [
    { version: 1, description: "notes", up: (db) => db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)") },
    { version: 2, description: "note tags", up: (db) => db.exec("ALTER TABLE notes ADD COLUMN tag TEXT") },
  ];
  return [...base, ...extra].map((m) => ({ ...m, up: (db) => ((runs[m.version] = (runs[m.version] ?? 0) + 1), m.up(db)) }));
}

describe("migrations", () => {
  it("bring a new file to the latest version, each once; reopening applies nothing", () => {
    const dir = tempDir();
    const runs: Record<number, number> = {};
    const db = openStoreDb(dir, "t.db", counted(runs));
    expect(schemaVersion(db)).toBe(2);
    db.prepare("INSERT INTO notes (text, tag) VALUES ('kept', 'a')").run();
    db.close();
    const again = openStoreDb(dir, "t.db", counted(runs));
    expect(schemaVersion(again)).toBe(2);
    expect(runs).toEqual({ 1: 1, 2: 1 });
    expect(again.prepare("SELECT text, tag FROM notes").all()).toEqual([{ text: "kept", tag: "a" }]);
    again.close();
  });

  it("apply only the new ones to an older file, keeping its data", () => {
    const dir = tempDir();
    const runs: Record<number, number> = {};
    const v1 = counted(runs).slice(0, 1);
    const db = openStoreDb(dir, "t.db", v1);
    db.prepare("INSERT INTO notes (text) VALUES ('from v1')").run();
    db.close();
    const v3 = counted(runs, [{ version: 3, description: "index", up: (d) => d.exec("CREATE INDEX notes_by_tag ON notes(tag)") }]);
    const upgraded = openStoreDb(dir, "t.db", v3);
    expect(schemaVersion(upgraded)).toBe(3);
    expect(runs).toEqual({ 1: 1, 2: 1, 3: 1 });
    expect(upgraded.prepare("SELECT text, tag FROM notes").all()).toEqual([{ text: "from v1", tag: null }]);
    upgraded.close();
  });

  it("roll a failing migration back whole: the version and the schema stay as they were", () => {
    const dir = tempDir();
    openStoreDb(dir, "t.db", counted({})).close();
    const broken: Migration = {
      version: 3,
      description: "half done",
      up: (d) => {
        d.exec("CREATE TABLE half (id INTEGER)");
        throw new Error("disk on fire");
      },
    };
    expect(() => openStoreDb(dir, "t.db", counted({}, [broken]))).toThrow("disk on fire");
    const db = new Database(join(dir, "t.db"));
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").all()).toEqual([]);
    db.close();
  });

  it("refuse a file from a newer release and leave it byte for byte as it was", () => {
    const dir = tempDir();
    const file = join(dir, FAST_MEMORY_FILE);
    // A newer release's file, in rollback-journal mode: switching it to WAL would already change its header.
    const newer = new Database(file);
    newer.exec("CREATE TABLE future (x)");
    newer.pragma(`user_version = ${latestVersion(FAST_MEMORY_MIGRATIONS) + 5}`);
    newer.close();
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    let error: unknown;
    try {
      openFastMemory(dir).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreError);
    const text = (error as StoreError).describe();
    expect(text).toContain(`${file} has schema version ${latestVersion(FAST_MEMORY_MIGRATIONS) + 5}, newer than this connectwise-psa-mcp knows (${latestVersion(FAST_MEMORY_MIGRATIONS)})`);
    expect(text).toContain("It was left untouched.");
    expect(text).toContain("Upgrade connectwise-psa-mcp, or set CW_DATA_DIR");
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it("must be numbered 1, 2, 3 … in order", () => {
    const skip: Migration[] = [
      { version: 1, description: "one", up: () => undefined },
      { version: 3, description: "three", up: () => undefined },
    ];
    expect(() => openStoreDb(tempDir(), "t.db", skip)).toThrow('Migration "three" has version 3; expected 2');
  });

  it("give fast-memory.db its saved_queries table at the latest version", () => {
    const db = openFastMemory(tempDir());
    expect(schemaVersion(db)).toBe(latestVersion(FAST_MEMORY_MIGRATIONS));
    expect(latestVersion(FAST_MEMORY_MIGRATIONS)).toBe(FAST_MEMORY_MIGRATIONS.length);
    const columns = (db.prepare("PRAGMA table_info(saved_queries)").all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(["id", "name", "name_key", "method", "path", "params", "body", "description", "created_at", "updated_at", "use_count", "last_used_at"]);
    expect(() => db.prepare("INSERT INTO saved_queries (name, name_key, method, path, params, created_at, updated_at) VALUES ('a', 'a', 'GET', '/x', 'not json', 'n', 'n')").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
