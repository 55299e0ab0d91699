/**
 * The reports the web UI offers, computed from live store data on every request.
 *
 * A report is data: id (stable, used in URLs and export file names), the name and description a
 * service manager reads, its parameters, and `run`, which turns the store into a table of text cells.
 * The HTML page and the CSV export both print exactly these cells.
 */
import { tableKey } from "../references.js";
import { isObject, type Row, type Store } from "../store.js";
import { choiceParam, dateParam, ParamError, parseDay, parseParams, textParam, type ParamSpec, type ParamValues, type ParsedParams } from "./params.js";

export interface Column {
  label: string;
  /** Right-aligned in the HTML table. */
  numeric?: boolean;
}

export interface ReportTable {
  columns: Column[];
  rows: string[][];
  /** Facts the rows depend on besides the parameters, shown with them ("As of": the store's today). */
  context?: [string, string][];
}

export interface ReportDefinition {
  id: string;
  name: string;
  description: string;
  params: ParamSpec[];
  /** Checks between parameters (an end before its start). */
  check?(params: ParamValues): ParamError | undefined;
  run(store: Store, params: ParamValues): ReportTable;
}

const AGREEMENT_STATUSES = ["Active", "Cancelled", "Expired", "Inactive"] as const;
const DAY_MS = 86_400_000;

const endNotBeforeStart = (p: ParamValues) =>
  (p.end ?? "") < (p.start ?? "") ? new ParamError("end", `The parameter "end" (${p.end}) is before "start" (${p.start}): give an end date on or after the start date.`) : undefined;

