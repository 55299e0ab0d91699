/**
 * Rows off a report page: the cells of an HTML table, or the file its CSV export downloads. Both give the
 * same thing — column names and rows of cells — and cells are typed the same way (plain numbers become
 * numbers, empty cells null), so a report reads the same whichever way it is extracted. Cell text is the
 * DOM's textContent, trimmed, which is exactly what the CSV export writes for the same cell.
 */
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import type { Cell } from "./cache.js";
import { parseCsv } from "./csv.js";
import { readTable } from "./dom.js";
import { ReportError } from "./errors.js";

export interface Extracted {
  columns: string[];
  rows: Cell[][];
  /** Rows on the page; more than rows.length when cut at MAX_ROWS. */
  total: number;
}

/** Rows kept from one report: more would make the cache and the answer unwieldy; the text says when it cut. */
export const MAX_ROWS = 20_000;

export async function extractTable(page: Page, selector: string, timeoutMs: number): Promise<Extracted> {
  const table = page.locator(selector).first();
  if ((await table.count()) === 0) {
    throw new ReportError("extract", `No table matches "${selector}" on ${pageName(page)} (${await page.title()}).`, "The page layout may differ from the definition: inspect it again with cw_discover_report.");
  }
  const raw = await table.evaluate(readTable, undefined, { timeout: timeoutMs });
  if (!raw) throw new ReportError("extract", `"${selector}" on ${pageName(page)} is not a table and holds none.`);
  return shape(raw.header, raw.rows);
}

/** Click the export control, wait for the download, read it, and delete it whatever happens. */
export async function extractCsv(page: Page, trigger: string, timeoutMs: number): Promise<Extracted> {
  const control = page.locator(trigger).first();
  if ((await control.count()) === 0) {
    throw new ReportError("extract", `No export control matches "${trigger}" on ${pageName(page)} (${await page.title()}).`, "The page layout may differ from the definition: inspect it again with cw_discover_report.");
  }
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: timeoutMs }), control.click({ timeout: timeoutMs })]);
  try {
    const failed = await download.failure();
    if (failed) throw new ReportError("extract", `The CSV export from ${pageName(page)} failed: ${failed}.`);
    const text = await readFile(await download.path(), "utf8");
    if (/^\s*<(!doctype|html)/i.test(text)) {
      throw new ReportError("extract", `The CSV export from ${pageName(page)} sent an HTML page instead (signed out, or an error page).`);
    }
    const [header = [], ...rows] = parseCsv(text);
    return shape(header, rows);
  } finally {
    await download.delete().catch(() => undefined);
  }
}

export function shape(header: string[], rows: string[][]): Extracted {
  const columns = header.map((h, i) => h.trim() || `Column ${i + 1}`);
  return { columns: unique(columns), rows: rows.slice(0, MAX_ROWS).map((r) => r.map(toCell)), total: rows.length };
}

/** "12", "-3.50" → numbers; leading zeros ("0042", an id or a zip code) and everything else stay text; "" → null. */
export function toCell(text: string): Cell {
  if (text === "") return null;
  return /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/.test(text) ? Number(text) : text;
}

function unique(columns: string[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1;
    seen.set(c, n);
    return n === 1 ? c : `${c} (${n})`;
  });
}

function pageName(page: Page): string {
  const url = new URL(page.url());
  return url.pathname;
}
