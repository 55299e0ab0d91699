/**
 * Load under faults: rounds of N concurrent tool calls (default 500, all issued at once from one MCP client)
 * through one built server against a sandbox that answers 5 % of requests with a 5xx and, in bursts, 429 +
 * Retry-After above a rate far below the offered load. The sandbox decides both before it applies the request
 * (src/sandbox/server.ts: the fault plan comes first), so a failed write here was not applied. Its faults that
 * apply a request and then break the answer (truncate, malformed) are left out of the mix: that is another
 * contract (the server says "applied, do not send again"; test/unit/http/write-outcome.test.ts).
 *
 * The mix is what an assistant sends: lists and single records (cw_api_call), counts, small paginated
 * fetches, named operations, cw_ticket_context, saved query runs, endpoint search, and writes with
 * confirm: true — POST notes (cw_api_call and add_ticket_note) and PATCHes of a ticket's summary, each
 * carrying a marker unique to the call. Each write of a round targets its own path, so the sandbox's
 * request log ties every logged POST/PATCH to exactly one call.
 *
 * Checked after each round, and reported as `problems` (empty when all hold):
 *   - every call ended: a result (possibly with failed parts listed), or isError with a clean message
 *     (no stack, no "undefined", names the request that failed and says whether to retry);
 *   - no write was sent twice (the log holds one request per write path) and none was applied twice
 *     (one 2xx at most; the store holds one note per marker at most);
 *   - a write that answered success was applied exactly once (log and store); a write that answered an
 *     error was applied at most once, and what the error said is true (nothing written → not applied;
 *     applied → applied; "may or may not" → either);
 * and measured: throughput, p50/p99 call latency, and the server's memory after each round — its RSS, then the
 * heap it holds after a full collection (scripts/bench/memory-probe.cjs, preloaded, answers SIGUSR2); flat =
 * growth from round 2 (warm) to the last below flatHeapMb / flatRssMb.
 *
 * `npx tsx scripts/bench/load.ts` runs it alone.
 */
import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Random } from "../../src/sandbox/random.js";
import { tableKey } from "../../src/sandbox/references.js";
import { startSandbox, type RequestLogEntry, type Sandbox } from "../../src/sandbox/server.js";
import { packageRoot } from "../../src/paths.js";
import { serverProcessOn } from "./server.js";
import { percentile, round } from "./stats.js";

export interface LoadOptions {
  /** Tool calls per round, all issued at once. */
  calls?: number;
  rounds?: number;
  scale?: "small" | "medium";
  seed?: number;
  /** Share of API requests answered with one of errorStatuses, decided before the request is applied. */
  errorRate?: number;
  errorStatuses?: number[];
  /** 429 bursts: every `everyMs`, for `lastsMs`, the sandbox allows only `perSecond` requests a second. false: none. */
  bursts?: { everyMs: number; lastsMs: number; perSecond: number } | false;
  retryAfterSeconds?: number;
  /** Sandbox latency per request (+ jitter), so requests overlap as they would over a network. */
  latencyMs?: number;
  jitterMs?: number;
  /** MCP request timeout per call; a call that runs past it counts as not ended. */
  callTimeoutMs?: number;
  /** Growth of the heap held after a full collection, from round 2 to the last, that still counts as flat. */
  flatHeapMb?: number;
  /** RSS growth from round 2 to the last that still counts as flat (RSS moves ±10 MB from round to round). */
  flatRssMb?: number;
  /** Quiet time after each round before the server's RSS is read. */
  settleMs?: number;
}

export interface CallOutcome {
  kind: "ok" | "partial" | "clean_error" | "unclean_error" | "rejected";
  tool: string;
  ms: number;
  text: string;
}

