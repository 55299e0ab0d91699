/**
 * cw_audit_ticket: how a ticket was handled — its audit trail, each status with how long the ticket sat
 * in it, first response against the SLA, notes written without time logged, and time logged without notes.
 *
 * Fetch plan (two levels, five requests): the ticket, its audit trail, notes and time entries at once;
 * then the SLA's targets for the ticket's priority.
 */
import { DateTime } from "luxon";
import type { Branches, BranchFailure } from "./fanout.js";
import { num, round2, text, type Reader, type Rec } from "./read.js";
import { clip, failureLines, hours, localTime, nameOf } from "./show.js";
import { name, quote } from "../format/untrusted.js";
import { slaSummary, slaTargetOf } from "./ticket-context.js";

export interface AuditTicketData extends Record<string, unknown> {
  ticket: Rec;
  trail: Rec[];
  notes: Rec[];
  timeEntries: Rec[];
  slaTarget: Rec | null;
}

/** A time entry's notes shorter than this say nothing a client or a reviewer can use. */
export const MIN_NOTE_CHARS = 10;

export function auditTicketPlan(read: Reader, id: number): Branches<AuditTicketData> {
  return {
    ticket: () => read.one(`/service/tickets/${id}`),
    trail: () => read.list("/system/audittrail", { type: "Ticket", id }, 2000),
    notes: () => read.list(`/service/tickets/${id}/notes`, { orderBy: "dateCreated" }, 500),
    timeEntries: () => read.list("/time/entries", { conditions: `chargeToType = "ServiceTicket" and chargeToId = ${id}`, orderBy: "timeStart", fields: "id,member/identifier,timeStart,timeEnd,actualHours,billableOption,notes" }, 1000),
    slaTarget: async (need) => slaTargetOf(read, await need("ticket")),
  };
}

export interface StatusChange {
  from: string;
  to: string;
  at: string;
  by: string;
}

const CHANGE = /changed from "(.*)" to "(.*)"/i;

