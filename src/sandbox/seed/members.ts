/**
 * The MSP's staff: who they are (planned before anything else, so setup records can name the
 * administrator), what their role makes them do all day, and their member records.
 */
import type { Row } from "../store.js";
import type { SeedContext } from "./context.js";
import { DAY, HOUR, iso, isoDate, isWeekend, startOfDay, WEEK } from "./dates.js";
import { FIRST_NAMES, LAST_NAMES, OWN_COMPANY } from "./names.js";
import type { Random } from "../random.js";
import { ref } from "./refs.js";
import type { RoleKey, ScaleProfile } from "./scale.js";
import type { Setup } from "./setup.js";
import type { WorkRoleKey } from "./setup-system.js";
import type { ServiceBoardKey } from "./texts.js";

export interface RoleSpec {
  title: string;
  workRole: WorkRoleKey;
  department: "services" | "projects" | "sales" | "admin";
  securityRole: "Admin" | "Service Manager" | "Technician" | "Sales" | "Finance" | "API";
  logsTime: boolean;
  /** Relative number of time entries a day (help desk logs many short ones, engineers fewer long ones). */
  entryWeight: number;
  /** How the working day splits between service tickets, project tickets and internal time. */
  mix: { service: number; project: number; internal: number };
  /** Share of the service time per board. */
  boards: Partial<Record<ServiceBoardKey, number>>;
  hourlyCost: [number, number];
  billableForecast: number;
}

export const ROLES: Record<RoleKey, RoleSpec> = {
  owner: { title: "President & vCIO", workRole: "vcio", department: "admin", securityRole: "Admin", logsTime: true, entryWeight: 0.35, mix: { service: 0.3, project: 0.05, internal: 0.65 }, boards: { helpdesk: 0.5, network: 0.5 }, hourlyCost: [88, 95], billableForecast: 25 },
  serviceManager: { title: "Service Manager", workRole: "serviceManager", department: "services", securityRole: "Service Manager", logsTime: true, entryWeight: 0.6, mix: { service: 0.45, project: 0, internal: 0.55 }, boards: { helpdesk: 0.7, network: 0.3 }, hourlyCost: [58, 68], billableForecast: 40 },
  sales: { title: "Account Manager", workRole: "sales", department: "sales", securityRole: "Sales", logsTime: false, entryWeight: 0, mix: { service: 0, project: 0, internal: 1 }, boards: {}, hourlyCost: [40, 52], billableForecast: 0 },
  admin: { title: "Office & Billing Administrator", workRole: "admin", department: "admin", securityRole: "Finance", logsTime: false, entryWeight: 0, mix: { service: 0, project: 0, internal: 1 }, boards: {}, hourlyCost: [30, 38], billableForecast: 0 },
  helpdesk: { title: "Service Desk Technician", workRole: "helpdesk", department: "services", securityRole: "Technician", logsTime: true, entryWeight: 1.3, mix: { service: 0.9, project: 0, internal: 0.1 }, boards: { helpdesk: 0.85, alerts: 0.15 }, hourlyCost: [32, 45], billableForecast: 75 },
  network: { title: "Network Engineer", workRole: "network", department: "services", securityRole: "Technician", logsTime: true, entryWeight: 1, mix: { service: 0.8, project: 0.1, internal: 0.1 }, boards: { network: 0.6, alerts: 0.4 }, hourlyCost: [48, 65], billableForecast: 75 },
  onsite: { title: "Field Technician", workRole: "onsite", department: "services", securityRole: "Technician", logsTime: true, entryWeight: 0.6, mix: { service: 0.85, project: 0.05, internal: 0.1 }, boards: { onsite: 0.8, helpdesk: 0.2 }, hourlyCost: [36, 48], billableForecast: 75 },
  project: { title: "Project Engineer", workRole: "project", department: "projects", securityRole: "Technician", logsTime: true, entryWeight: 0.55, mix: { service: 0.2, project: 0.7, internal: 0.1 }, boards: { network: 0.6, helpdesk: 0.4 }, hourlyCost: [55, 72], billableForecast: 70 },
  api: { title: "API Integration", workRole: "admin", department: "admin", securityRole: "API", logsTime: false, entryWeight: 0, mix: { service: 0, project: 0, internal: 1 }, boards: {}, hourlyCost: [0, 0], billableForecast: 0 },
};

export interface PlannedMember {
  role: RoleKey;
  firstName: string;
  lastName: string;
  identifier: string;
  leaver: boolean;
  newHire: boolean;
}

