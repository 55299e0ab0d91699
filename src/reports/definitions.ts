/**
 * Report definitions: the packaged ones in data/reports.json, plus those cw_discover_report scaffolded and
 * saved under CW_DATA_DIR (discovered-reports.json). A definition is data — where the page is (a path on the
 * ConnectWise web origin, with {version} for CW_WEB_VERSION), its parameters, and how rows come off it (an HTML
 * table or the page's CSV export) — so a site whose pages differ is fixed by editing JSON, not code.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { editDistance } from "../catalogue/path-match.js";
import { packageRoot } from "../paths.js";
import { storeFault } from "../store/errors.js";
import { ReportError } from "./errors.js";

export const DISCOVERED_FILE = "discovered-reports.json";

const paramSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, "letters, digits and _, starting with a letter"),
  type: z.enum(["date", "text", "choice"]),
  description: z.string().min(1).max(300),
  required: z.boolean().optional(),
  /** A date may be relative (today, yesterday, -7d, -1w, -1m), resolved in CW_TIMEZONE when the report runs. */
  default: z.string().max(200).optional(),
  choices: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  /** The query-string name, when it differs from `name`. */
  query: z.string().min(1).max(60).optional(),
});

const extractSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("table"), selector: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal("csv"), trigger: z.string().min(1).max(200) }),
]);

const reportSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and -"),
    name: z.string().min(1).max(120),
    description: z.string().min(1).max(500),
    /** One of the reports MSP managers pull every week (listed first). */
    weekly: z.boolean().optional(),
    /** A path on the web origin; {version} becomes CW_WEB_VERSION. */
    path: z.string().regex(/^\/[^{}]*(?:\{version\}[^{}]*)*$/, "a path starting with / whose only placeholder is {version}").optional(),
    /** An absolute URL off the ConnectWise origin: only scaffolded, and only run, when CW_DISCOVER_ALLOW_OFFORIGIN=true. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    params: z.array(paramSchema).max(20).default([]),
    extract: extractSchema,
    /** How long a cached result answers without fetching again (default 1 hour). */
    ttl_seconds: z.int().min(0).max(7 * 86_400).optional(),
    /** Give up after this long (default: from past runs, at least 60 s). */
    timeout_seconds: z.int().min(1).max(600).optional(),
    discovered_from: z.string().optional(),
    discovered_at: z.string().optional(),
  })
  .refine((r) => (r.path === undefined) !== (r.url === undefined), "give exactly one of path and url")
  .refine((r) => r.params.every((p) => (p.type === "choice") === (p.choices !== undefined)), "choice parameters (and only they) list choices");

