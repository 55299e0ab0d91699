import { describe, expect, it } from "vitest";
import type { SchemaObject } from "../../../src/catalogue/schema-object.js";
import {
  compileChildConditions,
  compileConditions,
  compileCustomFieldConditions,
  ConditionError,
  parseConditions,
  schemaFieldModel,
} from "../../../src/sandbox/conditions/index.js";

// A hand-written slice of the Manage spec: enough shapes (references, `_info` maps, arrays, free-form
// custom field values, date fields typed as plain strings) to exercise every path the engine resolves.
const int: SchemaObject = { type: "integer", format: "int32" };
const str: SchemaObject = { type: "string" };
const bool: SchemaObject = { type: "boolean", nullable: true };
const info: SchemaObject = { type: "object", additionalProperties: { type: "string" } };
const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const reference = (extra: Record<string, SchemaObject> = {}): SchemaObject => ({
  type: "object",
  properties: { id: { ...int, nullable: true }, ...extra, _info: info },
});

const schemas: Record<string, SchemaObject> = {
  BoardReference: reference({ name: str }),
  ServiceStatusReference: reference({ name: str, sort: int }),
  CompanyReference: reference({ identifier: str, name: str }),
  CompanyTypeReference: reference({ name: str }),
  CommunicationTypeReference: reference({ name: str }),
  CustomFieldValue: {
    type: "object",
    properties: {
      id: int,
      caption: str,
      type: { type: "string", enum: ["Checkbox", "Date", "Number", "Text"], nullable: true },
      entryMethod: str,
      numberOfDecimals: int,
      value: { type: "object", additionalProperties: {} },
      connectWiseId: str,
    },
  },
  Ticket: {
    type: "object",
    properties: {
      id: int,
      summary: { type: "string", maxLength: 100 },
      board: ref("BoardReference"),
      status: ref("ServiceStatusReference"),
      company: ref("CompanyReference"),
      closedFlag: bool,
      closedDate: str,
      requiredDate: { type: "string", format: "date-time" },
      budgetHours: { type: "number", format: "double", nullable: true },
      resources: str,
      customFields: { type: "array", items: ref("CustomFieldValue") },
      _info: info,
    },
  },
  ContactCommunicationItem: {
    type: "object",
    properties: {
      id: int,
      type: ref("CommunicationTypeReference"),
      value: str,
      communicationType: { type: "string", enum: ["Email", "Fax", "Phone"], nullable: true },
      defaultFlag: bool,
    },
  },
  Contact: {
    type: "object",
    properties: {
      id: int,
      firstName: str,
      lastName: str,
      company: ref("CompanyReference"),
      inactiveFlag: bool,
      communicationItems: { type: "array", items: ref("ContactCommunicationItem") },
      _info: info,
    },
  },
  Company: {
    type: "object",
    properties: {
      id: int,
      identifier: str,
      name: str,
      types: { type: "array", items: ref("CompanyTypeReference") },
      _info: info,
    },
  },
};

const lookup = (name: string) => schemas[name];
const ticketModel = schemaFieldModel(schemas.Ticket!, lookup);
const contactModel = schemaFieldModel(schemas.Contact!, lookup);
const companyModel = schemaFieldModel(schemas.Company!, lookup);

const acme = { id: 100, identifier: "Acme", name: "Acme Corp", _info: { company_href: "…/companies/100" } };
const globex = { id: 101, identifier: "Globex", name: "Globex Inc" };
const initech = { id: 102, identifier: "Initech", name: "Initech LLC" };
const serviceDesk = { id: 1, name: "Service Desk" };
const projects = { id: 2, name: "Projects" };
const alerts = { id: 3, name: "Alerts" };
const statusNew = { id: 10, name: "New" };
const inProgress = { id: 11, name: "In Progress" };
const resolved = { id: 12, name: "Closed - Resolved" };
const audit = (dateEntered: string, lastUpdated: string, enteredBy: string, updatedBy?: string) => ({
  dateEntered,
  lastUpdated,
  enteredBy,
  ...(updatedBy ? { updatedBy } : {}),
});
const custom = (id: number, caption: string, type: string, value: unknown) => ({
  id,
  caption,
  type,
  entryMethod: "EntryField",
  numberOfDecimals: 0,
  value,
  connectWiseId: `cw-${id}`,
});

