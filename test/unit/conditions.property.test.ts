/**
 * Property-based tests of the conditions language (issue #12, hardening): the sandbox's lexer, parser and
 * compiler (src/sandbox/conditions), and the client-side rewrite every conditions string gets before it is
 * sent (normaliseConditionDates, applied by validateQuery in src/calls/validate.ts).
 *
 * - Any text either parses or fails with a ConditionError that says where (position, token) and what to do;
 *   never a TypeError, RangeError or stack overflow, however deep the parentheses.
 * - Text generated from the grammar always parses, and its predicate is total (a boolean for any record)
 *   and compositional: `a and b` is both, `a or b` either, `in (…)` a chain of `=`, `!=`/`not …` the complement.
 * - The client-side rewrite keeps the meaning: what the sandbox accepts it still accepts after the rewrite,
 *   with the same tree (datetimes to the whole second); impossible dates are never rolled into real ones.
 *   validateQuery does not check the syntax (ConnectWise does), so "what it passes, the parser parses" is
 *   not promised; what is promised is that it never fails on a conditions string and only rewrites dates.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EndpointRow } from "../../src/catalogue/catalogue.js";
import { validateQuery } from "../../src/calls/validate.js";
import { CwApiError } from "../../src/http/errors.js";
import { normaliseConditionDates } from "../../src/http/timestamps.js";
import {
  compileChildConditions,
  compileConditions,
  compileCustomFieldConditions,
  ConditionError,
  parseConditions,
  type ConditionNode,
  type FieldModel,
  type Predicate,
} from "../../src/sandbox/conditions/index.js";
import { MAX_NESTING } from "../../src/sandbox/conditions/parse.js";
import { SandboxModel } from "../../src/sandbox/model.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { builtCatalogue } from "../helpers/catalogue.js";
import { fc, FC_SEED } from "../helpers/property.js";
import { sandbox } from "../helpers/sandbox.js";

// ------------------------------------------------------------------------------------------------------
// The world: the ticket model from the real catalogue, and the sandbox's seeded tickets.

let sb: Sandbox;
let tickets: Record<string, unknown>[];
let ticketModel: FieldModel;
let listTickets: EndpointRow;

beforeAll(async () => {
  sb = await sandbox();
  tickets = sb.store.table("/service/tickets").list() as Record<string, unknown>[];
  const catalogue = builtCatalogue();
  ticketModel = new SandboxModel(catalogue).forTable("/service/tickets").fields;
  listTickets = catalogue.endpoints().find((e) => e.method === "GET" && e.path === "/service/tickets")!;
});
afterAll(async () => {
  await sb?.close();
});

// ------------------------------------------------------------------------------------------------------
// Errors: what every failure must look like.

const ERROR_SHAPE = /^Invalid conditions at position (\d+) \((?:near ("(?:[^"\\]|\\.)*")|at the end)\): (.+)$/s;
/** Each syntax message says what to write instead; one of these phrasings is how it says it. */
const ACTIONABLE = /expected|\buse\b|\bput\b|\bgive\b|\bwrite\b|end it with|\bremove\b|\be\.g\.|go in quotes|such as/;
const CRASH = /TypeError|RangeError|ReferenceError|Maximum call stack|Cannot read properties|is not a function|\n\s+at /;

/** A syntax error: a ConditionError naming the 1-based position and the token there, and what to change. */
function expectSyntaxError(text: string, err: unknown): void {
  if (!(err instanceof ConditionError)) throw new Error(`not a ConditionError for ${JSON.stringify(text.slice(0, 200))}: ${String((err as Error)?.stack ?? err)}`);
  expect(err.code).toBe("ApiFindCondition");
  const m = ERROR_SHAPE.exec(err.message);
  if (!m) throw new Error(`badly formed message for ${JSON.stringify(text.slice(0, 200))}: ${err.message}`);
  const position = Number(m[1]);
  expect(position).toBeGreaterThanOrEqual(1);
  expect(position).toBeLessThanOrEqual(text.length + 1);
  if (m[2] === undefined) {
    expect(text.slice(position - 1).trim()).toBe("");
  } else {
    const near = JSON.parse(m[2]) as string;
    expect(near.length).toBeGreaterThan(0);
    const at = text.slice(position - 1);
    // The excerpt is clipped to 20 characters with an ellipsis.
    const ok = at.startsWith(near) || (near.endsWith("…") && at.startsWith(near.slice(0, -1)));
    if (!ok) throw new Error(`the excerpt ${m[2]} is not at position ${position} of ${JSON.stringify(text.slice(0, 200))}`);
  }
  expect(m[3]).toMatch(ACTIONABLE);
  expectNoJunk(text, err.message);
}

/** No "undefined", "[object Object]" or "NaN" in a message unless the caller typed it. */
function expectNoJunk(text: string, message: string): void {
  for (const junk of ["undefined", "[object Object]", "NaN"]) {
    if (message.includes(junk) && !text.includes(junk)) throw new Error(`"${junk}" in the message for ${JSON.stringify(text)}: ${message}`);
  }
  expect(message).not.toMatch(CRASH);
}

