/**
 * Property-based tests of every tool's input handling (issue #12, hardening), end to end: the built server
 * over stdio against an in-process sandbox. For each tool from tools/list, arguments are generated from its
 * inputSchema — schema-shaped with hostile values (wrong types, 100,000-character and odd unicode strings,
 * numbers as strings, arrays for scalars, deep nesting, __proto__/constructor keys, unknown keys) and plain
 * arbitrary JSON — and every call must come back as a well-formed answer: no transport or protocol crash, and
 * an error that is not a stack trace, names a field or says what to do. The servers must keep answering and
 * their stderr must show no unhandled rejection or uncaught exception.
 *
 * Nothing is written: one server runs with CW_READ_ONLY=true and gets anything, confirm included; the other
 * (so that write tools get past the read-only gate to their own checks) never sees a `confirm` key, so its
 * writes stay previews. The sandbox's request log must show GETs only. CW_CHROMIUM_PATH points nowhere, so
 * cw_report and cw_discover_report can never start a browser; they get a few runs each.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, McpError, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it } from "vitest";
import { envFor, startServer, type RunningServer } from "../helpers/mcp.js";
import { assertProperty, fc, FC_SEED } from "../helpers/property.js";
import { sandbox } from "../helpers/sandbox.js";

/** Runs per tool: schema-shaped hostile arguments on the read-only server, arbitrary JSON, and (write tools) on the writable one. */
const RUNS = { hostile: 80, arbitrary: 20, writable: 40, browser: 5 };
/** A call that takes longer than this is a hang, not an answer. */
const CALL_TIMEOUT_MS = 20_000;
const BROWSER_TOOLS = new Set(["cw_report", "cw_discover_report"]);

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: Schema | boolean;
};

// ------------------------------------------------------------------------------------------------------
// The world: one sandbox, a read-only server and a writable one, both with their own empty data directory.

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "cw-props-"));
  dirs.push(dir);
  return dir;
};
const sb = await sandbox();
const common = {
  ...envFor(sb),
  CW_CHROMIUM_PATH: join(tmpdir(), "no-such-dir", "chromium-never-started"),
  CW_WEB_USERNAME: "sandbox-admin",
  CW_WEB_PASSWORD: "sandbox-password",
  CW_TIMEZONE: "UTC",
};
const readOnly = await startServer([], { ...common, CW_READ_ONLY: "true", CW_DATA_DIR: tempDir() });
const writable = await startServer([], { ...common, CW_DATA_DIR: tempDir() });
afterAll(async () => {
  await readOnly.close().catch(() => undefined);
  await writable.close().catch(() => undefined);
  await sb.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tools: Tool[] = (await readOnly.client.listTools()).tools;
// Saved queries for cw_api_call {query} to find (the names are among the generated ones).
for (const server of [readOnly, writable]) {
  for (const saved of [
    { name: "tickets", method: "GET", path: "/service/tickets", params: { pageSize: 3, conditions: "closedFlag = false" } },
    { name: "my-saved-query", method: "GET", path: "/company/companies/{id}", params: { id: 1 } },
    { name: "log time", method: "POST", path: "/service/tickets/{parentId}/notes", params: { parentId: 1 }, body: { text: "Called the customer", detailDescriptionFlag: true } },
  ]) {
    const res = await server.client.callTool({ name: "cw_save_query", arguments: saved });
    if (res.isError) throw new Error(`could not save the query ${saved.name}: ${JSON.stringify(res.content)}`);
  }
}

// ------------------------------------------------------------------------------------------------------
// Values: what a field of each name plausibly holds (to get past the schema into the handlers), and hostile ones.

const HUGE = 100_000;
const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "\uD800",
  "\uDFFF\uD800",
  "\u202Eevil\u202C",
  "\u200B",
  "😀".repeat(3),
  "e\u0301",
  "İıß",
  "\r\n",
  "null",
  "undefined",
  "[object Object]",
  "NaN",
  "-1",
  "0",
  "-0",
  "1e309",
  "Infinity",
  "0x10",
  " 42 ",
  "1.5",
  "9007199254740993",
  "true",
  "{}",
  "[]",
  "%00",
  "%2e%2e/",
  "../../etc/passwd",
  "${7*7}",
  "{{constructor.constructor('return process')()}}",
  "<script>alert(1)</script>",
  "'; DROP TABLE tickets; --",
];
const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("x".repeat(HUGE), "😀".repeat(HUGE / 2), "/".repeat(HUGE), "a ".repeat(HUGE / 2), "\\".repeat(HUGE)),
);
const oddNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, -2_147_483_649, 2_147_483_648, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}
/** An object whose own keys are __proto__, constructor, prototype … (JSON.parse makes them own properties). */
const PROTO_OBJECTS = [
  '{"__proto__": {"polluted": true, "isAdmin": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"__proto__": null, "toString": 5, "valueOf": "x", "hasOwnProperty": []}',
  '{"prototype": {}, "__defineGetter__": 1, "then": "x"}',
].map((text) => JSON.parse(text) as unknown);
/** Deeper than any body, short of what JSON.stringify itself can take (about 4,000 levels). */
const DEEP = [nested(65, "x", false), nested(1_000, 1, true), nested(3_000, { id: 1 }, false), nested(3_000, "2025-01-01T10:00:00+02:00", true)];
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  oddNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...PROTO_OBJECTS),
  { weight: 2, arbitrary: fc.constantFrom(...DEEP) },
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.oneof(oddString, oddNumber), { maxLength: 3 }),
  fc.constantFrom([], {}, [[]], [{}], Array.from({ length: 1_000 }, (_, i) => i)),
);