export interface MemberInfo {
  id: number;
  row: Row;
  role: RoleKey;
  spec: RoleSpec;
  identifier: string;
  name: string;
  hiredAt: number;
  /** The last working day of a member who left. */
  leftAt?: number;
  workRole: Row;
  location: Row;
  department: Row;
  hourlyRate: number;
  hourlyCost: number;
  dailyCapacity: number;
}

/**
 * The share of a member's hours that goes to a board's tickets. A board nobody is dedicated to (the
 * onsite board of a shop without field technicians) is shared by everyone who works tickets.
 */
export function boardShare(m: MemberInfo, board: ServiceBoardKey, members: readonly MemberInfo[]): number {
  const own = m.spec.boards[board] ?? 0;
  if (own > 0) return m.spec.mix.service * own;
  const dedicated = members.some((x) => x.spec.logsTime && (x.spec.boards[board] ?? 0) > 0);
  return dedicated || !m.spec.logsTime ? 0 : m.spec.mix.service * 0.2;
}

const ORDER: readonly RoleKey[] = ["owner", "serviceManager", "sales", "admin", "helpdesk", "network", "onsite", "project", "api"];

/** Names and identifiers of the staff; the owner comes first and is the administrator. */
export function planRoster(rng: Random, profile: ScaleProfile): PlannedMember[] {
  const used = new Set<string>(["sandbox-api"]);
  const people = new Set<string>();
  const out: PlannedMember[] = [];
  for (const role of ORDER) {
    for (let i = 0; i < profile.roster[role]; i++) {
      if (role === "api") {
        out.push({ role, firstName: "Sandbox", lastName: "API", identifier: "sandbox-api", leaver: false, newHire: false });
        continue;
      }
      let firstName: string;
      let lastName: string;
      do {
        firstName = rng.pick(FIRST_NAMES);
        lastName = rng.pick(LAST_NAMES);
      } while (people.has(`${firstName} ${lastName}`));
      people.add(`${firstName} ${lastName}`);
      const base = (firstName.charAt(0) + lastName).toLowerCase().replace(/[^a-z]/g, "").slice(0, 13);
      let identifier = base;
      for (let n = 2; used.has(identifier); n++) identifier = `${base}${n}`;
      used.add(identifier);
      out.push({ role, firstName, lastName, identifier, leaver: false, newHire: false });
    }
  }
  // Turnover happens on the service desk: the last ones listed left, the first ones are new.
  const desk = out.filter((m) => m.role === "helpdesk");
  desk.slice(desk.length - profile.leavers).forEach((m) => (m.leaver = true));
  desk.filter((m) => !m.leaver).slice(0, profile.newHires).forEach((m) => (m.newHire = true));
  return out;
}

