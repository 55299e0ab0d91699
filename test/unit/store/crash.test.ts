/**
 * The stores survive the process being killed (SIGKILL: no handler, no close, no checkpoint) in the middle
 * of their writes: the file is intact, every transaction the child reported is there whole, at most the one
 * it was about to report is there too, and the store accepts writes again. So for fast-memory.db (saved
 * queries), report-cache.db (runs recorded, history trimmed, purges with a TRUNCATE checkpoint), and the JSON
 * files replaced by rename (browser-state.json, discovered-reports.json).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../../src/paths.js";
import { loadState, STATE_FILE } from "../../../src/reports/browser.js";
import { HISTORY_PER_KEY, openReportCache, REPORT_CACHE_FILE, ReportCache } from "../../../src/reports/cache.js";
import { DISCOVERED_FILE, discoveredReports } from "../../../src/reports/definitions.js";
import { openFastMemory } from "../../../src/store/fast-memory.js";
import { SavedQueryStore } from "../../../src/store/saved-queries.js";
import {
  browserStateAt,
  discoveredAt,
  expectedAfter,
  expectedReportsAfter,
  REPORT_CRASH_ORIGIN,
  rowsOfStep,
  type Expected,
  type ReportState,
} from "../../helpers/store-crash-ops.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Run the child until it has reported `killAfter` commits, SIGKILL it, and return the last step it reported. */
async function runAndKill(dataDir: string, killAfter: number, kind: "queries" | "reports" | "json" = "queries"): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", join(packageRoot(), "test", "helpers", "store-crash-child.ts"), dataDir, kind], {
    cwd: packageRoot(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let last = -1;
  let pending = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_code, signal) => resolve(signal)));
  child.stdout.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const k = Number(line);
      expect(k, `line ${JSON.stringify(line)}`).toBe(last + 1);
      last = k;
    }
    if (last + 1 >= killAfter && child.exitCode === null && !child.killed) child.kill("SIGKILL");
  });
  const signal = await exited;
  expect(signal, `child ended by itself: ${stderr}`).toBe("SIGKILL");
  return last;
}

function actualState(store: SavedQueryStore): Map<string, Expected> {
  return new Map(store.list().map((q) => [q.name, { params: q.params as Record<string, string | number>, body: q.body, useCount: q.useCount }]));
}

describe("a store killed mid-write", () => {
  it.each([180, 420, 777, 1250])("keeps every committed transaction whole after SIGKILL at about %i commits", async (killAfter) => {
    const dataDir = mkdtempSync(join(tmpdir(), "cw-crash-"));
    dirs.push(dataDir);
    const last = await runAndKill(dataDir, killAfter);
    expect(last + 1).toBeGreaterThanOrEqual(killAfter);

    const db = openFastMemory(dataDir);
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const store = new SavedQueryStore(db);
      const actual = actualState(store);
      // Steps 0..last were reported; step last+1 may have committed just before the kill, unreported.
      const reported = expectedAfter(last + 1);
      const oneMore = expectedAfter(last + 2);
      const matches = (expected: Map<string, Expected>) => {
        try {
          expect(actual).toEqual(expected);
          return true;
        } catch {
          return false;
        }
      };
      if (!matches(oneMore)) expect(actual).toEqual(reported);
      for (const q of store.list()) {
        expect(q.lastUsedAt === undefined, q.name).toBe(q.useCount === 0);
        expect(Date.parse(q.createdAt), q.name).not.toBeNaN();
      }

      // And it takes writes again.
      store.save({ name: "after the crash", method: "GET", path: "/service/tickets" });
      expect(store.recordUse("after the crash")!.useCount).toBe(1);
      expect(actualState(store).size).toBe(actual.size + 1);
    } finally {
      db.close();
    }
  });
});

