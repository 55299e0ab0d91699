/**
 * cw_approve_timesheets: validate the time sheets waiting for approval, preview what would happen to each
 * (approve, reject with reasons, hold for review, leave alone), and with confirm do it through the time
 * sheet action endpoints. Validation runs again on confirm, so the decisions rest on the entries as they
 * are then; a sheet with errors is never approved unless it is overridden by id.
 */
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { failure } from "../calls/execute.js";
import type { Rec } from "../composites/read.js";
import { CwApiError } from "../http/errors.js";
import { redactDeep } from "../http/redact.js";
import { confirmer, notSentText } from "../mcp/elicit.js";
import type { Runtime } from "../runtime.js";
import type { SheetDecision, SheetRow } from "../timesheets/approval.js";
import type { Finding } from "../timesheets/types.js";
import type { Registrar } from "./registrar.js";
import { headed, name, withNotice, withoutNotice } from "../format/untrusted.js";

const WRITES: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
const ids = z.array(z.int().min(1)).min(1).max(200);

export function registerApprovalTools(server: Registrar, runtime: Runtime): void {
  server.registerTool(
    "cw_approve_timesheets",
    {
      title: "Approve time sheets",
      description:
        "Validate submitted time sheets (the nine timesheet rules) and decide each: approve when clean, reject with its errors as " +
        "reasons, hold on warnings (unless allow_warnings). Without confirm: a preview, nothing sent; confirm: true approves (tier 1, " +
        "then tier 2) and rejects in ConnectWise. A sheet with errors is approved only if listed in override_sheet_ids.",
      inputSchema: {
        member: z.union([z.string().min(1).max(100), z.int().min(1)]).optional().describe("Member identifier, full name or id; all members when absent"),
        period: z.string().max(40).optional().describe('"last_week" (default), "this_week", "2026-03-09" (its week) or "2026-03-01..2026-03-31"'),
        sheet_ids: ids.optional().describe("These time sheets (instead of member and period)"),
        confirm: z.boolean().optional().describe("Approve and reject for real. Without it nothing is sent"),
        allow_warnings: z.boolean().optional().describe("Approve sheets with warnings but no errors (default: hold)"),
        override_sheet_ids: ids.optional().describe("Approve these sheets even though they have errors"),
      },
      outputSchema: z.looseObject({ preview: z.boolean(), sheets: z.array(z.record(z.string(), z.unknown())), counts: z.record(z.string(), z.number()) }),
      annotations: { ...WRITES, title: "Approve time sheets" },
    },
    async (args, extra) => {
      try {
        if (args.confirm && runtime.config.readOnly) {
          throw new CwApiError({ kind: "refused", message: "This server is read-only (CW_READ_ONLY is set): time sheets cannot be approved or rejected.", hint: "Call without confirm for the preview, or unset CW_READ_ONLY." });
        }
        const chosen = await choose(runtime, args, extra.signal);
        if (args.confirm) return answer(runtime, chosen.label, chosen.decisions, await actOn(runtime, chosen, extra.signal), chosen.skippedRules);
        const preview = answer(runtime, chosen.label, chosen.decisions, undefined, chosen.skippedRules);
        // A client that can ask its user shows them the preview; their "yes" does what confirm: true does, validation included.
        const ask = runtime.config.readOnly ? undefined : confirmer(server.server, extra);
        if (!ask || !chosen.decisions.some((d) => d.decision === "approve" || d.decision === "reject")) return preview;
        const shown = textOf(preview);
        const said = await ask(runtime.redact(`Approve and reject these time sheets in ConnectWise?\n${withoutNotice(shown.slice(0, shown.lastIndexOf("\n")))}`));
        if (said.outcome === "failed") return withText(preview, `${shown}\n(The confirmation dialog could not be shown: ${said.reason}.)`);
        if (said.outcome !== "accepted") return withText(preview, headed(notSentText(said.outcome), shown.slice(0, shown.lastIndexOf("\n"))));
        const again = await choose(runtime, args, extra.signal);
        const drift = changedDecisions(chosen.decisions, again.decisions);
        if (drift.length) {
          throw new CwApiError({
            kind: "refused",
            message: `Nothing was sent: since the preview you confirmed, ${drift.join("; ")}.`,
            hint: "Preview again to see the sheets as they are now.",
          });
        }
        return withText(answer(runtime, again.label, again.decisions, await actOn(runtime, again, extra.signal), again.skippedRules), (t) => headed("Confirmed by the user in the client's dialog.", t));
      } catch (err) {
        return failure(runtime, err);
      }
    },
  );
}

