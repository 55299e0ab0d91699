/**
 * Answers an assistant can afford: ConnectWise records carry `_info` blocks (audit stamps and hrefs) on
 * every record and every reference; they are dropped unless asked for. Lists are summarised in the text
 * one line per record, with the full data in structuredContent. Record text is shown by the rules of
 * untrusted.ts: free text quoted, names bare unless they could break out.
 */
import { jsonText, name, quote } from "./untrusted.js";

export function withoutInfo(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutInfo);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "_info") out[k] = withoutInfo(v);
    return out;
  }
  return value;
}

const LABELS = ["summary", "name", "identifier", "description", "invoiceNumber", "poNumber", "caption", "title", "notes", "text"];
/** Labels that are names (shown bare unless they could break out); the others are free text, quoted. */
const NAME_LABELS = new Set(["name", "identifier", "invoiceNumber", "poNumber"]);
const CONTEXT = ["company", "board", "status", "priority", "owner", "member", "contact", "type", "agreement", "project"];

/** `#123 "Printer offline" · company Acme Corp · status New` */
export function recordLine(record: unknown): string {
  if (!record || typeof record !== "object") return jsonText(record);
  const r = record as Record<string, unknown>;
  const labelKey = LABELS.find((k) => typeof r[k] === "string" && (r[k] as string).trim());
  const label = labelKey === undefined ? "" : NAME_LABELS.has(labelKey) ? name(r[labelKey], 80) : quote(r[labelKey], 80);
  const parts = [`${r.id !== undefined ? `#${name(r.id)}` : ""}${label ? ` ${label}` : ""}`.trim()];
  for (const key of CONTEXT) {
    const v = r[key];
    const named = v && typeof v === "object" ? ((v as Record<string, unknown>).name ?? (v as Record<string, unknown>).identifier) : typeof v === "string" ? v : undefined;
    if (typeof named === "string" && named) parts.push(`${key} ${name(named, 40)}`);
    if (parts.length >= 4) break;
  }
  if (parts.length === 1 && !label) parts.push(clip(jsonText(withoutInfo(record)), 160));
  return parts.filter(Boolean).join(" · ");
}

/** A list as text: the first `limit` records, one line each, and how many more are in structuredContent. */
export function summariseList(items: unknown[], noun: string, limit = 25): string {
  const lines = items.slice(0, limit).map((item) => `- ${recordLine(item)}`);
  const more = items.length > limit ? `\n… and ${items.length - limit} more in structuredContent.` : "";
  return `${items.length} ${noun}${items.length === 1 ? "" : "s"}${items.length ? ":" : "."}\n${lines.join("\n")}${more}`.trimEnd();
}

/** ConnectWise's report answer: `{column_definitions: [{Name: {type}}…], row_values: [[…]…]}`. */
export interface ReportData {
  column_definitions: Record<string, unknown>[];
  row_values: unknown[][];
}

export function isReportData(value: unknown): value is ReportData {
  const v = value as Partial<ReportData> | undefined;
  return !!v && typeof v === "object" && Array.isArray(v.column_definitions) && Array.isArray(v.row_values);
}

/** A report as text: its columns once, then one line per row with the columns that have a value. */
export function summariseReport(report: ReportData, limit = 25): string {
  const columns = report.column_definitions.map((c) => Object.keys(c)[0] ?? "?");
  const lines = report.row_values.slice(0, limit).map((row) => {
    const cells = columns.flatMap((column, i) => (row[i] === null || row[i] === undefined || row[i] === "" ? [] : [`${name(column, 60)} ${name(row[i], 60)}`]));
    return `- ${clip(cells.join(" · "), 300)}`;
  });
  const n = report.row_values.length;
  const more = n > limit ? `\n… and ${n - limit} more in structuredContent.` : "";
  return `${n} row${n === 1 ? "" : "s"}; columns: ${columns.map((c) => name(c, 60)).join(", ")}${n ? ":" : "."}\n${lines.join("\n")}${more}`.trimEnd();
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
