/**
 * Projects from templates (migrations, server replacements, onboarding of new clients ...): phases
 * one after another, project tickets per phase with budget hours. Planned before the work
 * simulation, written after it with actual hours, statuses and completion.
 */
import type { JsonObject, Row } from "../store.js";
import { agreementAt, type AgreementInfo } from "./agreements.js";
import { contactEmail, contactName, contactPhone, type CompanyInfo, type Companies } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY, iso, isoDate, nextWeekday, startOfDay, WEEK } from "./dates.js";
import type { MemberInfo } from "./members.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";
import type { StatusKey } from "./setup-service.js";
import { PROJECT_TEMPLATES, type ProjectTemplate } from "./texts.js";
import { newWorkItem, type WorkItem } from "./work-items.js";
import type { MemberDay } from "./workdays.js";

export interface PhasePlan {
  key: number;
  description: string;
  start: number;
  end: number;
  items: WorkItem[];
  row?: Row;
}

export interface ProjectPlan {
  key: number;
  template: ProjectTemplate;
  company: CompanyInfo;
  manager: MemberInfo;
  created: number;
  start: number;
  end: number;
  phases: PhasePlan[];
  fixedFee: boolean;
  onHoldAt?: number;
  agreement?: AgreementInfo;
  row?: Row;
}

const DEMAND = 0.85;

export function planProjects(
  ctx: SeedContext, companies: Companies, members: readonly MemberInfo[], agreements: Map<number, AgreementInfo[]>, workdays: Map<number, MemberDay[]>, tickets: readonly WorkItem[],
): ProjectPlan[] {
  const rng = ctx.random("projects");
  const engineers = members.filter((m) => m.role === "project");
  // Small shops have no project engineers: whoever works tickets runs projects in between.
  const team = engineers.length > 0 ? engineers : members.filter((m) => m.spec.logsTime && m.leftAt === undefined && m.role !== "serviceManager");
  const managers = [...members.filter((m) => m.role === "serviceManager"), ...engineers.slice(0, 2)];
  const clients = companies.clients.filter((c) => !c.former);
  const newClients = clients.filter((c) => c.since > ctx.historyStart);
  const onboarding = PROJECT_TEMPLATES.find((t) => t.name === "Managed Services Onboarding")!;
  const plans: ProjectPlan[] = [];
  let phaseKey = 0;

  for (let p = 0; p < ctx.scale.projects; p++) {
    const forNewClient = newClients[p];
    const template = forNewClient ? onboarding : rng.pick(PROJECT_TEMPLATES.filter((t) => t !== onboarding));
    const company = forNewClient ?? rng.weighted(clients.map((c) => [c, (c.tier === "managed" ? 2 : 1) * Math.sqrt(c.employees)] as const));
    const weeks = template.phases.length * rng.int(2, 4);
    const start = forNewClient ? nextWeekday(forNewClient.since + 7 * DAY, 8) : nextWeekday(ctx.historyStart - 4 * WEEK + rng.int(0, 32 * 7) * DAY, 8);
    const end = start + weeks * WEEK;
    const manager = managers.length > 0 ? rng.pick(managers) : members.find((m) => m.role === "owner")!;
    const crew = rng.sample(team, weeks > 10 && team.length > 1 ? 2 : 1);
    const plan: ProjectPlan = {
      key: p + 1, template, company, manager, created: start - rng.int(7, 21) * DAY, start, end, phases: [], fixedFee: rng.chance(0.4),
      ...(start < ctx.now && end > ctx.now && rng.chance(0.1) ? { onHoldAt: start + Math.floor((ctx.now - start) / 2) } : {}),
    };
    const agreement = agreementAt(agreements.get(company.id), start);
    if (agreement) plan.agreement = agreement;
    const span = (end - start) / template.phases.length;
    template.phases.forEach((phase, i) => {
      const phaseStart = startOfDay(start + i * span);
      const phasePlan: PhasePlan = { key: ++phaseKey, description: phase.description, start: nextWeekday(phaseStart, 8), end: startOfDay(start + (i + 1) * span) - DAY, items: [] };
      phase.tickets.forEach((task, t) => {
        const budget = Math.max(1, Math.round(rng.logNormal(4, 0.5) * 4) / 4);
        const contact = company.primary;
        phasePlan.items.push(newWorkItem({
          kind: "ProjectTicket", summary: task.slice(0, 100), board: "projects", company, contact, site: company.sites[0]!,
          ...(agreement ? { agreement } : {}), priority: 2 + (t % 2), enteredAt: plan.created + (i * 10 + t) * 1000, enteredBy: manager.identifier,
          respondAt: plan.created, dueAt: phasePlan.end, workFrom: phasePlan.start, effort: budget * rng.logNormal(1, 0.3), budgetHours: budget, assignee: crew[t % crew.length]!,
          vars: { user: String(contact.firstName), task: task.charAt(0).toLowerCase() + task.slice(1) }, waitChance: 0.05, task,
          projectKey: plan.key, phaseKey: phasePlan.key, ...(plan.onHoldAt !== undefined ? { workUntil: plan.onHoldAt } : {}),
        }));
      });
      plan.phases.push(phasePlan);
    });
    plans.push(plan);
  }
  calibrate(ctx, plans, team, workdays, tickets);
  return plans;
}