interface Chosen {
  label: string;
  decisions: SheetDecision[];
  skippedRules: { rule: string; reason: string }[];
}

type ApprovalArgs = { member?: string | number | undefined; period?: string | undefined; sheet_ids?: number[] | undefined; allow_warnings?: boolean | undefined; override_sheet_ids?: number[] | undefined };

/** Select the sheets, validate the ones waiting for approval, and decide each (reads only). */
async function choose(runtime: Runtime, args: ApprovalArgs, signal: AbortSignal): Promise<Chosen> {
  const [{ decide, periodRange, PeriodError, sheetDay }, { validateTimesheets }, { reader }] = await Promise.all([
    import("../timesheets/approval.js"),
    import("../timesheets/validate.js"),
    import("../composites/read.js"),
  ]);
  const zone = runtime.config.timezone;
  const read = reader(await runtime.http(), signal);
  const who = args.member !== undefined ? await runtime.lookups.resolve("member", args.member, "member", undefined, signal) : undefined;

  let records: Rec[];
  let label: string;
  if (args.sheet_ids) {
    records = await read.list("/time/sheets", { conditions: `id in (${args.sheet_ids.join(",")})` }, 200);
    const missing = args.sheet_ids.filter((id) => !records.some((r) => r.id === id));
    if (missing.length) throw new CwApiError({ kind: "refused", message: `sheet_ids: no time sheet ${missing.join(", ")}.`, hint: "Leave sheet_ids out to pick sheets by member and period." });
    if (who) records = records.filter((r) => Number((r.member as Rec | undefined)?.id) === who.id);
    label = `sheet${args.sheet_ids.length === 1 ? "" : "s"} ${args.sheet_ids.join(", ")}`;
  } else {
    let range: { start: string; end: string };
    try {
      range = periodRange(args.period, zone, new Date());
    } catch (err) {
      if (err instanceof PeriodError) throw new CwApiError({ kind: "refused", message: `period: "${err.period}" is not a period I can read.`, hint: 'Use "last_week", "this_week", a date such as "2026-03-09" (its Sunday–Saturday week) or a range "2026-03-01..2026-03-31".' });
      throw err;
    }
    const member = who ? ` and member/id = ${who.id}` : "";
    records = await read.list("/time/sheets", { conditions: `dateStart >= [${range.start}T00:00:00Z] and dateStart <= [${range.end}T00:00:00Z]${member}`, orderBy: "dateStart,id" }, 1000);
    label = `${range.start} to ${range.end}${who ? ` for ${who.identifier ?? who.name}` : ""}`;
  }
  const sheets: SheetRow[] = records.map((r) => ({
    id: Number(r.id),
    member: String((r.member as Rec | undefined)?.identifier ?? ""),
    dateStart: String(r.dateStart ?? ""),
    dateEnd: String(r.dateEnd ?? ""),
    status: String(r.status ?? ""),
    ...(typeof r.hours === "number" ? { hours: r.hours } : {}),
  }));
  const strays = (args.override_sheet_ids ?? []).filter((id) => !sheets.some((s) => s.id === id));
  if (strays.length) throw new CwApiError({ kind: "refused", message: `override_sheet_ids: ${strays.join(", ")} ${strays.length === 1 ? "is" : "are"} not among the sheets selected (${label}).`, hint: "Override only sheets this call selects; check the ids in the preview." });

  // Validate the days of the sheets that wait for approval, for their member when there is one.
  const waiting = decide(sheets, []).filter((d) => d.decision !== "skip").map((d) => d.sheet);
  let findings: Finding[] = [];
  let skippedRules: { rule: string; reason: string }[] = [];
  if (waiting.length) {
    const members = [...new Set(waiting.map((s) => s.member.toLowerCase()))];
    const start = waiting.map((s) => sheetDay(s.dateStart)).sort()[0]!;
    const end = waiting.map((s) => sheetDay(s.dateEnd)).sort().at(-1)!;
    const result = await validateTimesheets(runtime, { ...(members.length === 1 ? { member: waiting[0]!.member } : {}), start, end }, signal);
    findings = result.findings;
    skippedRules = result.skipped;
  }
  const decisions = decide(sheets, findings, { ...(args.allow_warnings !== undefined ? { allowWarnings: args.allow_warnings } : {}), ...(args.override_sheet_ids ? { overrideSheetIds: args.override_sheet_ids } : {}) });
  return { label, decisions, skippedRules };
}

