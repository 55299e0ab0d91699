/**
 * cw_discover_report: open a page of the web UI (signed in, like a report), see what it offers, and scaffold
 * a definition from it — saved to discovered-reports.json so cw_report can run it. The URL is checked before
 * the browser is touched: off the ConnectWise origin it is refused unless CW_DISCOVER_ALLOW_OFFORIGIN=true.
 */
import { join } from "node:path";
import { Deadline } from "./deadline.js";
import { DISCOVERED_FILE, saveDiscovered, type ReportDefinition } from "./definitions.js";
import { inspectDocument, type PageFacts } from "./dom.js";
import { withPage } from "./navigate.js";
import { checkPageUrl } from "./origin.js";
import { ProgressTicker, type ProgressSink } from "./progress.js";
import type { ReportEnv } from "./run.js";
import { webTarget } from "./run.js";
import { scaffold } from "./scaffold.js";

const DISCOVER_TIMEOUT_MS = 60_000;

export interface DiscoverOptions {
  save?: boolean | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ProgressSink | undefined;
}

export interface DiscoverResult {
  definition: ReportDefinition;
  preview: { columns: string[]; rowCount: number; sample: string[][] };
  notes: string[];
  saved: boolean;
  replaced: boolean;
  file?: string;
  signedIn: boolean;
}

export async function discoverReport(env: Omit<ReportEnv, "cache">, rawUrl: string, name: string, options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const { config } = env;
  const target = webTarget(config, env.connection);
  const url = checkPageUrl(rawUrl, target.origins, config.discoverAllowOffOrigin);
  const offSite = !target.origins.includes(url.origin);
  const deadline = new Deadline(DISCOVER_TIMEOUT_MS, options.signal);
  const progress = new ProgressTicker(options.onProgress, 5_000);
  try {
    const { facts, signedIn } = await withPage(
      env.pool,
      target,
      url.href,
      { deadline, progress, label: `Inspecting ${url.pathname}`, extraOrigins: offSite ? [url.origin] : [] },
      async (opened) => {
        progress.step("inspecting the page");
        // As a string: the function runs in the page, where only its own text exists.
        const facts = (await opened.page.evaluate(`(${inspectDocument.toString()})(document)`)) as PageFacts;
        return { facts, signedIn: opened.signedIn };
      },
    );
    const built = scaffold(facts, new URL(url.href), name, target.origin, (env.now ?? (() => new Date()))());
    if (offSite) built.notes.push(`This page is off the ConnectWise site (${url.origin}): the report runs only while CW_DISCOVER_ALLOW_OFFORIGIN=true, and is never signed in to.`);
    let saved = false;
    let replaced = false;
    if (options.save !== false) {
      replaced = saveDiscovered(config.dataDir, built.definition).replaced;
      saved = true;
    }
    return { ...built, saved, replaced, ...(saved ? { file: join(config.dataDir, DISCOVERED_FILE) } : {}), signedIn };
  } finally {
    progress.stop();
    deadline.dispose();
  }
}
