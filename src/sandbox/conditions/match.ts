/**
 * One comparison against one value: `(value) => boolean`, built once from the field's type, the operator
 * and the literal (research §3.2). Type checks happen here, at build time, so a mismatch fails the request
 * before any record is read.
 */
import { typeMismatch, type ValueWord } from "./errors.js";
import { parseInstant } from "./instant.js";
import type { FieldType } from "./model.js";
import type { Literal, Operator } from "./parse.js";

export type Matcher = (value: unknown) => boolean;

/** Field types a comparison can apply to: not whole objects or arrays. */
export type ScalarType = Exclude<FieldType, "object" | "array">;

export interface MatchOptions {
  caseSensitive: boolean;
}

type Order = (sign: number) => boolean;

/** `a op b` given the sign of `a - b`; NaN (an unparseable date) satisfies none. */
const ORDER: Record<"=" | "<" | "<=" | ">" | ">=", Order> = {
  "=": (c) => c === 0,
  "<": (c) => c < 0,
  "<=": (c) => c <= 0,
  ">": (c) => c > 0,
  ">=": (c) => c >= 0,
};

const WORD: Record<Literal["kind"], ValueWord | undefined> = {
  string: "string",
  number: "numeric",
  boolean: "boolean",
  datetime: "datetime",
  null: undefined,
};

const FIELD_WORD: Record<ScalarType, ValueWord | undefined> = {
  string: "string",
  number: "numeric",
  boolean: "boolean",
  datetime: "datetime",
  any: undefined,
};

/** The field types each literal kind may be compared with; `any` (free-form values) takes everything. */
const ACCEPTS: Record<Literal["kind"], ScalarType[]> = {
  string: ["string", "any"],
  number: ["number", "any"],
  boolean: ["boolean", "any"],
  // ConnectWise declares some date fields as plain strings (`closedDate`); a [datetime] compares them as dates.
  datetime: ["datetime", "string", "any"],
  null: ["string", "number", "boolean", "datetime", "any"],
};

export function buildMatcher(
  type: ScalarType,
  operator: Operator,
  negated: boolean,
  value: Literal | Literal[],
  options: MatchOptions,
): Matcher {
  const literals = Array.isArray(value) ? value : [value];
  for (const literal of literals) checkType(type, literal);
  let positive: Matcher;
  if (operator === "in") positive = inList(type, literals, options);
  else if (operator === "!=") positive = single(type, "=", literals[0]!, options);
  else positive = single(type, operator, literals[0]!, options);
  return negated || operator === "!=" ? (v) => !positive(v) : positive;
}

function checkType(type: ScalarType, literal: Literal): void {
  if (ACCEPTS[literal.kind].includes(type)) return;
  throw typeMismatch(FIELD_WORD[type]!, WORD[literal.kind]!);
}

function single(type: ScalarType, operator: Exclude<Operator, "!=" | "in">, literal: Literal, options: MatchOptions): Matcher {
  switch (literal.kind) {
    case "null":
      return operator === "=" ? isNull : () => false;
    case "string":
      return stringMatcher(type, textTest(operator, literal.value, options));
    case "number":
      return numberMatcher(type, ORDER[orderOperator(operator)], literal.value);
    case "boolean":
      return booleanMatcher(type, ORDER[orderOperator(operator)], literal.value);
    case "datetime":
      return datetimeMatcher(ORDER[orderOperator(operator)], literal.value);
  }
}

/** contains and like take only quoted strings (the parser sees to it), so other literals see only these. */
function orderOperator(operator: Exclude<Operator, "!=" | "in">): keyof typeof ORDER {
  return operator === "contains" || operator === "like" ? "=" : operator;
}

function isNull(value: unknown): boolean {
  return value === null || value === undefined;
}

function stringMatcher(type: ScalarType, test: (text: string) => boolean): Matcher {
  if (type !== "any") return (v) => typeof v === "string" && test(v);
  return (v) => (typeof v === "string" ? test(v) : typeof v === "number" || typeof v === "boolean" ? test(String(v)) : false);
}

