/**
 * The stores under disk faults, in process: a full disk (a filled tmpfs when mount is permitted, else this
 * process's file-size limit; and SQLite's max_page_count, which gives a real SQLITE_FULL anywhere), a read-only
 * directory or store file (a read-only mount, else permissions — as nobody when this runs as root), and a
 * damaged file. Each ends in a StoreError that names the file and CW_DATA_DIR and says what to do; nothing that
 * was saved is lost or changed, and the store works again once the fault is gone. The same faults through the
 * real server: test/e2e/store-faults.test.ts.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../../src/paths.js";
import { openReportCache, REPORT_CACHE_FILE, ReportCache } from "../../../src/reports/cache.js";
import { StoreError, storeFault } from "../../../src/store/errors.js";
import { FAST_MEMORY_FILE, openFastMemory } from "../../../src/store/fast-memory.js";
import { SavedQueryStore } from "../../../src/store/saved-queries.js";
import type { StoreDb } from "../../../src/store/sqlite.js";
import { AS_NOBODY, bindReadOnly, canMount, chownTree, fillDisk, mountTmpfs, readOnlyHow, removeTree, unmount, unmountAll } from "../../helpers/faults.js";

const base = mkdtempSync(join(tmpdir(), "cw-store-faults-"));
let count = 0;
const freshDir = () => {
  const dir = join(base, `d${count++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const open: StoreDb[] = [];
const track = (db: StoreDb) => (open.push(db), db);
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});
afterAll(() => {
  unmountAll();
  removeTree(base);
});

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const KIND = { queries: FAST_MEMORY_FILE, reports: REPORT_CACHE_FILE } as const;
type Kind = keyof typeof KIND;
const ORIGIN = "https://faults.example.com";
const key = (reportId: string) => ({ reportId, origin: ORIGIN, paramsKey: "{}" });

/** A store with three things saved, closed (its -wal and -shm gone, as after a clean stop). */
function seeded(dir: string, kind: Kind): void {
  if (kind === "queries") {
    const db = openFastMemory(dir);
    const store = new SavedQueryStore(db);
    for (const n of [1, 2, 3]) store.save({ name: `q${n}`, method: "GET", path: "/service/tickets", params: { conditions: `id = ${n}` }, body: { pad: "b".repeat(3000) } });
    db.close();
  } else {
    const db = openReportCache(dir);
    const cache = new ReportCache(db);
    for (const n of [1, 2, 3]) cache.record({ ...key(`r${n}`), url: `${ORIGIN}/r${n}`, columns: ["a"], rows: [[`row ${n}`]], extract: "table", durationMs: 10, reportMs: 10 });
    db.close();
  }
}

/** What a store holds (names or report ids), after checking the file is intact. */
function contents(dir: string, kind: Kind): string[] {
  const db = track(kind === "queries" ? openFastMemory(dir) : openReportCache(dir));
  expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  const names =
    kind === "queries"
      ? new SavedQueryStore(db).list().map((q) => q.name)
      : (db.prepare("SELECT report_id FROM report_runs ORDER BY report_id").all() as { report_id: string }[]).map((r) => r.report_id);
  db.close();
  return names.sort();
}

/** A write to a store: a new saved query or report run of ~20 KB, so it needs room whatever slack the files have. */
function bigWrite(db: StoreDb, kind: Kind, name: string): void {
  if (kind === "queries") new SavedQueryStore(db).save({ name, method: "GET", path: "/service/tickets", params: { pad: "p".repeat(20_000) } });
  else new ReportCache(db).record({ ...key(name), url: `${ORIGIN}/${name}`, columns: ["a"], rows: [["r".repeat(20_000)]], extract: "table", durationMs: 1, reportMs: 1 });
}

function caught(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err, String(err)).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error("expected a StoreError");
}

interface Outcome {
  ok: boolean;
  count?: number;
  message?: string;
  text?: string;
}

