/**
 * Service tickets: planned before the work simulation (who raised what, when, for whom, who gets it,
 * how much work it needs) and written after it, when their status, SLA figures, hours and notes
 * follow from what the technicians did.
 */
import type { JsonObject, Row } from "../store.js";
import { agreementAt, type AgreementInfo } from "./agreements.js";
import { contactEmail, contactName, contactPhone, type CompanyInfo, type Companies } from "./companies.js";
import { configurationsOf, type CompanyConfigurations } from "./configurations.js";
import type { SeedContext } from "./context.js";
import { addBusinessMinutes, businessMinutes, DAY, HOUR, iso, isWeekend, MINUTE, nextWeekday, slaClock, startOfDay } from "./dates.js";
import { boardShare, type MemberInfo } from "./members.js";
import { apportion, type Random } from "../random.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";
import type { SlaTargets, StatusKey } from "./setup-service.js";
import { APPS, ISSUES, ISPS, type ServiceBoardKey } from "./texts.js";
import { fill, newWorkItem, type WorkItem } from "./work-items.js";
import type { MemberDay } from "./workdays.js";

const BOARD_SHARE: [ServiceBoardKey, number][] = [["helpdesk", 0.55], ["network", 0.15], ["onsite", 0.1], ["alerts", 0.2]];
const WAIT_CHANCE: Record<ServiceBoardKey, number> = { helpdesk: 0.18, network: 0.25, onsite: 0.1, alerts: 0.04 };
const HOUR_WEIGHTS: [number, number][] = [[7, 1], [8, 3], [9, 4], [10, 4], [11, 3], [12, 2], [13, 3], [14, 3], [15, 3], [16, 2], [17, 1]];
/** The share of each board's technician hours the tickets ask for; the rest goes to internal work. */
const DEMAND = 0.87;

