/**
 * Pagination: cw_paginated_fetch reading 5,000 tickets at 250 per page from the medium sandbox with
 * 100 ms latency per request, against the latency-bound limit ceil(pages / concurrency) × latency
 * (target ≤ 1.2×). The 5,000 are a filtered list (the first 5,000 ticket ids), so the read is the whole
 * list and no /count is needed. Measured three ways: the default (numbered pages, the first four asked
 * together on speculation, the rest once page 1's Link header names the last page), with an orderBy
 * (same, sorted by summary), and forward_only (pages that must follow one another: about pages × latency).
 * Each way is read once to warm both processes (a server answers many reads in a session; the first pays
 * for compiling its code paths), then the median of three reads is reported, with the first read's time.
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
    const run = async (args: Record<string, unknown>) => {
      const first = await once(args);
      const runs: number[] = [];
      let requests = first.requests;
      for (let i = 0; i < RUNS; i++) {
        const r = await once(args);
        runs.push(r.ms);
        requests = r.requests;
      }
      const ms = median(runs);
      return { ms: round(ms), firstMs: round(first.ms), runsMs: runs.map((r) => round(r)), requests, fetched: ITEMS, ratio: round(ms / boundMs, 2), firstRatio: round(first.ms / boundMs, 2) };
    };
    return {
      latencyMs: LATENCY_MS,
      items: ITEMS,
      pageSize: PAGE,
      concurrency: CONCURRENCY,
      boundMs,
      parallel: await run({}),
      ordered: await run({ orderBy: "summary" }),
      forwardOnly: await run({ forward_only: true }),
    };
  } finally {
    await client.close();
    await sb.close();
  }
}

if (process.argv[1]?.endsWith("bench/pagination.ts")) process.stderr.write(`${JSON.stringify(await benchPagination(), null, 2)}\n`);