const tickets = [
  {
    id: 1,
    summary: "VPN down at HQ",
    board: serviceDesk,
    status: statusNew,
    company: acme,
    closedFlag: false,
    closedDate: null,
    requiredDate: "2025-01-10T09:00:00Z",
    budgetHours: 2.5,
    resources: "jsmith,adoe",
    customFields: [custom(1, "VIP", "Checkbox", true), custom(2, "Contract Number", "Text", "C-1001")],
    _info: audit("2025-01-01T08:00:00Z", "2025-01-05T12:00:00Z", "jsmith", "adoe"),
  },
  {
    id: 2,
    summary: 'Printer "jammed" again',
    board: projects,
    status: inProgress,
    company: globex,
    closedFlag: false,
    closedDate: null,
    requiredDate: null,
    budgetHours: 1,
    resources: "adoe",
    customFields: [custom(1, "VIP", "Checkbox", false), custom(2, "Contract Number", "Text", null)],
    _info: audit("2025-01-01T00:00:00Z", "2025-02-01T10:00:00.500Z", "adoe", "adoe"),
  },
  {
    id: 3,
    summary: "Can't log in",
    board: serviceDesk,
    status: resolved,
    company: acme,
    closedFlag: true,
    closedDate: "2025-01-15T16:30:00Z",
    requiredDate: "2025-01-15T00:00:00Z",
    budgetHours: 0,
    resources: "jsmith",
    customFields: [custom(3, "Outage ID", "Number", 123)],
    _info: audit("2024-12-31T23:59:59Z", "2025-01-15T16:30:00Z", "jsmith", "jsmith"),
  },
  {
    id: 4,
    summary: "[URGENT] server offline",
    board: alerts,
    status: statusNew,
    closedFlag: false,
    closedDate: null,
    requiredDate: "2025-03-01T10:00:00Z",
    budgetHours: null,
    resources: "",
    customFields: [],
    _info: audit("2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z", "Alerting", "Alerting"),
  },
  {
    id: 5,
    summary: "Email 50% slow",
    board: serviceDesk,
    status: inProgress,
    company: initech,
    closedFlag: false,
    closedDate: null,
    requiredDate: "2025-01-10T09:00:00.250Z",
    budgetHours: 12,
    resources: "bwayne",
    customFields: [custom(3, "Outage ID", "Number", "124")],
    _info: audit("2025-01-10T09:00:00Z", "2025-01-10T09:00:00Z", "bwayne", "bwayne"),
  },
  {
    id: 6,
    summary: "vpn slow (branch)",
    board: projects,
    status: resolved,
    company: globex,
    closedFlag: true,
    closedDate: "2025-02-10T00:00:00Z",
    requiredDate: null,
    budgetHours: 4,
    resources: "jsmith",
    customFields: [custom(1, "VIP", "Checkbox", "True"), custom(4, "Go-live", "Date", "2025-03-01T00:00:00Z")],
    _info: audit("2025-02-01T10:00:00Z", "2025-02-10T00:00:00Z", "jsmith", "jsmith"),
  },
  {
    id: 7,
    summary: "C:\\temp full",
    board: alerts,
    status: null,
    company: acme,
    closedFlag: false,
    closedDate: null,
    budgetHours: 0.5,
    resources: "adoe",
    customFields: [custom(2, "Contract Number", "Text", "C-2002"), custom(1, "VIP", "Checkbox", false)],
    _info: audit("2025-01-20T00:00:00Z", "2025-01-20T00:00:00Z", "adoe"),
  },
  {
    id: 8,
    summary: "O'Brien's laptop",
    board: serviceDesk,
    status: statusNew,
    company: initech,
    closedFlag: false,
    closedDate: null,
    requiredDate: "2025-01-01T00:00:00Z",
    budgetHours: 3,
    resources: "jsmith",
    _info: audit("2025-01-05T00:00:00Z", "2025-01-06T00:00:00Z", "jsmith", "jsmith"),
  },
];

