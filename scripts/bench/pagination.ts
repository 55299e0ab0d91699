/**
 * Pagination: cw_paginated_fetch reading 5,000 tickets at 250 per page from the medium sandbox with
 * 100 ms latency per request, against the latency-bound limit ceil(pages / concurrency) × latency
 * (target ≤ 1.2×). The 5,000 are a filtered list (the first 5,000 ticket ids), so the read is the whole
 * list and no /count is needed. Measured three ways: the default (numbered pages, the first four asked
 * together on speculation, the rest once page 1's Link header names the last page), with an orderBy
 * (same, sorted by summary), and forward_only (pages that must follow one another: about pages × latency).
 * Each way is read once to warm both processes (a server answers many reads in a session; the first pays
 * for compiling its code paths), then three reads of each are taken in turns and the median reported,
 * with the first read's time.
 */
import { startSandbox } from "../../src/sandbox/server.js";
import { serverOn } from "./server.js";
import { median, round } from "./stats.js";

const LATENCY_MS = 100;
const ITEMS = 5000;
const PAGE = 250;
const CONCURRENCY = 4;
const RUNS = 3;

export async function benchPagination() {
  const sb = await startSandbox({ now: new Date(), seed: 7, scale: "medium" });
  const client = await serverOn(sb);
  try {
    const boundMs = Math.ceil(ITEMS / PAGE / CONCURRENCY) * LATENCY_MS;
    const ids = sb.store.table("/service/tickets").list().map((t) => Number(t.id)).sort((a, b) => a - b);
    const lastId = ids[ITEMS - 1]!;
    const once = async (args: Record<string, unknown>) => {
      await client.callTool({ name: "cw_count", arguments: { path: "/system/members" } }); // warm the connection
      sb.faults.update({ latencyMs: LATENCY_MS });
      sb.requests.length = 0;
      const t0 = performance.now();
      const res = await client.callTool(
        { name: "cw_paginated_fetch", arguments: { path: "/service/tickets", conditions: `id <= ${lastId}`, fields: "id,summary", max_items: ITEMS, ...args } },
        undefined,
        { timeout: 120_000 },
      );
      const ms = performance.now() - t0;
      sb.faults.update({ latencyMs: 0 });
      const fetched = (res.structuredContent as { fetched?: number } | undefined)?.fetched ?? 0;
      if (fetched !== ITEMS) throw new Error(`pagination bench fetched ${fetched} of ${ITEMS}`);
      return { ms, requests: sb.requests.length };
    };
    const modes = { parallel: {}, ordered: { orderBy: "summary" }, forwardOnly: { forward_only: true } } as const;
    type Mode = keyof typeof modes;
    const names = Object.keys(modes) as Mode[];
    // Each way read once to warm both processes, then the measured reads taken in turns, so a passing
    // load on the machine (or what one way leaves compiled for the next) touches all of them alike.
    const first = {} as Record<Mode, { ms: number; requests: number }>;
    for (const name of names) first[name] = await once(modes[name]);
    const runs = Object.fromEntries(names.map((n) => [n, [] as { ms: number; requests: number }[]])) as Record<Mode, { ms: number; requests: number }[]>;
    for (let i = 0; i < RUNS; i++) for (const name of names) runs[name].push(await once(modes[name]));
    const result = (name: Mode) => {
      const ms = median(runs[name].map((r) => r.ms));
      return {
        ms: round(ms),
        firstMs: round(first[name].ms),
        runsMs: runs[name].map((r) => round(r.ms)),
        requests: runs[name].at(-1)!.requests,
        fetched: ITEMS,
        ratio: round(ms / boundMs, 2),
        firstRatio: round(first[name].ms / boundMs, 2),
      };
    };
    return {
      latencyMs: LATENCY_MS,
      items: ITEMS,
      pageSize: PAGE,
      concurrency: CONCURRENCY,
      boundMs,
      parallel: result("parallel"),
      ordered: result("ordered"),
      forwardOnly: result("forwardOnly"),
    };
  } finally {
    await client.close();
    await sb.close();
  }
}

if (process.argv[1]?.endsWith("bench/pagination.ts")) process.stderr.write(`${JSON.stringify(await benchPagination(), null, 2)}\n`);
