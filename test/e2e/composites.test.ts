/**
 * Composite tools end to end: real MCP over stdio to the built server, real HTTP to an in-process
 * sandbox seeded around today (the composites read "this week" and "the last three months" from the
 * clock). Every figure is checked against the sandbox's own records.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { tableKey } from "../../src/sandbox/references.js";
import type { Row } from "../../src/sandbox/store.js";
import { useE2e, type E2e } from "../helpers/e2e.js";

const ZONE = "America/Chicago";
const h = useE2e({ sandbox: { now: new Date() }, env: { CW_TIMEZONE: ZONE } });
const call = h.call;
const api = (...args: Parameters<E2e["api"]>) => h.api(...args);

const table = (template: string) => h.sb.store.table(tableKey(template));
const rows = (template: string) => table(template).list();
const ref = (r: Row, key: string) => (r[key] as { id?: number; identifier?: string } | undefined) ?? {};
const hoursOf = (list: Row[]) => Math.round(list.reduce((s, e) => s + Number(e.actualHours ?? 0), 0) * 100) / 100;
const entriesOn = (ticketId: number) => rows("/time/entries").filter((e) => e.chargeToType === "ServiceTicket" && e.chargeToId === ticketId);
const notesOf = (ticketId: number) => table("/service/tickets/{parentId}/notes").list(String(ticketId));

describe("cw_ticket_context", () => {
  /** A ticket with everything: notes, time, a schedule entry, a configuration named in its summary, a contact. */
  function richTicket(): Row {
    const configs = rows("/company/configurations");
    const scheduled = new Set(rows("/schedule/entries").map((s) => s.objectId));
    const found = rows("/service/tickets").find(
      (t) =>
        scheduled.has(t.id) && entriesOn(t.id).length > 1 && notesOf(t.id).length > 1 && ref(t, "contact").id &&
        configs.some((c) => ref(c, "company").id === ref(t, "company").id && String(t.summary).includes(String(c.name))),
    );
    if (!found) throw new Error("the seed has no ticket with notes, time, schedule and a configuration");
    return found;
  }

  it("assembles ticket, notes newest first, time, configurations, company, contact, schedule, children and SLA in one call", async () => {
    const t = richTicket();
    const child = rows("/service/tickets").find((x) => x.id !== t.id && !x.parentTicketId)!;
    expect((await api("PATCH", `/service/tickets/${child.id}`, [{ op: "replace", path: "parentTicketId", value: t.id }])).status).toBe(200);
    h.sb.requests.length = 0;

    const res = await call("cw_ticket_context", { ticket_id: t.id });
    expect(res.isError).toBe(false);
    const d = res.data;
    expect(d.failures).toEqual([]);
    expect(d.ticket.id).toBe(t.id);
    expect(d.company.id).toBe(ref(t, "company").id);
    expect(d.contact.id).toBe(ref(t, "contact").id);

    const notes = [...notesOf(t.id)].sort((a, b) => String(b.dateCreated).localeCompare(String(a.dateCreated)));
    expect(d.notes.map((n: Row) => n.id)).toEqual(notes.map((n) => n.id));
    expect(new Set(d.time_entries.map((e: Row) => e.id))).toEqual(new Set(entriesOn(t.id).map((e) => e.id)));
    expect(d.time_totals).toMatchObject({ entries: entriesOn(t.id).length, hours: hoursOf(entriesOn(t.id)) });
    const named = rows("/company/configurations").filter((c) => ref(c, "company").id === ref(t, "company").id && String(t.summary).includes(String(c.name)));
    expect(d.configurations.map((c: Row) => c.id)).toEqual(expect.arrayContaining(named.map((c) => c.id)));
    const schedule = rows("/schedule/entries").filter((s) => s.objectId === t.id);
    expect(d.schedule_entries.map((s: Row) => s.id)).toEqual(schedule.map((s) => s.id));
    expect(d.child_tickets.map((c: Row) => c.id)).toEqual([child.id]);

    const target = table("/service/SLAs/{parentId}/priorities").list(String(ref(t, "sla").id)).find((p) => ref(p, "priority").id === ref(t, "priority").id)!;
    expect(d.sla).toMatchObject({ name: (t.sla as { name: string }).name, in_sla: t.isInSla, respond: { target_hours: target.respondHours } });
    if (typeof t.respondMinutes === "number") expect(d.sla.respond.actual_hours).toBeCloseTo(t.respondMinutes / 60, 2);

    expect(res.text).toContain(`Ticket #${t.id}`);
    expect(res.text).toContain(`Notes (${notes.length}, newest first)`);
    expect(res.text).toMatch(/Configurations: \S/);
    // One fan-out: eight reads (ticket family, notes, time, configurations, schedule; company, contact, SLA), all GET.
    expect(h.sb.requests.map((r) => r.method)).toEqual(Array(8).fill("GET"));
    expect(JSON.stringify(d)).not.toContain("_info");
  });

  it("reports a branch that failed and still returns the rest", async () => {
    const t = richTicket();
    h.sb.faults.update({ script: [{ path: `/service/tickets/${t.id}/notes`, status: 500 }] });
    const res = await call("cw_ticket_context", { ticket_id: t.id });
    expect(res.isError).toBe(false);
    expect(res.data.failures).toEqual([{ branch: "notes", error: expect.stringMatching(/HTTP 500/) }]);
    expect(res.data.notes).toEqual([]);
    expect(res.data.ticket.id).toBe(t.id);
    expect(res.data.time_entries.length).toBe(entriesOn(t.id).length);
    expect(res.text).toMatch(/Could not read:\n- notes: .*HTTP 500/);
  });

  it("a failed ticket read fails the call; what needed the ticket is not asked for", async () => {
    const res = await call("cw_ticket_context", { ticket_id: 987654 });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/Ticket 987654 was not found/);
    expect(h.sb.requests.some((r) => r.path.startsWith("/company/"))).toBe(false);
  });
});

