import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FAST_MEMORY_FILE, openFastMemory } from "../../../src/store/fast-memory.js";
import { StoreError } from "../../../src/store/errors.js";
import type { StoreDb } from "../../../src/store/sqlite.js";
import { packageRoot } from "../../../src/paths.js";
import { AS_NOBODY, chownTree, mountTmpfs, readOnlyHow, unmount, unmountAll } from "../../helpers/faults.js";

const dirs: string[] = [];
const open: StoreDb[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cw-store-"));
  dirs.push(dir);
  return dir;
}
function opened(dataDir: string): StoreDb {
  const db = openFastMemory(dataDir);
  open.push(db);
  return db;
}
afterEach(() => {
  unmountAll();
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe("opening a store file", () => {
  it("creates missing directories 0700 and the file 0600, with WAL, synchronous=NORMAL, foreign keys and a busy timeout", () => {
    const dataDir = join(tempDir(), "a", "b", "data");
    const db = opened(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, ".."))).toBe(0o700);
    const file = join(dataDir, FAST_MEMORY_FILE);
    expect(mode(file)).toBe(0o600);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    db.prepare("INSERT INTO saved_queries (name, name_key, method, path, created_at, updated_at) VALUES ('a', 'a', 'GET', '/x', 'now', 'now')").run();
    for (const side of [`${file}-wal`, `${file}-shm`]) {
      expect(existsSync(side), side).toBe(true);
      expect(mode(side), side).toBe(0o600);
    }
  });

  it("tightens an existing file readable by others to 0600 and leaves an existing directory's mode alone", () => {
    const dataDir = tempDir();
    chmodSync(dataDir, 0o755);
    const file = join(dataDir, FAST_MEMORY_FILE);
    writeFileSync(file, "");
    chmodSync(file, 0o644);
    opened(dataDir);
    expect(mode(file)).toBe(0o600);
    expect(mode(dataDir)).toBe(0o755);
  });

  it("says which path cannot be created and how to fix it when the data directory cannot exist", () => {
    const base = tempDir();
    writeFileSync(join(base, "a-file"), "x");
    const dataDir = join(base, "a-file", "data");
    const err = catchError(() => openFastMemory(dataDir));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toContain(`Cannot create the data directory ${dataDir}`);
    expect((err as StoreError).describe()).toContain("Set CW_DATA_DIR to a directory this user can write");
  });

  // As root permissions stop nothing: a read-only mount, or (without mount permission) the open runs as nobody.
  it(`says which path cannot be written when the data directory is read-only (${readOnlyHow()})`, () => {
    const root = tempDir();
    const dataDir = join(root, "data");
    mkdirSync(dataDir);
    const how = readOnlyHow();
    let error: { message: string; text: string };
    if (how === "mount") {
      mountTmpfs(dataDir, { size: "16k", readOnly: true });
      try {
        const err = catchError(() => openFastMemory(dataDir));
        expect(err).toBeInstanceOf(StoreError);
        error = { message: err.message, text: (err as StoreError).describe() };
      } finally {
        unmount(dataDir);
      }
    } else if (how === "chmod") {
      chmodSync(dataDir, 0o500);
      try {
        const err = catchError(() => openFastMemory(dataDir));
        expect(err).toBeInstanceOf(StoreError);
        error = { message: err.message, text: (err as StoreError).describe() };
      } finally {
        chmodSync(dataDir, 0o700);
      }
    } else {
      chmodSync(root, 0o711); // this test's own temp directory (0700 from mkdtemp), for nobody to get through
      chownTree(dataDir);
      chmodSync(dataDir, 0o500);
      const child = spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), process.execPath, "--import", "tsx", join(packageRoot(), "test", "helpers", "store-open-child.ts"), "queries", dataDir], {
        cwd: packageRoot(),
        encoding: "utf8",
      });
      error = JSON.parse(child.stdout) as { message: string; text: string };
    }
    expect(error.message).toContain(join(dataDir, FAST_MEMORY_FILE));
    expect(error.message).toContain(`CW_DATA_DIR (${dataDir})`);
    expect(error.text).toContain("Set CW_DATA_DIR to a directory this user can write");
  });

  it("refuses a file that is not a SQLite database, naming it, and leaves it as it was", () => {
    const dataDir = tempDir();
    const file = join(dataDir, FAST_MEMORY_FILE);
    const junk = "this is not a database, it is a note someone left here ".repeat(100);
    writeFileSync(file, junk);
    const err = catchError(() => openFastMemory(dataDir));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toContain(`${file} is not a readable SQLite database`);
    expect((err as StoreError).describe()).toContain("Move it aside");
    expect(statSync(file).size).toBe(junk.length);
  });

  it("lets two connections (two servers) use the file at once", () => {
    const dataDir = tempDir();
    const a = opened(dataDir);
    const b = opened(dataDir);
    a.prepare("INSERT INTO saved_queries (name, name_key, method, path, created_at, updated_at) VALUES ('a', 'a', 'GET', '/x', 'now', 'now')").run();
    expect(b.prepare("SELECT count(*) AS n FROM saved_queries").get()).toEqual({ n: 1 });
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

