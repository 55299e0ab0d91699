/**
 * CSV exports land in CW_DATA_DIR/browser-downloads/<pid>/ and are deleted as soon as they are read. A server
 * killed mid-download leaves its folder behind, so each server sweeps at start-up: every entry that is not the
 * folder of a live process goes (a folder per process, because two MCP clients may run two servers on one data
 * directory, and one must not delete the other's download in flight). Only the file system is touched.
 */
import { mkdirSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";

export const DOWNLOADS_DIR = "browser-downloads";

/** This process's download folder, created 0700. */
export function downloadsDir(dataDir: string): string {
  const dir = join(dataDir, DOWNLOADS_DIR, String(process.pid));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Remove what dead servers (and this one's earlier life under a reused pid) left; resolves with the number removed. */
export async function sweepDownloads(dataDir: string): Promise<number> {
  const root = join(dataDir, DOWNLOADS_DIR);
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return 0; // no folder yet: nothing to sweep
  }
  const stale = entries.filter((name) => !(/^\d+$/.test(name) && Number(name) !== process.pid && alive(Number(name))));
  await Promise.all(stale.map((name) => rm(join(root, name), { recursive: true, force: true }).catch(() => undefined)));
  return stale.length;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user — alive.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
