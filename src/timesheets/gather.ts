/**
 * The fetch plan behind timesheet validation. Round one, at once: the time entries of the whole weeks
 * around the window (weekly overtime needs the full week), the members (cached look-up), work types,
 * calendars, locations and the window's time sheets. Round two, from what round one found: the holidays
 * of the calendars in use, the tickets, project tickets, projects and agreements the entries charge to
 * (batched `id in (...)` conditions, chunked so URLs stay under 2,000 characters), and for members with
 * time off in the window their accrual grants and this year's earlier time off. Only the branches the
 * chosen rules need are read; a branch that fails is reported and the rules that needed it are skipped.
 */
import type { Branches } from "../composites/fanout.js";
import { num, text, type Reader, type Rec } from "../composites/read.js";
import type { RuleId } from "./types.js";

export interface GatherData extends Record<string, unknown> {
  entries: Rec[];
  members: Rec[];
  workTypes: Rec[];
  calendars: Rec[];
  locations: Rec[];
  holidays: Map<number, Rec[]>;
  sheets: Rec[];
  tickets: Rec[];
  projectTickets: Rec[];
  projects: Rec[];
  agreements: Rec[];
  grants: Rec[];
  prior: Rec[];
}

export interface GatherRequest {
  /** UTC ISO instants: the entries read (whole weeks), the window's first and last day as sheet dates, and Jan 1 of the first year. */
  fetchFrom: string;
  fetchTo: string;
  windowFrom: string;
  windowTo: string;
  sheetFirst: string;
  sheetLast: string;
  yearStart: string;
  memberId?: number;
  rules: ReadonlySet<RuleId>;
  members: () => Promise<Rec[]>;
  /** Entries read at most; more is refused by the caller (narrow the range or pick a member). */
  maxEntries: number;
}

/** Which branches each rule needs, beyond the entries every rule reads. */
export const NEEDS: Record<RuleId, (keyof GatherData & string)[]> = {
  rounding: [],
  overlap: [],
  billable_notes: [],
  overtime: [],
  future_dated: [],
  under_reporting: ["members", "calendars", "holidays"],
  outside_hours: ["calendars", "holidays", "workTypes"],
  closed_target: ["tickets", "projectTickets", "projects", "agreements"],
  accrual_balance: ["workTypes", "grants", "prior"],
};

const ENTRY_FIELDS =
  "id,member/id,member/identifier,timeStart,timeEnd,actualHours,hoursDeduct,billableOption,notes,chargeToType,chargeToId,project/id,workType/id,workType/name,agreement/id,timeSheet/id,status";
/** Room for the conditions in a URL of under 2,000 characters, after the path and the fields. */
const MAX_CONDITION_CHARS = 1_400;

const wants = (rules: ReadonlySet<RuleId>, branch: keyof GatherData & string) => [...rules].some((r) => NEEDS[r].includes(branch));
const stamp = (iso: string) => `[${iso}]`;

