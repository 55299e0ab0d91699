/**
 * Composite fan-out: each composite tool called over MCP against the sandbox with 100 ms latency per
 * request, set against its slowest dependency chain (levels of requests that must follow one another ×
 * the latency). Calls are warm (the member and work-role look-ups cached, as after the first call), with
 * the default limiter of 4 requests in flight. Target: ≤ 1.5× the chain.
 */
import { tableKey } from "../../src/sandbox/references.js";
import { startSandbox } from "../../src/sandbox/server.js";
import { serverOn } from "./server.js";
import { median, round } from "./stats.js";

const LATENCY_MS = 100;

export async function benchComposites(runs = 5) {
  const sb = await startSandbox({ now: new Date(), seed: 7, scale: "small" });
  const client = await serverOn(sb);
  try {
    const table = (t: string) => sb.store.table(tableKey(t)).list();
    const scheduled = new Set(table("/schedule/entries").map((s) => s.objectId));
    const ticket = table("/service/tickets").find((t) => scheduled.has(t.id) && t.contact && !t.parentTicketId)!;
    const owner = (table("/service/tickets").find((t) => t.closedFlag === false)!.owner as { identifier: string }).identifier;
    const agreement = table("/finance/agreements").find((a) => a.agreementStatus === "Active")!;
    // Levels of requests that must wait for one another (warm look-ups): see each composite's fetch plan.
    const cases = [
      { tool: "cw_ticket_context", args: { ticket_id: ticket.id }, chain: 2 },
      { tool: "cw_audit_ticket", args: { ticket_id: ticket.id }, chain: 2 },
      { tool: "cw_member_dashboard", args: { member: owner, days: 3 }, chain: 1 },
      { tool: "cw_agreement_health", args: { agreement_id: agreement.id }, chain: 1 },
      { tool: "cw_agreement_health", args: { company_id: (agreement.company as { id: number }).id }, chain: 2 },
    ];
    for (const k of cases) await client.callTool({ name: k.tool, arguments: k.args }); // warm caches and code
    sb.faults.update({ latencyMs: LATENCY_MS });
    const out = [];
    for (const k of cases) {
      const times: number[] = [];
      let requests = 0;
      for (let i = 0; i < runs; i++) {
        sb.requests.length = 0;
        const t0 = performance.now();
        const res = await client.callTool({ name: k.tool, arguments: k.args });
        times.push(performance.now() - t0);
        requests = sb.requests.length;
        if (res.isError) throw new Error(`${k.tool} failed in the bench: ${JSON.stringify(res.content)}`);
      }
      const ms = median(times);
      out.push({ tool: `${k.tool} ${Object.keys(k.args)[0]}`, ms: round(ms), requests, chainMs: k.chain * LATENCY_MS, ratio: round(ms / (k.chain * LATENCY_MS), 2) });
    }
    return { latencyMs: LATENCY_MS, cases: out, worstRatio: Math.max(...out.map((o) => o.ratio)) };
  } finally {
    await client.close();
    await sb.close();
  }
}