export const REPORTS: readonly ReportDefinition[] = [
  {
    id: "time-by-member",
    name: "Time by Member",
    description: "Hours each member logged between two dates, split into billable and non-billable, with the number of time entries.",
    params: [dateParam("start", "From date"), dateParam("end", "To date (inclusive)"), textParam("member", "Member identifier", "a member identifier, e.g. jsmith")],
    check: endNotBeforeStart,
    run(store, p) {
      const start = required(p, "start");
      const end = required(p, "end");
      const wanted = p.member?.toLowerCase();
      const byMember = new Map<string, { name: string; identifier: string; total: number; billable: number; entries: number }>();
      for (const entry of rowsOf(store, "/time/entries")) {
        const day = utcDay(entry.timeStart);
        if (day === undefined || day < start || day > end) continue;
        const member = isObject(entry.member) ? entry.member : {};
        const identifier = text(member.identifier);
        if (wanted !== undefined && identifier.toLowerCase() !== wanted) continue;
        const key = typeof member.id === "number" ? `#${member.id}` : identifier.toLowerCase();
        const totals = byMember.get(key) ?? { name: text(member.name) || identifier || "(no member)", identifier, total: 0, billable: 0, entries: 0 };
        const hours = num(entry.actualHours);
        totals.total += hours;
        if (entry.billableOption === "Billable") totals.billable += hours;
        totals.entries += 1;
        byMember.set(key, totals);
      }
      const rows = [...byMember.values()]
        .sort((a, b) => compare(a.name, b.name) || compare(a.identifier, b.identifier))
        .map((m) => [m.name, m.identifier, fixed(m.total), fixed(m.billable), fixed(m.total - m.billable), String(m.entries)]);
      return {
        columns: [{ label: "Member" }, { label: "Identifier" }, ...numeric("Total Hours", "Billable Hours", "Non-Billable Hours", "Entries")],
        rows,
      };
    },
  },
  {
    id: "open-tickets-by-board",
    name: "Open Tickets by Board",
    description: "Open (not closed) service tickets counted by board and status, with the date the oldest one was entered.",
    params: [textParam("board", "Board name", "a service board name, e.g. Help Desk")],
    run(store, p) {
      const wanted = p.board?.toLowerCase();
      const groups = new Map<string, { board: string; status: string; count: number; oldest: string | undefined }>();
      for (const ticket of rowsOf(store, "/service/tickets")) {
        if (ticket.closedFlag === true) continue;
        const board = refName(ticket.board) || "(no board)";
        if (wanted !== undefined && board.toLowerCase() !== wanted) continue;
        const status = refName(ticket.status) || "(no status)";
        const key = JSON.stringify([board, status]);
        const group = groups.get(key) ?? { board, status, count: 0, oldest: undefined };
        const entered = enteredDay(ticket);
        if (entered !== undefined && (group.oldest === undefined || entered < group.oldest)) group.oldest = entered;
        group.count += 1;
        groups.set(key, group);
      }
      const rows = [...groups.values()]
        .sort((a, b) => compare(a.board, b.board) || compare(a.status, b.status))
        .map((g) => [g.board, g.status, String(g.count), g.oldest ?? ""]);
      return { columns: [{ label: "Board" }, { label: "Status" }, ...numeric("Open Tickets"), { label: "Oldest Ticket" }], rows };
    },
  },
  {
    id: "open-tickets",
    name: "Open Tickets",
    description: "Every open service ticket, oldest first, with its summary, company, board, status and age in days.",
    params: [textParam("board", "Board name", "a service board name, e.g. Help Desk")],
    run(store, p) {
      const wanted = p.board?.toLowerCase();
      const today = todayOf(store);
      const todayMs = Date.parse(today);
      const rows = rowsOf(store, "/service/tickets")
        .filter((t) => t.closedFlag !== true && (wanted === undefined || refName(t.board).toLowerCase() === wanted))
        .map((t) => ({ ticket: t, entered: enteredDay(t) ?? "" }))
        .sort((a, b) => compare(a.entered, b.entered) || a.ticket.id - b.ticket.id)
        .map(({ ticket, entered }) => [
          String(ticket.id),
          text(ticket.summary),
          refName(ticket.company),
          refName(ticket.board),
          refName(ticket.status),
          entered,
          entered ? String(Math.round((todayMs - Date.parse(entered)) / DAY_MS)) : "",
        ]);
      return {
        columns: [...numeric("Ticket #"), { label: "Summary" }, { label: "Company" }, { label: "Board" }, { label: "Status" }, { label: "Entered" }, ...numeric("Age (Days)")],
        rows,
        context: [["As of", today]],
      };
    },
  },
  {
    id: "agreement-list",
    name: "Agreement List",
    description: "Agreements in one status (Active unless chosen), with company, type, dates and the amount billed each period.",
    params: [choiceParam("status", "Agreement status", AGREEMENT_STATUSES, "Active")],
    run(store, p) {
      const wanted = required(p, "status").toLowerCase();
      const rows = rowsOf(store, "/finance/agreements")
        .filter((a) => agreementStatus(a).toLowerCase() === wanted)
        .map((a) => [
          refName(a.company),
          text(a.name),
          refName(a.type),
          utcDay(a.startDate) ?? "",
          a.noEndingDateFlag === true ? "" : (utcDay(a.endDate) ?? ""),
          fixed(num(a.billAmount)),
        ])
        .sort((a, b) => compare(a[0]!, b[0]!) || compare(a[1]!, b[1]!));
      return {
        columns: [{ label: "Company" }, { label: "Agreement" }, { label: "Type" }, { label: "Start" }, { label: "End" }, ...numeric("Bill Amount")],
        rows,
      };
    },
  },
  {
    id: "ar-aging",
    name: "Accounts Receivable Aging",
    description: "Unpaid invoice balances by company, aged by days past the due date: Current, 1-30, 31-60, 61-90 and over 90 days.",
    params: [],
    run(store) {
      const today = todayOf(store);
      const todayMs = Date.parse(today);
      const byCompany = new Map<string, { invoices: number; buckets: number[] }>();
      for (const invoice of rowsOf(store, "/finance/invoices")) {
        const balance = num(invoice.balance);
        if (balance <= 0) continue;
        const company = refName(invoice.company) || "(no company)";
        const due = utcDay(invoice.dueDate) ?? utcDay(invoice.date);
        const daysPastDue = due === undefined ? 0 : Math.round((todayMs - Date.parse(due)) / DAY_MS);
        const totals = byCompany.get(company) ?? { invoices: 0, buckets: [0, 0, 0, 0, 0] };
        const bucket = daysPastDue <= 0 ? 0 : daysPastDue <= 30 ? 1 : daysPastDue <= 60 ? 2 : daysPastDue <= 90 ? 3 : 4;
        totals.buckets[bucket] = (totals.buckets[bucket] ?? 0) + balance;
        totals.invoices += 1;
        byCompany.set(company, totals);
      }
      const rows = [...byCompany.entries()]
        .sort(([a], [b]) => compare(a, b))
        .map(([company, t]) => [company, String(t.invoices), ...t.buckets.map(fixed), fixed(t.buckets.reduce((s, n) => s + n, 0))]);
      return {
        columns: [{ label: "Company" }, ...numeric("Invoices", "Current", "1-30", "31-60", "61-90", "90+", "Total")],
        rows,
        context: [["As of", today]],
      };
    },
  },
  {
    id: "timesheet-status",
    name: "Timesheet Status",
    description: "Each member's timesheets for periods overlapping two dates, with their approval status and hours.",
    params: [dateParam("start", "From date"), dateParam("end", "To date (inclusive)")],
    check: endNotBeforeStart,
    run(store, p) {
      const start = required(p, "start");
      const end = required(p, "end");
      const rows = rowsOf(store, "/time/sheets")
        .map((sheet) => {
          const from = utcDay(sheet.dateStart) ?? "";
          const member = isObject(sheet.member) ? sheet.member : {};
          return { member: text(member.name) || text(member.identifier) || "(no member)", from, to: utcDay(sheet.dateEnd) ?? from, sheet };
        })
        .filter((s) => s.from !== "" && s.from <= end && s.to >= start)
        .sort((a, b) => compare(a.member, b.member) || compare(a.from, b.from))
        .map((s) => [s.member, `${s.from} to ${s.to}`, text(s.sheet.status), fixed(num(s.sheet.hours))]);
      return { columns: [{ label: "Member" }, { label: "Period" }, { label: "Status" }, ...numeric("Hours")], rows };
    },
  },
  {
    id: "open-tickets-by-age",
    name: "Open Tickets by Board and Age",
    description: "Open service tickets per board, counted by days since they were entered (0-2, 3-7, 8-14, 15-30, over 30), with the oldest one's age.",
    params: [textParam("board", "Board name", "a service board name, e.g. Help Desk")],
    run(store, p) {
      const wanted = p.board?.toLowerCase();
      const today = todayOf(store);
      const todayMs = Date.parse(today);
      const byBoard = new Map<string, { count: number; buckets: number[]; oldest: number }>();
      for (const ticket of rowsOf(store, "/service/tickets")) {
        if (ticket.closedFlag === true) continue;
        const board = refName(ticket.board) || "(no board)";
        if (wanted !== undefined && board.toLowerCase() !== wanted) continue;
        const entered = enteredDay(ticket);
        const age = entered === undefined ? 0 : Math.max(0, Math.round((todayMs - Date.parse(entered)) / DAY_MS));
        const group = byBoard.get(board) ?? { count: 0, buckets: [0, 0, 0, 0, 0], oldest: 0 };
        const bucket = age <= 2 ? 0 : age <= 7 ? 1 : age <= 14 ? 2 : age <= 30 ? 3 : 4;
        group.buckets[bucket] = (group.buckets[bucket] ?? 0) + 1;
        group.count += 1;
        group.oldest = Math.max(group.oldest, age);
        byBoard.set(board, group);
      }
      const rows = [...byBoard.entries()]
        .sort(([a], [b]) => compare(a, b))
        .map(([board, g]) => [board, String(g.count), ...g.buckets.map(String), String(g.oldest)]);
      return {
        columns: [{ label: "Board" }, ...numeric("Open Tickets", "0-2 Days", "3-7 Days", "8-14 Days", "15-30 Days", "31+ Days", "Oldest (Days)")],
        rows,
        context: [["As of", today]],
      };
    },
  },
  {
    id: "unbilled-time",
    name: "Unbilled Time",
    description: "Billable time not yet on an invoice, by company: entries, hours, the amount still to bill at the entries' rates, and the oldest entry's date.",
    params: [{ ...dateParam("through", "Up to date (inclusive)"), required: false }, textParam("company", "Company name", "a company name, e.g. Acme Corp")],
    run(store, p) {
      const through = p.through;
      const wanted = p.company?.toLowerCase();
      const byCompany = new Map<string, { entries: number; hours: number; amount: number; oldest: string | undefined }>();
      for (const entry of rowsOf(store, "/time/entries")) {
        if (entry.billableOption !== "Billable" || isObject(entry.invoice)) continue;
        const day = utcDay(entry.timeStart);
        if (day === undefined || (through !== undefined && day > through)) continue;
        const company = refName(entry.company) || "(no company)";
        if (wanted !== undefined && company.toLowerCase() !== wanted) continue;
        const hours = num(entry.actualHours);
        const amount = typeof entry.extendedInvoiceAmount === "number" ? entry.extendedInvoiceAmount : hours * num(entry.hourlyRate);
        const totals = byCompany.get(company) ?? { entries: 0, hours: 0, amount: 0, oldest: undefined };
        totals.entries += 1;
        totals.hours += hours;
        totals.amount += amount;
        if (totals.oldest === undefined || day < totals.oldest) totals.oldest = day;
        byCompany.set(company, totals);
      }
      const rows = [...byCompany.entries()]
        .sort(([a], [b]) => compare(a, b))
        .map(([company, t]) => [company, String(t.entries), fixed(t.hours), fixed(t.amount), t.oldest ?? ""]);
      return { columns: [{ label: "Company" }, ...numeric("Entries", "Unbilled Hours", "Unbilled Amount"), { label: "Oldest Entry" }], rows };
    },
  },
  {
    id: "closed-tickets-by-technician",
    name: "Closed Tickets by Technician",
    description: "Service tickets closed between two dates, counted by the member who closed them, with the average days from entry to close.",
    params: [dateParam("start", "From date"), dateParam("end", "To date (inclusive)"), textParam("board", "Board name", "a service board name, e.g. Help Desk")],
    check: endNotBeforeStart,
    run(store, p) {
      const start = required(p, "start");
      const end = required(p, "end");
      const wanted = p.board?.toLowerCase();
      const names = new Map<string, string>();
      for (const m of rowsOf(store, "/system/members")) {
        const name = [text(m.firstName), text(m.lastName)].filter(Boolean).join(" ");
        if (text(m.identifier)) names.set(text(m.identifier).toLowerCase(), name || text(m.identifier));
      }
      const byTech = new Map<string, { name: string; identifier: string; count: number; days: number }>();
      for (const ticket of rowsOf(store, "/service/tickets")) {
        if (ticket.closedFlag !== true) continue;
        const closed = utcDay(ticket.closedDate);
        if (closed === undefined || closed < start || closed > end) continue;
        if (wanted !== undefined && refName(ticket.board).toLowerCase() !== wanted) continue;
        const identifier = text(ticket.closedBy) || refName(ticket.owner);
        const key = identifier.toLowerCase();
        const tech = byTech.get(key) ?? { name: names.get(key) ?? (identifier || "(unknown)"), identifier, count: 0, days: 0 };
        // Whole instants, not days: a ticket entered and closed the same afternoon took hours, not zero or one day.
        const info = isObject(ticket._info) ? ticket._info : {};
        const entered = Date.parse(text(info.dateEntered) || text(ticket.dateEntered));
        tech.count += 1;
        tech.days += Number.isNaN(entered) ? 0 : Math.max(0, (Date.parse(String(ticket.closedDate)) - entered) / DAY_MS);
        byTech.set(key, tech);
      }
      const rows = [...byTech.values()]
        .sort((a, b) => b.count - a.count || compare(a.name, b.name))
        .map((t) => [t.name, t.identifier, String(t.count), fixed(t.days / t.count)]);
      return { columns: [{ label: "Technician" }, { label: "Identifier" }, ...numeric("Closed Tickets", "Average Days to Close")], rows };
    },
  },
];

