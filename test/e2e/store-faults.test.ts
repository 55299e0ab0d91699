/**
 * The built server's stores under real disk faults, over MCP (stdio) against an in-process sandbox, its web UI
 * read through the system Chromium:
 *   - a full disk under CW_DATA_DIR: a 256 KB tmpfs filled to the last byte when mount is permitted, else the
 *     server's own file-size limit set to 0 with prlimit (EFBIG on every file write);
 *   - a read-only CW_DATA_DIR, empty or holding the stores, and read-only store files in a writable directory:
 *     read-only mounts when permitted, else permissions (as root, with the server run as nobody);
 *   - damaged store files (random bytes over them).
 * Every write that cannot happen answers isError with what happened and what to do, naming CW_DATA_DIR; the
 * server keeps answering everything that does not need the store; nothing saved before is lost or changed;
 * once the fault is gone the stores work again and pass integrity_check. Mounts are undone in afterAll.
 */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/paths.js";
import { STATE_FILE } from "../../src/reports/browser.js";
import { openReportCache, REPORT_CACHE_FILE, ReportCache } from "../../src/reports/cache.js";
import { DISCOVERED_FILE } from "../../src/reports/definitions.js";
import { utcMidnight, type Sandbox } from "../../src/sandbox/server.js";
import { configureWeb, DEFAULT_WEB_OPTIONS } from "../../src/sandbox/web/index.js";
import { FAST_MEMORY_FILE, openFastMemory } from "../../src/store/fast-memory.js";
import { SavedQueryStore } from "../../src/store/saved-queries.js";
import { AS_NOBODY, bindReadOnly, canMount, chownTree, fillDisk, limitFileSize, mountTmpfs, readOnlyHow, removeTree, unmountAll } from "../helpers/faults.js";
import { envFor, textOf } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";

const WEB = { CW_WEB_USERNAME: "sandbox-admin", CW_WEB_PASSWORD: "sandbox-password", CW_TIMEZONE: "UTC" };
/** A browser per server on shared cores: generous. */
const SLOW = 120_000;

interface Served {
  client: Client;
  pid: number;
  stderr: () => string;
  close: () => Promise<void>;
}

let sb: Sandbox;
const base = mkdtempSync(join(tmpdir(), "cw-store-faults-e2e-"));
const servers: Served[] = [];

beforeAll(async () => {
  sb = await sandbox({ now: utcMidnight(new Date()) });
}, SLOW);

afterAll(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
  await sb?.close();
  configureWeb(DEFAULT_WEB_OPTIONS);
  unmountAll();
  removeTree(base);
}, SLOW);

/** The built server on `dataDir`, spoken to over stdio by the SDK's client; as nobody when asked (setpriv). */
async function serve(dataDir: string, options: { asNobody?: boolean } = {}): Promise<Served> {
  const home = mkdtempSync(join(base, "home-"));
  const server = [join(packageRoot(), "dist", "cli.js")];
  if (options.asNobody) {
    chmodSync(base, 0o711);
    chownTree(home);
  }
  const transport = new StdioClientTransport({
    command: options.asNobody ? AS_NOBODY[0]! : process.execPath,
    args: options.asNobody ? [...AS_NOBODY.slice(1), process.execPath, ...server] : server,
    env: { PATH: process.env.PATH ?? "", HOME: home, ...envFor(sb), ...WEB, CW_DATA_DIR: dataDir },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "store-faults", version: "1.0.0" });
  await client.connect(transport);
  const served = { client, pid: transport.pid!, stderr: () => stderr, close: () => client.close() };
  servers.push(served);
  return served;
}

async function call(on: Served, name: string, args: Record<string, unknown>) {
  const result = await on.client.callTool({ name, arguments: args }, undefined, { timeout: SLOW });
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));
const TICKETS = { method: "GET", path: "/service/tickets", params: { conditions: "closedFlag = false", pageSize: 5 } };
const note = (n: number, size: number) => ({ name: `note ${n}`, method: "POST", path: "/service/tickets/{parentId}/notes", body: { text: "n".repeat(size), internalAnalysisFlag: true } });
const REPORT = "open-tickets-by-age";