export function planServiceTickets(
  ctx: SeedContext, setup: Setup, companies: Companies, members: readonly MemberInfo[], agreements: Map<number, AgreementInfo[]>,
  configs: Map<number, CompanyConfigurations>, workdays: Map<number, MemberDay[]>,
): WorkItem[] {
  const rng = ctx.random("tickets");
  const clients = companies.clients.filter((c) => c.ticketWeight > 0);
  const managed = clients.filter((c) => c.tier === "managed");
  const dispatcher = members.find((m) => m.role === "serviceManager") ?? members.find((m) => m.role === "owner")!;
  const days: number[] = [];
  for (let d = ctx.historyStart; d < ctx.now; d += DAY) days.push(d);
  const pickCompany = weightedPicker(clients.map((c) => [c, c.ticketWeight] as const));
  const pickManaged = weightedPicker((managed.length > 0 ? managed : clients).map((c) => [c, c.ticketWeight] as const));
  const counts = apportion(BOARD_SHARE.map(([, w]) => w), ctx.scale.tickets);
  const items: WorkItem[] = [];
  const away = new Map<number, Set<number>>();
  for (const [memberId, days] of workdays) away.set(memberId, new Set(days.filter((d) => d.kind !== "work").map((d) => d.day)));
  // The dispatcher gives a ticket to someone who is in today and tomorrow.
  const present = (m: MemberInfo, at: number) => {
    const off = away.get(m.id);
    const day = startOfDay(at);
    return !off || (!off.has(day) && !off.has(nextWeekday(day + DAY, 0)));
  };

  // Who a ticket can come from and where they sit, once per company.
  const people = new Map(clients.map((c) => [c.id, c.contacts.filter((x) => x.inactiveFlag !== true).map((contact) => ({ contact, site: c.sites.find((s) => s.id === (contact.site as JsonObject | undefined)?.id) ?? c.sites[0]! }))] as const));
  const { sources } = setup.service;

  BOARD_SHARE.forEach(([board, ], b) => {
    const issues = ISSUES.filter((i) => i.board === board);
    const pickIssue = weightedPicker(issues.map((i) => [i, 1 / Math.sqrt(i.effort)] as const));
    const priorities = new Map(issues.map((i) => [i, (i.priority ?? (board === "onsite" ? [0, 3, 47, 50] : [1, 8, 70, 21])).map((w, p) => [p, w] as const)] as const));
    const sourceWeights = [[sources.email, 45], [sources.phone, 35], [sources.portal, 15], [board === "onsite" ? sources.onsite : sources.chat, 5]] as const;
    const crew = members.filter((m) => boardShare(m, board, members) > 0);
    for (let n = 0; n < (counts[b] ?? 0); n++) {
      const enteredAt = arrival(rng, board, days, ctx.now);
      let company = (board === "alerts" ? pickManaged : pickCompany)(rng);
      for (let guard = 0; company.since > enteredAt && guard < 20; guard++) company = (board === "alerts" ? pickManaged : pickCompany)(rng);
      const issue = pickIssue(rng);
      const active = crew.filter((m) => m.hiredAt <= enteredAt && (m.leftAt === undefined || enteredAt < m.leftAt - 2 * DAY) && present(m, enteredAt));
      const assignee = rng.weighted((active.length > 0 ? active : crew).map((m) => [m, boardShare(m, board, members)] as const));
      const folks = people.get(company.id)!;
      const { contact, site } = rng.chance(0.4) ? folks[0]! : rng.pick(folks);
      const agreement = agreementAt(agreements.get(company.id), enteredAt);
      const priority = rng.weighted(priorities.get(issue)!);
      const sla = slaFor(setup, agreement);
      const target = setup.service.slaTargets.get(sla.id)![priority]!;
      const respondMinutes = Math.max(2, Math.round(target.respondHours * 60 * slaRatio(rng)));
      const respondAt = addBusinessMinutes(enteredAt, respondMinutes);
      const planMinutes = Math.max(respondMinutes + 5, Math.round(target.planHours * 60 * slaRatio(rng)));
      const outcome = board === "alerts" && rng.chance(0.35) ? "autoResolved" as const : board !== "alerts" && rng.chance(0.02) ? "cancelled" as const : undefined;
      const visit = board === "onsite" ? nextWeekday(respondAt + rng.int(0, 2) * DAY, rng.int(17, 26) / 2) : respondAt;
      const vars = variables(rng, company, contact, site, configurationsOf(configs, company));
      const source = board === "alerts" ? sources.monitoring : rng.weighted(sourceWeights);
      const item = newWorkItem({
        kind: "ServiceTicket", summary: fill(issue.summary, vars).slice(0, 100), board, company, contact, site, agreement,
        priority, enteredAt, enteredBy: board === "alerts" ? "sandbox-api" : source === sources.phone ? assignee.identifier : dispatcher.identifier,
        respondAt, planAt: board === "onsite" ? respondAt + rng.int(5, 60) * MINUTE : addBusinessMinutes(enteredAt, planMinutes),
        dueAt: addBusinessMinutes(enteredAt, target.resolveHours * 60), workFrom: Math.max(respondAt, visit), effort: outcome ? 0 : issue.effort * rng.logNormal(1, 0.45), assignee, vars, issue,
        outcome, waitChance: WAIT_CHANCE[board], source,
        budgetHours: board === "onsite" || board === "network" || rng.chance(0.15) ? Math.max(0.5, Math.round(issue.effort * 1.25 * 2) / 2) : undefined,
      });
      items.push(item);
    }
  });
  calibrate(items, members, workdays);
  return items;
}

/** Scale each board's ticket effort (and budgets) to DEMAND of the hours its technicians have for it. */
function calibrate(items: WorkItem[], members: readonly MemberInfo[], workdays: Map<number, MemberDay[]>): void {
  for (const [board] of BOARD_SHARE) {
    let capacity = 0;
    for (const m of members) {
      const worked = (workdays.get(m.id) ?? []).filter((d) => d.kind === "work").length;
      capacity += worked * 7 * boardShare(m, board, members);
    }
    const onBoard = items.filter((i) => i.board === board);
    const demand = onBoard.reduce((s, i) => s + i.effort, 0);
    if (demand <= 0) continue;
    const scale = Math.min(2.5, Math.max(0.4, (DEMAND * capacity) / demand));
    for (const i of onBoard) {
      i.effort = i.outcome ? 0 : Math.max(0.25, i.effort * scale);
      if (i.budgetHours !== undefined) i.budgetHours = Math.max(0.5, Math.round(i.budgetHours * scale * 2) / 2);
    }
  }
}

/** How much of an SLA target a step takes: mostly well inside, about one in ten over. */
function slaRatio(rng: Random): number {
  return rng.chance(0.9) ? rng.float(0.05, 0.85) : rng.float(1.1, 3);
}