export function timesheetPlan(read: Reader, req: GatherRequest): Branches<GatherData> {
  const member = req.memberId !== undefined ? ` and member/id = ${req.memberId}` : "";
  const need = (branch: keyof GatherData & string) => wants(req.rules, branch);
  const none = async <T>(empty: T) => empty;
  /** Entries inside the window (not the week's context days): what tickets, agreements and time off are looked up for. */
  const inWindow = (entries: Rec[]) => entries.filter((e) => String(e.timeStart ?? "") >= req.windowFrom && String(e.timeStart ?? "") < req.windowTo);
  const charged = async (entries: Promise<Rec[]>, type: string) =>
    [...new Set(inWindow(await entries).filter((e) => e.chargeToType === type).map((e) => num(e, "chargeToId")).filter((n): n is number => n !== undefined))];
  const refs = async (entries: Promise<Rec[]>, path: string) => [...new Set(inWindow(await entries).map((e) => num(e, path)).filter((n): n is number => n !== undefined))];
  const timeOff = async (g: <N extends keyof GatherData>(n: N) => Promise<GatherData[N]>) => {
    const [entries, workTypes] = await Promise.all([g("entries"), g("workTypes")]);
    const types = new Set(workTypes.filter((w) => text(w, "accrualType")).map((w) => Number(w.id)));
    const members = [...new Set(inWindow(entries).filter((e) => types.has(num(e, "workType.id") ?? -1)).map((e) => num(e, "member.id")).filter((n): n is number => n !== undefined))];
    return { types: [...types], members };
  };

  return {
    entries: () =>
      read.list("/time/entries", { conditions: `timeStart >= ${stamp(req.fetchFrom)} and timeStart < ${stamp(req.fetchTo)}${member}`, fields: ENTRY_FIELDS }, req.maxEntries + 1),
    members: () => req.members(),
    workTypes: () => (need("workTypes") ? read.list("/time/workTypes", { fields: "id,name,accrualType" }, 2000) : none([])),
    calendars: () => (need("calendars") ? read.list("/schedule/calendars", {}, 500) : none([])),
    // Optional: a member without a calendar of their own takes their location's.
    locations: () => (need("calendars") ? read.list("/system/locations", { fields: "id,name,calendar" }, 500) : none([])),
    holidays: async (g) => {
      if (!need("holidays")) return new Map();
      const calendars = await g("calendars");
      let lists = [...new Set(calendars.map((c) => num(c, "holidayList.id")).filter((n): n is number => n !== undefined))];
      if (lists.length === 0) lists = (await read.list("/schedule/holidayLists", { fields: "id,name" }, 100)).map((l) => Number(l.id)).slice(0, 1);
      return new Map(await Promise.all(lists.map(async (id) => [id, await read.list(`/schedule/holidayLists/${id}/holidays`, { fields: "id,name,date" }, 5000)] as const)));
    },
    sheets: () =>
      read.list(
        "/time/sheets",
        { conditions: `dateEnd >= ${stamp(req.sheetFirst)} and dateStart <= ${stamp(req.sheetLast)}${member}`, fields: "id,member/id,member/identifier,dateStart,dateEnd,status,hours" },
        5000,
      ),
    tickets: async (g) => (need("tickets") ? byIds(read, "/service/tickets", await charged(g("entries"), "ServiceTicket"), "id,summary,closedFlag,closedDate", " and closedFlag = true") : []),
    projectTickets: async (g) => (need("projectTickets") ? byIds(read, "/project/tickets", await charged(g("entries"), "ProjectTicket"), "id,summary,closedFlag,closedDate", " and closedFlag = true") : []),
    projects: async (g) => (need("projects") ? byIds(read, "/project/projects", await refs(g("entries"), "project.id"), "id,name,closedFlag,actualEnd", " and closedFlag = true") : []),
    agreements: async (g) =>
      need("agreements") ? byIds(read, "/finance/agreements", await refs(g("entries"), "agreement.id"), "id,name,cancelledFlag,dateCancelled,endDate,noEndingDateFlag,agreementStatus", "") : [],
    grants: async (g) => {
      if (!need("grants")) return [];
      const { members } = await timeOff(g);
      const lists = await Promise.all(members.map((id) => read.list(`/system/members/${id}/accruals`, { fields: "id,accrualType,year,hours,member/id" }, 1000).then((rows) => rows.map((r) => ({ ...r, member: { id } })))));
      return lists.flat();
    },
    prior: async (g) => {
      if (!need("prior") || req.yearStart >= req.fetchFrom) return [];
      const { types, members } = await timeOff(g);
      if (types.length === 0 || members.length === 0) return [];
      return read.list(
        "/time/entries",
        {
          conditions: `workType/id in (${types.join(",")}) and member/id in (${members.join(",")}) and timeStart >= ${stamp(req.yearStart)} and timeStart < ${stamp(req.fetchFrom)}`,
          fields: "id,member/id,member/identifier,timeStart,timeEnd,actualHours,workType/id,timeSheet/id,status",
        },
        20_000,
      );
    },
  };
}

/** Records by id, in as many requests as it takes to keep each URL short. */
export async function byIds(read: Reader, path: string, ids: number[], fields: string, extra: string): Promise<Rec[]> {
  const chunks: number[][] = [];
  let chunk: number[] = [];
  let length = 0;
  for (const id of ids) {
    const add = encodeURIComponent(`${id},`).length;
    if (chunk.length > 0 && length + add > MAX_CONDITION_CHARS) {
      chunks.push(chunk);
      chunk = [];
      length = 0;
    }
    chunk.push(id);
    length += add;
  }
  if (chunk.length) chunks.push(chunk);
  const pages = await Promise.all(chunks.map((c) => read.list(path, { conditions: `id in (${c.join(",")})${extra}`, fields }, c.length)));
  return pages.flat();
}
