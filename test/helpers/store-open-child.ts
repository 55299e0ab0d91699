/**
 * Child process of the store fault tests, for faults that need a process of their own (run as nobody, or under
 * a file-size limit): opens a store in the given data directory, optionally writes to it, and prints one JSON
 * line: {ok: true, count} or {ok: false, name, message, text} (text: the StoreError's describe()).
 *
 *   store-open-child.ts <queries|reports> <data dir> [read|write]
 */
import { openReportCache, ReportCache } from "../../src/reports/cache.js";
import { StoreError } from "../../src/store/errors.js";
import { openFastMemory } from "../../src/store/fast-memory.js";
import { SavedQueryStore } from "../../src/store/saved-queries.js";

const [kind, dataDir, action = "read"] = process.argv.slice(2);
if (!dataDir || (kind !== "queries" && kind !== "reports")) throw new Error("usage: store-open-child.ts <queries|reports> <data dir> [read|write]");

try {
  let count: number;
  if (kind === "queries") {
    const store = new SavedQueryStore(openFastMemory(dataDir));
    if (action === "write") store.save({ name: `child ${process.pid}`, method: "GET", path: "/service/tickets", params: { pad: "p".repeat(20_000) } });
    count = store.list().length;
  } else {
    const cache = new ReportCache(openReportCache(dataDir));
    const key = { reportId: "child", origin: "https://child.example.com", paramsKey: "{}" };
    if (action === "write") cache.record({ ...key, url: "https://child.example.com/r", columns: ["a"], rows: [["r".repeat(20_000)]], extract: "table", durationMs: 1, reportMs: 1 });
    count = cache.history(key, 100).length;
  }
  process.stdout.write(`${JSON.stringify({ ok: true, count })}\n`);
} catch (err) {
  const e = err as Error;
  process.stdout.write(`${JSON.stringify({ ok: false, name: e.name, message: e.message, text: err instanceof StoreError ? err.describe() : e.message })}\n`);
}
