/**
 * ConnectWise's system reports (research §9.3): `GET /system/reports` lists the report names;
 * `/system/reports/{reportName}` answers a report's rows in columnar form,
 * `{column_definitions: [{Name: {type, isNullable, identityColumn?}}], row_values: [[…]]}`, filtered by
 * `conditions` and sorted by `orderBy` on its DB-style column names, paged by `page`/`pageSize` and
 * narrowed by `columns`; `/columns` answers the definitions and `/count` the number of matching rows.
 *
 * Reports are computed from the store on every request, so they reflect writes. Column names follow
 * ConnectWise's report catalogue (v2015.1, rjanicek/connectwise-action-api available-reports.md) with
 * the `_UTC` date columns of later versions; a few extra columns are the sandbox's own.
 * Where ConnectWise's behaviour is not documented, the choices are: report and column names match
 * case-insensitively; an unknown name in `columns` is refused like one in `conditions`; `fields`,
 * `childConditions` and `customFieldConditions` are ignored on report data; paging sends `Link`
 * headers as list endpoints do.
 */
import type { ApiContext, ApiResponse } from "../api.js";
import type { SchemaObject } from "../../catalogue/schema-object.js";
import { compileConditions, schemaFieldModel, type FieldModel } from "../conditions/index.js";
import { cwError, notFound } from "../errors.js";
import { parseFields, project } from "../query/fields.js";
import { compileOrderBy } from "../query/order.js";
import { pageRequest, paginate } from "../query/paging.js";
import { tableKey } from "../references.js";
import { isObject, type Row } from "../store.js";

type ColumnType = "Numeric" | "Text" | "DateTime" | "Boolean";

interface Column {
  name: string;
  type: ColumnType;
  nullable: boolean;
  identity?: boolean;
  /** The value from the source record (references already current). */
  value: (record: Row) => unknown;
}

interface Report {
  name: string;
  /** The store table the report reads, one report row per record. */
  table: string;
  columns: Column[];
}

// --- column builders --------------------------------------------------------------------------------

const column =
  (type: ColumnType) =>
  (name: string, value: (record: Row) => unknown, nullable = true): Column => ({ name, type, nullable, value });
const num = column("Numeric");
const text = column("Text");
const date = column("DateTime");
const flag = column("Boolean");
const identity = (name: string): Column => ({ name, type: "Numeric", nullable: false, identity: true, value: (r) => r.id });

/** A member of a reference (`company.name`) or of `_info`. */
const ref = (field: string, key = "name") => (r: Row) => (isObject(r[field]) ? r[field][key] : undefined);
const refId = (field: string) => ref(field, "id");
const info = (key: string) => ref("_info", key);
const field = (name: string) => (r: Row) => r[name];

/** A holiday's hours on its day, as a DateTime; none for all-day holidays. */
const holidayTime = (key: "timeStart" | "timeEnd") => (r: Row) => {
  const t = r[key];
  if (r.allDayFlag !== false || typeof t !== "string") return undefined;
  const hhmm = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  return hhmm ? `${String(r.date).slice(0, 10)}T${hhmm[1]}:${hhmm[2]}:${hhmm[3] ?? "00"}Z` : t;
};

const TICKET_CHARGES = new Set(["ServiceTicket", "ProjectTicket"]);
const chargedTo = (types: Set<string>) => (r: Row) => (types.has(String(r.chargeToType)) ? r.chargeToId : undefined);

// --- the reports ------------------------------------------------------------------------------------