/** Parse, or fail well; the tree when it parses. */
function parseOrFailWell(text: string): ConditionNode | undefined {
  try {
    const node = parseConditions(text);
    expect(["and", "or", "comparison"]).toContain(node.kind);
    return node;
  } catch (err) {
    expectSyntaxError(text, err);
    return undefined;
  }
}

/** Compile against the ticket model, or fail with one of the three ConditionErrors ConnectWise has. */
function compileOrFailWell(text: string, compile: (text: string) => Predicate): Predicate | undefined {
  try {
    return compile(text);
  } catch (err) {
    if (!(err instanceof ConditionError)) throw new Error(`not a ConditionError for ${JSON.stringify(text.slice(0, 200))}: ${String((err as Error)?.stack ?? err)}`);
    if (err.message.startsWith("Invalid conditions")) expectSyntaxError(text, err);
    else expect(err.message).toMatch(/^(?:\S.* is not a recognized name\.|Expected an? (?:string|numeric|boolean|datetime) value, not an? (?:string|numeric|boolean|datetime)\. String values should be enclosed)/s);
    expectNoJunk(text, err.message);
    return undefined;
  }
}

// ------------------------------------------------------------------------------------------------------
// Generators: the grammar, type-aware, so that what is generated is valid against the ticket model.

type Kind = "number" | "string" | "boolean" | "datetime" | "datestring" | "any";
interface Field {
  path: string;
  kind: Kind;
  /** The path passes through an array (any element will do). */
  array?: boolean;
}

const TICKET_FIELDS: Field[] = [
  { path: "id", kind: "number" },
  { path: "board/id", kind: "number" },
  { path: "budgetHours", kind: "number" },
  { path: "actualHours", kind: "number" },
  { path: "priority/sort", kind: "number" },
  { path: "summary", kind: "string" },
  { path: "status/name", kind: "string" },
  { path: "board/name", kind: "string" },
  { path: "company/identifier", kind: "string" },
  { path: "severity", kind: "string" },
  { path: "contactEmailAddress", kind: "string" },
  { path: "closedDate", kind: "datestring" },
  { path: "closedFlag", kind: "boolean" },
  { path: "approved", kind: "boolean" },
  { path: "lastUpdated", kind: "datetime" },
  { path: "dateEntered", kind: "datetime" },
  { path: "_info/lastUpdated", kind: "datetime" },
  { path: "requiredDate", kind: "datetime" },
  { path: "customFields/value", kind: "any", array: true },
  { path: "customFields/caption", kind: "string", array: true },
  { path: "customFields/id", kind: "number", array: true },
];

/** customFieldConditions: names are a custom field's own. */
const CUSTOM_FIELDS: Field[] = [
  { path: "id", kind: "number" },
  { path: "caption", kind: "string" },
  { path: "type", kind: "string" },
  { path: "entryMethod", kind: "string" },
  { path: "numberOfDecimals", kind: "number" },
  { path: "value", kind: "any" },
  { path: "connectWiseId", kind: "string" },
];

interface Lit {
  kind: "string" | "number" | "boolean" | "datetime" | "null";
  text: string;
}