const PATHS = [
  "/service/tickets",
  "/service/tickets/{id}",
  "/service/tickets/1",
  "/service/tickets/1/notes",
  "/service/tickets/count",
  "/service/tickets/search",
  "/service/boards/1/statuses",
  "/company/companies",
  "/company/companies/{id}",
  "/company/contacts",
  "/time/entries",
  "/time/sheets",
  "/finance/agreements",
  "/system/info",
  "/system/members",
  "service/tickets",
  "/service/tickets/",
  "/SERVICE/TICKETS",
  "/service/tickets/-1",
  "/service/tickets/1.5",
  "/service/tickets/NaN",
  "/service/tickets/99999999999999999999",
  "/service/tickets/{id}/notes/{noteId}",
  "/service/tickets/1?conditions=id=1",
  "/service/tickets/1#fragment",
  "/service/tickets/%2e%2e/%2e%2e/system/info",
  "/service/tickets/../../system/members",
  "//evil.example/service/tickets",
  "http://169.254.169.254/latest/meta-data",
  "https://evil.example/v4_6_release/apis/3.0/service/tickets",
  "file:///etc/passwd",
  "/service/tickets/\u0000",
  "/service/tickets/😀",
  "/nope",
];
const CONDITIONS = [
  'closedFlag = false and board/name = "Help Desk"',
  "id = 1",
  'summary contains "vpn" or summary like "*printer*"',
  "lastUpdated > [2026-01-01] and id in (1, 2, 3)",
  "dateEntered >= [2026-02-30]",
  "lastUpdated > [0050-01-01T00:00:00.999+01:00]",
  "id = (",
  "id = 1)",
  "(".repeat(200) + "id = 1" + ")".repeat(200),
  "(".repeat(3_000),
  `summary like "${"*a".repeat(12)}*b"`,
  `summary = "${"x".repeat(3_000)}"`,
  "nosuchfield = 1",
  'closedFlag = "yes"',
  "summary == 'x'",
  "'unterminated",
  'summary contains "\uD83D"',
];
const DATES = ["today", "yesterday", "-7d", "-2w", "+0d", "now", "2026-03-01", "2026-03-16", "2026-03-09T14:30", "2026-02-30", "0000-00-00", "9999-12-31", "-99999d", "+100000d", "2000-01-01", "-1m"];
const PERIODS = ["last_week", "this_week", "2026-03-09", "2026-03-01..2026-03-31", "2026-03-31..2026-03-01", "2026-02-30", "2000-01-01..2100-12-31", "..", "last_year"];
/** Path and query parameters as cw_api_call, cw_save_query and cw_batch_update take them. */
const CALL_PARAMS = fc.oneof(
  fc.constant({}),
  fc.record({ conditions: fc.constantFrom(...CONDITIONS) }),
  fc.record({ conditions: fc.constantFrom(...CONDITIONS), pageSize: fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.constantFrom(0, -1, 1_001, "25", "x")) }),
  fc.record({ orderBy: fc.constantFrom("id desc", "summary asc", "nosuch desc"), fields: fc.constantFrom("id,summary,status/name", "id", "nosuch"), page: fc.integer({ min: -1, max: 5 }) }),
  fc.record({ id: fc.oneof(fc.integer({ min: 1, max: 600 }), fc.constantFrom(0, -1, "1", "abc", 1.5, "\uDE00", "1/2")) }),
  fc.record({ parentId: fc.integer({ min: 1, max: 30 }), id: fc.integer({ min: 1, max: 30 }) }, { requiredKeys: ["parentId"] }),
);
/** What named operations commonly take (cw_operation params). */
const OPERATION_PARAMS = fc.dictionary(
  fc.constantFrom("company", "board", "status", "member", "ticket_id", "id", "start", "end", "text", "summary", "notes", "days", "hours", "conditions", "name", "identifier", "date", "confirm"),
  fc.oneof(fc.constantFrom("Help Desk", "New", "idiaz", "SpanishMossPrecisionMachining", "today", "-7d", "2026-03-01", 1, 5, 0, -1, true), hostileValue),
  { maxKeys: 4 },
);
const NAMES_BY_FIELD: Record<string, fc.Arbitrary<unknown>> = {
  path: fc.constantFrom(...PATHS),
  url: fc.constantFrom("/v2026_1/reports/ar-aging", "http://127.0.0.1:1/x", "http://169.254.169.254/", "file:///etc/passwd", "javascript:alert(1)", "data:text/html,<h1>x</h1>", "//evil.example/x", "/"),
  conditions: fc.constantFrom(...CONDITIONS),
  childConditions: fc.constantFrom(...CONDITIONS, 'customFields/caption = "VIP" and customFields/value = true'),
  customFieldConditions: fc.constantFrom(...CONDITIONS, 'caption = "VIP"', "value = 5"),
  orderBy: fc.constantFrom("id desc", "summary asc", "nosuch desc", "id sideways", "", ",,,", "id desc, summary"),
  fields: fc.constantFrom("id,summary,status/name", "id", "nosuch", ",", "id,,summary", "_info"),
  query: fc.constantFrom("open tickets for a company", "log time", "/service/tickets", "tickets", "x", "my-saved-query"),
  category: fc.constantFrom("service", "company", "Tickets", "Time", "finance", "nosuch", "SERVICE"),
  keyword: fc.constantFrom("open tickets", "time", "agreements", "zzz"),
  name: fc.constantFrom("list_open_tickets", "tickets_by_company", "add_ticket_note", "get_ticket", "no_such_operation", "my query", "Weekly report", "a".repeat(64), "bad/name"),
  id: fc.constantFrom("time-by-member", "open-tickets-by-age", "agreement-summary", "unbilled-time", "no-such-report"),
  member: fc.constantFrom("idiaz", "lcruz", "Isabella Diaz", 1, 2, 999_999, "nobody"),
  start: fc.constantFrom(...DATES),
  end: fc.constantFrom(...DATES),
  period: fc.constantFrom(...PERIODS, ...DATES),
  preview_token: fc.constantFrom("x", "0".repeat(64), "not-a-token"),
  description: fc.constantFrom("For the weekly review", ""),
  businessStart: fc.constantFrom("08:00", "25:99", "8", "x"),
  businessEnd: fc.constantFrom("17:00", "00:00", "-1:00"),
};