/** Open (and read or write) a store in this process, or as nobody in a child when permissions must stop root. */
function attempt(kind: Kind, dir: string, action: "read" | "write", asNobody: boolean): Outcome {
  if (asNobody) {
    const child = spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), process.execPath, "--import", "tsx", join(packageRoot(), "test", "helpers", "store-open-child.ts"), kind, dir, action], {
      cwd: packageRoot(),
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", HOME: base },
    });
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Outcome;
  }
  try {
    const db = track(kind === "queries" ? openFastMemory(dir) : openReportCache(dir));
    if (action === "write") bigWrite(db, kind, `w${count++}`);
    const n = kind === "queries" ? new SavedQueryStore(db).list().length : (db.prepare("SELECT COUNT(*) AS n FROM report_runs").get() as { n: number }).n;
    db.close();
    return { ok: true, count: n };
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    return { ok: false, message: err.message, text: err.describe() };
  }
}

describe("storeFault: each failure said with what to do", () => {
  const file = "/srv/cw data/fast-memory.db";
  const dir = "/srv/cw data";
  const fault = (code: string, message = "boom") => storeFault(Object.assign(new Error(message), { code }), file)!;

  it.each(["SQLITE_FULL", "ENOSPC"])("%s: the disk holding CW_DATA_DIR is full; free space or move CW_DATA_DIR", (code) => {
    const e = fault(code);
    expect(e).toBeInstanceOf(StoreError);
    expect(e.message).toContain(`The disk holding CW_DATA_DIR (${dir}) is full: ${file} could not be written (${code}: boom).`);
    expect(e.message).toContain("Nothing was saved; what was saved before is intact.");
    expect(e.hint).toMatch(/^Free space on that disk, or set CW_DATA_DIR to a directory on a disk with room/);
  });

  it.each(["SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_SHMSIZE", "EFBIG", "EDQUOT"])("%s: a failed write, most likely no room; free space or move CW_DATA_DIR", (code) => {
    const e = fault(code);
    expect(e.message).toContain(file);
    expect(e.message).toContain("CW_DATA_DIR");
    expect(e.message).toMatch(/full|limit|quota/);
    expect(e.describe()).toMatch(/[Ff]ree space/);
    expect(e.describe()).toContain("set CW_DATA_DIR to a directory");
  });

  it.each(["SQLITE_READONLY", "SQLITE_READONLY_DBMOVED", "EROFS", "EACCES", "EPERM", "SQLITE_CANTOPEN"])("%s: cannot write, naming the file and CW_DATA_DIR; how to fix", (code) => {
    const e = fault(code);
    expect(e.message).toContain(file);
    expect(e.message).toContain(`CW_DATA_DIR (${dir})`);
    expect(e.message).toContain(code);
    expect(e.describe()).toContain("Set CW_DATA_DIR to a directory this user can write");
  });

  it.each(["SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_INDEX"])("%s: a damaged file, left as it is; move it aside", (code) => {
    const e = fault(code, "database disk image is malformed");
    expect(e.message).toBe(`${file} is not a readable SQLite database (database disk image is malformed): it is damaged or not a store file. It was left as it is.`);
    expect(e.hint).toContain("Move it aside (e.g. rename it to fast-memory.db.broken");
  });

  it("leaves anything else alone: bugs and StoreErrors are rethrown as they are", () => {
    expect(storeFault(new TypeError("x is undefined"), file)).toBeUndefined();
    expect(storeFault(Object.assign(new Error("constraint"), { code: "SQLITE_CONSTRAINT_UNIQUE" }), file)).toBeUndefined();
    expect(storeFault(new StoreError("already said"), file)).toBeUndefined();
    expect(storeFault("a string", file)).toBeUndefined();
  });
});

