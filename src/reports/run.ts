/**
 * cw_report: a definition and parameters in, rows out — from the cache while the last run is younger than the
 * report's TTL, otherwise through the browser (sign in if needed, open the page, read the table or the CSV),
 * then cached with its timing. The timeout and the progress total both come from the report's calibration
 * (a moving average of its past runs), so a report that is always slow is neither cut short nor shown stuck.
 */
import type { Config } from "../config.js";
import type { Connection } from "../runtime.js";
import type { BrowserPool } from "./browser.js";
import type { ReportCache, CachedRun, Cell, PastRun } from "./cache.js";
import { Deadline } from "./deadline.js";
import { DEFAULT_TTL_SECONDS, findReport, type SourcedDefinition } from "./definitions.js";
import { ReportError } from "./errors.js";
import { extractCsv, extractTable, type Extracted } from "./extract.js";
import { withPage, type WebTarget } from "./navigate.js";
import { connectWiseOrigins, webOriginOf } from "./origin.js";
import { reportUrl, resolveParams, type GivenParams } from "./params.js";
import { ProgressTicker, type ProgressSink } from "./progress.js";

/** What a first run is expected to take, before any calibration. */
const FIRST_RUN_MS = 5_000;
/** Added to the expectation when the browser has to start first. */
const LAUNCH_MS = 2_000;
const MIN_TIMEOUT_MS = 60_000;
const MAX_TIMEOUT_MS = 300_000;

export interface ReportEnv {
  config: Config;
  connection: Connection;
  pool: BrowserPool;
  cache: ReportCache;
  now?: () => Date;
}

export interface RunOptions {
  refresh?: boolean | undefined;
  timeoutSeconds?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ProgressSink | undefined;
}

export interface ReportResult {
  definition: SourcedDefinition;
  params: Record<string, string>;
  url: string;
  columns: string[];
  rows: Cell[][];
  /** Rows on the page (more than rows.length only when cut at the extraction limit). */
  total: number;
  fetchedAt: string;
  durationMs: number;
  fromCache: boolean;
  ttlSeconds: number;
  /** This call signed in to the web UI (no saved session, or it had expired). */
  signedIn: boolean;
  /** Earlier runs with the same parameters, newest first (the current one excluded). */
  history: PastRun[];
  /** The calibrated time of the report itself (without browser start and sign-in). */
  typicalMs?: number | undefined;
}

/** Where the web UI is and who signs in: CW_WEB_* settings first, then what the connection knows (the sandbox's own user). */
export function webTarget(config: Config, connection: Connection): WebTarget {
  return {
    origin: webOriginOf(connection.apiUrl, config.webUrl),
    origins: connectWiseOrigins(connection.apiUrl, config.webUrl),
    version: config.webVersion,
    user: {
      company: config.companyId ?? connection.company,
      username: config.webUsername ?? connection.web?.username,
      password: config.webPassword ?? connection.web?.password,
    },
  };
}

export async function runReport(env: ReportEnv, id: string, given: GivenParams | undefined, options: RunOptions = {}): Promise<ReportResult> {
  const started = Date.now();
  const now = env.now ?? (() => new Date());
  const { config, cache, pool } = env;
  const definition = findReport(config.dataDir, id);
  if (definition.url !== undefined && !config.discoverAllowOffOrigin) {
    throw new ReportError("off-origin", `${definition.id} is a page off the ConnectWise site (${new URL(definition.url).origin}); such reports run only when CW_DISCOVER_ALLOW_OFFORIGIN=true.`);
  }
  const params = resolveParams(definition, given, config.timezone, now());
  const target = webTarget(config, env.connection);
  const url = reportUrl(definition, target.origin, config.webVersion, params.values);
  const key = { reportId: definition.id, origin: target.origin, paramsKey: params.key };
  const ttlSeconds = definition.ttl_seconds ?? DEFAULT_TTL_SECONDS;
  const timing = cache.timing(definition.id, target.origin);

  if (!options.refresh) {
    const hit = cache.latest(key);
    if (hit && now().getTime() - Date.parse(hit.fetchedAt) < ttlSeconds * 1000) {
      return result(definition, params.values, hit, { fromCache: true, ttlSeconds, signedIn: false, history: cache.history(key, 6).slice(1), typicalMs: timing?.avgMs, total: hit.rows.length });
    }
  }

  const expectedMs = (timing?.avgMs ?? FIRST_RUN_MS) + (pool.started ? 0 : LAUNCH_MS);
  const timeoutMs =
    options.timeoutSeconds !== undefined ? options.timeoutSeconds * 1000
    : definition.timeout_seconds !== undefined ? definition.timeout_seconds * 1000
    : Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, 5 * expectedMs));
  const deadline = new Deadline(timeoutMs, options.signal);
  const progress = new ProgressTicker(options.onProgress, expectedMs, timing !== undefined);
  try {
    const extraOrigins = definition.url !== undefined ? [new URL(definition.url).origin] : [];
    const { extracted, signedIn, reportMs } = await withPage(pool, target, url, { deadline, progress, label: definition.name, usualMs: timing?.avgMs, extraOrigins }, async (opened) => {
      progress.step(definition.extract.kind === "csv" ? "exporting CSV" : "reading the table");
      const extracted: Extracted =
        definition.extract.kind === "csv"
          ? await extractCsv(opened.page, definition.extract.trigger, deadline.remaining())
          : await extractTable(opened.page, definition.extract.selector, deadline.remaining());
      return { extracted, signedIn: opened.signedIn, reportMs: Date.now() - opened.readyAt - opened.signInMs };
    });
    progress.step("saving to the cache");
    const run = cache.record({ ...key, url, columns: extracted.columns, rows: extracted.rows, extract: definition.extract.kind, durationMs: Date.now() - started, reportMs });
    return result(definition, params.values, run, {
      fromCache: false,
      ttlSeconds,
      signedIn,
      history: cache.history(key, 6).slice(1),
      typicalMs: cache.timing(definition.id, target.origin)?.avgMs,
      total: extracted.total,
    });
  } finally {
    progress.stop();
    deadline.dispose();
  }
}

function result(
  definition: SourcedDefinition,
  params: Record<string, string>,
  run: CachedRun,
  extra: Pick<ReportResult, "fromCache" | "ttlSeconds" | "signedIn" | "history" | "typicalMs" | "total">,
): ReportResult {
  return { definition, params, url: run.url, columns: run.columns, rows: run.rows, fetchedAt: run.fetchedAt, durationMs: run.durationMs, ...extra };
}