/** Approve and reject as decided; refused when a rule could not run (it cannot have found an error). */
async function actOn(runtime: Runtime, { decisions, skippedRules }: Chosen, signal: AbortSignal): Promise<Map<number, Outcome>> {
  if (skippedRules.length && decisions.some((d) => d.decision === "approve")) {
    // A rule that could not run cannot have found an error: approving would rest on an incomplete check.
    throw new CwApiError({ kind: "refused", message: `Not approving: ${skippedRules.map((s) => `${s.rule} (${s.reason})`).join("; ")} could not be checked.`, hint: "Fix what stopped those rules (see the preview), or approve those sheets in ConnectWise yourself." });
  }
  return act(runtime, decisions, signal);
}

/** What differs between the decisions shown and those made again ("#12 would now be held"), empty when nothing does. */
function changedDecisions(shown: SheetDecision[], now: SheetDecision[]): string[] {
  const before = new Map(shown.map((d) => [d.sheet.id, d.decision]));
  const after = new Map(now.map((d) => [d.sheet.id, d.decision]));
  const out: string[] = [];
  for (const [id, decision] of after) if (before.get(id) !== decision) out.push(before.has(id) ? `#${id} would now be ${decision} (was ${before.get(id)})` : `#${id} is new (${decision})`);
  for (const id of before.keys()) if (!after.has(id)) out.push(`#${id} is no longer selected`);
  return out;
}

function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}

function withText(result: CallToolResult, text: string | ((old: string) => string)): CallToolResult {
  const next = typeof text === "string" ? text : text(textOf(result));
  return { ...result, content: [{ type: "text", text: next }, ...result.content.slice(1)] };
}

type Outcome = { outcome: "approved" | "rejected"; message?: string } | { outcome: "failed"; error: string } | { outcome: "not_sent" };

/** One action per sheet, in order; a failure is reported and the others still run (sheets are independent). */
async function act(runtime: Runtime, decisions: SheetDecision[], signal: AbortSignal): Promise<Map<number, Outcome>> {
  const http = await runtime.http();
  const out = new Map<number, Outcome>();
  for (const d of decisions) {
    if (d.decision !== "approve" && d.decision !== "reject") continue;
    if (signal.aborted) {
      out.set(d.sheet.id, { outcome: "not_sent" });
      continue;
    }
    try {
      const res = await http.request({
        method: "POST",
        path: `/time/sheets/${d.sheet.id}/${d.decision}`,
        ...(d.decision === "approve" ? { body: { approvalType: d.approvalType } } : {}),
      });
      const message = (res.data as { message?: unknown } | undefined)?.message;
      out.set(d.sheet.id, { outcome: d.decision === "approve" ? "approved" : "rejected", ...(typeof message === "string" ? { message } : {}) });
    } catch (err) {
      out.set(d.sheet.id, { outcome: "failed", error: err instanceof CwApiError ? err.describe() : String(err) });
    }
  }
  return out;
}

