/**
 * Timesheet tools: cw_validate_timesheets (nine rules over a member's or everyone's time entries) and
 * cw_accrual_balance (time-off balances). Both only read. The rule engine, the fetch plans and the
 * rendering live in src/timesheets/, loaded on first use so start-up stays fast.
 */
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { failure } from "../calls/execute.js";
import { withoutInfo } from "../format/compact.js";
import { redactDeep } from "../http/redact.js";
import type { Runtime } from "../runtime.js";
import { RULE_IDS, type ValidationRequest } from "../timesheets/types.js";
import type { Registrar } from "./registrar.js";
import { withNotice } from "../format/untrusted.js";

const READS: ToolAnnotations = { readOnlyHint: true, openWorldHint: true };
const member = z.union([z.string().min(1).max(100), z.int().min(1)]);

const finding = z.object({
  rule: z.enum(RULE_IDS),
  severity: z.enum(["error", "warning", "info"]),
  member: z.string(),
  date: z.string(),
  entry_id: z.number().optional(),
  sheet_id: z.number().optional(),
  message: z.string(),
});

const RULES_HELP =
  "Errors (block approval): overlap, future_dated, closed_target (after its ticket/project closed or agreement ended), accrual_balance " +
  "(time off past the year's grant). Warnings: rounding (not a multiple of options.increment), billable_notes (notes under " +
  "options.minNoteChars), overtime (day > 8 h or Sunday–Saturday week > 40 h), outside_hours (member's calendar, weekends, holidays). " +
  "under_reporting: a day under capacity (info; warning when nothing logged).";

export function registerTimesheetTools(server: Registrar, runtime: Runtime): void {
  server.registerTool(
    "cw_validate_timesheets",
    {
      title: "Validate time entries",
      description:
        `Check time entries from start to end (days in CW_TIMEZONE, both included) for one member or everyone against nine rules. ${RULES_HELP} ` +
        "Answers with counts, then findings by member and day (structuredContent.findings: rule, severity, member, date, entry_id, sheet_id, message). Rules without their data are listed as skipped.",
      inputSchema: {
        member: member.optional().describe("Member identifier (lcruz), full name or id; everyone when absent"),
        start: z.string().min(1).max(40).describe("First day: 2026-03-01, today, yesterday, -7d, -2w"),
        end: z.string().min(1).max(40).describe("Last day, included: 2026-03-07, today, +0d"),
        rules: z.array(z.enum(RULE_IDS)).min(1).max(RULE_IDS.length).optional().describe("Only these rules (default: all nine)"),
        options: z
          .object({
            increment: z.number().positive().max(24).optional().describe("Hours (default 0.25; 0.1 for six-minute billing)"),
            dailyOvertimeHours: z.number().positive().max(24).optional().describe("Default 8"),
            weeklyOvertimeHours: z.number().positive().max(168).optional().describe("Default 40"),
            minNoteChars: z.int().min(0).max(1000).optional().describe("Default 20"),
            businessStart: z.string().max(8).optional().describe('"HH:mm" when a member has no calendar (default 08:00)'),
            businessEnd: z.string().max(8).optional().describe('"HH:mm" (default 17:00)'),
          })
          .optional(),
      },
      outputSchema: z.looseObject({
        zone: z.string(),
        from: z.string(),
        to: z.string(),
        entries: z.number(),
        members: z.array(z.looseObject({ id: z.number(), identifier: z.string(), name: z.string() })),
        findings: z.array(finding),
        sheets: z.array(z.record(z.string(), z.unknown())),
        skipped: z.array(z.object({ rule: z.string(), reason: z.string() })),
        counts: z.looseObject({ by_severity: z.record(z.string(), z.number()), by_rule: z.record(z.string(), z.number()) }),
      }),
      annotations: { ...READS, title: "Validate time entries" },
    },
    async (args, extra) =>
      answer(runtime, async () => {
        const [{ validateTimesheets }, { renderValidation, countFindings }, { checkRules }] = await Promise.all([
          import("../timesheets/validate.js"),
          import("../timesheets/render.js"),
          import("../timesheets/input.js"),
        ]);
        const options = Object.fromEntries(Object.entries(args.options ?? {}).filter(([, v]) => v !== undefined));
        const request: ValidationRequest = { start: args.start, end: args.end, ...(args.member !== undefined ? { member: args.member } : {}), ...(args.rules ? { rules: args.rules } : {}), options };
        const result = await validateTimesheets(runtime, request, extra.signal);
        const window = result.window ?? { start: result.from.slice(0, 10), end: result.to.slice(0, 10) };
        return { text: renderValidation(result, checkRules(args.rules), window), structured: { ...result, counts: countFindings(result.findings) } };
      }),
  );

  server.registerTool(
    "cw_accrual_balance",
    {
      title: "Time-off balances",
      description:
        "A member's time-off balance per accrual type (Vacation, PTO, Sick, Holiday) for a year: granted = the year's accrual grants; " +
        "used = hours on approved or billed sheets, not future-dated; pending = the rest (open, submitted, rejected or future); " +
        "available = granted − used − pending (negative: over the grant).",
      inputSchema: {
        member: member.describe("Member identifier (lcruz), full name or id"),
        year: z.int().min(2000).max(2100).optional().describe("Calendar year (default: the current one)"),
      },
      outputSchema: z.looseObject({
        member: z.looseObject({ id: z.number(), identifier: z.string(), name: z.string() }),
        year: z.number(),
        balances: z.array(z.object({ type: z.string(), granted: z.number(), used: z.number(), pending: z.number(), available: z.number(), entries: z.number() })),
      }),
      annotations: { ...READS, title: "Time-off balances" },
    },
    async (args, extra) =>
      answer(runtime, async () => {
        const [{ accrualBalances, readBalanceData, renderBalances }, { reader }, { DateTime }] = await Promise.all([
          import("../timesheets/accruals.js"),
          import("../composites/read.js"),
          import("luxon"),
        ]);
        const zone = runtime.config.timezone;
        const who = await runtime.lookups.resolve("member", args.member, "member", undefined, extra.signal);
        const year = args.year ?? DateTime.now().setZone(zone).year;
        const data = await readBalanceData(reader(await runtime.http(), extra.signal), who.id, year, zone);
        const balances = accrualBalances({ ...data, year, now: Date.now() });
        const ref = { id: who.id, identifier: who.identifier ?? String(who.id), name: who.name };
        const grants = data.grants.filter((g) => g.year === year).map((g) => ({ type: String(g.accrualType ?? ""), hours: Number(g.hours ?? 0), ...(g.reason ? { reason: String(g.reason) } : {}) }));
        return {
          text: renderBalances(ref, year, balances, data.grants),
          structured: { member: ref, year, zone, balances, grants, entries: data.entries.length },
        };
      }),
  );
}

/** One read-only answer: text plus structuredContent, redacted; errors as the assistant can act on them. */
async function answer(runtime: Runtime, build: () => Promise<{ text: string; structured: Record<string, unknown> }>): Promise<CallToolResult> {
  try {
    const { text, structured } = await build();
    return { content: [{ type: "text", text: runtime.redact(withNotice(text)) }], structuredContent: redactDeep(withoutInfo(structured), runtime.redact) as Record<string, unknown> };
  } catch (err) {
    return failure(runtime, err);
  }
}
