/**
 * Pagination: cw_paginated_fetch reading 5,000 tickets at 250 per page from the medium sandbox with
 * 100 ms latency per request, against the latency-bound limit ceil(pages / concurrency) × latency
 * (target ≤ 1.2×). Measured both ways the tool reads: without orderBy (forward-only pages, which must
 * follow one another) and with orderBy (numbered pages, fetched concurrently after a /count).
 */
import { startSandbox } from "../../src/sandbox/server.js";
import { serverOn } from "./server.js";
import { round } from "./stats.js";

const LATENCY_MS = 100;
const ITEMS = 5000;
const PAGE = 250;
const CONCURRENCY = 4;

export async function benchPagination() {
  const sb = await startSandbox({ now: new Date(), seed: 7, scale: "medium" });
  const client = await serverOn(sb);
  try {
    const boundMs = Math.ceil(ITEMS / PAGE / CONCURRENCY) * LATENCY_MS;
    const run = async (args: Record<string, unknown>) => {
      await client.callTool({ name: "cw_count", arguments: { path: "/system/members" } }); // warm the client
      sb.faults.update({ latencyMs: LATENCY_MS });
      sb.requests.length = 0;
      const t0 = performance.now();
      const res = await client.callTool({ name: "cw_paginated_fetch", arguments: { path: "/service/tickets", fields: "id,summary", max_items: ITEMS, ...args } }, undefined, { timeout: 120_000 });
      const ms = performance.now() - t0;
      sb.faults.update({ latencyMs: 0 });
      const fetched = (res.structuredContent as { fetched?: number } | undefined)?.fetched ?? 0;
      return { ms: round(ms), requests: sb.requests.length, fetched, ratio: round(ms / boundMs, 2) };
    };
    return { latencyMs: LATENCY_MS, items: ITEMS, pageSize: PAGE, concurrency: CONCURRENCY, boundMs, forwardOnly: await run({}), numbered: await run({ orderBy: "id" }) };
  } finally {
    await client.close();
    await sb.close();
  }
}
