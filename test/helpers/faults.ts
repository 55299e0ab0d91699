/**
 * Real disk faults for the store tests: a full disk, a read-only data directory, a read-only store file.
 *
 * As root with CAP_SYS_ADMIN they are real mounts: a tiny tmpfs filled to the last byte (ENOSPC), a read-only
 * tmpfs or a read-only bind mount (EROFS). Where mount is not permitted (a container without CAP_SYS_ADMIN, or
 * not root), equivalents that go through the same error paths of the server instead:
 *   - full disk: the process's file-size limit (RLIMIT_FSIZE, set with prlimit on the running server) — every
 *     write past the limit fails with EFBIG, which SQLite reports as SQLITE_IOERR_WRITE or SQLITE_FULL;
 *   - read-only: permissions (chmod 0500 / 0400) — as root, which permissions do not stop, the process under test
 *     runs as nobody (setpriv) on files nobody owns.
 * Whether mount works is probed once per process; CW_TEST_FAULTS=fallback forces the equivalents.
 *
 * Every mount is recorded and undone by unmountAll (call it in afterAll, before removing the temp directory) and,
 * as a last resort, when the process exits. removeTree refuses to delete a tree that still has a mount in it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const isRoot = process.getuid?.() === 0;
export const NOBODY = 65534;

const mounts: string[] = [];
let probed: boolean | undefined;
let setprivWorks: boolean | undefined;

/** Whether this process may mount (root with CAP_SYS_ADMIN, Linux): tried once with a throwaway tmpfs. */
export function canMount(): boolean {
  if (probed !== undefined) return probed;
  probed = false;
  if (process.env.CW_TEST_FAULTS === "fallback" || process.platform !== "linux" || !isRoot) return probed;
  const dir = mkdtempSync(join(tmpdir(), "cw-mount-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", dir], { stdio: "ignore" });
    probed = true;
    execFileSync("umount", [dir], { stdio: "ignore" });
  } catch {
    // not permitted (or no mount command): the equivalents are used
  } finally {
    if (probed && mountsUnder(dir).length > 0) lazyUnmount(dir);
    rmdirSync(dir);
  }
  return probed;
}

/** How a read-only directory or file is made here: a mount, permissions, or permissions with the process run as nobody. */
export type ReadOnlyHow = "mount" | "chmod" | "nobody";

export function readOnlyHow(): ReadOnlyHow {
  if (canMount()) return "mount";
  if (!isRoot) return "chmod";
  setprivWorks ??= spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, "-e", ""], { stdio: "ignore" }).status === 0;
  if (setprivWorks) return "nobody";
  throw new Error("Cannot make a directory read-only for this test: root without mount permission and without setpriv to run as another user.");
}

/** The command prefix that runs a process as nobody (for the "nobody" way). */
export const AS_NOBODY = ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups"];

/** Hand a tree to nobody (for the "nobody" way, before its permissions are tightened). */
export function chownTree(path: string, uid = NOBODY): void {
  chownSync(path, uid, uid);
  if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) chownTree(join(path, name), uid);
}

/** Mount a tmpfs of `size` (e.g. "256k") on `dir` (created when missing). */
export function mountTmpfs(dir: string, options: { size: string; readOnly?: boolean }): void {
  mkdirSync(dir, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${options.size},mode=0700${options.readOnly ? ",ro" : ""}`, "tmpfs", dir], { stdio: "pipe" });
  mounts.push(resolve(dir));
}

/** Make a directory or a single file read-only where it is: bind-mounted onto itself, then remounted read-only. */
export function bindReadOnly(path: string): void {
  execFileSync("mount", ["--bind", path, path], { stdio: "pipe" });
  mounts.push(resolve(path));
  execFileSync("mount", ["-o", "remount,bind,ro", path], { stdio: "pipe" });
}

export function unmount(path: string): void {
  const target = resolve(path);
  try {
    execFileSync("umount", [target], { stdio: "pipe" });
  } catch {
    lazyUnmount(target);
  }
  const i = mounts.lastIndexOf(target);
  if (i >= 0) mounts.splice(i, 1);
}

/** Undo every mount made here, newest first. */
export function unmountAll(): void {
  for (const target of [...mounts].reverse()) unmount(target);
}

process.on("exit", () => {
  for (const target of [...mounts].reverse()) lazyUnmount(target);
});

function lazyUnmount(target: string): void {
  try {
    execFileSync("umount", ["-l", target], { stdio: "ignore" });
  } catch {
    // already gone
  }
}

/** Mount points at or below `dir`, from /proc/self/mounts (empty where there is no such file). */
export function mountsUnder(dir: string): string[] {
  let table: string;
  try {
    table = readFileSync("/proc/self/mounts", "utf8");
  } catch {
    return [];
  }
  const root = resolve(dir);
  return table
    .split("\n")
    .map((line) => line.split(" ")[1]?.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8))))
    .filter((p): p is string => p !== undefined && (p === root || p.startsWith(`${root}/`)));
}

/** Remove a temp tree, after its mounts are undone; refuses while one is left (deleting through a bind mount deletes the source). */
export function removeTree(dir: string): void {
  for (const m of mountsUnder(dir).reverse()) unmount(m);
  const left = mountsUnder(dir);
  if (left.length > 0) throw new Error(`Still mounted, not removing ${dir}: ${left.join(", ")}`);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // A directory a test made read-only (chmod 0500) stops a non-root rm: give the tree back to its owner, then again.
    writable(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function writable(path: string): void {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return;
  chmodSync(path, 0o700);
  for (const name of readdirSync(path)) writable(join(path, name));
}

/** Fill the file system holding `dir` with one file until it refuses a single byte more (ENOSPC); returns the file. */
export function fillDisk(dir: string): string {
  const file = join(dir, "filler.bin");
  const fd = openSync(file, "a");
  try {
    for (const size of [65_536, 4_096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

/** Set the file-size limit (bytes; "unlimited") of a running process: the full-disk equivalent where mount is not permitted. */
export function limitFileSize(pid: number, bytes: number | "unlimited"): void {
  // soft limit only ("N:"): lowering the hard limit could not be undone without CAP_SYS_RESOURCE.
  execFileSync("prlimit", ["--pid", String(pid), `--fsize=${bytes}:`], { stdio: "pipe" });
}