/** Values that fit the schema, with field names steering strings towards what the handlers act on. */
function fitting(schema: Schema, name: string | undefined, depth = 0): fc.Arbitrary<unknown> {
  const hint = name !== undefined ? NAMES_BY_FIELD[name] : undefined;
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => fitting(s, name, depth)));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => fitting({ ...schema, type }, name, depth)));
  switch (types[0]) {
    case "string": {
      const plain = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 20, 20) });
      return hint ? fc.oneof({ weight: 4, arbitrary: hint }, { weight: 1, arbitrary: plain }) : plain;
    }
    case "integer": {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : -1_000);
      const max = Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER);
      const range = fc.integer({ min, max: Math.max(min, max) });
      return fc.oneof(fc.constantFrom(min, Math.max(min, max), Math.min(Math.max(min, 1), max)), range);
    }
    case "number": {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1_000;
      const max = schema.maximum ?? 1_000_000;
      const nice = fc.constantFrom(0, 0.1, 0.25, 1, 7.5, 8, 24, 40, 168, 3650).filter((n) => n >= min && n <= max);
      return fc
        .oneof(nice, fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true, noDefaultInfinity: true }))
        .filter((n) => schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum);
    }
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(schema.items ? fitting(schema.items, name, depth + 1) : fc.jsonValue({ maxDepth: 2 }), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case "object": {
      const object = objectOf(schema, depth, (s, n) => fitting(s, n, depth + 1));
      const free = typeof schema.additionalProperties === "object" && !schema.additionalProperties.type && !schema.additionalProperties.anyOf;
      // cw_operation's params: free-form, keyed by the operation's own param names; cw_api_call's: path and query parameters.
      if (name === "params" && !schema.properties && free) return fc.oneof({ weight: 3, arbitrary: OPERATION_PARAMS }, { weight: 1, arbitrary: object });
      if (name === "params" && !schema.properties) return fc.oneof({ weight: 2, arbitrary: CALL_PARAMS }, { weight: 1, arbitrary: object });
      return object;
    }
    default:
      // No type (a request body, an operation's params): a record or an array of them, or any JSON.
      return fc.oneof(
        fc.dictionary(fc.constantFrom("summary", "id", "board", "status", "company", "op", "path", "value", "name", "notes", "confirm"), fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileValue), { maxKeys: 4 }),
        fc.array(fc.record({ op: fc.constantFrom("replace", "add", "remove", "move", "bogus"), path: fc.constantFrom("summary", "status/id", "/summary", "", "__proto__"), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...DEEP)) }), { maxLength: 3 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(...DEEP),
      );
  }
}