/**
 * Scale budgets so the project work inside the history is DEMAND of the hours the project team has
 * left once internal time and their service tickets are taken out.
 */
function calibrate(ctx: SeedContext, plans: ProjectPlan[], team: readonly MemberInfo[], workdays: Map<number, MemberDay[]>, tickets: readonly WorkItem[]): void {
  const serviceLoad = new Map<number, number>();
  for (const t of tickets) serviceLoad.set(t.assignee.id, (serviceLoad.get(t.assignee.id) ?? 0) + t.effort);
  let capacity = 0;
  for (const m of team) {
    const hours = (workdays.get(m.id) ?? []).filter((d) => d.kind === "work").length * 7 * (1 - m.spec.mix.internal);
    capacity += Math.max(0, hours - (serviceLoad.get(m.id) ?? 0));
  }
  const items = plans.flatMap((p) => p.phases.flatMap((ph) => ph.items));
  const demand = items.filter((i) => i.workFrom < ctx.now).reduce((s, i) => s + i.effort, 0);
  if (demand <= 0) return;
  const scale = Math.min(6, Math.max(0.3, (DEMAND * capacity) / demand));
  for (const i of items) {
    i.effort *= scale;
    i.budgetHours = Math.max(1, Math.round((i.budgetHours ?? 1) * scale * 4) / 4);
  }
}

export function projectItems(plans: readonly ProjectPlan[]): WorkItem[] {
  return plans.flatMap((p) => p.phases.flatMap((ph) => ph.items));
}