function arrival(rng: Random, board: ServiceBoardKey, days: readonly number[], now: number): number {
  for (;;) {
    const day = rng.pick(days);
    const weekend = isWeekend(day);
    let at: number;
    if (board === "alerts") {
      at = day + rng.int(0, 24 * 60 - 1) * MINUTE;
    } else {
      if (weekend && !rng.chance(0.06)) continue;
      const hour = rng.weighted(HOUR_WEIGHTS);
      at = day + hour * HOUR + rng.int(0, 59) * MINUTE;
    }
    at += rng.int(0, 59) * 1000;
    if (at < now) return at;
  }
}

function weightedPicker<T>(items: readonly (readonly [T, number])[]): (rng: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of items) cumulative.push((total += w));
  return (rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]![0];
  };
}

function variables(rng: Random, company: CompanyInfo, contact: Row, site: Row, cfg: CompanyConfigurations): Record<string, string> {
  const own = cfg.workstations.find((w) => (w.contact as JsonObject | undefined)?.id === contact.id);
  const device = own ?? (cfg.workstations.length > 0 ? rng.pick(cfg.workstations) : undefined);
  return {
    user: String(contact.firstName),
    userFull: contactName(contact),
    device: device ? String(device.name) : `${company.code}-WS${String(rng.int(1, 30)).padStart(3, "0")}`,
    server: cfg.servers.length > 0 ? String(rng.pick(cfg.servers).name) : `${company.code}-DC01`,
    firewall: cfg.firewalls.length > 0 ? String(cfg.firewalls[0]!.name) : `${company.code}-FW01`,
    printer: cfg.printers.length > 0 ? String(rng.pick(cfg.printers).name) : `${company.code}-PRN01`,
    site: site.name === "Main" ? `the ${String(site.city)} office` : String(site.name),
    app: APPS[company.id % APPS.length]!,
    isp: ISPS[company.id % ISPS.length]!,
  };
}

export function slaFor(setup: Setup, agreement: AgreementInfo | undefined): Row {
  return agreement?.sla ?? setup.service.slas.standard;
}

/** The ticket's status at "now", from what happened to it. */
export function finalStatus(item: WorkItem, now: number): StatusKey {
  if (item.resolvedAt !== undefined) return item.outcome === "cancelled" ? "cancelled" : now - item.resolvedAt < 3 * DAY ? "resolved" : "closed";
  if (item.entries === 0) {
    if (item.respondAt > now) return "new";
    return item.workFrom > now ? "scheduled" : "assigned";
  }
  if (item.waitingUntil > now) return item.waitingOn === "vendor" ? "waitingVendor" : "waitingClient";
  return item.workFrom > now ? "scheduled" : "inProgress";
}

/** dateResponded, respondMinutes, resPlanMinutes, resolveMinutes, isInSla, slaStatus … as ConnectWise reports them. */
export function applySla(out: JsonObject, item: WorkItem, target: SlaTargets, now: number, status: StatusKey): void {
  const responded = item.respondAt <= now;
  const respondTarget = target.respondHours * 60;
  const planTarget = target.planHours * 60;
  const resolveTarget = target.resolveHours * 60;
  let inSla = true;
  if (responded) {
    const minutes = businessMinutes(item.enteredAt, item.respondAt);
    out.dateResponded = iso(item.respondAt);
    out.respondMinutes = minutes;
    out.respondedHours = round2(minutes / 60);
    out.respondedBy = item.assignee.identifier;
    inSla &&= minutes <= respondTarget;
  } else {
    inSla &&= businessMinutes(item.enteredAt, now) <= respondTarget;
  }
  const planAt = item.planAt !== undefined && item.resolvedAt !== undefined ? Math.min(item.planAt, item.resolvedAt) : item.planAt ?? item.resolvedAt;
  if (planAt !== undefined && planAt <= now) {
    const minutes = businessMinutes(item.enteredAt, planAt);
    out.dateResplan = iso(planAt);
    out.resPlanMinutes = minutes;
    out.resplanHours = round2(minutes / 60);
    out.resplanBy = (item.workers[0] ?? item.assignee).identifier;
    inSla &&= minutes <= planTarget + item.minutesWaiting;
  }
  if (item.resolvedAt !== undefined) {
    const minutes = Math.max(0, businessMinutes(item.enteredAt, item.resolvedAt) - item.minutesWaiting);
    out.dateResolved = iso(item.resolvedAt);
    out.resolveMinutes = minutes;
    out.resolutionHours = round2(minutes / 60);
    out.resolvedBy = item.resolvedBy ?? item.assignee.identifier;
    inSla &&= minutes <= resolveTarget;
    out.slaStatus = "Resolved";
  } else {
    inSla &&= businessMinutes(item.enteredAt, now) - item.minutesWaiting <= resolveTarget;
    out.slaStatus = status === "waitingClient" || status === "waitingVendor" ? "Waiting"
      : !responded ? `Respond by ${slaClock(addBusinessMinutes(item.enteredAt, respondTarget))}`
      : planAt === undefined || planAt > now ? `Plan by ${slaClock(addBusinessMinutes(item.enteredAt, planTarget + item.minutesWaiting))}`
      : `Resolve by ${slaClock(addBusinessMinutes(item.enteredAt, resolveTarget + item.minutesWaiting))}`;
  }
  if (item.minutesWaiting > 0) {
    out.minutesWaiting = item.minutesWaiting;
    if (item.firstWaitAt !== undefined) out.minutesBeforeWaiting = businessMinutes(item.enteredAt, item.firstWaitAt);
  }
  out.isInSla = inSla;
}