/** Optional fields that take the call elsewhere when present (a saved query instead of method and path): rarely given. */
const RARELY = new Set(["query", "preview_token", "sheet_ids", "override_sheet_ids"]);
/** Optional in the schema, needed in practice (cw_api_call's method and path, unless a saved query is run): usually given. */
const USUALLY = new Set(["method", "path"]);

function objectOf(schema: Schema, depth: number, value: (s: Schema, name: string) => fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, s] of Object.entries(properties)) {
    const v = value(s, key);
    const absent = RARELY.has(key) ? 5 : key === "body" ? 2 : 1;
    model[key] = required.has(key) ? v : fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: USUALLY.has(key) ? 8 : 1, arbitrary: v });
  }
  const known = fc.record(model).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
  const extra = typeof schema.additionalProperties === "object" && depth < 3
    ? fc.dictionary(fc.oneof(fc.constantFrom("conditions", "pageSize", "page", "id", "orderBy", "fields", "board"), fc.string({ maxLength: 8 })), fitting(schema.additionalProperties, undefined, depth + 1), { maxKeys: 3 })
    : fc.constant({});
  return fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k }));
}

/** A schema-shaped object with hostile values: some fields wrong, some extra, prototype keys among them. */
function hostileArgs(schema: Schema): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const fits = objectOf(schema, 0, (s, n) => fitting(s, n, 1));
  if (properties.length === 0) {
    return fc.oneof(fits, fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("__proto__", "constructor")), hostileValue), { maxLength: 3 }).map((kv) => withOwn({}, kv)));
  }
  const spoiled = fc
    .tuple(fits, fc.array(fc.tuple(fc.constantFrom(...properties.map(([k]) => k)), hostileValue), { minLength: 1, maxLength: 3 }))
    .map(([args, bad]) => ({ ...args, ...Object.fromEntries(bad) }));
  const deepSpoiled = fc.tuple(fits, fc.constantFrom(...properties)).chain(([args, [key, s]]) => deepHostile(s, key).map((v) => ({ ...args, [key]: v })));
  const extras = fc
    .tuple(fits, fc.array(fc.tuple(fc.constantFrom("__proto__", "constructor", "prototype", "toString", "unknown_key", "Path", "CONFIRM", ""), hostileValue), { minLength: 1, maxLength: 3 }))
    .map(([args, more]) => withOwn(args, more));
  const modes = [{ weight: 2, arbitrary: fits }, { weight: 3, arbitrary: spoiled }, { weight: 2, arbitrary: deepSpoiled }, { weight: 1, arbitrary: extras }];
  // Fitting arguments whose free-form JSON (request bodies, batch items' bodies) nests very deep.
  if (hasFreeForm(schema)) modes.push({ weight: 1, arbitrary: fc.tuple(fits, fc.constantFrom(...DEEP)).map(([args, deep]) => deepen(schema, args, deep) as Record<string, unknown>) });
  return fc.oneof(...modes);
}