/** Characters that stress quoting and like patterns, plus any character at all. */
const STRING_CHAR = fc.oneof(
  fc.constantFrom('"', "'", "\\", "*", "%", "[", "]", "^", "-", "_", " ", "/", "(", ")", "a", "B", "é", "ß", "İ", "😀"),
  fc.string({ minLength: 1, maxLength: 1 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const stringValue = fc.array(STRING_CHAR, { maxLength: 10 }).map((chars) => chars.join(""));

/** A quoted string: backslash escapes the quote and itself (src/sandbox/conditions/lexer.ts). */
function quote(value: string, q: '"' | "'"): string {
  return q + value.replace(/\\/g, "\\\\").replaceAll(q, `\\${q}`) + q;
}
const stringLit: fc.Arbitrary<Lit> = fc.tuple(stringValue, fc.constantFrom<'"' | "'">('"', "'")).map(([v, q]) => ({ kind: "string", text: quote(v, q) }));
const numberLit: fc.Arbitrary<Lit> = fc
  .tuple(fc.boolean(), fc.oneof(fc.integer({ min: 0, max: 20 }), fc.nat({ max: 2_000_000_000 })), fc.option(fc.stringMatching(/^\d{1,4}$/), { nil: undefined }))
  .map(([negative, whole, fraction]) => ({ kind: "number", text: `${negative ? "-" : ""}${whole}${fraction === undefined ? "" : `.${fraction}`}` }));
const booleanLit: fc.Arbitrary<Lit> = fc.constantFrom("true", "false", "TRUE", "False").map((text) => ({ kind: "boolean", text }));
const nullLit: fc.Arbitrary<Lit> = fc.constantFrom("null", "NULL", "Null").map((text) => ({ kind: "null", text }));
const MIN_DATE = new Date("0001-01-01T00:00:00Z");
const MAX_DATE = new Date("9999-12-31T23:59:59.999Z");
const datetimeLit: fc.Arbitrary<Lit> = fc
  .tuple(fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true }), fc.constantFrom("date", "seconds", "secondsZ", "millisZ", "millis"))
  .map(([d, form]) => {
    const iso = d.toISOString();
    const body = form === "date" ? iso.slice(0, 10) : form === "seconds" ? iso.slice(0, 19) : form === "secondsZ" ? `${iso.slice(0, 19)}Z` : form === "millis" ? iso.slice(0, 23) : iso;
    return { kind: "datetime", text: `[${body}]` };
  });

/** The literal kinds a field of each kind may be compared with (src/sandbox/conditions/match.ts). */
function literalFor(kind: Kind): fc.Arbitrary<Lit> {
  switch (kind) {
    case "number":
      return fc.oneof({ weight: 5, arbitrary: numberLit }, { weight: 1, arbitrary: nullLit });
    case "string":
      return fc.oneof({ weight: 5, arbitrary: stringLit }, { weight: 1, arbitrary: nullLit });
    case "datestring":
      return fc.oneof({ weight: 3, arbitrary: stringLit }, { weight: 3, arbitrary: datetimeLit }, { weight: 1, arbitrary: nullLit });
    case "boolean":
      return fc.oneof({ weight: 5, arbitrary: booleanLit }, { weight: 1, arbitrary: nullLit });
    case "datetime":
      return fc.oneof({ weight: 5, arbitrary: datetimeLit }, { weight: 1, arbitrary: nullLit });
    case "any":
      return fc.oneof(stringLit, numberLit, booleanLit, datetimeLit, nullLit);
  }
}

const SYMBOLIC = ["=", "!=", "<", "<=", ">", ">="] as const;
type Op = (typeof SYMBOLIC)[number] | "contains" | "like" | "in" | "not contains" | "not like" | "not in";

interface Cmp {
  kind: "cmp";
  field: Field;
  op: Op;
  values: Lit[];
  text: string;
}
interface Group {
  kind: "and" | "or";
  items: Tree[];
  keyword: string;
}
interface Paren {
  kind: "paren";
  child: Tree;
  pad: string;
}
type Tree = Cmp | Group | Paren;

const SPACE = fc.constantFrom(" ", " ", " ", "  ", "\t", "\n");
const GAP = fc.constantFrom("", "", " ", "  ");
/** Names match case-insensitively. */
const casing = (word: string) => fc.constantFrom(word, word.toUpperCase(), word.charAt(0).toUpperCase() + word.slice(1));
const keyword = (word: string) => casing(word);

/** `opText` is the operator as written (any case, any spacing after not). */
function renderCmp(field: string, op: Op, opText: string, values: Lit[], gaps: { a: string; b: string; space: string }): string {
  if (op === "in" || op === "not in") {
    return `${field}${gaps.space}${opText}${gaps.b}(${gaps.a}${values.map((v) => v.text).join(`${gaps.a},${gaps.b}`)}${gaps.a})`;
  }
  if ((SYMBOLIC as readonly string[]).includes(op)) return `${field}${gaps.a}${opText}${gaps.b}${values[0]!.text}`;
  return `${field}${gaps.space}${opText}${gaps.space}${values[0]!.text}`;
}

function comparisonOf(fields: Field[], only?: (op: Op) => boolean): fc.Arbitrary<Cmp> {
  return fc.constantFrom(...fields).chain((field) => {
    const textual = field.kind === "string" || field.kind === "datestring" || field.kind === "any";
    const all: Op[] = [...SYMBOLIC, "in", "not in", ...(textual ? (["contains", "like", "not contains", "not like"] as const) : [])];
    const ops = all.filter((op) => !only || only(op));
    return fc.constantFrom(...ops).chain((op) => {
      const values =
        op === "in" || op === "not in"
          ? fc.array(literalFor(field.kind), { minLength: 1, maxLength: 4 })
          : op.endsWith("contains") || op.endsWith("like")
            ? stringLit.map((v) => [v])
            : literalFor(field.kind).map((v) => [v]);
      const name = fc.tuple(...field.path.split("/").map(casing)).map((segments) => segments.join("/"));
      const words = /^[a-z ]+$/.test(op);
      const opText = words ? fc.tuple(fc.tuple(...op.split(" ").map(keyword)), SPACE).map(([w, space]) => w.join(space)) : fc.constant<string>(op);
      return fc.record({ name, opText, values, a: GAP, b: GAP, space: SPACE }).map(({ name, opText, values, a, b, space }) => ({
        kind: "cmp" as const,
        field,
        op,
        values,
        text: renderCmp(name, op, opText, values, { a, b, space }),
      }));
    });
  });
}

function treeOf(fields: Field[]): fc.Arbitrary<Tree> {
  const comparison = comparisonOf(fields);
  return fc.letrec<{ node: Tree; group: Group; paren: Paren }>((tie) => ({
    node: fc.oneof({ maxDepth: 4, depthSize: "small" }, comparison, tie("group"), tie("paren")),
    group: fc.record({
      kind: fc.constantFrom<"and" | "or">("and", "or"),
      items: fc.array(tie("node"), { minLength: 2, maxLength: 3 }),
      keyword: fc.constantFrom("lower", "upper", "title"),
    }),
    paren: fc.record({ kind: fc.constant<"paren">("paren"), child: tie("node"), pad: GAP }),
  })).node;
}

/** Text for a tree; an `or` inside an `and` gets the parentheses precedence needs. */
function render(tree: Tree): string {
  switch (tree.kind) {
    case "cmp":
      return tree.text;
    case "paren":
      return `(${tree.pad}${render(tree.child)}${tree.pad})`;
    default: {
      const word = tree.keyword === "upper" ? tree.kind.toUpperCase() : tree.keyword === "title" ? tree.kind.charAt(0).toUpperCase() + tree.kind.slice(1) : tree.kind;
      return tree.items.map((item) => (tree.kind === "and" && item.kind === "or" ? `(${render(item)})` : render(item))).join(` ${word} `);
    }
  }
}

/** What the tree means, from its comparisons compiled one at a time. */
function meaning(tree: Tree, compileOne: (text: string) => Predicate, record: unknown): boolean {
  switch (tree.kind) {
    case "cmp":
      return compileOne(tree.text)(record);
    case "paren":
      return meaning(tree.child, compileOne, record);
    case "and":
      return tree.items.every((item) => meaning(item, compileOne, record));
    case "or":
      return tree.items.some((item) => meaning(item, compileOne, record));
  }
}

function comparisons(tree: Tree): Cmp[] {
  return tree.kind === "cmp" ? [tree] : tree.kind === "paren" ? comparisons(tree.child) : tree.items.flatMap(comparisons);
}

const cache = new Map<string, Predicate>();
function memo(key: string, make: () => Predicate): Predicate {
  let p = cache.get(key);
  if (!p) cache.set(key, (p = make()));
  return p;
}
const ticketPredicate = (text: string) => memo(`c:${text}`, () => compileConditions(text, ticketModel));

// Records: seeded tickets, tickets with hostile values in the fields conditions read, and anything at all.

const HOSTILE_KEYS = ["id", "summary", "status", "board", "company", "priority", "closedFlag", "closedDate", "approved", "budgetHours", "requiredDate", "_info", "customFields", "severity"];
const PROTO_KEYS = fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "id", "name", "value", "_info");
const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  fc.object({ key: PROTO_KEYS, maxDepth: 2 }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, "", " ", "2025-02-30T00:00:00Z", "true", "42", "  42 ", "9999-12-31T23:59:59Z", "0050-01-01"),
);
const customField = fc.record(
  { id: fc.oneof(fc.integer(), hostileValue), caption: fc.oneof(stringValue, hostileValue), value: fc.oneof(fc.jsonValue(), hostileValue), type: fc.constantFrom("Text", "Number", "Date", "Checkbox") },
  { requiredKeys: [] },
);
const ticketIndex = fc.nat({ max: 499 });
function records(): fc.Arbitrary<unknown> {
  const seeded = ticketIndex.map((i) => tickets[i % tickets.length]);
  const hostile = fc
    .tuple(ticketIndex, fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), hostileValue, { maxKeys: 4 }), fc.option(fc.array(customField, { maxLength: 4 }), { nil: undefined }))
    .map(([i, overrides, customFields]) => ({ ...tickets[i % tickets.length], ...overrides, ...(customFields ? { customFields } : {}) }));
  return fc.oneof({ weight: 3, arbitrary: seeded }, { weight: 4, arbitrary: hostile }, { weight: 1, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.object({ key: PROTO_KEYS }) });
}

