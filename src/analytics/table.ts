/**
 * Compact fixed-width tables for the assistant: one header, one rule, one line per row, numbers
 * right-aligned, long rows cut with a count of what was left out (the full rows are in
 * structuredContent). Plus the few number formats every analytics answer shares. Text cells come from
 * ConnectWise records: they are shown as names (src/format/untrusted.ts), quoted when they could break out.
 */
import { name } from "../format/untrusted.js";

export interface Column {
  header: string;
  /** Numbers read best right-aligned; names left. Default: right when every cell is numeric-looking. */
  align?: "left" | "right";
  /** Cells longer than this are clipped with "…" (quoted cells: with the explicit cut marker). */
  max?: number;
}

export type Cell = string | number | null | undefined;

const NUMERIC = /^[-+]?[$]?[\d,]+(\.\d+)?\s?(%|h|d|x)?$|^—$/;

export function table(columns: (Column | string)[], rows: Cell[][], limit = 25): string {
  const cols: Column[] = columns.map((c) => (typeof c === "string" ? { header: c } : c));
  const shown = rows.slice(0, limit).map((r) => cols.map((c, i) => cellText(r[i], c.max ?? 40)));
  const align = cols.map((c, i) => c.align ?? (shown.length > 0 && shown.every((r) => NUMERIC.test(r[i]!)) ? "right" : "left"));
  const width = cols.map((c, i) => Math.max(c.header.length, ...shown.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (align[i] === "right" ? cell.padStart(width[i]!) : cell.padEnd(width[i]!))).join("  ").trimEnd();
  const out = [line(cols.map((c) => c.header)), width.map((w) => "-".repeat(w)).join("  "), ...shown.map(line)];
  if (rows.length > limit) out.push(`… ${rows.length - limit} more rows (all of them are in structuredContent)`);
  if (rows.length === 0) out.push("(none)");
  return out.join("\n");
}

function cellText(v: Cell, max: number): string {
  if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) return "—";
  return typeof v === "number" ? fmt(v) : name(v, max);
}

/** 1234.5 → "1,234.5" (up to two decimals). */
export function fmt(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

export function money(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return `${n < 0 ? "-" : ""}$${Math.abs(n).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
}

export function pct(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : `${fmt(n)}%`;
}

export function hrs(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : `${fmt(n)} h`;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
export const round1 = (n: number) => Math.round(n * 10) / 10;

/** part / whole × 100, two decimals; null when there is no whole. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? round2((part / whole) * 100) : null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0–100): the smallest value with at least p% of values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
