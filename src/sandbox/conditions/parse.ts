/**
 * Conditions text → syntax tree (research §3.1). AND binds tighter than OR, as in SQL; parentheses
 * group; keywords are case-insensitive. Names are not checked here: that needs the record model.
 */
import { syntaxError } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";

export type Literal =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "datetime"; value: number; text: string }
  | { kind: "null" };

export type Operator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "contains" | "like" | "in";

export interface Comparison {
  kind: "comparison";
  /** The path as typed, for error messages. */
  path: string;
  segments: string[];
  operator: Operator;
  /** `not contains`, `not like`, `not in`. */
  negated: boolean;
  /** One literal, or the list of an `in`. */
  value: Literal | Literal[];
}

export type ConditionNode = { kind: "and" | "or"; items: ConditionNode[] } | Comparison;

/** What an empty conditions string means: no filter. */
const EVERYTHING: ConditionNode = { kind: "and", items: [] };

const SYMBOLIC = new Set(["=", "!=", "<", "<=", ">", ">="]);
const OPERATOR_LIST = "=, !=, <, <=, >, >=, contains, like or in (contains, like and in may follow not)";
/** How deep parentheses may nest: far beyond any real filter, well within the stack (the parser recurses per level). */
export const MAX_NESTING = 100;

export function parseConditions(text: string): ConditionNode {
  if (text.trim() === "") return EVERYTHING;
  return new Parser(text).parse();
}

class Parser {
  private readonly tokens: Token[];
  private at = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): ConditionNode {
    const node = this.or();
    const next = this.peek();
    if (next.kind === ")") throw this.error(next, `this ")" has no matching "("; remove it, or add the "(" it closes.`);
    if (next.kind !== "end") throw this.error(next, `expected "and" or "or" before ${quoted(next)}.`);
    return node;
  }

  private or(): ConditionNode {
    const items = [this.and()];
    while (this.isKeyword(this.peek(), "or")) {
      this.take();
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }

  private and(): ConditionNode {
    const items = [this.factor()];
    while (this.isKeyword(this.peek(), "and")) {
      this.take();
      items.push(this.factor());
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }

  private factor(): ConditionNode {
    const token = this.peek();
    if (token.kind === "(") {
      this.take();
      if (this.peek().kind === ")") throw this.error(this.peek(), `the parentheses are empty; put a condition inside them.`);
      if (++this.depth > MAX_NESTING) {
        throw this.error(token, `parentheses nest more than ${MAX_NESTING} deep here; remove the ones that group nothing.`);
      }
      const node = this.or();
      this.depth--;
      const close = this.peek();
      if (close.kind === ")") {
        this.take();
        return node;
      }
      if (close.kind === "end") throw this.error(close, `expected ")" to close the "(" at position ${token.index + 1}.`);
      throw this.error(close, `expected "and", "or" or ")" before ${quoted(close)}.`);
    }
    if (token.kind === "word" && !this.isKeyword(token, "and") && !this.isKeyword(token, "or")) return this.comparison(token);
    throw this.error(token, `expected a condition${this.after()}, such as summary contains "vpn".`);
  }

  private comparison(path: Token & { kind: "word" }): Comparison {
    this.take();
    const node = (operator: Operator, negated: boolean, value: Literal | Literal[]): Comparison => ({
      kind: "comparison",
      path: path.text,
      segments: path.segments,
      operator,
      negated,
      value,
    });
    const token = this.peek();
    if (token.kind === "operator") {
      if (!SYMBOLIC.has(token.text)) throw this.error(token, `unknown operator ${quoted(token)}; use ${OPERATOR_LIST}.`);
      this.take();
      return node(token.text as Operator, false, this.value());
    }
    if (token.kind !== "word" || this.isKeyword(token, "and") || this.isKeyword(token, "or")) {
      throw this.error(token, `expected an operator after "${path.text}": ${OPERATOR_LIST}.`);
    }
    this.take();
    let negated = false;
    let word = token;
    if (this.isKeyword(token, "not")) {
      negated = true;
      const next = this.peek();
      if (next.kind !== "word" || !["contains", "like", "in"].some((k) => this.isKeyword(next, k))) {
        throw this.error(next, `expected contains, like or in after "not".`);
      }
      word = this.take() as Token & { kind: "word" };
    }
    const keyword = word.text.toLowerCase();
    if (keyword === "contains" || keyword === "like") {
      const value = this.peek();
      if (value.kind !== "string") throw this.error(value, `expected a quoted string after "${word.text}", e.g. ${keyword} "vpn".`);
      this.take();
      return node(keyword, negated, { kind: "string", value: value.value });
    }
    if (keyword === "in") return node("in", negated, this.list(word));
    throw this.error(word, `unknown operator ${quoted(word)}; use ${OPERATOR_LIST}.`);
  }

  private list(keyword: Token): Literal[] {
    const open = this.peek();
    if (open.kind !== "(") throw this.error(open, `expected "(" after "${keyword.text}", e.g. in (1, 2, 3).`);
    this.take();
    if (this.peek().kind === ")") throw this.error(this.peek(), `the list after "${keyword.text}" is empty; give at least one value, e.g. in (1, 2).`);
    const values = [this.value()];
    for (;;) {
      const next = this.peek();
      if (next.kind === ")") {
        this.take();
        return values;
      }
      if (next.kind === "end") throw this.error(next, `expected ")" to close the list that starts at position ${open.index + 1}.`);
      if (next.kind !== ",") throw this.error(next, `expected "," or ")" in the list after "${keyword.text}".`);
      this.take();
      values.push(this.value());
    }
  }

  private value(): Literal {
    const token = this.peek();
    switch (token.kind) {
      case "string":
      case "number":
        this.take();
        return { kind: token.kind, value: token.value } as Literal;
      case "datetime":
        this.take();
        return { kind: "datetime", value: token.value, text: token.text };
      case "word": {
        const word = token.text.toLowerCase();
        if (word === "true" || word === "false") {
          this.take();
          return { kind: "boolean", value: word === "true" };
        }
        if (word === "null") {
          this.take();
          return { kind: "null" };
        }
        throw this.error(
          token,
          `${token.text} is not a value; put strings in quotes ("${token.text}"), datetimes in brackets ([2025-01-31]), ` +
            "or use a number, true, false or null.",
        );
      }
      default:
        throw this.error(token, `expected a value${this.after()}: a quoted string, a number, true, false, null or a [datetime].`);
    }
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private take(): Token {
    return this.tokens[this.at++]!;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === "word" && token.text.toLowerCase() === keyword;
  }

  /** ` after "="`: the token before the current one, to say what is missing where. */
  private after(): string {
    const previous = this.tokens[this.at - 1];
    return previous ? ` after "${previous.text}"` : "";
  }

  private error(token: Token, problem: string) {
    return syntaxError(this.text, token.index, problem, token.text.length);
  }
}

function quoted(token: Token): string {
  return JSON.stringify(token.text);
}
