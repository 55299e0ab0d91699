/**
 * cw_ticket_context: everything a technician reads before touching a ticket, in one call.
 *
 * Fetch plan (two levels; eight requests for a ticket without a parent):
 *   level 1 — the ticket with its child and merged tickets (one list request: id = N or parentTicketId = N
 *             or mergedParentTicket/id = N), notes, time entries, configurations, schedule entries;
 *   level 2 — once the ticket is known: its company, its contact, the SLA's targets for its priority,
 *             and its parent ticket when it has one.
 */
import type { Branches, BranchFailure } from "./fanout.js";
import { field, num, round2, text, type Reader, type Rec } from "./read.js";
import { failureLines, hours, localTime, nameOf } from "./show.js";
import { name, quote } from "../format/untrusted.js";
import { CwApiError } from "../http/errors.js";

export interface TicketContextData extends Record<string, unknown> {
  family: Rec[];
  ticket: Rec;
  notes: Rec[];
  timeEntries: Rec[];
  configurations: Rec[];
  schedule: Rec[];
  company: Rec | null;
  contact: Rec | null;
  slaTarget: Rec | null;
  parent: Rec | null;
}

const TIME_FIELDS = "id,member/identifier,member/name,timeStart,timeEnd,actualHours,billableOption,notes,workType/name,workRole/name,status";

export function ticketContextPlan(read: Reader, id: number): Branches<TicketContextData> {
  return {
    family: () => read.list("/service/tickets", { conditions: `id = ${id} or parentTicketId = ${id} or mergedParentTicket/id = ${id}`, orderBy: "id" }, 200),
    ticket: async (need) => {
      const ticket = (await need("family")).find((t) => t.id === id);
      if (!ticket) throw new CwApiError({ kind: "http", status: 404, method: "GET", path: `/service/tickets/${id}`, message: `Ticket ${id} was not found.`, hint: "Check the number; project tickets live under /project/tickets." });
      return ticket;
    },
    notes: () => read.list(`/service/tickets/${id}/notes`, { orderBy: "dateCreated desc" }, 200),
    timeEntries: () => read.list("/time/entries", { conditions: `chargeToType = "ServiceTicket" and chargeToId = ${id}`, orderBy: "timeStart desc", fields: TIME_FIELDS }, 500),
    configurations: () => read.list(`/service/tickets/${id}/configurations`, {}, 200),
    schedule: () => read.list("/schedule/entries", { conditions: `objectId = ${id} and type/identifier = "S"`, orderBy: "dateStart" }, 200),
    company: async (need) => {
      const companyId = num(await need("ticket"), "company.id");
      return companyId === undefined ? null : read.one(`/company/companies/${companyId}`);
    },
    contact: async (need) => {
      const contactId = num(await need("ticket"), "contact.id");
      return contactId === undefined ? null : read.one(`/company/contacts/${contactId}`);
    },
    slaTarget: async (need) => slaTargetOf(read, await need("ticket")),
    parent: async (need) => {
      const parentId = num(await need("ticket"), "parentTicketId");
      return parentId === undefined ? null : read.one(`/service/tickets/${parentId}`, { fields: "id,summary,status/name,closedFlag" });
    },
  };
}

/** The SLA's targets for the ticket's priority (respondHours, planWithin, resolutionHours), or null without an SLA. */
export async function slaTargetOf(read: Reader, ticket: Rec): Promise<Rec | null> {
  const slaId = num(ticket, "sla.id");
  const priorityId = num(ticket, "priority.id");
  if (slaId === undefined || priorityId === undefined) return null;
  return (await read.list(`/service/SLAs/${slaId}/priorities`, { conditions: `priority/id = ${priorityId}` }, 10))[0] ?? null;
}

export interface SlaStep {
  target_hours?: number;
  actual_hours?: number;
  met?: boolean;
}

/** The SLA picture from the ticket's own figures (business minutes, as ConnectWise counts them) and the priority's targets. */
export function slaSummary(ticket: Rec, target: Rec | null): Rec | null {
  if (!ticket.sla) return null;
  const step = (actualMinutes: number | undefined, targetHours: number | undefined): SlaStep => ({
    ...(targetHours !== undefined ? { target_hours: targetHours } : {}),
    ...(actualMinutes !== undefined ? { actual_hours: round2(actualMinutes / 60) } : {}),
    ...(actualMinutes !== undefined && targetHours !== undefined ? { met: actualMinutes <= targetHours * 60 } : {}),
  });
  return {
    name: nameOf(ticket.sla),
    status: text(ticket, "slaStatus") ?? "",
    in_sla: ticket.isInSla === true,
    respond: step(num(ticket, "respondMinutes"), num(target, "respondHours")),
    plan: step(num(ticket, "resPlanMinutes"), num(target, "planWithin")),
    resolve: step(num(ticket, "resolveMinutes"), num(target, "resolutionHours")),
  };
}