const isFreeForm = (s: Schema) => s.type === undefined && !s.anyOf && !s.enum;
function hasFreeForm(schema: Schema): boolean {
  return Object.values(schema.properties ?? {}).some((s) => isFreeForm(s) || (s.items !== undefined && hasFreeForm(s.items)));
}
/** `value` with every free-form member the schema declares (and present) set to `deep`. */
function deepen(schema: Schema, value: unknown, deep: unknown): unknown {
  if (Array.isArray(value) && schema.items) return value.map((v) => deepen(schema.items!, v, deep));
  if (!isPlainObject(value) || !schema.properties) return value;
  const out: [string, unknown][] = Object.entries(value).map(([k, v]) => {
    const s = schema.properties![k];
    return [k, s === undefined ? v : isFreeForm(s) ? deep : deepen(s, v, deep)];
  });
  for (const [k, s] of Object.entries(schema.properties)) if (isFreeForm(s) && !(k in value)) out.push([k, deep]);
  return withOwn({}, out);
}

/** One level down: a nested object or array with one member spoiled (params values, batch items, options). */
function deepHostile(schema: Schema, name: string): fc.Arbitrary<unknown> {
  if (schema.type === "object" && (schema.properties || typeof schema.additionalProperties === "object")) {
    return fc
      .tuple(fitting(schema, name, 1), fc.constantFrom(...Object.keys(schema.properties ?? {}), "conditions", "pageSize", "id", "__proto__", "constructor"), hostileValue)
      .map(([v, key, bad]) => withOwn(v as Record<string, unknown>, [[key, bad]]));
  }
  if (schema.type === "array" && schema.items) {
    return fc.tuple(fc.array(fitting(schema.items, name, 2), { minLength: 1, maxLength: 3 }), fc.oneof(hostileValue, deepHostile(schema.items, name))).map(([items, bad]) => [...items, bad]);
  }
  return hostileValue;
}

/** A copy with these own properties set, `__proto__` included (an assignment would set the prototype instead). */
function withOwn(args: Record<string, unknown>, entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of [...Object.entries(args), ...entries]) Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
  return out;
}

/** Any JSON at all as the arguments: not an object, or an object of anything. */
function arbitraryArgs(schema: Schema): fc.Arbitrary<unknown> {
  const names = Object.keys(schema.properties ?? {});
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
    fc.dictionary(fc.constantFrom(...names, "__proto__", "constructor"), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
  );
}

/**
 * The same arguments without a `confirm` key in the first levels (where tools read it: the arguments,
 * cw_operation's params, batch items): what the writable server gets. Deeper values are left as they are.
 */
function withoutConfirm(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => withoutConfirm(v, depth + 1));
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k.toLowerCase() === "confirm") continue;
    out.push([k, withoutConfirm(v, depth + 1)]);
  }
  return withOwn({}, out);
}

// ------------------------------------------------------------------------------------------------------
// What every answer must look like.

