/**
 * Service desk setup: the five boards with their statuses, types, subtypes and items (from the issues
 * in texts.ts), priorities, SLAs with per-priority targets, sources and service locations; the board
 * teams once the members exist.
 */
import type { JsonObject, Row } from "../store.js";
import type { SeedContext } from "./context.js";
import { DAY } from "./dates.js";
import { boardShare, type MemberInfo } from "./members.js";
import { ref } from "./refs.js";
import type { SystemSetup } from "./setup-system.js";
import { ISSUES, PROJECT_TEMPLATES, type BoardKey, type ServiceBoardKey } from "./texts.js";

export type StatusKey = "new" | "assigned" | "inProgress" | "scheduled" | "waitingClient" | "waitingVendor" | "resolved" | "closed" | "cancelled";

type Escalation = "NotResponded" | "Responded" | "ResolutionPlan" | "Resolved" | "NoEscalation";

const STATUSES: readonly { key: StatusKey; name: string; escalation: Escalation; closed?: boolean; noTime?: boolean; portal: string }[] = [
  { key: "new", name: "New", escalation: "NotResponded", portal: "Received" },
  { key: "assigned", name: "Assigned", escalation: "Responded", portal: "Assigned to a technician" },
  { key: "inProgress", name: "In Progress", escalation: "Responded", portal: "Being worked on" },
  { key: "scheduled", name: "Scheduled", escalation: "ResolutionPlan", portal: "Scheduled" },
  { key: "waitingClient", name: "Waiting on Client", escalation: "NoEscalation", portal: "Waiting for your reply" },
  { key: "waitingVendor", name: "Waiting on Vendor", escalation: "NoEscalation", portal: "Waiting on a vendor" },
  { key: "resolved", name: "Resolved", escalation: "Resolved", closed: true, portal: "Resolved" },
  { key: "closed", name: "Closed", escalation: "Resolved", closed: true, noTime: true, portal: "Closed" },
  { key: "cancelled", name: "Cancelled", escalation: "NoEscalation", closed: true, noTime: true, portal: "Cancelled" },
];

export const BOARD_NAMES: Record<BoardKey, string> = {
  helpdesk: "Help Desk",
  network: "Network Operations",
  projects: "Projects",
  onsite: "Onsite",
  alerts: "Alerts",
};

export interface BoardSetup {
  key: BoardKey;
  row: Row;
  statuses: Record<StatusKey, Row>;
  types: Map<string, Row>;
  subTypes: Map<string, Row>;
  items: Map<string, Row>;
}

/** Respond / plan / resolve hours of the SLAs, and how each priority scales them. */
const SLA_SPECS = {
  premium: { name: "Premium SLA", respond: 1, plan: 4, resolve: 24 },
  standard: { name: "Standard SLA", respond: 2, plan: 8, resolve: 40 },
  basic: { name: "Basic SLA", respond: 8, plan: 24, resolve: 80 },
} as const;
export type SlaKey = keyof typeof SLA_SPECS;
const PRIORITY_FACTORS = [
  { respond: 0.25, plan: 0.5, resolve: 0.25 },
  { respond: 0.5, plan: 0.5, resolve: 0.5 },
  { respond: 1, plan: 1, resolve: 1 },
  { respond: 2, plan: 3, resolve: 3 },
] as const;

export interface SlaTargets {
  respondHours: number;
  planHours: number;
  resolveHours: number;
}