const REPORTS: Report[] = [
  {
    name: "AgreementList",
    table: "/finance/agreements",
    columns: [
      identity("AGR_Header_RecID"),
      text("AGR_Name", field("name")),
      num("AGR_Type_RecID", refId("type")),
      text("AGR_Type_Desc", ref("type")),
      num("Company_RecID", refId("company")),
      text("Company_Name", ref("company")),
      text("Agreement_Status", field("agreementStatus"), false),
      date("DateStart", field("startDate")),
      date("DateEnd", field("endDate")),
      date("Bill_Start_Date", field("billStartDate")),
      num("Billing_Amount", field("billAmount")),
      text("Billing_Cycle_Desc", ref("billingCycle")),
      flag("UnlimitedFlag", field("applicationUnlimitedFlag"), false),
      num("Parent_Agreement_RecID", refId("parentAgreement")),
      text("Parent_Agreement_Name", ref("parentAgreement")),
      date("Last_Update_UTC", info("lastUpdated")),
    ],
  },
  {
    name: "ChargeCode",
    table: "/time/chargecodes",
    columns: [
      identity("TE_Charge_Code_RecID"),
      text("Description", field("name")),
      num("Company_RecID", refId("company")),
      text("Work_Type", ref("workType")),
      text("Work_Role", ref("workRole")),
      flag("Time_Entry_Flag", field("timeEntryFlag"), false),
      flag("Expense_Entry_Flag", field("expenseEntryFlag"), false),
      date("Last_Update_UTC", info("lastUpdated")),
      text("Updated_By", info("updatedBy")),
    ],
  },
  {
    name: "Company",
    table: "/company/companies",
    columns: [
      identity("Company_RecID"),
      text("Company_ID", field("identifier")),
      text("Company_Name", field("name")),
      text("Company_Status_Desc", ref("status")),
      text("Company_Type_Desc", (r) => (Array.isArray(r.types) && isObject(r.types[0]) ? r.types[0].name : undefined)),
      text("Account_Nbr", field("accountNumber")),
      text("PhoneNbr", field("phoneNumber")),
      text("Website_URL", field("website")),
      num("Annual_Revenue", field("annualRevenue")),
      num("Nbr_Employees", field("numberOfEmployees")),
      text("Billing_Terms_Desc", ref("billingTerms")),
      date("Date_Acquired", field("dateAcquired")),
      flag("Lead_Flag", field("leadFlag"), false),
      flag("Delete_Flag", field("deletedFlag"), false),
      date("Date_Entered_UTC", info("dateEntered")),
      date("Last_Update_UTC", info("lastUpdated")),
      text("Updated_By", info("updatedBy")),
    ],
  },
  {
    // ConnectWise's Holiday report has no id column of its own.
    name: "Holiday",
    table: "/schedule/holidaylists/{parentId}/holidays",
    columns: [
      num("Holiday_List_RecID", refId("holidayList"), false),
      text("Holiday_List_Name", ref("holidayList"), false),
      date("Holiday_Date", field("date"), false),
      text("Description", field("name"), false),
      date("Time_Start", holidayTime("timeStart")),
      date("Time_End", holidayTime("timeEnd")),
      date("Last_Update_UTC", info("lastUpdated"), false),
      text("Updated_By", info("updatedBy"), false),
    ],
  },
  {
    name: "Service",
    table: "/service/tickets",
    columns: [
      identity("SR_Service_RecID"),
      text("Summary", field("summary")),
      num("Company_RecID", refId("company")),
      text("Company_Name", ref("company")),
      num("Contact_RecID", refId("contact")),
      text("Contact_Name", (r) => ref("contact")(r) ?? r.contactName),
      num("SR_Board_RecID", refId("board")),
      text("Board_Name", ref("board")),
      num("SR_Status_RecID", refId("status")),
      text("Status_Description", ref("status")),
      flag("Closed_Flag", field("closedFlag")),
      text("Urgency", ref("priority")),
      text("ServiceType", ref("type")),
      text("ServiceSubType", ref("subType")),
      text("ServiceSubTypeItem", ref("item")),
      text("Source", ref("source")),
      text("Team_Name", ref("team")),
      text("Resource_List", (r) => r.resources ?? ref("owner", "identifier")(r)),
      text("Severity", field("severity")),
      text("Impact", field("impact")),
      text("Location", ref("location")),
      text("Site_Name", (r) => r.siteName ?? ref("site")(r)),
      num("AGR_Header_RecID", refId("agreement")),
      text("Agreement_Name", ref("agreement")),
      num("Hours_Actual", field("actualHours")),
      num("Hours_Budget", field("budgetHours")),
      date("Date_Entered_UTC", info("dateEntered")),
      date("Date_Responded_UTC", field("dateResponded")),
      date("Date_Resolved_UTC", field("dateResolved")),
      date("Date_Closed_UTC", field("closedDate")),
      date("Last_Update_UTC", info("lastUpdated")),
      text("Entered_By", info("enteredBy")),
      text("Closed_By", field("closedBy")),
      text("Updated_By", info("updatedBy")),
    ],
  },
  {
    name: "Time",
    table: "/time/entries",
    columns: [
      identity("Time_RecID"),
      num("Member_RecID", refId("member")),
      text("Member_ID", ref("member", "identifier"), false),
      num("Company_RecID", refId("company"), false),
      text("Company_Name", ref("company")),
      text("Charge_To_Type", field("chargeToType")),
      num("Charge_To_RecID", field("chargeToId")),
      num("SR_Service_RecID", chargedTo(TICKET_CHARGES)),
      num("TE_Charge_Code_RecID", chargedTo(new Set(["ChargeCode"]))),
      date("Time_Start_UTC", field("timeStart")),
      date("Time_End_UTC", field("timeEnd")),
      num("Hours_Actual", field("actualHours"), false),
      num("Billable_Hrs", field("hoursBilled")),
      flag("Billable_Flag", (r) => r.billableOption === "Billable", false),
      text("Work_Type", ref("workType")),
      text("Work_Role", ref("workRole")),
      text("Notes", field("notes")),
      num("Time_Sheet_RecID", refId("timeSheet")),
      text("Time_Status", field("status")),
      text("Agreement", ref("agreement")),
      num("Hourly_Rate", field("hourlyRate")),
      flag("Invoice_Flag", field("invoiceFlag"), false),
      text("Location", (r) => r.locationName ?? ref("location")(r)),
      date("Date_Entered_UTC", info("dateEntered"), false),
      date("Last_Update_UTC", info("lastUpdated")),
      text("Updated_By", info("updatedBy")),
    ],
  },
];