const loginSchema = z.strictObject({
  path: z.string().regex(/^\//),
  fields: z.strictObject({ company: z.string().optional(), username: z.string(), password: z.string() }),
  submit: z.string(),
  error: z.string(),
  mfa: z.string(),
});

const packagedSchema = z.strictObject({ $comment: z.string().optional(), login: loginSchema, reports: z.array(reportSchema) });
const discoveredSchema = z.strictObject({ $comment: z.string().optional(), reports: z.array(reportSchema) });

export type ReportParam = z.infer<typeof paramSchema>;
export type ReportDefinition = z.infer<typeof reportSchema>;
export type LoginProfile = z.infer<typeof loginSchema>;
export type Source = "packaged" | "discovered";
export type SourcedDefinition = ReportDefinition & { source: Source };

export const DEFAULT_TTL_SECONDS = 3_600;

let packaged: z.infer<typeof packagedSchema> | undefined;

/** data/reports.json, read and checked once; a broken file is a packaging bug, reported as such. */
export function packagedReports(file = join(packageRoot(), "data", "reports.json")): z.infer<typeof packagedSchema> {
  if (packaged) return packaged;
  const parsed = packagedSchema.safeParse(readJson(file));
  if (!parsed.success) throw new ReportError("definition", `${file} is not a valid report file: ${issues(parsed.error)}.`);
  checkUnique(parsed.data.reports, file);
  return (packaged = parsed.data);
}

export function loginProfile(): LoginProfile {
  return packagedReports().login;
}

/** Definitions saved by cw_discover_report; none when the file does not exist yet. */
export function discoveredReports(dataDir: string): ReportDefinition[] {
  const file = join(dataDir, DISCOVERED_FILE);
  let raw: unknown;
  try {
    raw = readJson(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new ReportError("definition", `Cannot read ${file}: ${(err as Error).message}.`, "Fix or delete the file (cw_discover_report writes it again).");
  }
  const parsed = discoveredSchema.safeParse(raw);
  if (!parsed.success) throw new ReportError("definition", `${file} is not a valid report file: ${issues(parsed.error)}.`, "Fix or delete the file (cw_discover_report writes it again).");
  return parsed.data.reports;
}

/** Packaged reports (weekly ones first, in file order), then discovered ones by id. */
export function allReports(dataDir: string): SourcedDefinition[] {
  const own = packagedReports().reports;
  const weekly = own.filter((r) => r.weekly).concat(own.filter((r) => !r.weekly));
  const found = discoveredReports(dataDir).sort((a, b) => (a.id < b.id ? -1 : 1));
  return [...weekly.map((r) => ({ ...r, source: "packaged" as const })), ...found.map((r) => ({ ...r, source: "discovered" as const }))];
}

export function findReport(dataDir: string, id: string): SourcedDefinition {
  const all = allReports(dataDir);
  const wanted = id.trim().toLowerCase();
  const found = all.find((r) => r.id === wanted);
  if (found) return found;
  const closest = all
    .map((r) => ({ id: r.id, contains: r.id.includes(wanted) || wanted.includes(r.id), distance: editDistance(r.id, wanted) }))
    .sort((a, b) => Number(b.contains) - Number(a.contains) || a.distance - b.distance)
    .slice(0, 3)
    .map((r) => r.id);
  throw new ReportError(
    "not-found",
    `There is no report "${id}".${closest.length ? ` Closest: ${closest.join(", ")}.` : ""}`,
    "cw_list_reports lists the reports; cw_discover_report adds one from a page of the ConnectWise web UI.",
  );
}

/** Check a scaffolded definition and save it (replacing one of the same id) in discovered-reports.json, 0600. */
export function saveDiscovered(dataDir: string, definition: ReportDefinition): { replaced: boolean } {
  const checked = reportSchema.safeParse(definition);
  if (!checked.success) throw new ReportError("definition", `The scaffolded definition is not valid: ${issues(checked.error)}.`);
  if (packagedReports().reports.some((r) => r.id === definition.id)) {
    throw new ReportError("definition", `"${definition.id}" is the id of a packaged report.`, "Give the report another name.");
  }
  const existing = discoveredReports(dataDir);
  const replaced = existing.some((r) => r.id === definition.id);
  const reports = [...existing.filter((r) => r.id !== definition.id), checked.data].sort((a, b) => (a.id < b.id ? -1 : 1));
  const file = join(dataDir, DISCOVERED_FILE);
  const body = {
    $comment: "Reports scaffolded by cw_discover_report. Edit freely: the format is data/reports.json's (without login).",
    reports,
  };
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch (err) {
    // A full disk or a read-only CW_DATA_DIR: the saved definitions stay as they were, without a partial temp file.
    try {
      rmSync(temp, { force: true });
    } catch {
      // read-only: there is no temp file to remove
    }
    throw storeFault(err, file, dataDir) ?? err;
  }
  return { replaced };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

function checkUnique(reports: ReportDefinition[], file: string): void {
  const seen = new Set<string>();
  for (const r of reports) {
    if (seen.has(r.id)) throw new ReportError("definition", `${file} defines the report "${r.id}" twice.`);
    seen.add(r.id);
  }
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "file"}: ${i.message}`)
    .join("; ");
}