const email = { id: 1, name: "Email" };
const phone = { id: 2, name: "Phone" };
const fax = { id: 3, name: "Fax" };
const contacts = [
  {
    id: 1,
    firstName: "John",
    lastName: "Smith",
    company: acme,
    inactiveFlag: false,
    communicationItems: [
      { id: 1, type: email, value: "john@outlook.com", communicationType: "Email", defaultFlag: true },
      { id: 2, type: phone, value: "555-0100", communicationType: "Phone", defaultFlag: false },
    ],
  },
  {
    id: 2,
    firstName: "Jane",
    lastName: "Doe",
    company: acme,
    inactiveFlag: false,
    communicationItems: [
      { id: 3, type: email, value: "jane@acme.com", communicationType: "Email", defaultFlag: true },
      { id: 4, type: fax, value: "john@home.net", communicationType: "Fax", defaultFlag: false },
    ],
  },
  { id: 3, firstName: "Bob", lastName: "Jones", company: globex, inactiveFlag: false, communicationItems: [] },
  { id: 4, firstName: "Alice", lastName: "Brown", company: initech, inactiveFlag: true },
];

const companies = [
  { ...acme, types: [{ id: 4, name: "Client" }, { id: 7, name: "Partner" }] },
  { ...globex, types: [{ id: 5, name: "Prospect" }] },
  { ...initech, types: [] },
];

const ids = (records: { id: number }[], predicate: (r: unknown) => boolean) => records.filter(predicate).map((r) => r.id);
const ALL_TICKETS = tickets.map((t) => t.id);

