/**
 * From what a page offers (dom.ts inspectDocument) to a report definition: the path with CW_WEB_VERSION as
 * {version}, its parameters from the page's GET form and the URL's query (defaults: the values on the page),
 * and the extraction — the CSV export when there is one (a file is what the site means to hand out, and it
 * is not cut to what a page shows), else the table with the most rows. Pure, so it is tested without a browser.
 */
import type { ReportDefinition, ReportParam } from "./definitions.js";
import type { PageFacts } from "./dom.js";
import { ReportError } from "./errors.js";
import { name as shown, quote } from "../format/untrusted.js";

export interface Scaffolded {
  definition: ReportDefinition;
  preview: { columns: string[]; rowCount: number; sample: string[][] };
  notes: string[];
}

const VERSION_SEGMENT = /^v\d{4}_\d+$/i;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;

export function scaffold(facts: PageFacts, pageUrl: URL, name: string, webOrigin: string, discoveredAt: Date = new Date()): Scaffolded {
  const notes: string[] = [];
  const id = slug(name);
  const onSite = pageUrl.origin === webOrigin;
  const segments = pageUrl.pathname.split("/");
  const versioned = segments.findIndex((s) => VERSION_SEGMENT.test(s));
  if (versioned >= 0) segments[versioned] = "{version}";
  else if (onSite) notes.push("The path has no web-version segment (like /v2026_1/), so it will not follow CW_WEB_VERSION.");
  const path = segments.join("/");

  const params = paramsOf(facts, pageUrl, notes);
  const table = [...facts.tables].sort((a, b) => b.rowCount - a.rowCount)[0];
  const csv = facts.exports[0];
  if (!table && !csv) {
    throw new ReportError("extract", `${pageUrl.pathname} has no table and no CSV export to read rows from.`, "Open the report itself (the page that shows its rows), not a menu or a parameter form.");
  }
  const extract: ReportDefinition["extract"] = csv ? { kind: "csv", trigger: csv.selector } : { kind: "table", selector: table!.selector };
  if (csv && facts.exports.length > 1) notes.push(`Several export controls were found; using ${quote(csv.text, 60)} (${shown(csv.selector, 120)}).`);
  if (!csv && facts.tables.length > 1) notes.push(`Several tables were found; using the one with the most rows (${table!.selector}).`);
  if (params.some((p) => p.type === "date" && p.default)) notes.push("Date parameters default to the dates on the page; change them to relative dates (e.g. -7d, yesterday) in discovered-reports.json for a rolling report.");

  const heading = facts.heading || facts.title || pageUrl.pathname;
  const definition: ReportDefinition = {
    id,
    name: name.trim().slice(0, 120),
    description: (facts.description || `${heading} (scaffolded from ${pageUrl.pathname}).`).slice(0, 500),
    ...(onSite ? { path } : { url: `${pageUrl.origin}${pageUrl.pathname}` }),
    params,
    extract,
    discovered_from: `${pageUrl.origin}${pageUrl.pathname}`,
    discovered_at: discoveredAt.toISOString(),
  };
  return { definition, preview: { columns: table?.columns ?? [], rowCount: table?.rowCount ?? 0, sample: table?.sample ?? [] }, notes };
}

/** A report id from its name: lower-case words joined by "-". */
export function slug(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  if (!s) throw new ReportError("definition", `"${name}" gives no usable report id: use letters or digits in the name.`);
  return s;
}

function paramsOf(facts: PageFacts, pageUrl: URL, notes: string[]): ReportParam[] {
  const out: ReportParam[] = [];
  const seen = new Set<string>();
  const add = (query: string, make: (name: string) => Omit<ReportParam, "name" | "query">) => {
    if (seen.has(query) || out.length >= 20) return;
    seen.add(query);
    let name = query.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^[^A-Za-z]+/, "");
    if (!PARAM_NAME.test(name)) name = `param${out.length + 1}`;
    out.push({ name, ...make(name), ...(name !== query ? { query } : {}) });
  };
  for (const f of facts.fields) {
    if (!f.name) continue;
    const fromUrl = pageUrl.searchParams.get(f.name) ?? undefined;
    const value = fromUrl ?? (f.value || undefined);
    add(f.name, () => ({
      type: f.kind === "choice" && f.choices.length > 0 ? "choice" : f.kind === "choice" ? "text" : f.kind,
      description: (f.label || f.name).slice(0, 300),
      ...(f.required ? { required: true } : {}),
      ...(value !== undefined ? { default: value.slice(0, 200) } : {}),
      ...(f.kind === "choice" && f.choices.length > 0 ? { choices: f.choices.slice(0, 50).map((c) => c.slice(0, 100)) } : {}),
    }));
  }
  for (const [query, value] of pageUrl.searchParams) {
    if (seen.has(query)) continue;
    add(query, () => ({
      type: /^\d{4}-\d{2}-\d{2}$/.test(value) ? "date" : "text",
      description: `The page's "${query}" parameter`,
      ...(value ? { default: value.slice(0, 200) } : {}),
    }));
  }
  if (out.length === 20) notes.push("Only the first 20 parameters were kept.");
  return out;
}