describe("SQLITE_FULL from SQLite itself (max_page_count): the write is refused whole, the store goes on", () => {
  it.each(["queries", "reports"] as const)("%s", (kind) => {
    const dir = freshDir();
    seeded(dir, kind);
    const before = contents(dir, kind);
    const db = track(kind === "queries" ? openFastMemory(dir) : openReportCache(dir));
    const pages = Number(db.pragma("page_count", { simple: true }));
    db.pragma(`max_page_count = ${pages}`);
    const err = caught(() => bigWrite(db, kind, "too big"));
    expect(err.message).toContain(`The disk holding CW_DATA_DIR (${dir}) is full: ${join(dir, KIND[kind])} could not be written (SQLITE_FULL`);
    // The connection still reads, and holds exactly what it held.
    expect(kind === "queries" ? new SavedQueryStore(db).list().map((q) => q.name).sort() : new ReportCache(db).summary(ORIGIN).size).toEqual(kind === "queries" ? before : 3);
    db.pragma(`max_page_count = ${pages * 100}`);
    bigWrite(db, kind, "fits now");
    db.close();
    expect(contents(dir, kind)).toEqual([...before, "fits now"].sort());
  });
});

describe(`a full disk (${canMount() ? "a filled 256 KB tmpfs" : "this process's file-size limit, as prlimit sets it"})`, () => {
  /** Run fn with the disk full: a filled tmpfs, or a zero file-size limit for this process (lifted at once after). */
  function whileFull(dir: string, fn: () => void): void {
    if (canMount()) {
      const filler = fillDisk(dir);
      try {
        fn();
      } finally {
        rmSync(filler);
      }
      return;
    }
    // Soft limit only, for this process, during synchronous code: nothing else of this process writes meanwhile.
    execFileSync("prlimit", ["--pid", String(process.pid), "--fsize=0:"]);
    try {
      fn();
    } finally {
      execFileSync("prlimit", ["--pid", String(process.pid), "--fsize=unlimited:"]);
    }
  }
  function expectNoRoom(err: StoreError, dir: string, file: string): void {
    expect(err.message).toContain(canMount() ? `The disk holding CW_DATA_DIR (${dir}) is full: ${file}` : file);
    expect(err.message).toContain("CW_DATA_DIR");
    expect(err.message).toMatch(/full|limit/);
    expect(err.describe()).toMatch(/[Ff]ree space/);
  }
  const disk = () => {
    const dir = freshDir();
    if (canMount()) mountTmpfs(dir, { size: "256k" });
    return dir;
  };

  it.each(["queries", "reports"] as const)("%s: a new store on a full disk is refused, and starts cleanly once there is room", (kind) => {
    const dir = disk();
    whileFull(dir, () => {
      const err = caught(() => (kind === "queries" ? openFastMemory(dir) : openReportCache(dir)));
      expectNoRoom(err, dir, join(dir, KIND[kind]));
    });
    expect(contents(dir, kind)).toEqual([]);
    seeded(dir, kind);
    expect(contents(dir, kind)).toHaveLength(3);
    if (canMount()) unmount(dir);
  });

  it.each(["queries", "reports"] as const)("%s: an open store refuses the write that does not fit, keeps reading, and takes it once there is room", (kind) => {
    const dir = disk();
    seeded(dir, kind);
    const before = contents(dir, kind);
    const db = track(kind === "queries" ? openFastMemory(dir) : openReportCache(dir));
    whileFull(dir, () => {
      if (kind === "queries") {
        // Small writes first, while no refused write has left room in the -wal file. Each one says it failed:
        // delete and recordUse (UPDATE/DELETE … RETURNING) used to return their row though the commit had failed.
        const store = new SavedQueryStore(db);
        for (const write of [() => store.recordUse("q1"), () => store.delete("q2"), () => store.clear()]) expectNoRoom(caught(write), dir, join(dir, KIND[kind]));
      } else {
        expectNoRoom(
          caught(() => new ReportCache(db).purge({ reportId: "r1" })),
          dir,
          join(dir, KIND[kind]),
        );
      }
      expectNoRoom(
        caught(() => bigWrite(db, kind, "no room")),
        dir,
        join(dir, KIND[kind]),
      );
      expect(kind === "queries" ? new SavedQueryStore(db).list().length : new ReportCache(db).summary(ORIGIN).size).toBe(3);
    });
    if (kind === "queries") expect(new SavedQueryStore(db).list().map((q) => [q.name, q.useCount])).toEqual(before.map((n) => [n, 0]));
    bigWrite(db, kind, "room again");
    db.close();
    expect(contents(dir, kind)).toEqual([...before, "room again"].sort());
    if (canMount()) unmount(dir);
  });
});