export function seedMembers(ctx: SeedContext, setup: Setup, roster: readonly PlannedMember[]): MemberInfo[] {
  const rng = ctx.random("members");
  const { system, service } = setup;
  const members: MemberInfo[] = [];
  const ownerAt = ctx.historyStart - 9 * 365 * DAY;
  let owner: MemberInfo | undefined;
  let manager: MemberInfo | undefined;

  for (const plan of roster) {
    const spec = ROLES[plan.role];
    const isApi = plan.role === "api";
    const hiredAt = plan.role === "owner" ? ownerAt
      : plan.newHire ? mondayAfter(ctx.historyStart + rng.int(6, 14) * WEEK)
      : startOfDay(ctx.historyStart - rng.int(120, 2900) * DAY);
    const leftAt = plan.leaver ? fridayBefore(ctx.now - rng.int(...ctx.scale.leftWeeksAgo) * WEEK) : undefined;
    const workRole = system.workRoles[spec.workRole];
    const location = rng.chance(0.8) || isApi ? system.locations.tampa : system.locations.orlando;
    const department = system.departments[spec.department];
    const dailyCapacity = isApi ? 0 : rng.chance(0.2) ? 7.5 : 8;
    const hourlyCost = isApi ? 0 : Math.round(rng.float(spec.hourlyCost[0], spec.hourlyCost[1]) * 100) / 100;
    const hourlyRate = Number(workRole.hourlyRate);
    const email = `${plan.identifier}@${OWN_COMPANY.domain}`;
    const approver = manager ?? owner;
    const timeApprover = plan.role === "serviceManager" ? owner : approver;
    const defaultBoard = spec.boards.onsite ? service.boards.onsite : spec.boards.network && !spec.boards.helpdesk ? service.boards.network : service.boards.helpdesk;
    const row = ctx.insert("/system/members", {
      identifier: plan.identifier,
      firstName: plan.firstName,
      lastName: plan.lastName,
      licenseClass: isApi ? "A" : "F",
      inactiveFlag: plan.leaver,
      ...(leftAt !== undefined ? { inactiveDate: iso(leftAt + 17 * HOUR) } : {}),
      disableOnlineFlag: isApi,
      hireDate: iso(hiredAt),
      title: spec.title,
      ...(isApi ? {} : { officeEmail: email, primaryEmail: email, officePhone: `813555${String(101 + members.length).padStart(4, "0")}`, mobilePhone: `727555${String(301 + members.length).padStart(4, "0")}` }),
      defaultEmail: "Office",
      defaultPhone: isApi ? "Office" : "Mobile",
      securityRole: ref("SecurityRoleReference", system.securityRoles[spec.securityRole]),
      adminFlag: plan.role === "owner",
      enableMobileFlag: !isApi,
      ...(approver && plan.role !== "owner" ? { reportsTo: ref("MemberReference", approver.row) } : {}),
      defaultLocation: ref("SystemLocationReference", location),
      defaultDepartment: ref("SystemDepartmentReference", department),
      restrictLocationFlag: false,
      restrictDepartmentFlag: false,
      workRole: ref("WorkRoleReference", workRole),
      workType: ref("WorkTypeReference", spec.boards.onsite ? system.workTypes.onsite : spec.mix.project > 0.5 ? system.workTypes.project : system.workTypes.remote),
      ...(timeApprover && !isApi ? { timeApprover: ref("MemberReference", timeApprover.row) } : {}),
      ...(owner && !isApi ? { expenseApprover: ref("MemberReference", owner.row) } : {}),
      billableForecast: spec.billableForecast,
      dailyCapacity,
      hourlyCost,
      hourlyRate,
      includeInUtilizationReportingFlag: spec.logsTime,
      requireExpenseEntryFlag: false,
      requireTimeSheetEntryFlag: spec.logsTime,
      requireStartAndEndTimeOnTimeEntryFlag: spec.logsTime && plan.role !== "owner",
      allowInCellEntryOnTimeSheet: false,
      enterTimeAgainstCompanyFlag: plan.role === "owner",
      allowExpensesEnteredAgainstCompaniesFlag: true,
      timeReminderEmailFlag: spec.logsTime,
      daysTolerance: spec.logsTime ? rng.pick([1, 1, 2, 3]) : 0,
      minimumHours: spec.logsTime ? dailyCapacity : 0,
      timeSheetStartDate: isoDate(Math.max(hiredAt, ctx.historyStart - 52 * WEEK)),
      serviceDefaultLocation: ref("SystemLocationReference", location),
      serviceDefaultDepartment: ref("SystemDepartmentReference", department),
      serviceDefaultBoard: ref("BoardReference", defaultBoard.row),
      restrictServiceDefaultLocationFlag: false,
      restrictServiceDefaultDepartmentFlag: false,
      projectDefaultLocation: ref("SystemLocationReference", location),
      projectDefaultDepartment: ref("SystemDepartmentReference", system.departments.projects),
      projectDefaultBoard: ref("ProjectBoardReference", service.boards.projects.row),
      scheduleDefaultLocation: ref("SystemLocationReference", location),
      scheduleDefaultDepartment: ref("SystemDepartmentReference", department),
      scheduleCapacity: dailyCapacity,
      serviceLocation: ref("ServiceLocationReference", spec.boards.onsite ? service.serviceLocations.onsite : service.serviceLocations.remote),
      restrictScheduleFlag: false,
      hideMemberInDispatchPortalFlag: !spec.logsTime,
      calendar: ref("CalendarReference", system.calendar),
      ...(plan.leaver || isApi ? {} : { lastLogin: iso(Math.max(hiredAt, ctx.now - rng.int(1, 60) * HOUR)) }),
    }, { at: hiredAt - rng.int(3, 10) * DAY, by: owner?.identifier ?? plan.identifier });
    const info: MemberInfo = {
      id: row.id, row, role: plan.role, spec, identifier: plan.identifier, name: `${plan.firstName} ${plan.lastName}`,
      hiredAt, ...(leftAt !== undefined ? { leftAt } : {}), workRole, location, department, hourlyRate, hourlyCost, dailyCapacity,
    };
    members.push(info);
    if (plan.role === "owner") owner = info;
    if (plan.role === "serviceManager" && !manager) manager = info;
  }
  return members;
}

function mondayAfter(ms: number): number {
  let d = startOfDay(ms);
  while (new Date(d).getUTCDay() !== 1) d += DAY;
  return d;
}

function fridayBefore(ms: number): number {
  let d = startOfDay(ms);
  while (new Date(d).getUTCDay() !== 5 || isWeekend(d)) d -= DAY;
  return d;
}
