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
  "rounding (duration not a multiple of options.increment, default 0.25 h; warning), overlap (entries of one member overlapping; error), " +
  "billable_notes (billable with notes shorter than options.minNoteChars, default 20; warning), overtime (day over options.dailyOvertimeHours " +
  "8 h or Sunday–Saturday week over options.weeklyOvertimeHours 40 h; warning), under_reporting (working day under the member's daily " +
  "capacity; info, warning when nothing is logged), outside_hours (outside the member's ConnectWise calendar hours, weekends, holidays; " +
  "warning), future_dated (not yet worked; error), closed_target (worked after its ticket/project closed or its agreement ended or was " +
  "cancelled; error), accrual_balance (PTO/vacation/sick time beyond the year's grant; error). An error blocks approval of its sheet.";

export function registerTimesheetTools(server: Registrar, runtime: Runtime): void {
  server.registerTool(
    "cw_validate_timesheets",
    {
      title: "Validate time entries",
      description:
        `Check time entries from start to end (both days included, in CW_TIMEZONE) for one member or everyone against nine rules: ${RULES_HELP} ` +
        "Answers with counts per rule and severity, then findings grouped by member and day; structuredContent.findings has every finding " +
        "({rule, severity, member, date, entry_id, sheet_id, message}) and sheets the time sheets involved. Rules whose data could not be read are listed as skipped.",
      inputSchema: {
        member: member.optional().describe("Member identifier (lcruz), full name or id; everyone when absent"),
        start: z.string().min(1).max(40).describe("First day: 2026-03-01, today, yesterday, -7d, -2w"),
        end: z.string().min(1).max(40).describe("Last day, included: 2026-03-07, today, +0d"),
        rules: z.array(z.enum(RULE_IDS)).min(1).max(RULE_IDS.length).optional().describe("Only these rules (default: all nine)"),
        options: z
          .object({
            increment: z.number().positive().max(24).optional().describe("Minimum increment in hours (default 0.25; 0.1 for six-minute billing)"),
            dailyOvertimeHours: z.number().positive().max(24).optional().describe("Daily overtime threshold (default 8)"),
            weeklyOvertimeHours: z.number().positive().max(168).optional().describe("Weekly overtime threshold (default 40)"),
            minNoteChars: z.int().min(0).max(1000).optional().describe("Minimum characters of notes on billable entries (default 20)"),
            businessStart: z.string().max(8).optional().describe('Business hours start when ConnectWise has no calendar, "HH:mm" (default 08:00)'),
            businessEnd: z.string().max(8).optional().describe('Business hours end when ConnectWise has no calendar, "HH:mm" (default 17:00)'),
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
        "A member's time-off balance per accrual type (Vacation, PTO, Sick, Holiday) for a year (default: this year in CW_TIMEZONE). " +
        "granted = the member's accrual grants for the year; used = hours of time entries with that accrual type's work type on approved or " +
        "billed sheets (ApprovedByTierOne/TierTwo, ReadyToBill, Billed, BilledAgreement, WrittenOff), not future-dated; pending = the rest " +
        "(open, submitted or rejected sheets, or future-dated); available = granted − used − pending (negative: over the grant).",
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
    return { content: [{ type: "text", text: runtime.redact(text) }], structuredContent: redactDeep(withoutInfo(structured), runtime.redact) as Record<string, unknown> };
  } catch (err) {
    return failure(runtime, err);
  }
}