describe(`a read-only store (${readOnlyHow() === "mount" ? "read-only mounts" : readOnlyHow() === "chmod" ? "permissions" : "permissions, opened as nobody"})`, () => {
  const how = readOnlyHow();
  const asNobody = how === "nobody";
  // nobody must get through the temp directory (mkdtemp makes it 0700) to the data directories in it.
  if (asNobody) chmodSync(base, 0o711);

  /** Make a directory or file read-only; returns the undo. */
  function readOnly(path: string, kind: "dir" | "file"): () => void {
    if (how === "mount") {
      bindReadOnly(path);
      return () => unmount(path);
    }
    if (asNobody) chownTree(path);
    chmodSync(path, kind === "dir" ? 0o500 : 0o400);
    return () => chmodSync(path, kind === "dir" ? 0o700 : 0o600);
  }

  it.each(["queries", "reports"] as const)("%s: an empty read-only CW_DATA_DIR says so, naming it, and how to fix", (kind) => {
    const dir = freshDir();
    const undo = readOnly(dir, "dir");
    try {
      const out = attempt(kind, dir, "read", asNobody);
      expect(out.ok).toBe(false);
      expect(out.message).toContain(join(dir, KIND[kind]));
      expect(out.message).toContain(`CW_DATA_DIR (${dir})`);
      expect(out.text).toContain("Set CW_DATA_DIR to a directory this user can write");
      expect(existsSync(join(dir, KIND[kind]))).toBe(false);
    } finally {
      undo();
    }
  });

  // Read-only where the store lives: the directory, or only the store file in a writable directory.
  const readOnlyCases = [
    { kind: "queries", where: "dir" },
    { kind: "reports", where: "dir" },
    { kind: "queries", where: "file" },
    { kind: "reports", where: "file" },
  ] as const;
  it.each(readOnlyCases)("$kind: a read-only store ($where) refuses reads and writes clearly and is left as it was", ({ kind, where }) => {
    const dir = freshDir();
    seeded(dir, kind);
    const file = join(dir, KIND[kind]);
    const hash = sha(file);
    if (where === "file" && asNobody) chownTree(dir);
    const undo = where === "dir" ? readOnly(dir, "dir") : readOnly(file, "file");
    try {
      for (const action of ["read", "write"] as const) {
        const out = attempt(kind, dir, action, asNobody);
        expect(out.ok, action).toBe(false);
        expect(out.message).toContain(where === "dir" ? file : `Cannot write ${file}`);
        expect(out.message).toContain(`CW_DATA_DIR (${dir})`);
        expect(out.text).toContain("Set CW_DATA_DIR to a directory this user can write");
      }
    } finally {
      undo();
    }
    expect(sha(file)).toBe(hash);
    expect(contents(dir, kind)).toHaveLength(3);
  });
});

describe("a damaged store file (random bytes over it)", () => {
  const variants = {
    "all of it": (bytes: Buffer) => randomBytes(bytes.length),
    // The header stays valid (the file opens, its schema version reads), the pages behind it are noise.
    "all but the 100-byte header": (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 100), randomBytes(bytes.length - 100)]),
  };
  for (const kind of ["queries", "reports"] as const) {
    it.each(Object.keys(variants))(`${kind}: %s — a clear error naming the file, which is left in place untouched, with a hint to move it aside`, (variant) => {
      const dir = freshDir();
      seeded(dir, kind);
      const file = join(dir, KIND[kind]);
      writeFileSync(file, variants[variant as keyof typeof variants](readFileSync(file)));
      const hash = sha(file);
      for (const action of ["read", "write"] as const) {
        const out = attempt(kind, dir, action, false);
        expect(out.ok, action).toBe(false);
        expect(out.message).toContain(`${file} is not a readable SQLite database`);
        expect(out.text).toContain("Move it aside");
      }
      expect(sha(file)).toBe(hash);
    });
  }
});