/** Everything a store holds that a fault must not change: saved queries as saved, report runs by id and time. */
function snapshot(dataDir: string): { queries: unknown[]; runs: unknown[] } {
  const memory = openFastMemory(dataDir);
  const cache = openReportCache(dataDir);
  try {
    expect(memory.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(cache.pragma("integrity_check", { simple: true })).toBe("ok");
    const queries = new SavedQueryStore(memory).list().map(({ name, method, path, params, body, createdAt }) => ({ name, method, path, params, body, createdAt }));
    const runs = cache.prepare("SELECT report_id, params_key, fetched_at, row_count, rows FROM report_runs ORDER BY id").all();
    return { queries: queries.sort((a, b) => (a.name < b.name ? -1 : 1)), runs };
  } finally {
    memory.close();
    cache.close();
  }
}

describe(`a full disk under CW_DATA_DIR (${canMount() ? "a filled 256 KB tmpfs" : "the server's file-size limit set to 0 by prlimit"})`, () => {
  const data = join(base, "full");
  let server: Served;
  let free: () => void = () => undefined;
  let before: { queries: unknown[]; runs: unknown[] };
  let discovered: string;
  let session: string;

  /** What the answer of a write refused for want of room says, whichever way the disk was filled. */
  function expectNoRoom(res: { isError: boolean; text: string }, file: string): void {
    expect(res.isError, res.text).toBe(true);
    if (canMount()) {
      expect(res.text).toContain(`The disk holding CW_DATA_DIR (${data}) is full: ${join(data, file)} could not be written`);
      expect(res.text).toContain("Free space on that disk, or set CW_DATA_DIR to a directory on a disk with room");
    } else {
      expect(res.text).toContain(join(data, file));
      expect(res.text).toContain(`CW_DATA_DIR (${data})`);
      expect(res.text).toMatch(/full|file-size limit/);
      expect(res.text).toMatch(/[Ff]ree space on that disk/);
    }
    expect(res.text).not.toMatch(/Unexpected error/);
  }

  beforeAll(async () => {
    if (canMount()) mountTmpfs(data, { size: "256k" });
    else mkdirSync(data, { recursive: true });
    server = await serve(data);
  }, SLOW);

  it("saves queries, caches a report, saves a definition and the web session while there is room", async () => {
    for (const args of [{ name: "open tickets", ...TICKETS }, note(1, 3000), note(2, 200)]) {
      const res = await call(server, "cw_save_query", args);
      expect(res.isError, res.text).toBe(false);
    }
    const report = await call(server, "cw_report", { id: REPORT });
    expect(report.isError, report.text).toBe(false);
    expect(report.data.signed_in).toBe(true);
    const found = await call(server, "cw_discover_report", { url: "/v2026_1/reports/ar-aging", name: "AR first" });
    expect(found.isError, found.text).toBe(false);
    discovered = sha(join(data, DISCOVERED_FILE));
    session = sha(join(data, STATE_FILE));
    before = snapshot(data);
    expect(before.queries).toHaveLength(3);
    expect(before.runs).toHaveLength(1);
  }, SLOW);

  it("then, with the disk full, refuses every write with what to do, and keeps answering everything else", async () => {
    if (canMount()) {
      const filler = fillDisk(data);
      free = () => rmSync(filler);
    } else {
      limitFileSize(server.pid, 0);
      free = () => limitFileSize(server.pid, "unlimited");
    }

    // Saving a query: fast-memory.db.
    expectNoRoom(await call(server, "cw_save_query", note(3, 20_000)), FAST_MEMORY_FILE);
    // A live report run: report-cache.db (the rows were read; the run is refused rather than half kept).
    expectNoRoom(await call(server, "cw_report", { id: REPORT, refresh: true }), REPORT_CACHE_FILE);
    // A scaffolded definition: discovered-reports.json stays as it was, and no partial temp file is left.
    expectNoRoom(await call(server, "cw_discover_report", { url: "/v2026_1/reports/agreement-list", name: "Agreements second" }), DISCOVERED_FILE);
    expect(sha(join(data, DISCOVERED_FILE))).toBe(discovered);
    // A new sign-in (the site ended the session): browser-state.json stays as it was.
    configureWeb({ now: () => Date.now() + 9 * 3_600_000 });
    try {
      expectNoRoom(await call(server, "cw_report", { id: REPORT, refresh: true }), STATE_FILE);
    } finally {
      configureWeb(DEFAULT_WEB_OPTIONS);
    }
    expect(sha(join(data, STATE_FILE))).toBe(session);
    expect(temps(data)).toEqual([]);

    // Reads go on: ConnectWise calls, the saved queries, the cached report, the report list, the resource.
    const boards = await call(server, "cw_api_call", { method: "GET", path: "/service/boards" });
    expect(boards.isError, boards.text).toBe(false);
    const listed = await call(server, "cw_list_queries", {});
    expect(listed.isError, listed.text).toBe(false);
    expect(listed.data.queries).toHaveLength(3);
    // A saved query runs; only counting the run is refused, and the answer says so.
    const run = await call(server, "cw_api_call", { query: "open tickets" });
    expect(run.isError, run.text).toBe(false);
    expect(run.text).toContain("its use was not recorded: ");
    expect(run.text).toContain(`CW_DATA_DIR (${data})`);
    // Deleting one is refused too, and says so (it used to answer "Deleted" while the delete was never committed).
    expectNoRoom(await call(server, "cw_delete_query", { name: "note 2" }), FAST_MEMORY_FILE);
    expectNoRoom(await call(server, "cw_clear_queries", { confirm: true }), FAST_MEMORY_FILE);
    const cached = await call(server, "cw_report", { id: REPORT });
    expect(cached.isError, cached.text).toBe(false);
    expect(cached.data.from_cache).toBe(true);
    expect((await call(server, "cw_list_reports", {})).isError).toBe(false);
    const resource = await server.client.readResource({ uri: "cw://queries" });
    expect(JSON.parse((resource.contents[0] as { text: string }).text).count).toBe(3);
    expect(server.stderr()).not.toMatch(/unhandled|TypeError|RangeError/i);
  }, SLOW);

  it("takes the writes once there is room again, and the stores hold everything saved before, intact", async () => {
    free();
    const saved = await call(server, "cw_save_query", note(3, 20_000));
    expect(saved.isError, saved.text).toBe(false);
    const report = await call(server, "cw_report", { id: REPORT, refresh: true });
    expect(report.isError, report.text).toBe(false);
    expect(report.data.history).toHaveLength(1);
    const found = await call(server, "cw_discover_report", { url: "/v2026_1/reports/agreement-list", name: "Agreements second" });
    expect(found.isError, found.text).toBe(false);
    expect((await call(server, "cw_list_reports", {})).data.reports.filter((r: { source: string }) => r.source === "discovered").map((r: { id: string }) => r.id)).toEqual([
      "agreements-second",
      "ar-first",
    ]);
    await server.close();

    const after = snapshot(data);
    expect(after.queries).toEqual(expect.arrayContaining(before.queries));
    expect(after.queries).toHaveLength(4);
    expect(after.runs.slice(0, 1)).toEqual(before.runs);
    expect(after.runs).toHaveLength(2);
    expect(temps(data)).toEqual([]);
  }, SLOW);
});

describe(`a read-only CW_DATA_DIR or store file (${readOnlyHow() === "mount" ? "read-only mounts" : readOnlyHow() === "chmod" ? "permissions" : "permissions, the server run as nobody"})`, () => {
  const how = readOnlyHow();
  const asNobody = how === "nobody";

  /** A data directory holding both stores, written by this process as a server would. */
  function seeded(dir: string): void {
    const memory = openFastMemory(dir);
    new SavedQueryStore(memory).save({ name: "open tickets", method: "GET", path: "/service/tickets", params: TICKETS.params });
    memory.close();
    const cache = openReportCache(dir);
    new ReportCache(cache).record({ reportId: REPORT, origin: sb.url, paramsKey: "{}", url: `${sb.url}/x`, columns: ["a"], rows: [["b"]], extract: "table", durationMs: 1, reportMs: 1 });
    cache.close();
  }

  function readOnly(path: string, kind: "dir" | "file"): void {
    if (how === "mount") return bindReadOnly(path);
    chmodSync(path, kind === "dir" ? 0o500 : 0o400);
  }

  const cases: Record<string, () => { dir: string; files: string[] }> = {
    "an empty read-only data directory": () => {
      const dir = join(base, "ro-empty");
      if (how === "mount") mountTmpfs(dir, { size: "64k", readOnly: true });
      else {
        mkdirSync(dir);
        if (asNobody) chownTree(dir);
        readOnly(dir, "dir");
      }
      return { dir, files: [] };
    },
    "a read-only data directory holding the stores": () => {
      const dir = join(base, "ro-full");
      seeded(dir);
      if (asNobody) chownTree(dir);
      readOnly(dir, "dir");
      return { dir, files: [FAST_MEMORY_FILE, REPORT_CACHE_FILE] };
    },
    "read-only store files in a writable data directory": () => {
      const dir = join(base, "ro-files");
      seeded(dir);
      if (asNobody) chownTree(dir);
      for (const f of [FAST_MEMORY_FILE, REPORT_CACHE_FILE]) readOnly(join(dir, f), "file");
      return { dir, files: [FAST_MEMORY_FILE, REPORT_CACHE_FILE] };
    },
  };

  it.each(Object.keys(cases))("%s: each store tool says so, naming CW_DATA_DIR and the fix; everything else answers; nothing changes", async (name) => {
    const { dir, files } = cases[name]!();
    try {
      await refusedThroughout(dir, files);
    } finally {
      // Mounts go in afterAll; permissions are given back here, so the temp tree can be removed by a non-root user.
      if (how !== "mount") {
        for (const f of files) chmodSync(join(dir, f), 0o600);
        chmodSync(dir, 0o700);
      }
    }
  }, SLOW);

  async function refusedThroughout(dir: string, files: string[]): Promise<void> {
    const hashes = files.map((f) => sha(join(dir, f)));
    const server = await serve(dir, { asNobody });
    const refused = async (tool: string, args: Record<string, unknown>, file: string) => {
      const res = await call(server, tool, args);
      expect(res.isError, `${tool}: ${res.text}`).toBe(true);
      expect(res.text).toContain(`Cannot write ${join(dir, file)}`);
      expect(res.text).toContain(`CW_DATA_DIR (${dir})`);
      expect(res.text).toContain("Set CW_DATA_DIR to a directory this user can write");
    };
    await refused("cw_save_query", { name: "another", ...TICKETS }, FAST_MEMORY_FILE);
    await refused("cw_list_queries", {}, FAST_MEMORY_FILE);
    await refused("cw_delete_query", { name: "open tickets" }, FAST_MEMORY_FILE);
    await refused("cw_report", { id: REPORT }, REPORT_CACHE_FILE);
    await refused("cw_report_purge", {}, REPORT_CACHE_FILE);
    await refused("cw_discover_report", { url: "/v2026_1/reports/ar-aging", name: "AR" }, REPORT_CACHE_FILE);
    await expect(server.client.readResource({ uri: "cw://queries" })).rejects.toThrow(/CW_DATA_DIR/);

    const boards = await call(server, "cw_api_call", { method: "GET", path: "/service/boards" });
    expect(boards.isError, boards.text).toBe(false);
    const reports = await call(server, "cw_list_reports", {});
    expect(reports.isError, reports.text).toBe(false);
    expect((await call(server, "cw_count", { path: "/service/tickets" })).isError).toBe(false);
    expect(server.stderr()).not.toMatch(/unhandled|TypeError/i);
    await server.close();
    expect(files.map((f) => sha(join(dir, f)))).toEqual(hashes);
  }
});

describe("damaged store files (random bytes over them)", () => {
  it("each store tool names the file, leaves it in place untouched and says to move it aside; everything else answers", async () => {
    const dir = join(base, "damaged");
    mkdirSync(dir);
    const memory = openFastMemory(dir);
    new SavedQueryStore(memory).save({ name: "open tickets", method: "GET", path: "/service/tickets", params: TICKETS.params, body: { pad: "x".repeat(9000) } });
    memory.close();
    const cache = openReportCache(dir);
    new ReportCache(cache).record({ reportId: REPORT, origin: sb.url, paramsKey: "{}", url: `${sb.url}/x`, columns: ["a"], rows: [["b".repeat(9000)]], extract: "table", durationMs: 1, reportMs: 1 });
    cache.close();
    // fast-memory.db: noise from the first byte. report-cache.db: its header kept (it opens), noise behind it.
    const memoryFile = join(dir, FAST_MEMORY_FILE);
    const cacheFile = join(dir, REPORT_CACHE_FILE);
    writeFileSync(memoryFile, randomBytes(readFileSync(memoryFile).length));
    const header = readFileSync(cacheFile).subarray(0, 100);
    writeFileSync(cacheFile, Buffer.concat([header, randomBytes(readFileSync(cacheFile).length - 100)]));
    const hashes = [sha(memoryFile), sha(cacheFile)];

    const server = await serve(dir);
    const damaged = async (tool: string, args: Record<string, unknown>, file: string) => {
      const res = await call(server, tool, args);
      expect(res.isError, `${tool}: ${res.text}`).toBe(true);
      expect(res.text).toContain(`${file} is not a readable SQLite database`);
      expect(res.text).toContain("It was left as it is.");
      expect(res.text).toContain("Move it aside");
    };
    await damaged("cw_list_queries", {}, memoryFile);
    await damaged("cw_save_query", { name: "another", ...TICKETS }, memoryFile);
    await damaged("cw_api_call", { query: "open tickets" }, memoryFile);
    await damaged("cw_report", { id: REPORT }, cacheFile);
    await damaged("cw_report_purge", {}, cacheFile);
    const boards = await call(server, "cw_api_call", { method: "GET", path: "/service/boards" });
    expect(boards.isError, boards.text).toBe(false);
    expect((await call(server, "cw_list_reports", {})).isError).toBe(false);
    expect(server.stderr()).not.toMatch(/unhandled|TypeError/i);
    await server.close();
    expect([sha(memoryFile), sha(cacheFile)]).toEqual(hashes);
    expect(existsSync(memoryFile) && existsSync(cacheFile)).toBe(true);
  }, SLOW);
});
