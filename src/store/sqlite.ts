/**
 * A private SQLite file under the data directory (CW_DATA_DIR), for local stores: saved queries now, a
 * report cache later. The directory is made 0700 and the file 0600 before SQLite touches it (saved
 * queries can name customers); WAL with synchronous=NORMAL, so a committed transaction survives the
 * process being killed at any point (only a power loss can cost the last few), and readers never wait
 * for a writer — two servers (two MCP clients) can share the file.
 *
 * The schema version is checked before anything is written, so a file from a newer release is left
 * exactly as it was (see migrations.ts).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { FIX_DATA_DIR, messageOf, StoreError, storeFault } from "./errors.js";
import { migrate, refuseNewerSchema, type Migration } from "./migrations.js";

export type StoreDb = Database.Database;

const BUSY_TIMEOUT_MS = 5_000;

export function openStoreDb(dataDir: string, fileName: string, migrations: readonly Migration[]): StoreDb {
  const file = join(dataDir, fileName);
  prepareDir(dataDir);
  prepareFile(file);

  let db: StoreDb;
  try {
    db = new Database(file);
  } catch (err) {
    throw storeFault(err, file) ?? new StoreError(`Cannot open ${file}: ${messageOf(err)}.`, FIX_DATA_DIR);
  }
  try {
    // Before any write (WAL switches a header byte): a file from a newer release stays untouched.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    refuseNewerSchema(db, migrations, file);
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (String(mode).toLowerCase() !== "wal") {
      throw new StoreError(`${file} cannot use write-ahead logging (journal mode stays "${mode}"); the file system may not support it.`, FIX_DATA_DIR);
    }
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    migrate(db, migrations, file);
    // SQLite creates -wal/-shm with the database file's mode, but a umask or an older file may differ.
    for (const side of [`${file}-wal`, `${file}-shm`]) if (existsSync(side)) chmodSync(side, 0o600);
    return db;
  } catch (err) {
    db.close();
    // A full disk, a read-only directory or file, a damaged file: said as such (see storeFault).
    throw storeFault(err, file) ?? err;
  }
}

function prepareDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StoreError(`Cannot create the data directory ${dir}: ${messageOf(err)}.`, storeFault(err, dir, dir)?.hint ?? FIX_DATA_DIR);
  }
  if (!statSync(dir).isDirectory()) throw new StoreError(`The data directory ${dir} is not a directory.`, FIX_DATA_DIR);
}

/** Create the file 0600 before SQLite opens it (SQLite would use 0644 less the umask), and tighten an existing one. */
function prepareFile(file: string): void {
  try {
    closeSync(openSync(file, "a", 0o600));
    if ((statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
  } catch (err) {
    throw storeFault(err, file) ?? new StoreError(`Cannot write ${file}: ${messageOf(err)}.`, FIX_DATA_DIR);
  }
}