export function seedService(ctx: SeedContext, system: SystemSetup) {
  const at = ctx.historyStart - 3 * 365 * DAY;
  const put = (template: string, record: JsonObject, scope?: number) => ctx.insert(template, record, { at, ...(scope !== undefined ? { scope } : {}) });

  const boards = {} as Record<BoardKey, BoardSetup>;
  for (const key of ["helpdesk", "network", "projects", "onsite", "alerts"] as const) {
    const isProject = key === "projects";
    const row = put("/service/boards", {
      name: BOARD_NAMES[key],
      location: ref("SystemLocationReference", system.locations.tampa),
      department: ref("SystemDepartmentReference", isProject ? system.departments.projects : system.departments.services),
      inactiveFlag: false, projectFlag: isProject, showDependenciesFlag: isProject, showEstimatesFlag: isProject,
      billTicketsAfterClosedFlag: false, billTicketSeparatelyFlag: false, billUnapprovedTimeExpenseFlag: false, overrideBillingSetupFlag: false,
      workRole: ref("WorkRoleReference", isProject ? system.workRoles.project : key === "network" ? system.workRoles.network : key === "onsite" ? system.workRoles.onsite : system.workRoles.helpdesk),
      workType: ref("WorkTypeReference", isProject ? system.workTypes.project : key === "onsite" ? system.workTypes.onsite : system.workTypes.remote),
      billTime: "Billable", billExpense: "Billable", billProduct: "Billable",
      autoAssignNewTicketsFlag: false, autoAssignNewECTicketsFlag: false, autoAssignNewPortalTicketsFlag: false,
      discussionsLockedFlag: false, timeEntryLockedFlag: false, notifyEmailFrom: "support@tidewatertech.com", notifyEmailFromName: "Tidewater Support",
      closedLoopDiscussionsFlag: false, closedLoopResolutionFlag: true, closedLoopInternalAnalysisFlag: false,
      timeEntryDiscussionFlag: true, timeEntryResolutionFlag: false, timeEntryInternalAnalysisFlag: false,
      problemSort: "Descending", resolutionSort: "Descending", internalAnalysisSort: "Descending", allSort: "Descending",
      emailConnectorAllowReopenClosedFlag: key === "helpdesk", ...(isProject ? { percentageCalculation: "ActualHours" } : {}),
      markFirstNoteIssueFlag: false, restrictBoardByDefaultFlag: false, sendToBundledFlag: false,
    });
    const statuses = {} as Record<StatusKey, Row>;
    STATUSES.forEach((s, i) => {
      statuses[s.key] = put("/service/boards/{parentId}/statuses", {
        name: s.name, board: ref("BoardReference", row), sortOrder: i, displayOnBoard: !s.closed, inactive: false,
        closedStatus: s.closed === true, timeEntryNotAllowed: s.noTime === true, roundRobinCatchall: false, defaultFlag: s.key === "new",
        escalationStatus: s.escalation, customerPortalDescription: s.portal, customerPortalFlag: true, saveTimeAsNote: false,
      }, row.id);
    });
    const taxonomy = boardTaxonomy(key);
    const types = new Map<string, Row>();
    for (const typeName of taxonomy.types.keys()) {
      types.set(typeName, put("/service/boards/{parentId}/types", {
        name: typeName, category: typeName === "Site Visit" || typeName === "Patch Alert" ? "Proactive" : "Reactive", defaultFlag: false,
        inactiveFlag: false, requestForChangeFlag: false, board: ref("BoardReference", row), location: ref("SystemLocationReference", system.locations.tampa),
        department: ref("SystemDepartmentReference", isProject ? system.departments.projects : system.departments.services),
      }, row.id));
    }
    const subTypes = new Map<string, Row>();
    for (const [subName, typeNames] of taxonomy.subTypes) {
      subTypes.set(subName, put("/service/boards/{parentId}/subtypes", {
        name: subName, inactiveFlag: false, typeAssociationIds: [...typeNames].map((t) => types.get(t)!.id), board: ref("BoardReference", row),
      }, row.id));
    }
    const items = new Map<string, Row>();
    for (const itemName of taxonomy.items) items.set(itemName, put("/service/boards/{parentId}/items", { name: itemName, inactiveFlag: false, board: ref("BoardReference", row) }, row.id));
    boards[key] = { key, row, statuses, types, subTypes, items };
  }

  const priorities = [
    put("/service/priorities", { name: "Priority 1 - Emergency Response", color: "Red", sortOrder: 1, defaultFlag: false, level: "Critical" }),
    put("/service/priorities", { name: "Priority 2 - Quick Response", color: "Orange", sortOrder: 2, defaultFlag: false, level: "High" }),
    put("/service/priorities", { name: "Priority 3 - Normal Response", color: "Yellow", sortOrder: 3, defaultFlag: true, level: "Medium" }),
    put("/service/priorities", { name: "Priority 4 - Schedule Maintenance", color: "Green", sortOrder: 4, defaultFlag: false, level: "Low" }),
  ] as const;
  put("/service/priorities", { name: "Do Not Respond", color: "Gray", sortOrder: 5, defaultFlag: false, level: "Low" });

  const slas = {} as Record<SlaKey, Row>;
  const targets = new Map<number, SlaTargets[]>();
  for (const [key, spec] of Object.entries(SLA_SPECS) as [SlaKey, (typeof SLA_SPECS)[SlaKey]][]) {
    const p = (i: number) => ref("PriorityReference", priorities[i as 0 | 1 | 2 | 3]);
    const sla = put("/service/SLAs", {
      name: spec.name, basedOn: "MyCalendar", defaultFlag: key === "standard", applicationOrder: key === "premium" ? 1 : key === "standard" ? 2 : 3,
      hiImpactHiUrgency: p(0), hiImpactMedUrgency: p(1), hiImpactLowUrgency: p(2), medImpactHiUrgency: p(1), medImpactMedUrgency: p(2),
      medImpactLowUrgency: p(2), lowImpactHiUrgency: p(2), lowImpactMedUrgency: p(3), lowImpactLowUrgency: p(3),
      respondHours: spec.respond, respondPercent: 100, planWithin: spec.plan, planWithinPercent: 100, resolutionHours: spec.resolve, resolutionPercent: 100,
    });
    slas[key] = sla;
    const perPriority = PRIORITY_FACTORS.map((f, i) => {
      const t = { respondHours: spec.respond * f.respond, planHours: spec.plan * f.plan, resolveHours: spec.resolve * f.resolve };
      put("/service/SLAs/{parentId}/priorities", {
        priority: p(i), respondHours: t.respondHours, respondPercent: 100, planWithin: t.planHours, planWithinPercent: 100,
        resolutionHours: t.resolveHours, resolutionPercent: 100, sla: ref("SLAReference", sla),
      }, sla.id);
      return t;
    });
    targets.set(sla.id, perPriority);
  }

  const source = (name: string, defaultFlag = false) => put("/service/sources", { name, defaultFlag });
  const sources = { phone: source("Phone", true), email: source("Email"), portal: source("Portal"), monitoring: source("RMM Alert"), onsite: source("Onsite Visit"), chat: source("Chat") };
  const serviceLocations = {
    remote: put("/service/locations", { name: "Remote", where: "Remote", defaultFlag: true }),
    onsite: put("/service/locations", { name: "On-Site", where: "OnSite", defaultFlag: false }),
    inHouse: put("/service/locations", { name: "In-House", where: "InHouse", defaultFlag: false }),
  };

  return { boards, priorities, slas, slaTargets: targets, sources, serviceLocations };
}

