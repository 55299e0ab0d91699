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

/**
 * Text comparisons without regular expressions built from the literal: a long literal would make one too
 * large to compile, and a like pattern such as `*a*a*a*a*a*a*a*a*b` would backtrack for seconds per record.
 * Case folds as compareText folds, so `=`, `in`, `contains`, `like` and the orderings agree on what is equal.
 */
function textTest(operator: Exclude<Operator, "!=" | "in">, literal: string, options: MatchOptions): (text: string) => boolean {
  const caseSensitive = options.caseSensitive;
  switch (operator) {
    case "=":
      return (text) => text.length === literal.length && compareText(text, literal, caseSensitive) === 0;
    case "contains": {
      if (caseSensitive) return (text) => text.includes(literal);
      const needle = foldText(literal);
      return (text) => foldText(text).includes(needle);
    }
    case "like":
      return likeTest(literal, caseSensitive);
    default: {
      const order = ORDER[operator];
      return (text) => order(compareText(text, literal, caseSensitive));
    }
  }
}

/** `in (…)`: one lookup for plain numbers or strings (lists run to hundreds of ids), else any literal. */
function inList(type: ScalarType, literals: Literal[], options: MatchOptions): Matcher {
  if (type === "number" && literals.every((l) => l.kind === "number")) {
    const set = new Set(literals.map((l) => (l as { value: number }).value));
    return (v) => typeof v === "number" && set.has(v);
  }
  if (type === "string" && literals.every((l) => l.kind === "string")) {
    const fold = options.caseSensitive ? (text: string) => text : foldText;
    const set = new Set(literals.map((l) => fold((l as { value: string }).value)));
    return stringMatcher(type, (text) => set.has(fold(text)));
  }
  const matchers = literals.map((l) => single(type, "=", l, options));
  return (v) => matchers.some((m) => m(v));
}

/** One position of a like pattern: any run of characters, or one character that must pass `test`. */
type LikeToken = "any" | ((text: string, i: number) => boolean);

/**
 * A like pattern as a matcher. `*` and `%` match any run of characters [DOC S1; OBS S9]. ConnectWise hands
 * the pattern to SQL Server's LIKE, which is why a literal `[` must be written `[[]`: brackets are character
 * classes (`[abc]`, `[a-c]`, `[^a]`), and `[[]` is the class holding `[`. A `[` with no closing `]` is
 * literal. `_` is literal here: nothing documents it as a wildcard. Matching is the classic wildcard walk
 * (back to the last `*` on a mismatch): time proportional to pattern × text at worst, never exponential.
 */
export function likeTest(pattern: string, caseSensitive: boolean): (text: string) => boolean {
  const tokens: LikeToken[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    const close = c === "[" ? pattern.indexOf("]", i + 2) : -1;
    if (c === "*" || c === "%") {
      if (tokens[tokens.length - 1] !== "any") tokens.push("any");
      i++;
    } else if (close > 0) {
      tokens.push(characterClass(pattern.slice(i + 1, close), caseSensitive));
      i = close + 1;
    } else {
      const want = caseSensitive ? pattern.charCodeAt(i) : fold(pattern, i, pattern.charCodeAt(i));
      tokens.push(caseSensitive ? (text, at) => text.charCodeAt(at) === want : (text, at) => fold(text, at, text.charCodeAt(at)) === want);
      i++;
    }
  }
  return (text) => {
    let t = 0;
    let s = 0;
    let star = -1;
    let resume = 0;
    while (s < text.length) {
      const token = tokens[t];
      if (token === "any") {
        star = t++;
        resume = s;
      } else if (token !== undefined && token(text, s)) {
        t++;
        s++;
      } else if (star >= 0) {
        t = star + 1;
        s = ++resume;
      } else {
        return false;
      }
    }
    while (tokens[t] === "any") t++;
    return t === tokens.length;
  };
}

/**
 * `[…]` as a test of one character: members and ranges (`a-c`, where the ends are in order), `^` first to
 * negate. Without case sensitivity a character matches when it, its lower or its upper case is a member.
 */
function characterClass(body: string, caseSensitive: boolean): (text: string, i: number) => boolean {
  const negated = body.startsWith("^") && body.length > 1;
  const members = negated ? body.slice(1) : body;
  const ranges: [number, number][] = [];
  for (let i = 0; i < members.length; i++) {
    const from = members.charCodeAt(i);
    const to = members.charCodeAt(i + 2);
    if (members.charAt(i + 1) === "-" && i + 2 < members.length && from <= to) {
      ranges.push([from, to]);
      i += 2;
    } else {
      ranges.push([from, from]);
    }
  }
  const has = (code: number) => ranges.some(([from, to]) => code >= from && code <= to);
  const member = (c: string) => {
    if (has(c.charCodeAt(0))) return true;
    if (caseSensitive) return false;
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    return (lower.length === 1 && has(lower.charCodeAt(0))) || (upper.length === 1 && has(upper.charCodeAt(0)));
  };
  return (text, i) => member(text.charAt(i)) !== negated;
}

/** Text folded as compareText folds it, one code unit for one. */
function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let out = "";
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(fold(text, i, text.charCodeAt(i)));
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;

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
