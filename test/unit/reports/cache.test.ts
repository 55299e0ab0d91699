import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HISTORY_PER_KEY, openReportCache, REPORT_CACHE_FILE, ReportCache, type NewRun } from "../../../src/reports/cache.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function cacheAt(clock: { now: Date }) {
  const dir = mkdtempSync(join(tmpdir(), "cw-report-cache-"));
  dirs.push(dir);
  const db = openReportCache(dir);
  return { dir, db, cache: new ReportCache(db, () => clock.now) };
}

const key = { reportId: "time-by-member", origin: "https://na.myconnectwise.net", paramsKey: '{"end":"2026-01-11","start":"2026-01-05"}' };
const run = (over: Partial<NewRun> = {}): NewRun => ({
  ...key,
  url: "https://na.myconnectwise.net/v2026_1/reports/time-by-member?start=2026-01-05&end=2026-01-11",
  columns: ["Member", "Hours"],
  rows: [["Jane", 4.75], ["Bob", null]],
  extract: "csv",
  durationMs: 2500,
  reportMs: 1000,
  ...over,
});

describe("report-cache.db", () => {
  it("is a private file: 0600", () => {
    const { dir, db } = cacheAt({ now: new Date() });
    expect(statSync(join(dir, REPORT_CACHE_FILE)).mode & 0o777).toBe(0o600);
    db.close();
  });

  it("answers the newest run for a report and its parameters, rows as stored", () => {
    const clock = { now: new Date("2026-01-12T10:00:00Z") };
    const { cache, db } = cacheAt(clock);
    cache.record(run({ rows: [["old", 1]] }));
    clock.now = new Date("2026-01-12T11:00:00Z");
    cache.record(run());
    expect(cache.latest(key)).toMatchObject({ fetchedAt: "2026-01-12T11:00:00.000Z", rows: [["Jane", 4.75], ["Bob", null]], columns: ["Member", "Hours"], durationMs: 2500, extract: "csv" });
    expect(cache.latest({ ...key, paramsKey: "{}" })).toBeUndefined();
    expect(cache.latest({ ...key, origin: "https://eu.myconnectwise.net" })).toBeUndefined();
    expect(cache.history(key).map((h) => h.fetchedAt)).toEqual(["2026-01-12T11:00:00.000Z", "2026-01-12T10:00:00.000Z"]);
    db.close();
  });

  it(`keeps the last ${HISTORY_PER_KEY} runs per report and parameters`, () => {
    const clock = { now: new Date("2026-01-01T00:00:00Z") };
    const { cache, db } = cacheAt(clock);
    for (let i = 0; i < HISTORY_PER_KEY + 5; i++) {
      clock.now = new Date(Date.UTC(2026, 0, 1, i));
      cache.record(run());
    }
    expect(cache.history(key, 100)).toHaveLength(HISTORY_PER_KEY);
    expect(cache.history(key, 1)[0]!.fetchedAt).toBe(new Date(Date.UTC(2026, 0, 1, HISTORY_PER_KEY + 4)).toISOString());
    db.close();
  });

  it("calibrates timing with a moving average of the report's own time", () => {
    const { cache, db } = cacheAt({ now: new Date() });
    cache.record(run({ reportMs: 1000 }));
    expect(cache.timing(key.reportId, key.origin)).toEqual({ runs: 1, avgMs: 1000, lastMs: 1000 });
    cache.record(run({ reportMs: 2000 }));
    expect(cache.timing(key.reportId, key.origin)).toEqual({ runs: 2, avgMs: 1300, lastMs: 2000 });
    db.close();
  });

  it("purges by age, by report, by both, or everything; timing stays", () => {
    const clock = { now: new Date("2026-01-01T00:00:00Z") };
    const { cache, db } = cacheAt(clock);
    cache.record(run());
    cache.record(run({ reportId: "ar-aging" }));
    clock.now = new Date("2026-01-10T00:00:00Z");
    cache.record(run());
    cache.record(run({ reportId: "ar-aging" }));
    clock.now = new Date("2026-01-12T00:00:00Z");
    expect(cache.purge({ olderThanDays: 5, reportId: "ar-aging" })).toEqual({ deleted: 1, remaining: 3 });
    expect(cache.purge({ olderThanDays: 5 })).toEqual({ deleted: 1, remaining: 2 });
    expect(cache.purge({ reportId: "time-by-member" })).toEqual({ deleted: 1, remaining: 1 });
    expect(cache.purge()).toEqual({ deleted: 1, remaining: 0 });
    expect(cache.timing("time-by-member", key.origin)?.runs).toBe(2);
    expect(cache.summary(key.origin).size).toBe(0);
    db.close();
  });
});