const BY_NAME = new Map(REPORTS.map((r) => [r.name.toLowerCase(), r]));

// --- computing a report -----------------------------------------------------------------------------

/** A value as the report column holds it: numbers, strings, UTC instants, booleans, or null. */
function cell(type: ColumnType, nullable: boolean, v: unknown): unknown {
  if (v === undefined || v === null || v === "") return type === "Boolean" && !nullable ? false : null;
  switch (type) {
    case "Numeric": {
      const n = typeof v === "number" ? v : Number(v);
      return Number.isFinite(n) ? n : null;
    }
    case "Boolean":
      return v === true;
    case "DateTime": {
      const s = String(v);
      return /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s;
    }
    case "Text":
      return typeof v === "object" ? JSON.stringify(v) : String(v);
  }
}

const COLUMN_SCHEMA: Record<ColumnType, SchemaObject> = {
  Numeric: { type: "number" },
  Text: { type: "string" },
  DateTime: { type: "string", format: "date-time" },
  Boolean: { type: "boolean" },
};

const models = new Map<Report, FieldModel>();

/** The names `conditions` and `orderBy` may use on a report: its columns, typed by their definitions. */
function fieldModel(report: Report): FieldModel {
  let model = models.get(report);
  if (!model) {
    const properties = Object.fromEntries(report.columns.map((c) => [c.name, COLUMN_SCHEMA[c.type]]));
    model = schemaFieldModel({ type: "object", properties }, () => undefined);
    models.set(report, model);
  }
  return model;
}