describe("conditions on tickets", () => {
  it.each<[string, number[]]>([
    // comparison operators
    ["id = 3", [3]],
    ["id != 3", [1, 2, 4, 5, 6, 7, 8]],
    ["budgetHours < 1", [3, 7]],
    ["budgetHours <= 1", [2, 3, 7]],
    ["budgetHours > 3", [5, 6]],
    ["budgetHours >= 3", [5, 6, 8]],
    ["budgetHours = 2.5", [1]],
    ["budgetHours > -1", [1, 2, 3, 5, 6, 7, 8]],
    ["summary contains \"vpn\"", [1, 6]],
    ["summary not contains \"vpn\"", [2, 3, 4, 5, 7, 8]],
    ["summary = \"vpn down at hq\"", [1]],
    ["summary != \"VPN DOWN AT HQ\"", [2, 3, 4, 5, 6, 7, 8]],
    // like: * and % wildcards, no wildcard = equality, SQL Server bracket classes
    ["summary like \"vpn*\"", [1, 6]],
    ["summary like \"%slow%\"", [5, 6]],
    ["summary not like \"*slow*\"", [1, 2, 3, 4, 7, 8]],
    ["summary like \"can't log in\"", [3]],
    ["summary like \"can't\"", []],
    ["summary like \"[[]URGENT]*\"", [4]],
    ["summary like \"*[[]*\"", [4]],
    ["summary like \"[UV]*\"", [1, 6]],
    ["summary like \"Email 50[%] slow\"", [5]],
    // in / not in
    ["board/id in (1, 3)", [1, 3, 4, 5, 7, 8]],
    ["board/id not in (1,3)", [2, 6]],
    ["status/name in (\"new\", 'In Progress')", [1, 2, 4, 5, 8]],
    ["status/name not in (\"New\")", [2, 3, 5, 6, 7]],
    ["status/name != 'Closed - Resolved'", [1, 2, 4, 5, 7, 8]],
    ["id NOT IN (1,2,3,4,5)", [6, 7, 8]],
    // precedence and parentheses
    ["board/id = 2 or board/id = 1 and closedFlag = true", [2, 3, 6]],
    ["(board/id = 2 or board/id = 1) and closedFlag = true", [3, 6]],
    ["closedFlag = true and (company/name = \"Acme Corp\" or company/name = \"Globex Inc\")", [3, 6]],
    ["((id = 1))", [1]],
    ["id = 1 OR id = 2 Or id = 3", [1, 2, 3]],
    ["( id = 1 or id = 8 ) and ( summary contains 'laptop' or budgetHours > 2 )", [1, 8]],
    // quoting and escaping
    ["summary = \"Printer \\\"jammed\\\" again\"", [2]],
    ["summary = 'Printer \"jammed\" again'", [2]],
    ["summary = 'O\\'Brien\\'s laptop'", [8]],
    ["summary = \"O'Brien's laptop\"", [8]],
    ["summary = \"C:\\\\temp full\"", [7]],
    ["summary contains \"C:\\temp\"", [7]],
    ["summary contains 'jammed'", [2]],
    // datetimes: date only, Z, no Z (UTC), fractional seconds
    ["requiredDate > [2025-01-10]", [1, 3, 4, 5]],
    ["requiredDate = [2025-01-10T09:00:00Z]", [1]],
    ["requiredDate = [2025-01-10T09:00:00]", [1]],
    ["requiredDate > [2025-01-10T09:00:00.1]", [3, 4, 5]],
    ["requiredDate >= [2025-01-10T09:00:00.250Z]", [3, 4, 5]],
    ["requiredDate < [2025-01-02]", [8]],
    ["closedDate > [2025-02-01]", [6]],
    // audit fields: _info paths and top-level aliases
    ["dateEntered > [2025-01-01]", [1, 4, 5, 6, 7, 8]],
    ["dateEntered >= [2025-01-01]", [1, 2, 4, 5, 6, 7, 8]],
    ["_info/lastUpdated > [2025-02-01T10:00:00Z]", [2, 4, 6]],
    ["lastUpdated < [2025-01-06T00:00:00Z]", [1]],
    ["LastUpdated = [2025-01-15T16:30:00Z] and closedFlag = TRUE", [3]],
    ["_INFO/enteredBy = \"jsmith\"", [1, 3, 6, 8]],
    ["updatedBy = \"adoe\"", [1, 2]],
    ["enteredBy = 'Alerting' AND status/name = \"New\"", [4]],
    // null
    ["closedDate = null", [1, 2, 4, 5, 7, 8]],
    ["closedDate != NULL", [3, 6]],
    ["requiredDate = null", [2, 6, 7]],
    ["company/name = null", [4]],
    ["budgetHours = null", [4]],
    ["status/id = null", [7]],
    ["company/id != null and budgetHours != null", [1, 2, 3, 5, 6, 7, 8]],
    // booleans in any case
    ["closedFlag = true", [3, 6]],
    ["closedFlag=False", [1, 2, 4, 5, 7, 8]],
    ["ClosedFlag = TRUE", [3, 6]],
    ["closedFlag != true", [1, 2, 4, 5, 7, 8]],
    // nested reference paths, names in any case
    ["company/name = \"acme corp\"", [1, 3, 7]],
    ["Company/Identifier = 'Globex'", [2, 6]],
    ["BOARD/NAME = \"Alerts\"", [4, 7]],
    ["status/id = 12", [3, 6]],
    ["company/_info/company_href contains 'companies'", [1, 3, 7]],
    // keywords in any case
    ["summary CONTAINS \"slow\" AnD closedFlag = false", [5]],
    ["summary NOT LIKE \"*vpn*\" and board/id IN (1)", [3, 5, 8]],
    // no spaces around symbolic operators
    ["closedFlag=false and board/id=1", [1, 5, 8]],
    ["status/name!='New'", [2, 3, 5, 6, 7]],
    ["id<=2 or id>=8", [1, 2, 8]],
    ["(id=1)or(id=2)", [1, 2]],
    // ordering on strings is lexicographic, case-insensitive
    ["company/name < \"B\"", [1, 3, 7]],
    ["summary >= \"v\"", [1, 6]],
    // flattened strings and arrays of objects (any element)
    ["resources contains 'jsmith'", [1, 3, 6, 8]],
    ["customFields/caption = \"Outage ID\"", [3, 5]],
    // empty means no filter
    ["", ALL_TICKETS],
    ["   ", ALL_TICKETS],
    ["  id = 1  ", [1]],
  ])("%s → %j", (conditions, expected) => {
    expect(ids(tickets, compileConditions(conditions, ticketModel))).toEqual(expected);
  });
});

