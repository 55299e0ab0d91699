/**
 * Child process of the store crash tests: applies a write sequence to a store in the given data directory
 * forever, printing each step's number after it is on disk (its transaction committed, its file renamed into
 * place), until it is killed. (stdout to a pipe is synchronous on Linux and macOS: a printed step is a done one.)
 *
 *   store-crash-child.ts <data dir> [queries]   fast-memory.db: saved queries (store-crash-ops.ts opAt)
 *   store-crash-child.ts <data dir> reports     report-cache.db: runs recorded and purged (reportOpAt)
 *   store-crash-child.ts <data dir> json        browser-state.json and discovered-reports.json, in turn
 */
import type { Page } from "playwright-core";
import { BrowserPool } from "../../src/reports/browser.js";
import { openReportCache, ReportCache } from "../../src/reports/cache.js";
import { saveDiscovered } from "../../src/reports/definitions.js";
import { openFastMemory } from "../../src/store/fast-memory.js";
import { SavedQueryStore } from "../../src/store/saved-queries.js";
import { applyOp, browserStateAt, discoveredAt, opAt, REPORT_CRASH_ORIGIN, reportOpAt } from "./store-crash-ops.js";

const [dataDir, kind = "queries"] = process.argv.slice(2);
if (!dataDir) throw new Error("usage: store-crash-child.ts <data dir> [queries|reports|json]");

if (kind === "queries") {
  const db = openFastMemory(dataDir);
  const store = new SavedQueryStore(db);
  for (let k = 0; ; k++) {
    applyOp(db, store, opAt(k));
    process.stdout.write(`${k}\n`);
  }
} else if (kind === "reports") {
  let clock = new Date(0);
  const cache = new ReportCache(openReportCache(dataDir), () => clock);
  for (let k = 0; ; k++) {
    const op = reportOpAt(k);
    clock = new Date(op.at);
    if (op.kind === "purge") cache.purge({ reportId: op.reportId });
    else cache.record({ reportId: op.reportId, origin: REPORT_CRASH_ORIGIN, paramsKey: op.paramsKey, url: `${REPORT_CRASH_ORIGIN}/${op.reportId}`, columns: ["member", "step", "hours", "pad"], rows: op.rows, extract: "table", durationMs: op.reportMs + 5, reportMs: op.reportMs });
    process.stdout.write(`${k}\n`);
  }
} else if (kind === "json") {
  const pool = new BrowserPool({ dataDir });
  for (let k = 0; ; k++) {
    const state = browserStateAt(k);
    // saveState only asks the page for its context's storage state.
    await pool.saveState({ context: () => ({ storageState: async () => state }) } as unknown as Page);
    saveDiscovered(dataDir, discoveredAt(k));
    process.stdout.write(`${k}\n`);
  }
} else {
  throw new Error(`unknown store kind ${kind}`);
}
