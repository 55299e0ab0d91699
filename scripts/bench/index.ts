/**
 * `npm run bench`: every figure measured in one run, printed as one table and written to
 * bench/results.json so a later run can be compared with it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/paths.js";
import { benchAnalytics } from "./analytics.js";
import { compare, formatChanges, readPrevious } from "./compare.js";
import { benchCompact } from "./compact.js";
import { benchComposites } from "./composites.js";
import { benchGenerate } from "./generate.js";
import { benchLoad, loadRows } from "./load.js";
import { benchPagination } from "./pagination.js";
import { benchSandbox } from "./sandbox.js";
import { benchSearch } from "./search.js";
import { benchStartup } from "./startup.js";
import { benchTimesheets } from "./timesheets.js";

// Start-up first, on a quiet machine: right after the generator has written its files, spawns measured up to 1.4× slower.
const startup = await benchStartup();
const generate = await benchGenerate();
const search = benchSearch();
const sandbox = await benchSandbox();
const compact = benchCompact();
const composites = await benchComposites();
const timesheets = benchTimesheets();
const analytics = await benchAnalytics();
const pagination = await benchPagination();
const load = await benchLoad();

const rows: [string, string, string][] = [
  ["generate (full spec)", `${generate.totalMs} ms`, `openapi-typescript is ${Math.round(generate.typesShare * 100)}% of it; steps ${JSON.stringify(generate.steps)}`],
  ["spawn → first tools/list", `${startup.firstToolsListMs} ms`, `${startup.ratio}× a bare node spawn (${startup.bareNodeMs} ms), configured for ConnectWise; demo mode (sandbox seeding alongside) ${startup.demoFirstToolsListMs} ms; target < 400 ms`],
  ["RSS after start", `${startup.rssMb ?? "n/a"} MB`, "server configured for ConnectWise (no sandbox in process), after one tools/list; target < 120 MB"],
  ["tools/list payload", `${startup.toolsListBytes} B`, `≈ ${Math.round(startup.toolsListBytes / 4)} tokens (bytes/4)`],
  ["search latency", `p50 ${search.p50Ms} ms, p99 ${search.p99Ms} ms`, `${search.queries} queries`],
  ["search quality", search.quality, `held-out: ${search.heldOutQuality}`],
  ["sandbox seed (medium)", `${sandbox.seedMediumMs} ms`, `${sandbox.counts.tickets} tickets, ${sandbox.counts.timeEntries} time entries; target < 3,000 ms`],
  ["sandbox filtered ticket list", `${sandbox.ticketListRps} req/s`, `${sandbox.ticketShareOfFloor}× the /system/info floor (${sandbox.floorRps} req/s), 8 concurrent`],
  ["sandbox filtered time-entry list", `${sandbox.timeEntryListRps} req/s`, "50,000 entries scanned per request"],
  ["compact ticket list (25)", `${compact.compactBytes} B`, `raw API JSON ${compact.rawBytes} B: ${Math.round(compact.savedShare * 100)}% smaller; text summary ${compact.textBytes} B (${Math.round(compact.textShare * 100)}% of raw)`],
  ["pagination (default: pages together)", `${pagination.parallel.ms} ms`, `${pagination.parallel.ratio}× the bound ceil(${pagination.items}/${pagination.pageSize}/${pagination.concurrency}) × ${pagination.latencyMs} ms = ${pagination.boundMs} ms (median of 3 taken in turns with the other ways, after a warm-up read of each; first read ${pagination.parallel.firstRatio}×); ${pagination.parallel.requests} requests; target ≤ 1.2×`],
  ["pagination (orderBy)", `${pagination.ordered.ms} ms`, `${pagination.ordered.ratio}× the same bound (first read ${pagination.ordered.firstRatio}×); ${pagination.ordered.requests} requests; target ≤ 1.2×`],
  ["pagination (forward_only: true)", `${pagination.forwardOnly.ms} ms`, `${pagination.forwardOnly.ratio}× the same bound; ${pagination.forwardOnly.requests} requests one after another (opt-in, consistent while data changes)`],
  ["timesheet validation", `${timesheets.cpuMs} ms CPU`, `first run over ${timesheets.entries} entries, ${timesheets.members} members (${timesheets.findings} findings); warm ${timesheets.warmCpuMs} ms; target < 200 ms`],
  ["analytics (medium, 20 ms latency)", `max ${analytics.maxMs} ms`, `slowest ${analytics.slowest}; ${analytics.cases.length} operations, each < ${analytics.targetMs} ms: ${analytics.withinTarget ? "yes" : "NO"}`],
  ...composites.cases.map((c): [string, string, string] => [
    `composite ${c.tool}`,
    `${c.ms} ms`,
    `${c.ratio}× its dependency chain (${c.chainMs} ms at ${composites.latencyMs} ms/request), ${c.requests} requests, limiter 4; target ≤ 1.5×`,
  ]),
  ...loadRows(load),
];
const width = Math.max(...rows.map((r) => r[0].length));
const valueWidth = Math.max(...rows.map((r) => r[1].length));
for (const [name, value, note] of rows) process.stderr.write(`${name.padEnd(width)}  ${value.padEnd(valueWidth)}  ${note}\n`);

const dir = join(packageRoot(), "bench");
mkdirSync(dir, { recursive: true });
const file = join(dir, "results.json");
const results = { date: new Date().toISOString(), node: process.version, generate, startup, search, sandbox, compact, composites, timesheets, analytics, pagination, load };
// The last run's figures, before they are replaced: what moved since then.
const previous = readPrevious(file);
if (previous) process.stderr.write(`\n${formatChanges(compare(previous.results, results), previous.date)}`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