describe("conditions with case-sensitive strings", () => {
  it.each<[string, number[]]>([
    ["summary contains \"vpn\"", [6]],
    ["summary = \"VPN down at HQ\"", [1]],
    ["summary = \"vpn down at hq\"", []],
    ["status/name in (\"new\")", []],
    ["summary like \"vpn*\"", [6]],
  ])("%s → %j", (conditions, expected) => {
    expect(ids(tickets, compileConditions(conditions, ticketModel, { caseSensitive: true }))).toEqual(expected);
  });
});

describe("conditions through an array match when any element does", () => {
  it.each<[string, number[]]>([
    ["communicationItems/value like \"john@*\"", [1, 2]],
    // Each comparison may pick a different element: Jane's john@ address is a fax number, yet she matches.
    ["communicationItems/value like \"john@*\" and communicationItems/communicationType = \"Email\"", [1, 2]],
    ["communicationItems/type/name = \"Fax\"", [2]],
    ["communicationItems/defaultFlag = true and inactiveFlag = false", [1, 2]],
    // An empty or missing array reads as one missing value.
    ["communicationItems/value = null", [3, 4]],
    ["company/name = 'Acme Corp' and communicationItems/communicationType = 'Phone'", [1]],
  ])("%s → %j", (conditions, expected) => {
    expect(ids(contacts, compileConditions(conditions, contactModel))).toEqual(expected);
  });
});

describe("childConditions bind every path of an array to the same element", () => {
  it.each<[string, number[]]>([
    ["communicationItems/value like \"john@Outlook.com\" AND communicationItems/communicationType=\"Email\"", [1]],
    // Jane has a john@ address and an email item, but not in the same element.
    ["communicationItems/value like \"john@*\" AND communicationItems/communicationType=\"Email\"", [1]],
    ["communicationItems/value like \"john@*\"", [1, 2]],
    ["communicationItems/communicationType = \"Fax\" or communicationItems/value contains \"outlook\"", [1, 2]],
    ["communicationItems/communicationType = \"Phone\" and communicationItems/value contains \"john\"", []],
    ["communicationItems/type/name = \"Email\" and communicationItems/defaultFlag = true", [1, 2]],
    // No element, no match: Bob's list is empty and Alice has none.
    ["communicationItems/value != null", [1, 2]],
    ["firstName = \"Jane\" and communicationItems/communicationType = \"Fax\"", [2]],
    ["", [1, 2, 3, 4]],
  ])("contacts: %s → %j", (conditions, expected) => {
    expect(ids(contacts, compileChildConditions(conditions, contactModel))).toEqual(expected);
  });

  it.each<[string, number[]]>([
    ["types/id = 4", [100]],
    ["types/id = 4 and types/name = \"Partner\"", []],
    ["types/id = 4 or types/name = \"Partner\"", [100]],
    ["types/id in (5, 7)", [100, 101]],
    ["types/name like \"p*\"", [100, 101]],
  ])("companies: %s → %j", (conditions, expected) => {
    expect(ids(companies, compileChildConditions(conditions, companyModel))).toEqual(expected);
  });

  it("matches the same string with conditions, where each comparison may use its own element", () => {
    expect(ids(companies, compileConditions("types/id = 4 and types/name = \"Partner\"", companyModel))).toEqual([100]);
  });
});

