/**
 * How a report reads in the answer: a line saying what it is and where the rows came from ("live" or "from
 * cache, fetched at … (12 min ago)"), the parameters, the first rows as a table, and earlier runs. The whole
 * result is in structuredContent; the text is for reading, so long cells and long tables are cut.
 */
import { DateTime } from "luxon";
import type { Cell } from "./cache.js";
import type { ReportResult } from "./run.js";
import { name } from "../format/untrusted.js";

export const TEXT_ROWS = 25;
const CELL_CHARS = 60;

export function reportText(r: ReportResult, zone: string, shownRows: number, now: Date = new Date()): string {
  const count = `${r.rows.length} row${r.rows.length === 1 ? "" : "s"}`;
  const source = r.fromCache
    ? `from cache, fetched at ${localTime(r.fetchedAt, zone)} (${ago(r.fetchedAt, now)}; cached for ${duration(r.ttlSeconds)}; refresh: true fetches it again)`
    : `fetched live in ${seconds(r.durationMs)}${r.signedIn ? ", after signing in to the web UI" : ""}`;
  const lines = [`${r.definition.name} (${r.definition.id}): ${count}, ${source}.`];
  const params = Object.entries(r.params);
  if (params.length) lines.push(`Parameters: ${params.map(([k, v]) => `${k}=${v}`).join(", ")}.`);
  if (r.total > r.rows.length) lines.push(`The page had ${r.total} rows; the first ${r.rows.length} were kept.`);
  if (r.rows.length > 0) lines.push("", table(r.columns, r.rows.slice(0, TEXT_ROWS)));
  else lines.push("No rows.");
  if (r.rows.length > TEXT_ROWS) {
    const inStructured = Math.min(shownRows, r.rows.length);
    lines.push(`… ${r.rows.length - TEXT_ROWS} more rows; ${inStructured === r.rows.length ? "all" : `the first ${inStructured}`} are in structuredContent.rows${inStructured < r.rows.length ? " (raise max_rows for more)" : ""}.`);
  }
  if (r.history.length > 0) {
    lines.push("", `Earlier runs: ${r.history.map((h) => `${localTime(h.fetchedAt, zone)} (${h.rowCount} rows)`).join("; ")}.`);
  }
  return lines.join("\n");
}

/** Rows as objects keyed by column name: what a model reads most easily. */
export function rowObjects(columns: string[], rows: Cell[][]): Record<string, Cell>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])));
}

/** A Markdown table; cells are page text, shown as names (src/format/untrusted.ts): a cell with a | is quoted, its | escaped. */
export function table(columns: string[], rows: Cell[][]): string {
  const cell = (v: Cell | undefined) => (v === null || v === undefined ? "" : name(v, CELL_CHARS));
  return [`| ${columns.map((c) => cell(c)).join(" | ")} |`, `|${columns.map(() => " --- ").join("|")}|`, ...rows.map((r) => `| ${columns.map((_, i) => cell(r[i])).join(" | ")} |`)].join("\n");
}

export function localTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone: "utc" }).setZone(zone).toFormat("yyyy-MM-dd HH:mm:ss ZZZZ");
}

export function ago(iso: string, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 360) / 10} h ago`;
  return `${Math.round(s / 8640) / 10} days ago`;
}

export function duration(totalSeconds: number): string {
  if (totalSeconds % 3600 === 0 && totalSeconds >= 3600) return `${totalSeconds / 3600} h`;
  if (totalSeconds % 60 === 0 && totalSeconds >= 60) return `${totalSeconds / 60} min`;
  return `${totalSeconds} s`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