/** What report-cache.db holds, in the shape expectedReportsAfter gives; every run's rows checked whole on the way. */
function reportState(db: ReturnType<typeof openReportCache>): ReportState {
  const rows = db.prepare("SELECT report_id, origin, params_key, rows, row_count, fetched_at FROM report_runs ORDER BY fetched_at, id").all() as {
    report_id: string;
    origin: string;
    params_key: string;
    rows: string;
    row_count: number;
    fetched_at: string;
  }[];
  const runs = new Map<string, { at: string; rowCount: number }[]>();
  for (const r of rows) {
    expect(r.origin).toBe(REPORT_CRASH_ORIGIN);
    expect(JSON.parse(r.rows), r.fetched_at).toEqual(rowsOfStep(r.fetched_at));
    expect(r.row_count).toBe(JSON.parse(r.rows).length);
    const key = `${r.report_id} ${r.params_key}`;
    runs.set(key, [...(runs.get(key) ?? []), { at: r.fetched_at, rowCount: r.row_count }]);
  }
  const timing = new Map(
    (db.prepare("SELECT report_id, runs, last_ms, avg_ms FROM report_timing").all() as { report_id: string; runs: number; last_ms: number; avg_ms: number }[]).map((t) => [
      t.report_id,
      { runs: t.runs, lastMs: t.last_ms, avgMs: t.avg_ms },
    ]),
  );
  return { runs, timing };
}

function sameReports(actual: ReportState, expected: ReportState): boolean {
  if (JSON.stringify([...actual.runs].sort()) !== JSON.stringify([...expected.runs].sort())) return false;
  if (actual.timing.size !== expected.timing.size) return false;
  for (const [id, t] of expected.timing) {
    const a = actual.timing.get(id);
    if (!a || a.runs !== t.runs || a.lastMs !== t.lastMs || Math.abs(a.avgMs - t.avgMs) > 1e-6) return false;
  }
  return true;
}

describe("the report cache killed mid-write", () => {
  it.each([60, 240, 530])("keeps every recorded run whole, history trims and purges included, after SIGKILL at about %i commits", async (killAfter) => {
    const dataDir = mkdtempSync(join(tmpdir(), "cw-crash-reports-"));
    dirs.push(dataDir);
    const last = await runAndKill(dataDir, killAfter, "reports");
    expect(last + 1).toBeGreaterThanOrEqual(killAfter);

    const db = openReportCache(dataDir);
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const actual = reportState(db);
      const reported = expectedReportsAfter(last + 1, HISTORY_PER_KEY);
      const oneMore = expectedReportsAfter(last + 2, HISTORY_PER_KEY);
      if (!sameReports(actual, oneMore)) {
        expect({ runs: [...actual.runs].sort(), timing: [...actual.timing].sort() }).toEqual({ runs: [...reported.runs].sort(), timing: expect.anything() });
        expect(sameReports(actual, reported), "timing as reported").toBe(true);
      }

      // And it takes writes again.
      const cache = new ReportCache(db);
      const key = { reportId: "after", origin: REPORT_CRASH_ORIGIN, paramsKey: "{}" };
      cache.record({ ...key, url: `${REPORT_CRASH_ORIGIN}/after`, columns: ["a"], rows: [["x"]], extract: "table", durationMs: 1, reportMs: 1 });
      expect(cache.latest(key)?.rows).toEqual([["x"]]);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      db.close();
    }
  });
});

describe("the JSON files killed mid-write", () => {
  it.each([150, 600])("leave browser-state.json and discovered-reports.json whole after SIGKILL at about %i saves", async (killAfter) => {
    const dataDir = mkdtempSync(join(tmpdir(), "cw-crash-json-"));
    dirs.push(dataDir);
    const last = await runAndKill(dataDir, killAfter, "json");

    // The session: the one saved at the last reported step, or the next (renamed just before the kill).
    const state = JSON.parse(readFileSync(join(dataDir, STATE_FILE), "utf8"));
    expect([browserStateAt(last), browserStateAt(last + 1)]).toContainEqual(state);
    expect(loadState(join(dataDir, STATE_FILE))).toBeDefined();

    // The definitions: each id as last saved by the reported steps, or by one more.
    const definitions = (k: number) =>
      [...new Map(Array.from({ length: k }, (_, i) => discoveredAt(i)).map((d) => [d.id, d])).values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => ({ ...d }));
    const saved = discoveredReports(dataDir);
    expect([definitions(last + 1), definitions(last + 2)]).toContainEqual(saved);
    expect(existsSync(join(dataDir, DISCOVERED_FILE))).toBe(true);
    // At most the temp file of the write that was cut short is left, never a second one.
    expect(readdirSync(dataDir).filter((f) => f.endsWith(".tmp")).length).toBeLessThanOrEqual(1);
  });
});