/** Write the service tickets and their notes, now that the simulation has decided their fate. */
export function insertServiceTickets(ctx: SeedContext, setup: Setup, items: readonly WorkItem[], teams: Map<string, Row>): Map<number, Row> {
  const rng = ctx.random("ticket-notes");
  const { service, system } = setup;
  const rows = new Map<number, Row>();
  for (const item of items) {
    if (item.kind !== "ServiceTicket") continue;
    const board = service.boards[item.board];
    const statusKey = finalStatus(item, ctx.now);
    const sla = slaFor(setup, item.agreement);
    const issue = item.issue!;
    const closed = item.resolvedAt !== undefined;
    const team = teams.get(item.board);
    const source = item.source;
    const resources = [...new Set([item.assignee, ...item.workers].map((m) => m.identifier))].join(", ");
    const contactPhoneNumber = contactPhone(item.contact);
    // Built field by field (not with conditional spreads): ten thousand of these must stay cheap.
    const record: JsonObject = {
      id: item.id, summary: item.summary, recordType: "ServiceTicket", board: ref("BoardReference", board.row), status: ref("ServiceStatusReference", board.statuses[statusKey]),
      workRole: ref("WorkRoleReference", item.assignee.workRole), workType: ref("WorkTypeReference", item.board === "onsite" ? system.workTypes.onsite : system.workTypes.remote),
      company: ref("CompanyReference", item.company.row), site: ref("SiteReference", item.site), siteName: String(item.site.name),
      addressLine1: item.site.addressLine1, city: item.site.city, stateIdentifier: (item.site.stateReference as JsonObject).identifier, zip: item.site.zip,
      country: ref("CountryReference", system.country), contact: ref("ContactReference", item.contact), contactName: contactName(item.contact).slice(0, 62),
      contactEmailAddress: contactEmail(item.contact) ?? "",
      type: ref("ServiceTypeReference", board.types.get(issue.type)!), subType: ref("ServiceSubTypeReference", board.subTypes.get(issue.subType)!),
      item: ref("ServiceItemReference", board.items.get(issue.item)!),
      owner: ref("MemberReference", item.assignee.row), priority: ref("PriorityReference", service.priorities[item.priority as 0 | 1 | 2 | 3]),
      serviceLocation: ref("ServiceLocationReference", item.board === "onsite" ? service.serviceLocations.onsite : service.serviceLocations.remote),
      severity: item.priority <= 1 ? "High" : item.priority === 2 ? "Medium" : "Low", impact: item.priority === 0 ? "High" : item.priority <= 2 ? "Medium" : "Low",
      allowAllClientsPortalView: false, customerUpdatedFlag: statusKey === "waitingClient" && rng.chance(0.3),
      automaticEmailContactFlag: item.board !== "alerts", automaticEmailResourceFlag: true, automaticEmailCcFlag: false,
      closedFlag: closed, actualHours: round2(item.hours), approved: true,
      billingMethod: "ActualRates", resources, hasChildTicket: false, hasMergedChildTicketFlag: false,
      billTime: item.agreement?.coversTime ? "NoDefault" : "Billable", billExpenses: "Billable", billProducts: "Billable",
      location: ref("SystemLocationReference", item.assignee.location), department: ref("SystemDepartmentReference", system.departments.services),
      sla: ref("SLAReference", sla), isInSla: true, slaStatus: "", requestForChangeFlag: false, currency: ref("CurrencyReference", system.currency),
    };
    if (item.site.addressLine2) record.addressLine2 = item.site.addressLine2;
    if (contactPhoneNumber) record.contactPhoneNumber = contactPhoneNumber.slice(0, 20);
    if (team) record.team = ref("ServiceTeamReference", team);
    if (source) record.source = ref("ServiceSourceReference", source);
    if (item.board === "onsite") record.requiredDate = iso(item.workFrom);
    if (item.budgetHours !== undefined) {
      record.budgetHours = item.budgetHours;
      record.estimatedTimeCost = round2(item.budgetHours * item.assignee.hourlyCost);
      record.estimatedTimeRevenue = round2(item.budgetHours * item.assignee.hourlyRate);
    }
    if (item.agreement) {
      record.agreement = ref("AgreementReference", item.agreement.row);
      record.agreementType = String((item.agreement.row.type as JsonObject).name);
    }
    if (closed) {
      record.closedDate = iso(item.resolvedAt!);
      record.closedBy = item.resolvedBy ?? item.assignee.identifier;
    }
    applySla(record, item, service.slaTargets.get(sla.id)![item.priority]!, ctx.now, statusKey);
    const lastActivity = Math.max(item.enteredAt, item.resolvedAt ?? item.lastWorkEnd ?? item.respondAt);
    const row = ctx.insert("/service/tickets", record, {
      at: item.enteredAt, by: item.enteredBy, updatedAt: Math.min(ctx.now, lastActivity),
      updatedBy: item.resolvedBy ?? item.lastWorker?.identifier ?? (item.respondAt <= ctx.now ? item.assignee.identifier : item.enteredBy),
    });
    rows.set(item.id, row);
    insertNotes(ctx, rng, item, row);
  }
  return rows;
}