const CRASH: [RegExp, string][] = [
  [/\n\s+at [^\n]*(?::\d+:\d+|\(native\)|<anonymous>)/, "a stack trace"],
  [/\b(?:TypeError|ReferenceError|RangeError|SyntaxError|EvalError|AggregateError)\b/, "a JavaScript error name"],
  [/Cannot read propert|Cannot set propert|Cannot convert|is not a function|is not iterable|is not defined|Maximum call stack/, "a JavaScript error message"],
  [/Output validation error|Invalid tools\/call result/, "an answer that breaks the tool's own output schema"],
  [/\bERR_[A-Z_]{4,}\b|\bE(?:CONNREFUSED|CONNRESET|PIPE)\b/, "a Node error code"],
];
/** Tells the caller what to do or what was expected (besides naming a field). */
const ACTIONABLE = /\b(?:use|call|give|set|add|remove|try|pass|check|expected|expects?|must|should|needs?|required|did you mean|valid|one of|at least|at most|lists?|e\.g\.|instead|unset|leave|shorten|supports?|closest|takes|only|has no|its (?:parameters|fields)|write|put|too (?:long|big|many|large|small)|no (?:such|report|endpoint|operation|saved query)|not (?:a|an|found|one of|recognized|allowed|supported))\b/i;

function fieldNames(schema: Schema, into = new Set<string>()): Set<string> {
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    into.add(key);
    fieldNames(s, into);
  }
  if (schema.items) fieldNames(schema.items, into);
  for (const s of schema.anyOf ?? []) fieldNames(s, into);
  return into;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * How the calls ended, per tool: FC_STATS=1 prints it (to see how many get past the schema into the handlers);
 * FC_SAMPLES=1 prints every handler error with its arguments.
 */
const stats = new Map<string, Record<string, number>>();
function tally(tool: string, outcome: "ok" | "schema" | "handler" | "protocol"): void {
  const row = stats.get(tool) ?? { ok: 0, schema: 0, handler: 0, protocol: 0 };
  row[outcome] = (row[outcome] ?? 0) + 1;
  stats.set(tool, row);
}
afterAll(() => {
  if (process.env.FC_STATS) process.stderr.write(`${[...stats].map(([tool, row]) => `${tool}: ${JSON.stringify(row)}`).join("\n")}\n`);
});

/** Every call in these tests goes through here. */
async function callAndCheck(server: RunningServer, tool: Tool, args: unknown): Promise<void> {
  const sent = JSON.stringify(args) ?? "";
  let result: Awaited<ReturnType<RunningServer["client"]["callTool"]>>;
  try {
    result = await server.client.callTool({ name: tool.name, arguments: args as Record<string, unknown> }, undefined, { timeout: CALL_TIMEOUT_MS });
  } catch (err) {
    // The one protocol-level refusal allowed: the SDK's own for arguments that are not an object (a zod
    // report on params.arguments; it comes as -32603, not -32602, because the SDK parses before it validates).
    const sdkRefusal =
      err instanceof McpError &&
      (err.code === ErrorCode.InvalidParams || err.code === ErrorCode.InternalError) &&
      !isPlainObject(args) &&
      /"arguments"/.test(err.message) &&
      /expected record/.test(err.message);
    if (sdkRefusal) return tally(tool.name, "protocol");
    throw new Error(`${tool.name}: the call itself failed (${err instanceof McpError ? `JSON-RPC ${err.code}` : "transport"}): ${err instanceof Error ? err.message : String(err)}`);
  }
  const content = (result.content ?? []) as { type: string; text?: string }[];
  expect(Array.isArray(content), "content is an array").toBe(true);
  const text = content
    .filter((c) => c.type === "text")
    .map((c) => c.text ?? "")
    .join("\n");
  for (const [pattern, what] of CRASH) {
    if (pattern.test(text)) throw new Error(`${tool.name}: the answer holds ${what}:\n${text.slice(0, 1_500)}`);
  }
  tally(tool.name, result.isError !== true ? "ok" : /Input validation error/.test(text) ? "schema" : "handler");
  if (process.env.FC_SAMPLES && result.isError === true && !/Input validation error/.test(text)) process.stderr.write(`SAMPLE ${tool.name} ${sent.slice(0, 200)}\n  → ${text.slice(0, 300).replace(/\n/g, " | ")}\n`);
  if (result.isError !== true) return;
  expect(text.trim().length, `${tool.name}: an error without text`).toBeGreaterThan(0);
  for (const junk of ["undefined", "[object Object]", "NaN"]) {
    // zod's "expected string, received undefined" (a missing field, as the SDK reports it) is not junk.
    const inText = text.replace(/received undefined/g, "").includes(junk);
    if (inText && !sent.includes(junk)) throw new Error(`${tool.name}: "${junk}" in the error:\n${text.slice(0, 1_500)}`);
  }
  const names = [...fieldNames(tool.inputSchema as Schema)];
  const namesField = names.some((n) => text.includes(n));
  if (!namesField && !ACTIONABLE.test(text)) throw new Error(`${tool.name}: the error names no field and says nothing to do:\n${text.slice(0, 1_500)}`);
}