describe("cw_member_dashboard", () => {
  it("counts open tickets by priority, this week's hours against capacity, the schedule ahead and the time sheet", async () => {
    const members = rows("/system/members").filter((m) => m.inactiveFlag !== true);
    const openFor = (m: Row) =>
      rows("/service/tickets").filter((t) => t.closedFlag === false && (ref(t, "owner").id === m.id || String(t.resources ?? "").split(/\s*,\s*/).includes(String(m.identifier))));
    const member = [...members].sort((a, b) => openFor(b).length - openFor(a).length)[0]!;
    const today = DateTime.now().setZone(ZONE).startOf("day");
    // Time logged today and a visit tomorrow, so the week and the horizon have something in them whatever the day.
    const start = today.plus({ hours: 9 }).toUTC().toISO({ suppressMilliseconds: true })!;
    const ticket = openFor(member)[0]!;
    const posted = await api("POST", "/time/entries", { chargeToType: "ServiceTicket", chargeToId: ticket.id, member: { id: member.id }, timeStart: start, actualHours: 1.5, notes: "Dashboard test entry" });
    expect(posted.status).toBe(201);
    const visit = await api("POST", "/schedule/entries", {
      objectId: ticket.id, member: { id: member.id }, type: { identifier: "S" }, name: "Dashboard test visit",
      dateStart: today.plus({ days: 1, hours: 10 }).toUTC().toISO({ suppressMilliseconds: true }), dateEnd: today.plus({ days: 1, hours: 11 }).toUTC().toISO({ suppressMilliseconds: true }),
    });
    expect(visit.status).toBe(201);

    const res = await call("cw_member_dashboard", { member: String(member.identifier), days: 3 });
    expect(res.isError).toBe(false);
    const d = res.data;
    expect(d.failures).toEqual([]);
    expect(d.member).toMatchObject({ id: member.id, identifier: member.identifier, daily_capacity: member.dailyCapacity });
    expect(d.date).toBe(today.toISODate());
    const open = openFor(member);
    expect(d.open_tickets.total).toBe(open.length);
    expect(d.open_tickets.out_of_sla).toBe(open.filter((t) => t.isInSla === false).length);
    expect(d.open_tickets.by_priority.reduce((s: number, g: { count: number }) => s + g.count, 0)).toBe(open.length);

    const weekStart = today.minus({ days: today.weekday % 7 });
    const inWeek = rows("/time/entries").filter((e) => ref(e, "member").id === member.id && Date.parse(String(e.timeStart)) >= weekStart.toMillis() && Date.parse(String(e.timeStart)) < today.plus({ days: 1 }).toMillis());
    expect(d.time.week_start).toBe(weekStart.toISODate());
    expect(d.time.logged_hours).toBeCloseTo(hoursOf(inWeek), 2);
    expect(d.time.logged_hours).toBeGreaterThanOrEqual(1.5);
    let workdays = 0;
    for (let x = weekStart; x <= today; x = x.plus({ days: 1 })) if (x.weekday <= 5) workdays++;
    expect(d.time.capacity_to_date).toBeCloseTo(Number(member.dailyCapacity) * workdays, 2);
    expect(d.schedule.map((s: Row) => s.id)).toContain(visit.body.id);

    const sheet = rows("/time/sheets").find((s) => ref(s, "member").id === member.id && String(s.dateStart).slice(0, 10) <= today.toISODate()! && String(s.dateEnd).slice(0, 10) >= today.toISODate()!);
    expect(d.time_sheet?.id ?? null).toBe(sheet?.id ?? null);
    expect(res.text).toContain(`Open tickets: ${open.length}`);
  });

  it("takes a full name, and lists candidates for a name it cannot place", async () => {
    const m = rows("/system/members").find((x) => x.inactiveFlag !== true)!;
    const byName = await call("cw_member_dashboard", { member: `${String(m.firstName)} ${String(m.lastName)}` });
    expect(byName.data.member.id).toBe(m.id);
    const unknown = await call("cw_member_dashboard", { member: "Nobody Atall" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/"Nobody Atall" matches no member[\s\S]*Candidates:/);
  });
});

describe("cw_agreement_health", () => {
  const window = () => {
    const end = DateTime.now().setZone(ZONE).startOf("month");
    return { start: end.minus({ months: 3 }).toMillis(), end: end.toMillis() };
  };
  const timeOf = (agreementId: number) => {
    const w = window();
    return rows("/time/entries").filter((e) => ref(e, "agreement").id === agreementId && Date.parse(String(e.timeStart)) >= w.start && Date.parse(String(e.timeStart)) < w.end);
  };

  it("sets revenue against the cost of the time and the additions, month by month", async () => {
    const additions = (id: number) => table("/finance/agreements/{parentId}/additions").list(String(id));
    const agreement = rows("/finance/agreements").find((a) => a.agreementStatus === "Active" && additions(a.id).length > 0 && timeOf(a.id).length > 0)!;
    const members = new Map(rows("/system/members").map((m) => [m.id, m]));
    const roles = new Map(rows("/time/workRoles").map((r) => [r.id, r]));
    const monthly = Number(agreement.billAmount) + additions(agreement.id).filter((a) => !a.cancelledDate).reduce((s, a) => s + Number(a.extPrice), 0);
    const productCost = additions(agreement.id).filter((a) => !a.cancelledDate).reduce((s, a) => s + Number(a.extCost), 0) * 3;
    const entries = timeOf(agreement.id);
    const timeCost = entries.reduce((s, e) => s + Number(e.actualHours) * Number(members.get(ref(e, "member").id!)!.hourlyCost), 0);
    const timeValue = entries.reduce((s, e) => s + Number(e.actualHours) * Number(roles.get(ref(e, "workRole").id!)!.hourlyRate), 0);

    const res = await call("cw_agreement_health", { agreement_id: agreement.id });
    expect(res.isError).toBe(false);
    expect(res.data.failures).toEqual([]);
    const [a] = res.data.agreements;
    expect(a.id).toBe(agreement.id);
    expect(a.monthly_revenue).toBeCloseTo(monthly, 2);
    expect(a.revenue).toBeCloseTo(monthly * 3, 2);
    expect(a.time_hours).toBeCloseTo(hoursOf(entries), 2);
    expect(a.time_cost).toBeCloseTo(timeCost, 1);
    expect(a.time_value).toBeCloseTo(timeValue, 1);
    expect(a.product_cost).toBeCloseTo(productCost, 2);
    expect(a.margin).toBeCloseTo(monthly * 3 - timeCost - productCost, 1);
    expect(a.months).toHaveLength(3);
    expect(a.months.reduce((s: number, m: { hours: number }) => s + m.hours, 0)).toBeCloseTo(hoursOf(entries), 2);
    expect(["low", "medium", "high"]).toContain(a.renewal_risk);
    expect(res.text).toContain(`#${agreement.id} ${String(agreement.name)}`);
  });

  it("for a company, covers each current agreement; refuses both or neither id", async () => {
    const w = window();
    const companyId = ref(rows("/finance/agreements").find((a) => a.agreementStatus === "Active")!, "company").id!;
    const current = rows("/finance/agreements").filter((a) => ref(a, "company").id === companyId && a.cancelledFlag !== true && (a.noEndingDateFlag === true || !a.endDate || Date.parse(String(a.endDate)) >= w.start));
    const res = await call("cw_agreement_health", { company_id: companyId });
    expect(res.data.agreements.map((a: Row) => a.id).sort()).toEqual(current.map((a) => a.id).sort());
    for (const bad of [{}, { agreement_id: 1, company_id: 1 }]) {
      const refused = await call("cw_agreement_health", bad);
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain("exactly one of agreement_id or company_id");
    }
  });
});

describe("cw_audit_ticket", () => {
  it("walks a closed ticket's statuses from New to where it rests, with first response against the SLA", async () => {
    const t = rows("/service/tickets").find((x) => x.closedFlag === true && x.dateResponded && x.dateResplan && (x.status as { name: string }).name === "Closed")!;
    const res = await call("cw_audit_ticket", { ticket_id: t.id });
    expect(res.isError).toBe(false);
    const d = res.data;
    expect(d.status_spans[0].status).toBe("New");
    expect(d.status_spans.at(-1).status).toBe("Closed");
    expect(d.status_spans.map((s: { status: string }) => s.status)).toEqual(["New", "Assigned", "In Progress", "Closed"]);
    expect(d.first_response.at).toBe(t.dateResponded);
    const target = table("/service/SLAs/{parentId}/priorities").list(String(ref(t, "sla").id)).find((p) => ref(p, "priority").id === ref(t, "priority").id)!;
    expect(d.first_response.target_hours).toBe(target.respondHours);
    expect(d.first_response.met).toBe(Number(t.respondMinutes) <= Number(target.respondHours) * 60);
    // Spans are contiguous and the first starts at entry.
    expect(d.status_spans[0].from).toBe((t._info as { dateEntered: string }).dateEntered);
    for (let i = 1; i < d.status_spans.length; i++) expect(d.status_spans[i].from).toBe(d.status_spans[i - 1].until);
  });

  it("records a status change made through the API, and finds notes without time and time without notes", async () => {
    const t = rows("/service/tickets").find((x) => x.closedFlag === false && (x.status as { name: string }).name === "Assigned" && entriesOn(x.id).length === 0)!;
    const before = (t.status as { name: string }).name;
    const patched = await call("cw_api_call", { method: "PATCH", path: `/service/tickets/${t.id}`, body: [{ op: "replace", path: "status", value: { name: "In Progress" } }], confirm: true });
    expect(patched.isError).toBe(false);
    const tech = rows("/system/members").find((m) => m.identifier !== "sandbox-api" && m.inactiveFlag !== true)!;
    const note = await api("POST", `/service/tickets/${t.id}/notes`, { text: "Called the user, no answer.", detailDescriptionFlag: true, member: { id: tech.id } });
    expect(note.status, note.text).toBe(201);
    // Someone else logs a quarter hour with a note that says nothing (this week: last week's sheet may be submitted).
    const other = rows("/system/members").find((m) => m.id !== tech.id && m.inactiveFlag !== true)!;
    const entry = await api("POST", "/time/entries", { chargeToType: "ServiceTicket", chargeToId: t.id, member: { id: other.id }, timeStart: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, "Z"), actualHours: 0.25, notes: "ok" });
    expect(entry.status, entry.text).toBe(201);

    const res = await call("cw_audit_ticket", { ticket_id: t.id });
    const d = res.data;
    expect(d.status_changes.at(-1)).toMatchObject({ from: before, to: "In Progress", by: "sandbox-api" });
    expect(d.status_spans.at(-1)).toMatchObject({ status: "In Progress", current: true });
    expect(d.notes_without_time.map((n: Row) => n.id)).toContain(note.body.id);
    expect(d.time_without_notes.map((e: Row) => e.id)).toEqual([entry.body.id]);
    expect(res.text).toMatch(/Time without notes \(1, under 10 characters\)/);
  });

  it("still audits notes and time when the audit trail cannot be read", async () => {
    const t = rows("/service/tickets").find((x) => x.closedFlag === true)!;
    h.sb.faults.update({ script: [{ path: "/system/audittrail", status: 500 }] });
    const res = await call("cw_audit_ticket", { ticket_id: t.id });
    expect(res.isError).toBe(false);
    expect(res.data.failures.map((f: { branch: string }) => f.branch)).toEqual(["trail"]);
    expect(res.data.status_spans).toEqual([]);
    expect(res.data.first_response.at).toBe(t.dateResponded);
  });
});
