/**
 * The deterministic write sequence of the store crash test. The child process applies it to a real store;
 * the test replays it on a plain map to know exactly what the file must hold after any number of steps.
 */
import type { StoreDb } from "../../src/store/sqlite.js";
import type { SavedQueryStore } from "../../src/store/saved-queries.js";

export type Op =
  /** One transaction: save a new query and count one use of it, so a half-applied one would show 0 uses. */
  | { kind: "create"; name: string; params: Record<string, string | number>; body: unknown }
  | { kind: "use"; name: string }
  | { kind: "replace"; name: string; params: Record<string, string | number>; body: unknown }
  | { kind: "delete"; name: string };

export interface Expected {
  params: Record<string, string | number>;
  body: unknown;
  useCount: number;
}

/** Bodies of 2–5 KB: each row spans overflow pages, so a torn write could not go unnoticed. */
function body(k: number, letter: string): unknown {
  return { k, note: letter.repeat(2000 + (k % 7) * 500), ops: [{ op: "replace", path: "summary", value: `step ${k}` }] };
}

export function opAt(k: number): Op {
  const created = Math.floor(k / 4) + 1;
  const pick = `q ${(k * 7919) % created}`;
  switch (k % 4) {
    case 0:
      return { kind: "create", name: `q ${k / 4}`, params: { n: k / 4, conditions: `id = ${k}` }, body: body(k, "x") };
    case 1:
      return k % 20 === 17 ? { kind: "delete", name: pick } : { kind: "use", name: pick };
    case 2:
      return { kind: "replace", name: pick, params: { n: k, orderBy: "id desc" }, body: body(k, "y") };
    default:
      return { kind: "use", name: pick };
  }
}

export function applyOp(db: StoreDb, store: SavedQueryStore, op: Op): void {
  switch (op.kind) {
    case "create":
      db.transaction(() => {
        store.save({ name: op.name, method: "PATCH", path: "/service/tickets/{id}", params: op.params, body: op.body });
        store.recordUse(op.name);
      }).immediate();
      return;
    case "use":
      store.recordUse(op.name);
      return;
    case "replace":
      store.save({ name: op.name, method: "PATCH", path: "/service/tickets/{id}", params: op.params, body: op.body }, { replace: true });
      return;
    case "delete":
      store.delete(op.name);
  }
}

/** What the store holds after steps 0 … count-1. */
export function expectedAfter(count: number): Map<string, Expected> {
  const state = new Map<string, Expected>();
  for (let k = 0; k < count; k++) {
    const op = opAt(k);
    const existing = state.get(op.name);
    if (op.kind === "create") state.set(op.name, { params: op.params, body: op.body, useCount: 1 });
    else if (op.kind === "use" && existing) existing.useCount += 1;
    else if (op.kind === "replace") state.set(op.name, { params: op.params, body: op.body, useCount: existing?.useCount ?? 0 });
    else if (op.kind === "delete") state.delete(op.name);
  }
  return state;
}

// ---- report-cache.db -------------------------------------------------------------------------------------

export const REPORT_CRASH_ORIGIN = "https://crash.example.com";
const REPORT_CRASH_BASE = Date.parse("2026-03-01T00:00:00Z");

export type ReportOp =
  /** One transaction: insert a run, trim the key's history to 20, fold the time into the calibration. */
  | { kind: "record"; reportId: string; paramsKey: string; rows: (string | number)[][]; reportMs: number; at: string }
  /** Delete every run of one report, then a TRUNCATE checkpoint (what cw_report_purge does). */
  | { kind: "purge"; reportId: string; at: string };

/** Step k at a clock of its own (one second per step), so fetched_at orders the runs as the steps did. */
export function reportOpAt(k: number): ReportOp {
  const at = new Date(REPORT_CRASH_BASE + k * 1000).toISOString();
  const reportId = `r${k % 3}`;
  if (k % 53 === 52) return { kind: "purge", reportId, at };
  // 20–260 rows of ~60 bytes: a run spans one to several overflow pages.
  const rows = Array.from({ length: 20 + ((k * 37) % 240) }, (_, i) => [`member ${i}`, k, i * 0.25, "x".repeat(30 + (k % 11))]);
  return { kind: "record", reportId, paramsKey: JSON.stringify({ p: k % 5 }), rows, reportMs: 100 + (k % 17) * 10, at };
}

export interface ReportState {
  /** Per report id + params key: the fetched_at of the kept runs, oldest first, with their row counts. */
  runs: Map<string, { at: string; rowCount: number }[]>;
  /** Per report id: runs counted and the last time (the moving average is checked within a tolerance). */
  timing: Map<string, { runs: number; lastMs: number; avgMs: number }>;
}

export function expectedReportsAfter(count: number, historyPerKey: number): ReportState {
  const runs = new Map<string, { at: string; rowCount: number }[]>();
  const timing = new Map<string, { runs: number; lastMs: number; avgMs: number }>();
  for (let k = 0; k < count; k++) {
    const op = reportOpAt(k);
    if (op.kind === "purge") {
      for (const key of [...runs.keys()]) if (key.startsWith(`${op.reportId} `)) runs.delete(key);
      continue;
    }
    const key = `${op.reportId} ${op.paramsKey}`;
    const list = [...(runs.get(key) ?? []), { at: op.at, rowCount: op.rows.length }];
    runs.set(key, list.slice(-historyPerKey));
    const t = timing.get(op.reportId);
    timing.set(op.reportId, t ? { runs: t.runs + 1, lastMs: op.reportMs, avgMs: t.avgMs * 0.7 + op.reportMs * 0.3 } : { runs: 1, lastMs: op.reportMs, avgMs: op.reportMs });
  }
  return { runs, timing };
}

/** The rows a recorded step stored, to check a run is whole. */
export function rowsOfStep(at: string): (string | number)[][] | undefined {
  const k = (Date.parse(at) - REPORT_CRASH_BASE) / 1000;
  const op = reportOpAt(k);
  return op.kind === "record" ? op.rows : undefined;
}

// ---- browser-state.json and discovered-reports.json ------------------------------------------------------

/** The browser session saved at step k (cookies only change in value). */
export function browserStateAt(k: number): { cookies: { name: string; value: string; domain: string; path: string; expires: number }[]; origins: never[] } {
  return { cookies: [{ name: "session", value: `v${k}-${"s".repeat(200 + (k % 13) * 40)}`, domain: "crash.example.com", path: "/", expires: -1 }], origins: [] };
}

/** The report definition saved at step k (ids cycle, so steps replace earlier ones). */
export function discoveredAt(k: number) {
  return {
    id: `crash-${k % 7}`,
    name: `Crash ${k}`,
    description: `Saved at step ${k}. ${"d".repeat(100 + (k % 9) * 30)}`,
    path: `/{version}/reports/crash-${k}`,
    params: [],
    extract: { kind: "table" as const, selector: `#t${k}` },
  };
}