function insertNotes(ctx: SeedContext, rng: Random, item: WorkItem, ticket: Row): void {
  const issue = item.issue!;
  const note = (text: string, at: number, by: string, kind: "description" | "internal" | "resolution", who: { member?: Row; contact?: Row }) => {
    // Built field by field: there are two or three notes per ticket.
    const record: JsonObject = {
      ticketId: ticket.id, text, detailDescriptionFlag: kind === "description", internalAnalysisFlag: kind === "internal", resolutionFlag: kind === "resolution",
      issueFlag: false, customerUpdatedFlag: false, processNotifications: false, dateCreated: iso(at), createdBy: by, internalFlag: kind === "internal", externalFlag: kind !== "internal",
    };
    if (who.member) record.member = ref("MemberReference", who.member);
    if (who.contact) record.contact = ref("ContactReference", who.contact);
    ctx.insert("/service/tickets/{parentId}/notes", record, { at, by, scope: ticket.id });
  };
  note(fill(issue.description, item.vars), item.enteredAt, item.enteredBy, "description", item.board !== "alerts" ? { contact: item.contact } : {});
  const worker = item.workers[0];
  if (worker && item.firstWorkEnd !== undefined && rng.chance(0.2)) {
    note(`Triage: ${fill(issue.work[0] ?? issue.description, item.vars)}`, item.firstWorkEnd, worker.identifier, "internal", { member: worker.row });
  }
  if (item.firstWaitAt !== undefined && item.firstWaitAt <= ctx.now) {
    const who = item.workers[0] ?? item.assignee;
    const text = item.waitingOn === "vendor" ? "Opened a case with the vendor and are waiting on their response. We will update you as soon as we hear back."
      : `Hi ${item.vars.user ?? "there"}, we have made some changes. Could you let us know when you are able to test, or a good time to connect?`;
    note(text, item.firstWaitAt, who.identifier, "description", { member: who.row });
  }
  if (item.resolvedAt !== undefined) {
    const by = item.resolvedBy ?? item.assignee.identifier;
    const text = item.outcome === "cancelled" ? "Duplicate of another ticket for the same issue; closing this one."
      : item.outcome === "autoResolved" ? "Alert condition cleared on the next monitor check; closed automatically." : fill(issue.resolution, item.vars);
    note(text, item.resolvedAt, by, "resolution", item.outcome === "autoResolved" ? {} : { member: (item.lastWorker ?? item.assignee).row });
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
