/**
 * MCP prompts: the workflows MSP people run every day, written as instructions that name our own tools and
 * named operations, in the order to call them. A prompt reads nothing itself (prompts/get stays instant and
 * works offline); argument completion reads the cached look-ups (members, boards) or one small company search.
 *
 * Each prompt lists the tools and operations it names, and a test checks every one exists, so a renamed tool
 * cannot leave a prompt pointing nowhere.
 */
import { completable } from "@modelcontextprotocol/sdk/server/completable.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type GetPromptResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { conditionValue } from "../operations/template-helpers.js";
import type { Runtime } from "../runtime.js";

/** Completion suggestions shown at most (the protocol allows 100). */
const MAX_SUGGESTIONS = 20;
/** A completion waits this long for ConnectWise, then offers nothing rather than keep the person typing waiting. */
const COMPLETION_TIMEOUT_MS = 3_000;

export interface PromptSpec {
  name: string;
  title: string;
  description: string;
  /** Tools the text tells the assistant to call. */
  tools: string[];
  /** Named operations the text runs through cw_operation. */
  operations: string[];
}

export const PROMPTS: PromptSpec[] = [
  {
    name: "triage_my_queue",
    title: "Triage my queue",
    description: "Go through a technician's open tickets and decide what to work on next: SLA breaches, priorities, customers waiting.",
    tools: ["cw_member_dashboard", "cw_operation", "cw_ticket_context"],
    operations: ["my_open_tickets", "tickets_waiting_on_client", "add_ticket_note", "change_ticket_status"],
  },
  {
    name: "weekly_timesheet_review",
    title: "Weekly timesheet review",
    description: "Check a week of time entries against the nine timesheet rules and prepare the approvals, for one technician or everyone.",
    tools: ["cw_validate_timesheets", "cw_operation", "cw_accrual_balance", "cw_approve_timesheets"],
    operations: ["timesheets_pending_approval"],
  },
  {
    name: "client_health_review",
    title: "Client health review",
    description: "One client's health before an account review: score and its reasons, tickets, SLA, agreements and their margin, invoices.",
    tools: ["cw_operation", "cw_agreement_health"],
    operations: ["company_360_view", "client_health_scorecard", "sla_compliance", "tickets_by_company", "overdue_invoices"],
  },
  {
    name: "dispatch_board_today",
    title: "Dispatch board for today",
    description: "Today's dispatch: unassigned and urgent tickets, who is booked and who has room, and proposed assignments to confirm.",
    tools: ["cw_operation", "cw_member_dashboard"],
    operations: ["unassigned_tickets", "high_priority_open_tickets", "overdue_tickets", "todays_schedule", "member_utilization", "assign_ticket", "schedule_ticket"],
  },
];

const SAFETY =
  "Do not send any write on your own: writes come back as previews; show me the preview and send it only when I say so " +
  "(my client may also ask me to confirm in a dialog).";