/**
 * The regular expression a like pattern stood for before the matcher was written by hand (the oracle for
 * ASCII text, where case folding is the same either way).
 */
function likeRegexSource(pattern: string): string {
  const escape = (t: string) => t.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
  let source = "";
  for (let i = 0; i < pattern.length; ) {
    const c = pattern.charAt(i);
    const close = c === "[" ? pattern.indexOf("]", i + 2) : -1;
    if (c === "*" || c === "%") {
      source += "[\\s\\S]*";
      i++;
    } else if (close > 0) {
      const body = pattern.slice(i + 1, close);
      const negated = body.startsWith("^") && body.length > 1;
      const members = negated ? body.slice(1) : body;
      let out = "";
      for (let j = 0; j < members.length; j++) {
        const range = members.charAt(j) === "-" && j > 0 && j < members.length - 1 && members.charCodeAt(j - 1) <= members.charCodeAt(j + 1);
        out += range ? "-" : escape(members.charAt(j));
      }
      source += `[${negated ? "^" : ""}${out}]`;
      i = close + 1;
    } else {
      source += escape(c);
      i++;
    }
  }
  return source;
}

// Near-valid text: valid text with a few mutations, and token soup.

type Mutation = { kind: "drop" | "quote" | "insert" | "duplicate" | "swap" | "truncate" | "paren"; at: number; char: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation["kind"]>("drop", "quote", "insert", "duplicate", "swap", "truncate", "paren"),
  at: fc.nat(),
  char: fc.constantFrom('"', "'", "\\", "[", "]", "(", ")", ",", "=", "!", "<", ">", "-", ".", "/", " ", "a", "0", "Z", "\u0000", "é", "\uD800"),
});