/** One row per source record, keyed by column name; `id` is the row's position (for paging and ties). */
function reportRows(ctx: ApiContext, report: Report): Row[] {
  const table = tableKey(report.table);
  if (!ctx.store.has(table)) return [];
  return ctx.store.table(table).list().map((record, i) => {
    const current = ctx.model.hydrate(ctx.store, table, record);
    const row: Row = { id: i + 1 };
    for (const c of report.columns) row[c.name] = cell(c.type, c.nullable, c.value(current));
    return row;
  });
}

/** Rows matching `conditions`, in `orderBy` order unless `ordered` is false (a count). */
function selected(ctx: ApiContext, rows: Row[], model: FieldModel, ordered = true): Row[] {
  const conditions = ctx.request.query.get("conditions");
  const order = ordered ? compileOrderBy(ctx.request.query.get("orderBy"), model) : undefined;
  const matching = conditions?.trim() ? rows.filter(compileConditions(conditions, model)) : rows;
  return order ? order(matching) : matching;
}

function paged(ctx: ApiContext, rows: Row[]): { items: Row[]; headers: Record<string, string> } {
  const query = ctx.request.query;
  const page = paginate(rows, pageRequest(query, false), query, `${ctx.request.baseUrl}${ctx.request.path}`);
  return { items: page.items, headers: page.link !== undefined ? { Link: page.link } : {} };
}

function reportOf(ctx: ApiContext): Report {
  const name = ctx.match.params.reportName ?? "";
  const report = BY_NAME.get(name.toLowerCase());
  if (!report) throw notFound(`Report ${name} was not found.`);
  return report;
}

/** `columns=A,B`: those columns in that order; every column when absent. */
function chosenColumns(report: Report, list: string | undefined): Column[] {
  if (!list?.trim()) return report.columns;
  const byName = new Map(report.columns.map((c) => [c.name.toLowerCase(), c]));
  const out: Column[] = [];
  for (const raw of list.split(",")) {
    const name = raw.trim();
    if (!name) continue;
    const c = byName.get(name.toLowerCase());
    if (!c) throw cwError(400, "ApiFindCondition", `${name} is not a recognized name.`);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

const definition = (c: Column) => ({ [c.name]: { type: c.type, isNullable: c.nullable, ...(c.identity ? { identityColumn: true } : {}) } });

// --- the endpoints ----------------------------------------------------------------------------------

/** GET /system/reports: the report names, as a list endpoint over `Report {name}`. */
function listReports(ctx: ApiContext): ApiResponse {
  const names: Row[] = REPORTS.map((r) => r.name)
    .sort()
    .map((name, i) => ({ id: i + 1, name }));
  const { items, headers } = paged(ctx, selected(ctx, names, ctx.model.fieldModel("Report")));
  const fields = parseFields(ctx.request.query.get("fields"));
  return { status: 200, headers, body: items.map(({ name }) => (fields ? project({ name }, fields) : { name })) };
}

/** GET /system/reports/{reportName}: the ReportDataResponse. */
function reportData(ctx: ApiContext): ApiResponse {
  const report = reportOf(ctx);
  const columns = chosenColumns(report, ctx.request.query.get("columns"));
  const { items, headers } = paged(ctx, selected(ctx, reportRows(ctx, report), fieldModel(report)));
  return {
    status: 200,
    headers,
    body: { column_definitions: columns.map(definition), row_values: items.map((row) => columns.map((c) => row[c.name])) },
  };
}

function reportColumns(ctx: ApiContext): ApiResponse {
  return { status: 200, body: reportOf(ctx).columns.map(definition) };
}

function reportCount(ctx: ApiContext): ApiResponse {
  const report = reportOf(ctx);
  return { status: 200, body: { count: selected(ctx, reportRows(ctx, report), fieldModel(report), false).length } };
}

export const REPORT_ACTIONS: Record<string, (ctx: ApiContext) => ApiResponse> = {
  "GET /system/reports": listReports,
  "GET /system/reports/{reportname}": reportData,
  "GET /system/reports/{reportname}/columns": reportColumns,
  "GET /system/reports/{reportname}/count": reportCount,
};
