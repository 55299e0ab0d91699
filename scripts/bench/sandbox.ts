/**
 * The sandbox on the medium dataset: seed time, and requests per second for a filtered list call
 * (conditions + orderBy + a page of 100), measured against the same server answering /system/info,
 * which is the floor the HTTP stack, auth and routing set. The sandbox runs in its worker thread
 * (dist/sandbox-worker.js, as `--sandbox` runs it), so the load generator does not share its thread.
 */
import { Store } from "../../src/sandbox/store.js";
import { seedStore } from "../../src/sandbox/seed/index.js";
import { startSandboxWorker } from "../../src/sandbox/launch.js";
import { packageRoot } from "../../src/paths.js";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { median, round } from "./stats.js";

const NOW = new Date("2026-03-16T00:00:00Z");

export async function benchSandbox(seconds = 3, concurrency = 8) {
  const seedTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    seedStore(new Store(() => NOW), { seed: 1, scale: "medium", now: NOW });
    seedTimes.push(performance.now() - t0);
  }

  const sb = await startSandboxWorker(pathToFileURL(join(packageRoot(), "dist", "sandbox-worker.js")), { scale: "medium", seed: 1, now: NOW });
  const info = (await (await fetch(`${sb.url}/__sandbox`)).json()) as { counts: Record<string, number> };
  const headers = { Authorization: `Basic ${Buffer.from("sandbox+sandbox-public:sandbox-private").toString("base64")}`, clientId: "sandbox-client" };
  const conditions = encodeURIComponent('closedFlag = false and board/name = "Help Desk" and priority/name like "Priority 1*" or status/name = "New"');
  const list = `${sb.apiUrl}/service/tickets?conditions=${conditions}&orderBy=id%20desc&pageSize=100`;
  const floor = `${sb.apiUrl}/system/info`;
  const timeEntries = `${sb.apiUrl}/time/entries?conditions=${encodeURIComponent('billableOption = "Billable" and actualHours > 2')}&pageSize=100`;

  const rate = async (url: string) => {
    let done = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const res = await fetch(url, { headers });
          if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
          await res.arrayBuffer();
          done++;
        }
      }),
    );
    return done / seconds;
  };
  try {
    const floorRps = await rate(floor);
    const ticketRps = await rate(list);
    const entryRps = await rate(timeEntries);
    return {
      seedMediumMs: Math.round(median(seedTimes)),
      counts: { tickets: info.counts["/service/tickets"], timeEntries: info.counts["/time/entries"] },
      floorRps: Math.round(floorRps),
      ticketListRps: Math.round(ticketRps),
      timeEntryListRps: Math.round(entryRps),
      ticketShareOfFloor: round(ticketRps / floorRps, 2),
    };
  } finally {
    await sb.close();
  }
}