export type ServiceSetup = ReturnType<typeof seedService>;

/** A board's types (with their subtypes) and items, from the issues that go on it. */
function boardTaxonomy(board: BoardKey): { types: Map<string, Set<string>>; subTypes: Map<string, Set<string>>; items: Set<string> } {
  const types = new Map<string, Set<string>>();
  const subTypes = new Map<string, Set<string>>();
  const items = new Set<string>();
  const add = (type: string, subType: string, item: string) => {
    if (!types.has(type)) types.set(type, new Set());
    types.get(type)!.add(subType);
    if (!subTypes.has(subType)) subTypes.set(subType, new Set());
    subTypes.get(subType)!.add(type);
    items.add(item);
  };
  if (board === "projects") {
    for (const t of PROJECT_TEMPLATES) add(t.type, "Project Task", "Task");
    add("Implementation", "Milestone", "Milestone");
  } else {
    for (const issue of ISSUES) if (issue.board === board) add(issue.type, issue.subType, issue.item);
  }
  return { types, subTypes, items };
}

/** Teams per board: the technicians who work it, led by the most senior of them. */
export function seedBoardTeams(ctx: SeedContext, service: ServiceSetup, members: readonly MemberInfo[]): Map<ServiceBoardKey | "projects", Row> {
  const at = ctx.historyStart - 365 * DAY;
  const teams = new Map<ServiceBoardKey | "projects", Row>();
  const names: Record<BoardKey, string> = { helpdesk: "Service Desk", network: "Network Engineering", alerts: "NOC", onsite: "Field Services", projects: "Project Team" };
  for (const key of ["helpdesk", "network", "projects", "onsite", "alerts"] as const) {
    const crew = members.filter((m) => !m.row.inactiveFlag && (key === "projects" ? m.spec.mix.project > 0 : boardShare(m, key, members) > 0));
    const leader = crew.find((m) => m.role === "serviceManager") ?? crew.find((m) => m.role === "owner") ?? crew[0];
    if (!leader) continue;
    const board = service.boards[key].row;
    teams.set(key, ctx.insert("/service/boards/{parentId}/teams", {
      name: names[key], teamLeader: ref("MemberReference", leader.row), members: crew.map((m) => m.id), defaultFlag: true,
      notifyOnTicketDelete: false, defaultRoundRobinFlag: false, roundRobinFlag: false, boardId: board.id, locationId: ref("SystemLocationReference", leader.location).id as number,
    }, { at, scope: board.id }));
  }
  return teams;
}