const LABELS: Record<string, string> = { approve: "Approve", reject: "Reject", hold: "Hold for review", skip: "Leave alone" };
const DONE: Record<string, string> = { approve: "Approved", reject: "Rejected", hold: "Held for review", skip: "Left alone" };

function answer(runtime: Runtime, label: string, decisions: SheetDecision[], outcomes: Map<number, Outcome> | undefined, skipped: { rule: string; reason: string }[]): CallToolResult {
  const preview = outcomes === undefined;
  const counts = { approve: 0, reject: 0, hold: 0, skip: 0 };
  for (const d of decisions) counts[d.decision]!++;
  const lines = [preview ? `Preview only — nothing was sent. ${decisions.length} time sheet${decisions.length === 1 ? "" : "s"}, ${label}:` : `${decisions.length} time sheet${decisions.length === 1 ? "" : "s"}, ${label}:`];
  for (const kind of ["approve", "reject", "hold", "skip"] as const) {
    const group = decisions.filter((d) => d.decision === kind);
    if (!group.length) continue;
    lines.push(`${(preview ? LABELS : DONE)[kind]} (${group.length}):`);
    for (const d of group.slice(0, 40)) {
      const o = outcomes?.get(d.sheet.id);
      const status = o?.outcome === "failed" ? ` — FAILED: ${o.error}` : o?.outcome === "not_sent" ? " — not sent (cancelled)" : "";
      lines.push(`- #${d.sheet.id} ${name(d.sheet.member)} ${sheetSpan(d.sheet)} (${d.sheet.status}${d.sheet.hours !== undefined ? `, ${d.sheet.hours} h` : ""}): ${d.reason}${status}`);
      const shown = kind === "reject" || (kind === "approve" && d.overridden) ? d.errors : kind === "hold" ? d.warnings : [];
      for (const f of shown.slice(0, 8)) lines.push(`    ${f.message}`);
      if (shown.length > 8) lines.push(`    … ${shown.length - 8} more in structuredContent`);
    }
    if (group.length > 40) lines.push(`  … ${group.length - 40} more in structuredContent`);
  }
  if (skipped.length) lines.push(`Not checked: ${skipped.map((s) => `${s.rule} (${s.reason})`).join("; ")}.`);
  if (counts.reject) lines.push("ConnectWise's reject action takes no reason: send the reasons above to each technician.");
  if (preview) lines.push(counts.approve + counts.reject ? "To do this, call again with the same selection and confirm: true (validation runs again then)." : "Nothing to approve or reject.");
  const failed = [...(outcomes?.values() ?? [])].filter((o) => o.outcome === "failed").length;
  if (failed) lines.push(`${failed} action${failed === 1 ? "" : "s"} failed; the others were done.`);
  const structured = {
    preview,
    selection: label,
    counts,
    sheets: decisions.map((d) => ({
      id: d.sheet.id,
      member: d.sheet.member,
      date_start: d.sheet.dateStart,
      date_end: d.sheet.dateEnd,
      status: d.sheet.status,
      ...(d.sheet.hours !== undefined ? { hours: d.sheet.hours } : {}),
      decision: d.decision,
      ...(d.approvalType ? { approval_type: d.approvalType } : {}),
      reason: d.reason,
      overridden: d.overridden,
      errors: d.errors,
      warnings: d.warnings,
      ...(outcomes?.get(d.sheet.id) ?? {}),
    })),
    skipped_rules: skipped,
  };
  return { ...(failed ? { isError: true } : {}), content: [{ type: "text", text: runtime.redact(withNotice(lines.join("\n"))) }], structuredContent: redactDeep(structured, runtime.redact) as Rec };
}

function sheetSpan(s: SheetRow): string {
  return `${s.dateStart.slice(0, 10)}..${s.dateEnd.slice(5, 10)}`;
}