describe("customFieldConditions match when one custom field satisfies the whole expression", () => {
  it.each<[string, number[]]>([
    ["caption=\"VIP\" AND value=true", [1, 6]],
    ["caption = 'VIP' and value = false", [2, 7]],
    ["caption=\"Contract Number\" AND value != null", [1, 7]],
    ["caption=\"Contract Number\" AND value = null", [2]],
    ["value contains \"C-\"", [1, 7]],
    ["value like \"c-*\"", [1, 7]],
    ["caption = \"Outage ID\" and value = 123", [3]],
    ["caption = \"Outage ID\" and value > 123", [5]],
    ["caption = \"Outage ID\" and value in (123, 124)", [3, 5]],
    ["caption = \"Go-live\" and value >= [2025-03-01]", [6]],
    ["CAPTION = \"vip\"", [1, 2, 6, 7]],
    ["type = \"Number\"", [3, 5]],
    ["caption = \"VIP\" and caption = \"Contract Number\"", []],
    ["", ALL_TICKETS],
  ])("%s → %j", (conditions, expected) => {
    expect(ids(tickets, compileCustomFieldConditions(conditions))).toEqual(expected);
  });
});

const TYPE_HELP =
  "String values should be enclosed with double or single quotes; DateTime values should be enclosed in square " +
  "brackets; numbers should consist of only digits, and optionally a decimal point and a negation sign; boolean " +
  "values should be indicated with the keywords true or false; null values should be indicated by the keyword null.";
const mismatch = (expected: string, got: string) => `Expected a ${expected} value, not a ${got}. ${TYPE_HELP}`;