function numberMatcher(type: ScalarType, order: Order, literal: number): Matcher {
  if (type !== "any") return (v) => typeof v === "number" && order(v - literal);
  return (v) => {
    if (typeof v === "number") return order(v - literal);
    // Free-form values hold numbers as text as often as not ("42").
    return typeof v === "string" && v.trim() !== "" && order(Number(v) - literal);
  };
}

function booleanMatcher(type: ScalarType, order: Order, literal: boolean): Matcher {
  const target = Number(literal);
  if (type !== "any") return (v) => typeof v === "boolean" && order(Number(v) - target);
  return (v) => {
    if (typeof v === "boolean") return order(Number(v) - target);
    if (typeof v !== "string") return false;
    const word = v.trim().toLowerCase();
    return (word === "true" || word === "false") && order(Number(word === "true") - target);
  };
}

function datetimeMatcher(order: Order, instant: number): Matcher {
  return (v) => typeof v === "string" && order(parseInstant(v) - instant);
}

function textTest(operator: Exclude<Operator, "!=" | "in">, literal: string, options: MatchOptions): (text: string) => boolean {
  const flags = options.caseSensitive ? "" : "i";
  switch (operator) {
    case "=":
      return regexTest(new RegExp(`^${escapeRegex(literal)}$`, flags));
    case "contains":
      return regexTest(new RegExp(escapeRegex(literal), flags));
    case "like":
      return regexTest(new RegExp(`^${likeSource(literal)}$`, flags));
    default: {
      const order = ORDER[operator];
      return (text) => order(compareText(text, literal, options.caseSensitive));
    }
  }
}

function regexTest(regex: RegExp): (text: string) => boolean {
  return (text) => regex.test(text);
}

/** `in (…)`: one lookup for plain numbers or strings (lists run to hundreds of ids), else any literal. */
function inList(type: ScalarType, literals: Literal[], options: MatchOptions): Matcher {
  if (type === "number" && literals.every((l) => l.kind === "number")) {
    const set = new Set(literals.map((l) => (l as { value: number }).value));
    return (v) => typeof v === "number" && set.has(v);
  }
  if (type === "string" && literals.every((l) => l.kind === "string")) {
    const alternatives = literals.map((l) => escapeRegex((l as { value: string }).value)).join("|");
    return stringMatcher(type, regexTest(new RegExp(`^(?:${alternatives})$`, options.caseSensitive ? "" : "i")));
  }
  const matchers = literals.map((l) => single(type, "=", l, options));
  return (v) => matchers.some((m) => m(v));
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/**
 * A like pattern as a regular expression. `*` and `%` match any run of characters [DOC S1; OBS S9].
 * ConnectWise hands the pattern to SQL Server's LIKE, which is why a literal `[` must be written `[[]`:
 * brackets are character classes (`[abc]`, `[a-c]`, `[^a]`), and `[[]` is the class holding `[`. A `[`
 * with no closing `]` is literal. `_` is literal here: nothing documents it as a wildcard.
 */
export function likeSource(pattern: string): string {
  let source = "";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    const close = c === "[" ? pattern.indexOf("]", i + 2) : -1;
    if (c === "*" || c === "%") {
      source += "[\\s\\S]*";
      i++;
    } else if (close > 0) {
      source += characterClass(pattern.slice(i + 1, close));
      i = close + 1;
    } else {
      source += escapeRegex(c);
      i++;
    }
  }
  return source;
}

function characterClass(body: string): string {
  const negated = body.startsWith("^") && body.length > 1;
  const members = negated ? body.slice(1) : body;
  let out = "";
  for (let i = 0; i < members.length; i++) {
    const c = members.charAt(i);
    const range = c === "-" && i > 0 && i < members.length - 1 && members.charCodeAt(i - 1) <= members.charCodeAt(i + 1);
    out += range ? "-" : escapeRegex(c);
  }
  return `[${negated ? "^" : ""}${out}]`;
}

/** Lexicographic order, folding case unless asked not to; folds without allocating for ASCII text. */
export function compareText(a: string, b: string, caseSensitive: boolean): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y && !caseSensitive) {
      x = fold(a, i, x);
      y = fold(b, i, y);
    }
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

function fold(text: string, i: number, code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  if (code < 128) return code;
  return text.charAt(i).toLowerCase().charCodeAt(0);
}
