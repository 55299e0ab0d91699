/**
 * Answers an assistant can afford: ConnectWise records carry `_info` blocks (audit stamps and hrefs) on
 * every record and every reference; they are dropped unless asked for. Lists are summarised in the text
 * one line per record, with the full data in structuredContent.
 */
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
const CONTEXT = ["company", "board", "status", "priority", "owner", "member", "contact", "type", "agreement", "project"];

/** `#123 Printer offline · company Acme Corp · status New` */
export function recordLine(record: unknown): string {
  if (!record || typeof record !== "object") return JSON.stringify(record);
  const r = record as Record<string, unknown>;
  const label = LABELS.map((k) => r[k]).find((v) => typeof v === "string" && v.trim());
  const parts = [`${r.id !== undefined ? `#${String(r.id)}` : ""}${label ? ` ${clip(String(label), 80)}` : ""}`.trim()];
  for (const key of CONTEXT) {
    const v = r[key];
    const name = v && typeof v === "object" ? ((v as Record<string, unknown>).name ?? (v as Record<string, unknown>).identifier) : typeof v === "string" ? v : undefined;
    if (typeof name === "string" && name) parts.push(`${key} ${clip(name, 40)}`);
    if (parts.length >= 4) break;
  }
  if (parts.length === 1 && !label) parts.push(clip(JSON.stringify(withoutInfo(record)), 160));
  return parts.filter(Boolean).join(" · ");
}

/** A list as text: the first `limit` records, one line each, and how many more are in structuredContent. */
export function summariseList(items: unknown[], noun: string, limit = 25): string {
  const lines = items.slice(0, limit).map((item) => `- ${recordLine(item)}`);
  const more = items.length > limit ? `\n… and ${items.length - limit} more in structuredContent.` : "";
  return `${items.length} ${noun}${items.length === 1 ? "" : "s"}${items.length ? ":" : "."}\n${lines.join("\n")}${more}`.trimEnd();
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