describe("refuses conditions ConnectWise would refuse", () => {
  it.each<[string, string]>([
    // unknown names, as typed
    ["assignedTo/id = 163", "assignedTo/id is not a recognized name."],
    ["resources/identifier = 'jsmith'", "resources/identifier is not a recognized name."],
    ["Board/Nope = 1", "Board/Nope is not a recognized name."],
    ["company = 5", "company is not a recognized name."],
    ["_info = null", "_info is not a recognized name."],
    ["id = 1 and owner/identifier = 'x'", "owner/identifier is not a recognized name."],
    // type mismatches
    ["closedFlag = 1", mismatch("boolean", "numeric")],
    ["board/id = \"1\"", mismatch("numeric", "string")],
    ["requiredDate > \"2025-01-01\"", mismatch("datetime", "string")],
    ["summary = 5", mismatch("string", "numeric")],
    ["summary = true", mismatch("string", "boolean")],
    ["budgetHours > [2025-01-01]", mismatch("numeric", "datetime")],
    ["closedFlag in (true, 0)", mismatch("boolean", "numeric")],
    ["id contains \"5\"", mismatch("numeric", "string")],
    // syntax
    ["summary = \"vpn", 'Invalid conditions at position 11 (near "\\"vpn"): the string starting here is never closed; end it with " (write \\" for a quote inside it).'],
    ["summary = 'vpn down", "Invalid conditions at position 11 (near \"'vpn\"): the string starting here is never closed; end it with ' (write \\' for a quote inside it)."],
    ["(id = 1 or id = 2", 'Invalid conditions at position 18 (at the end): expected ")" to close the "(" at position 1.'],
    ["(id = 1 or id = 2 id = 3)", 'Invalid conditions at position 19 (near "id"): expected "and", "or" or ")" before "id".'],
    ["id = 1)", 'Invalid conditions at position 7 (near ")"): this ")" has no matching "("; remove it, or add the "(" it closes.'],
    ["()", 'Invalid conditions at position 2 (near ")"): the parentheses are empty; put a condition inside them.'],
    ["summary == \"x\"", 'Invalid conditions at position 9 (near "=="): unknown operator "=="; use =, !=, <, <=, >, >=, contains, like or in (contains, like and in may follow not).'],
    ["summary <> \"x\"", 'Invalid conditions at position 9 (near "<>"): unknown operator "<>"; use =, !=, <, <=, >, >=, contains, like or in (contains, like and in may follow not).'],
    ["summary equals \"x\"", 'Invalid conditions at position 9 (near "equals"): unknown operator "equals"; use =, !=, <, <=, >, >=, contains, like or in (contains, like and in may follow not).'],
    ["summary", 'Invalid conditions at position 8 (at the end): expected an operator after "summary": =, !=, <, <=, >, >=, contains, like or in (contains, like and in may follow not).'],
    ["summary not = \"x\"", 'Invalid conditions at position 13 (near "="): expected contains, like or in after "not".'],
    ["summary contains 5", 'Invalid conditions at position 18 (near "5"): expected a quoted string after "contains", e.g. contains "vpn".'],
    ["id = 1 and", 'Invalid conditions at position 11 (at the end): expected a condition after "and", such as summary contains "vpn".'],
    ["id = 1 and or id = 2", 'Invalid conditions at position 12 (near "or"): expected a condition after "and", such as summary contains "vpn".'],
    ["or id = 1", 'Invalid conditions at position 1 (near "or"): expected a condition, such as summary contains "vpn".'],
    ["id = 1 id = 2", 'Invalid conditions at position 8 (near "id"): expected "and" or "or" before "id".'],
    ["summary =", 'Invalid conditions at position 10 (at the end): expected a value after "=": a quoted string, a number, true, false, null or a [datetime].'],
    ["id = 1 and summary = and id = 2", 'Invalid conditions at position 22 (near "and"): and is not a value; put strings in quotes ("and"), datetimes in brackets ([2025-01-31]), or use a number, true, false or null.'],
    ["summary = vpn", 'Invalid conditions at position 11 (near "vpn"): vpn is not a value; put strings in quotes ("vpn"), datetimes in brackets ([2025-01-31]), or use a number, true, false or null.'],
    ["id in ()", 'Invalid conditions at position 8 (near ")"): the list after "in" is empty; give at least one value, e.g. in (1, 2).'],
    ["id in (1, 2", 'Invalid conditions at position 12 (at the end): expected ")" to close the list that starts at position 7.'],
    ["id in (1 2)", 'Invalid conditions at position 10 (near "2"): expected "," or ")" in the list after "in".'],
    ["id in 1, 2", 'Invalid conditions at position 7 (near "1"): expected "(" after "in", e.g. in (1, 2, 3).'],
    ["id in (1, )", 'Invalid conditions at position 11 (near ")"): expected a value after ",": a quoted string, a number, true, false, null or a [datetime].'],
    ["dateEntered > [2025-13-01]", 'Invalid conditions at position 15 (near "[2025-13-01]"): [2025-13-01] is not a valid datetime; write [yyyy-mm-dd] or [yyyy-mm-ddThh:mm:ssZ] (UTC), e.g. [2025-01-31T17:00:00Z].'],
    ["dateEntered > [2025-01-01", 'Invalid conditions at position 15 (near "[2025-01-01"): [2025-01-01 is not a valid datetime; write [yyyy-mm-dd] or [yyyy-mm-ddThh:mm:ssZ] (UTC), e.g. [2025-01-31T17:00:00Z].'],
    ["dateEntered > [2025-01-01T10:00Z]", 'Invalid conditions at position 15 (near "[2025-01-01T10:00Z]"): [2025-01-01T10:00Z] is not a valid datetime; write [yyyy-mm-dd] or [yyyy-mm-ddThh:mm:ssZ] (UTC), e.g. [2025-01-31T17:00:00Z].'],
    ["dateEntered > [01/31/2025]", 'Invalid conditions at position 15 (near "[01/31/2025]"): [01/31/2025] is not a valid datetime; write [yyyy-mm-dd] or [yyyy-mm-ddThh:mm:ssZ] (UTC), e.g. [2025-01-31T17:00:00Z].'],
    ["id = 1.2.3", 'Invalid conditions at position 6 (near "1.2.3"): 1.2.3 is not a number; numbers are digits with an optional minus sign and decimal point, e.g. -12 or 3.5.'],
    ["id = 12abc", 'Invalid conditions at position 6 (near "12abc"): 12abc is not a number; numbers are digits with an optional minus sign and decimal point, e.g. -12 or 3.5.'],
    ["summary = \"x\" ; id = 1", 'Invalid conditions at position 15 (near ";"): unexpected character ";"; strings go in quotes, datetimes in [brackets].'],
    ["board/ = 1", 'Invalid conditions at position 1 (near "board/"): expected a field name after "/" in board/.'],
  ])("%s", (conditions, message) => {
    const attempt = () => compileConditions(conditions, ticketModel);
    expect(attempt).toThrow(ConditionError);
    expect(attempt).toThrow(expect.objectContaining({ code: "ApiFindCondition", message }));
  });

  it.each<[string, () => unknown, string]>([
    ["childConditions", () => compileChildConditions("types/foo = 1", companyModel), "types/foo is not a recognized name."],
    ["childConditions", () => compileChildConditions("types = 4", companyModel), "types is not a recognized name."],
    ["customFieldConditions", () => compileCustomFieldConditions("label = \"x\""), "label is not a recognized name."],
    ["customFieldConditions", () => compileCustomFieldConditions("caption = 5"), mismatch("string", "numeric")],
    ["customFieldConditions", () => compileCustomFieldConditions("caption = \"VIP\" and"), 'Invalid conditions at position 20 (at the end): expected a condition after "and", such as summary contains "vpn".'],
  ])("%s refuses what conditions refuse (%s)", (_kind, attempt, message) => {
    expect(attempt).toThrow(expect.objectContaining({ code: "ApiFindCondition", message }));
  });
});

