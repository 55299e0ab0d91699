import { basename, dirname } from "node:path";

/** A local store refused something or cannot be used: the message says what (naming the file or query), the hint what to do. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "StoreError";
  }

  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

export const FIX_DATA_DIR = "Set CW_DATA_DIR to a directory this user can write (in the MCP client's \"env\" block), or fix the permissions.";
const FREE_SPACE = "Free space on that disk, or set CW_DATA_DIR to a directory on a disk with room (in the MCP client's \"env\" block), then try again.";
const KEPT = "Nothing was saved; what was saved before is intact.";

/**
 * A failed read or write of a store file under CW_DATA_DIR (a SqliteError's code, or a file-system errno) as a
 * StoreError saying what happened and what to do: a full disk, a read-only directory or file, a damaged file.
 * Undefined when `err` is none of these (a bug, or already a StoreError), so the caller rethrows it as it is.
 * A failed write leaves the file as it was: SQLite rolls the transaction back, JSON files are replaced by rename.
 */
export function storeFault(err: unknown, file: string, dataDir = dirname(file)): StoreError | undefined {
  if (err instanceof StoreError || !(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string") return undefined;
  const dir = `CW_DATA_DIR (${dataDir})`;
  const said = messageOf(err);
  const why = said.startsWith(code) ? said : `${code}: ${said}`; // Node's messages start with the code already
  switch (code) {
    case "SQLITE_FULL":
    case "ENOSPC":
      return new StoreError(`The disk holding ${dir} is full: ${file} could not be written (${why}). ${KEPT}`, FREE_SPACE);
    case "EDQUOT":
      return new StoreError(`The disk quota for ${dir} is used up: ${file} could not be written (${why}). ${KEPT}`, FREE_SPACE);
    case "EFBIG":
      return new StoreError(
        `${file} in ${dir} could not grow: it reached the largest file this process may write (${why}; a file-size limit such as ulimit -f). ${KEPT}`,
        `Raise the limit (ulimit -f unlimited), free space on that disk, or set CW_DATA_DIR to a directory on another disk (in the MCP client's "env" block).`,
      );
    case "SQLITE_IOERR_WRITE":
    case "SQLITE_IOERR_FSYNC":
    case "SQLITE_IOERR_DIR_FSYNC":
    case "SQLITE_IOERR_TRUNCATE":
    case "SQLITE_IOERR_SHMSIZE":
      // SQLite keeps the errno to itself: a failed write is most often a disk that is full, over quota or over a file-size limit.
      return new StoreError(
        `Writing ${file} failed (${why}): the disk holding ${dir} is most likely full, over a quota or over a file-size limit, or failing. ${KEPT}`,
        FREE_SPACE,
      );
    case "EROFS":
      return new StoreError(
        `Cannot write ${file}: ${dir} is on a read-only file system (${why}).`,
        `Set CW_DATA_DIR to a directory this user can write (in the MCP client's "env" block), or remount that file system read-write.`,
      );
    case "EACCES":
    case "EPERM":
    case "SQLITE_PERM":
      return new StoreError(`Cannot write ${file}: this user may not write it or ${dir} (${why}).`, FIX_DATA_DIR);
    case "SQLITE_CANTOPEN":
      return new StoreError(`Cannot open ${file} or create its -wal and -shm files beside it in ${dir} (${why}).`, FIX_DATA_DIR);
    case "SQLITE_BUSY":
    case "SQLITE_BUSY_SNAPSHOT":
    case "SQLITE_LOCKED":
      return new StoreError(`${file} stayed locked by another process (another server on the same ${dir}) for too long (${why}). ${KEPT}`, "Try again in a moment.");
  }
  if (code === "SQLITE_READONLY_DIRECTORY") {
    return new StoreError(`Cannot write ${file}: ${dir} is read-only, so the -wal and -shm files SQLite needs beside it cannot be created (${why}).`, FIX_DATA_DIR);
  }
  if (code.startsWith("SQLITE_READONLY")) {
    return new StoreError(`Cannot write ${file}: the file or ${dir} is read-only (${why}).`, FIX_DATA_DIR);
  }
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return new StoreError(
      `${file} is not a readable SQLite database (${messageOf(err)}): it is damaged or not a store file. It was left as it is.`,
      `Move it aside (e.g. rename it to ${basename(file)}.broken; the store starts empty), or set CW_DATA_DIR to another directory.`,
    );
  }
  if (code.startsWith("SQLITE_IOERR")) {
    return new StoreError(`Reading or writing ${file} failed (${why}): the disk holding ${dir} may be full or failing.`, FREE_SPACE);
  }
  return undefined;
}

/** Run `fn` on a store file, turning a disk, permission or corruption failure into a StoreError (see storeFault). */
export function guardStore<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storeFault(err, file) ?? err;
  }
}

export function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\.$/, "");
}