function mutate(text: string, mutations: Mutation[]): string {
  let s = text;
  for (const m of mutations) {
    const i = s.length === 0 ? 0 : m.at % (s.length + 1);
    switch (m.kind) {
      case "drop":
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case "quote":
        s = s.slice(0, i) + (m.at % 2 ? '"' : "'") + s.slice(i);
        break;
      case "insert":
        s = s.slice(0, i) + m.char + s.slice(i);
        break;
      case "duplicate": {
        // Double an operator (or, with none, the character there).
        const ops = [...s.matchAll(/!=|<=|>=|[=<>]|\b(?:and|or|not|in|like|contains)\b/gi)];
        const op = ops.length ? ops[m.at % ops.length]! : undefined;
        s = op ? s.slice(0, op.index) + op[0] + (/\w/.test(op[0]) ? " " : "") + s.slice(op.index) : s.slice(0, i) + s.charAt(i) + s.slice(i);
        break;
      }
      case "swap":
        s = i + 1 < s.length ? s.slice(0, i) + s.charAt(i + 1) + s.charAt(i) + s.slice(i + 2) : s;
        break;
      case "truncate":
        s = s.slice(0, i);
        break;
      case "paren":
        s = s.slice(0, i) + (m.at % 2 ? "(" : ")") + s.slice(i);
        break;
    }
  }
  return s;
}

const TOKENS = [
  "and", "or", "not", "in", "like", "contains", "AND", "Or", "NOT", "(", ")", ",", "=", "!=", "<", "<=", ">", ">=", "==", "=!", "<>",
  "id", "status/name", "closedFlag", "board/", "/name", "_info/lastUpdated", "customFields/value", "x1", "1x", "-", "--1", "1.", ".5", "1.2.3",
  '"text"', "'te\\'xt'", '"unclosed', "'", '"', "\\", '"a\\"', "[2025-01-31]", "[2025-01-31T17:00:00Z]", "[2025-02-30]", "[", "]", "[]", "[x]",
  "true", "false", "null", "NULL", "42", "-7", "3.5", "0", "  ", "\t", "\n", "é", "😀", "\u0000", "$", "@", "#", "&&", "||",
];
const tokenSoup = fc.tuple(fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }), fc.constantFrom(" ", "")).map(([tokens, sep]) => tokens.join(sep));

function nearValid(fields: Field[]): fc.Arbitrary<string> {
  return fc.tuple(treeOf(fields).map(render), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([text, ms]) => mutate(text, ms));
}

/** Every kind of text the properties throw at the parser. */
function anyText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: "binary", maxLength: 80 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(..."()[],\"'\\=!<>-./ :TZ0123456789abdinorltx_".split("")), maxLength: 60 }),
    tokenSoup,
    nearValid(TICKET_FIELDS),
    treeOf(TICKET_FIELDS).map(render),
  );
}

// ------------------------------------------------------------------------------------------------------

