/**
 * Time sheets and time entries. Each member has a weekly sheet (Sunday to Saturday) for every week
 * they worked; its status follows its age, covering the whole approval ladder: this week Open, last
 * week submitted, rejected or corrected, older weeks approved, ready to bill and billed. Entries take
 * their sheet's status; block-time agreements use up their monthly hours in order of work.
 */
import type { JsonObject, Row } from "../store.js";
import type { CompanyInfo } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY, HOUR, iso, monthStart, startOfWeek, WEEK, yearOf } from "./dates.js";
import type { MemberInfo } from "./members.js";
import type { ProjectPlan } from "./projects.js";
import type { Random } from "../random.js";
import { ref } from "./refs.js";
import type { WorkItem } from "./work-items.js";
import type { EntryDraft } from "./work.js";

export type SheetStatus =
  | "Open" | "Rejected" | "PendingApproval" | "ErrorsCorrected" | "PendingProjectApproval" | "ApprovedByTierOne"
  | "RejectBySecondTier" | "ApprovedByTierTwo" | "ReadyToBill" | "Billed" | "WrittenOff" | "BilledAgreement";

/** By age in weeks: the states the first members with a sheet that week take in turn. */
const TURNS: Partial<Record<number, readonly SheetStatus[]>> = {
  1: ["PendingApproval", "Rejected"],
  2: ["ErrorsCorrected", "PendingProjectApproval"],
  3: ["RejectBySecondTier", "ApprovedByTierOne"],
  4: ["ApprovedByTierTwo"],
  5: ["ReadyToBill"],
  9: ["WrittenOff"],
  10: ["BilledAgreement"],
};

/**
 * The status of a sheet `age` weeks old (0 = this week) for the `index`-th member with a sheet that
 * week. The first two members of recent weeks take the rarer states in turn (TURNS), so every state
 * of the approval ladder shows up even in a two-person shop.
 */
export function sheetStatus(rng: Random, age: number, index: number, member: MemberInfo): SheetStatus {
  if (age <= 0) return "Open";
  const turn = TURNS[age]?.[index];
  if (turn) return turn;
  if (age === 1) return rng.weighted([["PendingApproval", 65], ["Open", 20], ["Rejected", 5], ["ErrorsCorrected", 5], [member.role === "project" ? "PendingProjectApproval" : "PendingApproval", 5]] as const);
  if (age === 2) return rng.weighted([["ApprovedByTierOne", 75], ["ApprovedByTierTwo", 15], ["PendingApproval", 10]] as const);
  if (age <= 4) return rng.weighted([["ApprovedByTierTwo", 85], ["ApprovedByTierOne", 15]] as const);
  if (age <= 6) return rng.weighted([["ReadyToBill", 80], ["ApprovedByTierTwo", 20]] as const);
  return "Billed";
}

export function seedTimeSheets(ctx: SeedContext, members: readonly MemberInfo[], drafts: EntryDraft[]): Row[] {
  const rng = ctx.random("time-sheets");
  const thisWeek = startOfWeek(ctx.now);
  const byKey = new Map<string, EntryDraft[]>();
  const keys = new Map<string, { member: MemberInfo; week: number }>();
  const add = (member: MemberInfo, week: number) => {
    const key = `${week}:${member.id}`;
    if (!keys.has(key)) keys.set(key, { member, week });
    return key;
  };
  for (const m of members) {
    if (!m.spec.logsTime) continue;
    const last = startOfWeek(Math.min(ctx.now, m.leftAt ?? ctx.now));
    for (let week = Math.max(ctx.historyStart, startOfWeek(m.hiredAt)); week <= last; week += WEEK) add(m, week);
  }
  for (const d of drafts) {
    const key = add(d.member, startOfWeek(d.start));
    const list = byKey.get(key);
    if (list) list.push(d);
    else byKey.set(key, [d]);
  }
  const ordered = [...keys.values()].sort((a, b) => a.week - b.week || a.member.id - b.member.id);
  const approver = (m: MemberInfo) => members.find((x) => x.id === (m.row.timeApprover as JsonObject | undefined)?.id) ?? m;
  const admin = members.find((m) => m.role === "admin") ?? members.find((m) => m.role === "owner")!;
  const sheets: Row[] = [];
  let week = -1;
  let index = 0;
  for (const { member, week: start } of ordered) {
    index = start === week ? index + 1 : 0;
    week = start;
    const age = Math.round((thisWeek - start) / WEEK);
    const status = sheetStatus(rng, age, index, member);
    const entries = byKey.get(`${start}:${member.id}`) ?? [];
    const hours = round2(entries.reduce((s, e) => s + e.hours, 0));
    const end = start + 6 * DAY;
    const firstEntry = entries.reduce((min, e) => Math.min(min, e.enteredAt), Number.POSITIVE_INFINITY);
    const entered = Math.min(Number.isFinite(firstEntry) ? firstEntry : start + DAY + 8 * HOUR, ctx.now);
    const lastEntry = entries.reduce((max, e) => Math.max(max, e.enteredAt), entered);
    const change = status === "Open" ? lastEntry : statusChange(rng, status, end, ctx.now);
    const row = ctx.insert("/time/sheets", {
      member: ref("MemberReference", member.row), year: yearOf(start), period: Math.floor((start - Date.UTC(yearOf(start), 0, 1)) / WEEK) + 1,
      dateStart: iso(start), dateEnd: iso(end), status, hours, deadline: iso(start + 8 * DAY),
    }, {
      at: entered, by: member.identifier, ...(change > entered ? { updatedAt: change } : {}),
      updatedBy: status === "Open" || status === "PendingApproval" || status === "ErrorsCorrected" || status === "PendingProjectApproval" ? member.identifier
        : status === "ReadyToBill" || status === "Billed" || status === "WrittenOff" || status === "BilledAgreement" ? admin.identifier : approver(member).identifier,
    });
    sheets.push(row);
    for (const e of entries) {
      e.sheet = row;
      e.status = status;
    }
  }
  return sheets;
}