export function assembleTicketContext(id: number, v: Partial<TicketContextData>, failures: BranchFailure[], zone: string): { text: string; structured: Rec } {
  const ticket = v.ticket!;
  const children = (v.family ?? []).filter((t) => t.id !== id);
  const entries = v.timeEntries ?? [];
  const totalHours = round2(entries.reduce((s, e) => s + (num(e, "actualHours") ?? 0), 0));
  const billableHours = round2(entries.filter((e) => e.billableOption === "Billable").reduce((s, e) => s + (num(e, "actualHours") ?? 0), 0));
  const sla = slaSummary(ticket, v.slaTarget ?? null);
  const structured: Rec = {
    ticket_id: id,
    ticket,
    company: v.company ?? null,
    contact: v.contact ?? null,
    sla,
    notes: v.notes ?? [],
    time_entries: entries,
    time_totals: { entries: entries.length, hours: totalHours, billable_hours: billableHours },
    configurations: v.configurations ?? [],
    schedule_entries: v.schedule ?? [],
    child_tickets: children,
    parent_ticket: v.parent ?? null,
    failures,
  };

  const lines = [
    `Ticket #${id} ${quote(ticket.summary, 100)} · ${name(nameOf(ticket.board))} · ${name(nameOf(ticket.status))} · ${name(nameOf(ticket.priority))}${ticket.owner ? ` · owner ${name(nameOf(field(ticket, "owner.identifier") ?? ticket.owner))}` : ""}${ticket.closedFlag ? " · closed" : ""}`,
    `Entered ${localTime(field(ticket, "_info.dateEntered"), zone)} by ${name(text(ticket, "_info.enteredBy") ?? "?")}${ticket.resources ? ` · resources ${name(ticket.resources, 80)}` : ""}${ticket.agreement ? ` · agreement ${name(nameOf(ticket.agreement))}` : ""}`,
  ];
  if (v.company) lines.push(`Company: ${name(nameOf(v.company), 60)} (${name(text(v.company, "identifier") ?? "")})${v.company.phoneNumber ? ` · ${name(v.company.phoneNumber)}` : ""}${v.company.status ? ` · ${name(nameOf(v.company.status))}` : ""}`);
  if (v.contact) {
    const channels = Array.isArray(v.contact.communicationItems) ? (v.contact.communicationItems as Rec[]).map((c) => text(c, "value")).filter(Boolean).slice(0, 2) : [];
    lines.push(`Contact: ${name([text(v.contact, "firstName"), text(v.contact, "lastName")].filter(Boolean).join(" "), 60)}${v.contact.title ? `, ${name(v.contact.title, 60)}` : ""}${channels.length ? ` · ${channels.map((c) => name(c, 60)).join(" · ")}` : ticket.contactEmailAddress ? ` · ${name(ticket.contactEmailAddress, 60)}` : ""}`);
  } else if (ticket.contactName) {
    lines.push(`Contact: ${name(ticket.contactName, 60)}${ticket.contactEmailAddress ? ` · ${name(ticket.contactEmailAddress, 60)}` : ""}${ticket.contactPhoneNumber ? ` · ${name(ticket.contactPhoneNumber)}` : ""}`);
  }
  if (sla) {
    const show = (label: string, s: unknown) => {
      const st = s as SlaStep;
      return st.actual_hours !== undefined ? `${label} ${st.actual_hours} of ${st.target_hours ?? "?"} h${st.met === false ? " (missed)" : ""}` : `${label} pending${st.target_hours !== undefined ? ` (target ${st.target_hours} h)` : ""}`;
    };
    lines.push(`SLA: ${name(sla.name)} · ${sla.in_sla ? "in SLA" : "OUT of SLA"}${sla.status ? ` · ${name(sla.status)}` : ""} · ${show("respond", sla.respond)} · ${show("plan", sla.plan)} · ${show("resolve", sla.resolve)}`);
  }
  if (v.parent) lines.push(`Parent ticket: #${String(v.parent.id)} ${quote(v.parent.summary, 80)} (${name(nameOf(v.parent.status))})`);
  lines.push(children.length ? `Child/merged tickets (${children.length}): ${children.map((c) => `#${String(c.id)} ${quote(c.summary, 50)} (${name(nameOf(c.status))})`).join("; ")}` : "Child/merged tickets: none");
  const notes = v.notes ?? [];
  lines.push(`Notes (${notes.length}, newest first):`);
  for (const n of notes.slice(0, 10)) {
    const kind = n.internalAnalysisFlag ? "internal" : n.resolutionFlag ? "resolution" : "discussion";
    lines.push(`- ${localTime(n.dateCreated, zone)} ${name(text(n, "createdBy") ?? nameOf(n.member ?? n.contact))} (${kind}): ${quote(n.text, 160)}`);
  }
  if (notes.length > 10) lines.push(`  … ${notes.length - 10} more in structuredContent.notes`);
  lines.push(`Time: ${entries.length} entr${entries.length === 1 ? "y" : "ies"}, ${hours(totalHours)} (${hours(billableHours)} billable)`);
  for (const e of entries.slice(0, 10)) lines.push(`- ${localTime(e.timeStart, zone)} ${name(text(e, "member.identifier") ?? "")} ${hours(num(e, "actualHours") ?? 0)} ${name(e.billableOption ?? "")}: ${quote(e.notes, 120)}`);
  if (entries.length > 10) lines.push(`  … ${entries.length - 10} more in structuredContent.time_entries`);
  const configs = v.configurations ?? [];
  lines.push(`Configurations: ${configs.length ? configs.map((c) => `${name(c.name ?? c.deviceIdentifier ?? `#${String(c.id)}`, 60)}${c.deviceIdentifier && c.name ? ` (${name(c.deviceIdentifier, 60)})` : ""}`).join(", ") : "none"}`);
  const schedule = v.schedule ?? [];
  lines.push(`Schedule: ${schedule.length ? schedule.map((s) => `${localTime(s.dateStart, zone)}–${localTime(s.dateEnd, zone).slice(11)} ${name(text(s, "member.identifier") ?? "")} (${name(nameOf(s.status))}${s.doneFlag ? ", done" : ""})`).join("; ") : "nothing scheduled"}`);
  lines.push(...failureLines(failures));
  return { text: lines.join("\n"), structured };
}
