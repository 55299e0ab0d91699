/**
 * Composite tools: one question, many reads. Each fans its reads out at once through the shared client
 * (its limiter bounds what is in flight), reports a read that failed and answers with the rest. The
 * fetch plans and the arithmetic live in src/composites/, loaded on first use.
 */
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { failure } from "../calls/execute.js";
import type { Gathered } from "../composites/fanout.js";
import type { Reader, Rec } from "../composites/read.js";
import { withoutInfo } from "../format/compact.js";
import { withNotice } from "../format/untrusted.js";
import { CwApiError } from "../http/errors.js";
import { redactDeep } from "../http/redact.js";
import type { Runtime } from "../runtime.js";
import type { Registrar } from "./registrar.js";

const READS: ToolAnnotations = { readOnlyHint: true, openWorldHint: true };
const failures = z.array(z.object({ branch: z.string(), error: z.string() }));
const ticketId = z.int().min(1).describe("The service ticket's number");

export function registerCompositeTools(server: Registrar, runtime: Runtime): void {
  server.registerTool(
    "cw_ticket_context",
    {
      title: "Everything about a ticket",
      description:
        "A ticket's full picture in one call: the ticket, notes (newest first), time entries with totals, configurations, " +
        "company and contact, schedule entries, child and merged tickets, SLA status. A part that cannot be read is listed; the rest is returned.",
      inputSchema: { ticket_id: ticketId },
      outputSchema: z.looseObject({ ticket_id: z.number(), ticket: z.record(z.string(), z.unknown()), failures }),
      annotations: { ...READS, title: "Everything about a ticket" },
    },
    async ({ ticket_id }, extra) =>
      composite(runtime, extra.signal, async (read, gather) => {
        const m = await import("../composites/ticket-context.js");
        const got = await gather(m.ticketContextPlan(read, ticket_id), "ticket");
        return m.assembleTicketContext(ticket_id, got.values, got.failures, runtime.config.timezone);
      }),
  );

  server.registerTool(
    "cw_member_dashboard",
    {
      title: "A technician's dashboard",
      description:
        "A member's day: open tickets they own or work on by priority (with SLA breaches), hours this week (Sunday–Saturday) " +
        "against capacity, their schedule for `days` days from today, and their current time sheet.",
      inputSchema: {
        member: z.union([z.string().min(1).max(100), z.int().min(1)]).describe("Identifier (lcruz), full name or id"),
        days: z.int().min(1).max(14).optional().describe("Default 1: today"),
      },
      outputSchema: z.looseObject({ member: z.record(z.string(), z.unknown()), date: z.string(), failures }),
      annotations: { ...READS, title: "A technician's dashboard" },
    },
    async ({ member, days }, extra) =>
      composite(runtime, extra.signal, async (read, gather) => {
        const m = await import("../composites/member-dashboard.js");
        const who = await runtime.lookups.resolve("member", member, "member", undefined, extra.signal);
        const record = (await runtime.lookups.records("member", extra.signal)).find((r) => Number(r.id) === who.id);
        const capacity = Number(record?.dailyCapacity);
        const ref = { id: who.id, identifier: who.identifier ?? String(who.id), name: who.name, dailyCapacity: Number.isFinite(capacity) && capacity > 0 ? capacity : m.DEFAULT_DAILY_CAPACITY };
        const window = m.dashboardWindow(new Date(), runtime.config.timezone, days ?? 1);
        const got = await gather(m.dashboardPlan(read, ref, window));
        return m.assembleDashboard(ref, window, got.values, got.failures, runtime.config.timezone);
      }),
  );

  server.registerTool(
    "cw_agreement_health",
    {
      title: "Agreement health",
      description:
        "For one agreement or each current agreement of a company, over the last `months` complete months: revenue (bill amount + " +
        "additions) against cost (time at member hourly cost, additions), time value at work-role rates, hours used vs included, renewal risk.",
      inputSchema: {
        agreement_id: z.int().min(1).optional().describe("One agreement"),
        company_id: z.int().min(1).optional().describe("Every current agreement of this company"),
        months: z.int().min(1).max(24).optional().describe("Default 3"),
      },
      outputSchema: z.looseObject({ period: z.record(z.string(), z.unknown()), agreements: z.array(z.record(z.string(), z.unknown())), failures }),
      annotations: { ...READS, title: "Agreement health" },
    },
    async ({ agreement_id, company_id, months }, extra) =>
      composite(runtime, extra.signal, async (read, gather) => {
        if ((agreement_id === undefined) === (company_id === undefined)) {
          throw new CwApiError({ kind: "refused", message: "Give exactly one of agreement_id or company_id.", hint: "agreement_id for one agreement; company_id for all of a company's current agreements." });
        }
        const m = await import("../composites/agreement-health.js");
        const window = m.healthWindow(new Date(), runtime.config.timezone, months ?? 3);
        const lists = { members: () => runtime.lookups.records("member", extra.signal), workRoles: () => runtime.lookups.records("work_role", extra.signal) };
        const target = agreement_id !== undefined ? { agreementId: agreement_id } : { companyId: company_id! };
        const got = await gather(m.healthPlan(read, target, window, lists), "agreements");
        return m.assembleHealth(got.values, got.failures, window);
      }),
  );

  server.registerTool(
    "cw_audit_ticket",
    {
      title: "How a ticket was handled",
      description:
        "A ticket's audit: the audit trail, every status it was in and for how long, reassignments, first response against " +
        "the SLA target, notes written on a day the writer logged no time on it, and time entries without notes.",
      inputSchema: { ticket_id: ticketId },
      outputSchema: z.looseObject({ ticket_id: z.number(), status_spans: z.array(z.record(z.string(), z.unknown())), failures }),
      annotations: { ...READS, title: "How a ticket was handled" },
    },
    async ({ ticket_id }, extra) =>
      composite(runtime, extra.signal, async (read, gather) => {
        const m = await import("../composites/audit-ticket.js");
        const got = await gather(m.auditTicketPlan(read, ticket_id), "ticket");
        return m.assembleAuditTicket(ticket_id, got.values, got.failures, runtime.config.timezone, new Date());
      }),
  );
}

type GatherFn = <T extends Record<string, unknown>>(branches: import("../composites/fanout.js").Branches<T>, ...required: (keyof T & string)[]) => Promise<Gathered<T>>;

/** Run one composite: the reader, the fan-out with redacted failures, the branches it cannot do without, one answer. */
async function composite(runtime: Runtime, signal: AbortSignal, build: (read: Reader, gather: GatherFn) => Promise<{ text: string; structured: Rec }>): Promise<CallToolResult> {
  try {
    const [{ gather, required }, { reader }] = await Promise.all([import("../composites/fanout.js"), import("../composites/read.js")]);
    const read = reader(await runtime.http(), signal);
    const describe = (err: unknown) => runtime.redact(err instanceof CwApiError ? err.describe() : err instanceof Error ? err.message : String(err));
    const gatherRequired: GatherFn = async (branches, ...needed) => {
      const got = await gather(branches, describe);
      for (const name of needed) required(got, name);
      return got;
    };
    const { text, structured } = await build(read, gatherRequired);
    return { content: [{ type: "text", text: runtime.redact(withNotice(text)) }], structuredContent: redactDeep(withoutInfo(structured), runtime.redact) as Rec };
  } catch (err) {
    return failure(runtime, err);
  }
}