describe(`the conditions parser on any text (fast-check seed ${FC_SEED})`, () => {
  it("returns a tree or throws a ConditionError that names the position and token and says what to change", () => {
    fc.assert(
      fc.property(anyText(), (text) => {
        parseOrFailWell(text);
      }),
      { numRuns: 3000 },
    );
  });

  it("compiles against the ticket model or fails with ConnectWise's errors; what compiles evaluates to a boolean", () => {
    fc.assert(
      fc.property(anyText(), fc.array(records(), { minLength: 1, maxLength: 3 }), (text, rs) => {
        for (const compile of [
          (t: string) => compileConditions(t, ticketModel),
          (t: string) => compileChildConditions(t, ticketModel),
          (t: string) => compileCustomFieldConditions(t),
          (t: string) => compileConditions(t, ticketModel, { caseSensitive: true }),
        ]) {
          const predicate = compileOrFailWell(text, compile);
          if (predicate) for (const r of rs) expect(typeof predicate(r)).toBe("boolean");
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("fails cleanly on parentheses nested 10,000 deep, closed or not, and parses them up to the limit", () => {
    const n = 10_000;
    const cases = [
      "(".repeat(n) + "id = 1" + ")".repeat(n),
      "(".repeat(n),
      ")".repeat(n),
      "(".repeat(n) + "id = 1",
      "id = 1" + ")".repeat(n),
      "(id = 1 and ".repeat(n) + "id = 2" + ")".repeat(n),
      "(id = 1 or (".repeat(n) + "id = 2" + "))".repeat(n),
      "id in " + "(".repeat(n) + "1" + ")".repeat(n),
      "(".repeat(n) + ")".repeat(n),
    ];
    for (const text of cases) {
      const node = parseOrFailWell(text);
      expect(node, text.slice(0, 40)).toBeUndefined();
      compileOrFailWell(text, (t) => compileConditions(t, ticketModel));
    }
    const deepest = "(".repeat(MAX_NESTING) + "id = 1" + ")".repeat(MAX_NESTING);
    expect(compileConditions(deepest, ticketModel)({ id: 1 })).toBe(true);
    const tooDeep = "(".repeat(MAX_NESTING + 1) + "id = 1" + ")".repeat(MAX_NESTING + 1);
    expect(() => parseConditions(tooDeep)).toThrow(`Invalid conditions at position ${MAX_NESTING + 1} (near "("): parentheses nest more than ${MAX_NESTING} deep here; remove the ones that group nothing.`);
    // Long but flat is fine: 20,000 comparisons joined by and/or compile and evaluate.
    const flat = Array.from({ length: 20_000 }, (_, i) => `id = ${i}`).join(" or ");
    expect(compileConditions(flat, ticketModel)({ id: 19_999 })).toBe(true);
  });

  it("handles huge input in linear time: 200,000-character strings, names, numbers and garbage", () => {
    const big = 200_000;
    const cases = [
      `summary = "${"x".repeat(big)}"`,
      `summary like "${"*a".repeat(big / 2)}"`,
      `summary = "${"\\".repeat(big)}`,
      `${"a".repeat(big)} = 1`,
      `id = ${"9".repeat(big)}`,
      `id = ${"9".repeat(big)}x`,
      `lastUpdated > [${"2".repeat(big)}`,
      "[".repeat(big),
      '"'.repeat(big + 1),
      "id = 1 and ".repeat(big / 10),
      "\u0000".repeat(big),
      "😀".repeat(big / 2),
      // Backtracking bait for a regex-based like: 12 wildcards, no b in the records.
      `summary like "${"*a".repeat(12)}*b"`,
      `summary like "${"%[a-z]".repeat(500)}%b" or summary contains "${"a".repeat(big)}"`,
    ];
    const records = [...tickets.slice(0, 20), { summary: "a".repeat(60) }, { summary: "a".repeat(5_000) }];
    const started = performance.now();
    for (const text of cases) {
      const predicate = compileOrFailWell(text, (t) => compileConditions(t, ticketModel));
      if (predicate) for (const r of records) expect(typeof predicate(r)).toBe("boolean");
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe(`conditions generated from the grammar (fast-check seed ${FC_SEED})`, () => {
  it("always parse and compile against the ticket model", () => {
    fc.assert(
      fc.property(treeOf(TICKET_FIELDS), (tree) => {
        const text = render(tree);
        expect(() => parseConditions(text)).not.toThrow();
        expect(() => compileConditions(text, ticketModel)).not.toThrow();
        expect(() => compileChildConditions(text, ticketModel)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });

  it("evaluate to a boolean for any record, and mean what their parts mean (and: all, or: any, and before or)", () => {
    fc.assert(
      fc.property(treeOf(TICKET_FIELDS), fc.array(records(), { minLength: 1, maxLength: 5 }), (tree, rs) => {
        const predicate = compileConditions(render(tree), ticketModel);
        for (const r of rs) {
          const got = predicate(r);
          expect(typeof got).toBe("boolean");
          expect(got).toBe(meaning(tree, ticketPredicate, r));
        }
      }),
      { numRuns: 600 },
    );
  });

  it("a and b matches iff both match; a or b matches whatever a matches, and whatever b does", () => {
    const tree = treeOf(TICKET_FIELDS);
    fc.assert(
      fc.property(tree, tree, records(), (a, b, r) => {
        const [ta, tb] = [render(a), render(b)];
        const pa = ticketPredicate(ta)(r);
        const pb = ticketPredicate(tb)(r);
        expect(compileConditions(`(${ta}) and (${tb})`, ticketModel)(r)).toBe(pa && pb);
        expect(compileConditions(`(${ta}) or (${tb})`, ticketModel)(r)).toBe(pa || pb);
        if (pa) expect(compileConditions(`(${ta}) or (${tb})`, ticketModel)(r)).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it("!= and not contains / not like / not in are the exact complements of =, contains, like, in (fields outside arrays)", () => {
    const scalarFields = TICKET_FIELDS.filter((f) => !f.array);
    const negatable = (op: Op) => op === "=" || op === "contains" || op === "like" || op === "in";
    fc.assert(
      fc.property(comparisonOf(scalarFields, negatable), fc.array(records(), { minLength: 1, maxLength: 5 }), fc.boolean(), (cmp, rs, caseSensitive) => {
        const negated = cmp.op === "=" ? cmp.text.replace(/=/, "!=") : cmp.text.replace(/^(\S+)(\s+)/, "$1$2not ");
        const positive = compileConditions(cmp.text, ticketModel, { caseSensitive });
        const negative = compileConditions(negated, ticketModel, { caseSensitive });
        for (const r of rs) expect(negative(r)).toBe(!positive(r));
      }),
      { numRuns: 800 },
    );
  });

  it("< and >=, > and <= never both hold (fields outside arrays)", () => {
    const scalarFields = TICKET_FIELDS.filter((f) => !f.array);
    const COMPLEMENT: Record<string, string> = { "<": ">=", ">=": "<", ">": "<=", "<=": ">" };
    fc.assert(
      fc.property(comparisonOf(scalarFields, (op) => op in COMPLEMENT), fc.array(records(), { minLength: 1, maxLength: 5 }), (cmp, rs) => {
        const other = cmp.text.replace(/<=|>=|<|>/, (op) => COMPLEMENT[op]!);
        const p = compileConditions(cmp.text, ticketModel);
        const q = compileConditions(other, ticketModel);
        for (const r of rs) expect(p(r) && q(r)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("f in (a, b, …) matches iff f = a or f = b or …", () => {
    fc.assert(
      fc.property(comparisonOf(TICKET_FIELDS, (op) => op === "in"), fc.array(records(), { minLength: 1, maxLength: 5 }), fc.boolean(), (cmp, rs, caseSensitive) => {
        const name = /^\S+/.exec(cmp.text)![0];
        const chain = cmp.values.map((v) => `${name} = ${v.text}`).join(" or ");
        const inList = compileConditions(cmp.text, ticketModel, { caseSensitive });
        const eqChain = compileConditions(chain, ticketModel, { caseSensitive });
        for (const r of rs) expect(inList(r)).toBe(eqChain(r));
      }),
      { numRuns: 500 },
    );
  });

  it("like agrees with the regular expression it stands for (ASCII), and without wildcards means =", () => {
    const patternChar = fc.constantFrom("a", "b", "A", "*", "%", "[", "]", "^", "-", "_", ".", "\\", "?", "(", "+", "z", "0");
    const classToken = fc.constantFrom("[a]", "[A]", "[a-c]", "[B-Z]", "[^a]", "[^A-B]", "[[]", "[]]", "[-a]", "[a-]", "[z-a]", "[!--]", "[^]", "[a-b-c]");
    const pattern = fc.array(fc.oneof(patternChar, classToken), { maxLength: 8 }).map((cs) => cs.join(""));
    const text = fc.array(fc.constantFrom("a", "b", "A", "B", "[", "]", "^", "-", "_", ".", "\\", "?", "z", "0", "%", "*"), { maxLength: 12 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 6 }), fc.boolean(), (like, texts, caseSensitive) => {
        const predicate = compileConditions(`summary like ${quote(like, '"')}`, ticketModel, { caseSensitive });
        const oracle = new RegExp(`^${likeRegexSource(like)}$`, caseSensitive ? "" : "i");
        for (const summary of texts) expect(predicate({ summary }), `${like} / ${summary}`).toBe(oracle.test(summary));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(stringValue.filter((v) => !/[*%[]/.test(v)), fc.array(fc.oneof(stringValue, fc.constantFrom("a", "A", "ǅ", "ǆ", "K", "k", "İ", "i", "ß")), { minLength: 1, maxLength: 5 }), fc.boolean(), (value, summaries, caseSensitive) => {
        const like = compileConditions(`summary like ${quote(value, "'")}`, ticketModel, { caseSensitive });
        const equal = compileConditions(`summary = ${quote(value, "'")}`, ticketModel, { caseSensitive });
        for (const summary of [value, value.toUpperCase(), value.toLowerCase(), ...summaries]) expect(like({ summary })).toBe(equal({ summary }));
      }),
      { numRuns: 1000 },
    );
  });

  it("= agrees with the order: a value equal to the literal is <= and >= it, and contains it", () => {
    const odd = fc.constantFrom("a", "A", "ǅ", "ǆ", "Ǆ", "K", "k", "İ", "i", "ı", "I", "ß", "ẞ", "Σ", "σ", "ς", "😀");
    const text = fc.array(fc.oneof(odd, STRING_CHAR), { maxLength: 6 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(text, text, fc.boolean(), (value, summary, caseSensitive) => {
        const at = (op: string) => compileConditions(`summary ${op} ${quote(value, '"')}`, ticketModel, { caseSensitive })({ summary });
        if (at("=")) {
          expect(at("<=") && at(">=") && at("contains") && at("like") === !/[*%[]/.test(value)).toBe(true);
          expect(compileConditions(`summary in (${quote(value, '"')}, "~")`, ticketModel, { caseSensitive })({ summary })).toBe(true);
        } else {
          expect(at("<") || at(">")).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("customFieldConditions: a record matches iff one of its custom fields satisfies the whole expression", () => {
    fc.assert(
      fc.property(treeOf(CUSTOM_FIELDS), fc.array(records(), { minLength: 1, maxLength: 4 }), (tree, rs) => {
        const predicate = compileCustomFieldConditions(render(tree));
        const one = (text: string) => memo(`cf:${text}`, () => compileCustomFieldConditions(text));
        for (const r of rs) {
          const fields = typeof r === "object" && r !== null ? (r as { customFields?: unknown }).customFields : undefined;
          const expected = Array.isArray(fields) && fields.some((f) => meaning(tree, one, { customFields: [f] }));
          expect(predicate(r)).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("childConditions: a record matches iff one element of the array makes the whole expression true", () => {
    fc.assert(
      fc.property(treeOf(TICKET_FIELDS), fc.array(records(), { minLength: 1, maxLength: 4 }), (tree, rs) => {
        const predicate = compileChildConditions(render(tree), ticketModel);
        const throughArray = comparisons(tree).some((c) => c.field.array);
        for (const r of rs) {
          let expected: boolean;
          if (!throughArray) {
            expected = meaning(tree, ticketPredicate, r);
          } else {
            const elements = typeof r === "object" && r !== null ? (r as { customFields?: unknown }).customFields : undefined;
            expected = Array.isArray(elements) && elements.some((e) => meaning(tree, ticketPredicate, { ...(r as object), customFields: [e] }));
          }
          expect(predicate(r)).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });
});

// ------------------------------------------------------------------------------------------------------
// The client side: validateQuery rewrites datetime literals (normaliseConditionDates) and nothing else.

/** The tree with datetimes as ConnectWise gets them after the rewrite: whole seconds, text aside. */
function canonical(node: ConditionNode): unknown {
  return JSON.parse(
    JSON.stringify(node, (key, value: unknown) => {
      if (key === "text") return undefined;
      if (value && typeof value === "object" && (value as { kind?: string }).kind === "datetime") {
        const v = (value as { value: number }).value;
        return { kind: "datetime", value: Math.floor(v / 1000) * 1000 };
      }
      return value;
    }),
  );
}

describe(`the client-side rewrite against the sandbox parser (fast-check seed ${FC_SEED})`, () => {
  it("keeps every accepted conditions string accepted, with the same tree (datetimes to the second)", () => {
    fc.assert(
      fc.property(fc.oneof(anyText(), treeOf(TICKET_FIELDS).map(render), treeOf(CUSTOM_FIELDS).map(render)), (text) => {
        const before = parseOrFailWell(text);
        const rewritten = normaliseConditionDates(text);
        if (before === undefined) return;
        const after = parseOrFailWell(rewritten);
        if (after === undefined) throw new Error(`accepted ${JSON.stringify(text)} but not its rewrite ${JSON.stringify(rewritten)}`);
        expect(canonical(after)).toEqual(canonical(before));
      }),
      { numRuns: 3000 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.oneof(anyText(), treeOf(TICKET_FIELDS).map(render)), (text) => {
        const once = normaliseConditionDates(text);
        expect(normaliseConditionDates(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it("turns a date it rewrites into the same instant, and never rolls an impossible date into a real one", () => {
    const parts = fc.record({
      year: fc.integer({ min: 1, max: 9998 }),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 61 }),
      second: fc.integer({ min: 0, max: 61 }),
      fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
      zone: fc.oneof(fc.constant(""), fc.constant("Z"), fc.record({ sign: fc.constantFrom("+", "-"), hours: fc.integer({ min: 0, max: 14 }), minutes: fc.constantFrom(0, 30, 45), colon: fc.boolean() })),
      form: fc.constantFrom("date", "hm", "hms"),
      separator: fc.constantFrom("T", " "),
    });
    const pad = (n: number, w = 2) => String(n).padStart(w, "0");
    fc.assert(
      fc.property(parts, (p) => {
        const zone = typeof p.zone === "string" ? p.zone : `${p.zone.sign}${pad(p.zone.hours)}${p.zone.colon ? ":" : ""}${pad(p.zone.minutes)}`;
        const date = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
        const body =
          p.form === "date"
            ? date
            : `${date}${p.separator}${pad(p.hour)}:${pad(p.minute)}${p.form === "hms" ? `:${pad(p.second)}${p.fraction !== undefined ? `.${p.fraction}` : ""}` : ""}${zone}`;
        const text = `lastUpdated > [${body}]`;
        const rewritten = normaliseConditionDates(text);
        // The truth, from the parts: a real day and time of day, and its instant (to the whole second).
        const d = new Date(0);
        d.setUTCFullYear(p.year, p.month - 1, p.day);
        const second = p.form === "hms" ? p.second : 0;
        const [hour, minute] = p.form === "date" ? [0, 0] : [p.hour, p.minute];
        const real = d.getUTCMonth() === p.month - 1 && d.getUTCDate() === p.day && hour <= 23 && minute <= 59 && second <= 59;
        d.setUTCHours(hour, minute, second, 0);
        const offset = typeof p.zone === "string" || p.form === "date" ? 0 : (p.zone.sign === "+" ? 1 : -1) * (p.zone.hours * 60 + p.zone.minutes);
        const instant = d.getTime() - offset * 60_000;
        const node = parseOrFailWell(rewritten);
        if (!real) {
          expect(node, `${text} → ${rewritten}`).toBeUndefined();
          return;
        }
        expect(node, `${text} → ${rewritten}`).toBeDefined();
        const value = (node as { value: { kind: string; value: number } }).value;
        expect(value.kind).toBe("datetime");
        expect(new Date(value.value).toISOString()).toBe(new Date(instant).toISOString());
      }),
      { numRuns: 3000 },
    );
  });

  it("validateQuery passes any conditions string through the rewrite and fails only with CwApiError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyText(), fc.string({ unit: "binary", maxLength: 300 })), fc.constantFrom("conditions", "childConditions", "customFieldConditions", "Conditions"), async (text, key) => {
        try {
          const out = await validateQuery(listTickets, { [key]: text });
          const name = key === "Conditions" ? "conditions" : key;
          if (text === "") expect(out).toEqual({});
          else expect(out[name]).toBe(normaliseConditionDates(text));
        } catch (err) {
          if (!(err instanceof CwApiError)) throw err;
          expect(err.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