/** A simple call still works: the server survived whatever came before. */
async function expectAlive(server: RunningServer): Promise<void> {
  const res = await server.client.callTool({ name: "cw_api_categories", arguments: {} }, undefined, { timeout: CALL_TIMEOUT_MS });
  expect(res.isError).toBeFalsy();
  expect((res.content as { text: string }[])[0]?.text).toMatch(/^\d+ categories:/);
}

/** Nothing written to ConnectWise, and no request made the sandbox fail. */
function expectNoWritesNoServerErrors(toolName: string): void {
  const writes = sb.requests.filter((r) => r.method !== "GET");
  expect(writes, `${toolName} sent writes`).toEqual([]);
  const failed = sb.requests.filter((r) => r.status >= 500);
  expect(failed, `${toolName}: the sandbox answered 5xx`).toEqual([]);
}

const CRASH_LOG = /Unhandled|unhandledRejection|uncaughtException|TypeError|ReferenceError|RangeError|Maximum call stack/;

// ------------------------------------------------------------------------------------------------------

describe(`every tool's input schema, end to end (fast-check seed ${FC_SEED})`, () => {
  it("lists tools, each with an object input schema", () => {
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) expect(tool.inputSchema.type).toBe("object");
  });

  it.each(tools.map((t) => [t.name, t] as const))("%s: hostile and arbitrary arguments get well-formed answers", async (name, tool) => {
    const schema = tool.inputSchema as Schema;
    const browser = BROWSER_TOOLS.has(name);
    const writes = tool.annotations?.readOnlyHint !== true;
    sb.requests.length = 0;

    await assertProperty(
      `${name} (schema-shaped, hostile, read-only server)`,
      fc.asyncProperty(hostileArgs(schema), (args) => callAndCheck(readOnly, tool, args)),
      { numRuns: browser ? RUNS.browser : RUNS.hostile },
    );
    await expectAlive(readOnly);

    await assertProperty(
      `${name} (arbitrary JSON)`,
      fc.asyncProperty(arbitraryArgs(schema), (args) => callAndCheck(readOnly, tool, args)),
      { numRuns: browser ? RUNS.browser : RUNS.arbitrary },
    );
    await expectAlive(readOnly);

    if (writes) {
      await assertProperty(
        `${name} (schema-shaped, hostile, writable server, no confirm)`,
        fc.asyncProperty(hostileArgs(schema).map(withoutConfirm), (args) => callAndCheck(writable, tool, args)),
        { numRuns: browser ? RUNS.browser : RUNS.writable },
      );
      await expectAlive(writable);
    }

    expectNoWritesNoServerErrors(name);
    for (const server of [readOnly, writable]) {
      const match = CRASH_LOG.exec(server.stderr());
      if (match) throw new Error(`${name}: the server's stderr shows ${match[0]}:\n${server.stderr().slice(Math.max(0, match.index - 500), match.index + 1_500)}`);
    }
  }, 120_000);

  it("leaves both servers answering, their stderr free of unhandled rejections and uncaught exceptions", async () => {
    await expectAlive(readOnly);
    await expectAlive(writable);
    for (const server of [readOnly, writable]) {
      expect(server.stderr()).not.toMatch(CRASH_LOG);
      expect(server.stderr()).toMatch(/ready in \d+ ms/);
    }
  });
});