export interface RoundReport {
  round: number;
  ms: number;
  outcomes: Record<CallOutcome["kind"], number>;
  /** API requests the sandbox logged, by answered status. */
  requests: number;
  statuses: Record<string, number>;
  writes: { attempted: number; succeeded: number; failed: number; appliedOnFailure: number; sentTwice: number; appliedTwice: number };
  /** Read before the round's full collection: how lazily V8 collects as much as what is held. */
  rssMb?: number;
  /** process.memoryUsage() in the server after a full collection (memory-probe.cjs), after rssMb was read. */
  heapAfterGcMb?: number;
  rssAfterGcMb?: number;
  externalAfterGcMb?: number;
}

type Kind = CallOutcome["kind"];
const KINDS: Kind[] = ["ok", "partial", "clean_error", "unclean_error", "rejected"];

/** One planned call: the tool, its arguments, and for a write what it must leave behind. */
export interface Planned {
  tool: string;
  args: Record<string, unknown>;
  write?: { method: "POST" | "PATCH"; path: string; marker: string; ticketId: number; kind: "note" | "summary" };
}

/** Share of each kind of call in a round (sums to 100). */
const MIX: [string, number][] = [
  ["list", 32],
  ["get", 12],
  ["count", 8],
  ["paginated", 6],
  ["operation", 10],
  ["context", 6],
  ["saved", 6],
  ["search", 5],
  ["note", 11],
  ["patch", 4],
];

const SAVED_QUERY = "load open tickets";