export function findReport(id: string): ReportDefinition | undefined {
  return REPORTS.find((r) => r.id === id);
}

/** The report's parameters from a query string, each checked alone and then together. */
export function reportParams(report: ReportDefinition, query: URLSearchParams): ParsedParams | ParamError {
  const parsed = parseParams(report.params, query);
  return parsed instanceof ParamError ? parsed : (report.check?.(parsed.values) ?? parsed);
}

function rowsOf(store: Store, template: string): Row[] {
  return store.table(tableKey(template)).list();
}

/** The store's today (its clock's UTC day): what ages and the export file name count from. */
export function todayOf(store: Store): string {
  return store.now().toISOString().slice(0, 10);
}

function enteredDay(record: Row): string | undefined {
  return utcDay(isObject(record._info) ? record._info.dateEntered : undefined) ?? utcDay(record.dateEntered);
}

function required(p: ParamValues, name: string): string {
  const value = p[name];
  if (value === undefined) throw new Error(`report parameter ${name} was not validated`);
  return value;
}

function numeric(...labels: string[]): Column[] {
  return labels.map((label) => ({ label, numeric: true }));
}

/** The status ConnectWise shows; records without one fall back on their cancelled flag. */
function agreementStatus(a: Row): string {
  return text(a.agreementStatus) || (a.cancelledFlag === true ? "Cancelled" : "Active");
}

function text(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function refName(v: unknown): string {
  return isObject(v) ? text(v.name) || text(v.identifier) : "";
}

/** Two decimals, as hours and amounts are shown in ConnectWise. */
function fixed(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

function compare(a: string, b: string): number {
  return a.localeCompare(b, "en", { sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The UTC calendar day of a ConnectWise date: `2026-01-05T09:30:00Z` (converted when it carries an
 * offset) or a bare `2026-01-05`, which is taken as written.
 */
function utcDay(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  if (/T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
  }
  return parseDay(v.slice(0, 10));
}