export function registerPrompts(server: McpServer, runtime: Runtime): void {
  const spec = (name: string) => PROMPTS.find((p) => p.name === name)!;
  const meta = (name: string) => ({ title: spec(name).title, description: spec(name).description });
  const completeMember = completer(runtime, async (value, signal) => {
    const members = await runtime.lookups.records("member", signal);
    const active = members.filter((m) => m.inactiveFlag !== true);
    return startsWith(active.flatMap((m) => (typeof m.identifier === "string" ? [m.identifier] : [])), value);
  });
  const completeBoard = completer(runtime, async (value, signal) => {
    const boards = await runtime.lookups.records("board", signal);
    return startsWith(boards.map((b) => String(b.name ?? "")).filter(Boolean), value);
  });
  const completeCompany = completer(runtime, async (value, signal) => {
    const text = value.trim();
    if (text.length < 2 || /["']/.test(text)) return [];
    const http = await runtime.http();
    const res = await http.request({ method: "GET", path: "/company/companies", query: { conditions: `name like ${conditionValue(`${text}%`)}`, fields: "name", orderBy: "name", pageSize: MAX_SUGGESTIONS }, signal });
    return Array.isArray(res.data) ? (res.data as { name?: unknown }[]).map((c) => String(c.name ?? "")).filter(Boolean) : [];
  });

  server.registerPrompt(
    "triage_my_queue",
    { ...meta("triage_my_queue"), argsSchema: { member: completable(z.string().min(1).max(100).describe("The technician: identifier (lcruz), full name or id"), completeMember) } },
    ({ member }) =>
      message(
        `Triage the ConnectWise ticket queue of ${quote(member)}.\n\n` +
          `1. Call cw_member_dashboard {"member": ${json(member)}}: open tickets by priority with SLA breaches, hours this week against capacity, today's schedule.\n` +
          `2. If the dashboard clips the list, call cw_operation {"name": "my_open_tickets", "params": {"member": ${json(member)}}} for all of them.\n` +
          `3. Call cw_operation {"name": "tickets_waiting_on_client"} and keep those owned by ${quote(member)}: they wait on someone else, not on us.\n` +
          "4. Pick the five that matter most — SLA breached or about to be, highest priority, oldest without a response — and call " +
          "cw_ticket_context {\"ticket_id\": N} for each to read its notes, time and SLA status.\n\n" +
          "Then answer with: the order to work them in, one line each with the reason; tickets that look finished (suggest closing them); " +
          "tickets waiting on the customer that need a nudge; anything that breaches SLA today. Where a note or a status change would help, " +
          'prepare it with cw_operation {"name": "add_ticket_note"} or {"name": "change_ticket_status"} without confirm, so I see the preview. ' +
          SAFETY,
      ),
  );

  server.registerPrompt(
    "weekly_timesheet_review",
    {
      ...meta("weekly_timesheet_review"),
      argsSchema: {
        member: completable(z.string().max(100).optional().describe("One technician (identifier, name or id); everyone when empty"), completeMember),
        week: completable(z.string().max(40).optional().describe('"last_week" (default), "this_week", or any date in the week, e.g. 2026-03-09'), (value) =>
          ["last_week", "this_week"].filter((w) => w.startsWith(value ?? "")),
        ),
      },
    },
    async ({ member, week }) => {
      const { periodRange, PeriodError } = await import("../timesheets/approval.js");
      const period = week?.trim() || "last_week";
      let range: { start: string; end: string };
      try {
        range = periodRange(period, runtime.config.timezone, new Date());
      } catch (err) {
        if (err instanceof PeriodError) throw new McpError(ErrorCode.InvalidParams, `week: "${period}" is not a week I can read; use last_week, this_week or a date such as 2026-03-09.`);
        throw err;
      }
      const who = member?.trim() ? member.trim() : undefined;
      const scope = who ? `of ${quote(who)}` : "of every technician";
      const memberArg = who ? `"member": ${json(who)}, ` : "";
      return message(
        `Review the ConnectWise timesheets ${scope} for the week ${range.start} to ${range.end} (${runtime.config.timezone}).\n\n` +
          `1. Call cw_validate_timesheets {${memberArg}"start": "${range.start}", "end": "${range.end}"}: every entry against the nine rules.\n` +
          `2. Call cw_operation {"name": "timesheets_pending_approval"${who ? `, "params": {"member": ${json(who)}}` : ""}}: the sheets waiting for approval.\n` +
          `3. Where a finding is about time off (accrual_balance), call cw_accrual_balance {"member": …} for that technician.\n` +
          `4. Call cw_approve_timesheets {${memberArg}"period": ${json(period)}} without confirm: what would be approved, rejected with which reasons, or held.\n\n` +
          "Then answer with, per technician: the errors that block approval (what to fix, on which entry), the warnings worth a word, and " +
          "the approval plan. Draft a short, friendly message to each technician with a rejected or held sheet. " +
          SAFETY,
      );
    },
  );

  server.registerPrompt(
    "client_health_review",
    { ...meta("client_health_review"), argsSchema: { company: completable(z.string().min(1).max(200).describe("The client: company name, identifier or id"), completeCompany) } },
    ({ company }) =>
      message(
        `Prepare a health review of the client ${quote(company)} in ConnectWise.\n\n` +
          `1. Call cw_operation {"name": "company_360_view", "params": {"company": ${json(company)}, "days": 90}}: the one-page view (health score, tickets, hours, agreements, invoices, assets, projects, pipeline).\n` +
          `2. Call cw_operation {"name": "client_health_scorecard", "params": {"company": ${json(company)}, "start": "-90d"}} for the score's penalties and how they were counted.\n` +
          `3. Call cw_operation {"name": "sla_compliance", "params": {"company": ${json(company)}, "start": "-90d"}}.\n` +
          "4. For each active agreement in the 360 view, call cw_agreement_health {\"agreement_id\": N} (or {\"company_id\": N} with the company's id from step 1): revenue against the cost of time, hours used against included, renewal risk.\n" +
          `5. Call cw_operation {"name": "tickets_by_company", "params": {"company": ${json(company)}, "closed": false}} and {"name": "overdue_invoices", "params": {"company": ${json(company)}}}.\n\n` +
          "Then answer as a one-page account review: the score and what drives it, what changed against the period before, agreements at a loss or " +
          "near renewal, recurring problems in the tickets, money owed, and three concrete actions for the account manager. Give figures, not adjectives.",
      ),
  );

  server.registerPrompt(
    "dispatch_board_today",
    { ...meta("dispatch_board_today"), argsSchema: { board: completable(z.string().max(100).optional().describe("A service board, e.g. Help Desk; all boards when empty"), completeBoard) } },
    ({ board }) => {
      const b = board?.trim() ? board.trim() : undefined;
      const params = b ? `, "params": {"board": ${json(b)}}` : "";
      return message(
        `Run today's dispatch for ${b ? `the ${quote(b)} board` : "all service boards"} in ConnectWise.\n\n` +
          `1. Call cw_operation {"name": "unassigned_tickets"${params}}: open tickets nobody owns, oldest first.\n` +
          `2. Call cw_operation {"name": "high_priority_open_tickets"${params}} and {"name": "overdue_tickets"${params}}.\n` +
          '3. Call cw_operation {"name": "todays_schedule"}: who is booked today, and when.\n' +
          '4. Call cw_operation {"name": "member_utilization", "params": {"start": "-7d", "chart": "none"}} for each technician\'s load this week; ' +
          "for anyone you are about to give work to, cw_member_dashboard {\"member\": …} shows their open tickets.\n\n" +
          "Then answer with a dispatch board: each unassigned or urgent ticket with the technician you propose and why (skills from past tickets, " +
          'room in the schedule, load), and a time slot. Prepare each assignment with cw_operation {"name": "assign_ticket"} and, when a slot is ' +
          'proposed, {"name": "schedule_ticket"}, without confirm, so I can review the previews. ' +
          SAFETY,
      );
    },
  );
}

function message(text: string): GetPromptResult {
  return { messages: [{ role: "user", content: { type: "text", text } }] };
}

function quote(value: string): string {
  return `"${value.replace(/\s+/g, " ").trim()}"`;
}

function json(value: string): string {
  return JSON.stringify(value.trim());
}

function startsWith(values: string[], prefix: string | undefined): string[] {
  const p = (prefix ?? "").trim().toLowerCase();
  const hits = values.filter((v) => v.toLowerCase().startsWith(p));
  const inside = p ? values.filter((v) => !v.toLowerCase().startsWith(p) && v.toLowerCase().includes(p)) : [];
  return [...new Set([...hits.sort(), ...inside.sort()])].slice(0, MAX_SUGGESTIONS);
}

/** A completion callback that never fails the request: ConnectWise unreachable or slow means no suggestions. */
function completer(runtime: Runtime, find: (value: string, signal: AbortSignal) => Promise<string[]>) {
  return async (value: string | undefined): Promise<string[]> => {
    const signal = AbortSignal.timeout(COMPLETION_TIMEOUT_MS);
    try {
      return (await find(value ?? "", signal)).map((v) => runtime.redact(v)).slice(0, MAX_SUGGESTIONS);
    } catch {
      return [];
    }
  };
}