export async function runLoad(options: LoadOptions = {}) {
  const o = {
    calls: 500,
    rounds: 6,
    scale: "small" as const,
    seed: 7,
    errorRate: 0.05,
    errorStatuses: [500, 502, 503, 504],
    bursts: { everyMs: 2_500, lastsMs: 1_000, perSecond: 30 } as LoadOptions["bursts"],
    retryAfterSeconds: 1,
    latencyMs: 2,
    jitterMs: 6,
    callTimeoutMs: 300_000,
    flatHeapMb: 5,
    flatRssMb: 15,
    settleMs: 1_000,
    ...options,
  };
  // The SDK's stdio client waits for "drain" once per message while the pipe to the server is full: 500 calls at
  // once are up to 500 listeners on its stdin for a moment (not a leak), which Node would warn about.
  const maxListeners = EventEmitter.defaultMaxListeners;
  EventEmitter.defaultMaxListeners = Math.max(maxListeners, o.calls + 10);
  const sb = await startSandbox({ now: new Date(), seed: o.seed, scale: o.scale });
  // The memory probe (memory-probe.cjs) answers SIGUSR2 with the heap after a full collection, into this file.
  const probeDir = mkdtempSync(join(tmpdir(), "cw-load-"));
  const memoryFile = join(probeDir, "memory.json");
  const { client, pid } = await serverProcessOn(sb, { NODE_OPTIONS: `--require ${join(packageRoot(), "scripts", "bench", "memory-probe.cjs")}`, CW_BENCH_MEMORY_FILE: memoryFile });
  const problems: string[] = [];
  const rounds: RoundReport[] = [];
  const latencies: number[] = [];
  const errorSamples = new Map<string, string>();
  let callMs = 0;
  try {
    const world = worldOf(sb);
    // Set-up without faults: the query the "saved" calls run. Round 1 is the warm-up (code loaded, look-ups cached).
    const saved = await client.callTool({
      name: "cw_save_query",
      arguments: { name: SAVED_QUERY, method: "GET", path: "/service/tickets", params: { conditions: "closedFlag = false", orderBy: "id desc", pageSize: 10 }, replace: true },
    });
    if (saved.isError) throw new Error(`could not save the query: ${textOf(saved)}`);
    const rssStart = rssMb(pid);

    for (let r = 1; r <= o.rounds; r++) {
      const plan = planRound(world, o.calls, r, new Random(o.seed * 1000 + r));
      // update, not reset: the seeded draws carry on from round to round instead of repeating.
      sb.faults.update({ errorRate: o.errorRate, errorStatuses: o.errorStatuses, retryAfterSeconds: o.retryAfterSeconds, latencyMs: o.latencyMs, jitterMs: o.jitterMs });
      sb.requests.length = 0;
      const stopBursts = o.bursts ? startBursts(sb, o.bursts) : () => undefined;
      const t0 = performance.now();
      const outcomes = await Promise.all(plan.map((p) => callOnce(client, p, o.callTimeoutMs)));
      const ms = performance.now() - t0;
      stopBursts();
      sb.faults.update({ errorRate: 0, latencyMs: 0, jitterMs: 0 });
      callMs += ms;

      const log = [...sb.requests];
      const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
      outcomes.forEach((out, i) => {
        counts[out.kind]++;
        latencies.push(out.ms);
        if (out.kind === "unclean_error" || out.kind === "rejected") problems.push(`round ${r}: ${plan[i]!.tool} ${out.kind}: ${out.text.slice(0, 300)}`);
        if (out.kind === "clean_error") {
          const key = `${plan[i]!.write ? plan[i]!.write!.method : "read"} ${statusOf(out.text)}`;
          if (!errorSamples.has(key)) errorSamples.set(key, out.text);
        }
      });
      const writes = checkWrites(sb, plan, outcomes, log, r, problems);
      const statuses: Record<string, number> = {};
      for (const e of log) statuses[String(e.status)] = (statuses[String(e.status)] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, o.settleMs));
      const rss = rssMb(pid);
      const heap = await heapAfterGc(pid, memoryFile);
      rounds.push({
        round: r,
        ms: round(ms),
        outcomes: counts,
        requests: log.length,
        statuses,
        writes,
        ...(rss !== undefined ? { rssMb: round(rss) } : {}),
        ...(heap ? { heapAfterGcMb: round(heap.heapUsed / MB), externalAfterGcMb: round(heap.external / MB), rssAfterGcMb: round(heap.rss / MB) } : {}),
      });
    }

    const total = Object.fromEntries(KINDS.map((k) => [k, rounds.reduce((n, x) => n + x.outcomes[k], 0)])) as Record<Kind, number>;
    const series = (f: (x: RoundReport) => number | undefined) => rounds.map(f).filter((x): x is number => x !== undefined);
    // Growth from round 2 (warm: code loaded, caches filled) to the last round.
    const growth = (xs: number[]) => (xs.length >= 3 && xs.length === rounds.length ? round(xs.at(-1)! - xs[1]!) : undefined);
    const rss = series((x) => x.rssMb);
    const heap = series((x) => x.heapAfterGcMb);
    // RSS before a collection moves ±10 MB with when V8 last collected; after one it is what the process holds.
    const rssAfterGc = series((x) => x.rssAfterGcMb);
    const [rssGrowthMb, heapGrowthMb] = [growth(rssAfterGc), growth(heap)];
    const statuses: Record<string, number> = {};
    for (const x of rounds) for (const [s, n] of Object.entries(x.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
    const sum = (f: (w: RoundReport["writes"]) => number) => rounds.reduce((n, x) => n + f(x.writes), 0);
    return {
      calls: o.calls,
      rounds: o.rounds,
      scale: o.scale,
      errorRate: o.errorRate,
      errorStatuses: o.errorStatuses,
      bursts: o.bursts,
      latencyMs: o.latencyMs,
      jitterMs: o.jitterMs,
      total,
      /** Every call ended as a result or a clean error. */
      allEnded: total.unclean_error === 0 && total.rejected === 0,
      writes: {
        attempted: sum((w) => w.attempted),
        succeeded: sum((w) => w.succeeded),
        failed: sum((w) => w.failed),
        /** Failed writes that ConnectWise had applied (none here: the sandbox decides a 5xx or 429 before applying). */
        appliedOnFailure: sum((w) => w.appliedOnFailure),
        /** Writes the server sent more than once (it never retries a POST or PATCH): must be 0. */
        sentTwice: sum((w) => w.sentTwice),
      },
      /** Writes applied more than once, by the request log or the store: must be 0. */
      duplicatedWrites: sum((w) => w.appliedTwice),
      requests: rounds.reduce((n, x) => n + x.requests, 0),
      statuses,
      callsPerSecond: round((o.calls * o.rounds) / (callMs / 1000)),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      memory: {
        ...(rssStart !== undefined ? { rssStartMb: round(rssStart) } : {}),
        rssMb: rss,
        heapAfterGcMb: heap,
        rssAfterGcMb: rssAfterGc,
        ...(rssGrowthMb !== undefined ? { rssGrowthMb } : {}),
        ...(heapGrowthMb !== undefined ? { heapGrowthMb } : {}),
        flatHeapMb: o.flatHeapMb,
        flatRssMb: o.flatRssMb,
        // Flat: the heap the server holds after a full collection, and its RSS then, grow by less than the bounds from round 2 to the last.
        ...(heapGrowthMb !== undefined ? { heapFlat: heapGrowthMb < o.flatHeapMb } : {}),
        ...(rssGrowthMb !== undefined ? { rssFlat: rssGrowthMb < o.flatRssMb } : {}),
      },
      perRound: rounds,
      errorSamples: Object.fromEntries(errorSamples),
      problems,
    };
  } finally {
    await client.close();
    await sb.close();
    rmSync(probeDir, { recursive: true, force: true });
    EventEmitter.defaultMaxListeners = maxListeners;
  }
}

export type LoadReport = Awaited<ReturnType<typeof runLoad>>;

/** The bench's figure (`npm run bench`): the default load, with each round's time instead of its detail. */
export async function benchLoad() {
  const { perRound, ...figure } = await runLoad();
  return { ...figure, roundMs: perRound.map((x) => x.ms) };
}

/** The bench table's rows for a load report. */
export function loadRows(load: Omit<LoadReport, "perRound">): [string, string, string][] {
  const fiveXx = load.errorStatuses.reduce((n, s) => n + (load.statuses[String(s)] ?? 0), 0);
  const m = load.memory;
  const growth = (mb: number | undefined) => (mb === undefined ? "n/a" : `${mb >= 0 ? "+" : ""}${mb} MB`);
  return [
    [
      `load: ${load.calls} concurrent calls, ${Math.round(load.errorRate * 100)} % 5xx + 429 bursts`,
      `${load.total.ok + load.total.partial} ok, ${load.total.clean_error} clean errors`,
      `${load.rounds} rounds; not clean or not ended: ${load.total.unclean_error + load.total.rejected}; ` +
        `writes ${load.writes.attempted}: ${load.writes.sentTwice} sent twice, ${load.duplicatedWrites} applied twice (request log + store), ${load.problems.length} findings; ` +
        `${fiveXx} × 5xx, ${load.statuses["429"] ?? 0} × 429 of ${load.requests} requests`,
    ],
    ["load: throughput and latency", `${load.callsPerSecond} calls/s`, `per call p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms (${load.calls} queued at once behind the limiter of 4)`],
    [
      "load: server memory",
      `heap ${growth(m.heapGrowthMb)}`,
      `round 2 → ${load.rounds}, after a full GC: ${m.heapAfterGcMb.join(", ")} MB (flat < ${m.flatHeapMb} MB: ${m.heapFlat ? "yes" : "NO"}); ` +
        `RSS after it ${m.rssAfterGcMb.join(", ")} MB, ${growth(m.rssGrowthMb)} (flat < ${m.flatRssMb} MB: ${m.rssFlat ? "yes" : "NO"})`,
    ],
  ];
}

/** What the calls are made of: tickets, companies, a board. */
function worldOf(sb: Sandbox) {
  const table = (t: string) => sb.store.table(tableKey(t)).list();
  const tickets = table("/service/tickets").map((t) => t.id);
  const companies = table("/company/companies").map((c) => ({ id: c.id, identifier: String(c.identifier) }));
  const boards = table("/service/boards").map((b) => String(b.name));
  if (tickets.length < 200) throw new Error(`the load needs at least 200 tickets; the sandbox has ${tickets.length}`);
  return { tickets, companies, boards };
}

function planRound(world: ReturnType<typeof worldOf>, calls: number, r: number, rng: Random): Planned[] {
  const kinds: string[] = [];
  for (const [kind, share] of MIX) for (let i = 0; i < Math.round((share * calls) / 100); i++) kinds.push(kind);
  while (kinds.length < calls) kinds.push("list");
  kinds.length = calls;
  const order = rng.shuffle(kinds);
  const { tickets, companies, boards } = world;
  // Writes of a round each get a ticket of their own: notes from the first half, patches from the second.
  const half = Math.floor(tickets.length / 2);
  const noteTickets = rng.shuffle(tickets.slice(0, half));
  const patchTickets = rng.shuffle(tickets.slice(half));
  let notes = 0;
  let patches = 0;
  const anyTicket = () => rng.pick(tickets);
  return order.map((kind, i): Planned => {
    const marker = `LOAD-${r}-${i}-${Math.floor(rng.next() * 36 ** 6).toString(36)}`;
    switch (kind) {
      case "list": {
        const lists: Record<string, unknown>[] = [
          { method: "GET", path: "/service/tickets", params: { conditions: "closedFlag = false", orderBy: "id desc", pageSize: 10 } },
          { method: "GET", path: "/company/companies", params: { pageSize: 10 } },
          { method: "GET", path: "/time/entries", params: { orderBy: "id desc", pageSize: 10 } },
          { method: "GET", path: "/service/boards" },
          { method: "GET", path: `/service/tickets/${anyTicket()}/notes`, params: { pageSize: 5 } },
        ];
        return { tool: "cw_api_call", args: lists[i % lists.length]! };
      }
      case "get":
        return { tool: "cw_api_call", args: i % 3 === 0 ? { method: "GET", path: `/company/companies/${rng.pick(companies).id}` } : { method: "GET", path: `/service/tickets/${anyTicket()}` } };
      case "count":
        return { tool: "cw_count", args: i % 2 === 0 ? { path: "/service/tickets", conditions: "closedFlag = false" } : { path: "/time/entries" } };
      case "paginated":
        return { tool: "cw_paginated_fetch", args: i % 2 === 0 ? { path: "/service/tickets", fields: "id,summary", max_items: 60 } : { path: "/company/contacts", fields: "id,firstName,lastName", max_items: 40 } };
      case "operation":
        return i % 2 === 0
          ? { tool: "cw_operation", args: { name: "list_open_tickets", params: { company: rng.pick(companies).identifier } } }
          : { tool: "cw_operation", args: { name: "tickets_by_board", params: { board: rng.pick(boards) } } };
      case "context":
        return { tool: "cw_ticket_context", args: { ticket_id: anyTicket() } };
      case "saved":
        return { tool: "cw_api_call", args: { query: SAVED_QUERY } };
      case "search":
        return { tool: "cw_search_endpoints", args: { query: rng.pick(["open tickets for a company", "add a note to a ticket", "time entries this week", "agreement additions"]), limit: 5 } };
      case "note": {
        const ticketId = noteTickets[notes++ % noteTickets.length]!;
        const text = `Load test note ${marker}`;
        const path = `/service/tickets/${ticketId}/notes`;
        const write = { method: "POST" as const, path, marker, ticketId, kind: "note" as const };
        return i % 2 === 0
          ? { tool: "cw_api_call", args: { method: "POST", path, body: { text, internalAnalysisFlag: true }, confirm: true }, write }
          : { tool: "cw_operation", args: { name: "add_ticket_note", params: { ticket_id: ticketId, text, confirm: true } }, write };
      }
      case "patch": {
        const ticketId = patchTickets[patches++ % patchTickets.length]!;
        const path = `/service/tickets/${ticketId}`;
        return {
          tool: "cw_api_call",
          args: { method: "PATCH", path, body: [{ op: "replace", path: "summary", value: `Load ${marker}` }], confirm: true },
          write: { method: "PATCH", path, marker, ticketId, kind: "summary" },
        };
      }
      default:
        throw new Error(`unknown call kind ${kind}`);
    }
  });
}

/** Turn the rate limit on for `lastsMs` every `everyMs`, the first time as the round starts (into its opening flood). */
function startBursts(sb: Sandbox, b: { everyMs: number; lastsMs: number; perSecond: number }): () => void {
  let off: NodeJS.Timeout | undefined;
  const burst = () => {
    sb.faults.update({ rateLimitPerSecond: b.perSecond });
    off = setTimeout(() => sb.faults.update({ rateLimitPerSecond: null }), b.lastsMs);
  };
  burst();
  const on = setInterval(burst, b.everyMs);
  return () => {
    clearInterval(on);
    if (off) clearTimeout(off);
    sb.faults.update({ rateLimitPerSecond: null });
  };
}

async function callOnce(client: Client, p: Planned, timeout: number): Promise<CallOutcome> {
  const t0 = performance.now();
  try {
    const res = await client.callTool({ name: p.tool, arguments: p.args }, undefined, { timeout });
    const ms = performance.now() - t0;
    const text = textOf(res);
    if (res.isError) return { kind: cleanError(text) ? "clean_error" : "unclean_error", tool: p.tool, ms, text };
    // A composite that answered with some parts missing lists them; each must be a clean error too.
    const failures = (res.structuredContent as { failures?: { branch: string; error: string }[] } | undefined)?.failures ?? [];
    const unclean = failures.find((f) => !f.error.startsWith("not fetched: it needs ") && !cleanError(f.error));
    if (unclean) return { kind: "unclean_error", tool: p.tool, ms, text: `part ${unclean.branch}: ${unclean.error}` };
    return { kind: failures.length > 0 ? "partial" : "ok", tool: p.tool, ms, text };
  } catch (err) {
    return { kind: "rejected", tool: p.tool, ms: performance.now() - t0, text: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * A clean error: says which request failed, and whether trying again makes sense; no stack trace, no
 * "undefined" or "[object Object]" from a value that was missing.
 */
export function cleanError(text: string): boolean {
  if (!text.trim()) return false;
  if (/\n\s+at \S.*[:(]\d+|\.js:\d+:\d+/.test(text)) return false;
  if (/\bundefined\b|\[object Object\]|\bNaN\b/.test(text)) return false;
  if (!/\b(GET|POST|PATCH|PUT|DELETE) \/\S* failed\b/.test(text)) return false;
  return /try again|retry|send(ing)? it again|Tried \d+ times/i.test(text);
}

/** What an error said about a write: not applied, applied, or not known. */
function claimOf(text: string): "not_applied" | "applied" | "unknown" | "silent" {
  if (/nothing was written/i.test(text)) return "not_applied";
  if (/may or may not have applied/i.test(text)) return "unknown";
  if (/ConnectWise applied this/i.test(text)) return "applied";
  return "silent";
}

/**
 * Each write of a round against the request log and the store: sent once, applied at most once, applied exactly
 * once when it answered success, and as its error said when it failed. Findings go to `problems`.
 */
export function checkWrites(sb: Pick<Sandbox, "store">, plan: Planned[], outcomes: CallOutcome[], log: RequestLogEntry[], r: number, problems: string[]) {
  const sent = new Map<string, RequestLogEntry[]>();
  for (const e of log) {
    if (e.method !== "POST" && e.method !== "PATCH") continue;
    const key = `${e.method} ${e.path}`;
    sent.set(key, [...(sent.get(key) ?? []), e]);
  }
  // Notes in the store by marker (this round's markers start LOAD-r-).
  const stored = new Map<string, number>();
  for (const n of sb.store.table(tableKey("/service/tickets/{parentId}/notes")).list()) {
    const m = /LOAD-\d+-\d+-[0-9a-z]+/.exec(String(n.text ?? ""));
    if (m) stored.set(m[0], (stored.get(m[0]) ?? 0) + 1);
  }
  const tickets = sb.store.table(tableKey("/service/tickets"));
  const w = { attempted: 0, succeeded: 0, failed: 0, appliedOnFailure: 0, sentTwice: 0, appliedTwice: 0 };
  plan.forEach((p, i) => {
    if (!p.write) return;
    const out = outcomes[i]!;
    const { method, path, marker } = p.write;
    const entries = sent.get(`${method} ${path}`) ?? [];
    const applied = entries.filter((e) => e.status >= 200 && e.status < 300).length;
    const inStore = p.write.kind === "note" ? (stored.get(marker) ?? 0) : String(tickets.get(p.write.ticketId)?.summary ?? "").includes(marker) ? 1 : 0;
    const where = `round ${r}: ${p.tool} ${method} ${path} (${marker})`;
    w.attempted++;
    if (entries.length > 1) {
      w.sentTwice++;
      problems.push(`${where}: sent ${entries.length} times (${entries.map((e) => e.status).join(", ")})`);
    }
    if (applied > 1 || inStore > 1) {
      w.appliedTwice++;
      problems.push(`${where}: applied ${applied} times by the log, ${inStore} in the store — duplicated`);
    }
    if (out.kind === "ok" || out.kind === "partial") {
      w.succeeded++;
      if (applied !== 1 || inStore !== 1) problems.push(`${where}: answered success but applied ${applied} times by the log, ${inStore} in the store`);
      return;
    }
    w.failed++;
    if (applied !== inStore) problems.push(`${where}: the log says applied ${applied} times, the store ${inStore}`);
    if (applied > 0) w.appliedOnFailure++;
    const claim = claimOf(out.text);
    if (claim === "not_applied" && applied > 0) problems.push(`${where}: the error said nothing was written, but it was applied: ${out.text}`);
    if (claim === "applied" && applied === 0) problems.push(`${where}: the error said it was applied, but it was not: ${out.text}`);
    if (claim === "silent" && applied > 0) problems.push(`${where}: applied, and the error did not say it might have been: ${out.text}`);
    if (claim === "silent" && /HTTP (429|5\d\d)|Could not reach|did not answer/.test(out.text)) problems.push(`${where}: a failed write that does not say whether it was applied: ${out.text}`);
  });
  return w;
}

function statusOf(text: string): string {
  return /HTTP (\d{3})/.exec(text)?.[1] ?? (/Could not reach/.test(text) ? "network" : "other");
}

function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.find((c) => c.type === "text")?.text ?? "";
}

const MB = 1024 * 1024;

/** Ask the server's memory probe for a full collection and process.memoryUsage() after it; undefined if it does not answer. */
async function heapAfterGc(pid: number, file: string): Promise<NodeJS.MemoryUsage | undefined> {
  rmSync(file, { force: true });
  try {
    process.kill(pid, "SIGUSR2");
  } catch {
    return undefined;
  }
  for (const until = Date.now() + 5_000; Date.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (!existsSync(file)) continue;
    try {
      return JSON.parse(readFileSync(file, "utf8")) as NodeJS.MemoryUsage;
    } catch {
      /* being written */
    }
  }
  return undefined;
}

/** Resident memory of a process, from /proc (Linux), in MB; undefined elsewhere. */
function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

if (process.argv[1]?.endsWith("bench/load.ts")) {
  const report = await runLoad();
  for (const x of report.perRound) {
    process.stderr.write(
      `round ${x.round}: ${x.ms} ms, ${JSON.stringify(x.outcomes)}, ${x.requests} requests ${JSON.stringify(x.statuses)}, writes ${JSON.stringify(x.writes)}, ` +
        `RSS ${x.rssMb ?? "n/a"} MB, heap after GC ${x.heapAfterGcMb ?? "n/a"} MB\n`,
    );
  }
  for (const [kind, text] of Object.entries(report.errorSamples)) process.stderr.write(`— an error, ${kind}:\n${text}\n`);
  for (const p of report.problems) process.stderr.write(`PROBLEM ${p}\n`);
  for (const [name, value, note] of loadRows(report)) process.stderr.write(`${name}  ${value}  ${note}\n`);
}