describe("parseConditions", () => {
  it("binds AND tighter than OR", () => {
    expect(parseConditions("a = 1 or b = 2 AND c = 3")).toEqual({
      kind: "or",
      items: [
        { kind: "comparison", path: "a", segments: ["a"], operator: "=", negated: false, value: { kind: "number", value: 1 } },
        {
          kind: "and",
          items: [
            { kind: "comparison", path: "b", segments: ["b"], operator: "=", negated: false, value: { kind: "number", value: 2 } },
            { kind: "comparison", path: "c", segments: ["c"], operator: "=", negated: false, value: { kind: "number", value: 3 } },
          ],
        },
      ],
    });
  });

  it("reads every kind of value, including in-lists and not", () => {
    expect(parseConditions("Board/ID not in (-12, 3.5, 'x', True, null, [2025-01-01T10:00:00Z])")).toEqual({
      kind: "comparison",
      path: "Board/ID",
      segments: ["Board", "ID"],
      operator: "in",
      negated: true,
      value: [
        { kind: "number", value: -12 },
        { kind: "number", value: 3.5 },
        { kind: "string", value: "x" },
        { kind: "boolean", value: true },
        { kind: "null" },
        { kind: "datetime", value: Date.UTC(2025, 0, 1, 10), text: "[2025-01-01T10:00:00Z]" },
      ],
    });
  });

  it("checks syntax without a model", () => {
    expect(() => parseConditions("nosuchfield = 1")).not.toThrow();
  });
});

describe("schemaFieldModel", () => {
  it.each<[string, { type: string; path: string[] } | undefined]>([
    ["BOARD/name", { type: "string", path: ["board", "name"] }],
    ["company/ID", { type: "number", path: ["company", "id"] }],
    ["company", { type: "object", path: ["company"] }],
    ["closedFlag", { type: "boolean", path: ["closedFlag"] }],
    ["requiredDate", { type: "datetime", path: ["requiredDate"] }],
    ["closedDate", { type: "string", path: ["closedDate"] }],
    ["dateEntered", { type: "datetime", path: ["_info", "dateEntered"] }],
    ["_info/LASTUPDATED", { type: "datetime", path: ["_info", "lastUpdated"] }],
    ["customFields", { type: "array", path: ["customFields"] }],
    ["customFields/Value", { type: "any", path: ["customFields", "value"] }],
    ["summary/x", undefined],
    ["board/dateEntered", undefined],
    ["assignedTo", undefined],
  ])("resolves %s", (path, expected) => {
    const field = ticketModel.resolve(path.split("/"));
    expect(field && { type: field.type, path: field.path }).toEqual(expected);
  });

  it("reads every value reached through an array", () => {
    const field = contactModel.resolve(["communicationItems", "type", "name"]);
    expect(field?.read(contacts[1])).toEqual(["Email", "Fax"]);
  });
});