/** When a sheet reached its status: submitted after the week, approved days later, billed weeks later. */
function statusChange(rng: Random, status: SheetStatus, end: number, now: number): number {
  const days = status === "PendingApproval" || status === "PendingProjectApproval" ? rng.int(1, 2)
    : status === "Rejected" || status === "ErrorsCorrected" || status === "RejectBySecondTier" ? rng.int(2, 4)
    : status === "ApprovedByTierOne" || status === "ApprovedByTierTwo" ? rng.int(3, 6) : rng.int(10, 25);
  return Math.min(now, end + days * DAY + rng.int(9, 17) * HOUR);
}

/**
 * Agreement hours: a managed agreement covers all billable time, a block agreement its monthly hours
 * (in the order the work was done), the rest is billed as time and materials.
 */
export function applyAgreements(drafts: readonly EntryDraft[]): void {
  const used = new Map<number, number>();
  // Drafts come day by day from the simulation: the order the work was done.
  for (const d of drafts) {
    const agreement = d.item?.agreement;
    if (!agreement || !agreement.coversTime || d.billable !== "Billable") {
      d.agreementHours = 0;
      continue;
    }
    if (agreement.kind === "block") {
      const key = agreement.id * 1e6 + monthStart(d.start) / DAY;
      const left = Math.max(0, (agreement.monthlyHours ?? 0) - (used.get(key) ?? 0));
      d.agreementHours = Math.min(left, d.hours);
      used.set(key, (used.get(key) ?? 0) + d.agreementHours);
    } else {
      d.agreementHours = d.hours;
    }
  }
}

/** The hourly rate an entry bills at: the member's role rate, time and a half after hours. */
export function rateOf(d: EntryDraft): number {
  if (d.chargeCode) return 0;
  return round2(d.member.hourlyRate * Number(d.workType.rate ?? 1));
}

/** What an entry adds to a time-and-materials invoice. */
export function billedAmount(d: EntryDraft): number {
  if (d.billable !== "Billable" || !d.item) return 0;
  return round2((d.hours - (d.agreementHours ?? 0)) * rateOf(d));
}

export interface TicketRows {
  service: Map<number, Row>;
  project: Map<number, Row>;
}

interface MemberParts {
  member: JsonObject;
  location: JsonObject;
  department: JsonObject;
  workRole: JsonObject;
  hourlyCost: string;
}

interface ChargeParts {
  company: JsonObject;
  companyType: string;
  agreement?: JsonObject;
  agreementType?: string;
  ticket?: Row;
  ticketRef?: JsonObject;
  project?: JsonObject;
  phase?: JsonObject;
}