/** Status changes in time order, read from entries whose sub-type is Status (or whose text says so). */
export function statusChanges(trail: Rec[]): StatusChange[] {
  return trail
    .filter((e) => String(e.auditSubType ?? "").toLowerCase() === "status" || /^status\b/i.test(String(e.text ?? "")))
    .map((e) => ({ m: CHANGE.exec(String(e.text ?? "")), e }))
    .filter((x) => x.m !== null)
    .map(({ m, e }) => ({ from: m![1]!, to: m![2]!, at: String(e.enteredDate ?? ""), by: String(e.enteredBy ?? "") }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export interface StatusSpan {
  status: string;
  from: string;
  until: string;
  hours: number;
  /** The span still running (the ticket is in this status now). */
  current: boolean;
}

/** Each status the ticket was in, from when to when; the last runs to `end` (closing or now). */
export function statusSpans(entered: string, changes: StatusChange[], firstStatus: string, end: string, closed: boolean): StatusSpan[] {
  const spans: StatusSpan[] = [];
  let status = changes[0]?.from ?? firstStatus;
  let since = entered;
  for (const c of changes) {
    spans.push({ status, from: since, until: c.at, hours: elapsedHours(since, c.at), current: false });
    status = c.to;
    since = c.at;
  }
  spans.push({ status, from: since, until: end, hours: elapsedHours(since, end), current: !closed });
  return spans;
}

function elapsedHours(from: string, to: string): number {
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? round2(Math.max(0, ms) / 3_600_000) : 0;
}

/** Notes by technicians (notes with a member) on a day (in the MSP's zone) when that technician logged no time on the ticket. */
export function notesWithoutTime(notes: Rec[], entries: Rec[], zone: string): Rec[] {
  const day = (iso: unknown) => (typeof iso === "string" ? DateTime.fromISO(iso, { zone: "utc" }).setZone(zone).toISODate() : null);
  const logged = new Set(entries.map((e) => `${text(e, "member.identifier")?.toLowerCase()}|${day(e.timeStart)}`));
  // A technician's note names its member; notes from the client (contact) or a monitoring integration do not.
  return notes.filter((n) => {
    const by = text(n, "member.identifier")?.toLowerCase();
    return by !== undefined && !logged.has(`${by}|${day(n.dateCreated)}`);
  });
}

export function timeWithoutNotes(entries: Rec[]): Rec[] {
  return entries.filter((e) => String(e.notes ?? "").trim().length < MIN_NOTE_CHARS);
}

export function assembleAuditTicket(id: number, v: Partial<AuditTicketData>, failures: BranchFailure[], zone: string, now: Date): { text: string; structured: Rec } {
  const ticket = v.ticket!;
  const entered = text(ticket, "_info.dateEntered") ?? "";
  const closed = ticket.closedFlag === true;
  const end = (closed ? text(ticket, "closedDate") : undefined) ?? now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const changes = v.trail ? statusChanges(v.trail) : [];
  const spans = v.trail ? statusSpans(entered, changes, nameOf(ticket.status), end, closed) : [];
  const perStatus = new Map<string, number>();
  for (const s of spans) perStatus.set(s.status, round2((perStatus.get(s.status) ?? 0) + s.hours));
  const reassignments = (v.trail ?? []).filter((e) => String(e.auditSubType ?? "").toLowerCase() === "resource" && !/from ""/.test(String(e.text ?? ""))).length;
  const sla = slaSummary(ticket, v.slaTarget ?? null);
  const respondedAt = text(ticket, "dateResponded") ?? changes.find((c) => c.from === "New")?.at;
  const respond = sla?.respond as { target_hours?: number; actual_hours?: number; met?: boolean } | undefined;
  const firstResponse = {
    ...(respondedAt ? { at: respondedAt, elapsed_hours: elapsedHours(entered, respondedAt) } : {}),
    ...(text(ticket, "respondedBy") ? { by: text(ticket, "respondedBy") } : {}),
    ...(respond?.actual_hours !== undefined ? { business_hours: respond.actual_hours } : {}),
    ...(respond?.target_hours !== undefined ? { target_hours: respond.target_hours } : {}),
    ...(respond?.met !== undefined ? { met: respond.met } : {}),
  };
  const silentNotes = v.notes && v.timeEntries ? notesWithoutTime(v.notes, v.timeEntries, zone) : [];
  const bareTime = v.timeEntries ? timeWithoutNotes(v.timeEntries) : [];
  const structured: Rec = {
    ticket_id: id,
    summary: ticket.summary,
    status: nameOf(ticket.status),
    closed,
    entered,
    ...(closed && ticket.closedDate ? { closed_at: ticket.closedDate } : {}),
    status_changes: changes,
    status_spans: spans,
    time_in_status: [...perStatus].map(([status, h]) => ({ status, hours: h })),
    reassignments,
    first_response: firstResponse,
    sla,
    notes_without_time: silentNotes.map((n) => ({ id: n.id, date: n.dateCreated, by: text(n, "member.identifier") ?? text(n, "createdBy"), text: clip(n.text, 200) })),
    time_without_notes: bareTime.map((e) => ({ id: e.id, date: e.timeStart, member: text(e, "member.identifier"), hours: num(e, "actualHours") ?? 0, notes: String(e.notes ?? "") })),
    trail: v.trail ?? [],
    failures,
  };

  const lines = [`Audit of ticket #${id} ${quote(ticket.summary, 90)} · ${name(nameOf(ticket.status))}${closed ? " (closed)" : ""} · entered ${localTime(entered, zone)} by ${name(text(ticket, "_info.enteredBy") ?? "?")}`];
  if (v.trail) {
    lines.push(`Status history (${changes.length} change${changes.length === 1 ? "" : "s"}${reassignments ? `, ${reassignments} reassignment${reassignments === 1 ? "" : "s"}` : ""}):`);
    spans.forEach((s, i) => {
      const last = i === spans.length - 1;
      lines.push(last && closed ? `- ${name(s.status)} since ${localTime(s.from, zone)}` : `- ${name(s.status)}: ${localTime(s.from, zone)} → ${s.current ? "now" : localTime(s.until, zone)} (${hours(s.hours)})`);
    });
  }
  if (firstResponse.at) {
    lines.push(`First response: ${localTime(firstResponse.at, zone)}${firstResponse.by ? ` by ${name(firstResponse.by)}` : ""}, ${hours(firstResponse.elapsed_hours ?? 0)} after entry${firstResponse.business_hours !== undefined ? ` (${firstResponse.business_hours} business h` : ""}${firstResponse.target_hours !== undefined ? ` vs SLA ${firstResponse.target_hours} h: ${firstResponse.met ? "met" : "MISSED"})` : firstResponse.business_hours !== undefined ? ")" : ""}`);
  } else {
    lines.push(`First response: none yet${respond?.target_hours !== undefined ? ` (SLA ${respond.target_hours} h)` : ""}`);
  }
  if (sla) lines.push(`SLA: ${name(sla.name)} · ${sla.in_sla ? "in SLA" : "OUT of SLA"}${sla.status ? ` · ${name(sla.status)}` : ""}`);
  if (v.notes && v.timeEntries) {
    lines.push(silentNotes.length ? `Notes without time logged that day (${silentNotes.length}):` : "Notes without time: none");
    for (const n of silentNotes.slice(0, 10)) lines.push(`- note #${String(n.id)} ${localTime(n.dateCreated, zone)} by ${name(text(n, "member.identifier") ?? text(n, "createdBy"))}: ${quote(n.text, 100)}`);
    lines.push(bareTime.length ? `Time without notes (${bareTime.length}, under ${MIN_NOTE_CHARS} characters):` : "Time without notes: none");
    for (const e of bareTime.slice(0, 10)) lines.push(`- entry #${String(e.id)} ${localTime(e.timeStart, zone)} ${name(text(e, "member.identifier") ?? "")} ${hours(num(e, "actualHours") ?? 0)}: ${quote(e.notes ?? "", MIN_NOTE_CHARS * 4)}`);
  }
  lines.push(...failureLines(failures));
  return { text: lines.join("\n"), structured };
}