/** Write projects, phases and project tickets with what the simulation made of them. */
export function insertProjects(ctx: SeedContext, setup: Setup, plans: readonly ProjectPlan[]): Map<number, Row> {
  const { lists, service, system } = setup;
  const board = service.boards.projects;
  const ticketRows = new Map<number, Row>();
  for (const plan of plans) {
    const items = plan.phases.flatMap((ph) => ph.items);
    const budget = items.reduce((s, i) => s + (i.budgetHours ?? 0), 0);
    const actual = items.reduce((s, i) => s + i.hours, 0);
    const allDone = items.every((i) => i.resolvedAt !== undefined);
    const started = items.some((i) => i.firstWorkEnd !== undefined);
    const firstWork = Math.min(...items.map((i) => i.firstWorkEnd ?? Infinity));
    const lastDone = Math.max(...items.map((i) => i.resolvedAt ?? 0));
    const status = allDone ? lists.projectStatuses.closed : plan.onHoldAt !== undefined ? lists.projectStatuses.onHold : started ? lists.projectStatuses.inProgress : lists.projectStatuses.open;
    const rate = Number(system.workRoles.project.hourlyRate);
    const contact = plan.company.primary;
    plan.row = ctx.insert("/project/projects", {
      name: `${plan.template.name}`.slice(0, 100), company: ref("CompanyReference", plan.company.row), contact: ref("ContactReference", contact),
      site: ref("SiteReference", plan.company.sites[0]!), board: ref("ProjectBoardReference", board.row), status: ref("ProjectStatusReference", status),
      type: ref("ProjectTypeReference", lists.projectTypes.get(plan.template.type)!), manager: ref("MemberReference", plan.manager.row),
      ...(started ? { actualStart: iso(firstWork) } : {}), ...(allDone ? { actualEnd: iso(lastDone) } : {}), actualHours: round2(actual),
      estimatedStart: iso(plan.start), estimatedEnd: iso(plan.end), estimatedHours: round2(budget), scheduledStart: iso(plan.start), scheduledEnd: iso(plan.end),
      scheduledHours: round2(budget), budgetFlag: true, budgetHours: round2(budget), budgetAnalysis: "ActualHours",
      percentComplete: allDone ? 100 : round2(Math.min(99, budget > 0 ? (100 * actual) / budget : 0)),
      billingMethod: plan.fixedFee ? "FixedFee" : "ActualRates", ...(plan.fixedFee ? { billingAmount: Math.round((budget * rate) / 100) * 100 } : {}),
      billingRateType: "WorkRole", billTime: "Billable", billExpenses: "Billable", billProducts: "Billable",
      billToCompany: ref("CompanyReference", plan.company.row), billToContact: ref("ContactReference", contact), billToSite: ref("SiteReference", plan.company.sites[0]!),
      billingTerms: ref("BillingTermsReference", system.billingTerms.net30), billUnapprovedTimeAndExpense: false, billProjectAfterClosedFlag: false,
      estimatedTimeRevenue: round2(budget * rate), estimatedTimeCost: round2(budget * 60), estimatedExpenseRevenue: 0, estimatedProductRevenue: 0,
      closedFlag: allDone, timeApprover: ref("MemberReference", plan.manager.row), expenseApprover: ref("MemberReference", plan.manager.row),
      location: ref("SystemLocationReference", system.locations.tampa), department: ref("SystemDepartmentReference", system.departments.projects),
      description: `${plan.template.name} for ${String(plan.company.row.name)}.`, includeDependenciesFlag: false, includeEstimatesFlag: true,
      restrictDownPaymentFlag: false, doNotDisplayInPortalFlag: false, currency: ref("CurrencyReference", system.currency),
      companyLocation: ref("SystemLocationReference", system.locations.tampa),
    }, { at: plan.created, by: plan.manager.identifier, updatedAt: Math.min(ctx.now, Math.max(plan.created, lastDone, ...items.map((i) => i.lastWorkEnd ?? 0))) });

    plan.phases.forEach((phase, index) => {
      const done = phase.items.every((i) => i.resolvedAt !== undefined);
      const busy = phase.items.some((i) => i.entries > 0);
      const hours = phase.items.reduce((s, i) => s + i.hours, 0);
      const phaseBudget = phase.items.reduce((s, i) => s + (i.budgetHours ?? 0), 0);
      const starts = phase.items.map((i) => i.firstWorkEnd).filter((v): v is number => v !== undefined);
      phase.row = ctx.insert("/project/projects/{parentId}/phases", {
        projectId: plan.row!.id, description: phase.description, board: ref("ProjectBoardReference", board.row),
        status: ref("PhaseStatusReference", done ? lists.phaseStatuses.completed : busy ? lists.phaseStatuses.inProgress : lists.phaseStatuses.open),
        ...(plan.agreement ? { agreement: ref("AgreementReference", plan.agreement.row) } : {}), wbsCode: String(index + 1),
        billTime: "Billable", billExpenses: "Billable", billProducts: "Billable", markAsMilestoneFlag: index === plan.phases.length - 1,
        deadlineDate: iso(phase.end), billSeparatelyFlag: false, billingMethod: plan.fixedFee ? "FixedFee" : "ActualRates",
        scheduledHours: round2(phaseBudget), scheduledStart: isoDate(phase.start), scheduledEnd: isoDate(phase.end), actualHours: round2(hours),
        ...(starts.length > 0 ? { actualStart: isoDate(Math.min(...starts)) } : {}), ...(done ? { actualEnd: isoDate(Math.max(...phase.items.map((i) => i.resolvedAt ?? 0))) } : {}),
        budgetHours: round2(phaseBudget), startDate: isoDate(phase.start), endDate: isoDate(phase.end),
        locationId: system.locations.tampa.id, businessUnitId: system.departments.projects.id, billPhaseClosedFlag: false, billProjectClosedFlag: false,
        currency: ref("CurrencyReference", system.currency),
      }, { at: plan.created, by: plan.manager.identifier, scope: plan.row!.id });
    });

    plan.phases.forEach((phase, p) => phase.items.forEach((item, t) => {
      const statusKey: StatusKey = item.resolvedAt !== undefined ? (ctx.now - item.resolvedAt < 3 * DAY ? "resolved" : "closed") : item.entries > 0 ? (item.waitingUntil > ctx.now ? "waitingClient" : "inProgress") : "new";
      const phone = contactPhone(item.contact);
      const resources = [...new Set([item.assignee, ...item.workers].map((m) => m.identifier))].join(", ");
      ticketRows.set(item.id, ctx.insert("/project/tickets", {
        id: item.id, summary: item.summary, isIssueFlag: false, board: ref("BoardReference", board.row), status: ref("ServiceStatusReference", board.statuses[statusKey]),
        workRole: ref("WorkRoleReference", system.workRoles.project), workType: ref("WorkTypeReference", system.workTypes.project),
        project: ref("ProjectReference", plan.row!), phase: ref("ProjectPhaseReference", phase.row!), wbsCode: `${p + 1}.${t + 1}`,
        company: ref("CompanyReference", item.company.row), site: ref("SiteReference", item.site), siteName: String(item.site.name),
        addressLine1: item.site.addressLine1, city: item.site.city, stateIdentifier: (item.site.stateReference as JsonObject).identifier, zip: item.site.zip,
        country: ref("CountryReference", system.country), contact: ref("ContactReference", item.contact), contactName: contactName(item.contact).slice(0, 62),
        ...(phone ? { contactPhoneNumber: phone.slice(0, 20) } : {}), contactEmailAddress: contactEmail(item.contact),
        type: ref("ServiceTypeReference", board.types.get(plan.template.type)!), subType: ref("ServiceSubTypeReference", board.subTypes.get("Project Task")!),
        item: ref("ServiceItemReference", board.items.get("Task")!), owner: ref("MemberReference", item.assignee.row),
        priority: ref("PriorityReference", service.priorities[item.priority as 0 | 1 | 2 | 3]), budgetHours: item.budgetHours,
        ...(plan.agreement ? { agreement: ref("AgreementReference", plan.agreement.row), agreementType: String((plan.agreement.row.type as JsonObject).name) } : {}),
        allowAllClientsPortalView: false, customerUpdatedFlag: false, automaticEmailContactFlag: false, automaticEmailResourceFlag: true, automaticEmailCcFlag: false,
        closedFlag: item.resolvedAt !== undefined, ...(item.resolvedAt !== undefined ? { closedDate: iso(item.resolvedAt), closedBy: item.resolvedBy ?? item.assignee.identifier } : {}),
        actualHours: round2(item.hours), approved: true, resources, billTime: "Billable", billExpenses: "Billable", billProducts: "Billable",
        location: ref("SystemLocationReference", system.locations.tampa), department: ref("SystemDepartmentReference", system.departments.projects),
        scheduleStartDate: iso(phase.start), scheduleEndDate: iso(phase.end + 17 * 3_600_000),
      }, { at: item.enteredAt, by: item.enteredBy, updatedAt: Math.min(ctx.now, item.resolvedAt ?? item.lastWorkEnd ?? item.enteredAt), ...(item.lastWorker ? { updatedBy: item.resolvedBy ?? item.lastWorker.identifier } : {}) }));
    }));
  }
  return ticketRows;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