export function insertTimeEntries(ctx: SeedContext, drafts: EntryDraft[], tickets: TicketRows, projects: readonly ProjectPlan[], own: CompanyInfo): Row[] {
  const projectByKey = new Map(projects.map((p) => [p.key, p]));
  const phaseByKey = new Map(projects.flatMap((p) => p.phases.map((ph) => [ph.key, ph] as const)));
  // What an entry takes from its member and from what it is charged to, worked out once per member and ticket.
  const memberParts = new Map<number, MemberParts>();
  const partsOfMember = (m: MemberInfo): MemberParts => {
    let p = memberParts.get(m.id);
    if (!p) {
      p = { member: ref("MemberReference", m.row), location: ref("OwnerLevelReference", m.location), department: ref("BillingUnitReference", m.department), workRole: ref("WorkRoleReference", m.workRole), hourlyCost: m.hourlyCost.toFixed(2) };
      memberParts.set(m.id, p);
    }
    return p;
  };
  const ownParts: ChargeParts = { company: ref("CompanyReference", own.row), companyType: companyType(own) };
  const chargeParts = new Map<number, ChargeParts>();
  const partsOfItem = (item: WorkItem): ChargeParts => {
    let p = chargeParts.get(item.id);
    if (!p) {
      const ticket = (item.kind === "ServiceTicket" ? tickets.service : tickets.project).get(item.id);
      const project = item.projectKey !== undefined ? projectByKey.get(item.projectKey)?.row : undefined;
      const phase = item.phaseKey !== undefined ? phaseByKey.get(item.phaseKey)?.row : undefined;
      p = { company: ref("CompanyReference", item.company.row), companyType: companyType(item.company) };
      if (item.agreement) {
        p.agreement = ref("AgreementReference", item.agreement.row);
        p.agreementType = String((item.agreement.row.type as JsonObject).name);
      }
      if (ticket) {
        p.ticket = ticket;
        p.ticketRef = ref("TicketReference", ticket);
      }
      if (project) p.project = ref("ProjectReference", project);
      if (phase) p.phase = ref("ProjectPhaseReference", phase);
      chargeParts.set(item.id, p);
    }
    return p;
  };

  const ordered = [...drafts].sort((a, b) => a.enteredAt - b.enteredAt || a.start - b.start || a.member.id - b.member.id);
  const rows: Row[] = [];
  for (const d of ordered) {
    const item = d.item;
    const m = partsOfMember(d.member);
    const c = item ? partsOfItem(item) : ownParts;
    const rate = rateOf(d);
    const billable = d.billable === "Billable";
    // Built field by field (not with conditional spreads): fifty thousand of these must stay cheap.
    const record: JsonObject = {
      company: c.company, companyType: c.companyType,
      chargeToId: item ? item.id : d.chargeCode!.row.id, chargeToType: item ? item.kind : "ChargeCode",
      member: m.member, locationId: d.member.location.id, businessUnitId: d.member.department.id, location: m.location, department: m.department,
      workType: ref("WorkTypeReference", d.workType), workRole: m.workRole,
      timeStart: iso(d.start), timeEnd: iso(d.end), hoursDeduct: d.deduct, actualHours: d.hours, billableOption: d.billable, notes: d.notes,
      addToDetailDescriptionFlag: item?.kind === "ServiceTicket" && !d.resolves, addToInternalAnalysisFlag: false, addToResolutionFlag: d.resolves,
      emailResourceFlag: false, emailContactFlag: d.resolves, emailCcFlag: false,
      hoursBilled: billable ? d.hours : 0, invoiceHours: billable ? d.hours : 0, hourlyCost: m.hourlyCost,
      enteredBy: d.member.identifier, dateEntered: iso(d.enteredAt), hourlyRate: rate,
      timeSheet: ref("TimeSheetReference", d.sheet!), status: d.status,
      invoiceFlag: billable, extendedInvoiceAmount: billedAmount(d), locationName: d.member.location.name,
    };
    if (c.agreement) {
      const agreementHours = d.agreementHours ?? 0;
      record.agreement = c.agreement;
      record.agreementType = c.agreementType;
      record.agreementHours = agreementHours;
      record.agreementAmount = round2(agreementHours * rate);
    }
    if (d.invoice) record.invoice = ref("InvoiceReference", d.invoice);
    if (c.ticket) {
      record.ticket = c.ticketRef;
      record.ticketBoard = (c.ticket.board as JsonObject).name;
      record.ticketStatus = (c.ticket.status as JsonObject).name;
      record.ticketType = (c.ticket.type as JsonObject).name;
      record.ticketSubType = (c.ticket.subType as JsonObject).name;
    }
    if (c.project) record.project = c.project;
    if (c.phase) record.phase = c.phase;
    const row = ctx.insert("/time/entries", record, { at: d.enteredAt, by: d.member.identifier });
    d.id = row.id;
    rows.push(row);
  }
  return rows;
}

function companyType(company: CompanyInfo): string {
  const types = company.row.types;
  return Array.isArray(types) && types.length > 0 ? String((types[0] as JsonObject).name) : "Client";
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
